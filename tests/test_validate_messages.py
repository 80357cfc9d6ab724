"""Kind messages for the slips of hand editing: date order, JSON syntax, misspelt members."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from conftest import DATA, collection, minimal_site
from hypothesis import given
from hypothesis import strategies as st

from heritage.history_order import in_order
from heritage.validate import validate_text

TODAY = date(2026, 11, 26)


def _history_issues(dates: list[str]) -> list[str]:
    history = [
        {
            "date": d,
            "type": "condition",
            "status": "intact",
            "summary": f"Report {k}.",
            "reported_by": "A monitor",
        }
        for k, d in enumerate(dates)
    ]
    data = collection(minimal_site(history=history))
    result = validate_text(json.dumps(data, indent=1), "h.geojson", today=TODAY)
    assert {i.code for i in result.issues} <= {"history-order"}
    return [i.message for i in result.issues]


def test_one_event_typed_at_the_top_gives_one_error_naming_it() -> None:
    # Before: four errors, each about an older event after the new one.
    (message,) = _history_issues(["2023-05-02", "2020-10-08", "2020-11-10", "2021", "2022-06"])
    assert message.startswith('event 0 (2023-05-02, "Report 0.") is out of date order')
    assert "move it after the event of 2022-06 (history/4)" in message


def test_one_event_appended_at_the_end() -> None:
    (message,) = _history_issues(["2020-10-08", "2020-11-10", "2021", "2019-01"])
    assert message.startswith("event 3 (2019-01")
    assert "move it before the event of 2020-10-08 (history/0)" in message


def test_an_event_in_the_middle_goes_after_its_predecessor() -> None:
    (message,) = _history_issues(["2019", "2021", "2020-03", "2022", "2023"])
    assert "event 2 (2020-03" in message and "after the event of 2019 (history/0)" in message


def test_two_misplaced_events_are_each_reported_once() -> None:
    messages = _history_issues(["2024", "2019", "2020", "2018-05", "2021", "2022"])
    assert len(messages) == 2
    assert messages[0].startswith("event 0 (2024") and "after the event of 2022" in messages[0]
    assert messages[1].startswith("event 3 (2018-05") and "before the event of 2019" in messages[1]


def test_ties_and_undated_events_are_in_order() -> None:
    # Same effective day (2020-11 ends on 2020-11-30) and null dates take no part.
    assert _history_issues(["2020-11-30", "2020-11", None, "2020-11-30", "2021"]) == []  # type: ignore[list-item]


def test_two_events_that_disagree_blame_the_later_one() -> None:
    (message,) = _history_issues(["2020", "2019"])
    assert message.startswith("event 1 (2019")


@given(st.lists(st.integers(min_value=0, max_value=20), max_size=40))
def test_in_order_is_a_longest_non_decreasing_subsequence(keys: list[int]) -> None:
    chosen = in_order(keys)
    values = [keys[i] for i in chosen]
    assert chosen == sorted(set(chosen)) and values == sorted(values)
    # Longest: compare with a plain O(n^2) dynamic programme.
    best = [1] * len(keys)
    for i in range(len(keys)):
        for j in range(i):
            if keys[j] <= keys[i]:
                best[i] = max(best[i], best[j] + 1)
    assert len(chosen) == max(best, default=0)


MINIMAL = (DATA / "valid" / "minimal.geojson").read_text("utf-8")


@pytest.mark.parametrize(
    ("slip", "edit", "where", "words"),
    [
        (
            "trailing comma in an object",
            lambda t: t.replace('"reported_by": "A monitoring group",\n            "sources": [\n'
                                '              {"url": "https://example.org/report"}\n'
                                "            ]", '"reported_by": "A monitoring group",'),
            (17, 48),
            "extra comma after the last item of the object",
        ),
        (
            "trailing comma in a list",
            lambda t: t.replace('"https://example.org/report"}', '"https://example.org/report"},'),
            (19, 52),
            "extra comma after the last item of the list",
        ),
        ("missing comma", lambda t: t.replace('"church",', '"church"'), (10, 25), "missing comma"),
        ("unclosed bracket", lambda t: t.rstrip()[:-1], (26, 1), "opened with '{' at line 1"),
        (
            "wrong closing bracket",
            lambda t: t.replace('"https://example.org/report"}\n            ]',
                                '"https://example.org/report"}\n            }'),
            (20, 13),
            "closes the list opened with '[' at line 18",
        ),
        (
            "smart quotes",
            lambda t: t.replace('"church"', "\u201cchurch\u201d"),
            (10, 17),
            "typographic quote",
        ),
        ("single quotes", lambda t: t.replace('"church"', "'church'"), (10, 17), "double quotes"),
        (
            "straight quote inside a text",
            lambda t: t.replace("reported shell", 'reported "shell'),
            (16, 53),
            'written \\"',
        ),
        (
            "comment",
            lambda t: t.replace('"kind"', '// a note\n        "kind"'),
            (10, 9),
            "no comments",
        ),
        (
            "line break in a text",
            lambda t: t.replace("shell damage", "shell\ndamage"),
            (16, 58),
            "line break",
        ),
        ("empty file", lambda t: "", (1, 1), "the file is empty"),
        (
            "no-break space",
            lambda t: t.replace('"kind": "church"', '"kind":\u00a0"church"'),
            (10, 16),
            "U+00A0 NO-BREAK SPACE",
        ),
    ],
)  # fmt: skip
def test_json_slips_are_named_with_their_position(
    slip: str, edit: object, where: tuple[int, int], words: str, tmp_path: Path
) -> None:
    assert callable(edit)
    text = edit(MINIMAL)
    assert text != MINIMAL or slip == "empty file"
    result = validate_text(text, "f.geojson", today=TODAY)
    (issue,) = result.issues
    assert issue.code == "invalid-json"
    assert words in issue.message, issue.message
    assert (issue.line, issue.column) == where, issue.message
    if slip != "missing comma":
        assert "missing comma" not in issue.message


def test_a_misspelt_member_is_an_error_that_names_the_member() -> None:
    site = minimal_site()
    site["properties"]["history"][0]["confidance"] = "high"
    result = validate_text(json.dumps(collection(site)), "f.geojson", today=TODAY)
    (issue,) = result.issues
    assert issue.code == "unknown-property" and not result.ok
    assert "Did you mean 'confidence'?" in issue.message
    assert issue.pointer == "/features/0/properties/history/0/confidance"
