"""One privacy rule for every output (issue 9, findings 2 and 3).

A sensitive site is published only as its 0.1-degree grid cell, without its location's
source, note or precision. Every output is built here from catalogues whose sensitive sites
carry unique markers in their coordinates, location note and location source, and no
written byte may hold a marker: the whole build (maps, reports, feed, exports), every
report format, the feed, and heritage diff in every format. Any value of
``location.sensitive`` other than a literal ``false`` counts as sensitive in the writers
that run without validation (``--no-check``, ``heritage diff``), and ``heritage map``
validates first.
"""

from __future__ import annotations

import copy
import json
import struct
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from report_data import collection, event, feature

from heritage import privacy
from heritage.cli import cli

#: Values of location.sensitive that validate rejects: all must hide the site.
NOT_LITERAL_FALSE: list[Any] = [True, "true", 1, None, "false", "no", 0, [], {}]
TODAY = "2026-01-01"


def _coords(i: int) -> tuple[float, float]:
    return round(45.13579 + i * 0.2, 5), round(39.24681 + i * 0.01, 5)


def sensitive_site(i: int, flag: Any, moved: bool = False) -> dict[str, Any]:
    lon, lat = _coords(i)
    if moved:
        lon, lat = round(lon + 0.00123, 5), round(lat + 0.00123, 5)
    location = {
        "precision": "site",
        "sensitive": flag,
        "note": f"NOTE-MARKER-{i}{'-moved' if moved else ''}: behind the school",
        "source": f"https://maps.example.org/SOURCE-MARKER-{i}{'-moved' if moved else ''}",
    }
    return feature(
        f"secret-{i}",
        [event("2020-05-01", "intact"), event("2024-02-01", "damaged")],
        coords=(lon, lat),
        location=location,
    )


def markers(count: int) -> list[bytes]:
    """Every form a leaked marker could take: texts, and coordinates as text and binary."""
    found: list[bytes] = []
    for i in range(count):
        found += [f"NOTE-MARKER-{i}".encode(), f"SOURCE-MARKER-{i}".encode()]
        for moved in (0.0, 0.00123):
            lon, lat = _coords(i)
            for value in (round(lon + moved, 5), round(lat + moved, 5)):
                found += [f"{value:.5f}".encode(), f"{value:.4f}".encode()]
                found += [struct.pack(f, value) for f in ("<d", ">d", "<f", ">f")]
    return found


def assert_no_marker(data: bytes, count: int, where: str) -> None:
    for marker in markers(count):
        assert marker not in data, (where, marker)


def catalogue(flags: list[Any], moved: bool = False) -> dict[str, Any]:
    public = feature("open-site", [event("2021", "intact")], coords=(46.5, 39.5))
    return collection(public, *(sensitive_site(i, f, moved) for i, f in enumerate(flags)))


def write(path: Path, data: dict[str, Any]) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def invoke(*args: str) -> Any:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.mark.parametrize("flag", NOT_LITERAL_FALSE)
def test_only_literal_false_is_not_sensitive(flag):
    assert privacy.sensitive_location({"sensitive": flag}) is True
    assert privacy.sensitive_location({"sensitive": False}) is False
    assert privacy.sensitive_location({"precision": "exact"}) is False
    assert privacy.sensitive_location("sensitive") is False  # no flag at all
    site = sensitive_site(0, flag)
    public = privacy.public_feature(site)
    assert public["properties"]["location"] == {"sensitive": flag}
    assert public["geometry"]["type"] == "Polygon"
    assert site["properties"]["location"]["note"].startswith("NOTE-MARKER")  # not changed


