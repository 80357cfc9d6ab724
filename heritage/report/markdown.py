"""The change report as GitHub-flavoured Markdown, for a README, a wiki page or an issue.

Every piece of catalogue text goes through :func:`heritage.report.escape.md_text`; links
only to http/https sources, through :func:`~heritage.report.escape.md_link`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, cast

import pandas as pd

from heritage import timeline
from heritage import vocabulary as v
from heritage.changes import ChangeReport
from heritage.report import present as p
from heritage.report.escape import md_link, md_text

#: Longest lists of sites written in the human-readable formats; the json has them all.
MAX_LISTED = 200
#: Rows of the per-region tables in the human-readable formats.
MAX_REGIONS = 25


def table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    """Return the lines of a Markdown table (cells must be escaped already)."""
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return [*lines, ""]


def sources(urls: Any) -> str:
    """Return source links, each labelled with its host."""
    return ", ".join(md_link(p.host(u), u) for u in urls)


def site(site_id: Any, name: Any) -> str:
    """Return a site's name and id, escaped."""
    return f"{md_text(p.name_of(name, site_id))} (`{md_text(site_id)}`)"


def column_label(code: str) -> str:
    """Return the header of a count column: a status, an event type, or the total."""
    if code == "total":
        return "Total"
    if code in v.ALL_STATUSES:
        return p.status_label(code)
    return p.type_label(code).split(" (")[0]


def _count_table(
    frame: pd.DataFrame, label: str, key: Callable[[Any], str] = str, limit: int | None = None
) -> list[str]:
    if frame.empty:
        return ["None.", ""]
    shown = frame if limit is None else frame.head(limit)
    header = [md_text(label), *[md_text(column_label(str(c))) for c in frame.columns]]
    rows = [[md_text(key(k)), *[str(int(n)) for n in row]] for k, row in shown.iterrows()]
    lines = table(header, rows)
    if limit is not None and len(frame) > limit:
        lines.append(f"…and {len(frame) - limit} more (all of them are in the json output).")
        lines.append("")
    return lines


