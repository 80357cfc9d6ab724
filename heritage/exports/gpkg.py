"""GeoPackage export (``sites.gpkg``), written with GDAL through pyogrio's Arrow writer.

Layers, each with a declared geometry type so that QGIS offers each as one layer:

``sites`` (Point)
    Every site, one row each: its point, a point inside its polygon, or a sensitive site's
    cell centre (``generalised`` true); a site without coordinates has a null geometry and
    stays in the table.
``sensitive_cells`` (Polygon)
    The 0.1-degree grid cell of each sensitive site.
``site_areas`` (MultiPolygon)
    The polygon of each site drawn as an area (not sensitive).
``events`` (attributes)
    One row per history event, ``site_id`` naming its site.

Column types come from :mod:`heritage.exports.columns` (dates are GeoPackage ``DATE``). The
file is GeoPackage 1.2 (GDAL 3.6, as shipped by Debian 12 and QGIS LTR builds, warns when
it opens a later version). A default QGIS style for each map layer is stored in
``layer_styles`` (see :mod:`heritage.exports.qgis_style`), and the relation of ``sites`` to
``events`` is declared with the Related Tables Extension (:mod:`heritage.exports.gpkg_extras`).

GDAL stamps each table's ``last_change`` with the current time, which would make two builds
of the same catalogue differ. The config option ``OGR_CURRENT_DATE`` replaces that clock; it
is set, for the duration of the write only, to the latest effective event date of the
catalogue, a date that changes only when the data does.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Final

import numpy as np
import pandas as pd
import pyarrow as pa
import pyogrio
import shapely
from pyogrio.raw import write_arrow

from heritage.catalogue import Catalogue
from heritage.exports.columns import STRING, WKB, events_table, sites_table, wkb_values
from heritage.exports.gpkg_extras import declare_relation, styles_table
from heritage.exports.tables import PublicTables, iso_day
from heritage.write import write_atomic

#: shapely's type id of a Point (``shapely.get_type_id``).
POINT: Final[int] = 0
#: Used as the GeoPackage's change date when the catalogue has no dated event.
FALLBACK_DATE = "1970-01-01T00:00:00.000Z"
#: GeoPackage version written (GDAL creation option ``VERSION``).
GPKG_VERSION: Final[str] = "1.2"
#: Name of the geometry column in every spatial table (QGIS's own default).
GEOMETRY_COLUMN: Final[str] = "geom"
#: Spatial layers: name, geometry type, QGIS symbol kind.
SPATIAL_LAYERS: Final[tuple[tuple[str, str, str], ...]] = (
    ("sites", "Point", "marker"),
    ("sensitive_cells", "Polygon", "fill"),
    ("site_areas", "MultiPolygon", "fill"),
)
_DESCRIPTIONS: Final[dict[str, str]] = {
    "sites": "Every site as one point (sensitive sites: their cell centre; none: null).",
    "sensitive_cells": "The 0.1-degree grid cell of each sensitive site.",
    "site_areas": "The polygon of each site drawn as an area.",
    "events": "One row per history event of a site (site_id).",
}


def data_date(catalogue: Catalogue) -> str:
    """Return the catalogue's latest effective event date as a GDAL timestamp."""
    latest = catalogue.events["effective"].max()
    if pd.isna(latest):
        return FALLBACK_DATE
    return f"{iso_day(latest)}T00:00:00.000Z"


@contextlib.contextmanager
def _gdal_options(**options: str) -> Iterator[None]:
    """Set GDAL config options inside the block and restore the previous values."""
    previous = {key: pyogrio.get_gdal_config_option(key) for key in options}
    pyogrio.set_gdal_config_options(dict(options))
    try:
        yield
    finally:
        pyogrio.set_gdal_config_options(previous)


