"""The brief: a change report a journalist reads in two printed A4 pages at most.

It lays out a :class:`~heritage.report.context.ReportContext` (the same figures as the full
report): headline numbers with changes for the worse and for the better apart, the most
significant changes (high confidence first) with who reported them and one source, what is
disputed (claims in the window), the sites not re-checked, and a short method note. Lists
are capped and long texts clipped, so that no window and no catalogue text can push it past
two pages; the full report has everything.
"""

from __future__ import annotations

from typing import Any, Final

from heritage import vocabulary as v
from heritage.report import present as p
from heritage.report.context import Change, ReportContext
from heritage.report.escape import md_link, md_text
from heritage.report.markdown import table

#: How many entries each list of the brief shows.
MAX_CHANGES: Final[int] = 9
MAX_CLAIMS: Final[int] = 3
MAX_STALE: Final[int] = 5
MAX_DISTRICTS: Final[int] = 6
#: Longest text shown for a name, a reporter or a claim's summary.
CLIP_NAME: Final[int] = 56
CLIP_REPORTER: Final[int] = 48
CLIP_SUMMARY: Final[int] = 100
CLIP_HOST: Final[int] = 32
#: Which unchecked sites the brief names first: those whose status can still get worse.
RECHECK_ORDER: Final[dict[str, int]] = {
    s: i for i, s in enumerate(("threatened", "damaged", "altered", "intact", "restored"))
}
TITLE: Final[str] = "Heritage sites under threat: brief"
METHOD: Final[str] = (
    "A site's status on a day is set by its latest dated observation (a condition or "
    "restoration report with a status); an event belongs to the window by its effective date, "
    "the latest day its date allows. For the worse: to a graver status (intact and restored, "
    "then threatened, then damaged and altered, then destroyed); for the better: to a less "
    "grave one or to restored (from destroyed, only restored counts); a first observation "
    "had no earlier status. Confidence is the "
    "catalogue's (high: a primary monitoring body or an explicit dated statement; medium: a "
    "credible secondary report; low: a single unverified report). Claims by parties are not "
    "independently verified and never set a status. Every figure can be reproduced from the "
    "public catalogue; the full report lists every change, event and source."
)


def clip(text: Any, limit: int) -> str:
    """Return text cut to ``limit`` characters (with an ellipsis), ``""`` for none."""
    if not isinstance(text, str):
        return ""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def brief_figures(c: ReportContext) -> dict[str, Any]:
    """Return what the brief shows, capped: the renderers only lay it out."""
    changes = c.significant
    damaged_first = sum(
        1 for t in c.changes if t.direction == "first" and t.to_status in v.DAMAGE_STATUSES
    )
    districts = [(k, row[-1]) for k, row in c.tables["events_by_district"].rows][:MAX_DISTRICTS]
    stale: list[Any] = sorted(
        c.report.stale.itertuples(),
        key=lambda s: (RECHECK_ORDER.get(str(s.status_until), 9), s.last_observed, s.site_id),
    )
    return {
        "changes": changes[:MAX_CHANGES],
        "changes_more": max(0, len(changes) - MAX_CHANGES),
        "damaged_first": damaged_first,
        "claims": c.claims[:MAX_CLAIMS],
        "claims_more": max(0, len(c.claims) - MAX_CLAIMS),
        "stale": stale[:MAX_STALE],
        "stale_total": len(c.report.stale),
        "districts": districts,
    }


def source_of(change: Change) -> str | None:
    """Return one source of a change: the first of the report that set the new status."""
    return change.sources[0] if change.sources else None


def render_brief(c: ReportContext, fmt: str = "html", title: str = TITLE) -> str:
    """Return the brief as a self-contained html page or as Markdown.

    Parameters
    ----------
    c
        From :func:`heritage.report.context.build_context`.
    fmt
        ``html`` or ``md``.
    title
        The first heading.
    """
    figures = brief_figures(c)
    if fmt == "md":
        return _markdown(c, figures, title)
    from heritage.report.html import ENV

    return ENV.get_template("brief.html.j2").render(
        {
            "title": title,
            "c": c,
            "f": figures,
            "method": METHOD,
            "clip": clip,
            "source_of": source_of,
            "limits": {
                "name": CLIP_NAME,
                "reporter": CLIP_REPORTER,
                "summary": CLIP_SUMMARY,
                "host": CLIP_HOST,
            },
        }
    )