def test_a_valid_build_and_every_report_hold_no_marker(tmp_path):
    path = write(tmp_path / "sites.geojson", catalogue([True, True]))
    result = invoke("build", str(path), "-o", str(tmp_path / "out"), "--today", TODAY)
    assert result.exit_code == 0, result.output
    files = [p for p in (tmp_path / "out").rglob("*") if p.is_file()]
    assert len(files) >= 14
    for file in files:
        assert_no_marker(file.read_bytes(), 2, str(file))
    for fmt in ("md", "html", "json"):
        out = tmp_path / f"report.{fmt}"
        invoke("report", str(path), "--since", "2019", "--until", TODAY, "-o", str(out))
        assert_no_marker(out.read_bytes(), 2, fmt)
    invoke("report", str(path), "--since", "2019", "--until", TODAY, "-o", str(tmp_path / "csv"),
           "--format", "csv")  # fmt: skip
    for file in (tmp_path / "csv").iterdir():
        assert_no_marker(file.read_bytes(), 2, str(file))
    feed = invoke("feed", str(path))
    assert_no_marker(feed.stdout_bytes, 2, "feed")


def test_unvalidated_writers_hide_every_value_but_false(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = write(tmp_path / "sites.geojson", catalogue(NOT_LITERAL_FALSE))
    count = len(NOT_LITERAL_FALSE)
    result = invoke("map", str(path), "-o", str(tmp_path / "maps"), "--no-check")
    assert result.exit_code == 0, result.output
    for page in (tmp_path / "maps").iterdir():
        assert_no_marker(page.read_bytes(), count, str(page))
    # The report and the feed check the file's shape even with --no-check: a flag that is not
    # a boolean is refused there (exit 2, nothing written) rather than read; either way no
    # exact position is published.
    for fmt in ("md", "html", "json"):
        report = invoke("report", str(path), "--since", "2019", "--until", TODAY, "--no-check",
                        "--format", fmt)  # fmt: skip
        assert report.exit_code in (0, 2), report.output
        assert report.exit_code == 0 or "not a catalogue the commands can read" in report.output
        assert_no_marker(report.stdout_bytes, count, fmt)
    feed = invoke("feed", str(path), "--no-check")
    assert feed.exit_code in (0, 2), feed.output
    assert_no_marker(feed.stdout_bytes, count, "feed")


def test_heritage_map_validates_first(tmp_path):
    path = write(tmp_path / "sites.geojson", catalogue(["true"]))
    out = tmp_path / "maps"
    result = CliRunner().invoke(cli, ["map", str(path), "-o", str(out)])
    assert result.exit_code == 2
    assert "map: nothing was written" in result.output
    assert "error[wrong-type] secret-0: 'sensitive'" in result.output  # the message
    assert not out.exists()


@pytest.mark.parametrize("fmt", ["text", "md", "json"])
def test_diff_shows_no_location_detail_of_a_sensitive_site(tmp_path, fmt):
    flags = [True, "true", None]
    base = catalogue(flags)
    head = catalogue(flags, moved=True)  # note, source and coordinates all changed
    head["features"].append(sensitive_site(len(flags), True))  # a new sensitive site
    # a site that becomes sensitive: its old details are not shown either
    base["features"].append(sensitive_site(len(flags) + 1, False))
    head["features"].append(sensitive_site(len(flags) + 1, True, moved=True))
    write(tmp_path / "a.geojson", base)
    write(tmp_path / "b.geojson", head)
    args = ["--base-file", str(tmp_path / "a.geojson"), "--head-file", str(tmp_path / "b.geojson")]
    result = invoke("diff", *args, "--format", fmt)
    assert result.exit_code == 0, result.output
    assert_no_marker(result.stdout_bytes, len(flags) + 2, fmt)
    assert "secret-0" in result.output
    if fmt == "json":
        data = json.loads(result.output)
        changed = {c["site_id"]: c for c in data["changed"]}
        assert "location details (sensitive site: not shown)" in changed["secret-0"]["fields"]
        assert changed["secret-0"]["sources_added"] == []
        assert changed[f"secret-{len(flags) + 1}"]["fields"][:2] == [
            "geometry",
            "location.sensitive",
        ]
    else:
        assert "location details changed (sensitive site: not shown)" in result.output


def test_public_feature_drops_a_sensitive_bbox():
    site = copy.deepcopy(sensitive_site(0, True))
    site["bbox"] = [45.13579, 39.24681, 45.13579, 39.24681]
    assert "bbox" not in privacy.public_feature(site)
    assert privacy.public_feature(sensitive_site(0, False)) == sensitive_site(0, False)
