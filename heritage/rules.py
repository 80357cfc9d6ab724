"""Checks that a JSON Schema cannot express, each yielding :class:`~heritage.issues.Issue` values.

Every rule works on the parsed data and knows the JSON pointer of what it checks; the
validator adds line and column afterwards. Heavy libraries stay out: shapely is imported
only when a polygon must be checked.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from functools import lru_cache
from typing import Any

from heritage import dates, urls
from heritage import vocabulary as v
from heritage.codes import issue
from heritage.document import RawFloat, RawInt
from heritage.history_order import check_history_order
from heritage.invisible import check_invisible
from heritage.issues import Issue, pointer

#: Known members of each object of the contract. Anything else is an error (a misspelt
#: member would silently vanish from every output), except on the feature itself, where
#: GeoJSON allows foreign members: those are warned about.
KNOWN_FEATURE = frozenset({"type", "id", "geometry", "properties", "bbox"})
KNOWN_PROPERTIES = frozenset(v.PROPERTY_ORDER)
KNOWN_EVENT = frozenset(v.EVENT_ORDER)
KNOWN_SOURCE = frozenset(v.SOURCE_ORDER)
KNOWN_LOCATION = frozenset(v.LOCATION_ORDER)
KNOWN_WITHDRAWN = frozenset(v.WITHDRAWN_ORDER)


def site_id(feature: Any) -> str | None:
    """Return a feature's id when it is a string, else ``None``."""
    fid = feature.get("id") if isinstance(feature, dict) else None
    return fid if isinstance(fid, str) else None


def check_unique_ids(features: list[Any]) -> Iterator[Issue]:
    """Report every feature whose id was already used by an earlier feature."""
    first: dict[str, int] = {}
    for i, feature in enumerate(features):
        fid = site_id(feature)
        if fid is None:
            continue
        if fid in first:
            yield issue(
                "duplicate-id",
                f"id '{fid}' is already used by feature {first[fid]}; ids must be unique. If this "
                "is the same site, merge the two histories; if not, give this one another id.",
                fid,
                pointer("features", i, "id"),
            )
        else:
            first[fid] = i


def check_unknown_members(
    obj: Any,
    known: frozenset[str],
    what: str,
    site: str | None,
    base: str,
    code: str = "unknown-property",
) -> list[Issue]:
    """Report members outside the contract (``x_`` extensions excepted).

    ``code`` is ``unknown-property`` (an error) for the objects of the data model and
    ``foreign-member`` (a warning) for the feature, where GeoJSON allows other members.
    A list, not a generator: it runs for every object of the catalogue (about a million at
    100,000 sites), nearly always to find nothing, which one set comparison tells.
    """
    if not isinstance(obj, dict) or obj.keys() <= known:
        return []
    found = []
    for key in obj:
        if key in known or key.startswith(v.EXTENSION_PREFIX):
            continue
        close = closest(key, known)
        hint = f" Did you mean '{close}'?" if close else ""
        members = ", ".join(sorted(known))
        found.append(
            issue(
                code,
                f"'{key}' is not a member of {what} in the data model.{hint} Rename it (members "
                f"here: {members}), or prefix it with '{v.EXTENSION_PREFIX}' to keep it as an "
                "extension of your own.",
                site,
                base + pointer(key),
            )
        )
    return found


def closest(word: str, options: frozenset[str] | tuple[str, ...]) -> str | None:
    """Return the option most like ``word`` (a misspelling, other case or separator)."""
    import difflib

    lowered = {o.lower().replace("-", "_").replace(" ", "_"): o for o in options}
    key = word.lower().replace("-", "_").replace(" ", "_")
    if key in lowered:
        return lowered[key]
    found = difflib.get_close_matches(key, sorted(lowered), n=1, cutoff=0.7)
    return lowered[found[0]] if found else None


def check_url(value: Any, site: str | None, ptr: str) -> list[Issue]:
    """Report a URL that is not a web URL (the one rule: :func:`heritage.urls.is_web_url`).

    A list, not a generator, and the web URL tested first: it runs for hundreds of
    thousands of URLs, nearly all fine.
    """
    if not isinstance(value, str) or urls.is_web_url(value):
        return []
    reason = urls.problem(value)
    if reason is None:
        return []
    shown = value[:80].encode("unicode_escape").decode("ascii")
    return [issue("invalid-url", f"'{shown}' is not an http(s) URL: {reason}.", site, ptr)]


def check_date(
    value: Any, site: str | None, ptr: str, today: date, single: bool = False
) -> Iterator[Issue]:
    """Report a date text that is malformed, reversed or in the future."""
    if not isinstance(value, str):
        return
    found, _ = _read_date(value, today, single)
    if found is not None:
        yield _placed(found, site, ptr)


