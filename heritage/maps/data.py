"""The catalogue as the map page carries it: one compact, columnar JSON block.

The page needs every site's names, kind, region, location and full dated history with its
sources, but the browser should parse it fast and the build should do little work per site.
So the data is columns rather than objects, codes (positions in :mod:`heritage.vocabulary`
order) rather than repeated words, day numbers (:func:`heritage.dates.day_number`) next to
each date as written, coordinates rounded to five decimals (about a metre), and repeated
texts (regions, reporters, publishers) stored once in a string table. An absent text or
list is ``0`` (one byte), an absent code ``-1``.

The map does not validate (``heritage validate`` does that, and is much slower): a value it
cannot use (a feature without an id, a geometry it cannot draw, a date it cannot read) is
kept out of the picture and reported as an :class:`~heritage.issues.Issue`, never dropped
silently. Codes outside the vocabulary are carried as written and shown as written.

Sensitive sites only ever reach this module's output through
:func:`heritage.privacy.public_geometry`; their location source and note are left out too,
since those commonly quote the exact position.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Final

from heritage import privacy
from heritage import vocabulary as v
from heritage.codes import issue
from heritage.issues import Issue, pointer
from heritage.maps.values import (
    COORD_DIGITS,
    Codes,
    Strings,
    area_centre,
    day_of,
    names_of,
    refs_of,
    rings_of,
    sources,
    text,
    texts,
)
from heritage.places import Gazetteer
from heritage.privacy import public_location, sensitive_location

#: Version of the block's layout, read by the page's script.
FORMAT: Final[int] = 1


@dataclass
class MapData:
    """The columnar catalogue for the page, and what could not be put on it.

    Attributes
    ----------
    block
        The JSON-ready dict (see the module documentation and ``docs/map.md``).
    bounds
        ``[[south, west], [north, east]]`` of every public geometry, or None when no site
        is located.
    issues
        Values the map could not use, as warnings.
    """

    block: dict[str, Any]
    bounds: list[list[float]] | None
    issues: list[Issue] = field(default_factory=list)


def build_data(
    collection: object,
    cell: float = privacy.DEFAULT_CELL,
    gazetteer: Gazetteer | None = None,
) -> MapData:
    """Turn a parsed catalogue into the map's columnar block.

    Parameters
    ----------
    collection
        The parsed GeoJSON (a FeatureCollection dict); anything else gives an empty map
        and an issue.
    cell
        Grid cell size in degrees for sensitive sites.
    gazetteer
        The units a site's ``place`` names (:mod:`heritage.places`). When given and not
        empty, the block carries ``districts`` (``[id, label]`` pairs of the districts
        present, by label) and a site column ``district`` (a position in it, ``-1`` for a
        site not placed in a district), for the page's district filter; without one the
        page has no district filter.

    Returns
    -------
    MapData
        The block, the bounds of what is drawn, and the issues met.
    """
    issues: list[Issue] = []
    features = collection.get("features") if isinstance(collection, dict) else None
    if not isinstance(features, list):
        features = []
        issues.append(issue("map-no-features", "no 'features' list: the map is empty"))
    strings = Strings()
    kinds, types = Codes(v.KINDS), Codes(v.EVENT_TYPES)
    statuses, confidences = Codes(v.ALL_STATUSES), Codes(v.CONFIDENCES)
    precisions = Codes(v.PRECISIONS)
    site_cols = _site_columns()
    event_cols = _event_columns()
    areas: dict[str, list[list[float]]] = {}
    add = _site_adder(site_cols, areas, strings, kinds, precisions, issues, cell)
    add_events = _event_adder(event_cols, strings, types, statuses, confidences, issues)
    places: list[Any] = []
    for number, feature in enumerate(features):
        if not isinstance(feature, dict) or not isinstance(feature.get("id"), str):
            issues.append(
                issue(
                    "map-skipped-feature",
                    "a feature without a text 'id' cannot be shown; run 'heritage validate'",
                    None,
                    pointer("features", number),
                )
            )
            continue
        props = feature.get("properties")
        if not isinstance(props, dict):
            props = {}
        if props.get("withdrawn"):
            continue  # withdrawn sites stay in the catalogue but leave the map (docs/map.md)
        add(feature, props, number)
        places.append(props.get("place"))
        add_events(feature["id"], props.get("history"), number, site_cols["events"])
    block = {
        "format": FORMAT,
        "vocab": {
            "status": statuses.values,
            "kind": kinds.values,
            "type": types.values,
            "confidence": confidences.values,
            "precision": precisions.values,
        },
        "strings": strings.values,
        "sites": site_cols,
        "areas": areas,
        "events": event_cols,
    }
    if gazetteer is not None and len(gazetteer):
        block["districts"], site_cols["district"] = _districts(places, gazetteer)
    return MapData(block, _bounds(site_cols, areas), issues)


_SITE_KEYS: Final[tuple[str, ...]] = (
    "id", "name", "names", "alt", "kind", "region", "built", "built_src", "prec", "loc_src",
    "loc_note", "notes", "src", "refs", "geo", "x", "y", "events",
)  # fmt: skip
_EVENT_KEYS: Final[tuple[str, ...]] = (
    "date", "day", "type", "status", "summary", "by", "by_type", "conf", "approx", "note", "src",
)  # fmt: skip
#: Columns the page needs only when a site is opened: they go into a second block, placed
#: after the page's script so that the sites are drawn before the browser even reads it.
DETAIL_SITE_KEYS: Final[tuple[str, ...]] = (
    "built", "built_src", "loc_src", "loc_note", "notes", "src", "refs",
)  # fmt: skip
DETAIL_EVENT_KEYS: Final[tuple[str, ...]] = (
    "date", "summary", "by", "by_type", "conf", "approx", "note", "src",
)  # fmt: skip
#: Values of the ``geo`` column.
GEO_NONE, GEO_POINT, GEO_CELL, GEO_AREA = 0, 1, 2, 3


def split_block(block: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Split the block into what drawing, filters and time need, and the details.

    Returns
    -------
    tuple of dict
        ``(main, details)``; ``details`` has ``sites`` and ``events`` with the columns of
        :data:`DETAIL_SITE_KEYS` and :data:`DETAIL_EVENT_KEYS`.
    """
    main = dict(block)
    details: dict[str, Any] = {}
    for part, keys in (("sites", DETAIL_SITE_KEYS), ("events", DETAIL_EVENT_KEYS)):
        main[part] = {k: col for k, col in block[part].items() if k not in keys}
        details[part] = {k: block[part][k] for k in keys}
    return main, details


