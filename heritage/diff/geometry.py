"""Where a site is, for :mod:`heritage.diff`: its public position and distances moved.

The position is the site's one point (:mod:`heritage.geometry`, which reads files that were
not validated: numbers in range only), and a sensitive site's position is the centre of its
grid cell (:mod:`heritage.privacy`).
"""

from __future__ import annotations

import math
from typing import Any

from heritage import privacy
from heritage.geometry import site_point

EARTH_RADIUS_M = 6_371_008.8  # mean Earth radius (IUGG)


def haversine_m(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Return the great-circle distance in metres between two ``(lon, lat)`` positions."""
    lon1, lat1, lon2, lat2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))


def position(feature: dict[str, Any], sensitive: bool) -> tuple[float, float] | None:
    """Return the public position of a site (:func:`heritage.geometry.site_point`).

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
    point = site_point(feature.get("geometry"))
    if point is None:
        return None
    return privacy.generalise_point(*point) if sensitive else point
