"""The change report as one self-contained, printable html page.

The page is rendered by Jinja2 with autoescaping on and undefined names as errors.
Catalogue text only ever enters as template *variables*, never as template source, so text
such as ``{{ 7*7 }}`` is printed, not run. The page loads nothing: CSS is inlined, charts
are inline SVG (:mod:`heritage.report.charts`), and a Content-Security-Policy forbids
scripts and any request. Links go only to http/https sources (with
``rel="noopener noreferrer nofollow ugc"``) and to the site's page or map view. The figures
come from :mod:`heritage.report.context`, shared with the Markdown text and the brief.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

import jinja2
from markupsafe import Markup, escape

from heritage import vocabulary as v
from heritage.report import charts
from heritage.report import present as p
from heritage.report.context import ReportContext
from heritage.text import xml_safe

ENV = jinja2.Environment(
    loader=jinja2.PackageLoader("heritage.report", "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)
ENV.filters["status"] = p.status_info
ENV.filters["when"] = p.when
ENV.filters["host"] = p.host
ENV.filters["type_label"] = p.type_label
ENV.globals["name_of"] = p.name_of
ENV.globals["claim_note"] = p.CLAIM_NOTE
_DIRECTIONS = {t.code: t for t in v.DIRECTIONS}
ENV.globals["directions"] = _DIRECTIONS
ENV.globals["direction_colours"] = v.DIRECTION_COLOURS


# The pieces repeated on every row of the report, written in Python rather than as template
# macros: a macro call costs Jinja about 25 microseconds, and the all-time report of 100,000
# sites makes 370,000 of them. Every value goes through markupsafe's escape, as autoescape
# does (f-strings: Markup.format runs Python's formatter in pure Python, slower still).
def badge(code: Any) -> Markup:
    """Return a status as its badge (glyph and label), or the value as text if not a status."""
    s = p.status_info(code)
    if not s["code"]:
        return escape(s["label"])
    return Markup(
        f'<span class="badge" style="--c: {escape(s["colour"])}"><span class="glyph" '
        f'aria-hidden="true">{escape(s["glyph"])}</span> {escape(s["label"])}</span>'
    )


def sources(urls: Iterable[str]) -> Markup:
    """Return source links, each labelled with its host, separated by spaces."""
    return Markup(
        " ".join(
            f'<a class="src" href="{escape(url)}" rel="noopener noreferrer nofollow ugc">'
            f"{escape(p.host(url))}</a>"
            for url in urls
        )
    )


def meaning(code: Any) -> Markup:
    """Return the label of a change's direction (worse, better...), or nothing."""
    if not code:
        return Markup("")
    label = _DIRECTIONS[code].label
    return Markup(f'<span class="dir dir-{escape(code)}">{escape(label)}</span>')


def site_cell(link: Callable[[str], str]) -> Callable[[Any, Any], Markup]:
    """Return the function that writes a site's name, linked with ``link``, and its id."""

    def site(site_id: Any, name: Any) -> Markup:
        return Markup(
            f'<a class="site" href="{escape(link(site_id))}">'
            f'{escape(p.name_of(name, site_id))}</a> <code class="id">{escape(site_id)}</code>'
        )

    return site


ENV.globals["badge"] = badge
ENV.globals["sources"] = sources
ENV.globals["meaning"] = meaning


def counts_chart(c: ReportContext) -> Markup:
    """Return the chart of sites by status over time, marking where the data ends."""
    return Markup(
        charts.status_counts_chart(
            c.report.counts_over_time, c.report.data_through if c.runs_past_data else None
        )
    )


def render_html(c: ReportContext, title: str = "Changes in the heritage catalogue") -> str:
    """Return the change report as a self-contained html page.

    Parameters
    ----------
    c
        From :func:`heritage.report.context.build_context`.
    title
        The page's heading.
    """
    return "".join(html_parts(c, title))


def html_parts(c: ReportContext, title: str = "Changes in the heritage catalogue") -> Iterator[str]:
    """Yield the page of :func:`render_html` in pieces, for writing without holding it whole.

    The all-time report of 100,000 sites is a 300 MB page: held whole (as text, then as
    UTF-8 bytes) it took 2 GB of memory.
    """
    transitions = c.report.transitions
    pieces = ENV.get_template("report.html.j2").generate(
        {
            "title": title,
            "c": c,
            "site": site_cell(c.link),
            "status_columns": [p.status_info(s) for s in v.ALL_STATUSES],
            "counts_chart": counts_chart(c),
            "transitions_chart": (
                Markup(charts.transitions_chart(transitions)) if len(transitions) else None
            ),
        }
    )
    # Catalogue text may hold characters HTML forbids (controls, noncharacters) when the
    # catalogue skipped validation: the one sanitiser of every XML/HTML writer replaces them
    # (character by character, so piece by piece is the same as on the whole page).
    # Jinja yields millions of small pieces; they are sanitised and handed on in batches.
    batch: list[str] = []
    size = 0
    for piece in pieces:
        batch.append(piece)
        size += len(piece)
        if size >= _BATCH:
            yield xml_safe("".join(batch))
            batch, size = [], 0
    yield xml_safe("".join(batch))


_BATCH = 1 << 16