def _site(site_id: str, name: Any, link: str) -> str:
    return md_link(clip(p.name_of(name, site_id), CLIP_NAME), link)


def _markdown(c: ReportContext, f: dict[str, Any], title: str) -> str:
    d = c.directions
    reach = (
        f"Data up to {c.data_through}" + (" (nothing later is known)." if c.runs_past_data else ".")
        if c.data_through
        else "No dated report yet."
    )
    out = [
        f"# {md_text(title)}, {c.since} to {c.until}",
        "",
        f"{c.site_count} sites tracked. {reach}",
        "",
        f"- **{d['worse']}** sites changed for the worse; **{d['better']}** for the better.",
        f"- **{d['first']}** sites first observed in the window ({f['damaged_first']} of them "
        "reported damaged, destroyed or altered); "
        f"{d['other']} other changes of status.",
        f"- **{len(c.claims)}** claims by parties in the window (not independently verified).",
        f"- **{f['stale_total']}** sites not re-checked for more than {c.stale_after} days.",
        "",
        "## Most significant changes",
        "",
    ]
    if not f["changes"]:
        out += ["No site changed status in the window.", ""]
    else:
        rows = []
        for t in f["changes"]:
            src = source_of(t)
            rows.append(
                [
                    _site(t.site_id, t.name, t.link),
                    md_text(f"{p.status_label(t.from_status)} → {p.status_label(t.to_status)}"),
                    md_text(p.when(t.date)),
                    md_text(t.confidence or "not given"),
                    md_text(clip(t.reported_by, CLIP_REPORTER)),
                    md_link(clip(p.host(src), CLIP_HOST), src) if src else "",
                ]
            )
        out += table(["Site", "Change", "Date", "Confidence", "Reported by", "Source"], rows)
        if f["changes_more"]:
            out += [f"…and {f['changes_more']} more changes in the full report.", ""]
    out += ["## Disputed: claims in the window", ""]
    if not f["claims"]:
        out += ["None.", ""]
    for e in f["claims"]:
        status = f" ({md_text(p.status_label(e.status))})" if e.status else ""
        by = md_text(clip(e.reported_by, CLIP_REPORTER))
        src = e.sources[0] if e.sources else None
        out.append(
            f"- {md_text(p.when(e.date))}, {_site(e.site_id, e.name, c.link(e.site_id))}: "
            f"claim{status}"
            + (f", reported by {by}" if by else "")
            + f": {md_text(clip(e.summary, CLIP_SUMMARY))}"
            + (f" {md_link(clip(p.host(src), CLIP_HOST), src)}" if src else "")
        )
    if f["claims"]:
        out.append("")
    if f["claims_more"]:
        out += [f"…and {f['claims_more']} more claims in the full report.", ""]
    out += [f"## Not re-checked for more than {c.stale_after} days", ""]
    if not f["stale"]:
        out += ["None.", ""]
    else:
        listed = ", ".join(
            f"{_site(s.site_id, s.name, c.link(s.site_id))} "
            f"({md_text(p.status_label(s.status_until))}, last {md_text(p.when(s.last_date))})"
            for s in f["stale"]
        )
        rest = f["stale_total"] - len(f["stale"])
        out += [listed + (f"; and {rest} more." if rest else "."), ""]
    if f["districts"]:
        out += ["## Where: events in the window by district", ""]
        out += [
            ", ".join(f"{md_text(clip(k, CLIP_NAME))} {n}" for k, n in f["districts"]) + ".",
            "",
        ]
    out += ["## Method", "", md_text(METHOD), ""]
    return "\n".join(out).rstrip("\n") + "\n"
