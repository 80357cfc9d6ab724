"""Dates at the edges of what validate accepts go through every command (issue 9, finding 5).

Whatever ``heritage validate`` accepts, every command must handle: the first day a date can
name (0001-01-01, and the year, month and interval forms around it) builds every output.
Dates validate refuses (after today, up to 9999-12-31) never crash a command either: the
validating commands refuse them with a message, and the ones given --no-check, the map and
the diff show them.
"""

from __future__ import annotations

import json
import xml.dom.minidom
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from report_data import collection, event, feature

from heritage.cli import cli
from heritage.maps.data import build_data

TODAY = "2026-01-01"
#: Valid: the earliest dates and every form around them.
EARLY = [
    "0001-01-01",
    "0001",
    "0001-01",
    "0001-02",
    "0001/0002",
    "../0001",
    "0001/..",
    "0001-12-31/0002-01",
    "0001/2020-06",
    "0999-12-31",
]
#: Refused by validate (future-date) but handled by the commands that do not validate.
LATE = ["9999-12-31", "9999", "9999-12", "9998/9999", "../9999", "9999/..", "0001/9999"]


def edge_catalogue(dates: list[str]) -> dict[str, Any]:
    sites = [
        feature(
            f"s{i}",
            [event(d, "damaged", url=f"https://example.org/{i}"), event("2020", "intact")]
            if dates is EARLY
            else [event("2020", "intact"), event(d, "damaged", url=f"https://example.org/{i}")],
            coords=(46.5 + i * 0.01, 39.5),
        )
        for i, d in enumerate(dates)
    ]
    return collection(*sites)


def write(path: Path, data: dict[str, Any]) -> Path:
    path.write_text(json.dumps(data, indent=1), encoding="utf-8")
    return path


def invoke(*args: str) -> Any:
    result = CliRunner().invoke(cli, list(args))
    # never a traceback: only SystemExit, with 0, 1 or 2
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


def test_the_earliest_dates_pass_validate_and_build_everything(tmp_path):
    path = write(tmp_path / "sites.geojson", edge_catalogue(EARLY))
    assert invoke("validate", str(path)).exit_code == 0
    result = invoke("build", str(path), "-o", str(tmp_path / "out"), "--today", TODAY)
    assert result.exit_code == 0, result.output
    all_time = (tmp_path / "out" / "reports" / "all-time.md").read_text(encoding="utf-8")
    assert "0001-01-01 to 2026-01-01" in all_time
    assert "0000-12-31" in all_time  # the day before the window, which Python cannot name
    xml.dom.minidom.parse(str(tmp_path / "out" / "reports" / "feed.xml"))
    assert (tmp_path / "out" / "exports" / "sites.gpkg").stat().st_size > 0


@pytest.mark.parametrize("fmt", ["md", "html", "json"])
@pytest.mark.parametrize(
    ("since", "until"), [("0001", TODAY), ("0001-01-01", "0001-01-31"), ("0001-01-02", "0002")]
)
def test_reports_over_windows_at_the_edge(tmp_path, fmt, since, until):
    path = write(tmp_path / "sites.geojson", edge_catalogue(EARLY))
    result = invoke("report", str(path), "--since", since, "--until", until, "--format", fmt)
    assert result.exit_code == 0, result.output
    if fmt == "json":
        data = json.loads(result.output)
        assert data["since"] == dates_iso(since)


def dates_iso(text: str) -> str:
    return text if len(text) == 10 else f"{text}-01-01"


def test_report_csv_and_feed_at_the_edge(tmp_path):
    path = write(tmp_path / "sites.geojson", edge_catalogue(EARLY))
    csv = invoke(
        "report", str(path), "--since", "0001", "--format", "csv", "-o", str(tmp_path / "csv")
    )
    assert csv.exit_code == 0, csv.output
    assert "0001-01-01" in (tmp_path / "csv" / "events.csv").read_text(encoding="utf-8")
    feed = invoke("feed", str(path))
    assert feed.exit_code == 0
    xml.dom.minidom.parseString(feed.stdout_bytes)


def test_late_dates_are_refused_by_validate_and_handled_without_it(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = write(tmp_path / "sites.geojson", edge_catalogue(LATE))
    checked = invoke("validate", str(path))
    assert checked.exit_code == 1 and "future-date" in checked.output
    build = invoke("build", str(path), "-o", str(tmp_path / "out"), "--today", TODAY)
    assert build.exit_code == 1 and "nothing was written" in build.output
    for fmt in ("md", "html", "json"):
        report = invoke("report", str(path), "--since", "0001", "--until", "9999-12-31",
                        "--no-check", "--format", fmt)  # fmt: skip
        assert report.exit_code == 0, report.output
    assert invoke("feed", str(path), "--no-check").exit_code == 0
    assert invoke("map", str(path), "-o", "maps").exit_code == 2  # validates: refused
    assert invoke("map", str(path), "-o", "maps", "--no-check").exit_code == 0


@pytest.mark.parametrize("dates", [EARLY, LATE])
@pytest.mark.parametrize("fmt", ["text", "md", "json"])
def test_diff_at_the_edges(tmp_path, dates, fmt):
    base = write(tmp_path / "a.geojson", collection())
    head = write(tmp_path / "b.geojson", edge_catalogue(dates))
    result = invoke("diff", "--base-file", str(base), "--head-file", str(head), "--format", fmt)
    assert result.exit_code == 0, result.output
    if fmt == "json":
        added = json.loads(result.output)["added_sites"]
        assert {s["status"] for s in added} == ({"intact"} if dates is EARLY else {"damaged"})


@pytest.mark.parametrize("dates", [EARLY, LATE])
def test_map_data_at_the_edges(dates):
    data = build_data(edge_catalogue(dates))
    assert not [i for i in data.issues if "date" in i.code]
    days = [d for d in data.block["events"]["day"] if d is not None]
    assert min(days) >= -719162 and max(days) <= 2932896  # 0001-01-01 .. 9999-12-31


@pytest.mark.parametrize("today", ["0001-01-01", "0001-06-30", "9999-12-31"])
def test_build_on_the_first_and_last_days(tmp_path, today):
    path = write(tmp_path / "sites.geojson", edge_catalogue(EARLY))
    result = invoke("build", str(path), "-o", str(tmp_path / "out"), "--today", today)
    assert result.exit_code == 0, result.output
    recent = (tmp_path / "out" / "reports" / "last-12-months.md").read_text(encoding="utf-8")
    first = "0001-01-01" if today.startswith("0001") else "9999-01-01"
    assert f"{first} to {today}" in recent


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_a_report_window_that_ends_on_the_last_day(tmp_path, fmt):
    path = write(tmp_path / "sites.geojson", edge_catalogue(LATE))
    result = invoke("report", str(path), "--since", "9990", "--until", "9999-12-31",
                    "--no-check", "--format", fmt)  # fmt: skip
    assert result.exit_code == 0, result.output


def test_messages_write_years_with_four_digits():
    from heritage import dates

    with pytest.raises(dates.DateFormatError, match="does not exist in 0002-02"):
        dates.parse("0002-02-29")
