"""heritage diff against a temporary git repository with commits that change the catalogue."""

from __future__ import annotations

import copy
import json
import math
import os
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from markdown_it import MarkdownIt
from report_data import HOSTILE, collection, event, feature

from heritage.cli import cli
from heritage.diff import diff_texts, haversine_m
from heritage.diff.events import diff_events

CATALOGUE = "data/sites.geojson"
SENSITIVE_EXACT = ("46.73", "46.91", "39.84")  # what must never be printed


def base_catalogue() -> dict[str, Any]:
    sensitive = {"precision": "site", "sensitive": True}
    return collection(
        feature(
            "a",
            [
                event("2019", "intact", url="https://example.org/a/1"),
                event("2020-11-10", "damaged", url="https://example.org/a/2"),
            ],
            name="Church A",
            coords=(46.50, 39.50),
        ),
        feature("b", [event("2020", "damaged")], coords=(46.51, 39.51)),
        feature("c", [event("2020", "destroyed")], coords=(46.52, 39.52)),
        feature("d", [event("2018", "intact")], coords=(46.53, 39.53)),
        feature("e", [event("2020", "damaged")], coords=(46.73, 39.84), location=sensitive),
        feature("g", [event("2021", "intact")], coords=(46.60, 39.60)),
        feature(
            "h",
            [event("2021", "intact"), event("2022", "damaged", url="https://example.org/h/2")],
            coords=(46.61, 39.61),
        ),
    )


def head_catalogue() -> dict[str, Any]:
    data = base_catalogue()
    sites = {f["id"]: f for f in data["features"]}
    a = sites["a"]
    a["geometry"]["coordinates"] = [46.51, 39.50]
    a["properties"]["kind"] = "chapel"
    a["properties"]["name"]["hy"] = "Եկեղեցի"
    a["properties"]["history"][1]["status"] = "destroyed"  # a past event rewritten
    a["properties"]["history"].append(
        event("2024-05", "restored", "restoration", url="https://example.org/a/3")
    )
    sites["b"]["properties"]["withdrawn"] = {"date": "2024-03-01", "reason": "A duplicate of a."}
    del sites["c"]
    sites["d-renamed"] = copy.deepcopy(sites.pop("d"))
    sites["d-renamed"]["id"] = "d-renamed"
    e = sites["e"]
    e["geometry"]["coordinates"] = [46.91, 39.84]
    e["properties"]["history"].append(event("2024-02-28", "destroyed"))
    del sites["h"]["properties"]["history"][1]
    sites["f"] = feature("f", [event("2024-02", "destroyed")], coords=(46.54, 39.54))
    return collection(*(sites[k] for k in sorted(sites)))


def git(cwd: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.org",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.org",
        "GIT_CONFIG_NOSYSTEM": "1",
        "HOME": str(cwd),
    }
    done = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, check=True)
    return done.stdout.decode().strip()


def write(repo: Path, data: dict[str, Any]) -> None:
    path = repo / CATALOGUE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")


def make_repo(tmp_path: Path) -> Path:
    """Return a repository whose main holds the base catalogue and branch pr the head one."""
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    write(root, base_catalogue())
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "base")
    git(root, "checkout", "-q", "-b", "pr")
    write(root, head_catalogue())
    git(root, "commit", "-q", "-am", "add, withdraw, delete, rename, move and edit sites")
    return root


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """A repository whose main holds the base catalogue and branch pr the head one."""
    root = make_repo(tmp_path)
    monkeypatch.chdir(root)
    return root


def run(*args: str):
    return CliRunner().invoke(cli, ["diff", *args])


