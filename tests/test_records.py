"""The one walker from raw features to typed records, and the one collector of cited URLs."""

from __future__ import annotations

import datetime as dt
from typing import Any

import orjson
from conftest import CATALOGUE

from heritage.catalogue import from_data
from heritage.records import cited_urls, feature_urls, site_record, site_records
from heritage.sources import site_sources


def _feature(props: Any, fid: Any = "s1", geometry: Any = None) -> dict[str, Any]:
    return {"type": "Feature", "id": fid, "geometry": geometry, "properties": props}


def test_values_of_the_wrong_type_become_none_or_empty() -> None:
    record = site_record(
        _feature(
            {
                "name": {"en": 5, "hy": "Ղազանչեցոց"},
                "alt_names": ["Ghazanchetsots", 7],
                "kind": 3,
                "region": ["Shusha"],
                "built": "1868",
                "notes": {"x": 1},
                "location": "here",
                "withdrawn": "yes",
                "sources": "https://a.example/",
                "history": ["junk", {"date": 2020, "type": 1, "status": "damaged"}],
            }
        )
    )
    assert record.names == {"hy": "Ղազանչեցոց"}
    assert record.name is None
    assert record.alt_names == ["Ghazanchetsots"]
    assert (record.kind, record.region, record.built, record.notes) == (None, None, "1868", None)
    assert record.location == {} and record.precision is None and not record.sensitive
    assert record.withdrawn is None and record.withdrawn_date is None
    assert record.sources == () and record.urls == ()
    # A history entry that is not an object keeps its position, as an empty event.
    assert [e.seq for e in record.events] == [0, 1]
    assert record.events[0].type == "condition" and record.events[0].status is None
    assert record.events[1].date is None and record.events[1].type is None
    assert record.events[1].status == "damaged"


def test_anything_that_is_not_a_feature_gives_an_empty_record() -> None:
    for raw in (5, None, "feature", [], {"id": 3, "properties": 7}):
        record = site_record(raw)
        assert record.id == ""
        assert record.names == {} and record.events == () and cited_urls(record) == []


def test_site_records_keeps_file_order_and_skips_what_has_no_id() -> None:
    features = [_feature({}, "b"), "junk", _feature({}, 4), _feature({}, "a"), {"id": None}]
    assert [r.id for r in site_records(features)] == ["b", "a"]


def test_events_carry_their_sources_and_dates() -> None:
    record = site_record(
        _feature(
            {
                "history": [
                    {
                        "date": "2021-05",
                        "approximate": True,
                        "note": "seen from the road",
                        "sources": [
                            {"url": "https://a.example/1", "archived": "https://web.archive.org/1"},
                            "not a source",
                            {"url": 5, "title": "No URL", "archived": "https://web.archive.org/2"},
                        ],
                    },
                    {"date": "2019/2020"},
                    {"date": "not a date"},
                ]
            }
        )
    )
    first, interval, bad = record.events
    assert first.urls == ("https://a.example/1",)
    assert [s.title for s in first.sources] == [None, "No URL"]
    assert first.archived_urls == ["https://web.archive.org/1", "https://web.archive.org/2"]
    assert first.approximate is True and first.note == "seen from the road"
    assert (first.earliest, first.latest) == (dt.date(2021, 5, 1), dt.date(2021, 5, 31))
    assert first.effective == dt.date(2021, 5, 31)
    assert (interval.earliest, interval.latest) == (dt.date(2019, 1, 1), dt.date(2020, 12, 31))
    assert (bad.earliest, bad.latest, bad.effective) == (None, None, None)


def test_counts_of_claims_and_undated_reports() -> None:
    record = site_record(
        _feature(
            {
                "history": [
                    {"type": "claim", "status": "destroyed", "date": "2020"},
                    {"status": "damaged"},  # undated condition report with a status
                    {"type": "restoration", "status": "intact"},  # undated too
                    {"type": "restoration"},  # no status: not counted
                    {"status": "damaged", "date": "2021"},
                ]
            }
        )
    )
    assert record.claim_count == 1
    assert record.undated_reports == 2


def test_a_sensitive_site_keeps_only_what_is_published() -> None:
    props = {
        "location": {
            "precision": "site",
            "source": "https://maps.example/exact",
            "note": "behind the school",
            "sensitive": True,
        },
        "sources": [{"url": "https://a.example/"}],
    }
    geometry = {"type": "Point", "coordinates": [46.7531, 39.7612]}
    record = site_record(_feature(props, geometry=geometry))
    assert record.sensitive and record.location == {"sensitive": True}
    assert (record.precision, record.location_source, record.location_note) == (None, None, None)
    assert record.point() == (46.75, 39.75)
    assert cited_urls(record) == ["https://a.example/"]
    public = site_record(_feature({**props, "location": {"precision": "site"}}, geometry=geometry))
    assert public.point() == (46.7531, 39.7612) and public.precision == "site"


def test_the_one_collector_keeps_order_and_drops_repeats() -> None:
    props = {
        "sources": [{"url": "https://a.example/"}, {"url": "https://b.example/"}],
        "built_source": "https://b.example/",
        "location": {"precision": "site", "source": "https://c.example/"},
        "history": [
            {"sources": [{"url": "https://a.example/"}, {"url": "javascript:alert(1)"}]},
            {"sources": [{"url": "https://d.example/"}]},
        ],
    }
    record = site_record(_feature(props))
    assert cited_urls(record) == [
        "https://a.example/",
        "https://b.example/",
        "https://c.example/",
        "javascript:alert(1)",
        "https://d.example/",
    ]
    # Links are made only of the web URLs among them.
    assert site_sources(_feature(props)) == [
        "https://a.example/",
        "https://b.example/",
        "https://c.example/",
        "https://d.example/",
    ]


def test_the_frames_count_the_collected_urls_and_never_fail_on_wrong_types() -> None:
    data = {
        "type": "FeatureCollection",
        "features": [
            _feature(
                {
                    "name": "not an object",
                    "sources": [{"url": "https://a.example/"}, {"url": "ftp://b.example/"}],
                    "history": ["junk", {"date": 5, "sources": [{"url": "https://a.example/"}]}],
                }
            )
        ],
    }
    catalogue = from_data(data)
    site = catalogue.sites.loc["s1"]
    assert site["name"] is None and site["event_count"] == 2
    assert site["source_count"] == 2  # every text URL counts; links are another matter
    assert list(catalogue.events["source_count"]) == [0, 1]
    assert catalogue.records["s1"].events[1].urls == ("https://a.example/",)


def test_the_bundled_catalogue_walks_to_the_same_ids_and_event_counts() -> None:
    data = orjson.loads(CATALOGUE.read_bytes())
    records = list(site_records(data["features"]))
    assert [r.id for r in records] == [f["id"] for f in data["features"]]
    assert [len(r.events) for r in records] == [
        len(f["properties"].get("history", [])) for f in data["features"]
    ]


def test_the_light_collector_of_raw_features_agrees_with_the_records() -> None:
    data = orjson.loads(CATALOGUE.read_bytes())
    hostile: list[Any] = [
        5,
        _feature("not properties"),
        _feature({"location": {"source": "https://x.example/", "sensitive": "yes"}}),
        _feature({"location": "https://x.example/", "built_source": 3}),
        _feature({"history": ["x", {"sources": "https://y.example/"}, {"sources": [7]}]}),
    ]
    for feature in [*data["features"], *hostile]:
        assert feature_urls(feature) == cited_urls(site_record(feature))
