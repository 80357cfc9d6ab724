"""What changed in the catalogue between two days: the computation behind ``heritage report``.

The rules are those of :mod:`heritage.history`: a site's status as of a day is set by its
latest dated ``condition``/``restoration`` event with a status, by effective date (the latest
day a date allows), list order breaking ties; claims never set a status.

A window ``[since, until]`` is a range of whole days, both ends included. An event belongs
to the window when its effective date does; undated events belong to no window. The
*transitions* compare each site's status at the start of the window (as of the day before
``since``) with its status as of ``until``. Withdrawn sites are left out of every table
except the list of sites withdrawn in the window: a withdrawn entry is a duplicate or not a
heritage site, and counting it would count something twice or count the wrong thing.

Results are pandas DataFrames (see :class:`ChangeReport`); the renderers in
:mod:`heritage.report` turn them into html, Markdown, csv and json.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from heritage import dates, history
from heritage import site_lists as lists
from heritage import vocabulary as v
from heritage._gc import paused_gc
from heritage.catalogue import Catalogue
from heritage.errors import InvalidArgumentError
from heritage.sources import web_urls
from heritage.timeline import counts_over_time, period_ends, status_changes

DEFAULT_STALE_AFTER = v.STALE_AFTER_DAYS
UNKNOWN = v.UNKNOWN_STATUS.code


def parse_window(
    since: str, until: str | None = None, *, today: date | None = None
) -> tuple[date, date]:
    """Turn ``--since``/``--until`` texts into the first and last day of the window.

    Parameters
    ----------
    since
        ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; the window starts on its *first* day
        ("since 2020" starts on 2020-01-01).
    until
        The same forms; the window ends on its *last* day ("until 2021" ends on
        2021-12-31). ``None`` means ``today``.
    today
        The default end (``datetime.date.today()`` when not given).

    Returns
    -------
    tuple of datetime.date
        ``(since, until)``, both included.

    Raises
    ------
    InvalidArgumentError
        When a date is not of those forms, or the window ends before it starts.
    """
    try:
        dates.parse_day(since)  # rejects intervals and malformed text
        first = dates.parse(since).earliest
    except dates.DateFormatError as exc:
        raise InvalidArgumentError(f"since: {exc}") from exc
    try:
        last = dates.parse_day(until) if until is not None else (today or date.today())
    except dates.DateFormatError as exc:
        raise InvalidArgumentError(f"until: {exc}") from exc
    assert first is not None  # a single date always has a first day
    if first > last:
        raise InvalidArgumentError(
            f"the window ends ({last.isoformat()}) before it starts ({first.isoformat()})"
        )
    return first, last


@dataclass(frozen=True)
class ChangeReport:
    """The changes in a catalogue over a window of days.

    Attributes
    ----------
    since, until
        First and last day of the window (both included).
    stale_after
        Days without an observation after which a site counts as a monitoring gap.
    sites
        Every site that is not withdrawn, indexed by id: ``name``, ``kind``, ``region``,
        ``district`` (see :mod:`heritage.places`),
        ``status_since`` (as of the day before ``since``), ``status_until``,
        ``last_observed`` (effective date of the deciding event as of ``until``).
    transitions
        One row per site whose status differs: ``site_id``, ``name``, ``from_status``,
        ``to_status``, ``date`` (as written) and ``effective`` of the event that set the
        new status, ``direction`` (``worse``, ``better``, ``first`` or ``other``: see
        :func:`heritage.vocabulary.direction`), ``confidence``, ``reported_by`` and
        ``sources`` of the event that set the new status, ``district``, and ``events`` (the
        status-setting events of the window that explain it, as records with their sources).
    events
        The events whose effective date is in the window: ``site_id``, ``seq``, ``name``,
        ``kind``, ``region``, ``district``, ``date``, ``effective``, ``type``, ``status``,
        ``sets_status`` (a dated condition/restoration with a status; claims never),
        ``summary``, ``reported_by``, ``confidence``, ``sources``.
    new_sites
        Sites whose first dated event falls in the window: ``site_id``, ``name``,
        ``first_date``, ``status_until``, ``sources``.
    withdrawn_sites
        Sites withdrawn in the window: ``site_id``, ``name``, ``date``, ``reason``,
        ``sources``.
    stale
        Sites last observed more than ``stale_after`` days before ``until``: ``site_id``,
        ``name``, ``status_until``, ``last_observed``, ``days``, ``sources`` (of that
        observation); oldest first.
    never_observed
        Sites with no dated observation by ``until``: ``site_id``, ``name``, ``sources``.
    counts_over_time
        Sites by status at the start of the window and at each month (or year) end in it,
        and at ``until``: one row per day, one column per status.
    undated_events
        How many events of the sites have no date (they are in no window).
    data_through
        The latest effective date of any event of the sites up to ``until``: how far the
        data reaches (``None`` when there is no dated event by then).
    """

    since: date
    until: date
    stale_after: int
    sites: pd.DataFrame
    transitions: pd.DataFrame
    events: pd.DataFrame
    new_sites: pd.DataFrame
    withdrawn_sites: pd.DataFrame
    stale: pd.DataFrame
    never_observed: pd.DataFrame
    counts_over_time: pd.DataFrame
    undated_events: int
    data_through: date | None = None

    @property
    def before(self) -> date | None:
        """The day whose status the window starts from (the day before ``since``).

        None for a window that starts on 0001-01-01, the first day a date can name: no
        event is dated before it, so every site's status before the window is unknown.
        """
        return dates.day_before(self.since)

    @property
    def before_text(self) -> str:
        """:attr:`before` in ISO 8601 (``0000-12-31`` before a window from 0001-01-01)."""
        return dates.day_before_text(self.since)

    def status_counts(self, column: str = "status_until") -> dict[str, int]:
        """Return sites by status (every status, in vocabulary order, zeros included).

        Parameters
        ----------
        column
            ``status_until`` (default) or ``status_since``.
        """
        counts = self.sites[column].value_counts()
        return {s: int(counts.get(s, 0)) for s in v.ALL_STATUSES}

    def events_by(self, column: str) -> pd.DataFrame:
        """Count the window's events by ``status``, ``kind`` or ``region`` and event type.

        Returns
        -------
        pandas.DataFrame
            One row per value (most events first, then by name), one column per event type
            present (vocabulary order), and ``total``.
        """
        if self.events.empty:
            return pd.DataFrame(columns=["total"], dtype=np.int64)
        keys = self.events[column].astype(object).fillna("(none)").astype(str)
        table = pd.crosstab(keys, self.events["type"])
        table = table.reindex(columns=[t for t in v.EVENT_TYPES if t in table.columns])
        table["total"] = table.sum(axis=1)
        if column == "status":
            order = [s for s in (*v.ALL_STATUSES, "(none)") if s in table.index]
            return table.reindex(order)
        table = table.assign(_key=table.index).sort_values(
            ["total", "_key"], ascending=[False, True]
        )
        return table.drop(columns="_key")

    def sites_by(self, column: str) -> pd.DataFrame:
        """Count sites by ``kind`` or ``region`` and current status (as of ``until``).

        Returns
        -------
        pandas.DataFrame
            One row per value (most sites first), one column per status present, ``total``.
        """
        keys = self.sites[column].astype(object).fillna("(none)").astype(str)
        table = pd.crosstab(keys, self.sites["status_until"])
        table = table.reindex(columns=[s for s in v.ALL_STATUSES if s in table.columns])
        table["total"] = table.sum(axis=1)
        table = table.assign(_key=table.index).sort_values(
            ["total", "_key"], ascending=[False, True]
        )
        return table.drop(columns="_key")


def _nones(frame: pd.DataFrame) -> pd.DataFrame:
    """Return the frame with missing text as ``None`` (pandas reads absent strings as NaN).

    Renderers test ``if value``; a NaN would be true there and print as "nan".
    """
    for column in frame.columns:
        if frame[column].dtype == object or pd.api.types.is_string_dtype(frame[column]):
            values = frame[column].astype(object)
            frame[column] = values.where(values.notna(), None)
    return frame


def _day(day: date) -> pd.Timestamp:
    return pd.Timestamp(day).as_unit("s")


def _event_records(rows: pd.DataFrame) -> dict[str, list[dict[str, Any]]]:
    """Return the events of each site as records, in the order of ``rows``."""
    records: dict[str, list[dict[str, Any]]] = {}
    columns = ("date", "type", "status", "summary", "reported_by", "confidence", "sources")
    for site_id, *values in zip(rows["site_id"], *(rows[c] for c in columns), strict=True):
        records.setdefault(site_id, []).append(dict(zip(columns, values, strict=True)))
    return records


def _window_events(
    catalogue: Catalogue, sites: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp
) -> pd.DataFrame:
    """Return the events of the active sites whose effective date is in the window."""
    events = catalogue.events
    events = events.loc[
        (events["effective"] >= start)
        & (events["effective"] <= end)
        & history.among(events["site_id"], sites.index)
    ]
    events = events.sort_values(["effective", "site_id", "seq"], kind="stable")
    info = sites.loc[events["site_id"], ["name", "kind", "region", "district"]]
    events = pd.DataFrame(
        {
            "site_id": events["site_id"].to_numpy(),
            "seq": events["seq"].to_numpy(),
            "name": info["name"].to_numpy(),
            "kind": info["kind"].to_numpy(),
            "region": info["region"].to_numpy(),
            "district": info["district"].to_numpy(),
            "date": events["date"].to_numpy(),
            "effective": events["effective"].to_numpy(),
            "type": events["type"].to_numpy(),
            "status": events["status"].to_numpy(),
            "sets_status": (
                events["type"].isin(list(v.STATUS_SETTING_TYPES)) & events["status"].notna()
            ).to_numpy(),
            "summary": events["summary"].to_numpy(),
            "reported_by": events["reported_by"].to_numpy(),
            "confidence": events["confidence"].to_numpy(),
            "sources": [web_urls(u) for u in events["source_urls"]],
        }
    )

    return _nones(events)


def compute_report(
    catalogue: Catalogue,
    since: date,
    until: date,
    stale_after: int = DEFAULT_STALE_AFTER,
) -> ChangeReport:
    """Compute what changed in a catalogue between two days.

    Parameters
    ----------
    catalogue
        A loaded catalogue (:func:`heritage.load`).
    since, until
        First and last day of the window, both included (see :func:`parse_window`).
    stale_after
        Days without an observation, counted back from ``until``, after which a site is
        listed as a monitoring gap.

    Returns
    -------
    ChangeReport
        DataFrames of transitions, events, new, withdrawn and unobserved sites, and counts.

    Raises
    ------
    InvalidArgumentError
        When the window ends before it starts or ``stale_after`` is negative.
    """
    # Records and lists are made per site; with a large catalogue alive, the cyclic garbage
    # collector would rescan it again and again while they are made (see heritage._gc).
    with paused_gc():
        return _compute(catalogue, since, until, stale_after)


def _compute(
    catalogue: Catalogue,
    since: date,
    until: date,
    stale_after: int = DEFAULT_STALE_AFTER,
) -> ChangeReport:
    if since > until:
        raise InvalidArgumentError(f"the window ends ({until}) before it starts ({since})")
    if stale_after < 0:
        raise InvalidArgumentError(f"stale-after must be 0 or more days, not {stale_after}")
    start, end = _day(since), _day(until)
    all_sites = catalogue.sites
    active = all_sites.loc[~all_sites["withdrawn"].astype(bool)]
    ids = active.index
    ordered = catalogue.ordered_status_events
    ordered = ordered.loc[history.among(ordered["site_id"], ids)]

    sites = pd.DataFrame(
        {
            "name": active["name"].astype(object),
            "kind": active["kind"].astype(object),
            "region": active["region"].astype(object),
            "district": (
                active["district"].astype(object)
                if "district" in active.columns
                else pd.Series(None, index=ids, dtype=object)
            ),
        },
        index=ids,
    )
    sites["status_since"] = history.status_at(ids, ordered, start - pd.Timedelta(days=1))
    sites["status_until"] = history.status_at(ids, ordered, end)
    deciding = (
        ordered.loc[ordered["effective"] <= end]
        .drop_duplicates("site_id", keep="last")
        .set_index("site_id")
    )
    sites["last_observed"] = deciding["effective"].reindex(ids)

    events = _window_events(catalogue, sites, start, end)
    changed = sites.loc[sites["status_since"] != sites["status_until"]]
    setting = events.loc[events["sets_status"]]
    explain = _event_records(setting)
    transitions = pd.DataFrame(
        {
            "site_id": changed.index.to_numpy(dtype=object),
            "name": changed["name"].to_numpy(),
            "from_status": changed["status_since"].to_numpy(),
            "to_status": changed["status_until"].to_numpy(),
            "date": deciding["date"].reindex(changed.index).to_numpy(),
            "effective": deciding["effective"].reindex(changed.index).to_numpy(),
            "direction": [
                v.direction(a, b)
                for a, b in zip(changed["status_since"], changed["status_until"], strict=True)
            ],
            "confidence": deciding["confidence"].reindex(changed.index).to_numpy(),
            "reported_by": deciding["reported_by"].reindex(changed.index).to_numpy(),
            "sources": [
                web_urls(u) if isinstance(u, list) else []
                for u in deciding["source_urls"].reindex(changed.index)
            ],
            "district": changed["district"].to_numpy(),
            "events": pd.Series([explain.get(s, []) for s in changed.index], dtype=object),
        }
    )
    transitions = transitions.sort_values(
        ["effective", "site_id"], kind="stable", ignore_index=True
    )

    return ChangeReport(
        since=since,
        until=until,
        stale_after=stale_after,
        sites=_nones(sites),
        transitions=_nones(transitions),
        events=events,
        new_sites=_nones(lists.new_sites(catalogue, sites, start, end)),
        withdrawn_sites=_nones(lists.withdrawn_sites(catalogue, start, end)),
        stale=_nones(lists.stale_sites(sites, deciding, end, stale_after)),
        never_observed=_nones(lists.never_observed(catalogue, sites)),
        counts_over_time=_counts(catalogue, ordered, ids, since, until),
        undated_events=int(
            (
                catalogue.events["date"].isna() & history.among(catalogue.events["site_id"], ids)
            ).sum()
        ),
        data_through=_data_through(catalogue, ids, end),
    )


def _data_through(catalogue: Catalogue, ids: pd.Index, end: pd.Timestamp) -> date | None:
    """Return the latest effective date of any event of the sites, up to ``end``."""
    events = catalogue.events
    dated = events.loc[
        history.among(events["site_id"], ids)
        & events["effective"].notna()
        & (events["effective"] <= end),
        "effective",
    ]
    return None if dated.empty else pd.Timestamp(dated.max()).date()


def _counts(
    catalogue: Catalogue, ordered: pd.DataFrame, ids: pd.Index, since: date, until: date
) -> pd.DataFrame:
    # The day before the window as a pandas timestamp: it exists even before 0001-01-01.
    before = pd.Timestamp(since).as_unit("s") - pd.Timedelta(days=1)
    days = [before, *(pd.Timestamp(d).as_unit("s") for d in period_ends(since, until))]
    return counts_over_time(status_changes(ordered), len(ids), days)