def _districts(places: list[Any], gazetteer: Gazetteer) -> tuple[list[list[str]], list[int]]:
    """Return the districts present (``[id, label]``, by label then id) and each site's.

    A site whose ``place`` is missing, unknown or above district level (a country, a
    first-level region) gets ``-1``: the page lists it as not placed in a district.
    """
    found = [gazetteer.district(p) if isinstance(p, str) else None for p in places]
    units = {unit.id: unit for unit in found if unit is not None}
    order = sorted(units.values(), key=lambda u: (u.label.casefold(), u.label, u.id))
    position = {unit.id: k for k, unit in enumerate(order)}
    column = [-1 if unit is None else position[unit.id] for unit in found]
    return [[unit.id, unit.label] for unit in order], column


def _site_columns() -> dict[str, list[Any]]:
    return {key: [] for key in _SITE_KEYS}


def _event_columns() -> dict[str, list[Any]]:
    return {key: [] for key in _EVENT_KEYS}


def _site_adder(
    cols: dict[str, list[Any]],
    areas: dict[str, list[list[float]]],
    strings: Strings,
    kinds: Codes,
    precisions: Codes,
    issues: list[Issue],
    cell: float,
) -> Callable[[dict[str, Any], dict[str, Any], int], None]:
    """Return a function that appends one site to the columns (one value to each)."""

    def located(geo: int, x: float, y: float) -> None:
        cols["geo"].append(geo)
        cols["x"].append(x)
        cols["y"].append(y)

    def add(feature: dict[str, Any], props: dict[str, Any], number: int) -> None:
        fid = feature["id"]
        cols["id"].append(fid)
        english, others = names_of(props.get("name"))
        cols["name"].append(english or fid)
        cols["names"].append(others)
        cols["alt"].append(texts(props.get("alt_names")))
        cols["kind"].append(kinds.code(props.get("kind")))
        cols["region"].append(strings.code(props.get("region")))
        cols["built"].append(text(props.get("built")))
        cols["built_src"].append(text(props.get("built_source")))
        loc = props.get("location")
        if not isinstance(loc, dict):
            loc = {}
        hidden = sensitive_location(loc)
        if hidden:  # the one rule of heritage.privacy: only the sensitive flag is public
            loc = public_location(loc, sensitive=True)
        cols["prec"].append(precisions.code(loc.get("precision")))
        cols["loc_src"].append(0 if hidden else text(loc.get("source")))
        cols["loc_note"].append(0 if hidden else text(loc.get("note")))
        cols["notes"].append(text(props.get("notes")))
        cols["src"].append(sources(props.get("sources"), strings))
        cols["refs"].append(refs_of(props.get("refs")))
        geometry = feature.get("geometry")
        if geometry is None:
            located(GEO_NONE, 0, 0)
            return
        if not hidden and isinstance(geometry, dict) and geometry.get("type") == "Point":
            try:
                x, y = geometry["coordinates"][:2]
                x, y = round(x, COORD_DIGITS), round(y, COORD_DIGITS)
            except (TypeError, ValueError, KeyError):
                pass
            else:
                located(GEO_POINT, x, y)
                return
        else:
            try:
                public = privacy.public_geometry(feature, cell)
            except (TypeError, ValueError, AttributeError):
                public = None
            rings = rings_of(public) if public else None
            if rings:
                x, y = area_centre(rings)
                located(GEO_CELL if hidden else GEO_AREA, x, y)
                areas[str(len(cols["id"]) - 1)] = rings
                return
        located(GEO_NONE, 0, 0)
        issues.append(
            issue("map-unusable-geometry",
                  "the geometry cannot be drawn; the site is listed among those without "
                  "coordinates (run 'heritage validate')",
                  fid, pointer("features", number, "geometry"))
        )  # fmt: skip

    return add


