"""A catalogue diff as plain text (a terminal) or Markdown (a pull-request comment).

Both start with a one-line headline ("2 sites added, 1 newly reported destroyed, 1 past
event edited"), then findings, then details per site. Catalogue text is made inert by
:func:`~heritage.report.escape.md_text` (Markdown) or :func:`~heritage.report.escape.plain`
(terminal). Sensitive sites are shown only by their generalised grid cell.

Both are bounded, because GitHub refuses a job summary over 1 MiB: every value from the
data is cut to :data:`FIELD_CHARS` characters (an id or name of megabytes stays a line),
and the whole output to ``max_bytes`` (UTF-8): entries are written whole, in order, while
they fit, and what did not fit is counted at the end ("… and 19,000 more sites added: not
shown"). The headline always counts everything. The json format is for tools and is
complete; only values are shortened there (see :func:`render_json`).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from typing import Any

from heritage import vocabulary as v
from heritage.diff.events import EventChange
from heritage.diff.model import HIDDEN_LOCATION, CatalogueDiff, SiteChange, SiteInfo
from heritage.report import present as p
from heritage.report.bounded import FIELD_CHARS, Bounded, clip
from heritage.report.escape import md_link, md_text, plain, plain_url

#: Default bound of the whole md or text output, in UTF-8 bytes (GitHub: 1 MiB a summary).
MAX_BYTES = 900 * 1024
_VALUE_CHARS = 120


def headline(diff: CatalogueDiff) -> str:
    """Return the one-line summary of a diff (``"2 sites added, 1 newly reported destroyed"``)."""
    parts = []
    if diff.added:
        parts.append(p.plural(len(diff.added), "site") + " added")
    if diff.withdrawn:
        parts.append(p.plural(len(diff.withdrawn), "site") + " withdrawn")
    if diff.removed:
        parts.append(p.plural(len(diff.removed), "site") + " removed (withdraw sites instead)")
    if diff.renamed:
        parts.append(p.plural(len(diff.renamed), "id") + " renamed")
    # "newly reported" when the site has new events; a status that changed through edited
    # or deleted events is "now" that status.
    reported = Counter(c.status_to for c in diff.changed if _changed(c) and c.count("added"))
    now = Counter(c.status_to for c in diff.changed if _changed(c) and not c.count("added"))
    for status in v.ALL_STATUSES:
        label = v.status_term(status).label.lower()
        if reported[status]:
            parts.append(f"{reported[status]} newly reported {label}")
        if now[status]:
            parts.append(f"{now[status]} now {label}")
    events = Counter(e.change for c in diff.changed for e in c.events)
    if events["added"]:
        parts.append(p.plural(events["added"], "new event"))
    if events["edited"]:
        parts.append(p.plural(events["edited"], "past event") + " edited")
    if events["deleted"]:
        parts.append(p.plural(events["deleted"], "past event") + " deleted")
    moved = sum(1 for c in diff.changed if any(f.name == "geometry" for f in c.fields))
    if moved:
        parts.append(p.plural(moved, "site") + " moved")
    edited = sum(
        1 for c in diff.changed if any(f.name not in ("geometry", "withdrawn") for f in c.fields)
    )
    if edited:
        parts.append(p.plural(edited, "site") + " with property changes")
    other = len(diff.other) + sum(len(c.other) for c in diff.changed)
    if other:
        parts.append(p.plural(other, "other change"))
    return ", ".join(parts) if parts else "No changes to the catalogue"


def _changed(c: SiteChange) -> bool:
    return c.status_from != c.status_to


def _value(value: Any) -> str:
    if value is None:
        return "(absent)"
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return clip(text, _VALUE_CHARS)


def _where(pos: tuple[float, float] | None, sensitive: bool) -> str:
    if pos is None:
        return "no location"
    if sensitive:
        return f"grid cell centred on ({pos[0]:.2f}, {pos[1]:.2f})"
    return f"({pos[0]}, {pos[1]})"


def _status(code: str) -> str:
    return p.status_label(code)


def _moved(c: SiteChange) -> str:
    where = f"{_where(c.position_from, c.sensitive)} → {_where(c.position_to, c.sensitive)}"
    note = " (sensitive site: generalised positions only)" if c.sensitive else ""
    if c.moved_m is None:
        return f"geometry changed: {where}{note}"
    if c.sensitive and c.moved_m == 0:
        return f"moved within its grid cell: {where}{note}"
    return f"moved {c.moved_m:,.0f} m: {where}{note}"


def _event_line(e: EventChange, text: Callable[[Any], str]) -> str:
    what = f"{text(p.when(e.date))}, {text(p.type_label(e.type).split(' (')[0].lower())}"
    if e.status:
        what += f", {text(_status(e.status))}"
    if e.change == "added":
        return f"new event: {what}"
    if e.change == "deleted":
        return text(f"past event history[{e.index_before}] DELETED: ") + what
    shown = [
        f"{text(m)} {text(_value(e.before[m]))} → {text(_value(e.after[m]))}" for m in e.before
    ]
    shown += [text(m) for m in e.members if m not in e.before]
    where = text(f"past event history[{e.index_before}] EDITED")
    return f"{where} ({what}): " + "; ".join(shown)


def _site_lines(c: SiteChange, text: Callable[[Any], str], link: Callable[[str], str]) -> list[str]:
    lines = []
    if c.status_from != c.status_to:
        lines.append(f"status: {text(_status(c.status_from))} → {text(_status(c.status_to))}")
    for f in c.fields:
        if f.name == HIDDEN_LOCATION:
            lines.append(text("location details changed (sensitive site: not shown)"))
        elif f.name == "geometry":
            lines.append(text(_moved(c)))
        elif f.name == "withdrawn" and isinstance(f.after, dict):
            lines.append(
                text(f"WITHDRAWN on {_value(f.after.get('date'))}: ")
                + text(_value(f.after.get("reason")))
            )
        elif f.name == "withdrawn" and f.after is None:
            lines.append(text("reinstated: the withdrawal was removed"))
        else:
            lines.append(f"{text(f.name)}: {text(_value(f.before))} → {text(_value(f.after))}")
    lines += [_event_line(e, text) for e in c.events]
    if c.sources_added:
        lines.append("sources added: " + ", ".join(link(u) for u in c.sources_added))
    if c.sources_removed:
        lines.append("sources removed: " + ", ".join(link(u) for u in c.sources_removed))
    if c.other:
        lines.append("other changes: " + ", ".join(text(f"{m} of the feature") for m in c.other))
    return lines


def _info(s: SiteInfo, text: Callable[[Any], str]) -> str:
    return (
        f"{text(_status(s.status))}, {p.plural(s.sources, 'source')}, "
        f"{text(_where(s.position, s.sensitive))}"
    )


def _host(url: str) -> str:
    try:
        return p.host(url)
    except ValueError:  # not a URL urllib can split (the diff does not validate)
        return url


def _md_link(url: str) -> str:
    if len(url) > FIELD_CHARS or not url.lower().startswith(("http://", "https://")):
        return md_text(clip(url, 80))  # a link cut short would lead somewhere else
    return md_link(_host(url), url)


def _text_url(url: str) -> str:
    return plain(clip(url)) if len(url) > FIELD_CHARS else plain_url(url)


def _entries(
    diff: CatalogueDiff, text: Callable[[Any], str], link: Callable[[str], str], md: bool
) -> list[tuple[str, str, list[str]]]:
    """Return (section title, what an entry is, lines) for every entry, in output order."""
    entries: list[tuple[str, str, list[str]]] = []
    bullet, sub = ("- ", "  - ") if md else ("", "  ")
    for issue in diff.findings:
        sev = issue.severity.value
        code = f"**{sev}** `{issue.code}`: " if md else f"{sev}[{issue.code}] "
        entries.append(("For reviewers", "findings", [bullet + code + text(issue.message)]))
    for title, what, sites in (
        ("Sites added", "sites added", diff.added),
        ("Sites removed", "sites removed", diff.removed),
    ):
        for s in sites:
            label = "" if md else ("added: " if what == "sites added" else "REMOVED: ")
            line = f"{bullet}{label}{_site(s.site_id, s.name, md)}: {_info(s, text)}"
            entries.append((title, what, [line]))
    for a, b in diff.renamed:
        line = f"`{text(a)}` → `{text(b)}`" if md else f"renamed: {text(a)} → {text(b)}"
        entries.append(("Ids renamed", "ids renamed", [bullet + line]))
    for c in diff.changed:
        label = "" if md else "changed: "
        lines = [f"{bullet}{label}{_site(c.site_id, c.name, md)}"]
        lines += [sub + line for line in _site_lines(c, text, link)]
        entries.append(("Sites changed", "sites changed", lines))
    for other in diff.other:
        entries.append(("Other changes", "other changes", [bullet + text(other)]))
    return entries


def _site(site_id: str, name: str | None, md: bool) -> str:
    shown = clip(p.name_of(name, site_id))
    if md:
        return f"**{md_text(shown)}** (`{md_text(clip(site_id))}`)"
    return f"{plain(shown)} ({plain(clip(site_id))})"


def render_text(diff: CatalogueDiff, max_bytes: int = MAX_BYTES) -> str:
    """Return a diff as plain text for a terminal (no control characters from the data).

    At most ``max_bytes`` bytes of UTF-8; what does not fit is counted at the end.
    """
    out = Bounded(max_bytes)
    first = f"{plain(clip(diff.base_label))} → {plain(clip(diff.head_label))}: {headline(diff)}"
    out.add([first])
    for _title, what, lines in _entries(diff, _plain_clipped, _text_url, md=False):
        out.add(lines, what)
    out.lines += out.closing("run with --format json for everything")
    return "\n".join(out.lines) + "\n"


def _plain_clipped(value: Any) -> str:
    return plain(clip(value))


def _md_clipped(value: Any) -> str:
    return md_text(clip(value))


def render_markdown(diff: CatalogueDiff, max_bytes: int = MAX_BYTES) -> str:
    """Return a diff as GitHub-flavoured Markdown for a pull-request comment or job summary.

    At most ``max_bytes`` bytes of UTF-8 (GitHub refuses a job summary over 1 MiB); what
    does not fit is counted at the end.
    """
    out = Bounded(max_bytes)
    out.add(
        [
            f"### Catalogue changes: {md_text(headline(diff))}",
            "",
            f"Comparing {_md_clipped(diff.base_label)} with {_md_clipped(diff.head_label)}.",
        ]
    )
    section = None
    for title, what, lines in _entries(diff, _md_clipped, _md_link, md=True):
        if title != section:
            heading = ["", f"#### {title}", ""]
            if not out.add(heading + lines, what):
                continue
            section = title
        else:
            out.add(lines, what)
    closing = out.closing("run `heritage diff --format json` for everything")
    if closing:
        out.lines += ["", *closing]
    return "\n".join(out.lines).rstrip("\n") + "\n"


def render_json(diff: CatalogueDiff) -> str:
    """Return a diff as a JSON document (see :meth:`heritage.diff.CatalogueDiff.to_dict`).

    Complete (tools need every site); values were already shortened where the diff keeps
    them (event members), and nothing from the data is interpreted by a JSON reader.
    """
    return json.dumps(diff.to_dict(), ensure_ascii=False, indent=2) + "\n"


def render_diff(diff: CatalogueDiff, fmt: str = "text", max_bytes: int = MAX_BYTES) -> str:
    """Render a diff as ``text``, ``md`` or ``json`` (md and text within ``max_bytes``)."""
    if fmt == "json":
        return render_json(diff)
    if fmt == "md":
        return render_markdown(diff, max_bytes)
    return render_text(diff, max_bytes)
