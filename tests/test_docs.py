"""Generated documentation stays equal to the code: docs/cli.md and CONTRIBUTING.md."""

from __future__ import annotations

import json
import re
import shlex
import shutil
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from heritage.cli import cli
from heritage.cli.docgen import (
    VOCABULARY_BEGIN,
    VOCABULARY_END,
    WIDTH,
    cli_reference,
    commands,
    undocumented,
    vocabulary_markdown,
)
from heritage.document import load_document

ROOT = Path(__file__).resolve().parent.parent
CLI_DOC = ROOT / "docs" / "cli.md"
CONTRIBUTING = ROOT / "CONTRIBUTING.md"


def test_cli_reference_is_current() -> None:
    assert CLI_DOC.read_text(encoding="utf-8") == cli_reference(), (
        "docs/cli.md is stale: run 'heritage gen-docs'"
    )


@pytest.mark.parametrize("name", [name for name, _, _ in commands(cli)])
def test_each_command_section_equals_its_help(name: str) -> None:
    args = name.split()[1:]
    result = CliRunner().invoke(cli, [*args, "--help"], prog_name="heritage", terminal_width=WIDTH)
    assert result.exit_code == 0
    text = CLI_DOC.read_text(encoding="utf-8")
    section = re.search(rf"^## {re.escape(name)}\n\n```text\n(.*?)\n```$", text, re.S | re.M)
    assert section is not None, f"docs/cli.md has no section for '{name}'"
    assert section.group(1) == result.output.rstrip()


def test_every_command_is_documented() -> None:
    assert undocumented() == []


def test_a_command_without_help_is_caught() -> None:
    group = click.Group("root", help="Root.")
    group.add_command(click.Command("silent", callback=lambda: None))
    group.add_command(click.Command("quiet", callback=lambda: None, help="Says what it does."))
    assert undocumented(group) == ["heritage silent"]


def test_contributing_vocabulary_is_generated_from_the_vocabulary() -> None:
    text = CONTRIBUTING.read_text(encoding="utf-8")
    start = text.index(VOCABULARY_BEGIN)
    end = text.index(VOCABULARY_END) + len(VOCABULARY_END)
    assert text[start:end] == vocabulary_markdown()
    from heritage import vocabulary as v

    for code in (*v.STATUSES, *v.KINDS, *v.EVENT_TYPES, *v.CONFIDENCES, *v.PRECISIONS):
        assert f"| `{code}` |" in text


def test_gen_docs_check_and_write(tmp_path: Path) -> None:
    shutil.copy(CONTRIBUTING, tmp_path / "CONTRIBUTING.md")
    (tmp_path / "docs").mkdir()
    shutil.copy(CLI_DOC, tmp_path / "docs" / "cli.md")
    shutil.copytree(ROOT / ".github" / "ISSUE_TEMPLATE", tmp_path / ".github" / "ISSUE_TEMPLATE")
    for name in ("data-model.md", "reports.md"):
        shutil.copy(ROOT / "docs" / name, tmp_path / "docs" / name)
    result = CliRunner().invoke(cli, ["gen-docs", "--check", "--root", str(tmp_path)])
    assert result.exit_code == 0, result.output
    (tmp_path / "docs" / "cli.md").write_text("old\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["gen-docs", "--check", "--root", str(tmp_path)])
    assert result.exit_code == 1
    assert "cli.md: stale" in result.stderr
    result = CliRunner().invoke(cli, ["gen-docs", "--root", str(tmp_path)])
    assert result.exit_code == 0
    assert (tmp_path / "docs" / "cli.md").read_text(encoding="utf-8") == cli_reference()


def _blocks(language: str) -> list[str]:
    text = CONTRIBUTING.read_text(encoding="utf-8")
    return re.findall(rf"^```{language}\n(.*?)^```$", text, re.S | re.M)


def test_contributing_example_commands_write_the_example_feature(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "sites.geojson").write_text(
        '{"type": "FeatureCollection", "features": []}\n', encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    example = next(b for b in _blocks("sh") if "heritage new-site" in b)
    commands_text = example.replace("\\\n", " ")
    lines = [line for line in commands_text.splitlines() if line.startswith("heritage ")]
    assert [line.split()[1] for line in lines] == ["new-site", "add-event"]
    for line in lines:
        result = CliRunner().invoke(cli, shlex.split(line)[1:])
        assert result.exit_code == 0, result.output
    written = load_document(tmp_path / "data" / "sites.geojson").data["features"]
    expected = json.loads(next(b for b in _blocks("json") if '"example-chapel"' in b))
    assert json.loads(json.dumps(written)) == [expected]
