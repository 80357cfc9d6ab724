"""Example catalogues: every valid file is clean, every invalid file fires its code.

Files are discovered automatically: tests/data/valid/*.geojson and
tests/data/invalid/<code>[-anything].geojson, where <code> is the issue code it must raise.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from conftest import DATA

from heritage import codes
from heritage.issues import Severity
from heritage.validate import SCHEMA_FALLBACK, validate_path

VALID = sorted((DATA / "valid").glob("*.geojson"))
INVALID = sorted((DATA / "invalid").glob("*.geojson"))
TODAY = date(2026, 11, 26)
#: The validator's codes, from the registry (heritage/codes.py).
CODES = {c.code: c for c in codes.of_area("validate")}


def code_of(path: Path) -> str:
    """The longest known code that the file name starts with."""
    matches = [c for c in CODES if path.stem == c or path.stem.startswith(c + "-")]
    assert matches, f"{path.name} does not start with a known issue code"
    return max(matches, key=len)


def test_examples_were_found() -> None:
    assert len(VALID) >= 3
    assert len(INVALID) >= len(CODES) - 1


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.name)
def test_valid_examples_have_no_issues(path: Path) -> None:
    result = validate_path(path, today=TODAY)
    assert result.issues == []


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.name)
def test_invalid_example_fires_its_code(path: Path) -> None:
    code = code_of(path)
    result = validate_path(path, today=TODAY)
    found = [i for i in result.issues if i.code == code]
    assert found, f"expected {code}, got {sorted(result.codes())}"
    for issue in found:
        assert issue.severity == CODES[code].severity
        assert issue.line is not None and issue.column is not None
        assert issue.message.endswith((".", ")", "?"))
    if code not in ("invalid-json", "not-feature-collection"):
        assert all(i.site_id is not None for i in found)


def test_every_documented_code_has_an_example() -> None:
    covered = {code_of(p) for p in INVALID}
    assert set(CODES) - {SCHEMA_FALLBACK} <= covered


def test_warning_only_examples_are_ok() -> None:
    for name in ("foreign-member", "outside-usual-extent", "sensitive-precision"):
        result = validate_path(DATA / "invalid" / f"{name}.geojson", today=TODAY)
        assert result.ok and result.warnings
        assert all(i.severity is Severity.WARNING for i in result.issues)


def test_positions_point_at_the_offending_text() -> None:
    path = DATA / "invalid" / "unknown-status.geojson"
    issue = next(i for i in validate_path(path, today=TODAY) if i.code == "unknown-status")
    line = path.read_text("utf-8").splitlines()[issue.line - 1]
    assert line[issue.column - 1 :].startswith('"status": "destroyd"')
    assert issue.pointer == "/features/0/properties/history/0/status"
    assert "Did you mean 'destroyed'" in issue.message


def test_swapped_coordinates_hint() -> None:
    result = validate_path(DATA / "invalid" / "outside-usual-extent.geojson", today=TODAY)
    (issue,) = result.issues
    assert issue.site_id == "swapped-site"
    assert "Swapped, it would fall inside" in issue.message


def test_future_date_depends_on_today() -> None:
    path = DATA / "invalid" / "future-date.geojson"
    assert "future-date" in validate_path(path, today=TODAY).codes()
    assert "future-date" not in validate_path(path, today=date(3000, 1, 1)).codes()


def test_real_catalogue_is_valid(any_catalogue: Path) -> None:
    # The bundled catalogue, and a hand edit of it (tests/hand_edit.py): 0 errors, 0 warnings.
    result = validate_path(any_catalogue)
    assert result.issues == []
    assert result.site_count == len(json.loads(any_catalogue.read_text("utf-8"))["features"])


@pytest.mark.parametrize("path", INVALID + VALID, ids=lambda p: p.name)
def test_fast_and_pure_python_schema_checks_agree(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from heritage import validate

    fast = sorted((i.code, i.pointer) for i in validate_path(path, today=TODAY))
    monkeypatch.setattr(validate, "_fast_validators", lambda: None)
    slow = sorted((i.code, i.pointer) for i in validate_path(path, today=TODAY))
    assert fast == slow


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://example.org", True),
        ("http://www.publicnow.com/view/8844?1637052649", True),
        ("https://es.frwiki.wiki/wiki/Amaras#History", True),
        ("HTTPS://example.org", True),  # the scheme is case-insensitive (heritage/urls.py)
        ("javascript:alert(1)", False),
        ("java\tscript:alert(1)", False),
        ("https:///no-host", False),
        ("https://exa mple.org", False),
        ("https://example.org/\x00", False),
        ("//example.org/relative", False),
        ("data:text/html,<script>alert(1)</script>", False),
    ],
)
def test_url_rule(url: str, ok: bool) -> None:
    from heritage.rules import check_url

    assert (list(check_url(url, "s", "/p")) == []) is ok


@pytest.mark.parametrize("path", INVALID + VALID, ids=lambda p: p.name)
def test_numbers_kept_as_text_give_the_same_issues(path: Path) -> None:
    from heritage.document import parse
    from heritage.validate import validate_document

    text = path.read_text("utf-8")
    if "invalid-json" in path.name:
        return  # not parseable at all: validate_text reports it
    plain = sorted(
        (i.code, i.pointer) for i in validate_document(parse(text, keep_number_text=False), TODAY)
    )
    raw = sorted(
        (i.code, i.pointer) for i in validate_document(parse(text, keep_number_text=True), TODAY)
    )
    assert plain == raw
