"""Status over time, computed with pandas from the long events table.

The rule (see ``docs/data-model.md``): the status of a site as of a day is the status of its
latest event, by effective date, of type ``condition`` or ``restoration`` that carries a
status and whose effective date is on or before that day; list order breaks ties. Claims
never set a status. A site with no such event is ``unknown``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from heritage import vocabulary as v


def among(column: pd.Series, values: Any) -> pd.Series:
    """Return whether each value of ``column`` is one of ``values`` (``Series.isin``).

    Parameters
    ----------
    column
        A column of ids or other text.
    values
        The allowed values (an Index, a list, a set...).

    Returns
    -------
    pandas.Series
        Booleans, aligned with ``column``.

    Notes
    -----
    pandas' own ``isin`` on its default Arrow-backed text columns converts every one of
    ``values`` to an Arrow scalar in Python: 0.45 s per call against 100,000 site ids. The
    same test on the column as Python objects takes 0.04 s and gives the same answer.
    """
    if not isinstance(values, pd.Index | pd.Series | np.ndarray | list):
        values = list(values)
    return column.astype(object).isin(values)


def iso_days(values: pd.Series, missing: Any) -> list[Any]:
    """Return a datetime column as ``YYYY-MM-DD`` texts, ``missing`` where it has none.

    Each distinct day is formatted once, by numpy (a Timestamp per cell cost seconds at
    100,000 sites), and through numpy rather than Python dates, which cannot hold the day
    before 0001-01-01.
    """
    codes, uniques = pd.factorize(values)  # NaT gets code -1: the last item, ``missing``
    days = np.datetime_as_string(uniques.to_numpy().astype("datetime64[D]"), unit="D")
    cells: list[Any] = np.array([*days.tolist(), missing], dtype=object)[codes].tolist()
    return cells


def status_events(events: pd.DataFrame) -> pd.DataFrame:
    """Return the events that can set a status, sorted by site, effective date and list order.

    Parameters
    ----------
    events
        The long events table of :class:`heritage.catalogue.Catalogue`.

    Returns
    -------
    pandas.DataFrame
        The dated ``condition``/``restoration`` events with a status, sorted so that the last
        row of each site up to a day is the one that decides its status.
    """
    mask = (
        events["type"].isin(list(v.STATUS_SETTING_TYPES))
        & events["status"].notna()
        & events["effective"].notna()
    )
    return events.loc[mask].sort_values(["site_id", "effective", "seq"], kind="stable")


def to_timestamp(when: date | str | pd.Timestamp) -> pd.Timestamp:
    """Turn a day (``date``, ``Timestamp`` or ``YYYY[-MM[-DD]]`` text) into a Timestamp.

    Text takes the latest day it allows, so "as of 2021" includes all of 2021.
    """
    from heritage import dates
    from heritage.errors import InvalidArgumentError

    if isinstance(when, str):
        try:
            when = dates.parse_day(when)
        except dates.DateFormatError as exc:
            raise InvalidArgumentError(str(exc)) from exc
    return pd.Timestamp(when).as_unit("s")


def status_at(
    site_ids: pd.Index, ordered: pd.DataFrame, when: date | str | pd.Timestamp
) -> pd.Series:
    """Return each site's status as of a day.

    Parameters
    ----------
    site_ids
        Every site id (the result's index, in this order).
    ordered
        Output of :func:`status_events`.
    when
        The day.

    Returns
    -------
    pandas.Series
        Status per site id, ``unknown`` where nothing was observed by then.
    """
    cutoff = to_timestamp(when)
    upto = ordered.loc[ordered["effective"] <= cutoff]
    last = upto.drop_duplicates("site_id", keep="last").set_index("site_id")["status"]
    # object first: with no events the column is float (all NaN), and text cannot fill it.
    result = last.reindex(site_ids).astype(object).fillna(v.UNKNOWN_STATUS.code)
    result.name = "status"
    result.index.name = "site_id"
    return result.astype(object)


def latest(site_ids: pd.Index, ordered: pd.DataFrame) -> pd.DataFrame:
    """Return the deciding event of each site: its current status and when it was observed.

    Returns
    -------
    pandas.DataFrame
        Columns ``status`` (``unknown`` where none) and ``last_observed`` (NaT where none),
        indexed by site id.
    """
    last = ordered.drop_duplicates("site_id", keep="last").set_index("site_id")
    out = pd.DataFrame(index=site_ids)
    statuses = last["status"].reindex(site_ids).astype(object)
    out["status"] = statuses.fillna(v.UNKNOWN_STATUS.code)
    out["last_observed"] = last["effective"].reindex(site_ids)
    return out


def counts_over_time(
    site_ids: pd.Index, ordered: pd.DataFrame, days: list[pd.Timestamp]
) -> pd.DataFrame:
    """Count sites by status at each of several days.

    Returns
    -------
    pandas.DataFrame
        One row per day, one column per status (every status, in vocabulary order).
    """
    rows = {day: status_at(site_ids, ordered, day).value_counts() for day in days}
    frame = pd.DataFrame(rows).T.reindex(columns=list(v.ALL_STATUSES)).fillna(0)
    return frame.astype(np.int64)