@lru_cache(maxsize=65536)
def _read_date(value: str, today: date, single: bool) -> tuple[Issue | None, int | None]:
    """Return a date text's issue (without a place: see :func:`_placed`) or its day.

    ``(issue, None)`` when the text breaks the rule of :func:`check_date`, else ``(None,
    day)``: the ordinal (:meth:`datetime.date.toordinal`) of its effective date, by which
    a history is ordered. Cached (a catalogue repeats its dates) and asked before any
    pointer is written: a catalogue of 100,000 sites has hundreds of thousands of dates.
    """
    try:
        span = dates.parse(value)
        if single and "/" in value:
            raise dates.DateFormatError(f"'{value}': give a single date here, not an interval")
    except dates.ReversedIntervalError as exc:
        return issue("reversed-interval", f"{exc}."), None
    except dates.DateFormatError as exc:
        message = (
            f"{exc}. Use YYYY, YYYY-MM, YYYY-MM-DD, an interval A/B, ../B (by B) or A/.. "
            "(after A), or null when undated."
        )
        return issue("invalid-date", message), None
    starts = [b for b in value.split("/") if b != dates.OPEN]
    first_days = [dates.parse(s).earliest for s in starts]
    if any(d is not None and d > today for d in first_days):
        message = (
            f"'{span.text}' is after today ({today.isoformat()}); events are reported after they "
            "happen. Check the year, or the order of day and month."
        )
        return issue("future-date", message), None
    return None, span.effective.toordinal()


def _placed(found: Issue, site: str | None, ptr: str) -> Issue:
    """Return an issue found without a place (a cached one) at a site and pointer."""
    return replace(found, site_id=site, pointer=ptr)


def check_sources(sources: Any, site: str | None, base: str, today: date) -> Iterator[Issue]:
    """Check each source object: members known and URLs http(s)."""
    if not isinstance(sources, list):
        return
    # Each value is tested before its pointer is written, and pointers below an index are
    # plain f-strings (an index needs no escaping): at 100,000 sites there are half a
    # million sources, nearly all fine.
    for k, source in enumerate(sources):
        if not isinstance(source, dict):
            continue
        if not source.keys() <= KNOWN_SOURCE:  # (the call and its pointer only then)
            yield from check_unknown_members(source, KNOWN_SOURCE, "a source", site, f"{base}/{k}")
        for key in ("url", "archived", "via"):
            url = source.get(key)
            if isinstance(url, str) and not urls.is_web_url(url):  # (the pointer only then)
                yield from check_url(url, site, f"{base}/{k}/{key}")
        for key in ("published", "accessed"):
            day = source.get(key)
            found = _read_date(day, today, True)[0] if isinstance(day, str) else None
            if found is not None:
                yield _placed(found, site, f"{base}/{k}/{key}")


def check_history(history: Any, site: str | None, base: str, today: date) -> Iterator[Issue]:
    """Check events: dates, order, statuses required, sources for damage."""
    if not isinstance(history, list):
        return
    dated: dict[int, int] = {}
    for j, event in enumerate(history):
        if not isinstance(event, dict):
            continue
        # As in check_sources: values tested first, pointers as f-strings.
        if not event.keys() <= KNOWN_EVENT:
            yield from check_unknown_members(event, KNOWN_EVENT, "an event", site, f"{base}/{j}")
        raw = event.get("date")
        if isinstance(raw, str):
            found, day = _read_date(raw, today, False)
            if found is not None:
                yield _placed(found, site, f"{base}/{j}/date")
            elif day is not None:
                dated[j] = day
        etype = event.get("type", v.DEFAULT_EVENT_TYPE)
        status = event.get("status")
        srcs = event.get("sources")
        damage = etype == "condition" and isinstance(status, str) and status in v.DAMAGE_STATUSES
        if damage and (not isinstance(srcs, list) or not srcs):
            yield issue(
                "unsourced-damage",
                f"a condition event reporting '{status}' must cite at least one source: add "
                '"sources": [{"url": "https://..."}] with the page that reports it.',
                site,
                f"{base}/{j}",
            )
        yield from check_sources(srcs, site, f"{base}/{j}/sources", today)
    days = list(dated.values())  # in event order
    if days != sorted(days):  # nearly every history is in order: nothing to look for
        yield from check_history_order(history, dated, site, base)


#: A tuple, not ``int | float``: that union would be built anew at every call.
_NUMBERS = (int, float)


def _number_ok(x: Any) -> bool:
    return isinstance(x, _NUMBERS) and not isinstance(x, bool) and math.isfinite(x)


