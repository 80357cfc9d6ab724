"""The figures of a change report, computed once for every renderer.

:func:`build_context` turns a :class:`~heritage.changes.ChangeReport` into a
:class:`ReportContext`: plain rows and numbers that the html page, the Markdown text and the
brief (:mod:`heritage.report.brief`) only lay out. A figure is therefore the same in every
format, and no renderer imports another.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Final, cast

import pandas as pd

from heritage import timeline
from heritage import vocabulary as v
from heritage.changes import ChangeReport
from heritage.errors import InvalidArgumentError
from heritage.report import DEFAULT_SITE_LINK, MAX_LISTED, MAX_REGIONS
from heritage.report import present as p

_CONFIDENCE_RANK: Final[dict[Any, int]] = {c: i for i, c in enumerate(v.CONFIDENCES)}
_DIRECTION_RANK: Final[dict[str, int]] = {t.code: i for i, t in enumerate(v.DIRECTIONS)}


def column_label(code: str) -> str:
    """Return the header of a count column: a status, an event type, or the total."""
    if code == "total":
        return "Total"
    if code in v.ALL_STATUSES:
        return p.status_label(code)
    return p.type_label(code).split(" (")[0]


@dataclass(frozen=True)
class CountTable:
    """A table of counts: one labelled row per value, one column per status or type."""

    columns: list[str]
    rows: list[tuple[str, list[int]]]
    more: int


@dataclass(frozen=True)
class StatusRow:
    """Sites with one status at the start and the end of the window."""

    code: str
    then: int
    now: int
    change: int
    meaning: str  # "worse", "better" or "" (see vocabulary.count_change)


@dataclass(frozen=True)
class Change:
    """One site whose status changed, with the report that set the new status."""

    site_id: str
    name: str
    link: str
    from_status: str
    to_status: str
    date: str | None
    direction: str
    confidence: str | None
    reported_by: str | None
    sources: list[str]
    district: str | None
    events: list[dict[str, Any]]

    @property
    def magnitude(self) -> int:
        """How many steps of gravity the change spans (0 when a status has no rank)."""
        a, b = v.SEVERITY.get(self.from_status), v.SEVERITY.get(self.to_status)
        return abs(b - a) if a is not None and b is not None else 0


@dataclass(frozen=True)
class ReportContext:
    """Every figure and list of a change report, ready to lay out."""

    since: str
    until: str
    before: str
    data_through: str | None
    site_count: int
    stale_after: int
    undated_events: int
    statuses: list[StatusRow]
    timeline: list[tuple[str, list[int]]]
    period: str
    changes: list[Change]
    directions: dict[str, int]
    events: list[Any]
    observations: int
    claims: list[Any]
    tables: dict[str, CountTable]
    new_sites: list[Any]
    new_more: int
    withdrawn: list[Any]
    stale: list[Any]
    stale_more: int
    never: list[Any]
    never_more: int
    link: Callable[[str], str] = field(repr=False)
    report: ChangeReport = field(repr=False)

    @property
    def significant(self) -> list[Change]:
        """The changes, most significant first.

        High confidence first (then medium, low, none); within that, changes for the worse
        or better before first observations, larger steps of gravity first, then the
        newest, then by site id.
        """

        def key(c: Change) -> tuple[int, int, int, str, str]:
            return (
                _CONFIDENCE_RANK.get(c.confidence, len(v.CONFIDENCES)),
                _DIRECTION_RANK[c.direction] if c.direction in ("worse", "better") else 2,
                -max(c.magnitude, v.SEVERITY.get(c.to_status, 0)),
                _inverse(c.date or ""),
                c.site_id,
            )

        return sorted(self.changes, key=key)

    @property
    def runs_past_data(self) -> bool:
        """True when the window ends after the latest dated report (the chart goes flat)."""
        return self.data_through is None or self.data_through < self.until


def _inverse(text: str) -> str:
    """Return a key that sorts date texts newest first."""
    return "".join(chr(0x10FFFF - ord(ch)) for ch in text)


def _table(
    frame: pd.DataFrame, key: Callable[[Any], str] = str, limit: int | None = None
) -> CountTable:
    shown = frame if limit is None else frame.head(limit)
    return CountTable(
        columns=[column_label(str(c)) for c in frame.columns],
        rows=[(key(k), [int(n) for n in row]) for k, row in shown.iterrows()],
        more=max(0, len(frame) - len(shown)),
    )


def _capped(frame: pd.DataFrame) -> tuple[list[Any], int]:
    return list(frame.head(MAX_LISTED).itertuples()), max(0, len(frame) - MAX_LISTED)


def _district_key(value: Any) -> str:
    return "(not placed in a district)" if value == "(none)" else str(value)


def site_linker(template: str = DEFAULT_SITE_LINK) -> Callable[[str], str]:
    """Return a function from site id to link, from a template with ``{id}``."""
    from urllib.parse import quote

    if "{id}" not in template:
        raise InvalidArgumentError(
            f"the site link needs {{id}} where the site id goes: {template!r}"
        )
    return lambda site_id: template.replace("{id}", quote(str(site_id), safe=""))


def build_context(report: ChangeReport, site_link: str = DEFAULT_SITE_LINK) -> ReportContext:
    """Compute the figures of a report once, for every renderer.

    Parameters
    ----------
    report
        From :func:`heritage.changes.compute_report`.
    site_link
        Where a site's name links: a relative or absolute URL with ``{id}`` (default: the
        map opened on the site, :data:`DEFAULT_SITE_LINK`; :data:`SITE_PAGE_LINK` for the
        website's site pages).

    Returns
    -------
    ReportContext
        Rows and numbers; catalogue text stays as written (renderers escape it).
    """
    r = report
    link = site_linker(site_link)
    then, now = r.status_counts("status_since"), r.status_counts()
    records = cast(list[dict[str, Any]], r.transitions.to_dict("records"))
    changes = [
        Change(
            site_id=str(t["site_id"]),
            name=p.name_of(t["name"], t["site_id"]),
            link=link(str(t["site_id"])),
            from_status=str(t["from_status"]),
            to_status=str(t["to_status"]),
            date=t["date"],
            direction=str(t["direction"]),
            confidence=t["confidence"],
            reported_by=t["reported_by"],
            sources=list(t["sources"]),
            district=t["district"],
            events=list(t["events"]),
        )
        for t in records
    ]
    directions = {t.code: 0 for t in v.DIRECTIONS}
    for c in changes:
        directions[c.direction] += 1
    events = list(r.events.itertuples())
    stale, stale_more = _capped(r.stale)
    never, never_more = _capped(r.never_observed)
    new, new_more = _capped(r.new_sites)
    return ReportContext(
        since=r.since.isoformat(),
        until=r.until.isoformat(),
        before=r.before_text,
        data_through=r.data_through.isoformat() if r.data_through else None,
        site_count=len(r.sites),
        stale_after=r.stale_after,
        undated_events=r.undated_events,
        statuses=[
            StatusRow(s, then[s], now[s], now[s] - then[s], v.count_change(s, now[s] - then[s]))
            for s in v.ALL_STATUSES
        ],
        timeline=p.changed_rows(r.counts_over_time),
        period=timeline.period(r.since, r.until),
        changes=changes,
        directions=directions,
        events=events,
        observations=int(r.events["sets_status"].sum()) if len(r.events) else 0,
        claims=[e for e in events if e.type == "claim"],
        tables={
            "events_by_status": _table(r.events_by("status"), p.status_label),
            "events_by_kind": _table(r.events_by("kind"), p.kind_label),
            "events_by_district": _table(r.events_by("district"), _district_key),
            "events_by_region": _table(r.events_by("region"), limit=MAX_REGIONS),
            "sites_by_kind": _table(r.sites_by("kind"), p.kind_label),
            "sites_by_district": _table(r.sites_by("district"), _district_key),
            "sites_by_region": _table(r.sites_by("region"), limit=MAX_REGIONS),
        },
        new_sites=new,
        new_more=new_more,
        withdrawn=list(r.withdrawn_sites.itertuples()),
        stale=stale,
        stale_more=stale_more,
        never=never,
        never_more=never_more,
        link=link,
        report=r,
    )
