"""The research file's facts are kept: by the converter, and by the catalogue ever after.

Two different promises, tested separately:

* scripts/convert_seed.py converts data/research/seed-sites.json faithfully: run on the
  research file, its output holds every site, event and source and nothing else, and the
  current status it gives each site is the one the contract's rules give the research.
* data/sites.geojson, which contributors extend by hand, still holds every research fact,
  matched by content, unless data/research/corrections.json records who changed it, why
  and on what source. Additions of any kind pass (see tests/research_record.py).
"""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import CATALOGUE, ROOT
from research_record import KINDS, correction_problems, last_day, record_problems

import heritage
from heritage.dates import parse

RESEARCH = ROOT / "data" / "research"
SEED: list[dict[str, Any]] = json.loads((RESEARCH / "seed-sites.json").read_text("utf-8"))
CORRECTIONS: list[dict[str, Any]] = json.loads((RESEARCH / "corrections.json").read_text("utf-8"))
DATA: dict[str, Any] = json.loads(CATALOGUE.read_text("utf-8"))


def test_research_file_counts() -> None:
    assert len(SEED) == 265
    assert sum(len(s["status_events"]) for s in SEED) == 529


# --- The converter, on its own output -------------------------------------------------


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("convert") / "sites.geojson"
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "convert_seed.py"),
            str(RESEARCH / "seed-sites.json"),
            str(out),
        ],
        check=True,
    )
    return out


def test_converter_keeps_every_research_fact(converted: Path) -> None:
    data = json.loads(converted.read_text("utf-8"))
    assert record_problems(SEED, data) == []


def test_converter_adds_nothing(converted: Path) -> None:
    features = {f["id"]: f for f in json.loads(converted.read_text("utf-8"))["features"]}
    assert sorted(features) == sorted(s["id"] for s in SEED)
    for seed in SEED:
        feature = features[seed["id"]]
        props = feature["properties"]
        assert len(props["history"]) == len(seed["status_events"]), seed["id"]
        assert props.get("alt_names", []) == seed["names"].get("alt", [])
        assert props["name"] == {k: v for k, v in seed["names"].items() if k != "alt" and v}
        assert props["kind"] == KINDS.get(seed["site_type"], seed["site_type"])
        assert (feature["geometry"] is None) == (seed["location"] is None)


def _effective(seed: dict[str, Any], order: int, history: list[dict[str, Any]]) -> date | None:
    event = seed["status_events"][order]
    d, hi, lo = event["date"], event.get("date_latest"), event.get("date_earliest")
    if event["date_precision"] == "decade" and d and not hi:
        return date(int(d) + 9, 12, 31)
    if event["date_precision"] == "season" and d and not hi:
        text = next(e["date"] for e in history if e["summary"] == event["description"])
        return parse(text).effective
    if hi or d or lo:
        return last_day(hi or d or lo)
    return None


def _independent_status(seed: dict[str, Any], history: list[dict[str, Any]]) -> str:
    """The contract's current status, computed here from the research records directly."""
    best: tuple[date, int, str] | None = None
    for order, event in enumerate(seed["status_events"]):
        if event["event_type"] not in ("condition", "restoration"):
            continue
        if event["status"] in (None, "under_restoration"):
            continue
        day = _effective(seed, order, history)
        if day is None:
            continue  # undated: never sets the status
        if best is None or (day, order) > best[:2]:
            best = (day, order, event["status"])
    return best[2] if best else "unknown"


def test_converter_output_status_matches_contract_semantics(converted: Path) -> None:
    cat = heritage.load(converted)
    features = {f["id"]: f for f in json.loads(converted.read_text("utf-8"))["features"]}
    computed = {
        s["id"]: _independent_status(s, features[s["id"]]["properties"]["history"]) for s in SEED
    }
    assert {k: cat.sites.loc[k, "status"] for k in computed} == computed


# --- The catalogue keeps the record -----------------------------------------------------


def test_catalogue_keeps_every_research_fact_or_records_the_correction() -> None:
    problems = record_problems(SEED, DATA, CORRECTIONS)
    assert problems == [], "\n".join(problems)


