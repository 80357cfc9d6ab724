"""The published website: front page, method, one page per site, sitemap and not-found page.

:func:`write_site` writes, into the root of a build's staging folder (beside the ``maps``,
``reports`` and ``exports`` the other steps wrote there): ``index.html``, ``about.html``,
``404.html``, ``sitemap.xml`` (when the public address is configured), ``sites/<id>.html``
for every site (withdrawn ones included, marked) and ``assets/`` (stylesheet and the
overview pictures). Links are relative, so the website works from any sub-path and from
the file system. No page needs JavaScript, and every page forbids it.
"""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Final

import pandas as pd

from heritage.catalogue import Catalogue
from heritage.config import Config
from heritage.errors import HeritageError
from heritage.site import about, front, listing, locator, record

__all__ = ["SITE_FILES", "SITE_FOLDERS", "SiteResult", "write_site"]

#: Folders the website owns in the output (replaced as a whole), and its files at the root.
SITE_FOLDERS: Final[tuple[str, ...]] = ("sites", "assets")
SITE_FILES: Final[tuple[str, ...]] = (
    "index.html",
    "all-sites.html",
    "about.html",
    "404.html",
    "sitemap.xml",
)
_SLUG: Final = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_CSS: Final[Path] = Path(__file__).resolve().parent.parent / "assets" / "site" / "site.css"


@dataclass
class SiteResult:
    """What :func:`write_site` wrote: how many site pages, and every file's path."""

    pages: int
    files: list[Path]


def data_date(catalogue: Catalogue) -> str | None:
    """Return the catalogue's data date: the latest effective date of any event, or None."""
    latest = catalogue.events["effective"].max() if len(catalogue.events) else None
    return None if latest is None or pd.isna(latest) else pd.Timestamp(latest).date().isoformat()


def write_site(
    catalogue: Catalogue,
    root: Path,
    config: Config,
    window: tuple[date, date],
    catalogue_name: str | None = None,
) -> SiteResult:
    """Write the website into ``root`` (a build's staging folder).

    Parameters
    ----------
    catalogue
        The loaded, validated catalogue.
    root
        The folder; its ``exports/`` (if any) is listed on the front page with sizes.
    config
        The project's configuration.
    window
        The first and last day of the front page's "last 12 months" (the build's report
        window, :func:`heritage.build.report_windows`).
    catalogue_name
        The catalogue's own ``name``: the title when the configuration gives none.

    Returns
    -------
    SiteResult
        The number of site pages and the files written.

    Raises
    ------
    HeritageError
        When a site id is not a slug (the validator refuses those; a page name must never
        come from arbitrary text).
    """
    from heritage.feed import feed_events

    site_title = config.site_title(catalogue_name)
    when = data_date(catalogue)
    features = catalogue.features
    records = catalogue.records
    points = {sid: records[sid].point() for sid in features}
    frame = locator.Frame.around(p for p in points.values() if p is not None)
    sites = catalogue.sites
    withdrawn = sites["withdrawn"].astype(bool)
    statuses = dict(zip(sites.index, sites["status"], strict=True))
    ordered = catalogue.ordered_status_events
    last = ordered.drop_duplicates("site_id", keep="last")
    deciding = dict(zip(last["site_id"], last["seq"].astype(int), strict=True))
    newest = catalogue.events.groupby("site_id")["effective"].max().dropna()
    lastmod = dict(zip(newest.index, newest.dt.strftime("%Y-%m-%d"), strict=True))

    assets = root / "assets"
    pages = root / "sites"
    for folder in (assets, pages):
        folder.mkdir(exist_ok=True)
    shutil.copyfile(_CSS, assets / "site.css")
    located: list[tuple[tuple[float, float], str]] = []
    for sid in sites.index[~withdrawn]:
        point = points.get(sid)
        if point is not None:
            located.append((point, str(statuses[sid])))
    _write(assets / "overview.svg", locator.overview_svg(located, frame, grey=False))
    _write(assets / "sites.svg", locator.overview_svg(located, frame, grey=True))

    context = record.SiteContext(config, site_title, when, frame)
    urls: list[tuple[str, str | None]] = [
        ("", when),
        ("all-sites.html", when),
        ("about.html", when),
    ]
    for site_id in features:
        if not _SLUG.match(site_id):
            raise HeritageError(f"site id '{site_id[:60]}' is not a slug; run heritage validate")
        html = record.site_page(
            records[site_id], statuses.get(site_id, "unknown"), deciding.get(site_id), context
        )
        _write(pages / f"{site_id}.html", html)
        urls.append((f"sites/{site_id}.html", lastmod.get(site_id)))

    changes = feed_events(catalogue)
    numbers = front.headlines(catalogue, changes, window, len(located))
    downloads = front.downloads_in(root)
    _write(
        root / "index.html",
        front.front_page(numbers, changes, downloads, config, site_title, when, frame.height),
    )
    _write(root / "all-sites.html", listing.list_page(catalogue, config, site_title, when))
    _write(root / "about.html", about.about_page(config, site_title, when))
    _write(root / "404.html", about.not_found_page(config, site_title))
    for name, text in about.sitemaps(urls, config).items():
        _write(root / name, text)
    files = sorted(p.relative_to(root) for p in root.glob("*") if p.is_file())
    files += sorted(p.relative_to(root) for p in assets.iterdir())
    return SiteResult(len(features), files)


def _write(path: Path, text: str) -> None:
    # Plain writes: the whole staging folder is swapped into place atomically by the build,
    # so the per-file fsync of write_atomic would only slow 100,000 pages down.
    data = text.encode("utf-8")
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)
