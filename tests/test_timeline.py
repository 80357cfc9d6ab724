"""Status changes and counts over time agree with the status rule of heritage.history."""

from __future__ import annotations

from datetime import date

import pandas as pd
from report_data import collection, event, feature

from benchmarks.synthetic import make_catalogue
from heritage import history
from heritage.catalogue import from_data
from heritage.timeline import counts_over_time, period, period_ends, status_changes


def test_status_changes_skip_reconfirmations_and_claims():
    catalogue = from_data(
        collection(
            feature(
                "one",
                [
                    event("2019", "intact"),
                    event("2020-11-10", "damaged"),
                    event("2021-01-05", "damaged"),  # the same status again
                    event("2021-03", "destroyed", "claim"),  # claims never set a status
                    event(None, "destroyed"),  # undated events never set a status
                    event("2022-05-01", "destroyed"),
                ],
            ),
            feature("two", [event("2020-10-01", "destroyed")]),
            feature("three", []),
        )
    )
    changes = status_changes(catalogue.ordered_status_events)
    assert changes[["site_id", "date", "from_status", "status"]].values.tolist() == [
        ["one", "2019", "unknown", "intact"],
        ["one", "2020-11-10", "intact", "damaged"],
        ["one", "2022-05-01", "damaged", "destroyed"],
        ["two", "2020-10-01", "unknown", "destroyed"],
    ]


def test_counts_over_time_equal_status_at_on_a_synthetic_catalogue():
    catalogue = from_data(make_catalogue(400, seed=3))
    days = [date(1989, 1, 1), date(2000, 6, 30), date(2020, 11, 10), date(2023, 1, 1)]
    days += [date(2025, 12, 31), date(2030, 1, 1)]
    ordered = catalogue.ordered_status_events
    fast = counts_over_time(status_changes(ordered), len(catalogue.sites), days)
    slow = history.counts_over_time(catalogue.sites.index, ordered, [pd.Timestamp(d) for d in days])
    assert fast.to_numpy().tolist() == slow.to_numpy().tolist()
    assert list(fast.columns) == list(slow.columns)
    assert fast.sum(axis=1).tolist() == [400] * len(days)


def test_period_ends_monthly_with_the_last_day_added():
    assert period(date(2020, 1, 15), date(2020, 4, 10)) == "month"
    assert period_ends(date(2020, 1, 15), date(2020, 4, 10)) == [
        date(2020, 1, 31),
        date(2020, 2, 29),
        date(2020, 3, 31),
        date(2020, 4, 10),
    ]
    assert period_ends(date(2020, 1, 1), date(2020, 1, 31)) == [date(2020, 1, 31)]
    assert period_ends(date(2020, 1, 5), date(2020, 1, 5)) == [date(2020, 1, 5)]


def test_period_ends_yearly_for_long_windows():
    assert period(date(2000, 1, 1), date(2011, 1, 1)) == "year"
    ends = period_ends(date(2000, 3, 1), date(2011, 2, 1))
    assert ends[0] == date(2000, 12, 31)
    assert ends[-2:] == [date(2010, 12, 31), date(2011, 2, 1)]
    assert len(ends) == 12
