"""The GitHub issue forms: generated from the vocabulary, with the contract's labels."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from heritage import vocabulary as v
from heritage.cli import cli
from heritage.imports.forms import generated_files
from heritage.site_lookup import fold
from heritage.site_lookup import match_site as find_site
from tests.issue_forms_support import catalogue_text, render

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / ".github" / "ISSUE_TEMPLATE"
EVENT_LABELS = [
    "Date",
    "Type",
    "Status",
    "Summary",
    "Reported by",
    "Reporter type",
    "Confidence",
    "Source URL",
    "Archived copy URL",
    "Notes",
]
REPORT_LABELS = ["Site", *EVENT_LABELS]
NEW_SITE_LABELS = [
    "Site id",
    "Name (English)",
    "Name (Armenian)",
    "Name (Azerbaijani)",
    "Name (Russian)",
    "Other names",
    "Kind",
    "Region",
    "Latitude",
    "Longitude",
    "Location precision",
    "Location source URL",
    "Sensitive location",
    *EVENT_LABELS,
]


def load(name: str) -> dict[str, Any]:
    data = yaml.safe_load((TEMPLATES / name).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def fields(form: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        item["attributes"]["label"]: item for item in form["body"] if item["type"] != "markdown"
    }


def test_the_files_are_generated_and_current() -> None:
    for name, text in generated_files().items():
        assert (ROOT / name).read_text(encoding="utf-8") == text, (
            f"run 'heritage gen-docs' ({name})"
        )


@pytest.mark.parametrize(
    ("name", "title", "labels"),
    [
        ("report-change.yml", "Report a change to a site", REPORT_LABELS),
        ("new-site.yml", "Propose a new site", NEW_SITE_LABELS),
    ],
)
def test_the_forms_have_the_contract_labels_in_order(
    name: str, title: str, labels: list[str]
) -> None:
    form = load(name)
    assert form["name"] == title
    found = list(fields(form))
    assert [label for label in found if label in labels] == labels
    ids = [item["id"] for item in form["body"] if "id" in item]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("name", ["report-change.yml", "new-site.yml"])
def test_dropdowns_offer_exactly_the_vocabulary(name: str) -> None:
    wanted = {
        "Type": v.EVENT_TYPES,
        "Status": v.STATUSES,
        "Confidence": v.CONFIDENCES,
        "Kind": v.KINDS,
        "Location precision": v.PRECISIONS,
    }
    found = fields(load(name))
    dropdowns = {
        k: tuple(f["attributes"]["options"]) for k, f in found.items() if f["type"] == "dropdown"
    }
    assert dropdowns == {k: opts for k, opts in wanted.items() if k in found}
    assert found["Type"]["attributes"]["options"][found["Type"]["attributes"]["default"]] == (
        v.DEFAULT_EVENT_TYPE
    )
    # 'unknown' is computed, never reported.
    assert "unknown" not in found["Status"]["attributes"]["options"]


def _check_jsonschema(schema: str, *files: Path) -> subprocess.CompletedProcess[str]:
    # check-jsonschema ships SchemaStore's schemas of GitHub's issue forms (no network).
    tool = Path(sys.executable).parent / "check-jsonschema"
    return subprocess.run(
        [str(tool), "--builtin-schema", schema, *map(str, files)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_forms_are_valid_github_issue_forms(tmp_path: Path) -> None:
    forms = [TEMPLATES / "report-change.yml", TEMPLATES / "new-site.yml"]
    result = _check_jsonschema("vendor.github-issue-forms", *forms)
    assert result.returncode == 0, result.stdout + result.stderr
    result = _check_jsonschema("vendor.github-issue-config", TEMPLATES / "config.yml")
    assert result.returncode == 0, result.stdout + result.stderr
    # A negative control: a dropdown without options is refused.
    broken = tmp_path / "broken.yml"
    broken.write_text(
        (TEMPLATES / "report-change.yml").read_text(encoding="utf-8").replace("options:", "x:"),
        encoding="utf-8",
    )
    assert _check_jsonschema("vendor.github-issue-forms", broken).returncode != 0


def test_sensitive_location_is_a_checkbox() -> None:
    sensitive = fields(load("new-site.yml"))["Sensitive location"]
    assert sensitive["type"] == "checkboxes"
    assert len(sensitive["attributes"]["options"]) == 1


def _fill(item: dict[str, Any]) -> str:
    """What GitHub writes for a field filled in by a careful contributor."""
    label, kind = item["attributes"]["label"], item["type"]
    if kind == "dropdown":
        options = item["attributes"]["options"]
        return {"Status": "damaged", "Type": "condition", "Kind": "church"}.get(label, options[0])
    if kind == "checkboxes":
        return f"- [ ] {item['attributes']['options'][0]['label']}"
    return {
        "Site": "Gulabli church",
        "Site id": "",
        "Name (English)": "A New Chapel",
        "Latitude": "39.5",
        "Longitude": "46.5",
        "Date": "2024-02-03",
        "Other names": "",
        "Other source URLs": "",
    }.get(label, "https://example.org/x" if "URL" in label else f"{label} text")


@pytest.mark.parametrize(
    ("name", "added"),
    [("report-change.yml", "event added to 'gulabli-church'"), ("new-site.yml", "a-new-chapel")],
)
def test_a_body_rendered_from_each_form_imports(tmp_path: Path, name: str, added: str) -> None:
    # Fill in the YAML form itself, as GitHub renders it, so form and importer cannot drift.
    body = render([(label, _fill(item)) for label, item in fields(load(name)).items()])
    (tmp_path / "body.md").write_text(body, encoding="utf-8")
    (tmp_path / "sites.geojson").write_text(catalogue_text(), encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["import", "issue", str(tmp_path / "body.md"), "-c", str(tmp_path / "sites.geojson")]
    )
    assert result.exit_code == 0, result.stderr
    assert added in result.stderr


def test_find_site_folds_case_accents_and_spacing() -> None:
    import json

    features = json.loads(catalogue_text())["features"]
    assert fold("Gülablı  Kilsəsi") == fold("gulabli-kilsesi")
    assert find_site(features, "GULABLI CHURCH").site_id == "gulabli-church"
    ambiguous = find_site(features, "st george church")
    assert ambiguous.site_id is None and ambiguous.ambiguous
    assert ambiguous.candidates == ("st-george-hadrut", "st-george-shusha")
    unknown = find_site(features, "amaras-monastry")
    assert unknown.site_id is None and not unknown.ambiguous
    assert unknown.candidates[0] == "amaras-monastery"


def test_the_import_workflow_keeps_the_body_out_of_the_shell() -> None:
    import shlex

    import click

    workflow = yaml.safe_load(
        (ROOT / ".github" / "workflows" / "import-issue.yml").read_text(encoding="utf-8")
    )
    assert workflow[True] == {"issues": {"types": ["labeled"]}}  # YAML 1.1 reads `on` as True
    assert workflow["permissions"] == {}
    (job,) = workflow["jobs"].values()
    assert "github.event.label.name == 'accepted'" in job["if"]
    for label in ("report-change", "new-site"):
        assert f"'{label}'" in job["if"]
    assert job["permissions"] == {"contents": "write", "pull-requests": "write", "issues": "write"}
    runs = [step for step in job["steps"] if "run" in step]
    for step in runs:
        assert "${{" not in step["run"], step  # expressions only in env:
    body_steps = [s for s in runs if "github.event.issue.body" in str(s.get("env", {}))]
    assert len(body_steps) == 1
    script = body_steps[0]["run"]
    assert '"$ISSUE_BODY" > "$RUNNER_TEMP/issue.md"' in script
    calls = [
        shlex.split(line.replace("\\", ""))
        for line in script.replace("\\\n", " ").splitlines()
        if "heritage import issue" in line
    ]
    assert len(calls) == 1
    words = calls[0][calls[0].index("issue") - 1 : calls[0].index(">")]
    assert words[:2] == ["import", "issue"]
    group = cli.commands["import"]
    assert isinstance(group, click.Group)
    context = click.Context(group, info_name="import")
    parsed = group.commands["issue"].make_context("issue", words[2:], parent=context)
    assert parsed.params["file"] == "$RUNNER_TEMP/issue.md"
    assert parsed.params["catalogue"] == "data/sites.geojson"
    everything = "\n".join(s["run"] for s in runs)
    assert "gh pr create" in everything and "Closes #$ISSUE" in everything
    assert "gh issue comment" in everything
    assert "pull_request_target" not in str(workflow)


def _survives(value: str) -> bool:
    """Text that GitHub would show unchanged as a field's value (no heading, fence, comment)."""
    from heritage.imports.issue_body import _FENCE, _HEADING

    lines = value.split("\n")
    return (
        "<!--" not in value
        and "\r" not in value
        and not any(_HEADING.match(line) or _FENCE.match(line) for line in lines)
        and value.strip() not in ("", "_No response_")
    )


def test_parsing_round_trips_any_text_value() -> None:
    from hypothesis import assume, given, settings
    from hypothesis import strategies as st

    from heritage.imports.issue_body import parse_body

    alphabet = st.sampled_from(list("ab #`~-[]X<>!\n\t_*Ամ"))

    @settings(max_examples=300, deadline=None)
    @given(summary=st.text(alphabet, max_size=40), notes=st.text(alphabet, max_size=40))
    def check(summary: str, notes: str) -> None:
        assume(_survives(summary) and _survives(notes))
        text = render([("Summary", summary), ("Notes", notes), ("Site", "x")])
        body = parse_body(text, ("Site", "Summary", "Notes"))
        for label, value in (("Summary", summary), ("Notes", notes)):
            expected = "\n".join(line.rstrip() for line in value.split("\n")).strip()
            assert body.values[label] == expected
        assert body.values["Site"] == "x"
        assert not body.repeated and not body.unknown

    check()
