"""Every checked entry of research pass 6 is in the catalogue, or its decision says why not.

data/research/pass6/ holds the second research reading as it was delivered (with each
entry's ``check`` verdict and evidence) and ``decisions.json``, the editor's decisions on
entries not merged as such. New sites are found by id, events by site, date, summary and
sources (a source counts when it is the ``url`` or the ``via`` of a cited source), and
locations within 50 m of the research point. An event replaced later is recorded in
data/research/corrections.json like any research fact.
"""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
from conftest import CATALOGUE, ROOT
from research_record import cited, correction_problems

PASS6 = ROOT / "data" / "research" / "pass6"
DECISIONS = json.loads((PASS6 / "decisions.json").read_text("utf-8"))
NEW = json.loads((PASS6 / "new-sites.geojson").read_text("utf-8"))["features"]
EVENTS = json.loads((PASS6 / "events.json").read_text("utf-8"))
LOCATIONS = json.loads((PASS6 / "locations.json").read_text("utf-8"))
FEATURES = {f["id"]: f for f in json.loads(CATALOGUE.read_text("utf-8"))["features"]}
RECORD = json.loads((ROOT / "data" / "research" / "corrections.json").read_text("utf-8"))
#: Facts of pass 6 changed on purpose later, each recorded with "research": "pass6".
CORRECTED = [(c["site"], c["fact"], c["was"]) for c in RECORD if c.get("research") == "pass6"]


def _all_events() -> list[tuple[str, dict[str, Any]]]:
    out = [(e["site_id"], e["event"]) for e in EVENTS]
    for feature in NEW:
        if feature["id"] in DECISIONS["dropped"] and feature["id"] not in DECISIONS["merged_into"]:
            continue
        site = DECISIONS["merged_into"].get(feature["id"], feature["id"])
        out += [(site, e) for e in feature["properties"]["history"]]
    return out


def test_every_dropped_site_has_a_reason() -> None:
    ids = {f["id"] for f in NEW}
    for site, reason in DECISIONS["dropped"].items():
        assert site in ids and len(reason) > 40
    assert set(DECISIONS["merged_into"]) <= set(DECISIONS["dropped"])


@pytest.mark.parametrize("feature", NEW, ids=lambda f: f["id"])
def test_new_sites_are_in_the_catalogue(feature: dict[str, Any]) -> None:
    if feature["id"] in DECISIONS["dropped"]:
        assert feature["id"] not in FEATURES
        return
    if (feature["id"], "site", feature["id"]) in CORRECTED:
        return
    props = FEATURES[feature["id"]]["properties"]
    research = feature["properties"]
    assert props["name"] == research["name"]
    assert props["kind"] == research["kind"]
    for key in ("region", "built", "notes"):
        if research.get(key):
            assert research[key] in props[key]
    assert set(research.get("alt_names", [])) <= set(props.get("alt_names", []))
    for url in (research.get("built_source"), (research.get("location") or {}).get("source")):
        if url:
            assert url in cited(props)


@pytest.mark.parametrize("pair", _all_events(), ids=lambda p: f"{p[0]}@{p[1]['date']}")
def test_research_events_are_in_the_catalogue(pair: tuple[str, dict[str, Any]]) -> None:
    site, event = pair
    if (site, "event", event) in CORRECTED:
        return
    history = FEATURES[site]["properties"]["history"]
    match = next(
        (e for e in history if e["summary"] == event["summary"] and e["date"] == event["date"]),
        None,
    )
    assert match is not None
    for key in ("type", "status", "reported_by", "reporter_type", "confidence"):
        assert match.get(key) == event.get(key), key
    if event.get("note"):
        assert event["note"] in match["note"]
    urls = {s["url"] for s in match["sources"]} | {s.get("via") for s in match["sources"]}
    for source in event["sources"]:
        assert source["url"] in urls
        kept = next(s for s in match["sources"] if source["url"] in (s["url"], s.get("via")))
        for key in ("title", "published"):
            assert kept.get(key) == source.get(key)


def _metres(a: tuple[float, float], b: tuple[float, float]) -> float:
    (lon1, lat1), (lon2, lat2) = a, b
    x = math.radians(lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    return math.hypot(x, math.radians(lat2 - lat1)) * 6_371_000


@pytest.mark.parametrize("loc", LOCATIONS, ids=lambda loc: loc["site_id"])
def test_research_locations_are_in_the_catalogue(loc: dict[str, Any]) -> None:
    if (loc["site_id"], "location", loc) in CORRECTED:
        return
    feature = FEATURES[loc["site_id"]]
    lon, lat = feature["geometry"]["coordinates"]
    assert _metres((lon, lat), (loc["lon"], loc["lat"])) < 50
    location = feature["properties"]["location"]
    assert location["precision"] == loc["precision"]
    assert loc["source"] in (location["source"], location.get("via"))
    assert loc["note"] in location["note"]


def test_a_pass6_fact_can_be_corrected_on_the_record() -> None:
    site, event = EVENTS[0]["site_id"], EVENTS[0]["event"]
    entry = {
        "research": "pass6",
        "site": site,
        "fact": "event",
        "was": event,
        "now": None,
        "reason": "The page was re-read and says something else.",
        "source": "https://example.org/re-reading",
        "date": "2026-12-06",
        "by": "a test",
    }
    assert correction_problems([], [entry], FEATURES) == []
    wrong = {**entry, "was": {**event, "summary": "Not what pass 6 says."}}
    assert correction_problems([], [wrong], FEATURES) == [
        "corrections[0]: 'was' is not a fact of pass6"
    ]
