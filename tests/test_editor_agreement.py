"""The editor's JSON Schema and `heritage validate` agree on error / no error.

A contributor's editor checks the file with heritage/schemas/sites.schema.json alone; the pull
request runs `heritage validate`. Where the schema can express a rule, both must say the same
thing about the same file: a file the editor accepts must not fail the pull request for a
rule the schema knows, and a file the editor rejects must fail it. (Rules that no JSON Schema
can express, such as date order or future dates, are checked by `heritage validate` only.)
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import jsonschema
import jsonschema_rs
import pytest
from conftest import CATALOGUE, DATA, collection, minimal_site
from test_validate_examples import code_of

from heritage.schema import load_schema
from heritage.validate import validate_path, validate_text

TODAY = date(2026, 11, 26)
#: Codes of rules the schema expresses: a file that fires one must be rejected by the editor.
SCHEMA_CODES = frozenset(
    {
        "not-feature-collection",
        "not-a-feature",
        "missing-member",
        "wrong-type",
        "empty-value",
        "invalid-id",
        "missing-english-name",
        "unknown-kind",
        "unknown-status",
        "unknown-event-type",
        "unknown-confidence",
        "unknown-precision",
        "missing-status",
        "missing-reported-by",
        "unknown-property",
        "invalid-geometry",
    }
)
_VALIDATOR = jsonschema.Draft202012Validator(load_schema())
#: A second, independent implementation, whose regular expressions end at "$" as the
#: ECMA-262 ones of editors do (Python's "$" also matches before a final line break).
_COMPILED = jsonschema_rs.validator_for(load_schema())


def editor_accepts(data: Any) -> bool:
    """What an editor using the shipped schema alone says."""
    answer = bool(_COMPILED.is_valid(data))
    if not _has_final_newline(data):
        assert bool(_VALIDATOR.is_valid(data)) is answer  # both implementations agree
    return answer


def _has_final_newline(data: Any) -> bool:
    if isinstance(data, str):
        return data.endswith("\n")
    if isinstance(data, dict):
        return any(_has_final_newline(v) for v in data.values())
    if isinstance(data, list):
        return any(_has_final_newline(v) for v in data)
    return False


def _parsable(path: Path) -> bool:
    try:
        json.loads(path.read_text("utf-8"), parse_constant=float)
    except ValueError:
        return False
    return code_of(path) not in ("duplicate-key", "non-finite-number")


EXAMPLES = sorted((DATA / "valid").glob("*.geojson")) + [
    p for p in sorted((DATA / "invalid").glob("*.geojson")) if _parsable(p)
]


@pytest.mark.parametrize("path", [*EXAMPLES, CATALOGUE], ids=lambda p: p.name)
def test_schema_and_validate_agree_on_the_example_files(path: Path) -> None:
    data = json.loads(path.read_text("utf-8"))
    result = validate_path(path, today=TODAY)
    schema_codes = {i.code for i in result.errors} & SCHEMA_CODES
    if editor_accepts(data):
        # The pull request may still fail on a rule the schema cannot express, never on one
        # it can.
        assert not schema_codes, f"the editor accepts what validate rejects: {schema_codes}"
    else:
        assert not result.ok, "the editor rejects a file that validate accepts"
    if path.parent.name == "invalid" and code_of(path) in SCHEMA_CODES:
        assert not editor_accepts(data), f"the editor misses {code_of(path)}"


def _event(feature: dict[str, Any]) -> dict[str, Any]:
    event: dict[str, Any] = feature["properties"]["history"][0]
    return event


def _drop_reporter(f: dict[str, Any]) -> None:
    del _event(f)["reported_by"]


def _claim_without_reporter(f: dict[str, Any]) -> None:
    f["properties"]["history"] = [
        {"date": "2021", "type": "claim", "summary": "A ministry said so."}
    ]


def _restoration_without_reporter(f: dict[str, Any]) -> None:
    f["properties"]["history"] = [
        {"date": "2021", "type": "restoration", "status": "restored", "summary": "Repaired."}
    ]


def _control_without_status(f: dict[str, Any]) -> None:
    f["properties"]["history"] = [
        {"date": "2021", "type": "control", "summary": "Control of the area changed."}
    ]


def _put(where: str, key: str) -> Callable[[dict[str, Any]], None]:
    def edit(f: dict[str, Any]) -> None:
        props = f["properties"]
        target = {
            "properties": props,
            "event": _event(f),
            "source": _event(f)["sources"][0],
            "location": props.setdefault("location", {"precision": "site"}),
            "withdrawn": props.setdefault(
                "withdrawn", {"date": "2024-01-01", "reason": "A duplicate."}
            ),
            "site-sources": props.setdefault("sources", [{"url": "https://example.org/s"}])[0],
            "feature": f,
        }[where]
        target[key] = "value"

    return edit


#: (name, edit of a valid feature, whether the result is valid).
EDITS: list[tuple[str, Callable[[dict[str, Any]], None], bool]] = [
    ("untouched", lambda f: None, True),
    ("status without reported_by", _drop_reporter, False),
    ("claim without reported_by", _claim_without_reporter, False),
    ("restoration status without reported_by", _restoration_without_reporter, False),
    ("control without status needs no reporter", _control_without_status, True),
    *[
        (f"misspelt member in {where}", _put(where, key), False)
        for where, key in [
            ("properties", "regoin"),
            ("event", "confidance"),
            ("source", "tittle"),
            ("location", "sorce"),
            ("withdrawn", "by"),
            ("site-sources", "publsher"),
        ]
    ],
    *[
        (f"x_ member in {where}", _put(where, "x_mine"), True)
        for where in ("properties", "event", "source", "location", "withdrawn", "feature")
    ],
    # GeoJSON allows foreign members on a feature: a warning, not an error, for both.
    ("foreign member on the feature", _put("feature", "title"), True),
    # Values that only look right: a line break after an id or a date, a URL without host.
    ("id with a final line break", lambda f: f.update(id="test-church\n"), False),
    ("date with a final line break", lambda f: _event(f).update(date="2020\n"), False),
    ("url without a host", lambda f: _event(f)["sources"][0].update(url="https:///x"), False),
    ("url with a space", lambda f: _event(f)["sources"][0].update(url="https://a b.org"), False),
    (
        "url with a line break",
        lambda f: _event(f)["sources"][0].update(url="https://a.org\n"),
        False,
    ),
    ("url with a query", lambda f: _event(f)["sources"][0].update(url="https://a.org?q=1"), True),
]


@pytest.mark.parametrize(("name", "edit", "valid"), EDITS, ids=[e[0] for e in EDITS])
def test_schema_and_validate_agree_on_hand_edits(
    name: str, edit: Callable[[dict[str, Any]], None], valid: bool
) -> None:
    feature = copy.deepcopy(minimal_site())
    edit(feature)
    data = collection(feature)
    result = validate_text(json.dumps(data), "edit.geojson", today=TODAY)
    assert result.ok is valid, [i.message for i in result.errors]
    assert editor_accepts(data) is valid
    if not valid:
        (issue,) = result.errors  # one slip, one error
        assert issue.line is not None and issue.site_id == feature["id"]