def _site(data: dict[str, Any], site_id: str) -> dict[str, Any]:
    return next(f for f in data["features"] if f["id"] == site_id)


def _research_event(site_id: str) -> dict[str, Any]:
    return next(s for s in SEED if s["id"] == site_id)["status_events"][0]


def _without_event(site_id: str) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """A copy of the catalogue with one research event of a site deleted by hand."""
    data = copy.deepcopy(DATA)
    research = _research_event(site_id)
    history = _site(data, site_id)["properties"]["history"]
    gone = next(e for e in history if e["summary"] == research["description"])
    history.remove(gone)
    return data, research, gone


def _correction(site: str, fact: str, was: Any, now: Any = None) -> dict[str, Any]:
    return {
        "site": site,
        "fact": fact,
        "was": was,
        "now": now,
        "reason": "The page was re-read: it describes another church.",
        "source": "https://example.org/re-reading",
        "date": "2026-12-06",
        "by": "a test",
    }


def test_a_silently_deleted_research_event_fails() -> None:
    data, research, _ = _without_event("amaras-monastery")
    problems = record_problems(SEED, data, CORRECTIONS)
    assert len(problems) == 1
    assert problems[0].startswith("amaras-monastery: event")
    assert research["description"][:40] in problems[0]


def test_the_same_deletion_with_a_correction_passes() -> None:
    data, research, _ = _without_event("amaras-monastery")
    corrections = [*CORRECTIONS, _correction("amaras-monastery", "event", research)]
    assert record_problems(SEED, data, corrections) == []


def test_a_silently_changed_event_fails() -> None:
    data = copy.deepcopy(DATA)
    research = _research_event("dadivank")
    event = next(
        e
        for e in _site(data, "dadivank")["properties"]["history"]
        if e["summary"] == research["description"]
    )
    event["confidence"] = "high" if event.get("confidence") != "high" else "low"
    assert any(p.startswith("dadivank: event") for p in record_problems(SEED, data, CORRECTIONS))


def test_a_silently_removed_source_name_or_note_fails() -> None:
    data = copy.deepcopy(DATA)
    seed = next(s for s in SEED if s["notes"] and s["names"].get("alt") and s["sources"])
    props = _site(data, seed["id"])["properties"]
    props["alt_names"] = [n for n in props["alt_names"] if n != seed["names"]["alt"][0]]
    props["notes"] = "Rewritten."
    problems = record_problems(SEED, data, CORRECTIONS)
    assert any("alt_name" in p and seed["id"] in p for p in problems)
    assert any(": notes " in p and seed["id"] in p for p in problems)


@pytest.mark.parametrize(
    "bad",
    [
        {"reason": ""},
        {"reason": "   "},
        {"by": ""},
        {"source": "not a url"},
        {"date": "yesterday"},
        {"fact": "colour"},
        {"was": {"description": "an event the research never had"}},
        {"site": "no-such-site"},
    ],
)
def test_a_correction_that_is_not_a_record_fails(bad: dict[str, Any]) -> None:
    data, research, _ = _without_event("amaras-monastery")
    entry = {**_correction("amaras-monastery", "event", research), **bad}
    assert correction_problems(SEED, [entry], {f["id"]: f for f in data["features"]})


def test_a_correction_must_carry_every_member() -> None:
    entry = _correction("amaras-monastery", "event", _research_event("amaras-monastery"))
    del entry["reason"]
    assert correction_problems(SEED, [entry], {}) == ["corrections[0]: missing reason"]


def test_a_replacement_must_be_in_the_catalogue() -> None:
    data, research, gone = _without_event("amaras-monastery")
    replacing = {**gone, "date": "2021"}
    entry = _correction("amaras-monastery", "event", research, now=replacing)
    assert record_problems(SEED, data, [*CORRECTIONS, entry]) != []
    _site(data, "amaras-monastery")["properties"]["history"].append(replacing)
    assert record_problems(SEED, data, [*CORRECTIONS, entry]) == []