def test_json_lists_every_kind_of_change(repo):
    result = run("main", "pr", "--format", "json")
    assert result.exit_code == 1  # a site was removed: an error, whatever the flags
    data = json.loads(result.output)
    assert data["added"] == ["f"]
    assert data["removed"] == ["c"]
    assert data["withdrawn"] == ["b"]
    assert data["renamed"] == [{"from": "d", "to": "d-renamed"}]
    changed = {c["site_id"]: c for c in data["changed"]}
    assert sorted(changed) == ["a", "b", "e", "h"]
    keys = ("status_from", "status_to", "events_added", "events_edited", "events_removed")
    assert {k: changed["a"][k] for k in (*keys, "fields")} == {
        "status_from": "damaged",
        "status_to": "restored",
        "events_added": 1,
        "events_edited": 1,
        "events_removed": 0,
        "fields": ["geometry", "name.hy", "kind"],
    }
    # 0.01 degree of longitude at 39.5 degrees north
    expected = math.radians(0.01) * 6_371_008.8 * math.cos(math.radians(39.5))
    assert abs(changed["a"]["moved_m"] - expected) <= 1
    assert changed["a"]["sources_added"] == ["https://example.org/a/3"]
    assert changed["a"]["events"][0]["members"] == ["status"]
    assert changed["a"]["events"][0]["before"] == {"status": "damaged"}
    assert changed["b"]["fields"] == ["withdrawn"]
    assert changed["b"]["status_from"] == changed["b"]["status_to"] == "damaged"
    assert {k: changed["h"][k] for k in keys} == {
        "status_from": "damaged",
        "status_to": "intact",
        "events_added": 0,
        "events_edited": 0,
        "events_removed": 1,
    }
    assert changed["h"]["sources_removed"] == ["https://example.org/h/2"]
    codes = [(f["code"], f["severity"], f["site_id"]) for f in data["findings"]]
    assert codes == [
        ("site-removed", "error", "c"),
        ("past-event-edited", "warning", "a"),
        ("past-event-deleted", "warning", "h"),
    ]


def test_sensitive_site_moves_between_grid_cells_only(repo):
    for fmt in ("json", "md", "text"):
        output = run("main", "pr", "--format", fmt).output
        for exact in SENSITIVE_EXACT:
            assert exact not in output, (fmt, exact)
    data = json.loads(run("main", "pr", "--format", "json").output)
    e = next(c for c in data["changed"] if c["site_id"] == "e")
    assert e["sensitive"] is True
    assert e["position_from"] == [46.75, 39.85] and e["position_to"] == [46.95, 39.85]
    assert e["moved_m"] == round(haversine_m((46.75, 39.85), (46.95, 39.85)))
    assert e["status_to"] == "destroyed"


def test_markdown_headline_and_details(repo):
    result = run("main", "pr", "--format", "md")
    lines = result.output.splitlines()
    assert lines[0] == (
        "### Catalogue changes: 1 site added, 1 site withdrawn, 1 site removed (withdraw "
        "sites instead), 1 id renamed, 1 now intact, 1 newly reported destroyed, 1 newly "
        "reported restored, 2 new events, 1 past event edited, 1 past event deleted, "
        "2 sites moved, 1 site with property changes"
    )
    text = result.output
    assert "- **error** `site-removed`: site 'c' was deleted" in text
    assert "  - status: ◆ Damaged → ★ Restored" in text
    assert "  - moved 858 m: (46.5, 39.5) → (46.51, 39.5)" in text
    assert "  - kind: church → chapel" in text
    assert "  - WITHDRAWN on 2024-03-01: A duplicate of a." in text
    assert (
        "  - past event history\\[1\\] EDITED (2020-11-10, condition, ✖ Destroyed): "
        "status damaged → destroyed"
    ) in text
    assert "  - past event history\\[1\\] DELETED: 2022, condition, ◆ Damaged" in text
    assert not re.search(r"(?<!&)#\d", text)  # no "#1": GitHub would link issue 1
    assert "grid cell centred on (46.75, 39.85) → grid cell centred on (46.95, 39.85)" in text


def test_working_tree_against_merge_base_by_default(repo):
    data = head_catalogue()
    g = next(f for f in data["features"] if f["id"] == "g")
    g["properties"]["history"].append(event("2025-01-02", "damaged"))
    write(repo, data)
    git(repo, "checkout", "-q", "main", "--", ".")  # nothing committed on main since
    git(repo, "checkout", "-q", "pr")
    write(repo, data)
    result = run("--format", "json")
    parsed = json.loads(result.output)
    assert "g" in {c["site_id"] for c in parsed["changed"]}
    assert parsed["base"].startswith("merge base of main")
    assert parsed["head"] == "working tree"
    assert parsed["added"] == ["f"]


