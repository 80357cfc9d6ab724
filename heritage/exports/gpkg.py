"""GeoPackage export: a ``sites`` layer and an ``events`` attribute table, via pyogrio.

GDAL stamps each table's ``last_change`` in ``gpkg_contents`` with the current time, which
would make two builds of the same catalogue differ. The config option ``OGR_CURRENT_DATE``
replaces that clock; it is set, for the duration of the write only, to the latest effective
event date of the catalogue, a date that changes only when the data does.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pyogrio

from heritage.catalogue import Catalogue
from heritage.exports.tables import DATE_COLUMNS, PublicTables, iso_day
from heritage.write import write_atomic

#: Used as the GeoPackage's change date when the catalogue has no dated event.
FALLBACK_DATE = "1970-01-01T00:00:00.000Z"


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


def _stringify_dates(frame: pd.DataFrame) -> pd.DataFrame:
    # GPKG has DATE fields, but pyogrio writes pandas datetimes as DATETIME with a zone; an
    # ISO day text reads the same in QGIS and in every SQLite client.
    out = frame.copy()
    for column in DATE_COLUMNS & set(out.columns):
        out[column] = [iso_day(v) for v in out[column]]
    return out


def write_gpkg(catalogue: Catalogue, tables: PublicTables, path: Path) -> list[Path]:
    """Write the GeoPackage (layer ``sites``, table ``events``) atomically.

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
        with _gdal_options(OGR_CURRENT_DATE=data_date(catalogue)):
            pyogrio.write_dataframe(
                _stringify_dates(tables.sites),
                tmp,
                layer="sites",
                driver="GPKG",
                geometry_type="Unknown",
            )
            pyogrio.write_dataframe(
                _stringify_dates(tables.events), tmp, layer="events", driver="GPKG"
            )
        write_atomic(path, Path(tmp).read_bytes())
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
    return [path]
