"""The explicit column types of the exports, as Arrow schemas.

A column's type never depends on the data: ``withdrawn_date`` is ``date32`` whether or not
any site is withdrawn, a text column that is empty in every row is still ``string`` (never
Arrow's ``null`` type, which DuckDB reads as INTEGER), counts are ``int64`` and flags
``bool``. GeoParquet and the GeoPackage are both written from these Arrow tables, so the two
formats share their types (GDAL maps ``date32`` to GeoPackage ``DATE``, ``bool`` to
``BOOLEAN``).

Geometry columns are WKB (``binary``): ``geometry`` is one point per site (see
:attr:`heritage.exports.tables.PublicTables.points`), ``area`` the published polygon where
there is one (a site drawn as an area, or a sensitive site's grid cell).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final

import numpy as np
import pandas as pd
import pyarrow as pa
import shapely

from heritage.exports.tables import EVENT_COLUMNS, SITE_COLUMNS, PublicTables

STRING: Final = pa.string()
DATE: Final = pa.date32()
INTEGER: Final = pa.int64()
FLAG: Final = pa.bool_()
WKB: Final = pa.binary()

#: Type of every column that is not text.
_TYPES: Final[dict[str, pa.DataType]] = {
    "last_observed": DATE,
    "event_count": INTEGER,
    "source_count": INTEGER,
    "generalised": FLAG,
    "withdrawn": FLAG,
    "withdrawn_date": DATE,
    "seq": INTEGER,
    "earliest": DATE,
    "latest": DATE,
    "effective": DATE,
    "approximate": FLAG,
}
#: Columns that are never empty (``status`` is, for an event that asserts none).
_REQUIRED: Final[frozenset[str]] = frozenset(
    {
        "site_id",
        "name",
        "kind",
        "event_count",
        "source_count",
        "generalised",
        "withdrawn",
        "seq",
        "approximate",
    }
)


def _field(name: str) -> pa.Field:
    return pa.field(name, _TYPES.get(name, STRING), nullable=name not in _REQUIRED)


def site_fields(languages: Sequence[str]) -> list[pa.Field]:
    """Return the attribute fields of the sites table (no geometry).

    Parameters
    ----------
    languages
        The ``name_<lang>`` languages, in order (see
        :data:`heritage.exports.tables.NAME_LANGUAGES`).
    """
    names = [pa.field(f"name_{lang}", STRING) for lang in languages]
    return [_field("site_id"), _field("name"), *names, *(_field(c) for c in SITE_COLUMNS[2:])]


def event_fields() -> list[pa.Field]:
    """Return the attribute fields of the events table (no geometry)."""
    return [_field(c) for c in EVENT_COLUMNS]


def _languages(tables: PublicTables) -> list[str]:
    return [c.removeprefix("name_") for c in tables.sites.columns if c.startswith("name_")]


def _array(values: Any, field: pa.Field) -> pa.Array:
    series = pd.Series(values)
    if field.type == DATE:
        # datetime64 -> whole days -> date32; NaT becomes null.
        days = series.astype("datetime64[s]").to_numpy().astype("datetime64[D]")
        return pa.array(days, type=DATE, from_pandas=True)
    dtype = series.dtype
    if field.type == STRING and isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow":
        # Already Arrow text (missing values null): cast, rather than a round trip through
        # one Python object per cell. One contiguous array, as pa.array would make.
        texts = pa.array(series.array)
        if isinstance(texts, pa.ChunkedArray):
            texts = texts.combine_chunks()
        return texts.cast(STRING)
    # from_pandas: NaN and None are both null (text columns from pandas carry NaN).
    return pa.array(series.to_numpy(dtype=object), type=field.type, from_pandas=True)


def wkb_values(geometries: Sequence[Any]) -> list[bytes | None]:
    """Return the WKB of shapely geometries (ISO, little-endian, 2D); None stays None.

    One vectorised call: one call per geometry cost two seconds for the events of 100,000
    sites.
    """
    shapes = np.empty(len(geometries), dtype=object)
    shapes[:] = list(geometries)
    values: list[bytes | None] = shapely.to_wkb(shapes, output_dimension=2).tolist()
    return values


def _wkb(geometries: Sequence[Any]) -> pa.Array:
    return pa.array(wkb_values(geometries), type=WKB)


def _table(frame: Any, fields: list[pa.Field], extra: dict[str, pa.Array]) -> pa.Table:
    arrays = [_array(frame[f.name], f) for f in fields]
    extra_fields = [pa.field(name, WKB) for name in extra]
    schema = pa.schema([*fields, *extra_fields])
    return pa.Table.from_arrays([*arrays, *extra.values()], schema=schema)


def sites_table(tables: PublicTables, *, area: bool = True) -> pa.Table:
    """Return the sites table: attributes, ``geometry`` (a point) and optionally ``area``.

    Parameters
    ----------
    tables
        The public tables.
    area
        Add the ``area`` column (the published polygon, null for points).

    Returns
    -------
    pyarrow.Table
        One row per site, typed by :func:`site_fields`.
    """
    extra = {"geometry": _wkb(tables.points)}
    if area:
        polygons = [
            g if g is not None and g.geom_type != "Point" else None for g in tables.sites.geometry
        ]
        extra["area"] = _wkb(polygons)
    return _table(tables.sites, site_fields(_languages(tables)), extra)


def events_table(tables: PublicTables, *, geometry: bool = True) -> pa.Table:
    """Return the events table, optionally with its site's point as ``geometry``.

    Parameters
    ----------
    tables
        The public tables.
    geometry
        Add the ``geometry`` column (the point of the event's site).

    Returns
    -------
    pyarrow.Table
        One row per event, typed by :func:`event_fields`.
    """
    extra: dict[str, pa.Array] = {}
    if geometry:
        # Each site's point is written as WKB once, then repeated for its events.
        sites = tables.sites["site_id"].tolist()
        by_site = dict(zip(sites, wkb_values(tables.points), strict=True))
        extra["geometry"] = pa.array(
            [by_site.get(s) for s in tables.events["site_id"].tolist()], type=WKB
        )
    return _table(tables.events, event_fields(), extra)
