"""heritage diff cannot be faked: revisions and files are never confused (issue 9, finding 1).

A pull request controls the files of its working tree, so it may add files named ``HEAD``,
``main``, ``origin/main`` or the base commit's SHA holding a decoy catalogue. Positional
arguments are revisions, resolved by git, so the diff still shows the real changes; files
are read only when named with --base-file/--head-file. The pull-request workflow's own step
runs here as written, against such a repository.
"""

from __future__ import annotations

import json
import os
import shlex
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from test_diff import base_catalogue, git, make_repo

from heritage.cli import cli

ROOT = Path(__file__).resolve().parent.parent
WORKFLOW = ROOT / ".github" / "workflows" / "pull-request.yml"


def run(*args: str) -> Any:
    return CliRunner().invoke(cli, ["diff", *args])


def add_decoys(root: Path, names: list[str]) -> None:
    """Commit, on the current branch, files of the given names holding the base catalogue."""
    decoy = json.dumps(base_catalogue())
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(decoy, encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "decoys")


def assert_real_changes(output: str) -> None:
    data = json.loads(output)
    assert data["removed"] == ["c"]
    assert data["added"] == ["f"]
    assert {c["site_id"] for c in data["changed"]} >= {"a", "b", "e", "h"}


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = make_repo(tmp_path)
    monkeypatch.chdir(root)
    return root


@pytest.fixture
def shas(repo: Path) -> tuple[str, str]:
    base = git(repo, "rev-parse", "main")
    head_before = git(repo, "rev-parse", "pr")
    add_decoys(
        repo,
        ["HEAD", "main", "pr", "origin/main", "origin/HEAD", base, head_before, "HEAD~1"],
    )
    return base, git(repo, "rev-parse", "HEAD")


@pytest.mark.parametrize(
    "args",
    [
        ("main", "HEAD"),
        ("main", "pr"),
        ("BASE", "HEADSHA"),
        ("BASE", "HEAD"),
        ("main",),  # head: the working tree
        (),  # merge base of main and HEAD, and the working tree
    ],
)
def test_files_named_like_revisions_are_not_read(repo, shas, args):
    base, head = shas
    names = {"BASE": base, "HEADSHA": head}
    result = run(*(names.get(a, a) for a in args), "--format", "json")
    assert result.exit_code == 1, result.output  # site c was removed: an error
    assert_real_changes(result.output)


def test_origin_main_and_short_shas_resolve_to_commits(repo, shas):
    base, head = shas
    git(repo, "update-ref", "refs/remotes/origin/main", base)
    assert_real_changes(run("origin/main", "HEAD", "--format", "json").output)
    assert_real_changes(run(base[:12], head[:12], "--format", "json").output)


def test_a_missing_revision_is_an_error_even_when_a_file_has_its_name(repo, shas):
    add_decoys(repo, ["release-1"])
    result = run("release-1", "HEAD")
    assert result.exit_code == 2
    assert "unknown revision 'release-1'" in result.output
    assert "--base-file" in result.output  # says how to compare the file instead


def test_files_only_through_the_file_options(repo, shas):
    # The decoy file compared with the head file: the same content, so no changes.
    same = run("--base-file", "HEAD", "--head-file", "data/sites.geojson", "--format", "json")
    assert json.loads(same.output)["removed"] == ["c"]
    # a file as base and a revision as head: the revision fills the free side
    result = run("--base-file", "main", "HEAD", "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data["base"] == "file main" and data["head"].startswith("HEAD (")
    assert_real_changes(result.output)
    # a revision as base and a file as head
    result = run("--head-file", "HEAD", "pr", "--format", "json")
    assert json.loads(result.output)["added"] == ["c"]  # the decoy holds c again


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["a", "b", "c"], "too many revisions"),
        (["--base-file", "HEAD", "--head-file", "HEAD", "main"], "too many revisions"),
        (["--", "-h"], "'-h' is not a revision"),
        (["main", "--", "--output=x"], "'--output=x' is not a revision"),
        (["--base-file", "no-such-file.geojson"], "no-such-file.geojson"),
    ],
)
def test_bad_sides_exit_2(repo, shas, args, message):
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert message in result.output


def _diff_step() -> dict[str, Any]:
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    steps = [s for job in workflow["jobs"].values() for s in job["steps"]]
    return next(s for s in steps if "heritage" in s.get("run", "") and " diff " in s["run"])


def test_the_workflow_step_passes_shas_and_shows_the_real_changes(repo, shas, tmp_path):
    """Run the workflow's diff step as written, in a repository full of decoys."""
    base, _ = shas
    step = _diff_step()
    assert step["env"] == {"BASE_SHA": "${{ github.event.pull_request.base.sha }}"}
    assert '--format md >> "$GITHUB_STEP_SUMMARY"' in step["run"]
    runner = tmp_path / "runner"
    (runner / "venv" / "bin").mkdir(parents=True)
    (runner / "venv" / "bin" / "heritage").symlink_to(ROOT / ".venv" / "bin" / "heritage")
    summary = tmp_path / "summary.md"
    env = {
        **os.environ,
        "BASE_SHA": base,
        "RUNNER_TEMP": str(runner),
        "GITHUB_STEP_SUMMARY": str(summary),
    }
    done = subprocess.run(
        ["bash", "-e", "-c", step["run"]], cwd=repo, env=env, capture_output=True, text=True
    )
    assert done.returncode == 1, done.stderr  # a site was removed: the step fails, as it should
    text = summary.read_text(encoding="utf-8")
    assert "No changes to the catalogue" not in text
    assert "1 site removed" in text.splitlines()[0]
    assert "`site-removed`" in text
    # The script names the revisions only through variables holding SHAs.
    words = shlex.split(step["run"].splitlines()[-1].split(">>")[0])
    assert words[2:4] == ["$BASE_SHA", "$HEAD_SHA"]


def test_the_diff_job_runs_no_code_of_the_pull_request():
    """Code of the pull request could write anything to the summary: the diff job runs none."""
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    job = next(
        j
        for j in workflow["jobs"].values()
        if any(" diff " in s.get("run", "") and "heritage" in s["run"] for s in j["steps"])
    )
    runs = "\n".join(step.get("run", "") for step in job["steps"])
    assert 'git worktree add --detach "$RUNNER_TEMP/base" "$BASE_SHA"' in runs
    assert 'pip install --quiet "$RUNNER_TEMP/base"' in runs
    assert "scripts/" not in runs and "-e ." not in runs and ".venv/" not in runs
    checkout = next(s for s in job["steps"] if "actions/checkout" in s.get("uses", ""))
    assert checkout["with"]["persist-credentials"] is False
    assert checkout["with"]["fetch-depth"] == 0
