"""The pure-Python status rule (heritage.status_rule) agrees with the pandas one (history)."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from conftest import CATALOGUE

import heritage
from heritage.status_rule import deciding_event, status_of

FEATURES: list[dict[str, Any]] = json.loads(CATALOGUE.read_text("utf-8"))["features"]
DAYS = [
    date(1900, 1, 1),
    date(2000, 6, 30),
    date(2020, 11, 10),
    date(2021, 1, 1),
    date(2024, 12, 31),
]


def event(
    day: str | None, status: str | None = "damaged", kind: str = "condition"
) -> dict[str, Any]:
    return {"date": day, "type": kind, "status": status}


def test_hand_made_histories() -> None:
    assert status_of([]) == "unknown"
    assert status_of(None) == "unknown"
    # Latest by effective date, not by list order.
    assert status_of([event("2021", "destroyed"), event("2020-05-01", "damaged")]) == "destroyed"
    # Same effective day: the later entry in the list wins.
    assert status_of([event("2020-12-31", "damaged"), event("2020", "destroyed")]) == "destroyed"
    assert status_of([event("2020", "destroyed"), event("2020-12-31", "damaged")]) == "damaged"
    # Claims, undated events and events without a status never set it.
    history = [
        event("2019", "intact"),
        event("2022", "destroyed", "claim"),
        event(None),
        event("2023", None),
    ]
    assert status_of(history) == "intact"
    assert deciding_event(history) == (0, date(2019, 12, 31))
    # As of a day: only events effective by then.
    history = [event("2019-03-01", "damaged"), event("2021-03-01", "restored", "restoration")]
    assert status_of(history, date(2020, 1, 1)) == "damaged"
    assert status_of(history, date(2019, 2, 28)) == "unknown"
    assert status_of(history) == "restored"
    # Entries that cannot be read set nothing.
    assert status_of(["text", 3, {"date": 2020, "status": "damaged"}]) == "unknown"


@pytest.fixture(scope="module")
def catalogue() -> Any:
    return heritage.load(CATALOGUE)


def test_current_status_matches_the_catalogue(catalogue: Any) -> None:
    mine = {f["id"]: status_of(f["properties"].get("history")) for f in FEATURES}
    theirs = catalogue.sites["status"].to_dict()
    assert mine == theirs


@pytest.mark.parametrize("day", DAYS, ids=str)
def test_status_as_of_a_day_matches_the_catalogue(catalogue: Any, day: date) -> None:
    mine = {f["id"]: status_of(f["properties"].get("history"), day) for f in FEATURES}
    assert mine == catalogue.status_at(day).to_dict()
