"""The bundled catalogue holds every site, event and source of the research file, faithfully.

data/research/seed-sites.json is the research file the catalogue was built from
(scripts/convert_seed.py). These checks are written independently of the converter and
survive later additions to the catalogue: they only ask that nothing of the research was
lost or changed.
"""

from __future__ import annotations

import calendar
import json
from datetime import date
from typing import Any

import pytest
from conftest import CATALOGUE, ROOT

import heritage
from heritage.dates import parse

SEED = json.loads((ROOT / "data" / "research" / "seed-sites.json").read_text("utf-8"))
FEATURES = {f["id"]: f for f in json.loads(CATALOGUE.read_text("utf-8"))["features"]}
KINDS = {"khachkar_site": "khachkar", "fortification": "fortress"}


def test_counts() -> None:
    assert len(SEED) == 265
    assert sum(len(s["status_events"]) for s in SEED) == 529
    assert {s["id"] for s in SEED} <= set(FEATURES)


@pytest.mark.parametrize("seed", SEED, ids=lambda s: s["id"])
def test_site_is_faithful(seed: dict[str, Any]) -> None:
    feature = FEATURES[seed["id"]]
    props = feature["properties"]
    names = {k: v for k, v in seed["names"].items() if k != "alt"}
    assert props["name"] == names
    assert props.get("alt_names", []) == seed["names"].get("alt", [])
    assert props["kind"] == KINDS.get(seed["site_type"], seed["site_type"])
    assert props.get("built") == seed["built"]
    assert props.get("built_source") == seed["built_source"]
    assert props.get("region") == seed["region"]
    assert props.get("notes") == seed["notes"]
    loc = seed["location"]
    if loc is None:
        assert feature["geometry"] is None
    else:
        assert feature["geometry"] == {"type": "Point", "coordinates": [loc["lon"], loc["lat"]]}
        assert props["location"]["source"] == loc["source"]
        expected = "site" if loc["precision"] == "complex" else loc["precision"]
        assert props["location"]["precision"] == expected
        if loc.get("note"):
            assert loc["note"] in props["location"]["note"]
    # Every source of the research record is cited somewhere on the site.
    cited = {s["url"] for e in props["history"] for s in e.get("sources", [])}
    cited |= {s["url"] for s in props.get("sources", [])}
    cited |= {props.get("built_source"), props.get("location", {}).get("source")}
    assert set(seed["sources"]) <= cited


def _last_day(text: str) -> date:
    parts = [int(p) for p in text.split("-")]
    if len(parts) == 1:
        return date(parts[0], 12, 31)
    if len(parts) == 2:
        return date(parts[0], parts[1], calendar.monthrange(parts[0], parts[1])[1])
    return date(*parts)


@pytest.mark.parametrize("seed", SEED, ids=lambda s: s["id"])
def test_events_are_faithful(seed: dict[str, Any]) -> None:
    history = FEATURES[seed["id"]]["properties"]["history"]
    assert len(history) == len(seed["status_events"])
    unmatched = list(history)
    for event in seed["status_events"]:
        match = next(
            e
            for e in unmatched
            if e["summary"] == event["description"]
            and event["source_url"] in [s["url"] for s in e["sources"]]
        )
        unmatched.remove(match)
        assert match.get("reported_by") == event["reported_by"]
        assert match.get("reporter_type") == event["reporter_type"]
        assert match.get("confidence") == event["confidence"]
        if event.get("note"):
            assert event["note"] in match["note"]
        if event["status"] == "under_restoration":
            assert match["type"] == "restoration" and "status" not in match
            assert "under restoration" in match["note"]
        else:
            assert match["type"] == event["event_type"]
            assert match.get("status") == event["status"]
        _check_date(event, match)


def _check_date(event: dict[str, Any], match: dict[str, Any]) -> None:
    """The catalogue's date allows exactly what the research said, at its precision."""
    d, lo, hi = event["date"], event.get("date_earliest"), event.get("date_latest")
    text = match["date"]
    if d is None and lo is None and hi is None:
        assert text is None
        return
    span = parse(text)
    latest = hi or d
    if latest is not None:
        if event["date_precision"] == "decade" and not hi:
            assert span.effective == date(int(d) + 9, 12, 31)
        elif event["date_precision"] == "season" and not hi:
            assert span.effective.year == int(d) and span.effective > date(int(d), 1, 31)
        else:
            assert span.effective == _last_day(latest)
    else:
        assert text.endswith("/..")  # only a lower bound is known
    if lo is not None:
        assert span.earliest == parse(lo).earliest
    if event["date_precision"] == "approximate":
        assert match.get("approximate") is True


def _independent_status(seed: dict[str, Any]) -> str:
    """The contract's current status, computed here from the research records directly."""
    best: tuple[date, int, str] | None = None
    events = seed["status_events"]
    for order, event in enumerate(events):
        if event["event_type"] not in ("condition", "restoration"):
            continue
        if event["status"] in (None, "under_restoration"):
            continue
        d, hi, lo = event["date"], event.get("date_latest"), event.get("date_earliest")
        if event["date_precision"] == "decade" and d and not hi:
            day = date(int(d) + 9, 12, 31)
        elif event["date_precision"] == "season" and d and not hi:
            day = parse(match_date(seed, order)).effective
        elif hi or d or lo:
            day = _last_day(hi or d or lo)
        else:
            continue  # undated: never sets the status
        key = (day, order, event["status"])
        if best is None or key[:2] > best[:2]:
            best = key
    return best[2] if best else "unknown"


def match_date(seed: dict[str, Any], order: int) -> str:
    event = seed["status_events"][order]
    history = FEATURES[seed["id"]]["properties"]["history"]
    return next(e["date"] for e in history if e["summary"] == event["description"])


def test_current_status_matches_contract_semantics() -> None:
    cat = heritage.load(CATALOGUE)
    computed = {s["id"]: _independent_status(s) for s in SEED}
    assert {k: cat.sites.loc[k, "status"] for k in computed} == computed