def area_table(tables: PublicTables, generalised: bool) -> pa.Table:
    """Return the polygons of sensitive sites (their cells) or of other area sites.

    Parameters
    ----------
    tables
        The public tables.
    generalised
        True for the cells of sensitive sites, False for sites drawn as an area.

    Returns
    -------
    pyarrow.Table
        ``site_id``, ``name``, ``status`` and ``geometry`` (WKB; MultiPolygon for areas).
    """
    sites = tables.sites
    # Chosen column-wise (shapely types, numpy masks): iterating the pandas columns row by
    # row cost half a second at 100,000 sites.
    shapes = sites.geometry.to_numpy()
    kinds = shapely.get_type_id(shapes)  # -1 for a site without geometry
    flags = sites["generalised"].to_numpy(dtype=bool)
    chosen = np.flatnonzero((kinds >= 0) & (kinds != POINT) & (flags == generalised)).tolist()
    geometries = []
    for i in chosen:
        shape = shapes[i]
        if not generalised and shape.geom_type == "Polygon":
            shape = shapely.MultiPolygon([shape])
        geometries.append(shape)
    rows: dict[str, list[Any]] = {
        column: [values[i] for i in chosen]
        for column, values in (
            ("site_id", sites["site_id"].tolist()),
            ("name", sites["name"].tolist()),
            ("status", sites["status"].tolist()),
        )
    }
    rows["geometry"] = wkb_values(geometries)
    schema = pa.schema(
        [
            pa.field("site_id", STRING, nullable=False),
            pa.field("name", STRING, nullable=False),
            pa.field("status", STRING),
            pa.field("geometry", WKB),
        ]
    )
    return pa.Table.from_pydict(rows, schema=schema)


def _write(path: str, table: pa.Table, layer: str, geometry_type: str | None, first: bool) -> None:
    options: dict[str, Any] = {"driver": "GPKG", "layer": layer}
    layer_options = {"FID": "fid", "IDENTIFIER": layer, "DESCRIPTION": _DESCRIPTIONS[layer]}
    if geometry_type is not None:
        options.update(geometry_name="geometry", geometry_type=geometry_type, crs="EPSG:4326")
        layer_options["GEOMETRY_NAME"] = GEOMETRY_COLUMN
    if first:
        options["dataset_options"] = {"VERSION": GPKG_VERSION}
    write_arrow(table, path, layer_options=layer_options, **options)


def gpkg_file(catalogue: Catalogue, tables: PublicTables, path: str) -> None:
    """Write the GeoPackage of a catalogue to a new file (not atomically: see write_gpkg)."""
    stamp = data_date(catalogue)
    with _gdal_options(OGR_CURRENT_DATE=stamp):
        _write(path, sites_table(tables, area=False), "sites", "Point", first=True)
        _write(path, area_table(tables, True), "sensitive_cells", "Polygon", first=False)
        _write(path, area_table(tables, False), "site_areas", "MultiPolygon", first=False)
        _write(path, events_table(tables, geometry=False), "events", None, first=False)
        layers = [(name, kind) for name, _, kind in SPATIAL_LAYERS]
        write_arrow(
            styles_table(layers, GEOMETRY_COLUMN, stamp),
            path,
            layer="layer_styles",
            driver="GPKG",
            layer_options={"FID": "id"},
        )
    declare_relation(path, stamp)


def write_gpkg(catalogue: Catalogue, tables: PublicTables, path: Path) -> list[Path]:
    """Write the GeoPackage (see the module documentation) atomically.

    Parameters
    ----------
    catalogue
        The catalogue (for its data date).
    tables
        Its public tables.
    path
        Destination ``.gpkg`` file.

    Returns
    -------
    list of Path
        The file written.
    """
    # GDAL writes the file in several steps: build it in a private temporary file and move
    # the finished bytes into place, so that a reader never sees half a GeoPackage.
    fd, tmp = tempfile.mkstemp(suffix=".gpkg")
    os.close(fd)
    os.unlink(tmp)
    try:
        gpkg_file(catalogue, tables, tmp)
        write_atomic(path, Path(tmp).read_bytes())
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
    return [path]
