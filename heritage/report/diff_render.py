"""A catalogue diff as plain text (a terminal) or Markdown (a pull-request comment).

Both start with a one-line headline ("2 sites added, 1 newly reported destroyed, 1 past
event edited"), then findings, then details per site. Catalogue text is made inert by
:func:`~heritage.report.escape.md_text` (Markdown) or :func:`~heritage.report.escape.plain`
(terminal). Sensitive sites are shown only by their generalised grid cell.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from typing import Any

from heritage import vocabulary as v
from heritage.diff_events import EventChange
from heritage.diff_model import CatalogueDiff, SiteChange, SiteInfo
from heritage.report import present as p
from heritage.report.escape import md_link, md_text, plain

#: Sites detailed in a Markdown comment (GitHub comments hold at most 65,536 characters).
MAX_DETAILED = 100
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
    return ", ".join(parts) if parts else "No changes to the catalogue"


def _changed(c: SiteChange) -> bool:
    return c.status_from != c.status_to


def _value(value: Any) -> str:
    if value is None:
        return "(absent)"
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= _VALUE_CHARS else text[: _VALUE_CHARS - 1] + "…"


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
        if f.name == "geometry":
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
    return lines


def _info(s: SiteInfo, text: Callable[[Any], str]) -> str:
    return (
        f"{text(_status(s.status))}, {p.plural(s.sources, 'source')}, "
        f"{text(_where(s.position, s.sensitive))}"
    )


def render_text(diff: CatalogueDiff) -> str:
    """Return a diff as plain text for a terminal (no control characters from the data)."""
    out = [f"{plain(diff.base_label)} → {plain(diff.head_label)}: {headline(diff)}"]
    for issue in diff.findings:
        out.append(f"{issue.severity.value}[{issue.code}] {plain(issue.message)}")
    for title, sites in (("added", diff.added), ("REMOVED", diff.removed)):
        for s in sites:
            name = plain(p.name_of(s.name, s.site_id))
            out.append(f"{title}: {name} ({plain(s.site_id)}): {_info(s, plain)}")
    out += [f"renamed: {plain(a)} → {plain(b)}" for a, b in diff.renamed]
    for c in diff.changed:
        out.append(f"changed: {plain(p.name_of(c.name, c.site_id))} ({plain(c.site_id)})")
        out += [f"  {line}" for line in _site_lines(c, plain, plain)]
    return "\n".join(out) + "\n"


def _md_site(site_id: str, name: str | None) -> str:
    return f"**{md_text(p.name_of(name, site_id))}** (`{md_text(site_id)}`)"


def render_markdown(diff: CatalogueDiff) -> str:
    """Return a diff as GitHub-flavoured Markdown for a pull-request comment or job summary."""
    link = lambda url: md_link(p.host(url), url)  # noqa: E731
    out = [
        f"### Catalogue changes: {md_text(headline(diff))}",
        "",
        f"Comparing {md_text(diff.base_label)} with {md_text(diff.head_label)}.",
        "",
    ]
    if diff.findings:
        out += ["#### For reviewers", ""]
        out += [
            f"- **{issue.severity.value}** `{issue.code}`: {md_text(issue.message)}"
            for issue in diff.findings
        ]
        out.append("")
    for title, sites in (("Sites added", diff.added), ("Sites removed", diff.removed)):
        if sites:
            out += [f"#### {title}", ""]
            out += [f"- {_md_site(s.site_id, s.name)}: {_info(s, md_text)}" for s in sites]
            out.append("")
    if diff.renamed:
        out += ["#### Ids renamed", ""]
        out += [f"- `{md_text(a)}` → `{md_text(b)}`" for a, b in diff.renamed]
        out.append("")
    if diff.changed:
        out += ["#### Sites changed", ""]
        for c in diff.changed[:MAX_DETAILED]:
            out.append(f"- {_md_site(c.site_id, c.name)}")
            out += [f"  - {line}" for line in _site_lines(c, md_text, link)]
        if len(diff.changed) > MAX_DETAILED:
            out.append(
                f"- …and {len(diff.changed) - MAX_DETAILED} more sites changed "
                "(run `heritage diff` for all of them)."
            )
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def render_json(diff: CatalogueDiff) -> str:
    """Return a diff as a JSON document (see :meth:`heritage.diff.CatalogueDiff.to_dict`)."""
    return json.dumps(diff.to_dict(), ensure_ascii=False, indent=2) + "\n"


def render_diff(diff: CatalogueDiff, fmt: str = "text") -> str:
    """Render a diff as ``text``, ``md`` or ``json``."""
    renderers = {"text": render_text, "md": render_markdown, "json": render_json}
    return renderers[fmt](diff)
