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
)
LOCATION_ORDER: Final[tuple[str, ...]] = ("precision", "source", "note", "sensitive")
WITHDRAWN_ORDER: Final[tuple[str, ...]] = ("date", "reason")
FEATURE_ORDER: Final[tuple[str, ...]] = ("type", "id", "geometry", "properties")
COLLECTION_ORDER: Final[tuple[str, ...]] = ("type", "$schema", "name", "description", "features")
#: Prefix that marks a contributor's own extension member; never warned about.
EXTENSION_PREFIX: Final[str] = "x_"


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


def markdown_table(terms: tuple[Term, ...]) -> str:
    """Return a Markdown table of a vocabulary, as embedded in docs/data-model.md.

    Columns are code, label and definition, plus colour and shape for statuses.
    """
    with_style = all(isinstance(t, StatusTerm) for t in terms)
    head = "| code | label | meaning |" + (" colour | shape |" if with_style else "")
    rule = "|---|---|---|" + ("---|---|" if with_style else "")
    rows = [head, rule]
    for t in terms:
        row = f"| `{t.code}` | {t.label} | {t.definition} |"
        if isinstance(t, StatusTerm) and with_style:
            row += f" `{t.colour}` | {t.shape} |"
        rows.append(row)
    return "\n".join(rows)


#: The vocabularies that documentation embeds, by marker name.
DOCUMENTED: Final[dict[str, tuple[Term, ...]]] = {
    "statuses": (*STATUS_TERMS, UNKNOWN_STATUS),
    "kinds": KIND_TERMS,
    "event-types": EVENT_TYPE_TERMS,
    "confidence": CONFIDENCE_TERMS,
    "precision": PRECISION_TERMS,
}


def fill_tables(text: str) -> str:
    """Refresh the vocabulary tables embedded in a Markdown text.

    Every ``<!-- vocabulary:NAME -->...<!-- /vocabulary -->`` block is replaced with the current
    table of that vocabulary.
    """
    import re

    def table(match: re.Match[str]) -> str:
        name = match.group(1)
        return (
            f"<!-- vocabulary:{name} -->\n{markdown_table(DOCUMENTED[name])}\n<!-- /vocabulary -->"
        )

    return re.sub(r"<!-- vocabulary:([a-z-]+) -->.*?<!-- /vocabulary -->", table, text, flags=re.S)


if __name__ == "__main__":  # python -m heritage.vocabulary FILE...: refresh the tables in place
    import sys
    from pathlib import Path

    for name in sys.argv[1:]:
        doc = Path(name)
        doc.write_text(fill_tables(doc.read_text("utf-8")), encoding="utf-8")
