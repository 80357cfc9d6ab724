"""Read a spreadsheet (CSV) of sites or events through a column mapping.

A mapping says which column holds which field (see :mod:`heritage.imports.fields`), given as
``field=Column`` pairs (``--map name="Site Name"``) or as a JSON file of the same pairs
(``{"name": "Site Name", "kind": "Type"}``). Without a mapping, columns named like fields
are used as they are. Columns that no field uses are reported, not silently dropped.

Rows are numbered as spreadsheets number them: the header is row 1, the first record row 2
(a record whose cell holds a line break still counts as one row).
"""

from __future__ import annotations

import csv
import difflib
import io
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from heritage.document import read_bytes
from heritage.errors import CatalogueNotFoundError, CatalogueReadError, InvalidArgumentError
from heritage.imports.encoding import decode_named
from heritage.imports.fields import EVENT_FIELDS, SITE_FIELDS, is_event_field, is_site_field
from heritage.imports.merge import Row
from heritage.text import MAX_FIELD


@dataclass(frozen=True)
class Sheet:
    """Rows read from a spreadsheet.

    Attributes
    ----------
    rows
        The records, as fields.
    ignored
        Columns of the file that no field uses.
    """

    rows: list[Row]
    ignored: list[str]


def parse_mapping(pairs: Iterable[str]) -> dict[str, str]:
    """Parse ``field=Column`` pairs into a mapping.

    Raises
    ------
    InvalidArgumentError
        When a pair has no ``=``.
    """
    mapping: dict[str, str] = {}
    for pair in pairs:
        name, sep, column = pair.partition("=")
        if not sep or not name.strip():
            raise InvalidArgumentError(f"--map '{pair}': write field=Column, e.g. name=Site Name")
        mapping[name.strip()] = column
    return mapping


def load_mapping(path: str | Path) -> dict[str, str]:
    """Read a JSON mapping file (an object of field to column name)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise CatalogueNotFoundError(f"{path}: no such file") from exc
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CatalogueReadError(f"{path}: not a JSON mapping file ({exc})") from exc
    if not isinstance(data, dict) or not all(
        isinstance(k, str) and isinstance(val, str) for k, val in data.items()
    ):
        raise InvalidArgumentError(f'{path}: the mapping must be an object {{"field": "Column"}}')
    return data


def csv_records(text: str, path: str | Path) -> Iterator[list[str]]:
    """Yield the records of CSV text, turning a malformed file into a message.

    Python's reader refuses a cell over 131,072 characters (``csv.field_size_limit``);
    no field of the catalogue takes more than :data:`heritage.text.MAX_FIELD`, so the
    limit is kept and reported as such.

    Raises
    ------
    CatalogueReadError
        When a record cannot be read, with its line.
    """
    reader = csv.reader(io.StringIO(text, newline=""))
    while True:
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            limit = csv.field_size_limit()
            reason = (
                f"a cell is longer than {limit:,} characters; no field of the catalogue "
                f"takes more than {MAX_FIELD:,}"
                if "field limit" in str(exc)
                else str(exc)
            )
            raise CatalogueReadError(
                f"{path}:{reader.line_num}: not readable CSV: {reason}"
            ) from exc
        yield record


def read_sheet(
    path: str | Path, kind: str, mapping: dict[str, str] | None = None, encoding: str = "utf-8"
) -> Sheet:
    """Read a CSV of ``sites`` or ``events`` into rows of fields.

    Parameters
    ----------
    path
        The CSV file (one header row).
    kind
        ``sites`` or ``events``.
    mapping
        Field to column name; None uses the columns named like fields.
    encoding
        The file's text encoding (a UTF-8 byte-order mark is always accepted).

    Returns
    -------
    Sheet
        The rows and the unused columns.

    Raises
    ------
    heritage.errors.HeritageError
        When the file cannot be read, or the mapping names an unknown field or a missing
        column.
    """
    accepts: Callable[[str], bool] = is_site_field if kind == "sites" else is_event_field
    known = SITE_FIELDS if kind == "sites" else EVENT_FIELDS
    text = decode_named(read_bytes(path), encoding, path)
    reader = csv_records(text, path)
    header = next(reader, None)
    if not header:
        raise InvalidArgumentError(f"{path}: the file is empty; it needs a header row")
    columns = {name: i for i, name in enumerate(header)}
    if mapping is None:
        mapping = {name: name for name in header if accepts(name)}
        if not mapping:
            shown = ", ".join(repr(c[:40]) for c in header[:8])
            raise InvalidArgumentError(
                f"{path}: no column is named like a {kind[:-1]} field (the header reads "
                f"{shown}); give --map field=Column, or check --encoding"
            )
    for name, column in mapping.items():
        if not accepts(name):
            close = difflib.get_close_matches(name, known, n=1)
            hint = f" Did you mean '{close[0]}'?" if close else ""
            raise InvalidArgumentError(
                f"'{name}' is not a {kind[:-1]} field.{hint} Fields: {', '.join(known)}"
            )
        if column not in columns:
            raise InvalidArgumentError(
                f"{path}: no column '{column}' (for {name}); columns are: {', '.join(header)}"
            )
    rows = []
    for number, record in enumerate(reader, start=2):
        if not any(cell.strip() for cell in record):
            continue  # blank lines at the end of a sheet
        cells = {
            name: record[columns[column]] if columns[column] < len(record) else ""
            for name, column in mapping.items()
        }
        rows.append(Row(number, cells))
    used = set(mapping.values())
    return Sheet(rows, [c for c in header if c not in used])
