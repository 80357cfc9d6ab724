"""The change report as GitHub-flavoured Markdown, for a README, a wiki page or an issue.

Every piece of catalogue text goes through :func:`heritage.report.escape.md_text`; links
only to http/https sources, through :func:`~heritage.report.escape.md_link`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from heritage import vocabulary as v
from heritage.report import present as p
from heritage.report.context import Change, CountTable, ReportContext
from heritage.report.escape import md_link, md_text

_DIRECTION_LABELS = {t.code: t.label for t in v.DIRECTIONS}


def table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    """Return the lines of a Markdown table (cells must be escaped already)."""
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return [*lines, ""]


def sources(urls: Any) -> str:
    """Return source links, each labelled with its host."""
    return ", ".join(md_link(p.host(u), u) for u in urls)


def site(site_id: Any, name: Any, link: str | None = None) -> str:
    """Return a site's name and id, escaped; the name links to ``link`` when given."""
    text = md_text(p.name_of(name, site_id))
    named = md_link(p.name_of(name, site_id), link) if link else text
    return f"{named} (`{md_text(site_id)}`)"


def count_table(data: CountTable, label: str) -> list[str]:
    """Return the lines of a table of counts (``None.`` when it is empty)."""
    if not data.rows:
        return ["None.", ""]
    header = [md_text(label), *[md_text(c) for c in data.columns]]
    lines = table(header, [[md_text(k), *[str(n) for n in row]] for k, row in data.rows])
    if data.more:
        lines += [f"…and {data.more} more (all of them are in the json output).", ""]
    return lines


def _more(count: int) -> list[str]:
    return [f"…and {count} more (all of them are in the json output).", ""] if count else []


def _event_row(e: Any, link: Any) -> list[str]:
    note = " — " + md_text(p.CLAIM_NOTE) if e.type == "claim" else ""
    by = f" ({md_text(e.reported_by)})" if isinstance(e.reported_by, str) else ""
    return [
        md_text(p.when(e.date)),
        site(e.site_id, e.name, link(e.site_id)),
        md_text(p.type_label(e.type)),
        md_text(p.status_label(e.status)),
        md_text(e.summary) + by + note,
        sources(e.sources),
    ]


def data_line(c: ReportContext) -> str:
    """Return the sentence that says how far the data reaches."""
    if c.data_through is None:
        return f"No dated report by {c.until}."
    if c.runs_past_data:
        return (
            f"The latest dated report is of {c.data_through}: nothing after that day is in "
            "the data, so counts after it stay flat because nothing is known."
        )
    return f"The latest dated report is of {c.data_through}."


def direction_line(c: ReportContext) -> str:
    """Return the sentence that splits the changes of status by meaning."""
    d = c.directions
    return (
        f"{p.plural(len(c.changes), 'site')} changed status: {d['worse']} for the worse, "
        f"{d['better']} for the better, {d['first']} first observed (no earlier status), "
        f"{d['other']} other."
    )


def change_row(t: Change) -> list[str]:
    """Return the cells of a change: site, from, to, meaning, date, confidence, district."""
    return [
        site(t.site_id, t.name, t.link),
        md_text(p.status_label(t.from_status)),
        md_text(p.status_label(t.to_status)),
        md_text(_DIRECTION_LABELS[t.direction]),
        md_text(p.when(t.date)),
        md_text(t.confidence or "not given"),
        md_text(t.district or ""),
    ]


def render_markdown(c: ReportContext, title: str = "Changes in the heritage catalogue") -> str:
    """Return the change report as GitHub-flavoured Markdown.

    Parameters
    ----------
    c
        From :func:`heritage.report.context.build_context`.
    title
        The first heading.
    """
    return "".join(markdown_parts(c, title))


def markdown_parts(
    c: ReportContext, title: str = "Changes in the heritage catalogue"
) -> Iterator[str]:
    """Yield the text of :func:`render_markdown` in pieces (see :func:`_report_lines`).

    The all-time report of 100,000 sites is 110 MB of Markdown; joined whole, then encoded,
    it held three copies of itself in memory.
    """
    lines = _report_lines(c, title)
    # As "\n".join(lines).rstrip("\n"): no line breaks at the end of the text...
    while lines and not lines[-1].strip("\n"):
        lines.pop()
    if lines:
        lines[-1] = lines[-1].rstrip("\n")
    for start in range(0, len(lines), _LINES_PER_PIECE):
        yield ("\n" if start else "") + "\n".join(lines[start : start + _LINES_PER_PIECE])
    yield "\n"  # ...but one


_LINES_PER_PIECE = 4096


