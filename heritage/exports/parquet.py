"""GeoParquet export: ``sites.parquet`` and ``events.parquet``.

Both are GeoParquet 1.x files (geometry as WKB with the ``geo`` metadata written by
geopandas). ``events.parquet`` carries the geometry of its site (generalised for sensitive
sites, like everywhere else) so that events can be mapped without a join. Dates are Parquet
``date32`` values.

Determinism: the bytes depend only on the data and the library versions (pyarrow writes its
own version as ``created_by``, geopandas its version in the ``geo`` metadata); no clock, no
path and no random value is written.
"""

from __future__ import annotations

import io
from pathlib import Path

import geopandas as gpd
import pandas as pd

from heritage.exports.tables import DATE_COLUMNS, PublicTables
from heritage.write import write_atomic


def _dates(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for column in DATE_COLUMNS & set(out.columns):
        out[column] = [None if pd.isna(v) else pd.Timestamp(v).date() for v in out[column]]
    return out


def _parquet_bytes(frame: gpd.GeoDataFrame) -> bytes:
    buffer = io.BytesIO()
    # index=False: the site ids are a column already; a RangeIndex would add pandas metadata
    # noise. Compression: zstd is read by every current Parquet reader.
    _dates(frame).to_parquet(buffer, index=False, compression="zstd")
    return buffer.getvalue()


def events_frame(tables: PublicTables) -> gpd.GeoDataFrame:
    """Return the events table with its site's public geometry."""
    geometry = tables.sites.set_index("site_id").geometry
    located = geometry.reindex(tables.events["site_id"]).to_numpy()
    return gpd.GeoDataFrame(tables.events.copy(), geometry=located, crs=tables.sites.crs)


def write_parquet(tables: PublicTables, sites: Path, events: Path) -> list[Path]:
    """Write ``sites.parquet`` and ``events.parquet`` atomically.

    Returns
    -------
    list of Path
        The files written.
    """
    write_atomic(sites, _parquet_bytes(tables.sites))
    write_atomic(events, _parquet_bytes(events_frame(tables)))
    return [sites, events]
