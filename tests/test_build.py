"""heritage build: validate first, atomic replacement of outputs, determinism, summary."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from sample_catalogue import sample, secret_byte_patterns

from heritage.build import STEPS, BuildError, Step, build
from heritage.cli import cli
from heritage.errors import HeritageError

ROOT = Path(__file__).resolve().parent.parent
#: The files a default build writes besides the website's, relative to OUT.
OUTPUT_FILES = [
    "exports/events.csv",
    "exports/events.parquet",
    "exports/heritage.qgs",
    "exports/sites.csv",
    "exports/sites.gpkg",
    "exports/sites.kml",
    "exports/sites.parquet",
    "maps/embed-snippet.html",
    "maps/embed.html",
    "maps/index.html",
    "reports/all-time.html",
    "reports/all-time.md",
    "reports/brief.html",
    "reports/brief.md",
    "reports/feed.xml",
    "reports/last-12-months.html",
    "reports/last-12-months.md",
]
#: The website's own files (no sitemap: no public address is configured).
SITE_FILES = [
    "404.html",
    "about.html",
    "all-sites.html",
    "assets/overview.svg",
    "assets/site.css",
    "assets/sites.svg",
    "index.html",
]


def _other_language_pages() -> list[str]:
    """The map pages of every language after the first of heritage.toml (read from ROOT)."""
    from heritage.config import load_config

    others = load_config(ROOT / "heritage.toml").languages[1:]
    return [f"maps/{page}.{lang}.html" for lang in others for page in ("index", "embed")]


def expected_files(site_ids: list[str]) -> list[str]:
    """Every file a default build writes for a catalogue with these site ids, sorted."""
    pages = [*OUTPUT_FILES, *_other_language_pages(), *SITE_FILES]
    return sorted([*pages, *(f"sites/{i}.html" for i in site_ids)])


SAMPLE_IDS = [f["id"] for f in sample()["features"]]
EXPECTED_FILES = expected_files(SAMPLE_IDS)
EXPECTED_FOLDERS = sorted({f.split("/")[0] for f in EXPECTED_FILES})


def _snapshot(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_build_writes_exports_and_reports_them(tmp_path: Path, write_catalogue) -> None:
    path = write_catalogue(sample())
    calls: list[tuple[str, int, int]] = []
    result = build(path, tmp_path / "out", progress=lambda *a: calls.append(a))
    assert result.ok
    assert [str(f) for f in result.files] == EXPECTED_FILES
    assert result.status_counts == {
        "intact": 1,
        "threatened": 0,
        "damaged": 1,
        "destroyed": 1,
        "altered": 0,
        "restored": 0,
        "unknown": 2,
    }
    total = len(STEPS) + 2
    assert calls == [
        ("validate", 0, total),
        ("load", 1, total),
        *((step.name, n + 2, total) for n, step in enumerate(STEPS)),
        ("done", total, total),
    ]
    # No staging folder is left behind.
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == EXPECTED_FOLDERS


def test_building_twice_gives_identical_bytes(tmp_path: Path) -> None:
    catalogue = ROOT / "data" / "sites.geojson"
    build(catalogue, tmp_path / "one")
    first = _snapshot(tmp_path / "one")
    build(catalogue, tmp_path / "one")  # in place, over the previous outputs
    build(catalogue, tmp_path / "two")
    assert first == _snapshot(tmp_path / "one") == _snapshot(tmp_path / "two")
    ids = [f["id"] for f in json.loads(catalogue.read_text("utf-8"))["features"]]
    assert sorted(first) == expected_files(ids)


def test_invalid_catalogue_writes_nothing(tmp_path: Path, write_catalogue) -> None:
    bad = sample()
    bad["features"][0]["properties"]["history"][0]["status"] = "ruined"
    path = write_catalogue(bad)
    out = tmp_path / "out"
    result = build(path, out)
    assert not result.ok
    assert "unknown-status" in result.validation.codes()
    assert result.files == []
    assert not out.exists()


def test_failing_step_leaves_previous_outputs_intact(tmp_path: Path, write_catalogue) -> None:
    path = write_catalogue(sample())
    out = tmp_path / "out"
    build(path, out)
    before = _snapshot(out)

    def boom(context: object, folder: Path) -> None:
        (folder / "half-written.html").write_text("partial")
        raise RuntimeError("disk full")

    changed = sample()
    changed["features"][0]["properties"]["name"]["en"] = "Renamed Church"
    write_catalogue(changed)
    steps = [*STEPS, Step("broken", "maps", boom)]
    with pytest.raises(BuildError, match=r"'broken' failed .*disk full.*left unchanged"):
        build(path, out, steps=steps)
    assert _snapshot(out) == before
    assert sorted(p.name for p in out.iterdir()) == EXPECTED_FOLDERS


def test_interrupted_build_leaves_previous_outputs_intact(tmp_path: Path, write_catalogue) -> None:
    path = write_catalogue(sample())
    out = tmp_path / "out"
    build(path, out)
    before = _snapshot(out)

    def interrupt(context: object, folder: Path) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        build(path, out, steps=[*STEPS, Step("interrupt", "reports", interrupt)])
    assert _snapshot(out) == before
    assert sorted(p.name for p in out.iterdir()) == EXPECTED_FOLDERS


def test_successful_build_replaces_the_whole_folder(tmp_path: Path, write_catalogue) -> None:
    path = write_catalogue(sample())
    out = tmp_path / "out"
    (out / "exports").mkdir(parents=True)
    (out / "exports" / "stale.csv").write_text("old")
    (out / "reports").mkdir()
    (out / "reports" / "kept.md").write_text("no report step ran: untouched")
    exports_only = [step for step in STEPS if step.folder == "exports"]
    build(path, out, steps=exports_only)
    assert not (out / "exports" / "stale.csv").exists()
    assert (out / "reports" / "kept.md").read_text() == "no report step ran: untouched"
    build(path, out)
    assert not (out / "reports" / "kept.md").exists()


def test_sensitive_site_is_generalised_in_every_build_output(
    tmp_path: Path, write_catalogue
) -> None:
    result = build(write_catalogue(sample()), tmp_path / "out")
    for file in result.files:
        data = (tmp_path / "out" / file).read_bytes()
        assert not any(p in data for p in secret_byte_patterns()), file


def test_step_folder_must_be_known(tmp_path: Path, write_catalogue) -> None:
    step = Step("odd", "elsewhere", lambda c, f: None)
    with pytest.raises(HeritageError, match="unknown folder"):
        build(write_catalogue(sample()), tmp_path / "out", steps=[step])
    assert list((tmp_path / "out").iterdir()) == []


def test_output_that_is_a_file_is_refused(tmp_path: Path, write_catalogue) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "exports").write_text("a file where a folder should be")
    with pytest.raises(HeritageError, match="not a folder"):
        build(write_catalogue(sample()), out)
    assert (out / "exports").read_text() == "a file where a folder should be"


def test_cli_build_summary(tmp_path: Path, write_catalogue) -> None:
    path = write_catalogue(sample())
    result = CliRunner().invoke(cli, ["build", str(path), "-o", str(tmp_path / "site")])
    assert result.exit_code == 0, result.output
    assert "Sites by current status" in result.stdout
    assert "destroyed" in result.stdout
    assert f"{len(EXPECTED_FILES)} files written" in result.stdout
    assert f"{tmp_path / 'site' / 'exports' / 'sites.kml'}" in result.stdout
    # Not a terminal: no progress display.
    assert "build: exports" not in result.output


def test_cli_build_invalid_exits_1_with_messages(tmp_path: Path, write_catalogue) -> None:
    bad = sample()
    del bad["features"][2]["properties"]["kind"]
    path = write_catalogue(bad)
    out = tmp_path / "site"
    result = CliRunner().invoke(cli, ["build", str(path), "-o", str(out)])
    assert result.exit_code == 1
    assert "error[missing-member] walled-fortress" in result.stderr
    assert "nothing was written" in result.stderr
    assert not out.exists()


def test_cli_build_missing_catalogue_exits_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["build", str(tmp_path / "nope.geojson")])
    assert result.exit_code == 2
    assert "no such file" in result.stderr


def test_reports_end_on_the_given_day(
    tmp_path: Path, write_catalogue, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_catalogue(sample())
    runner = CliRunner()
    assert (
        runner.invoke(
            cli, ["build", str(path), "-o", str(tmp_path / "a"), "--today", "2024-06-30"]
        ).exit_code
        == 0
    )
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1719705600")  # 2024-06-30T00:00:00Z
    assert runner.invoke(cli, ["build", str(path), "-o", str(tmp_path / "b")]).exit_code == 0
    assert _snapshot(tmp_path / "a") == _snapshot(tmp_path / "b")
    report = (tmp_path / "a" / "reports" / "last-12-months.md").read_text("utf-8")
    assert "2023-07-01" in report and "2024-06-30" in report
    bad = runner.invoke(cli, ["build", str(path), "-o", str(tmp_path / "c"), "--today", "2024-13"])
    assert bad.exit_code == 2 and "--today" in bad.output


def test_report_windows() -> None:
    from datetime import date

    import heritage
    from heritage.build import report_windows

    cat = heritage.load(ROOT / "data" / "sites.geojson")
    windows = report_windows(cat, date(2024, 2, 29))
    assert windows["last-12-months"] == (date(2023, 3, 1), date(2024, 2, 29))
    start, end = windows["all-time"]
    assert end == date(2024, 2, 29) and start <= date(1900, 1, 1)
