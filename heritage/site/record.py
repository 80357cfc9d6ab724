"""One page per site: ``sites/<id>.html``, the record a journalist can cite, print and share.

The page shows what the catalogue holds and nothing more: every name, the kind, when it was
built, the region, the current status with the report it rests on, where it is (never the
exact point of a sensitive site), the whole history with observations and claims told apart
in words and not only by colour, every source with its archived copy, and how to cite it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Final
from urllib.parse import quote, urlencode

from heritage import dates
from heritage import vocabulary as v
from heritage.config import Config
from heritage.records import EventRecord, SiteRecord, SourceRecord
from heritage.site import cite
from heritage.site.html import Page, esc, foot, head, href, items, lang_attr, link, text
from heritage.site.locator import Frame, locator

_KINDS: Final[dict[str, str]] = {t.code: t.label for t in v.KIND_TERMS}
_TYPES: Final[dict[str, str]] = {t.code: t.label for t in v.EVENT_TYPE_TERMS}
_CONFIDENCE: Final[dict[str, str]] = {t.code: t.label for t in v.CONFIDENCE_TERMS}
_PRECISION: Final[dict[str, str]] = {t.code: t.definition for t in v.PRECISION_TERMS}


@lru_cache(maxsize=65536)
def _effective(date_text: str) -> str | None:
    day = dates.effective_date(date_text)
    return day.isoformat() if day else None


@dataclass(frozen=True)
class SiteContext:
    """What every site page shares: configuration, title, data date and the locator frame."""

    config: Config
    site_title: str
    data_date: str | None
    frame: Frame


def status_badge(code: str) -> str:
    """Return a status as a coloured swatch and its label (the label carries the meaning)."""
    term = v.status_term(code)
    return (
        f'<span class="status status-{term.code}"><span class="swatch" aria-hidden="true">'
        f"</span>{esc(term.label)}</span>"
    )


def names_of(names: dict[str, str], site_id: str) -> tuple[str, list[tuple[str, str]]]:
    """Return the display name (English, else any, else the id) and every (language, name)."""
    pairs = [(str(k), n) for k, n in names.items() if n.strip()]
    english = text(names.get("en"))
    display = english or (pairs[0][1] if pairs else site_id)
    return display, pairs


def _event_role(event: EventRecord) -> tuple[str, str]:
    """Return the event's class and the words that say what it is for the status."""
    kind = event.type or v.DEFAULT_EVENT_TYPE
    has_status = text(event.status) is not None
    if kind == "claim":
        return "claim", "Claim by a party: not independently verified; it does not set the status"
    if kind in v.STATUS_SETTING_TYPES and has_status:
        date_text = event.date
        if date_text is not None and _effective(date_text):
            return "observation", "Observation: sets the status from its date"
        return "undated", "Undated report: without a date it does not set the status"
    return "other", f"{_TYPES.get(kind, 'Event')}: does not set the status"


def _source(source: SourceRecord) -> str:
    url = source.url
    title = text(source.title) or (url if url is not None else "source")
    parts = [link(url, title)]
    if text(source.publisher):
        parts.append(f", {esc(source.publisher)}")
    if text(source.published):
        parts.append(f", published {esc(source.published)}")
    if text(source.accessed):
        parts.append(f", accessed {esc(source.accessed)}")
    archived = href(source.archived)
    if archived:
        parts.append(f' (<a href="{archived}" rel="noopener noreferrer">archived copy</a>)')
    elif not href(url):
        parts.append(" (not a web address)")
    return "".join(parts)


def sources_list(sources: Sequence[SourceRecord]) -> str:
    """Return the sources of an event or a site as a list (nothing when there are none)."""
    return items((s for s in map(_source, sources) if s), cls="sources")