def test_exit_code_flag(repo):
    # pr against itself: nothing differs
    same = run("pr", "pr", "--exit-code")
    assert same.exit_code == 0
    assert "No changes to the catalogue" in same.output
    # a change without a removal: 0 without the flag, 1 with it
    git(repo, "checkout", "-q", "main")
    data = base_catalogue()
    data["features"][0]["properties"]["history"].append(event("2025-01-02", "destroyed"))
    write(repo, data)
    assert run("main").exit_code == 0
    assert run("main", "--exit-code").exit_code == 1


def test_two_files_outside_a_repository(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "old.geojson").write_text(json.dumps(base_catalogue()), encoding="utf-8")
    (tmp_path / "new.geojson").write_text(json.dumps(head_catalogue()), encoding="utf-8")
    result = run("--base-file", "old.geojson", "--head-file", "new.geojson", "--format", "json")
    assert json.loads(result.output)["added"] == ["f"]
    # Positional arguments are revisions, never files, even when files of those names exist.
    result = run("old.geojson", "new.geojson")
    assert result.exit_code == 2
    assert "is not inside a git repository" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nosuchrev"], "heritage: unknown revision 'nosuchrev'"),
        (
            ["main", "--path", "data/other.geojson"],
            "heritage: 'data/other.geojson' does not exist in revision 'main'",
        ),
        (["--", "--upload-pack=x"], "heritage: '--upload-pack=x' is not a revision"),
    ],
)
def test_bad_revisions_and_paths_exit_2(repo, args, message):
    result = run(*args)
    assert result.exit_code == 2
    assert result.output.startswith(message)


def test_outside_a_repository_exits_2(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("main")
    assert result.exit_code == 2
    assert "is not inside a git repository" in result.output


def test_no_main_branch_exits_2(repo):
    git(repo, "branch", "-q", "-m", "main", "trunk")
    result = run()
    assert result.exit_code == 2
    assert "no branch 'main' or 'origin/main'" in result.output


def test_hostile_names_stay_text(tmp_path):
    old = collection(feature("x", [event("2020", "intact")]))
    new = collection(
        feature("x", [event("2020", "intact")], name=HOSTILE + "\x1b[2J"),
        feature("y", [event("2021", "damaged")], name="@everyone <img src=x onerror=alert(1)>"),
    )
    diff = diff_texts(json.dumps(old), json.dumps(new))
    from heritage.report.diff_render import render_diff

    html = MarkdownIt("commonmark").enable("table").render(render_diff(diff, "md"))
    assert "<script" not in html and "<img" not in html and "<a " not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "\x1b" not in render_diff(diff, "text")
    assert "{{" not in render_diff(diff, "md")


def test_event_matching_keeps_inserted_events_apart_from_edits():
    old = [event("2019", "intact"), event("2020", "damaged", summary="Roof hit.")]
    new = [
        event("2018", "intact", summary="An earlier report, added now."),
        event("2019", "intact"),
        event("2020", "destroyed", summary="Roof hit."),
        event("2024", "restored", "restoration"),
    ]
    changes = [(c.change, c.index_before, c.index_after) for c in diff_events(old, new)]
    assert changes == [("added", None, 0), ("edited", 1, 2), ("added", None, 3)]


def test_a_rename_with_edits_is_a_removal_and_an_addition():
    old = collection(feature("x", [event("2020", "intact")]))
    new = collection(feature("x-new", [event("2020", "damaged")]))
    diff = diff_texts(json.dumps(old), json.dumps(new))
    assert ([s.site_id for s in diff.added], [s.site_id for s in diff.removed]) == (
        ["x-new"],
        ["x"],
    )
    assert diff.renamed == []


def test_a_file_that_is_not_json_exits_2(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "old.geojson").write_text("{", encoding="utf-8")
    (tmp_path / "new.geojson").write_text(json.dumps(collection()), encoding="utf-8")
    result = run("--base-file", "old.geojson", "--head-file", "new.geojson")
    assert result.exit_code == 2
    assert result.output.startswith("heritage: file old.geojson: not valid JSON")