def _capped(frame: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    if len(frame) <= MAX_LISTED:
        return frame, ""
    rest = len(frame) - MAX_LISTED
    return frame.head(MAX_LISTED), f"…and {rest} more (all of them are in the json output).\n"


def _event_row(e: Any) -> list[str]:
    note = " — " + md_text(p.CLAIM_NOTE) if e.type == "claim" else ""
    by = f" ({md_text(e.reported_by)})" if isinstance(e.reported_by, str) else ""
    return [
        md_text(p.when(e.date)),
        site(e.site_id, e.name),
        md_text(p.type_label(e.type)),
        md_text(p.status_label(e.status)),
        md_text(e.summary) + by + note,
        sources(e.sources),
    ]


def render_markdown(report: ChangeReport, title: str = "Changes in the heritage catalogue") -> str:
    """Return the change report as GitHub-flavoured Markdown.

    Parameters
    ----------
    report
        From :func:`heritage.changes.compute_report`.
    title
        The first heading.
    """
    r = report
    since, until, before = r.since.isoformat(), r.until.isoformat(), r.before_text
    out = [
        f"# {md_text(title)}, {since} to {until}",
        "",
        f"Status of {p.plural(len(r.sites), 'site')} as of {until}, compared with {before} "
        "(the day before the window). An event belongs to the window by its effective date, "
        "the latest day its date allows; undated events belong to no window. Claims are listed "
        "as claims: they never set a status. Withdrawn sites are left out of every table "
        "except the list of withdrawn sites.",
        "",
        "## Summary",
        "",
        f"- {p.plural(len(r.transitions), 'site')} changed status.",
        f"- {p.plural(len(r.events), 'event')} in the window, "
        f"{int(r.events['sets_status'].sum()) if len(r.events) else 0} of them observations "
        f"that can set a status and {int((r.events['type'] == 'claim').sum())} claims.",
        f"- {p.plural(len(r.new_sites), 'site')} first recorded in the window; "
        f"{p.plural(len(r.withdrawn_sites), 'site')} withdrawn.",
        f"- {p.plural(len(r.stale), 'site')} not observed for more than {r.stale_after} days; "
        f"{p.plural(len(r.never_observed), 'site')} never observed.",
        f"- {p.plural(r.undated_events, 'undated event')} (in no window).",
        "",
        "## Sites by status",
        "",
    ]
    then, now = r.status_counts("status_since"), r.status_counts()
    out += table(
        ["Status", before, until, "Change"],
        [
            [
                md_text(p.status_label(s)),
                str(then[s]),
                str(now[s]),
                f"{now[s] - then[s]:+d}" if now[s] != then[s] else "0",
            ]
            for s in v.ALL_STATUSES
        ],
    )
    out += [
        "## Sites by status over time",
        "",
        f"At the start of the window and at each {timeline.period(r.since, r.until)} end "
        "where a count changed.",
        "",
    ]
    out += table(
        ["Day", *[md_text(p.status_label(s)) for s in v.ALL_STATUSES]],
        ([day, *[str(n) for n in values]] for day, values in p.changed_rows(r.counts_over_time)),
    )
    out += ["## Transitions", ""]
    if r.transitions.empty:
        out += ["No site changed status in the window.", ""]
    else:
        rows = []
        for t in r.transitions.itertuples():
            events = cast(list[dict[str, Any]], t.events)
            explained = "; ".join(
                f"{md_text(p.when(e['date']))}: {md_text(p.status_label(e['status']))}"
                + (f" {sources(e['sources'])}" if e["sources"] else "")
                for e in events
            )
            rows.append(
                [
                    site(t.site_id, t.name),
                    md_text(p.status_label(t.from_status)),
                    md_text(p.status_label(t.to_status)),
                    md_text(p.when(t.date)),
                    explained,
                ]
            )
        out += table(["Site", "From", "To", "Date", "Explained by"], rows)
    out += ["## Events in the window", ""]
    out += ["### By status", "", *_count_table(r.events_by("status"), "Status", p.status_label)]
    out += ["### By kind", "", *_count_table(r.events_by("kind"), "Kind", p.kind_label)]
    out += ["### By region", "", *_count_table(r.events_by("region"), "Region", limit=MAX_REGIONS)]
    out += ["### All events", ""]
    if r.events.empty:
        out += ["None.", ""]
    else:
        out += table(
            ["Date", "Site", "Type", "Status", "Summary", "Sources"],
            (_event_row(e) for e in r.events.itertuples()),
        )
    out += _site_lists(r)
    out += ["## Totals as of " + until, "", "### Sites by kind", ""]
    out += _count_table(r.sites_by("kind"), "Kind", p.kind_label)
    out += [
        "### Sites by region",
        "",
        *_count_table(r.sites_by("region"), "Region", limit=MAX_REGIONS),
    ]
    return "\n".join(out).rstrip("\n") + "\n"


def _site_lists(r: ChangeReport) -> list[str]:
    out = ["## New sites", "", "Sites whose earliest dated event falls in the window.", ""]
    if r.new_sites.empty:
        out += ["None.", ""]
    else:
        shown, more = _capped(r.new_sites)
        out += table(
            ["Site", "First event", f"Status as of {r.until}", "Sources"],
            (
                [
                    site(s.site_id, s.name),
                    md_text(p.when(s.first_date)),
                    md_text(p.status_label(s.status_until)),
                    sources(s.sources),
                ]
                for s in shown.itertuples()
            ),
        ) + ([more] if more else [])
    out += ["## Withdrawn sites", ""]
    if r.withdrawn_sites.empty:
        out += ["None.", ""]
    else:
        out += table(
            ["Site", "Withdrawn", "Reason", "Sources"],
            (
                [site(s.site_id, s.name), md_text(s.date), md_text(s.reason), sources(s.sources)]
                for s in r.withdrawn_sites.itertuples()
            ),
        )
    out += [
        "## Monitoring gaps",
        "",
        f"Sites whose last observation is more than {r.stale_after} days before {r.until}, "
        "oldest first.",
        "",
    ]
    if r.stale.empty:
        out += ["None.", ""]
    else:
        shown, more = _capped(r.stale)
        out += table(
            ["Site", "Status", "Last observed", "Days", "Source"],
            (
                [
                    site(s.site_id, s.name),
                    md_text(p.status_label(s.status_until)),
                    md_text(p.when(s.last_date)),
                    str(s.days),
                    sources(s.sources),
                ]
                for s in shown.itertuples()
            ),
        ) + ([more] if more else [])
    out += [f"Sites never observed (no dated observation by {r.until}):", ""]
    if r.never_observed.empty:
        out += ["None.", ""]
    else:
        shown, more = _capped(r.never_observed)
        out += [f"- {site(s.site_id, s.name)} {sources(s.sources)}" for s in shown.itertuples()]
        out += ["", *([more] if more else [])]
    return out
