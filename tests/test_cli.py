"""The CLI: exit codes (0 clean, 1 findings, 2 could not run), output formats, no tracebacks."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import CATALOGUE, DATA, collection

from heritage.cli import cli

INVALID = DATA / "invalid"


def run(*args: str) -> Any:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_validate_clean_exits_0() -> None:
    result = run("validate", str(CATALOGUE))
    assert result.exit_code == 0
    assert "0 errors, 0 warnings" in result.output


def test_validate_errors_exit_1_with_location() -> None:
    path = INVALID / "unknown-status.geojson"
    result = run("validate", str(path))
    assert result.exit_code == 1
    first = result.output.splitlines()[0]
    assert first.startswith(
        f"{path}:15:13: error[unknown-status] test-church: 'destroyd' is not a known status."
    )


def test_warnings_exit_0_unless_strict() -> None:
    path = str(INVALID / "foreign-member.geojson")
    assert run("validate", path).exit_code == 0
    assert run("validate", "--strict", path).exit_code == 1


def test_validate_json_format() -> None:
    result = run("validate", "--format", "json", str(INVALID / "duplicate-id.geojson"))
    assert result.exit_code == 1
    records = json.loads(result.output)
    assert len(records) == 1
    record = records[0]
    assert {"code", "severity", "site_id", "pointer", "line", "column", "message"} <= set(record)
    assert record["code"] == "duplicate-id" and record["site_id"] == "same-id"
    assert record["pointer"] == "/features/1/id" and record["severity"] == "error"


def test_validate_json_site_id_null_without_feature() -> None:
    records = json.loads(
        run("validate", "--format", "json", str(INVALID / "invalid-json.geojson")).output
    )
    assert records[0]["site_id"] is None and records[0]["line"] == 2


def test_validate_github_format() -> None:
    result = run("validate", "--format", "github", str(INVALID / "unknown-kind.geojson"))
    assert result.exit_code == 1
    line = result.stdout.splitlines()[0]
    assert line.startswith("::error file=")
    assert ",line=10,col=9,title=unknown-kind::test-church: 'monastry' is not a known kind." in line


def test_github_annotations_escape_newlines(
    write_catalogue: Callable[..., Path], site: Callable[..., Any]
) -> None:
    bad = site(**{"evil\nkey, with: %": 1})
    out = run("validate", "--format", "github", str(write_catalogue(collection(bad)))).stdout
    # Two annotations (unknown-property, and invalid-character for the line feed in a member
    # name), one line each.
    assert out.count("\n") == 2
    assert all(line.startswith("::") for line in out.splitlines())
    assert "evil%0Akey, with: %25" in out


def test_missing_file_exits_2_without_traceback(tmp_path: Path) -> None:
    result = run("validate", str(tmp_path / "nope.geojson"))
    assert result.exit_code == 2
    assert "no such file" in result.output and "Traceback" not in result.output


def test_folder_exits_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["format", str(tmp_path)])
    assert result.exit_code == 2


def test_non_utf8_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "latin1.geojson"
    path.write_bytes('{"name": "Şuşa"}'.encode("cp1254"))
    result = run("validate", str(path))
    assert result.exit_code == 2 and "not UTF-8" in result.output


def test_format_check_and_write(tmp_path: Path) -> None:
    messy = tmp_path / "messy.geojson"
    messy.write_bytes((DATA / "format" / "messy.in.geojson").read_bytes())
    assert run("format", "--check", str(messy)).exit_code == 1
    assert (
        messy.read_bytes() == (DATA / "format" / "messy.in.geojson").read_bytes()
    )  # --check wrote nothing
    assert run("format", str(messy)).exit_code == 0
    assert messy.read_text("utf-8") == (DATA / "format" / "messy.out.geojson").read_text("utf-8")
    assert run("format", "--check", str(messy)).exit_code == 0


def test_format_output_option(tmp_path: Path) -> None:
    out = tmp_path / "out.geojson"
    source = DATA / "format" / "messy.in.geojson"
    assert run("format", str(source), "-o", str(out)).exit_code == 0
    assert out.read_text("utf-8") == (DATA / "format" / "messy.out.geojson").read_text("utf-8")


def test_format_refuses_lossy_and_keeps_file(tmp_path: Path) -> None:
    path = tmp_path / "dup.geojson"
    path.write_bytes((INVALID / "duplicate-key.geojson").read_bytes())
    before = path.read_bytes()
    result = run("format", str(path))
    assert result.exit_code == 2
    assert "cannot format losslessly" in result.output and "duplicate key" in result.output
    assert path.read_bytes() == before


def test_format_invalid_json_exits_2(tmp_path: Path) -> None:
    result = run("format", "--check", str(INVALID / "invalid-json.geojson"))
    # The position of the trailing comma itself, and the slip named as it is.
    assert result.exit_code == 2 and ":2:32:" in result.output
    assert "extra comma" in result.output and "missing comma" not in result.output


def _expected_summary(path: Path) -> dict[str, Any]:
    """Count from the raw JSON, by the documented status rule (not through the library)."""
    from heritage.dates import effective_date

    features = json.loads(path.read_text("utf-8"))["features"]
    statuses: Counter[str] = Counter()
    claims_only = 0
    for feature in features:
        history = feature["properties"]["history"]
        setting = [
            (effective_date(e["date"]), k, e["status"])
            for k, e in enumerate(history)
            if e.get("type", "condition") in ("condition", "restoration")
            and e.get("status")
            and e.get("date") is not None
        ]
        status = max(setting)[2] if setting else "unknown"
        statuses[status] += 1
        claims_only += status == "unknown" and any(e.get("type") == "claim" for e in history)
    return {
        "sites": len(features),
        "located": sum(f["geometry"] is not None for f in features),
        "events": sum(len(f["properties"]["history"]) for f in features),
        "statuses": statuses,
        "claims_only": claims_only,
    }


def test_summary(any_catalogue: Path) -> None:
    expected = _expected_summary(any_catalogue)
    result = run("summary", str(any_catalogue))
    assert result.exit_code == 0
    text = " ".join(result.output.split())
    n, located = expected["sites"], expected["located"]
    assert f"{n} sites ({located} located, {n - located} without coordinates)" in text
    assert f"{expected['events']} events" in text
    assert f"{expected['claims_only']} sites of unknown status have claims" in text
    for status, count in expected["statuses"].items():
        assert re.search(rf"│ {status} +│ +{count} │", result.output), (status, count)


def test_schema_command_matches_shipped_file() -> None:
    from heritage.schema import load_schema

    assert json.loads(run("schema").output) == load_schema()


def test_python_m_heritage() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "heritage", "validate", str(CATALOGUE)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert "0 errors" in proc.stdout


@pytest.mark.parametrize(
    "name", ["unknown-status", "invalid-json", "duplicate-key", "non-finite-number"]
)
def test_no_traceback_on_bad_input(name: str) -> None:
    result = CliRunner().invoke(cli, ["validate", str(INVALID / f"{name}.geojson")])
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
