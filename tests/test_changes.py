"""The change report's numbers on hand-made catalogues whose right answers are known."""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd
import pytest
from report_data import collection, event, feature, window_catalogue

from heritage.catalogue import from_data
from heritage.changes import compute_report, parse_window
from heritage.errors import InvalidArgumentError

SINCE, UNTIL = date(2020, 1, 1), date(2021, 6, 30)


@pytest.fixture(scope="module")
def report():
    return compute_report(from_data(window_catalogue()), SINCE, UNTIL)


def test_statuses_at_both_ends_of_the_window(report):
    sites = report.sites
    assert "echo" not in sites.index  # withdrawn
    assert sites["status_since"].to_dict() == {
        "alpha": "intact",
        "bravo": "intact",
        "charlie": "unknown",
        "delta": "unknown",
        "foxtrot": "unknown",
        "golf": "damaged",
    }
    assert sites["status_until"].to_dict() == {
        "alpha": "damaged",  # the year-only "2021" event counts from 2021-12-31
        "bravo": "intact",  # the claim and the undated event do not count
        "charlie": "damaged",  # the interval counts from its latest day, 2021-03-31
        "delta": "unknown",
        "foxtrot": "unknown",
        "golf": "damaged",
    }


def test_transitions_name_the_deciding_event(report):
    rows = report.transitions[["site_id", "from_status", "to_status", "date"]]
    assert rows.to_dict("records") == [
        {"site_id": "alpha", "from_status": "intact", "to_status": "damaged", "date": "2020-11-10"},
        {
            "site_id": "charlie",
            "from_status": "unknown",
            "to_status": "damaged",
            "date": "2019/2021-03",
        },
    ]
    explained = report.transitions.set_index("site_id")["events"]
    assert [e["sources"] for e in explained["alpha"]] == [["https://example.org/alpha/2"]]
    assert [e["date"] for e in explained["charlie"]] == ["2019/2021-03"]


def test_window_events_by_effective_date(report):
    events = report.events[["site_id", "date", "type", "status", "sets_status"]]
    assert events.to_dict("records") == [
        {
            "site_id": "bravo",
            "date": "2020-06",
            "type": "claim",
            "status": "destroyed",
            "sets_status": False,
        },
        {
            "site_id": "alpha",
            "date": "2020-11-10",
            "type": "condition",
            "status": "damaged",
            "sets_status": True,
        },
        {
            "site_id": "charlie",
            "date": "2019/2021-03",
            "type": "condition",
            "status": "damaged",
            "sets_status": True,
        },
    ]
    assert report.undated_events == 1


def test_counts_as_of_until_and_before(report):
    assert report.status_counts() == {
        "intact": 1,
        "threatened": 0,
        "damaged": 3,
        "destroyed": 0,
        "altered": 0,
        "restored": 0,
        "unknown": 2,
    }
    assert report.status_counts("status_since")["unknown"] == 3
    first = report.counts_over_time.iloc[0]
    assert report.counts_over_time.index[0] == pd.Timestamp("2019-12-31")
    assert first.to_dict() == report.status_counts("status_since")
    assert report.counts_over_time.iloc[-1].to_dict() == report.status_counts()
    assert report.counts_over_time.index[-1] == pd.Timestamp("2021-06-30")
    # monthly: the start, then 18 month ends
    assert len(report.counts_over_time) == 19
    assert report.counts_over_time.loc["2020-11-30", "damaged"] == 2
    assert report.counts_over_time.loc["2020-10-31", "damaged"] == 1


def test_new_withdrawn_stale_and_never_observed(report):
    assert report.new_sites["site_id"].tolist() == ["charlie"]
    assert report.withdrawn_sites[["site_id", "date", "reason"]].to_dict("records") == [
        {"site_id": "echo", "date": "2020-08-01", "reason": "A duplicate of alpha."}
    ]
    assert report.stale["site_id"].tolist() == ["golf", "bravo"]
    assert report.stale["days"].tolist() == [
        (UNTIL - date(2015, 3, 1)).days,
        (UNTIL - date(2018, 12, 31)).days,
    ]
    assert report.never_observed["site_id"].tolist() == ["delta", "foxtrot"]


