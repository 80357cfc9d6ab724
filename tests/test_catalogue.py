"""The analyst's API: heritage.load, the sites and events frames, status_at."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from conftest import CATALOGUE, collection, minimal_site

import heritage
from heritage.errors import (
    CatalogueNotFoundError,
    HeritageError,
    InvalidCatalogueError,
    UnknownSiteError,
)


def ev(
    date_: str | None, status: str | None = None, type_: str = "condition", summary: str = "x"
) -> dict[str, Any]:
    event: dict[str, Any] = {
        "date": date_,
        "type": type_,
        "summary": summary,
        "sources": [{"url": f"https://example.org/{summary}"}],
    }
    if status:
        event["status"] = status
    if status or type_ == "claim":
        event["reported_by"] = "A monitoring group"
    return event


@pytest.fixture
def known(
    site: Callable[..., dict[str, Any]], write_catalogue: Callable[..., Path]
) -> heritage.Catalogue:
    """A hand-made catalogue whose statuses over time are known."""
    features = [
        # observed damaged in 2020-11, destroyed sometime in 2021 (year-only date)
        site("a-church", history=[ev("2020-11-10", "damaged"), ev("2021", "destroyed")]),
        # interval: destroyed between two images; counts from the end of the interval
        site(
            "b-cemetery",
            kind="cemetery",
            history=[ev("2019-06", "intact"), ev("2020-05/2021-03", "destroyed")],
        ),
        # a claim never overrides an observation
        site(
            "c-mosque",
            kind="mosque",
            history=[ev("2020-01-15", "intact"), ev("2022-03-01", "destroyed", "claim")],
        ),
        # only claims and an undated observation: unknown
        site(
            "d-memorial",
            kind="memorial",
            history=[ev(None, "destroyed"), ev("2021-04", "destroyed", "claim")],
        ),
        # same effective date: list order breaks the tie; restoration sets status
        site(
            "e-bridge",
            kind="bridge",
            history=[
                ev("2021-12-31", "damaged"),
                ev("2021", "intact"),
                ev("2023-05-01", "restored", "restoration"),
            ],
        ),
        # open-ended interval counts from the end of its known start; by-date from its end
        site(
            "f-khachkar",
            kind="khachkar",
            history=[ev("../2000-02-03", "damaged"), ev("2005/..", "destroyed")],
        ),
        # no events, no geometry
        site("g-unknown", kind="other", history=[]),
    ]
    features[-1]["geometry"] = None
    features[0]["properties"]["name"] = {"en": "A Church", "hy": "Ա եկեղեցի"}
    features[0]["properties"]["history"][0]["sources"].append({"url": "https://example.org/second"})
    return heritage.load(write_catalogue(collection(*features)))


def test_sites_frame(known: heritage.Catalogue) -> None:
    sites = known.sites
    assert sites.crs.to_epsg() == 4326
    assert sites.index.name == "site_id"
    assert list(sites.index) == [
        "a-church",
        "b-cemetery",
        "c-mosque",
        "d-memorial",
        "e-bridge",
        "f-khachkar",
        "g-unknown",
    ]
    for column in (
        "name",
        "kind",
        "region",
        "status",
        "last_observed",
        "event_count",
        "source_count",
        "geometry",
    ):
        assert column in sites.columns
    assert sites.loc["a-church", "names"] == {"en": "A Church", "hy": "Ա եկեղեցի"}
    assert sites.loc["a-church", "event_count"] == 2
    assert sites.loc["a-church", "source_count"] == 2  # distinct URLs: both events cite /x
    assert sites.loc["g-unknown", "geometry"] is None
    assert (sites.loc["d-memorial", "claim_count"], sites.loc["d-memorial", "undated_reports"]) == (
        1,
        1,
    )
    assert (sites.loc["a-church", "claim_count"], sites.loc["a-church", "undated_reports"]) == (
        0,
        0,
    )
    assert sites.loc["a-church", "geometry"].x == pytest.approx(46.75)


def test_current_status(known: heritage.Catalogue) -> None:
    assert known.sites["status"].to_dict() == {
        "a-church": "destroyed",
        "b-cemetery": "destroyed",
        "c-mosque": "intact",
        "d-memorial": "unknown",
        "e-bridge": "restored",
        "f-khachkar": "destroyed",
        "g-unknown": "unknown",
    }
    assert known.sites.loc["a-church", "last_observed"] == pd.Timestamp("2021-12-31")
    assert known.sites.loc["b-cemetery", "last_observed"] == pd.Timestamp("2021-03-31")
    assert pd.isna(known.sites.loc["d-memorial", "last_observed"])


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        (
            "2019-12-31",
            {
                "a-church": "unknown",
                "b-cemetery": "intact",
                "c-mosque": "unknown",
                "e-bridge": "unknown",
                "f-khachkar": "destroyed",
            },
        ),
        ("2020-11-10", {"a-church": "damaged", "b-cemetery": "intact", "c-mosque": "intact"}),
        ("2021-03-30", {"a-church": "damaged", "b-cemetery": "intact"}),
        ("2021-03-31", {"b-cemetery": "destroyed"}),
        ("2021-12-30", {"a-church": "damaged", "e-bridge": "unknown"}),
        (
            "2021-12-31",
            {"a-church": "destroyed", "e-bridge": "intact"},
        ),  # tie: the later in the list wins
        (
            date(2022, 6, 1),
            {"c-mosque": "intact", "d-memorial": "unknown"},
        ),  # claims never set status
        ("2005-12-30", {"f-khachkar": "damaged"}),
        ("2005", {"f-khachkar": "destroyed"}),  # text takes its latest day
        (pd.Timestamp("2024-01-01"), {"e-bridge": "restored", "g-unknown": "unknown"}),
    ],
)
def test_status_at(known: heritage.Catalogue, when: Any, expected: dict[str, str]) -> None:
    status = known.status_at(when)
    assert list(status.index) == list(known.sites.index)
    assert {k: status[k] for k in expected} == expected


def test_events_frame(known: heritage.Catalogue) -> None:
    events = known.events
    assert len(events) == 13
    row = events[(events.site_id == "b-cemetery") & (events.seq == 1)].iloc[0]
    assert row["date"] == "2020-05/2021-03"
    assert row["earliest"] == pd.Timestamp("2020-05-01")
    assert row["effective"] == pd.Timestamp("2021-03-31")
    assert row["source_count"] == 1
    undated = events[events.site_id == "d-memorial"].iloc[0]
    assert pd.isna(undated["date"]) and pd.isna(undated["effective"])
    assert str(events["effective"].dtype) == "datetime64[s]"


def test_site_lookup(known: heritage.Catalogue) -> None:
    assert known.site("a-church")["id"] == "a-church"
    with pytest.raises(UnknownSiteError):
        known.site("nope")
    with pytest.raises(LookupError):  # also a builtin LookupError
        known.site("nope")


def test_bad_date_argument(known: heritage.Catalogue) -> None:
    with pytest.raises(HeritageError, match="2021-13"):
        known.status_at("2021-13")


def test_load_refuses_invalid(
    write_catalogue: Callable[..., Path], site: Callable[..., dict[str, Any]]
) -> None:
    bad = site(kind="monastry")
    with pytest.raises(InvalidCatalogueError, match="unknown-kind") as info:
        heritage.load(write_catalogue(collection(bad)))
    assert info.value.issues
    assert len(heritage.load(write_catalogue(collection(bad)), check=False)) == 1


def test_load_missing_file(tmp_path: Path) -> None:
    with pytest.raises(CatalogueNotFoundError):
        heritage.load(tmp_path / "none.geojson")
    with pytest.raises(FileNotFoundError):
        heritage.load(tmp_path / "none.geojson")


def test_real_catalogue() -> None:
    cat = heritage.load(CATALOGUE)
    assert len(cat.sites) >= 265 and len(cat.events) >= 529
    assert cat.sites.loc["amaras-monastery", "kind"] == "monastery"
    assert cat.sites.geometry.notna().sum() >= 149
    assert set(cat.sites["status"]) <= {
        "intact",
        "threatened",
        "damaged",
        "destroyed",
        "altered",
        "restored",
        "unknown",
    }
    # As of the end of 2019 fewer sites are known destroyed than now.
    assert (cat.status_at("2019-12-31") == "destroyed").sum() < (
        cat.sites["status"] == "destroyed"
    ).sum()


@pytest.mark.parametrize("source", ["bundled", "sparse"])
def test_columns_have_the_types_pandas_infers(source: str) -> None:
    # Text columns are built by Arrow for speed; each must be what pandas itself makes of the
    # same values (str where there is text, object where a column has none, as in "sparse":
    # no region, no reported_by or confidence anywhere).
    if source == "bundled":
        catalogue = heritage.load(CATALOGUE)
    else:
        catalogue = heritage.from_data(collection(minimal_site("a"), minimal_site("b")))
        assert catalogue.events["confidence"].dtype == object
    for frame in (catalogue.sites.drop(columns="geometry"), catalogue.events):
        for name in frame.columns:
            values = frame[name].tolist()
            inferred = pd.Series(values, dtype=None if values else object)
            pd.testing.assert_series_equal(
                frame[name].reset_index(drop=True), inferred, check_names=False, obj=name
            )


def test_the_library_leaves_the_garbage_collector_as_it_found_it() -> None:
    # Only the command line turns the collector off, for its own short process; a notebook
    # that loads a catalogue keeps collecting.
    import gc

    assert gc.isenabled()
    heritage.load(CATALOGUE)
    assert gc.isenabled()
    gc.disable()
    try:
        heritage.load(CATALOGUE)
        assert not gc.isenabled()
    finally:
        gc.enable()
