"""Text fields (a spreadsheet row, command-line flags) to catalogue sites and events.

One flat vocabulary of field names serves the spreadsheet import, ``heritage new-site`` and
``heritage add-event``, so that a contributor learns it once:

Site fields
    ``id``, ``name`` (English), ``name_<lang>`` (``name_hy``, ``name_az``...), ``alt_names``
    (separated by ``;``), ``kind``, ``built``, ``built_source``, ``region``, ``place`` (a
    gazetteer id, see docs/places.md), ``longitude``, ``latitude``, ``precision``,
    ``location_source``, ``location_via``, ``location_note``, ``sensitive``,
    ``notes``, ``sources`` (URLs separated by spaces), ``refs_<key>`` (``refs_wikidata``).
Event fields
    ``site_id``, ``date``, ``approximate``, ``type``, ``status``, ``summary``,
    ``reported_by``, ``reporter_type``, ``confidence``, ``note``, ``sources`` (URLs
    separated by spaces) and one detailed source: ``source_url``, ``source_title``,
    ``source_publisher``, ``source_published``, ``source_accessed``, ``source_archived``,
    ``source_via``; further detailed sources as ``source2_url``, ``source2_title``... (up to
    ``source9_*``); ``replaces`` (the exact summary of an event of the site that this event
    replaces, as a recorded correction).

An empty field means "not given". Values are taken as written (no trimming of inner text,
no case changes); checking them against the vocabulary is left to :mod:`heritage.validate`,
whose messages then reach the contributor unchanged.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any, Final

from heritage import vocabulary as v
from heritage.codes import issue
from heritage.document import RawFloat
from heritage.issues import Issue, pointer

SITE_FIELDS: Final[tuple[str, ...]] = (
    "id",
    "name",
    "alt_names",
    "kind",
    "built",
    "built_source",
    "region",
    "place",
    "longitude",
    "latitude",
    "precision",
    "location_source",
    "location_via",
    "location_note",
    "sensitive",
    "notes",
    "sources",
)
#: Site fields named by a prefix and a suffix of the contributor's choice.
SITE_PREFIXES: Final[tuple[str, ...]] = ("name_", "refs_")
SOURCE_FIELDS: Final[tuple[str, ...]] = tuple(f"source_{k}" for k in v.SOURCE_ORDER)
#: Further detailed sources of one event: ``source2_url``, ``source2_published``... up to 9.
MAX_SOURCES: Final[int] = 9
_NUMBERED_SOURCE: Final = re.compile(r"source([2-9])_(" + "|".join(v.SOURCE_ORDER) + ")")
#: ``replaces``: the exact summary of an event of the same site that the new event replaces
#: (a correction; the new event's ``note`` must say why).
EVENT_FIELDS: Final[tuple[str, ...]] = ("site_id", *v.EVENT_ORDER, *SOURCE_FIELDS, "replaces")
_TEXT_PROPERTIES: Final[tuple[str, ...]] = (
    "kind",
    "built",
    "built_source",
    "region",
    "place",
    "notes",
)
#: Event members given as plain text (the others are a flag and a list of sources).
_EVENT_TEXT: Final[tuple[str, ...]] = tuple(
    k for k in v.EVENT_ORDER if k not in ("approximate", "sources")
)
_JSON_NUMBER: Final = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?")
#: Other decimal numbers a spreadsheet may write ("+46.5", ".5", "046"), in ASCII digits:
#: float() alone would also read other scripts' digits ("٤٦") and "1_000" as numbers.
_DECIMAL: Final = re.compile(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?")
#: Latin letters that Unicode does not decompose into a base letter and an accent.
_LETTERS: Final = str.maketrans(
    {"ı": "i", "ə": "e", "Ə": "E", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "ß": "ss"}
)
_TRUE: Final = frozenset({"true", "yes", "y", "1"})
_FALSE: Final = frozenset({"false", "no", "n", "0"})


def is_site_field(name: str) -> bool:
    """Return True when ``name`` is a site field (including ``name_<lang>``, ``refs_<key>``)."""
    return name in SITE_FIELDS or any(
        name.startswith(p) and len(name) > len(p) for p in SITE_PREFIXES
    )


def is_event_field(name: str) -> bool:
    """Return True when ``name`` is an event field (``source2_url``... included)."""
    return name in EVENT_FIELDS or _NUMBERED_SOURCE.fullmatch(name) is not None


def slugify(text: str, limit: int = 60) -> str:
    """Return a lowercase ``a-z0-9`` slug of a text, at most ``limit`` characters.

    Accents are dropped (``Gülablı`` gives ``gulabli``, ``Şəki`` gives ``seki``); letters
    of other scripts are dropped too (give an id when the name is not in Latin letters); a
    long slug is cut at a hyphen.
    """
    folded = unicodedata.normalize("NFKD", text.translate(_LETTERS))
    ascii_text = folded.encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > limit:
        slug = slug[:limit].rsplit("-", 1)[0] if "-" in slug[:limit] else slug[:limit]
    return slug


def parse_number(text: str, what: str, ptr: str, site: str | None) -> tuple[Any, list[Issue]]:
    """Parse a coordinate, keeping its text when it is already a JSON number."""
    cleaned = text.strip()
    if _JSON_NUMBER.fullmatch(cleaned):
        return RawFloat(cleaned), []
    try:
        value = float(cleaned) if _DECIMAL.fullmatch(cleaned) else float("nan")
    except ValueError:
        value = float("nan")
    if value != value or value in (float("inf"), float("-inf")):
        hint = " (use a point, not a comma, for decimals)" if "," in cleaned else ""
        return None, [issue("wrong-type", f"{what} '{text}' is not a number{hint}.", site, ptr)]
    return value, []


def parse_bool(text: str, what: str, ptr: str, site: str | None) -> tuple[Any, list[Issue]]:
    """Parse ``true/false``, ``yes/no``, ``y/n`` or ``1/0`` (any case)."""
    lowered = text.strip().lower()
    if lowered in _TRUE:
        return True, []
    if lowered in _FALSE:
        return False, []
    return None, [issue("wrong-type", f"{what} '{text}' is not true or false.", site, ptr)]


def _urls(text: str) -> list[dict[str, Any]]:
    return [{"url": url} for url in text.split()]


def apply_site_fields(feature: dict[str, Any], fields: dict[str, str]) -> list[Issue]:
    """Set the given site fields on a feature (in place); empty fields are skipped.

    Parameters
    ----------
    feature
        A GeoJSON feature with ``properties`` (new or existing).
    fields
        Field name to text.

    Returns
    -------
    list of Issue
        Values that could not be converted (pointers relative to the feature).
    """
    given = {k: val for k, val in fields.items() if val is not None and val.strip() != ""}
    site = feature.get("id")
    props = feature.setdefault("properties", {})
    issues: list[Issue] = []
    if "name" in given:
        props.setdefault("name", {})["en"] = given["name"]
    for key, value in given.items():
        if key.startswith("name_") and key != "name_en":
            props.setdefault("name", {})[key[5:]] = value
        elif key == "name_en":
            props.setdefault("name", {})["en"] = value
        elif key.startswith("refs_"):
            props.setdefault("refs", {})[key[5:]] = value
    if "alt_names" in given:
        props["alt_names"] = [n.strip() for n in given["alt_names"].split(";") if n.strip()]
    for key in _TEXT_PROPERTIES:
        if key in given:
            props[key] = given[key]
    if "sources" in given:
        props["sources"] = _urls(given["sources"])
    location = dict(props.get("location") or {})
    for key, member in (
        ("precision", "precision"),
        ("location_source", "source"),
        ("location_via", "via"),
        ("location_note", "note"),
    ):
        if key in given:
            location[member] = given[key]
    if "sensitive" in given:
        flag, found = parse_bool(given["sensitive"], "sensitive", "/properties/location", site)
        issues += found
        if flag is not None:
            location["sensitive"] = flag
    if location:
        props["location"] = location
    issues += _apply_position(feature, given, site)
    props.setdefault("history", [])
    return issues


def _apply_position(feature: dict[str, Any], given: dict[str, str], site: Any) -> list[Issue]:
    has_lon, has_lat = "longitude" in given, "latitude" in given
    if not has_lon and not has_lat:
        feature.setdefault("geometry", None)
        return []
    ptr = "/geometry/coordinates"
    if has_lon != has_lat:
        missing = "latitude" if has_lon else "longitude"
        return [issue("missing-member", f"{missing} is missing: give both or neither.", site, ptr)]
    lon, issues = parse_number(given["longitude"], "longitude", ptr, site)
    lat, more = parse_number(given["latitude"], "latitude", ptr, site)
    issues += more
    if not issues:
        feature["geometry"] = {"type": "Point", "coordinates": [lon, lat]}
    return issues


def event_from_fields(
    fields: dict[str, str], site: str | None = None
) -> tuple[dict[str, Any], list[Issue]]:
    """Build a history event from event fields (``site_id`` is not part of the event).

    Parameters
    ----------
    fields
        Field name to text; empty fields are skipped.
    site
        The site id, for messages.

    Returns
    -------
    tuple
        The event (members in canonical order) and conversion issues (pointers relative to
        the event).
    """
    given = {k: val for k, val in fields.items() if val is not None and val.strip() != ""}
    event: dict[str, Any] = {"date": given.get("date")}
    issues: list[Issue] = []
    if "approximate" in given:
        flag, issues = parse_bool(given["approximate"], "approximate", "/approximate", site)
        if flag:
            event["approximate"] = True
    for key in _EVENT_TEXT[1:]:
        if key in given:
            event[key] = given[key]
    # The documented default, written out so that the file says what it means.
    event.setdefault("type", v.DEFAULT_EVENT_TYPE)
    sources: list[dict[str, Any]] = []
    if "source_url" in given:
        sources.append({k: given[f"source_{k}"] for k in v.SOURCE_ORDER if f"source_{k}" in given})
    elif any(f in given for f in SOURCE_FIELDS):
        issues.append(
            issue(
                "missing-member",
                "source details were given without source_url: add the source's URL.",
                site,
                pointer("sources"),
            )
        )
    for n in range(2, MAX_SOURCES + 1):
        detail = {k: given[f"source{n}_{k}"] for k in v.SOURCE_ORDER if f"source{n}_{k}" in given}
        if detail and "url" not in detail:
            issues.append(
                issue(
                    "missing-member",
                    f"source{n} details were given without source{n}_url: add its URL.",
                    site,
                    pointer("sources"),
                )
            )
        elif detail:
            sources.append(detail)
    if "sources" in given:
        sources += _urls(given["sources"])
    if sources:
        event["sources"] = sources
    return event, issues
