"""Status changes as a table, and counts of sites by status over time, computed from it.

A *status change* is an event that sets a site's status (see :mod:`heritage.history`) to
something other than the site's status just before it; a site's first observation is a
change from ``unknown``. Re-confirmations (the same status again) are not changes.

Counting sites by status at many days with :func:`heritage.history.status_at` costs one pass
over the events per day. Here each change moves one site from one status to another, so the
count of a status at a day is the number of sites at the start plus the changes into it minus
the changes out of it up to that day: two binary searches per status and day.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from datetime import date

import numpy as np
import pandas as pd

from heritage import vocabulary as v

UNKNOWN = v.UNKNOWN_STATUS.code
#: Windows longer than this many months are counted per year rather than per month.
MONTHLY_LIMIT = 120


def status_changes(ordered: pd.DataFrame) -> pd.DataFrame:
    """Return the events that change a site's status, with the status before each.

    Parameters
    ----------
    ordered
        Status-setting events sorted by site, effective date and list order
        (:func:`heritage.history.status_events`, or
        :attr:`heritage.catalogue.Catalogue.ordered_status_events`).

    Returns
    -------
    pandas.DataFrame
        The rows of ``ordered`` whose status differs from the site's previous one, in the
        same order, with a ``from_status`` column (``unknown`` for a first observation).
    """
    site = ordered["site_id"].to_numpy()
    status = ordered["status"].to_numpy()
    previous = np.empty(len(status), dtype=object)
    previous[:] = UNKNOWN
    if len(status) > 1:
        # Sorted by site: the row before belongs to the same site exactly when ids match.
        same = site[1:] == site[:-1]
        previous[1:] = np.where(same, status[:-1], UNKNOWN)
    changed = status != previous
    out: pd.DataFrame = ordered.loc[changed].copy()
    out.insert(list(out.columns).index("status"), "from_status", previous[changed])
    return out


def counts_over_time(
    changes: pd.DataFrame, site_count: int, days: Sequence[date | pd.Timestamp]
) -> pd.DataFrame:
    """Count sites by status at each of several days.

    Parameters
    ----------
    changes
        Output of :func:`status_changes` for the sites counted.
    site_count
        How many sites are counted (all ``unknown`` before their first observation).
    days
        The days, in any order.

    Returns
    -------
    pandas.DataFrame
        One row per day (a ``DatetimeIndex`` named ``day``), one column per status in
        vocabulary order, ``unknown`` included; the same numbers as
        :func:`heritage.history.counts_over_time`.
    """
    stamps = pd.DatetimeIndex([pd.Timestamp(d) for d in days], name="day").as_unit("s")
    when = stamps.to_numpy()
    effective = changes["effective"].to_numpy(dtype="datetime64[s]")
    columns: dict[str, np.ndarray] = {}
    for status in v.ALL_STATUSES:
        into = np.sort(effective[changes["status"].to_numpy() == status])
        out_of = np.sort(effective[changes["from_status"].to_numpy() == status])
        count = np.searchsorted(into, when, side="right") - np.searchsorted(
            out_of, when, side="right"
        )
        columns[status] = count + (site_count if status == UNKNOWN else 0)
    return pd.DataFrame(columns, index=stamps).astype(np.int64)


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def period(since: date, until: date) -> str:
    """Return ``"month"`` or ``"year"``: how finely a window is counted over time."""
    months = (until.year - since.year) * 12 + until.month - since.month
    return "year" if months > MONTHLY_LIMIT else "month"


def period_ends(since: date, until: date) -> list[date]:
    """Return the month ends (or year ends, for windows over 120 months) in a window.

    Parameters
    ----------
    since, until
        First and last day of the window.

    Returns
    -------
    list of datetime.date
        Every month (or year) end from ``since`` to ``until``, then ``until`` itself when it
        is not one, so that the last point is always the end of the window.
    """
    if period(since, until) == "year":
        ends = [date(y, 12, 31) for y in range(since.year, until.year + 1)]
    else:
        ends = []
        year, month = since.year, since.month
        while (year, month) <= (until.year, until.month):
            ends.append(_month_end(year, month))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    ends = [d for d in ends if since <= d <= until]
    if not ends or ends[-1] != until:
        ends.append(until)
    return ends