def test_stale_after_threshold_moves_sites_in_and_out(report):
    catalogue = from_data(window_catalogue())
    long = compute_report(catalogue, SINCE, UNTIL, stale_after=(UNTIL - date(2015, 3, 1)).days)
    assert long.stale["site_id"].tolist() == []
    short = compute_report(catalogue, SINCE, UNTIL, stale_after=0)
    assert set(short.stale["site_id"]) == {"alpha", "bravo", "charlie", "golf"}


def test_grouped_event_counts(report):
    by_status = report.events_by("status")
    assert by_status.loc["destroyed", "claim"] == 1
    assert by_status.loc["damaged", "condition"] == 2
    assert by_status["total"].sum() == 3
    assert report.events_by("kind")["total"].to_dict() == {"church": 2, "monastery": 1}
    assert report.events_by("region")["total"].to_dict() == {
        "Shusha district": 2,
        "Lachin district": 1,
    }
    assert report.sites_by("kind")["total"].to_dict() == {"church": 5, "monastery": 1}


def test_claim_never_overrides_an_observation_on_the_same_day():
    catalogue = from_data(
        collection(
            feature(
                "site",
                [
                    event("2020-05-01", "intact"),
                    event("2020-05-01", "destroyed", "claim"),
                    event("2020-05-02", "destroyed", "claim"),
                ],
            )
        )
    )
    result = compute_report(catalogue, date(2020, 1, 1), date(2020, 12, 31))
    assert result.transitions[["from_status", "to_status"]].values.tolist() == [
        ["unknown", "intact"]
    ]
    assert result.events["type"].tolist() == ["condition", "claim", "claim"]


def test_list_order_breaks_ties_between_events_of_one_day():
    catalogue = from_data(
        collection(
            feature(
                "site",
                [event("2020-05", "damaged"), event("2020-05-31", "destroyed")],
            )
        )
    )
    result = compute_report(catalogue, date(2020, 1, 1), date(2020, 12, 31))
    assert result.transitions["to_status"].tolist() == ["destroyed"]
    assert result.transitions["date"].tolist() == ["2020-05-31"]


def test_a_site_that_returns_to_its_status_is_no_transition():
    catalogue = from_data(
        collection(
            feature(
                "site",
                [
                    event("2019", "intact"),
                    event("2020-03", "damaged"),
                    event("2020-09", "restored", "restoration"),
                    event("2020-10", "intact"),
                ],
            )
        )
    )
    result = compute_report(catalogue, date(2020, 1, 1), date(2020, 12, 31))
    assert result.transitions.empty
    assert len(result.events) == 3


def test_parse_window_forms():
    assert parse_window("2020", "2021") == (date(2020, 1, 1), date(2021, 12, 31))
    assert parse_window("2020-02", "2020-02") == (date(2020, 2, 1), date(2020, 2, 29))
    assert parse_window("2020-02-03", None, today=date(2024, 5, 6)) == (
        date(2020, 2, 3),
        date(2024, 5, 6),
    )


@pytest.mark.parametrize(
    ("since", "until", "message"),
    [
        ("2020-13", None, "since: '2020-13': month 13 does not exist"),
        ("2020/2021", None, "since: '2020/2021': give a single date here, not an interval"),
        ("yesterday", None, "since: 'yesterday' is not a date"),
        ("2020", "2020-02-30", "until: '2020-02-30': day 30 does not exist"),
        ("2021", "2020", "the window ends (2020-12-31) before it starts (2021-01-01)"),
    ],
)
def test_parse_window_refuses_bad_dates(since, until, message):
    with pytest.raises(InvalidArgumentError) as caught:
        parse_window(since, until, today=date(2024, 1, 1))
    assert str(caught.value).startswith(message)


def test_negative_stale_after_is_refused():
    with pytest.raises(InvalidArgumentError, match="stale-after"):
        compute_report(from_data(window_catalogue()), SINCE, UNTIL, stale_after=-1)


@pytest.mark.parametrize("dtype", ["str", object])
def test_among_is_isin(dtype: Any) -> None:
    import numpy as np

    from heritage.history import among

    column = pd.Series(["a", None, "b", "c", "a"], dtype=dtype)
    for values in (pd.Index(["a", "c"]), ["b"], {"a", "b"}, np.array(["c"], dtype=object), []):
        expected = column.astype(object).isin(list(values))
        assert among(column, values).tolist() == expected.tolist()
    assert among(column, ["a"]).tolist() == [True, False, False, False, True]