def _report_lines(c: ReportContext, title: str) -> list[str]:
    """Return the lines of the Markdown report."""
    since, until, before = c.since, c.until, c.before
    claims = len(c.claims)
    out = [
        f"# {md_text(title)}, {since} to {until}",
        "",
        f"Status of {p.plural(c.site_count, 'site')} as of {until}, compared with {before} "
        "(the day before the window). " + data_line(c) + " An event belongs to the window by "
        "its effective date, the latest day its date allows; undated events belong to no "
        "window. Claims are listed as claims: they never set a status. A change is for the "
        "worse when it goes to a graver status (intact and restored, then threatened, then "
        "damaged and altered, then destroyed), for the better when it goes to a less grave one "
        "or to restored (from destroyed, only restored counts). Withdrawn sites are left out "
        "of every table except the list of "
        "withdrawn sites.",
        "",
        "## Summary",
        "",
        f"- {direction_line(c)}",
        f"- {p.plural(len(c.events), 'event')} in the window, "
        f"{c.observations} of them observations that can set a status and {claims} claims.",
        f"- {p.plural(len(c.report.new_sites), 'site')} first recorded in the window; "
        f"{p.plural(len(c.withdrawn), 'site')} withdrawn.",
        f"- {p.plural(len(c.report.stale), 'site')} not observed for more than "
        f"{c.stale_after} days; {p.plural(len(c.report.never_observed), 'site')} never observed.",
        f"- {p.plural(c.undated_events, 'undated event')} (in no window).",
        "",
        "## Sites by status",
        "",
    ]
    out += table(
        ["Status", before, until, "Change"],
        [
            [
                md_text(p.status_label(s.code)),
                str(s.then),
                str(s.now),
                (f"{s.change:+d}" if s.change else "0") + (f" ({s.meaning})" if s.meaning else ""),
            ]
            for s in c.statuses
        ],
    )
    out += [
        "## Sites by status over time",
        "",
        f"At the start of the window and at each {c.period} end where a count changed. "
        + data_line(c),
        "",
    ]
    out += table(
        ["Day", *[md_text(p.status_label(s)) for s in v.ALL_STATUSES]],
        ([day, *[str(n) for n in values]] for day, values in c.timeline),
    )
    out += ["## Transitions", ""]
    if not c.changes:
        out += ["No site changed status in the window.", ""]
    else:
        out += [direction_line(c), ""]
        rows = []
        for t in c.changes:
            explained = "; ".join(
                f"{md_text(p.when(e['date']))}: {md_text(p.status_label(e['status']))}"
                + (f" ({md_text(e['reported_by'])})" if e.get("reported_by") else "")
                + (f" {sources(e['sources'])}" if e["sources"] else "")
                for e in t.events
            )
            rows.append([*change_row(t), explained])
        out += table(
            ["Site", "From", "To", "Change", "Date", "Confidence", "District", "Explained by"],
            rows,
        )
    out += ["## Events in the window", ""]
    out += ["### By status", "", *count_table(c.tables["events_by_status"], "Status")]
    out += ["### By kind", "", *count_table(c.tables["events_by_kind"], "Kind")]
    out += ["### By district", "", *count_table(c.tables["events_by_district"], "District")]
    out += [
        "### By region, as the sources write it",
        "",
        *count_table(c.tables["events_by_region"], "Region"),
    ]
    out += ["### All events", ""]
    if not c.events:
        out += ["None.", ""]
    else:
        out += table(
            ["Date", "Site", "Type", "Status", "Summary", "Sources"],
            (_event_row(e, c.link) for e in c.events),
        )
    out += _site_lists(c)
    out += ["## Totals as of " + until, "", "### Sites by kind", ""]
    out += count_table(c.tables["sites_by_kind"], "Kind")
    out += ["### Sites by district", "", *count_table(c.tables["sites_by_district"], "District")]
    out += [
        "### Sites by region, as the sources write it",
        "",
        *count_table(c.tables["sites_by_region"], "Region"),
    ]
    return out


def _site_lists(c: ReportContext) -> list[str]:
    link = c.link
    out = ["## New sites", "", "Sites whose earliest dated event falls in the window.", ""]
    if not c.new_sites:
        out += ["None.", ""]
    else:
        out += table(
            ["Site", "First event", f"Status as of {c.until}", "Sources"],
            (
                [
                    site(s.site_id, s.name, link(s.site_id)),
                    md_text(p.when(s.first_date)),
                    md_text(p.status_label(s.status_until)),
                    sources(s.sources),
                ]
                for s in c.new_sites
            ),
        ) + _more(c.new_more)
    out += ["## Withdrawn sites", ""]
    if not c.withdrawn:
        out += ["None.", ""]
    else:
        out += table(
            ["Site", "Withdrawn", "Reason", "Sources"],
            (
                [
                    site(s.site_id, s.name, link(s.site_id)),
                    md_text(s.date),
                    md_text(s.reason),
                    sources(s.sources),
                ]
                for s in c.withdrawn
            ),
        )
    out += [
        "## Monitoring gaps",
        "",
        f"Sites whose last observation is more than {c.stale_after} days before {c.until}, "
        "oldest first.",
        "",
    ]
    if not c.stale:
        out += ["None.", ""]
    else:
        out += table(
            ["Site", "Status", "Last observed", "Days", "Source"],
            (
                [
                    site(s.site_id, s.name, link(s.site_id)),
                    md_text(p.status_label(s.status_until)),
                    md_text(p.when(s.last_date)),
                    str(s.days),
                    sources(s.sources),
                ]
                for s in c.stale
            ),
        ) + _more(c.stale_more)
    out += [f"Sites never observed (no dated observation by {c.until}):", ""]
    if not c.never:
        out += ["None.", ""]
    else:
        out += [
            f"- {site(s.site_id, s.name, link(s.site_id))} {sources(s.sources)}" for s in c.never
        ]
        out += ["", *_more(c.never_more)]
    return out
