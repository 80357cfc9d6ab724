"""The front page (``index.html``): what this is, the numbers, the map, the news, the data."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Final
from urllib.parse import quote

import pandas as pd

from heritage import dates
from heritage import vocabulary as v
from heritage.catalogue import Catalogue
from heritage.config import Config
from heritage.site.html import Page, esc, foot, head, link
from heritage.site.record import status_badge

#: How grave a status is, to tell changes for the worse from changes for the better. A
#: first observation counts from "nothing known" (0), so a first report of damage is a
#: change for the worse and a first report of an intact site is neither.
GRAVITY: Final[dict[str, int]] = {
    "unknown": 0,
    "intact": 0,
    "restored": 0,
    "threatened": 1,
    "altered": 2,
    "damaged": 2,
    "destroyed": 3,
}
NEWEST: Final[int] = 15


@dataclass(frozen=True)
class Download:
    """A file offered for download: its path in the website, size in bytes and what it is."""

    path: str
    size: int
    what: str


@dataclass
class Headlines:
    """The front page's numbers.

    Attributes
    ----------
    sites, located
        Sites in the catalogue (withdrawn ones left out) and how many have a public position.
    by_status
        Sites by current status, vocabulary order.
    since, until
        The window of the changes (the last 12 months).
    worse, better
        Changes for the worse and for the better in the window, by the status they went to.
    """

    sites: int
    located: int
    by_status: dict[str, int]
    since: date
    until: date
    worse: dict[str, int] = field(default_factory=dict)
    better: dict[str, int] = field(default_factory=dict)


def headlines(
    catalogue: Catalogue, changes: pd.DataFrame, window: tuple[date, date], located: int
) -> Headlines:
    """Count sites by status, and the window's changes for the worse and for the better.

    Parameters
    ----------
    catalogue
        The catalogue.
    changes
        Status changes of the sites that are not withdrawn (:func:`heritage.feed.feed_events`).
    window
        The first and last day (both included) of the changes counted: the build's last 12
        months, the same window as its report.
    located
        How many of the sites have a public position.
    """
    since, until = window
    active = catalogue.sites.loc[~catalogue.sites["withdrawn"].astype(bool)]
    counts = active["status"].value_counts()
    effective = changes["effective"]
    window_rows = changes.loc[
        (effective >= pd.Timestamp(since)) & (effective <= pd.Timestamp(until))
    ]
    worse: dict[str, int] = {}
    better: dict[str, int] = {}
    for before, after in zip(window_rows["from_status"], window_rows["status"], strict=True):
        delta = GRAVITY.get(after, 0) - GRAVITY.get(before, 0)
        if delta:
            bucket = worse if delta > 0 else better
            bucket[after] = bucket.get(after, 0) + 1
    order = list(v.ALL_STATUSES)
    return Headlines(
        sites=len(active),
        located=located,
        by_status={s: int(counts.get(s, 0)) for s in v.ALL_STATUSES},
        since=since,
        until=until,
        worse=dict(sorted(worse.items(), key=lambda kv: order.index(kv[0]))),
        better=dict(sorted(better.items(), key=lambda kv: order.index(kv[0]))),
    )


def size_text(size: int) -> str:
    """Return a file size for people (``12 kB``, ``3.4 MB``)."""
    if size < 1000:
        return f"{size} bytes"
    if size < 1_000_000:
        return f"{size / 1000:.0f} kB"
    return f"{size / 1_000_000:.1f} MB"


def _changes_box(title: str, counts: dict[str, int], cls: str, none: str) -> str:
    total = sum(counts.values())
    rows = "".join(f"<li>{status_badge(s)}: {n}</li>" for s, n in counts.items())
    body = f'<ul class="plain">{rows}</ul>' if rows else f"<p>{none}</p>"
    return f'<div class="box {cls}"><h3>{title}: {total}</h3>{body}</div>'


def _newest(changes: pd.DataFrame) -> str:
    rows = []
    row: Any
    for row in changes.head(NEWEST).itertuples():
        site_id = str(row.site_id)
        name = row.name if isinstance(row.name, str) and row.name else site_id
        who = f", reported by {esc(row.reported_by)}" if isinstance(row.reported_by, str) else ""
        before = v.status_term(str(row.from_status)).label.lower()
        when = dates.describe(row.date if isinstance(row.date, str) else None)
        rows.append(
            f'<li><span class="when">{esc(when)}</span> '
            f'<a href="sites/{quote(site_id)}.html">{esc(name)}</a>: '
            f"{status_badge(str(row.status))} (before: {esc(before)}){who}</li>"
        )
    if not rows:
        return "<p>No status reports yet.</p>"
    return f'<ol class="newest">{"".join(rows)}</ol>'


def front_page(
    h: Headlines,
    changes: pd.DataFrame,
    downloads: list[Download],
    config: Config,
    site_title: str,
    data_date: str | None,
    map_height: int,
) -> str:
    """Return the HTML of the front page."""
    page = Page("index.html", site_title, config.description)
    status_rows = "".join(
        f'<tr><th scope="row">{status_badge(s)}</th><td>{n}</td></tr>'
        for s, n in h.by_status.items()
    )
    legend = "".join(f"<li>{status_badge(s)}</li>" for s in v.ALL_STATUSES)
    files = "".join(
        f'<li><a href="{esc(d.path)}">{esc(d.path.rsplit("/", 1)[-1])}</a> '
        f"({size_text(d.size)}): {esc(d.what)}</li>"
        for d in downloads
    )
    licence = link(config.data_licence_url, config.data_licence, rel="license noopener")
    window = f"{h.since.isoformat()} to {h.until.isoformat()}"
    out = [
        head(page, config, site_title),
        f'<h1>{esc(site_title)}</h1>\n<p class="lead">{esc(config.description)}</p>\n',
        "<p>Every status shown here is the latest dated report of a site's condition, with its "
        'source. <a href="about.html">Read how the record is kept</a>.'
        + (f" Data as of {esc(data_date)}." if data_date else "")
        + "</p>\n",
        '<section aria-labelledby="numbers">\n<h2 id="numbers">The record in numbers</h2>\n',
        f"<p><strong>{h.sites}</strong> sites, {h.located} of them on the map: "
        '<a href="all-sites.html">the list of all sites</a>.</p>\n',
        '<div class="columns"><table class="counts"><caption>Sites by current status</caption>'
        f'<thead><tr><th scope="col">Status</th><th scope="col">Sites</th></tr></thead>'
        f"<tbody>{status_rows}</tbody></table>\n",
        f'<div class="changes"><p>Status changes reported for the last 12 months ({window}):</p>',
        _changes_box("For the worse", h.worse, "worse", "None reported."),
        _changes_box("For the better", h.better, "better", "None reported."),
        "</div></div>\n</section>\n",
        '<section aria-labelledby="map">\n<h2 id="map">Map</h2>\n',
        '<p><a class="preview" href="maps/index.html">'
        f'<img src="assets/overview.svg" width="320" height="{map_height}" '
        f'alt="Overview of the {h.located} located sites, coloured by status. '
        'Open the interactive map."></a></p>\n',
        f'<ul class="legend plain">{legend}</ul>\n',
        '<p><a href="maps/index.html">Open the interactive map</a>: every site, its status '
        "at any date, search and filters. To show it on your own page, see "
        '<a href="maps/embed-snippet.html">the embed snippet</a>.</p>\n</section>\n',
        '<section aria-labelledby="news">\n<h2 id="news">Newest status reports</h2>\n',
        _newest(changes),
        '<p><a href="reports/feed.xml">Subscribe to the feed</a> (Atom) to hear of new '
        'reports. Reports: <a href="reports/last-12-months.html">the last 12 months</a>, '
        '<a href="reports/all-time.html">all time</a>.</p>\n</section>\n',
        '<section aria-labelledby="downloads">\n<h2 id="downloads">Downloads</h2>\n',
        f"<p>The whole catalogue, under {licence}: reuse it freely, with credit to "
        f"{esc(config.attribution)}. Sensitive sites are generalised to a 0.1° cell in "
        "every file.</p>\n",
        f'<ul class="files">{files}</ul>\n' if files else "<p>No files were built.</p>\n",
        "</section>\n",
        foot(page, config, data_date),
    ]
    return "".join(out)


FORMATS: Final[dict[str, str]] = {
    ".gpkg": "GeoPackage, for QGIS and other GIS",
    ".parquet": "GeoParquet, for pandas, geopandas, DuckDB",
    ".csv": "CSV, for spreadsheets (UTF-8)",
    ".kml": "KML, for Google Earth",
    ".geojson": "GeoJSON",
    ".json": "JSON",
}


def describe_file(name: str) -> str:
    """Return what a download is, from its name."""
    for suffix, what in FORMATS.items():
        if name.endswith(suffix):
            table = "events (one row per report)" if name.startswith("events") else "sites"
            return f"{what}; {table}" if suffix in (".csv", ".parquet") else what
    return "data file"


def downloads_in(root: Any, folder: str = "exports") -> list[Download]:
    """Return the files of a built folder as downloads, sorted by name."""
    base = root / folder
    if not base.is_dir():
        return []
    return [
        Download(f"{folder}/{p.name}", p.stat().st_size, describe_file(p.name))
        for p in sorted(base.iterdir())
        if p.is_file() and not p.name.startswith(".")
    ]
