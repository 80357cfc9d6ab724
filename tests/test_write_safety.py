"""Nothing lost: locked read-modify-writes, outputs that spare inputs, symlinked catalogues."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from heritage.cli import cli
from heritage.errors import CatalogueLockedError, HeritageError
from heritage.write import catalogue_lock, lock_path
from tests.issue_forms_support import ISSUES, catalogue_text

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def catalogue(tmp_path: Path) -> Path:
    path = tmp_path / "sites.geojson"
    path.write_text(catalogue_text(), encoding="utf-8")
    return path


def ids(path: Path) -> list[str]:
    return [f["id"] for f in json.loads(path.read_text(encoding="utf-8"))["features"]]


def test_six_concurrent_new_site_commands_lose_nothing(catalogue: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    processes = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "heritage",
                "new-site",
                str(catalogue),
                "--name",
                f"Racing Chapel {n}",
                "--kind",
                "chapel",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
        for n in range(6)
    ]
    outcomes = []
    for n, process in enumerate(processes):
        _out, err = process.communicate(timeout=300)
        outcomes.append((n, process.returncode, err.decode()))
    written = set(ids(catalogue))
    for n, code, err in outcomes:
        if code == 0:
            assert f"racing-chapel-{n}" in written, err
        else:
            # Refused, never dropped: a clear message and nothing claimed.
            assert "another heritage command is changing this file" in err, err
            assert f"racing-chapel-{n}" not in written
    assert sum(1 for _, code, _ in outcomes if code == 0) == len(written) - 4
    assert len(written) == 4 + 6  # with a 60 s wait, all six are serialised


def test_a_held_lock_makes_others_wait_then_refuse(catalogue: Path) -> None:
    with (
        catalogue_lock(catalogue),
        pytest.raises(CatalogueLockedError, match="another heritage command"),
        catalogue_lock(catalogue, timeout=0.2),
    ):
        pass
    with catalogue_lock(catalogue, timeout=0.2):
        pass  # released when the first one ended
    assert isinstance(CatalogueLockedError("x"), HeritageError)


def test_every_path_to_one_file_shares_its_lock(catalogue: Path, tmp_path: Path) -> None:
    link = tmp_path / "link.geojson"
    link.symlink_to(catalogue)
    assert lock_path(link) == lock_path(catalogue) == tmp_path / ".sites.geojson.lock"
    with (
        catalogue_lock(link),
        pytest.raises(CatalogueLockedError),
        catalogue_lock(tmp_path / "." / "sites.geojson", timeout=0.1),
    ):
        pass


def _guarded(tmp_path: Path, catalogue: Path) -> list[tuple[list[str], Path]]:
    """(command, file it must not overwrite) for every command with an output option."""
    whc = ROOT / "tests" / "data" / "external" / "unesco-whc" / "whc-sites-2019.utf8.csv"
    csv = tmp_path / "rows.csv"
    csv.write_text("name,kind\nA chapel,chapel\n", encoding="utf-8")
    default = tmp_path / "data" / "sites.geojson"
    cat, dflt = str(catalogue), str(default)
    hard = tmp_path / "hard-link.csv"
    os.link(catalogue, hard)
    soft = tmp_path / "soft-link.kml"
    soft.symlink_to(catalogue)
    maps = tmp_path / "mapout"
    maps.mkdir()
    (maps / "index.html").symlink_to(catalogue)
    nested = tmp_path / "site" / "maps" / "sites.geojson"
    nested.parent.mkdir(parents=True)
    nested.write_text(catalogue_text(), encoding="utf-8")
    return [
        (["import", "whc", str(whc), "-o", dflt], default),
        (["import", "whc", cat, "-o", cat], catalogue),
        (["import", "sites", str(csv), "-c", cat, "-o", str(csv)], csv),
        (["import", "sites", str(csv), "-c", cat, "-o", dflt], default),
        (["import", "events", str(csv), "-c", cat, "-o", str(csv)], csv),
        (["export", cat, "--to", "csv", "-o", cat], catalogue),
        (["export", cat, "--to", "csv", "-o", str(hard)], catalogue),
        (["export", cat, "--to", "kml", "-o", str(soft)], catalogue),
        (["export", cat, "--to", "csv", "-o", str(tmp_path / "s.csv"), "--events", cat], catalogue),
        (["export", cat, "--to", "gpkg", "-o", dflt], default),
        (["report", cat, "--since", "2020", "-o", cat], catalogue),
        (["report", cat, "--since", "2020", "-o", dflt], default),
        (["feed", cat, "-o", cat], catalogue),
        (["feed", cat, "-o", str(soft)], catalogue),
        (["map", cat, "-o", str(maps)], catalogue),
        (["build", str(nested), "-o", str(tmp_path / "site")], nested),
        (["schema", "-o", dflt], default),
        (["format", cat, "-o", dflt], default),
    ]


def test_no_output_option_overwrites_an_input_or_the_catalogue(
    catalogue: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "sites.geojson").write_text(catalogue_text(), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for args, spared in _guarded(tmp_path, catalogue):
        before = spared.read_bytes()
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 2, (args, result.output)
        assert "would be overwritten" in result.stderr or "would be deleted" in result.stderr, (
            args,
            result.stderr,
        )
        assert "Traceback" not in result.output
        assert spared.read_bytes() == before, args
        assert not spared.is_symlink() or spared.resolve() == catalogue


def test_commands_that_rewrite_the_catalogue_may_still_do_so(catalogue: Path) -> None:
    csv = catalogue.parent / "rows.csv"
    csv.write_text("name,kind\nA chapel,chapel\n", encoding="utf-8")
    args = ["import", "sites", str(csv), "-c", str(catalogue), "-o", str(catalogue)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.stderr
    assert "a-chapel" in ids(catalogue)
    result = CliRunner().invoke(cli, ["format", str(catalogue), "-o", str(catalogue)])
    assert result.exit_code == 0, result.stderr


@pytest.mark.parametrize(
    "command",
    [
        ["format", "{link}"],
        ["new-site", "{link}", "--name", "Linked Chapel", "--kind", "chapel"],
        [
            "add-event",
            "gulabli-church",
            "{link}",
            "--date",
            "2024",
            "--status",
            "intact",
            "--summary",
            "Seen.",
            "--reported-by",
            "A monitor",
            "--source",
            "https://e.org/x",
        ],
        ["import", "issue", str(ISSUES / "report-change.md"), "-c", "{link}"],
    ],
)
def test_writers_keep_a_symlink_and_rewrite_its_target(tmp_path: Path, command: list[str]) -> None:
    target = tmp_path / "real" / "sites.geojson"
    target.parent.mkdir()
    # A valid, non-canonical layout: format has something to do.
    target.write_text(json.dumps(json.loads(catalogue_text())), encoding="utf-8")
    target.chmod(0o640)
    link = tmp_path / "sites.geojson"
    link.symlink_to(target)
    before = target.read_bytes()
    result = CliRunner().invoke(cli, [a.replace("{link}", str(link)) for a in command])
    assert result.exit_code == 0, result.stderr
    assert link.is_symlink() and link.resolve() == target
    assert target.read_bytes() != before
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    check = CliRunner().invoke(cli, ["format", "--check", str(link)])
    assert check.exit_code == 0, check.stderr
    assert not list(tmp_path.glob(".sites.geojson.*.tmp"))


def test_mixed_concurrent_writers_lose_nothing(catalogue: Path, tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    base = [sys.executable, "-m", "heritage"]
    cat = str(catalogue)
    report = (ISSUES / "report-change.md").read_text(encoding="utf-8")
    commands = []
    for n in range(2):
        commands.append([*base, "new-site", cat, "--name", f"Mixed Chapel {n}", "--kind", "chapel"])
        commands.append(
            [
                *base,
                *("add-event", "gulabli-church", cat, "--date", f"202{n}", "--status", "intact"),
                *("--summary", f"Seen {n}.", "--reported-by", "A monitor"),
                *("--source", f"https://example.org/{n}"),
            ]
        )
        issue = tmp_path / f"issue-{n}.md"
        issue.write_text(report.replace("2025-03-14", f"2025-03-1{n}"), encoding="utf-8")
        commands.append([*base, "import", "issue", str(issue), "-c", cat])
    processes = [
        subprocess.Popen(c, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        for c in commands
    ]
    for process in processes:
        _, err = process.communicate(timeout=300)
        assert process.returncode == 0, err.decode()
    data = json.loads(catalogue.read_text(encoding="utf-8"))
    by_id = {f["id"]: f for f in data["features"]}
    assert {"mixed-chapel-0", "mixed-chapel-1"} <= set(by_id)
    summaries = [e["summary"] for e in by_id["gulabli-church"]["properties"]["history"]]
    assert {"Seen 0.", "Seen 1."} <= set(summaries)
    dates = [e["date"] for e in by_id["amaras-monastery"]["properties"]["history"]]
    assert {"2025-03-10", "2025-03-11"} <= set(dates)


def test_a_file_written_in_pieces_is_whole_or_not_at_all(tmp_path: Path) -> None:
    from heritage.write import write_atomic

    target = tmp_path / "page.html"
    write_atomic(target, iter(["<p>", "Ամարաս", "</p>\n", b"bytes too\n"]))  # type: ignore[list-item]
    assert target.read_text(encoding="utf-8") == "<p>Ամարաս</p>\nbytes too\n"

    def failing() -> Iterator[str]:
        yield "a new page that never ends"
        raise RuntimeError("the renderer failed")

    with pytest.raises(RuntimeError):
        write_atomic(target, failing())
    assert target.read_text(encoding="utf-8") == "<p>Ամարաս</p>\nbytes too\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["page.html"]  # no temporary left
