"""GeoParquet export: ``sites.parquet`` and ``events.parquet``.

Both are GeoParquet 1.1.0 files written from the explicit Arrow schemas of
:mod:`heritage.exports.columns`, so a column's type never depends on the data. The ``geo``
metadata is written here, from the specification, not inferred: geometry as WKB,
``geometry_types`` declared by the column's role (``Point`` for ``geometry``, ``Polygon`` and
``MultiPolygon`` for ``area``) rather than by the rows present, and ``crs`` the PROJJSON of
OGC:CRS84 (longitude, latitude on WGS 84, the catalogue's coordinates).

``sites.parquet`` has one point per site in ``geometry`` (null for a site without
coordinates) and the published polygon, if any, in ``area``; ``events.parquet`` carries its
site's point, so that events can be mapped without a join.

Determinism: the bytes depend only on the data and the library versions (pyarrow writes its
own version as ``created_by``); no clock, no path and no random value is written.
"""

from __future__ import annotations

import io
import json
from functools import cache
from pathlib import Path
from typing import Any, Final

import pyarrow as pa
import pyarrow.parquet as pq
import shapely

from heritage.exports.columns import events_table, sites_table
from heritage.exports.tables import PublicTables
from heritage.write import write_atomic

GEOPARQUET_VERSION: Final[str] = "1.1.0"
#: Declared geometry types of each geometry column (GeoParquet ``geometry_types``).
GEOMETRY_TYPES: Final[dict[str, list[str]]] = {
    "geometry": ["Point"],
    "area": ["Polygon", "MultiPolygon"],
}


@cache
def crs84() -> dict[str, Any]:
    """Return the PROJJSON of OGC:CRS84 (WGS 84 with longitude first)."""
    from pyproj import CRS

    projjson: dict[str, Any] = CRS.from_user_input("OGC:CRS84").to_json_dict()
    return projjson


def _bbox(column: pa.Array) -> list[float] | None:
    shapes = shapely.from_wkb([v for v in column.to_pylist() if v is not None])
    if len(shapes) == 0:
        return None
    return [float(x) for x in shapely.total_bounds(shapes)]


def geo_metadata(table: pa.Table) -> dict[str, Any]:
    """Return the GeoParquet ``geo`` metadata of a table with WKB geometry columns.

    Parameters
    ----------
    table
        A table from :func:`heritage.exports.columns.sites_table` or ``events_table``.

    Returns
    -------
    dict
        ``version``, ``primary_column`` (``geometry``) and ``columns`` with ``encoding``,
        ``geometry_types``, ``crs`` and, when the column has a geometry, ``bbox``.
    """
    columns: dict[str, Any] = {}
    for name, types in GEOMETRY_TYPES.items():
        if name not in table.column_names:
            continue
        column: dict[str, Any] = {
            "encoding": "WKB",
            "geometry_types": types,
            "crs": crs84(),
            "edges": "planar",
        }
        bbox = _bbox(table.column(name).combine_chunks())
        if bbox is not None:
            column["bbox"] = bbox
        columns[name] = column
    return {"version": GEOPARQUET_VERSION, "primary_column": "geometry", "columns": columns}


def parquet_bytes(table: pa.Table) -> bytes:
    """Return a GeoParquet file of a table (zstd-compressed, ``geo`` metadata added)."""
    geo = json.dumps(geo_metadata(table), sort_keys=True, separators=(",", ":"))
    table = table.replace_schema_metadata({"geo": geo})
    buffer = io.BytesIO()
    # zstd is read by every current Parquet reader; statistics help DuckDB skip row groups.
    pq.write_table(table, buffer, compression="zstd")
    return buffer.getvalue()


def write_parquet(tables: PublicTables, sites: Path, events: Path) -> list[Path]:
    """Write ``sites.parquet`` and ``events.parquet`` atomically.

    Returns
    -------
    list of Path
        The files written.
    """
    write_atomic(sites, parquet_bytes(sites_table(tables)))
    write_atomic(events, parquet_bytes(events_table(tables)))
    return [sites, events]