def _event_adder(
    cols: dict[str, list[Any]],
    strings: Strings,
    types: Codes,
    statuses: Codes,
    confidences: Codes,
    issues: list[Issue],
) -> Callable[[str, object, int, list[int]], None]:
    """Return a function that appends a site's history to the event columns."""
    default_type = types.code(v.DEFAULT_EVENT_TYPE)

    def add(site_id: str, history: object, number: int, counts: list[int]) -> None:
        if not isinstance(history, list):
            counts.append(0)
            return
        n = 0
        for j, event in enumerate(history):
            if not isinstance(event, dict):
                continue
            n += 1
            when = event.get("date")
            if isinstance(when, str):
                effective = day_of(when)
                if effective is None:
                    issues.append(
                        issue("map-invalid-date",
                              f"'{when}' is not a date the map can place in time; the event "
                              "is shown as written but treated as undated",
                              site_id,
                              pointer("features", number, "properties", "history", j, "date"))
                    )  # fmt: skip
                cols["date"].append(when)
                cols["day"].append(effective)
            else:
                cols["date"].append(0)
                cols["day"].append(None)
            t = event.get("type")
            cols["type"].append(default_type if t is None else types.code(t))
            cols["status"].append(statuses.code(event.get("status")))
            cols["summary"].append(text(event.get("summary")))
            cols["by"].append(strings.code(event.get("reported_by")))
            cols["by_type"].append(strings.code(event.get("reporter_type")))
            cols["conf"].append(confidences.code(event.get("confidence")))
            cols["approx"].append(1 if event.get("approximate") is True else 0)
            cols["note"].append(text(event.get("note")))
            cols["src"].append(sources(event.get("sources"), strings))
        counts.append(n)

    return add


def _bounds(
    cols: dict[str, list[Any]], areas: dict[str, list[list[float]]]
) -> list[list[float]] | None:
    """Return the bounds of every drawn geometry: points, and areas (already public)."""
    lons = [x for x, g in zip(cols["x"], cols["geo"], strict=True) if g == GEO_POINT]
    lats = [y for y, g in zip(cols["y"], cols["geo"], strict=True) if g == GEO_POINT]
    for rings in areas.values():
        for ring in rings:
            lons += ring[0::2]
            lats += ring[1::2]
    if not lons:
        return None
    return [[min(lats), min(lons)], [max(lats), max(lons)]]
