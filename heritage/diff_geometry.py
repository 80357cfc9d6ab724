"""Where a site is, for :mod:`heritage.diff`: its public position and distances moved.

The diff reads files that were not validated, so a position is read only from numbers in
range, and a sensitive site's position is the centre of its grid cell
(:mod:`heritage.privacy`).
"""

from __future__ import annotations

import math
from typing import Any

from heritage import privacy

EARTH_RADIUS_M = 6_371_008.8  # mean Earth radius (IUGG)


def haversine_m(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Return the great-circle distance in metres between two ``(lon, lat)`` positions."""
    lon1, lat1, lon2, lat2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))


def _xy(p: Any) -> tuple[float, float] | None:
    # A position only when both are numbers in range (not booleans, not text: float()
    # would read "٤٦" as 46): the diff reads files that were not validated.
    if not (isinstance(p, list) and len(p) >= 2):
        return None
    x, y = p[0], p[1]
    if not all(isinstance(c, int | float) and not isinstance(c, bool) for c in (x, y)):
        return None
    if not (-180 <= x <= 180 and -90 <= y <= 90):  # also refuses NaN
        return None
    return float(x), float(y)


def position(feature: dict[str, Any], sensitive: bool) -> tuple[float, float] | None:
    """Return the public position of a site: its point, a polygon's vertex mean, or its cell.

    Parameters
    ----------
    feature
        A GeoJSON feature.
    sensitive
        Generalise to the centre of the site's grid cell (:mod:`heritage.privacy`).

    Returns
    -------
    tuple of float or None
        ``(lon, lat)``, or None when the geometry holds no readable position.
    """
    geometry = feature.get("geometry")
    if not isinstance(geometry, dict):
        return None
    coords: Any = geometry.get("coordinates")
    if geometry.get("type") == "Point":
        point = _xy(coords)
    else:
        # the outer ring of the first polygon
        while (
            isinstance(coords, list)
            and coords
            and isinstance(coords[0], list)
            and (coords[0] and isinstance(coords[0][0], list))
        ):
            coords = coords[0]
        ring = [_xy(p) for p in coords] if isinstance(coords, list) else []
        if not ring or any(p is None for p in ring):
            return None
        if len(ring) > 1 and ring[0] == ring[-1]:
            ring = ring[:-1]
        points = [p for p in ring if p is not None]
        point = (
            sum(p[0] for p in points) / len(points),
            sum(p[1] for p in points) / len(points),
        )
    if point is None:
        return None
    if sensitive:
        return privacy.generalise_point(*point)
    return (round(point[0], 6), round(point[1], 6))
