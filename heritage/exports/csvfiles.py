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
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Final

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import shapely

from heritage.catalogue import Catalogue
from heritage.exports.tables import DATE_COLUMNS, PublicTables, iso_day
from heritage.history import iso_days
from heritage.spreadsheet import FORMULA_PREFIXES, defuse
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


#: The first characters of the formula prefixes: :func:`heritage.spreadsheet.defuse` leaves
#: every cell that starts with none of them unchanged.
_FORMULA_FIRST: Final = pa.array(sorted({prefix[:1] for prefix in FORMULA_PREFIXES}))


def _arrow_text_cells(values: pd.Series) -> list[str]:
    """Return the cells of an Arrow-backed text column (missing values empty).

    Arrow finds the few cells that may start a formula; only those pass through
    :func:`heritage.spreadsheet.defuse` (which decides), instead of every cell of the
    column through Python.
    """
    texts = pa.array(values.array)
    first = pc.utf8_slice_codeunits(texts, 0, 1)
    maybe = pc.fill_null(pc.is_in(first, value_set=_FORMULA_FIRST), False)
    cells: list[str] = pc.fill_null(texts, "").to_pylist()
    for i in np.flatnonzero(maybe.to_numpy(zero_copy_only=False)).tolist():
        cells[i] = defuse(cells[i])
    return cells


def _column_cells(values: pd.Series, column: str) -> list[Any]:
    """Return the cells of one column: what :func:`_cell` gives for each of its values.

    Built column by column, not row by row: iterating pandas rows made a Timestamp of every
    date and went through pandas for every Arrow text cell (8 s at 100,000 sites). Flags
    and numbers are converted by numpy at once, dates are factorised (each distinct day
    formatted once), Arrow text is defused where it may need it.
    """
    dtype = values.dtype
    if isinstance(dtype, np.dtype) and dtype.kind == "b":
        flags: list[str] = np.where(values.to_numpy(), "true", "false").tolist()
        return flags
    if isinstance(dtype, np.dtype) and dtype.kind in "iu":
        return values.tolist()  # Python ints, written as numbers
    if isinstance(dtype, np.dtype) and dtype.kind == "M":
        return iso_days(values, "")  # YYYY-MM-DD as iso_day writes it
    if column in DATE_COLUMNS:  # a date column of another type: value by value
        return [_cell(v, column) for v in values.tolist()]
    if isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow":
        return _arrow_text_cells(values)
    # Other columns (text with None, numbers in an object column...): text cells straight
    # to defuse, anything else as _cell decides.
    return [defuse(v) if v.__class__ is str else _cell(v, column) for v in values.tolist()]


def _columns_text(columns: Sequence[str], cells: Sequence[list[Any]]) -> str:
    """Return a CSV document: one header row, then the rows of columns of cells.

    Parameters
    ----------
    columns
        Header names.
    cells
        One list of cells per column (from :func:`_column_cells`), all of the same length.

    Returns
    -------
    str
        The CSV text (CRLF line ends, as RFC 4180 and spreadsheets expect).
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    writer.writerows(zip(*cells, strict=True))
    return buffer.getvalue()


def sites_csv(tables: PublicTables) -> str:
    """Return ``sites.csv``: the public sites table with longitude/latitude columns."""
    sites = tables.sites
    columns = [c for c in sites.columns if c != "geometry"]
    cells = [_column_cells(sites[c], c) for c in columns]
    points = np.array(tables.points, dtype=object)
    # shapely gives NaN for a site without a point, written as an empty cell.
    for coordinate in (shapely.get_x(points), shapely.get_y(points)):
        cells.append(["" if math.isnan(x) else x for x in coordinate.tolist()])
    return _columns_text([*columns, "longitude", "latitude"], cells)


def events_csv(tables: PublicTables) -> str:
    """Return ``events.csv``: one row per history event."""
    events = tables.events
    columns = list(events.columns)
    return _columns_text(columns, [_column_cells(events[c], c) for c in columns])


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
