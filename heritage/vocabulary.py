"""The one vocabulary of the catalogue: statuses, kinds, event types and their presentation.

Everything that names a category lives here, once. The JSON Schema
(:mod:`heritage.schema`), the documentation table, the map legend and the reports read it
from this module, so a new kind or status is added in exactly one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True)
class Term:
    """One term of a closed vocabulary.

    Attributes
    ----------
    code
        The value written in the catalogue.
    label
        A short English label for people.
    definition
        What the term means, for contributors and readers.
    """

    code: str
    label: str
    definition: str


@dataclass(frozen=True)
class StatusTerm(Term):
    """A condition status with its presentation on maps and in reports.

    Attributes
    ----------
    colour
        Hex colour from the Okabe-Ito palette, which stays distinguishable for the common
        forms of colour blindness.
    shape
        Marker shape, so that status is never told by colour alone.
    """

    colour: str = "#999999"
    shape: str = "circle"


#: Condition statuses, in their display order. ``unknown`` is computed (a site with no
#: dated observation), never written in the catalogue.
STATUS_TERMS: Final[tuple[StatusTerm, ...]] = (
    StatusTerm(
        "intact", "Intact", "Reported standing without visible damage.", "#009E73", "circle"
    ),
    StatusTerm(
        "threatened",
        "Threatened",
        "At risk (front line, announced works, military use) without reported damage yet.",
        "#E69F00",
        "triangle",
    ),
    StatusTerm(
        "damaged", "Damaged", "Partly damaged; the structure still stands.", "#D55E00", "diamond"
    ),
    StatusTerm("destroyed", "Destroyed", "Reported razed, demolished or gone.", "#000000", "cross"),
    StatusTerm(
        "altered",
        "Altered",
        "Changed in character: cross or dome removed, converted, inscriptions removed, "
        "a building placed on the site.",
        "#CC79A7",
        "square",
    ),
    StatusTerm(
        "restored", "Restored", "Reported restored or rebuilt after damage.", "#0072B2", "star"
    ),
)
UNKNOWN_STATUS: Final[StatusTerm] = StatusTerm(
    "unknown", "Unknown", "No dated observation of the site's condition.", "#999999", "ring"
)
STATUSES: Final[tuple[str, ...]] = tuple(t.code for t in STATUS_TERMS)
ALL_STATUSES: Final[tuple[str, ...]] = (*STATUSES, UNKNOWN_STATUS.code)
#: Statuses from the least to the gravest loss: where markers overlap on the map, the
#: gravest is drawn on top, so that a destroyed site is never hidden by restored ones.
STATUS_SEVERITY: Final[tuple[str, ...]] = (
    "unknown", "restored", "intact", "threatened", "altered", "damaged", "destroyed",
)  # fmt: skip
#: Statuses that a ``condition`` event may only assert with at least one source.
DAMAGE_STATUSES: Final[frozenset[str]] = frozenset({"damaged", "destroyed", "altered"})

#: How grave each status is for the monument, to tell a change for the worse from one for the
#: better: intact and restored < threatened < damaged and altered < destroyed. ``unknown`` has
#: no rank: a change from or to it is a first (or lost) observation, neither worse nor better.
SEVERITY: Final[dict[str, int]] = {
    "intact": 0,
    "restored": 0,
    "threatened": 1,
    "damaged": 2,
    "altered": 2,
    "destroyed": 3,
}
#: The meanings of a change of status, in the order reports list them.
DIRECTIONS: Final[tuple[Term, ...]] = (
    Term("worse", "For the worse", "To a graver status (for example intact to damaged)."),
    Term(
        "better",
        "For the better",
        "To a less grave status (from destroyed: only to restored), or to restored.",
    ),
    Term("first", "First observation", "From unknown: the site had no earlier observation."),
    Term(
        "other",
        "Other",
        "Between statuses of the same gravity (damaged to altered), from destroyed to "
        "anything but restored (a revised account), or to unknown.",
    ),
)
#: Colours of the meanings (Okabe-Ito): vermillion for worse, blue for better, grey otherwise.
DIRECTION_COLOURS: Final[dict[str, str]] = {
    "worse": "#D55E00",
    "better": "#0072B2",
    "first": "#5A5A5A",
    "other": "#5A5A5A",
}


def direction(from_status: str | None, to_status: str | None) -> str:
    """Return what a change of status means: ``worse``, ``better``, ``first`` or ``other``.

    Parameters
    ----------
    from_status, to_status
        Status codes (``unknown`` or ``None`` for no observation).

    Returns
    -------
    str
        A code of :data:`DIRECTIONS`. Any change to ``restored`` counts as better; from
        ``destroyed``, nothing else does.
    """
    if from_status not in SEVERITY:
        return "first" if to_status in SEVERITY else "other"
    if to_status not in SEVERITY:
        return "other"
    if to_status == "restored" and from_status != "restored":
        return "better"
    if from_status == "destroyed" and to_status != "destroyed":
        # Nothing but a restoration makes a destroyed site better: a later report of a less
        # grave status (altered: something built on the site; damaged) is a revised account.
        return "other"
    before, after = SEVERITY[from_status], SEVERITY[to_status]
    return "worse" if after > before else "better" if after < before else "other"


def count_change(status: str, change: int) -> str:
    """Return what a change in the number of sites with a status means (``""`` for none).

    More intact or restored sites is better; more threatened, damaged, altered or
    destroyed sites is worse; changes in ``unknown`` mean neither.
    """
    if change == 0 or status not in SEVERITY:
        return ""
    good_when_up = SEVERITY[status] == 0
    return "better" if (change > 0) == good_when_up else "worse"


KIND_TERMS: Final[tuple[Term, ...]] = (
    Term("monastery", "Monastery", "A monastic complex (vank), with its churches and buildings."),
    Term("church", "Church", "A church building."),
    Term("cathedral", "Cathedral", "A cathedral or a church of cathedral rank."),
    Term("chapel", "Chapel", "A chapel or small shrine building."),
    Term("khachkar", "Khachkar", "A cross-stone (khachkar) or a site of cross-stones."),
    Term("cemetery", "Cemetery", "A cemetery or burial ground."),
    Term("memorial", "Memorial", "A memorial complex or war memorial."),
    Term("monument", "Monument", "A statue, bust or commemorative monument."),
    Term("mosque", "Mosque", "A mosque."),
    Term("mausoleum", "Mausoleum", "A mausoleum or tomb building."),
    Term("bridge", "Bridge", "A historic bridge."),
    Term("fortress", "Fortress", "A fortress, castle, fortification or city wall."),
    Term(
        "archaeological_site", "Archaeological site", "An excavated or known archaeological site."
    ),
    Term(
        "civic_building",
        "Civic building",
        "A museum, library, school, theatre or government building.",
    ),
    Term(
        "shrine",
        "Shrine",
        "A place of pilgrimage or veneration (pir, ziyarat) that is not a church or mosque.",
    ),
    Term("palace", "Palace", "A palace or the residence of a ruler or noble family."),
    Term("spring", "Spring", "A historic spring or fountain structure."),
    Term("caravanserai", "Caravanserai", "A caravanserai or historic inn."),
    Term("historic_quarter", "Historic quarter", "A historic urban quarter or ensemble."),
    Term("other", "Other", "Any other kind of heritage site; say what it is in notes."),
)
KINDS: Final[tuple[str, ...]] = tuple(t.code for t in KIND_TERMS)

EVENT_TYPE_TERMS: Final[tuple[Term, ...]] = (
    Term("condition", "Condition", "An observation of the site's physical condition."),
    Term("restoration", "Restoration", "Restoration or reconstruction work, begun or finished."),
    Term("access", "Access", "Whether visitors, pilgrims or monitors can reach the site."),
    Term("control", "Control", "A change in who controls the territory where the site stands."),
    Term(
        "claim",
        "Claim",
        "A statement by a party (government, official body) not independently verified; "
        "it never sets the site's status.",
    ),
    Term("construction", "Construction", "The site was built, rebuilt or consecrated."),
)
EVENT_TYPES: Final[tuple[str, ...]] = tuple(t.code for t in EVENT_TYPE_TERMS)
DEFAULT_EVENT_TYPE: Final[str] = "condition"
#: Event types whose status, when given, sets the site's status.
STATUS_SETTING_TYPES: Final[frozenset[str]] = frozenset({"condition", "restoration"})

CONFIDENCE_TERMS: Final[tuple[Term, ...]] = (
    Term("high", "High", "A primary monitoring body, or an explicit dated statement."),
    Term("medium", "Medium", "A credible secondary report."),
    Term("low", "Low", "A single unverified report, suspicion, or a date from a second source."),
)
CONFIDENCES: Final[tuple[str, ...]] = tuple(t.code for t in CONFIDENCE_TERMS)

PRECISION_TERMS: Final[tuple[Term, ...]] = (
    Term("site", "Site", "The point is the monument itself."),
    Term(
        "settlement",
        "Settlement",
        "The centre of the village or town where the monument stands, not the monument.",
    ),
    Term("city", "City", "A city-centre point shared by many sites of that city."),
    Term("approximate", "Approximate", "Rounded coordinates (for example to arc-minutes)."),
)
PRECISIONS: Final[tuple[str, ...]] = tuple(t.code for t in PRECISION_TERMS)

#: Members a Feature's ``properties`` may carry, in canonical order.
PROPERTY_ORDER: Final[tuple[str, ...]] = (
    "name",
    "alt_names",
    "kind",
    "built",
    "built_source",
    "region",
    "place",
    "location",
    "refs",
    "notes",
    "sources",
    "withdrawn",
    "history",
)
#: Members of a history event, in canonical order.
EVENT_ORDER: Final[tuple[str, ...]] = (
    "date",
    "approximate",
    "type",
    "status",
    "summary",
    "reported_by",
    "reporter_type",
    "confidence",
    "note",
    "sources",
)
SOURCE_ORDER: Final[tuple[str, ...]] = (
    "url",
    "title",
    "publisher",
    "published",
    "accessed",
    "archived",
    "via",
)
LOCATION_ORDER: Final[tuple[str, ...]] = ("precision", "source", "via", "note", "sensitive")
WITHDRAWN_ORDER: Final[tuple[str, ...]] = ("date", "reason")
FEATURE_ORDER: Final[tuple[str, ...]] = ("type", "id", "geometry", "properties")
COLLECTION_ORDER: Final[tuple[str, ...]] = ("type", "$schema", "name", "description", "features")
#: Prefix that marks a contributor's own extension member; never warned about.
EXTENSION_PREFIX: Final[str] = "x_"

#: Days without an observation after which a site counts as a monitoring gap in reports.
STALE_AFTER_DAYS: Final[int] = 365


def status_term(code: str) -> StatusTerm:
    """Return the presentation of a status code (``unknown`` included).

    Parameters
    ----------
    code
        A status code.

    Returns
    -------
    StatusTerm
        The term; unknown codes fall back to the ``unknown`` term.
    """
    for term in STATUS_TERMS:
        if term.code == code:
            return term
    return UNKNOWN_STATUS


#: The vocabularies that documentation embeds, by marker name.
DOCUMENTED: Final[dict[str, tuple[Term, ...]]] = {
    "statuses": (*STATUS_TERMS, UNKNOWN_STATUS),
    "kinds": KIND_TERMS,
    "event-types": EVENT_TYPE_TERMS,
    "confidence": CONFIDENCE_TERMS,
    "precision": PRECISION_TERMS,
    "directions": DIRECTIONS,
}
