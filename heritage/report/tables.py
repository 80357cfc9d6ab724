"""The change report as data: one json object, or csv tables of transitions and events."""

from __future__ import annotations

import csv
import io
import json
import math
from typing import Any

import orjson
import pandas as pd

from heritage.changes import ChangeReport
from heritage.history import iso_days
from heritage.report.escape import csv_cell
from heritage.report.present import day

TRANSITION_COLUMNS = (
    "site_id",
    "name",
    "from_status",
    "to_status",
    "date",
    "effective",
    "direction",
    "confidence",
    "reported_by",
    "district",
    "sources",
)
EVENT_COLUMNS = (
    "site_id",
    "name",
    "kind",
    "region",
    "district",
    "date",
    "effective",
    "type",
    "status",
    "sets_status",
    "summary",
    "reported_by",
    "confidence",
    "sources",
)
#: File names written by ``heritage report --format csv -o FOLDER``.
CSV_FILES = ("transitions.csv", "events.csv")


def _value(value: Any) -> Any:
    """Return a JSON-ready value: NaN/NaT become null, timestamps ISO days, numpy scalars."""
    if isinstance(value, list | dict | str | bool) or value is None:
        return value
    if isinstance(value, pd.Timestamp):
        return day(value)
    if isinstance(value, float) and math.isnan(value):
        return None
    if pd.isna(value):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


def _column(values: pd.Series) -> list[Any]:
    """Return a column's values as :func:`_value` makes them, dates formatted at once."""
    if pd.api.types.is_datetime64_dtype(values.dtype):
        return iso_days(values, None)  # as present.day writes them, for the whole column
    return [_value(x) for x in values.tolist()]


def _records(frame: pd.DataFrame, columns: tuple[str, ...] | None = None) -> list[dict[str, Any]]:
    cols = list(columns or frame.columns)
    # Built column by column: pandas rows (itertuples) made a Timestamp of every date.
    values = [_column(frame[c]) for c in cols]
    out = [dict(zip(cols, row, strict=True)) for row in zip(*values, strict=True)]
    for record in out:
        for key in ("effective", "last_observed"):
            if key in record and record[key] is not None:
                record[key] = day(record[key])
    return out


def _counts(frame: pd.DataFrame) -> dict[str, dict[str, int]]:
    return {str(key): {str(c): int(n) for c, n in row.items()} for key, row in frame.iterrows()}


def report_data(report: ChangeReport) -> dict[str, Any]:
    """Return the report as one JSON-ready dict.

    The contract members are ``since``, ``until`` (ISO days), ``transitions`` (one
    ``{site_id, from_status, to_status, date, ...}`` per site whose status as of ``until``
    differs from its status at the start of the window), ``events`` (the events whose
    effective date is in the window: ``{site_id, date, type, status, ...}``) and
    ``status_counts`` (status to number of sites as of ``until``); the other members carry
    the rest of the report.
    """
    timeline = report.counts_over_time
    return {
        "since": report.since.isoformat(),
        "until": report.until.isoformat(),
        "status_counts": report.status_counts(),
        "status_counts_before": report.status_counts("status_since"),
        "before": report.before_text,
        "stale_after_days": report.stale_after,
        # The JSON keeps each transition's events where the CSV lists its sources.
        "transitions": _records(
            report.transitions,
            (*TRANSITION_COLUMNS[:-1], "events"),
        ),
        "events": _records(
            report.events, tuple(c for c in EVENT_COLUMNS if c not in ("kind", "region"))
        ),
        "events_by_status": _counts(report.events_by("status")),
        "events_by_kind": _counts(report.events_by("kind")),
        "events_by_region": _counts(report.events_by("region")),
        "events_by_district": _counts(report.events_by("district")),
        "new_sites": _records(report.new_sites),
        "withdrawn_sites": _records(report.withdrawn_sites),
        "stale_sites": _records(report.stale),
        "never_observed": _records(report.never_observed),
        "sites_by_kind": _counts(report.sites_by("kind")),
        "sites_by_region": _counts(report.sites_by("region")),
        "sites_by_district": _counts(report.sites_by("district")),
        "status_counts_over_time": [
            {"day": day(stamp), **{str(c): int(n) for c, n in row.items()}}
            for stamp, row in timeline.iterrows()
        ],
        "undated_events": report.undated_events,
        "data_through": report.data_through.isoformat() if report.data_through else None,
    }


def render_json(report: ChangeReport) -> str:
    """Return the report as a JSON document (see :func:`report_data`)."""
    return json_text(report_data(report))


def json_text(data: Any) -> str:
    """Return ``json.dumps(data, ensure_ascii=False, indent=2)`` and a final line break.

    The same text, ten times faster: Python's own encoder runs in pure Python once it has
    to indent, so orjson writes it, and Python's encoder only what orjson refuses (a lone
    surrogate, an integer over 64 bits). ``data`` must not hold NaN or an infinity, which
    orjson writes as null (:func:`report_data` has made every missing value None).
    """
    try:
        return orjson.dumps(data, option=orjson.OPT_INDENT_2).decode() + "\n"
    except orjson.JSONEncodeError:
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _csv(rows: list[list[Any]], header: tuple[str, ...]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow([csv_cell(x) for x in row])
    return buffer.getvalue()


def _cell(value: Any) -> Any:
    if isinstance(value, list):
        return " ".join(str(x) for x in value)
    return _value(value)


def render_csv(report: ChangeReport) -> dict[str, str]:
    """Return the transitions and events tables as CSV texts, by file name.

    Returns
    -------
    dict
        ``{"transitions.csv": ..., "events.csv": ...}``. Several sources in one cell are
        separated by spaces; cells that a spreadsheet would run as a formula get a leading
        ``'`` (see :func:`heritage.report.escape.csv_cell`).
    """
    transitions = report.transitions.copy()
    transitions["sources"] = pd.Series(
        [[u for e in events for u in e["sources"]] for events in transitions["events"]],
        index=transitions.index,
        dtype=object,
    )
    tables = {}
    for name, frame, columns in (
        ("transitions.csv", transitions, TRANSITION_COLUMNS),
        ("events.csv", report.events, EVENT_COLUMNS),
    ):
        rows = [
            [day(x) if c == "effective" else _cell(x) for c, x in zip(columns, row, strict=True)]
            for row in frame[list(columns)].itertuples(index=False, name=None)
        ]
        tables[name] = _csv(rows, columns)
    return tables