def _positions(geometry: dict[str, Any]) -> list[tuple[tuple[str | int, ...], Any]]:
    """Return (path below the geometry, position) for every position of a geometry."""
    # Paths, not pointers: a polygon has hundreds of positions, and a pointer is written
    # only for one that has an issue.
    coords = geometry.get("coordinates")
    gtype = geometry.get("type")
    out: list[tuple[tuple[str | int, ...], Any]] = []
    if gtype == "Point":
        out.append((("coordinates",), coords))
    elif gtype == "Polygon" and isinstance(coords, list):
        for r, ring in enumerate(coords):
            for k, p in enumerate(ring if isinstance(ring, list) else []):
                out.append((("coordinates", r, k), p))
    elif gtype == "MultiPolygon" and isinstance(coords, list):
        for q, poly in enumerate(coords):
            for r, ring in enumerate(poly if isinstance(poly, list) else []):
                for k, p in enumerate(ring if isinstance(ring, list) else []):
                    out.append((("coordinates", q, r, k), p))
    return out


def _position_ok(p: Any) -> bool:
    return isinstance(p, list) and len(p) in (2, 3) and all(map(_number_ok, p))


def check_geometry(geometry: Any, site: str | None, base: str) -> Iterator[Issue]:
    """Check geometry type, structure, coordinate ranges, ring closure and self-intersection."""
    if geometry is None:
        return
    if not isinstance(geometry, dict) or geometry.get("type") not in (
        "Point",
        "Polygon",
        "MultiPolygon",
    ):
        gtype = geometry.get("type") if isinstance(geometry, dict) else type(geometry).__name__
        yield issue(
            "invalid-geometry",
            f"geometry type {gtype!r} is not allowed: use a Point, Polygon or MultiPolygon, or "
            "null when the location is unknown.",
            site,
            base,
        )
        return
    positions = _positions(geometry)
    if not positions or not all(_position_ok(p) for _, p in positions):
        yield issue(
            "invalid-geometry",
            f"the {geometry['type']} coordinates are malformed: each position is "
            "[longitude, latitude] in numbers, and a polygon is a list of rings of positions.",
            site,
            base + "/coordinates",
        )
        return
    for path, p in positions:
        lon, lat = p[0], p[1]
        if not -180 <= lon <= 180 or not -90 <= lat <= 90:
            swapped = -180 <= lat <= 180 and -90 <= lon <= 90
            hint = " Longitude comes first in GeoJSON: swap the two numbers?" if swapped else ""
            yield issue(
                "coordinate-out-of-range",
                f"[{lon}, {lat}] is not on Earth: longitude must be within -180..180 and "
                f"latitude within -90..90.{hint}",
                site,
                base + pointer(*path),
            )
            return
    if geometry["type"] != "Point":
        yield from _check_polygons(geometry, site, base)


