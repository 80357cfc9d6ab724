"""Where a site is: the one point that stands for a site's geometry in every output.

The CSV and KML exports, the map's marker, the diff's "moved N m" and the cell of a
sensitive site all ask this module, so a polygon site sits at the same place everywhere:

- a Point is its own position;
- a Polygon or MultiPolygon gives a point guaranteed to lie inside it (shapely's
  ``representative_point``; shapely is imported only when a polygon is present);
- a sensitive site is published as the centre of the grid cell holding that point
  (:func:`heritage.privacy.generalise_point`).

The functions accept anything read from a file, valid or not, and answer ``None`` for what
they cannot read, because ``diff`` and the map run on catalogues that were not validated.
"""

from __future__ import annotations

import math
from typing import Any

#: Decimals kept of a computed point (about 1 cm): the same input gives the same bytes.
DECIMALS = 7


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    # Not booleans, not text: float() would read "٤٦" as 46, and the file may not be valid.
    number = float(value)
    return number if math.isfinite(number) else None


def site_point(geometry: Any) -> tuple[float, float] | None:
    """Return the ``(longitude, latitude)`` that stands for a geometry, or None.

    Parameters
    ----------
    geometry
        A GeoJSON geometry as read from the catalogue (or anything else).

    Returns
    -------
    tuple of float or None
        The point itself for a Point; a point inside the shape for a (Multi)Polygon;
        ``None`` for a missing or unreadable geometry.
    """
    if not isinstance(geometry, dict):
        return None
    coords = geometry.get("coordinates")
    kind = geometry.get("type")
    if kind == "Point":
        if not isinstance(coords, list) or len(coords) < 2:
            return None
        lon, lat = _number(coords[0]), _number(coords[1])
        if lon is None or lat is None or not (-180 <= lon <= 180 and -90 <= lat <= 90):
            return None
        return lon, lat
    if kind in ("Polygon", "MultiPolygon"):
        return _inside(geometry)
    return None


def _inside(geometry: dict[str, Any]) -> tuple[float, float] | None:
    import shapely.geometry
    from shapely.errors import GEOSException

    try:
        point = shapely.geometry.shape(geometry).representative_point()
    except (GEOSException, ValueError, TypeError, AttributeError, IndexError, KeyError):
        return None
    if point.is_empty or not (-180 <= point.x <= 180 and -90 <= point.y <= 90):
        return None  # also refuses NaN
    return round(point.x, DECIMALS), round(point.y, DECIMALS)