def _event(event: EventRecord, number: int, deciding: int | None) -> str:
    role, words = _event_role(event)
    date_text = event.date
    when = dates.describe(date_text) if date_text is not None else "undated"
    if event.approximate:
        when += " (approximate)"
    status = text(event.status)
    out = [f'<li class="event event-{role}" id="event-{number}">']
    out.append(f'<p class="event-head"><span class="when">{esc(when)}</span> ')
    out.append(f'<span class="role">{esc(words)}</span></p>\n')
    if status:
        verb = "Status claimed" if role == "claim" else "Status reported"
        out.append(f'<p class="event-status">{verb}: {status_badge(status)}')
        if status not in v.ALL_STATUSES:
            out.append(f" ({esc(status)})")
        out.append("</p>\n")
    if number == deciding:
        out.append('<p class="rests"><strong>The current status rests on this report.</strong></p>')
    out.append(f'<p class="summary">{esc(event.summary)}</p>\n')
    facts = []
    who = text(event.reported_by)
    if who:
        kind = text(event.reporter_type)
        facts.append(f"Reported by {esc(who)}" + (f" ({esc(kind)})" if kind else ""))
    conf = text(event.confidence)
    if conf:
        facts.append(f"Confidence: {esc(_CONFIDENCE.get(conf, conf))}")
    if facts:
        out.append(f'<p class="facts">{". ".join(facts)}.</p>\n')
    if text(event.note):
        out.append(f'<p class="note">Note: {esc(event.note)}</p>\n')
    out.append(sources_list(event.sources))
    out.append("</li>\n")
    return "".join(out)


def _location(site: SiteRecord) -> str:
    if site.sensitive:
        return (
            "Sensitive site: its exact position is withheld and it is shown only as a grid "
            "cell of 0.1° (about 10 km)."
        )
    point = site.point()
    if point is None:
        return "No coordinates are published for this site."
    lon, lat = point
    ns, ew = ("N" if lat >= 0 else "S"), ("E" if lon >= 0 else "W")
    out = f"{abs(lat):.4f}° {ns}, {abs(lon):.4f}° {ew}"
    precision = text(site.precision)
    if precision:
        out += f". {esc(_PRECISION.get(precision, precision))}"
    note = text(site.location_note)
    if note:
        out += f" {esc(note)}"
    if href(site.location_source):
        out += f" ({link(site.location_source, 'source of the coordinates')})"
    return out


def report_link(config: Config, site_id: str, name: str) -> str:
    """Return the URL of the issue form that reports a change to a site, or "" without one."""
    if not config.repository:
        return ""
    query = urlencode(
        {"template": config.report_template, "title": f"Change report: {name}", "site": site_id}
    )
    return f"https://github.com/{config.repository}/issues/new?{query}"


def site_page(site: SiteRecord, status: str, deciding: int | None, ctx: SiteContext) -> str:
    """Return the HTML page of one site.

    Parameters
    ----------
    site
        The site's record (:mod:`heritage.records`).
    status
        Its current status (``unknown`` when nothing sets it).
    deciding
        The position in its history of the event the status rests on, if any.
    ctx
        What every site page shares.
    """
    site_id = site.id
    name, pairs = names_of(site.names, site_id)
    history = site.events
    kind = site.kind
    kind_label = _KINDS.get(kind, kind) if kind is not None else None
    status_label = v.status_term(status).label
    described = f"{kind_label or 'Heritage site'}"
    region = text(site.region)
    if region:
        described += f" in {region}"
    description = f"{described}. Reported status: {status_label.lower()}. {len(history)} reports."
    page = Page(f"sites/{site_id}.html", name, description, "article")
    config = ctx.config
    out = [head(page, config, ctx.site_title), f"<h1>{esc(name)}</h1>\n"]
    if site.withdrawn is not None:
        when_withdrawn = text(site.withdrawn_date)
        out.append(
            '<div class="withdrawn" role="note"><p><strong>Withdrawn from the catalogue'
            f"{' on ' + esc(when_withdrawn) if when_withdrawn else ''}."
            f"</strong> {esc(site.withdrawn_reason)}</p><p>The record is kept so that links "
            "to it keep working; it is no longer counted or mapped.</p></div>\n"
        )
    out.append('<section class="current" aria-labelledby="current">\n')
    out.append(f'<h2 id="current">Current status</h2>\n<p class="big">{status_badge(status)}')
    event = history[deciding] if deciding is not None and deciding < len(history) else None
    if event is not None:
        when = dates.describe(event.date) if event.date is not None else ""
        who = text(event.reported_by)
        out.append(
            f' <span class="since">as reported {esc(when)}'
            f"{' by ' + esc(who) if who else ''}: "
            f'<a href="#event-{deciding}">the report it rests on</a></span>'
        )
    out.append(f"</p>\n<p>{esc(v.status_term(status).definition)}</p>\n</section>\n")
    out.append(_facts(site, pairs, kind_label, ctx))
    out.append('<section aria-labelledby="history">\n')
    out.append(f'<h2 id="history">History ({len(history)} reports)</h2>\n')
    out.append(
        '<p class="hint">Observations are reports of the site\'s condition; the latest dated '
        "one sets the status. Claims are statements by a party, shown for the record and "
        'marked as such; they never set the status. <a href="../about.html#method">How '
        "statuses are computed</a>.</p>\n"
    )
    body = "".join(_event(e, i, deciding) for i, e in enumerate(history))
    out.append(f'<ol class="history">\n{body}</ol>\n' if body else "<p>No reports yet.</p>\n")
    out.append("</section>\n")
    if site.sources:
        out.append('<section aria-labelledby="more-sources">\n')
        out.append('<h2 id="more-sources">Other sources about the site</h2>\n')
        out.append(sources_list(site.sources) + "</section>\n")
    out.append(cite.block(site_id, name, ctx.site_title, ctx.data_date, config))
    out.append(_actions(site_id, name, config))
    out.append(foot(page, config, ctx.data_date))
    return "".join(out)


