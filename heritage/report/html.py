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

from collections.abc import Iterator

import jinja2
from markupsafe import Markup

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
ENV.globals["directions"] = {t.code: t for t in v.DIRECTIONS}
ENV.globals["direction_colours"] = v.DIRECTION_COLOURS


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
    for piece in pieces:
        yield xml_safe(piece)
