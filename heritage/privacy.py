"""Generalised locations for sensitive sites.

A site marked ``location.sensitive: true`` is published only as the grid cell it falls in:
its coordinates are snapped to the centre of a fixed cell (0.1 degree by default). Snapping
is deterministic; random jitter is not used because averaging several jittered copies
recovers the true point. Every public output (map, exports, reports, feed) goes through
:func:`public_geometry`.
"""

from __future__ import annotations

import math
from typing import Any, Final

from heritage.geometry import site_point

DEFAULT_CELL: Final[float] = 0.1


def _snap(value: float, cell: float) -> float:
    # Centre of the cell that contains the value; round() tames binary noise (0.30000000000000004).
    return round((math.floor(value / cell) + 0.5) * cell, 10)


def generalise_point(lon: float, lat: float, cell: float = DEFAULT_CELL) -> tuple[float, float]:
    """Return the centre of the grid cell containing a point.

    Parameters
    ----------
    lon, lat
        The exact position.
    cell
        Cell size in degrees.

    Returns
    -------
    tuple of float
        ``(lon, lat)`` of the cell centre.
    """
    return _snap(lon, cell), _snap(lat, cell)


def cell_polygon(lon: float, lat: float, cell: float = DEFAULT_CELL) -> dict[str, Any]:
    """Return the GeoJSON Polygon of the grid cell containing a point (drawn as an area)."""
    clon, clat = generalise_point(lon, lat, cell)
    half = cell / 2
    west, east = round(clon - half, 10), round(clon + half, 10)
    south, north = round(clat - half, 10), round(clat + half, 10)
    ring = [[west, south], [east, south], [east, north], [west, north], [west, south]]
    return {"type": "Polygon", "coordinates": [ring]}


def public_point(feature: dict[str, Any], cell: float = DEFAULT_CELL) -> tuple[float, float] | None:
    """Return the one point that may be published for a site, or None.

    The site's point (:func:`heritage.geometry.site_point`), or for a sensitive site the
    centre of the grid cell that holds it.
    """
    point = site_point(feature.get("geometry"))
    if point is None:
        return None
    return generalise_point(*point, cell) if is_sensitive(feature) else point


def is_sensitive(feature: dict[str, Any]) -> bool:
    """Return True when a feature is marked ``location.sensitive: true``."""
    props = feature.get("properties") or {}
    loc = props.get("location") or {}
    return isinstance(loc, dict) and loc.get("sensitive") is True


def public_geometry(feature: dict[str, Any], cell: float = DEFAULT_CELL) -> dict[str, Any] | None:
    """Return the geometry that may be published for a feature.

    Sensitive sites get the polygon of their grid cell (whatever their exact geometry);
    other sites keep theirs.

    Parameters
    ----------
    feature
        A GeoJSON feature of the catalogue.
    cell
        Cell size in degrees.

    Returns
    -------
    dict or None
        A GeoJSON geometry, or None when the site has none.
    """
    geometry = feature.get("geometry")
    if not isinstance(geometry, dict):
        return None
    if not is_sensitive(feature):
        return geometry
    point = site_point(geometry)
    return cell_polygon(*point, cell) if point else None