def _check_polygons(geometry: dict[str, Any], site: str | None, base: str) -> Iterator[Issue]:
    polygons = (
        [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    )
    for q, rings in enumerate(polygons):
        for r, ring in enumerate(rings):
            prefix = ("coordinates", r) if geometry["type"] == "Polygon" else ("coordinates", q, r)
            if len(ring) < 4 or ring[0][:2] != ring[-1][:2]:
                yield issue(
                    "unclosed-ring",
                    "a polygon ring needs at least 4 positions and must end where it starts: "
                    "repeat the first position at the end.",
                    site,
                    base + pointer(*prefix),
                )
                return
    from shapely.geometry import shape  # heavy: only when a polygon is present
    from shapely.validation import explain_validity

    geom = shape(geometry)
    if not geom.is_valid:
        reason = explain_validity(geom)
        code = "self-intersection" if "Self-intersection" in reason else "invalid-geometry"
        yield issue(
            code,
            f"the polygon is not valid ({reason}); redraw it so that its edges do not cross and "
            "holes lie inside the outer ring.",
            site,
            base,
        )


def decimals(x: Any) -> int:
    """Return the number of decimals a coordinate was written with."""
    text = x.raw if isinstance(x, RawFloat | RawInt) else repr(x)
    if "e" in text.lower() or "." not in text:
        return 0
    return len(text.split(".")[1])


def check_sensitive(feature: dict[str, Any], site: str | None, base: str) -> Iterator[Issue]:
    """Warn where a sensitive site's coordinates are more precise than 2 decimals."""
    props = feature.get("properties")
    loc = props.get("location") if isinstance(props, dict) else None
    geometry = feature.get("geometry")
    if not (isinstance(loc, dict) and loc.get("sensitive") is True and isinstance(geometry, dict)):
        return
    for path, p in _positions(geometry):
        if _position_ok(p) and max(decimals(p[0]), decimals(p[1])) > 2:
            yield issue(
                "sensitive-precision",
                "this site is marked sensitive but its coordinates have more than 2 decimals "
                "(about 1 km). Never commit exact coordinates of a sensitive site to a public "
                "repository: round them to 2 decimals or fewer.",
                site,
                base + "/geometry" + pointer(*path),
            )
            return


class Extent:
    """The catalogue's usual extent, for the swapped longitude/latitude warning.

    The collection's ``bbox`` member is used when present; otherwise the extent is the box
    between the 5th and 95th percentiles of the points, padded by half its size and by at
    least 2 degrees. Catalogues with fewer than 10 points have no usual extent.
    """

    def __init__(self, collection: dict[str, Any], features: list[Any]):
        self.box: tuple[float, float, float, float] | None = None
        bbox = collection.get("bbox")
        if isinstance(bbox, list) and len(bbox) == 4 and all(_number_ok(x) for x in bbox):
            self.box = (float(bbox[0]), float(bbox[1]), float(bbox[2]), float(bbox[3]))
            return
        points: list[Any] = []
        for f in features:
            geometry = f.get("geometry") if isinstance(f, dict) else None
            if isinstance(geometry, dict) and geometry.get("type") == "Point":
                position = geometry.get("coordinates")
                if _position_ok(position):
                    points.append(position)
        if len(points) < 10:
            return
        lons = sorted(float(p[0]) for p in points)
        lats = sorted(float(p[1]) for p in points)
        lo_lon, hi_lon = _percentile(lons, 5), _percentile(lons, 95)
        lo_lat, hi_lat = _percentile(lats, 5), _percentile(lats, 95)
        pad_lon = max(2.0, (hi_lon - lo_lon) / 2)
        pad_lat = max(2.0, (hi_lat - lo_lat) / 2)
        self.box = (lo_lon - pad_lon, lo_lat - pad_lat, hi_lon + pad_lon, hi_lat + pad_lat)

    def contains(self, lon: float, lat: float) -> bool:
        """Return True when the point is inside the extent (or there is none)."""
        if self.box is None:
            return True
        return self.box[0] <= lon <= self.box[2] and self.box[1] <= lat <= self.box[3]

    def check(self, feature: dict[str, Any], site: str | None, base: str) -> Iterator[Issue]:
        """Warn about a point outside the usual extent."""
        geometry = feature.get("geometry")
        if self.box is None or not isinstance(geometry, dict) or geometry.get("type") != "Point":
            return
        p: Any = geometry.get("coordinates")
        if not _position_ok(p) or self.contains(p[0], p[1]):
            return
        lon, lat = float(p[0]), float(p[1])
        hint = (
            " Swapped, it would fall inside: longitude comes first in GeoJSON."
            if self.contains(lat, lon)
            else " Check the coordinates and their signs."
        )
        yield issue(
            "outside-usual-extent",
            f"[{lon}, {lat}] lies outside the catalogue's usual extent ({self._describe()}).{hint}",
            site,
            base + "/geometry/coordinates",
        )

    def _describe(self) -> str:
        assert self.box is not None
        west, south, east, north = self.box
        return f"{west:.1f}..{east:.1f} E, {south:.1f}..{north:.1f} N"


def _percentile(sorted_values: list[float], pct: float) -> float:
    if len(sorted_values) == 1:
        return sorted_values[0]
    q = statistics.quantiles(sorted_values, n=100, method="inclusive")
    return q[int(pct) - 1]


def check_feature(feature: Any, index: int, extent: Extent, today: date) -> Iterator[Issue]:
    """Run every per-feature rule on one feature."""
    if not isinstance(feature, dict):
        return
    site = site_id(feature)
    base = f"/features/{index}"  # (pointer("features", index): an index needs no escaping)
    yield from check_unknown_members(
        feature, KNOWN_FEATURE, "a feature", site, base, code="foreign-member"
    )
    yield from check_geometry(feature.get("geometry"), site, base + "/geometry")
    yield from extent.check(feature, site, base)
    yield from check_sensitive(feature, site, base)
    yield from check_invisible(feature, site, base)
    props = feature.get("properties")
    if not isinstance(props, dict):
        return
    pp = base + "/properties"
    yield from check_unknown_members(props, KNOWN_PROPERTIES, "a site's properties", site, pp)
    if "built_source" in props:
        yield from check_url(props["built_source"], site, pp + "/built_source")
    loc = props.get("location")
    if isinstance(loc, dict):
        yield from check_unknown_members(loc, KNOWN_LOCATION, "location", site, pp + "/location")
        for key in ("source", "via"):
            if key in loc:
                yield from check_url(loc[key], site, pp + f"/location/{key}")
    withdrawn = props.get("withdrawn")
    if isinstance(withdrawn, dict):
        yield from check_unknown_members(
            withdrawn, KNOWN_WITHDRAWN, "withdrawn", site, pp + "/withdrawn"
        )
        yield from check_date(
            withdrawn.get("date"), site, pp + "/withdrawn/date", today, single=True
        )
    yield from check_sources(props.get("sources"), site, pp + "/sources", today)
    yield from check_history(props.get("history"), site, pp + "/history", today)
