"""Change reports: html, Markdown, csv and json renderings of :mod:`heritage.changes`.

The entry points for the CLI and the build step are :func:`render_report` (one document)
and :func:`render_report_tables` (the csv tables by file name). Diffs between two versions
of the catalogue are rendered by :mod:`heritage.report.diff_render`.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Final

from heritage import vocabulary as v
from heritage.errors import InvalidArgumentError

if TYPE_CHECKING:  # pandas and geopandas load only when a report is computed
    from heritage.catalogue import Catalogue
    from heritage.changes import ChangeReport

#: The single-document formats of :func:`render_report`.
FORMATS: Final[tuple[str, ...]] = ("html", "md", "json")


def render(report: ChangeReport, fmt: str = "html") -> str:
    """Render a computed report as ``html``, ``md`` or ``json`` text.

    Raises
    ------
    InvalidArgumentError
        For another format (csv has two tables: use :func:`render_report_tables`).
    """
    from heritage._gc import paused_gc

    if fmt == "html":
        from heritage.report.html import render_html

        with paused_gc():  # many small objects while a large catalogue is alive
            return render_html(report)
    if fmt == "md":
        from heritage.report.markdown import render_markdown

        with paused_gc():
            return render_markdown(report)
    if fmt == "json":
        from heritage.report.tables import render_json

        with paused_gc():
            return render_json(report)
    raise InvalidArgumentError(
        f"unknown report format '{fmt}': use one of {', '.join(FORMATS)}"
        + (" (csv is two tables: use render_report_tables)" if fmt == "csv" else "")
    )


def render_report(
    catalogue: Catalogue,
    since: date,
    until: date,
    fmt: str = "html",
    *,
    stale_after: int = v.STALE_AFTER_DAYS,
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

    Returns
    -------
    str
        The document; the same catalogue and arguments give the same text.
    """
    from heritage.changes import compute_report

    return render(compute_report(catalogue, since, until, stale_after), fmt)


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


__all__ = ["FORMATS", "render", "render_report", "render_report_tables"]