def test_a_canonical_url_with_the_copy_in_via_keeps_the_source() -> None:
    data = copy.deepcopy(DATA)
    research = _research_event("dadivank")
    event = next(
        e
        for e in _site(data, "dadivank")["properties"]["history"]
        if e["summary"] == research["description"]
    )
    source = next(s for s in event["sources"] if s["url"] == research["source_url"])
    source["url"] = "https://en.wikipedia.org/wiki/Dadivank"
    assert record_problems(SEED, data, CORRECTIONS) != []
    source["via"] = research["source_url"]
    assert record_problems(SEED, data, CORRECTIONS) == []


def test_the_catalogue_cites_originals_with_the_copies_in_via() -> None:
    """After the rewrite of copies, the research's copy URLs are still found, in via."""
    vias = [
        s
        for f in DATA["features"]
        for e in f["properties"]["history"]
        for s in e.get("sources", [])
        if "via" in s
    ]
    assert len(vias) > 50
    assert all(s["url"].split("/")[2].endswith("wikipedia.org") for s in vias)


def test_hand_edits_that_add_pass() -> None:
    """Events, names, a better location, a new site and a withdrawal, in a hand layout."""
    data = copy.deepcopy(DATA)
    amaras = _site(data, "amaras-monastery")["properties"]
    amaras["history"][0:0] = [
        {
            "date": None,
            "type": "claim",
            "summary": "An added claim.",
            "reported_by": "X",
            "sources": [{"url": "https://example.org/1"}],
        }
    ]
    amaras["history"].append(
        {
            "date": "2026-11",
            "type": "condition",
            "status": "damaged",
            "summary": "Added.",
            "reported_by": "Y",
            "sources": [{"url": "https://example.org/2"}],
        }
    )
    amaras["name"]["de"] = "Kloster Amaras"
    amaras.setdefault("alt_names", []).append("Amaras vank")
    amaras["notes"] = (amaras.get("notes") or "") + " A further note."
    # A city point replaced by the monument's own point, with its source.
    city = next(
        f
        for f in data["features"]
        if (f["properties"].get("location") or {}).get("precision") == "city"
    )
    city["geometry"] = {"type": "Point", "coordinates": [46.75, 39.76]}
    city["properties"]["location"] = {"precision": "site", "source": "https://example.org/gps"}
    data["features"].append(
        {
            "type": "Feature",
            "id": "a-new-site",
            "geometry": None,
            "properties": {"name": {"en": "A new site"}, "kind": "church", "history": []},
        }
    )
    _site(data, "dadivank")["properties"]["withdrawn"] = {"date": "2026-12-01", "reason": "test"}
    data["features"].reverse()  # site order is not a fact
    for feature in data["features"]:
        feature["properties"]["history"] = list(reversed(feature["properties"]["history"]))
    hand = json.loads(json.dumps(data, indent=1, sort_keys=True))
    assert record_problems(SEED, hand, CORRECTIONS) == []


def test_a_coarser_or_unsourced_location_is_a_change() -> None:
    data = copy.deepcopy(DATA)
    seed = next(s for s in SEED if s["location"] and s["location"]["precision"] == "site")
    feature = _site(data, seed["id"])
    feature["properties"]["location"] = {"precision": "city", "source": "https://example.org/c"}
    problems = record_problems(SEED, data, CORRECTIONS)
    assert any(p.startswith(f"{seed['id']}: location") for p in problems)
    feature["geometry"] = {"type": "Point", "coordinates": [46.0, 40.0]}
    feature["properties"]["location"] = {"precision": "site"}
    assert any(p.startswith(f"{seed['id']}: location") for p in record_problems(SEED, data))


def test_a_deleted_site_fails_unless_corrected() -> None:
    data = copy.deepcopy(DATA)
    data["features"] = [f for f in data["features"] if f["id"] != "dadivank"]
    assert record_problems(SEED, data, CORRECTIONS) == [
        "dadivank: the research site is missing from the catalogue"
    ]
    entry = _correction("dadivank", "site", "dadivank")
    assert record_problems(SEED, data, [*CORRECTIONS, entry]) == []
