"""Change reports: html, Markdown, csv and json renderings of :mod:`heritage.changes`.

The entry points for the CLI and the build step are :func:`render_report` (one document)
and :func:`render_report_tables` (the csv tables by file name). The html and Markdown
documents, full or brief, read one :class:`~heritage.report.context.ReportContext`, so a
figure is computed once. Diffs between two versions of the catalogue are rendered by
:mod:`heritage.report.diff_render`.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING, Final

from heritage import vocabulary as v
from heritage.errors import InvalidArgumentError

# Limits and links of the rendered reports. They live here, not in report.context, so that
# importing this package stays light (the diff renderer needs no pandas).
#: Longest lists of sites written in the human-readable formats; the json has them all.
MAX_LISTED: Final[int] = 200
#: Rows of the per-region tables in the human-readable formats.
MAX_REGIONS: Final[int] = 25
#: Where a site's name links by default: the map, opened on the site.
DEFAULT_SITE_LINK: Final[str] = "../maps/index.html#site={id}"
#: Where it links when the website's site pages exist.
SITE_PAGE_LINK: Final[str] = "../sites/{id}.html"

if TYPE_CHECKING:  # pandas and geopandas load only when a report is computed
    from heritage.catalogue import Catalogue
    from heritage.changes import ChangeReport

#: The single-document formats of :func:`render_report`.
FORMATS: Final[tuple[str, ...]] = ("html", "md", "json")
#: The formats of the brief.
BRIEF_FORMATS: Final[tuple[str, ...]] = ("html", "md")


def render(
    report: ChangeReport,
    fmt: str = "html",
    *,
    brief: bool = False,
    site_link: str = DEFAULT_SITE_LINK,
) -> str:
    """Render a computed report as ``html``, ``md`` or ``json`` text.

    Parameters
    ----------
    report
        From :func:`heritage.changes.compute_report`.
    fmt
        ``html``, ``md`` or ``json`` (the brief: ``html`` or ``md``).
    brief
        The brief (at most two printed pages) rather than the full report.
    site_link
        Where site names link, a URL with ``{id}`` (default: the map opened on the site).

    Raises
    ------
    InvalidArgumentError
        For another format (csv has two tables: use :func:`render_report_tables`).
    """
    return "".join(render_parts(report, fmt, brief=brief, site_link=site_link))


def render_parts(
    report: ChangeReport,
    fmt: str = "html",
    *,
    brief: bool = False,
    site_link: str = DEFAULT_SITE_LINK,
) -> Iterator[str]:
    """Render a computed report in pieces whose concatenation is :func:`render`'s text.

    For writing a large report to a file (:func:`heritage.write.write_atomic` takes the
    pieces) without holding the whole page in memory. Arguments and errors as for
    :func:`render`; an unknown format is refused before the first piece.
    """
    allowed = BRIEF_FORMATS if brief else FORMATS
    if fmt not in allowed:
        raise InvalidArgumentError(
            f"unknown {'brief ' if brief else ''}report format '{fmt}': use one of "
            f"{', '.join(allowed)}"
            + (" (csv is two tables: use render_report_tables)" if fmt == "csv" else "")
        )
    return _parts(report, fmt, brief, site_link)


def _parts(report: ChangeReport, fmt: str, brief: bool, site_link: str) -> Iterator[str]:
    from heritage._gc import paused_gc

    with paused_gc():  # many small objects while a large catalogue is alive
        if fmt == "json":
            from heritage.report.tables import render_json

            yield render_json(report)
            return
        from heritage.report.context import build_context

        context = build_context(report, site_link)
        if brief:
            from heritage.report.brief import render_brief

            yield render_brief(context, fmt)
        elif fmt == "html":
            from heritage.report.html import html_parts

            yield from html_parts(context)
        else:
            from heritage.report.markdown import markdown_parts

            yield from markdown_parts(context)


def render_report(
    catalogue: Catalogue,
    since: date,
    until: date,
    fmt: str = "html",
    *,
    stale_after: int = v.STALE_AFTER_DAYS,
    brief: bool = False,
    site_link: str = DEFAULT_SITE_LINK,
) -> str:
    """Compute and render the change report of a catalogue over a window.

    Parameters
    ----------
    catalogue
        A loaded catalogue (:func:`heritage.load`).
    since, until
        First and last day of the window, both included
        (:func:`heritage.changes.parse_window` turns ``YYYY[-MM[-DD]]`` texts into them).
    fmt
        ``html`` (a self-contained page), ``md`` (GitHub-flavoured Markdown) or ``json``.
    stale_after
        Days without an observation after which a site is a monitoring gap.
    brief
        The brief: at most two printed A4 pages (``html`` or ``md``).
    site_link
        Where site names link: a URL with ``{id}`` (default :data:`DEFAULT_SITE_LINK`,
        the map; :data:`SITE_PAGE_LINK` for the website's site pages).

    Returns
    -------
    str
        The document; the same catalogue and arguments give the same text.
    """
    from heritage.changes import compute_report

    report = compute_report(catalogue, since, until, stale_after)
    return render(report, fmt, brief=brief, site_link=site_link)


def render_report_tables(
    catalogue: Catalogue,
    since: date,
    until: date,
    *,
    stale_after: int = v.STALE_AFTER_DAYS,
) -> dict[str, str]:
    """Compute the change report and return its csv tables by file name.

    Returns
    -------
    dict
        ``{"transitions.csv": ..., "events.csv": ...}``.
    """
    from heritage.changes import compute_report
    from heritage.report.tables import render_csv

    return render_csv(compute_report(catalogue, since, until, stale_after))


__all__ = [
    "BRIEF_FORMATS",
    "DEFAULT_SITE_LINK",
    "FORMATS",
    "SITE_PAGE_LINK",
    "render",
    "render_parts",
    "render_report",
    "render_report_tables",
]
