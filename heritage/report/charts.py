"""Charts of the change report as inline SVG, drawn with matplotlib.

The SVG is made to be the same bytes for the same numbers: a fixed ``svg.hashsalt`` (the
ids of clip paths and glyphs are hashes salted with it), no creation date, text written as
``<text>`` in a fixed font list rather than as glyph paths, and a private figure (no pyplot
state). Only numbers and vocabulary labels enter a chart, never catalogue text, so the
markup can be inlined into the page as is.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections import Counter
from datetime import date, datetime, time, timedelta
from typing import Any, Final

import matplotlib
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from heritage import vocabulary as v

#: A matplotlib marker for each marker shape of the vocabulary.
MARKERS: Final[dict[str, str]] = {
    "circle": "o",
    "triangle": "^",
    "diamond": "D",
    "cross": "X",
    "square": "s",
    "star": "*",
    "ring": "o",
}
_STYLE: Final[Any] = {
    "svg.fonttype": "none",
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": 10,
    "path.simplify": False,
}
_PROLOGUE = re.compile(r"\A.*?(?=<svg\b)", re.DOTALL)
_SIZE = re.compile(r'<svg([^>]*?) width="[^"]*" height="[^"]*"')
# matplotlib writes RDF metadata (not valid in HTML's inline SVG) and the same ids in every
# figure (figure_1, line2d_1...), which collide when a page inlines several charts.
_METADATA = re.compile(r"\s*<metadata>.*?</metadata>", re.DOTALL)
_NAMESPACES = re.compile(r'\s+xmlns:(?!xlink)[a-z]+="[^"]*"')
_ID = re.compile(r'\bid="([^"]+)"')
_REFERENCE = re.compile(r'(url\(#|href="#)([^)"]+)')


def _svg(figure: Figure, salt: str, label: str) -> str:
    """Return the figure as an ``<svg>`` element for inlining into html."""
    buffer = io.StringIO()
    with matplotlib.rc_context({**_STYLE, "svg.hashsalt": salt}):
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    text = _PROLOGUE.sub("", buffer.getvalue())
    text = _NAMESPACES.sub("", _METADATA.sub("", text, count=1))
    # Prefix every id (and every reference to one) per chart: the salt names the chart kind
    # and a hash of the drawing tells two charts of one kind apart, deterministically.
    prefix = f"{salt}-{hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()[:8]}-"
    text = _ID.sub(lambda m: f'id="{prefix}{m.group(1)}"', text)
    text = _REFERENCE.sub(lambda m: f"{m.group(1)}{prefix}{m.group(2)}", text)
    # Drop the fixed size so that the chart follows the width of the page (viewBox stays).
    text = _SIZE.sub(r"<svg\1", text, count=1)
    label = label.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
    return text.replace("<svg", f'<svg role="img" aria-label="{label}"', 1).strip()


def status_counts_chart(counts: pd.DataFrame, data_through: date | None = None) -> str:
    """Draw sites by status over time, one stepped line per status.

    Parameters
    ----------
    counts
        One row per day (a DatetimeIndex), one column per status
        (:attr:`heritage.changes.ChangeReport.counts_over_time`).
    data_through
        The latest dated report, when the chart runs past it: the rest is shaded and
        labelled, so that flat lines there are not read as "nothing changed".

    Returns
    -------
    str
        An ``<svg>`` element.
    """
    with matplotlib.rc_context(_STYLE):
        figure = Figure(figsize=(7.6, 3.1))
        ax = figure.add_axes((0.07, 0.13, 0.72, 0.8))
        # Python's datetime (which matplotlib's dates use) starts at 0001-01-01: the day
        # before a window from that day (0000-12-31) is drawn on it.
        stamps = pd.DatetimeIndex(counts.index).as_unit("s")
        first = pd.Timestamp("0001-01-01")
        x = stamps.where(stamps >= first, first).to_pydatetime()
        every = max(1, len(x) // 12)
        for term in (*v.STATUS_TERMS, v.UNKNOWN_STATUS):
            if term.code not in counts.columns:
                continue
            ax.step(
                x,
                counts[term.code].to_numpy(),
                where="post",
                color=term.colour,
                linestyle="--" if term.code == v.UNKNOWN_STATUS.code else "-",
                linewidth=1.6,
                marker=MARKERS.get(term.shape, "o"),
                markersize=5,
                markevery=every,
                fillstyle="none" if term.shape == "ring" else "full",
                label=term.label,
            )
        if len(x) and (x[0].year < 100 or x[-1].year > 9900):
            # Matplotlib's margins would reach before year 1 or after 9999, which its dates
            # cannot name: the axis ends at the first and last day.
            ax.set_xlim(x[0], max(x[-1], x[0] + timedelta(days=1)))
        ax.set_ylabel("sites")
        ax.set_ylim(bottom=0)
        if data_through is not None and len(x) and x[-1] > datetime.combine(data_through, time()):
            start = datetime.combine(data_through, time())
            # matplotlib's date axis takes datetimes; its stubs only say float
            ax.axvspan(start, x[-1], color="#eeeeee", zorder=0, linewidth=0)  # type: ignore[arg-type]
            ax.annotate(
                f"no report after {data_through.isoformat()}",
                (start, 1.0),
                xycoords=("data", "axes fraction"),
                xytext=(-3, -3),
                textcoords="offset points",
                va="top",
                ha="right",
                fontsize=8,
                color="#444444",
            )
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.grid(axis="y", color="#dddddd", linewidth=0.6)
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
        figure.autofmt_xdate(rotation=0, ha="center")
    return _svg(figure, "heritage-status-counts", "Sites by status over time")


def transitions_chart(transitions: pd.DataFrame) -> str:
    """Draw the number of sites per transition (from status to status), largest first.

    Parameters
    ----------
    transitions
        :attr:`heritage.changes.ChangeReport.transitions` (``from_status``, ``to_status``).

    Returns
    -------
    str
        An ``<svg>`` element.
    """
    order = {s: i for i, s in enumerate(v.ALL_STATUSES)}
    pairs = Counter(zip(transitions["from_status"], transitions["to_status"], strict=True))
    # A status outside the vocabulary (a catalogue read with --no-check) sorts last, by name.
    last = len(order)
    ranked = sorted(
        pairs.items(),
        key=lambda kv: (
            -kv[1],
            order.get(kv[0][0], last),
            order.get(kv[0][1], last),
            str(kv[0]),
        ),
    )
    labels = [f"{v.status_term(a).label} → {v.status_term(b).label}" for (a, b), _ in ranked]
    values = [int(n) for _, n in ranked]
    colours = [v.status_term(b).colour for (_, b), _ in ranked]
    with matplotlib.rc_context(_STYLE):
        rows = max(len(values), 1)
        inches = 0.6 + 0.24 * rows  # bars of a fixed height, plus room for the axis label
        figure = Figure(figsize=(7.6, inches))
        ax = figure.add_axes((0.3, 0.45 / inches, 0.62, 0.24 * rows / inches))
        positions = list(range(len(values)))[::-1]
        ax.barh(positions, values, color=colours, edgecolor="#333333", linewidth=0.4)
        ax.set_yticks(positions, labels)
        for y, n in zip(positions, values, strict=True):
            ax.annotate(str(n), (n, y), xytext=(3, 0), textcoords="offset points", va="center")
        ax.set_xlabel("sites")
        ax.set_xlim(0, max(values, default=1) * 1.12)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.grid(axis="x", color="#dddddd", linewidth=0.6)
        ax.set_axisbelow(True)
    return _svg(figure, "heritage-transitions", "Sites by transition from one status to another")
