"""A volunteer's data pull request, made by hand, checked by the workflow's own commands.

A temporary git repository holds the bundled catalogue on `main`; a branch adds an ordinary
hand edit (tests/hand_edit.py: new events, a name, a better location, a new site, a
withdrawal) in a layout of its own. The heritage commands of the pull-request workflow's
check job, read from `.github/workflows/pull-request.yml`, must all pass on it; the layout
gives a notice only; and the format-branch job's command makes the file canonical. A
misspelt member in the same edit fails the check, on its line.
"""

from __future__ import annotations

import json
import shlex
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from conftest import CATALOGUE, ROOT
from hand_edit import hand_edit
from test_diff import git

from heritage.canonical import is_canonical
from heritage.cli import cli
from heritage.document import load_document

WORKFLOW = ROOT / ".github" / "workflows" / "pull-request.yml"


def workflow_commands(job: str, values: dict[str, str] | None = None) -> list[list[str]]:
    """The heritage command lines of a job's run steps, with variables replaced by values."""
    steps = yaml.safe_load(WORKFLOW.read_text("utf-8"))["jobs"][job]["steps"]
    calls = []
    for step in steps:
        # A line that ends with a backslash goes on on the next one, as in the shell.
        for line in step.get("run", "").replace("\\\n", " ").splitlines():
            for name, value in (values or {}).items():
                line = line.replace(f"${name}", value)
            words = shlex.split(line.split(">>")[0].split(";")[0])
            for i, word in enumerate(words):
                if word.endswith("heritage"):
                    calls.append(words[i + 1 :])
    return calls


@pytest.fixture
def pull_request(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    root = tmp_path / "repo"
    (root / "data").mkdir(parents=True)
    (root / "data" / "sites.geojson").write_bytes(CATALOGUE.read_bytes())
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "main")
    git(root, "branch", "origin/main")  # what actions/checkout with fetch-depth 0 provides
    git(root, "checkout", "-q", "-b", "contribution")
    edited = hand_edit(CATALOGUE, root / "data" / "sites.geojson")
    git(root, "commit", "-q", "-am", "A hand edit in the web editor")
    monkeypatch.chdir(root)
    shas = {
        "BASE_SHA": git(root, "rev-parse", "main").strip(),
        "HEAD_SHA": git(root, "rev-parse", "HEAD").strip(),
    }
    return {"root": root, "shas": shas, **edited}


def _run(args: list[str]) -> Any:
    return CliRunner().invoke(cli, args)


def test_a_hand_edit_passes_the_pull_request_checks(pull_request: dict[str, Any]) -> None:
    # The check job, then the diff job (which compares the two commit SHAs).
    calls = workflow_commands("check") + workflow_commands("diff", pull_request["shas"])
    assert {c[0] for c in calls} >= {"validate", "format", "diff"}
    outputs = {}
    for call in calls:
        result = _run(call)
        assert result.exit_code == 0, (call, result.output)
        outputs[call[0]] = result.stdout
    assert "::error" not in outputs["validate"]
    assert outputs["format"].startswith("::notice ") and "heritage format" in outputs["format"]
    report = outputs["diff"]
    for key in ("new_site", "withdrawn_site", "status_site"):
        assert pull_request[key] in report, key
    # The format-branch job's command then applies the canonical layout, keeping every value.
    path = pull_request["root"] / "data" / "sites.geojson"
    before = json.loads(path.read_text("utf-8"))
    for call in workflow_commands("format-branch"):
        assert _run(call).exit_code == 0
    assert is_canonical(load_document(path))
    after = json.loads(path.read_text("utf-8"))
    assert sorted(after["features"], key=lambda f: f["id"]) == sorted(
        before["features"], key=lambda f: f["id"]
    )


def test_a_slip_in_the_hand_edit_fails_on_its_line(pull_request: dict[str, Any]) -> None:
    path = pull_request["root"] / "data" / "sites.geojson"
    text = path.read_text("utf-8").replace('"confidence": "medium"', '"confidance": "medium"', 1)
    path.write_text(text, encoding="utf-8")
    validate = next(c for c in workflow_commands("check") if c[0] == "validate")
    result = _run(validate)
    assert result.exit_code == 1
    (annotation,) = [line for line in result.stdout.splitlines() if line.startswith("::error")]
    line = next(n for n, t in enumerate(text.splitlines(), 1) if '"confidance"' in t)
    assert f"line={line}," in annotation and "Did you mean 'confidence'?" in annotation
