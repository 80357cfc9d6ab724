"""CSV exports for spreadsheets: ``sites.csv`` and ``events.csv``.

UTF-8 without a byte-order mark, one header row, RFC 4180 quoting. Sites carry
``longitude``/``latitude`` columns: the point of
:attr:`heritage.exports.tables.PublicTables.points` (a sensitive site: the centre of its grid
cell, with ``generalised`` true); ``geometry_type`` says what is published (``Point``,
``Polygon``...).

Spreadsheet formula injection is defused: a text cell that starts with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return would be run as a formula by Excel, LibreOffice or Google
Sheets, so it is written with a leading apostrophe (``'=HYPERLINK(...)``), which spreadsheets
show as text. Number columns (coordinates, counts) are written as numbers and never changed.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from heritage.catalogue import Catalogue
from heritage.exports.tables import DATE_COLUMNS, PublicTables, iso_day
from heritage.spreadsheet import defuse
from heritage.write import write_atomic


def _cell(value: Any, column: str) -> str | int | float:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float) and not isinstance(value, bool):
        if isinstance(value, float) and math.isnan(value):
            return ""
        return value
    if column in DATE_COLUMNS:
        return iso_day(value) or ""
    if not isinstance(value, str) and pd.isna(value):
        return ""
    return defuse(str(value))


def csv_text(columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """Return a CSV document: one header row, then one row per record, cells defused.

    Parameters
    ----------
    columns
        Header names.
    rows
        Records, each with one value per column.

    Returns
    -------
    str
        The CSV text (CRLF line ends, as RFC 4180 and spreadsheets expect).
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(v, c) for v, c in zip(row, columns, strict=True)])
    return buffer.getvalue()


def sites_csv(tables: PublicTables) -> str:
    """Return ``sites.csv``: the public sites table with longitude/latitude columns."""
    sites = tables.sites
    columns = [c for c in sites.columns if c != "geometry"]
    records = []
    for values, point in zip(
        sites[columns].itertuples(index=False, name=None), tables.points, strict=True
    ):
        lon, lat = (point.x, point.y) if point is not None else (None, None)
        records.append([*values, lon, lat])
    return csv_text([*columns, "longitude", "latitude"], records)


def events_csv(tables: PublicTables) -> str:
    """Return ``events.csv``: one row per history event."""
    events = tables.events
    return csv_text(list(events.columns), events.itertuples(index=False, name=None))


def write_csv(catalogue: Catalogue, tables: PublicTables, sites: Path, events: Path) -> list[Path]:
    """Write ``sites.csv`` and ``events.csv`` atomically.

    Returns
    -------
    list of Path
        The files written.
    """
    write_atomic(sites, sites_csv(tables))
    write_atomic(events, events_csv(tables))
    return [sites, events]
