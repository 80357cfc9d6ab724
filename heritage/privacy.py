"""What of a sensitive site may be published: the one rule, for every output.

A site is *sensitive* unless its ``location.sensitive`` is absent or exactly ``false``
(:func:`sensitive_location`). Any other value (``true``, but also ``"true"``, ``1``,
``null`` or ``"no"``, which ``validate`` rejects) counts as sensitive, so that privacy
never depends on validation having run: a mistake can only hide a point, never publish one.

Of a sensitive site, only this is published:

- its geometry generalised to the grid cell it falls in (:func:`public_geometry`): the
  coordinates are snapped to the centre of a fixed cell (0.1 degree by default). Snapping is
  deterministic; random jitter is not used because averaging several jittered copies
  recovers the true point;
- of its ``location``, only the ``sensitive`` flag (:func:`public_location`): the
  precision, the location's source (often a map link) and note (often directions) and any
  other member may spell out the exact place, and are dropped.

Every public output (map, exports, reports, feed, ``heritage diff``) goes through
:func:`public_geometry` and :func:`public_location`, or :func:`public_feature` which
applies both.
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


def sensitive_location(location: Any) -> bool:
    """Return True unless a ``location`` value says clearly that the site is not sensitive.

    Parameters
    ----------
    location
        The ``location`` member of a site's properties (any JSON value).

    Returns
    -------
    bool
        False when ``location`` is not an object, or has no ``sensitive`` member, or has
        ``"sensitive": false``; True for any other value of ``sensitive``.
    """
    return (
        location.__class__ is dict
        and "sensitive" in location
        and location["sensitive"] is not False
    )


def is_sensitive(feature: dict[str, Any]) -> bool:
    """Return True when a feature is sensitive (see :func:`sensitive_location`)."""
    props = feature.get("properties")
    return props.__class__ is dict and sensitive_location(props.get("location"))


def public_location(location: Any, sensitive: bool | None = None) -> Any:
    """Return what of a ``location`` value may be published.

    Parameters
    ----------
    location
        The ``location`` member of a site's properties.
    sensitive
        Treat the site as sensitive (or not) whatever the value says; by default
        :func:`sensitive_location` decides. ``heritage diff`` forces it when either version
        of a site is sensitive.

    Returns
    -------
    Any
        ``location`` itself for a site that is not sensitive; otherwise an object holding
        only its ``sensitive`` member (as written), or ``{}``.
    """
    if not (sensitive_location(location) if sensitive is None else sensitive):
        return location
    if location.__class__ is dict and "sensitive" in location:
        return {"sensitive": location["sensitive"]}
    return {}


def public_feature(feature: dict[str, Any], sensitive: bool | None = None) -> dict[str, Any]:
    """Return a feature as it may be published (a shallow copy when anything is hidden).

    Parameters
    ----------
    feature
        A GeoJSON feature of the catalogue.
    sensitive
        As for :func:`public_location`.

    Returns
    -------
    dict
        The feature itself when it is not sensitive; otherwise a copy whose geometry is its
        grid cell (:func:`public_geometry`), whose ``location`` is :func:`public_location`,
        and without a feature-level ``bbox`` (which would give the exact extent).
    """
    if not (is_sensitive(feature) if sensitive is None else sensitive):
        return feature
    public = {k: x for k, x in feature.items() if k != "bbox"}
    public["geometry"] = public_geometry(feature, force=True)
    props = feature.get("properties")
    if props.__class__ is dict and "location" in props:
        public["properties"] = {
            **props,
            "location": public_location(props["location"], sensitive=True),
        }
    return public


def public_geometry(
    feature: dict[str, Any], cell: float = DEFAULT_CELL, *, force: bool = False
) -> dict[str, Any] | None:
    """Return the geometry that may be published for a feature.

    Sensitive sites get the polygon of their grid cell (whatever their exact geometry);
    other sites keep theirs.

    Parameters
    ----------
    feature
        A GeoJSON feature of the catalogue.
    cell
        Cell size in degrees.
    force
        Generalise even when the feature itself is not sensitive.

    Returns
    -------
    dict or None
        A GeoJSON geometry, or None when the site has none.
    """
    geometry = feature.get("geometry")
    if not isinstance(geometry, dict):
        return None
    if not (force or is_sensitive(feature)):
        return geometry
    try:
        point = site_point(geometry)
        return cell_polygon(*point, cell) if point else None
    except (TypeError, ValueError, OverflowError):
        # Coordinates too large to snap to a cell: nothing can be published of them.
        return None
