"""The map's data block and pages, checked in Python (no browser)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import collection, minimal_site

from heritage import dates, vocabulary
from heritage.maps import build_map
from heritage.maps.data import GEO_CELL, GEO_NONE, GEO_POINT, build_data, split_block
from heritage.maps.page import script_json

BLOCK = re.compile(rb'<script type="application/json" id="heritage-(\w+)">(.*?)</script>', re.S)


def blocks(page: bytes) -> dict[str, Any]:
    """The JSON blocks of a page, decoded."""
    return {name.decode(): json.loads(body) for name, body in BLOCK.findall(page)}


def test_columns_codes_and_days() -> None:
    site = minimal_site(
        "a-church",
        name={"en": "A church", "hy": "Եկեղեցի"},
        alt_names=["Old name"],
        region="Shusha",
        history=[
            {"date": "2020-11", "type": "condition", "status": "damaged", "summary": "s1",
             "reported_by": "Monitor", "confidence": "high",
             "sources": [{"url": "https://example.org/1", "publisher": "Pub"}]},
            {"date": "../2021-06-30", "type": "claim", "status": "intact", "summary": "s2"},
            {"date": None, "summary": "s3", "status": "destroyed"},
        ],
    )  # fmt: skip
    data = build_data(collection(site))
    sites, events = data.block["sites"], data.block["events"]
    vocab, strings = data.block["vocab"], data.block["strings"]
    assert sites["id"] == ["a-church"]
    assert sites["names"] == [["hy", "Եկեղեցի"]]
    assert sites["alt"] == [["Old name"]]
    assert vocab["kind"][sites["kind"][0]] == "church"
    assert strings[sites["region"][0]] == "Shusha"
    assert sites["geo"] == [GEO_POINT] and sites["x"] == [46.75] and sites["y"] == [39.76]
    assert sites["events"] == [3]
    assert events["date"] == ["2020-11", "../2021-06-30", 0]
    # Day numbers of the effective (latest) day, None when undated.
    assert events["day"] == [
        dates.day_number(dates.parse("2020-11").effective),
        dates.day_number(dates.parse("2021-06-30").effective),
        None,
    ]
    assert [vocab["type"][t] for t in events["type"]] == ["condition", "claim", "condition"]
    assert [vocab["status"][s] for s in events["status"]] == ["damaged", "intact", "destroyed"]
    assert vocab["status"][: len(vocabulary.ALL_STATUSES)] == list(vocabulary.ALL_STATUSES)
    assert events["src"][0] == [["https://example.org/1", 0, strings.index("Pub")]]
    assert strings[events["by"][0]] == "Monitor"
    assert data.issues == []


def test_values_outside_the_vocabulary_are_kept_as_written() -> None:
    site = minimal_site("odd", kind="ziggurat")
    site["properties"]["history"][0]["status"] = "vanished"
    data = build_data(collection(site))
    vocab = data.block["vocab"]
    assert vocab["kind"][data.block["sites"]["kind"][0]] == "ziggurat"
    assert vocab["status"][data.block["events"]["status"][0]] == "vanished"


def test_unusable_values_become_issues_not_silence() -> None:
    bad_geometry = minimal_site("bad-geometry")
    bad_geometry["geometry"] = {"type": "Point", "coordinates": "here"}
    bad_date = minimal_site("bad-date")
    bad_date["properties"]["history"][0]["date"] = "last spring"
    no_id = minimal_site()
    del no_id["id"]
    data = build_data(collection(bad_geometry, bad_date, no_id))
    found = {(i.code, i.site_id) for i in data.issues}
    assert found == {
        ("map-unusable-geometry", "bad-geometry"),
        ("map-invalid-date", "bad-date"),
        ("map-skipped-feature", None),
    }
    assert data.block["sites"]["geo"] == [GEO_NONE, GEO_POINT]
    assert data.block["events"]["day"] == [dates.day_number(dates.parse("2020-11-10").effective),
                                           None]  # fmt: skip
    assert all(i.pointer.startswith("/features/") for i in data.issues)


def test_sensitive_site_is_its_grid_cell() -> None:
    site = minimal_site("hidden", location={"precision": "site", "sensitive": True,
                                            "source": "https://maps.example/?q=39.7612,46.7523",
                                            "note": "exactly behind the school"})  # fmt: skip
    site["geometry"]["coordinates"] = [46.7523, 39.7612]
    data = build_data(collection(site))
    sites = data.block["sites"]
    assert sites["geo"] == [GEO_CELL]
    assert (sites["x"], sites["y"]) == ([46.75], [39.75])
    ring = data.block["areas"]["0"][0]
    assert ring == [46.7, 39.7, 46.8, 39.7, 46.8, 39.8, 46.7, 39.8, 46.7, 39.7]
    assert sites["loc_src"] == [0] and sites["loc_note"] == [0]
    assert data.bounds == [[39.7, 46.7], [39.8, 46.8]]


def test_split_puts_details_aside() -> None:
    main, details = split_block(build_data(collection(minimal_site())).block)
    assert "summary" not in main["events"] and "src" not in main["events"]
    assert {"day", "type", "status"} <= set(main["events"])
    assert details["events"]["summary"] == [minimal_site()["properties"]["history"][0]["summary"]]


@pytest.mark.parametrize("text", ["</script><script>x()</script>", "<!--", "a & b", "\u2028\u2029"])
def test_script_json_escapes_what_breaks_out_of_script(text: str) -> None:
    out = script_json({"t": text})
    for raw in (b"<", b">", b"&", "\u2028".encode(), "\u2029".encode()):
        assert raw not in out
    assert json.loads(out) == {"t": text}


def test_pages_carry_data_after_templating_and_are_deterministic(tmp_path: Path) -> None:
    site = minimal_site("jinja", name={"en": "{{ 7*7 }} {% for x in range(3) %}X{% endfor %}"})
    pages = build_map(collection(site))
    again = build_map(collection(site))
    assert pages.index == again.index and pages.embed == again.embed
    decoded = blocks(pages.index)
    assert decoded["data"]["sites"]["name"] == [site["properties"]["name"]["en"]]
    assert b"{{ 7*7 }}" in pages.index and b"XXX" not in pages.index
    assert b"49" not in pages.index.split(b'id="heritage-data">')[1].split(b"</script>")[0]
    # Only Leaflet from the CDN, pinned with its integrity hash: no jQuery, Bootstrap, icons.
    text = pages.index.decode()
    for unwanted in ("jquery", "bootstrap", "font-awesome", "fontawesome", "awesome-markers"):
        assert unwanted not in text.lower()
    assert 'integrity="sha384-' in text and "leaflet@1.9.4" in text
    assert "Content-Security-Policy" in text and "'unsafe-inline'" not in text
    assert not re.search(r"[0-9a-f]{32}", text.split('id="heritage-config"')[0])


def test_as_of_and_language_reach_the_page() -> None:
    pages = build_map(collection(minimal_site()), lang="hy", as_of="2021-06")
    config = blocks(pages.index)["config"]
    assert config["config"]["as_of"] == dates.day_number(dates.parse("2021-06-30").effective)
    assert config["config"]["lang"] == "hy"
    assert config["labels"]["status"]["destroyed"] == "Ավերված"
    assert b'<html lang="hy"' in pages.index


def test_withdrawn_sites_leave_the_map() -> None:
    gone = minimal_site("gone", withdrawn={"date": "2024", "reason": "duplicate of kept"})
    data = build_data(collection(gone, minimal_site("kept")))
    assert data.block["sites"]["id"] == ["kept"]
    assert data.block["sites"]["events"] == [1]


def test_values_of_the_wrong_type_are_left_out_one_by_one() -> None:
    """Each reader keeps only values of its type: true is not a number, 5 is not a text."""
    site = minimal_site(
        "typed",
        name={"en": "Typed", "hy": 5, "ru": ""},
        alt_names=["Kept", 7, "", None],
        refs={"wikidata": "Q1", "count": 3, "flag": True, "ratio": 1.5, "none": None},
        notes=["not", "a", "text"],
        location={"precision": "site", "source": 12, "note": "ok"},
    )
    site["properties"]["history"].append("not an event")
    site["properties"]["history"].append({"date": 2020, "status": "damaged"})
    sites = build_data(collection(site)).block["sites"]
    assert sites["names"] == [0]
    assert sites["alt"] == [["Kept"]]
    assert sites["refs"] == [["wikidata", "Q1", "count", 3]]
    assert sites["notes"] == [0]
    assert (sites["loc_src"], sites["loc_note"]) == ([0], ["ok"])
    # The text entry is not an event; the one with a number for a date is, undated.
    assert sites["events"] == [2]
    events = build_data(collection(site)).block["events"]
    assert events["date"][1:] == [0] and events["day"][1:] == [None]