def _facts(
    site: SiteRecord,
    pairs: list[tuple[str, str]],
    kind_label: str | None,
    ctx: SiteContext,
) -> str:
    rows = []
    if pairs:
        names = "".join(
            f'<li><span class="lang">{esc(k)}</span> <span{lang_attr(k)}>{esc(n)}</span></li>'
            for k, n in pairs
        )
        rows.append(f'<dt>Names</dt><dd><ul class="names">{names}</ul></dd>')
    alt = site.alt_names
    if any(text(a) for a in alt):
        rows.append(f"<dt>Other names</dt><dd>{esc('; '.join(a for a in alt if text(a)))}</dd>")
    if kind_label:
        rows.append(f"<dt>Kind</dt><dd>{esc(kind_label)}</dd>")
    if text(site.built):
        source = href(site.built_source)
        cited = f' (<a href="{source}" rel="noopener noreferrer">source</a>)' if source else ""
        rows.append(f"<dt>Built</dt><dd>{esc(site.built)}{cited}</dd>")
    if text(site.region):
        rows.append(f"<dt>Region</dt><dd>{esc(site.region)}</dd>")
    rows.append(f"<dt>Location</dt><dd>{_location(site)}</dd>")
    refs = site.refs
    if refs:
        shown = []
        for key, value in refs.items():
            if key == "wikidata" and isinstance(value, str) and value[1:].isdigit():
                target = f"https://www.wikidata.org/wiki/{quote(value)}"
                anchor = f'<a href="{target}" rel="noopener noreferrer">{esc(value)}</a>'
                shown.append(f"Wikidata {anchor}")
            else:
                shown.append(f"{esc(key)}: {esc(value)}")
        rows.append(f"<dt>Identifiers</dt><dd>{'; '.join(shown)}</dd>")
    if text(site.notes):
        rows.append(f"<dt>Notes</dt><dd>{esc(site.notes)}</dd>")
    rows.append(f"<dt>Record</dt><dd><code>{esc(site.id)}</code></dd>")
    picture = locator(site.point(), ctx.frame, "../", site.sensitive)
    map_link = f"../maps/index.html#site={quote(site.id)}"
    figure = (
        f'<figure class="where">{picture}<figcaption>'
        f'<a href="{map_link}">Open this site on the map</a></figcaption></figure>\n'
    )
    return f'<div class="facts-box"><dl class="facts">{"".join(rows)}</dl>{figure}</div>\n'


def _actions(site_id: str, name: str, config: Config) -> str:
    report = report_link(config, site_id, name)
    out = ['<section aria-labelledby="act">\n<h2 id="act">Correct or add to this record</h2>\n']
    if report:
        out.append(
            f'<p><a class="button" href="{esc(report)}" rel="noopener">Report a change to this '
            "site</a> (a form on GitHub; every report needs a source).</p>\n"
        )
    out.append(
        '<p>See <a href="../about.html#correct">how to correct the record</a>.</p>\n</section>\n'
    )
    return "".join(out)
