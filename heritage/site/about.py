"""The method page (``about.html``), the not-found page and the sitemap."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final
from xml.sax.saxutils import escape as xml_escape

from heritage import vocabulary as v
from heritage.config import Config
from heritage.site.html import Page, esc, foot, head, link
from heritage.site.record import status_badge

#: The sitemap protocol allows at most this many URLs in one file.
SITEMAP_LIMIT: Final[int] = 50_000


def _terms(terms: Iterable[v.Term], badge: bool = False) -> str:
    rows = "".join(
        f"<dt>{status_badge(t.code) if badge else esc(t.label)}</dt><dd>{esc(t.definition)}</dd>"
        for t in terms
    )
    return f'<dl class="terms">{rows}</dl>\n'


def about_page(config: Config, site_title: str, data_date: str | None) -> str:
    """Return the HTML of the method page."""
    page = Page(
        "about.html",
        "How the record is kept",
        "How a site's status is computed from dated, sourced reports; claims, confidence, "
        "sources, sensitive locations, corrections, licences and how to cite.",
    )
    repo = config.repository
    contribute = (
        f'<a href="https://github.com/{esc(repo)}">the project\'s repository on GitHub</a>'
        if repo
        else "the project's repository"
    )
    report = (
        f' or fill in <a href="https://github.com/{esc(repo)}/issues/new?template='
        f'{esc(config.report_template)}">the change report form</a>'
        if repo
        else ""
    )
    data_licence = link(config.data_licence_url, config.data_licence, rel="license noopener")
    return "".join(
        [
            head(page, config, site_title),
            "<h1>How the record is kept</h1>\n",
            f'<p class="lead">{esc(site_title)} is a catalogue of heritage sites with a '
            "dated history of what was reported about each of them, and by whom. It records "
            "reports; it does not make findings of its own.</p>\n",
            '<section aria-labelledby="method"><h2 id="method">How a status is computed</h2>\n',
            "<p>Each site has a history: a list of events, each with a date, a summary in "
            "neutral words (who reported what, and when), who reported it, a confidence and "
            "its sources. An <strong>observation</strong> is an event that reports the "
            "site's condition (or its restoration) with a status. The site's status on any "
            "day is the status of its latest dated observation on or before that day. A "
            "date may be a year, a month, a day, a span between two dates (for example "
            'between two satellite images) or "by" a date; it counts from the last day '
            "it allows, so a report dated 2021 counts from 31 December 2021. When two "
            "observations fall on the same day, the one listed later wins. A site with no "
            "dated observation is <em>unknown</em>. Undated reports are kept and shown, but "
            "do not set a status.</p>\n",
            _terms((*v.STATUS_TERMS, v.UNKNOWN_STATUS), badge=True),
            "</section>\n",
            '<section aria-labelledby="claims"><h2 id="claims">Claims</h2>\n',
            "<p>A <strong>claim</strong> is a statement by a party (a government, an official "
            "body) that has not been independently verified. Claims are part of the record "
            "and are shown on each site's page, marked as claims, side by side with other "
            "accounts. They <strong>never set a status</strong>: a status rests only on "
            "observations, so that no party can change the record by asserting it.</p>\n",
            _terms(v.EVENT_TYPE_TERMS),
            "</section>\n",
            '<section aria-labelledby="confidence"><h2 id="confidence">Confidence</h2>\n',
            "<p>Each report carries the confidence the contributor gave it, from the kind of "
            "source and how directly it saw the site:</p>\n",
            _terms(v.CONFIDENCE_TERMS),
            "</section>\n",
            '<section aria-labelledby="sources"><h2 id="sources">Sources and archived copies'
            "</h2>\n<p>Every report cites its sources; a report of damage, destruction or "
            "alteration must cite at least one. Pages about conflicts disappear, so sources "
            "carry an archived copy (for example on the Wayback Machine) wherever one "
            "exists; each site's page links to both.</p>\n</section>\n",
            '<section aria-labelledby="sensitive"><h2 id="sensitive">Sensitive locations</h2>'
            "\n<p>Where publishing a site's exact position could put it or people at risk, "
            "the site is marked sensitive. It is then shown everywhere (the map, the pages, "
            "every download) only as the 0.1° grid cell it falls in, about 10 km across, "
            "and the source and note of its position are left out. Other positions say what "
            "they stand for: the monument itself, its village, or a city centre shared by "
            "many sites.</p>\n</section>\n",
            '<section aria-labelledby="correct"><h2 id="correct">Correct the record, '
            "contribute</h2>\n<p>The catalogue is one open file, edited in public through "
            f"{contribute}. To report a change of condition, a correction or a missing "
            "source, open a pull request that edits the catalogue"
            f"{report}. Each site's page has a link that fills in the site for you. Every "
            "change needs a source; changes are checked automatically and reviewed before "
            "they are published. Sites are never deleted: a site that should not be in the "
            "catalogue is withdrawn with a reason, and its page stays.</p>\n</section>\n",
            '<section aria-labelledby="licences"><h2 id="licences">Licences</h2>\n',
            f"<p>The catalogue (the data, on every page and in every download) is published "
            f"under {data_licence}: you may share and adapt it for any purpose, with credit "
            f"to \u201c{esc(config.attribution)}\u201d and a link to the licence. The software "
            f"that builds this website is under the {esc(config.code_licence)} licence. Each "
            "source cited keeps its own copyright.</p>\n</section>\n",
            '<section aria-labelledby="cite"><h2 id="cite">How to cite</h2>\n',
            "<p>Cite a site by its page: each one has a \u201ccite this record\u201d block with "
            "a plain reference and a BibTeX entry, with the date of the data. To cite the "
            "whole catalogue:</p>\n",
            f'<p class="cite">{esc(config.attribution)}. {esc(site_title)}.'
            f"{' Data as of ' + esc(data_date) + '.' if data_date else ''} "
            f"{esc(config.absolute('') or 'index.html')}. Licence: "
            f"{esc(config.data_licence)}.</p>\n</section>\n",
            foot(page, config, data_date),
        ]
    )


def not_found_page(config: Config, site_title: str) -> str:
    """Return the HTML of the not-found page.

    A host shows it for any missing address, at any depth, so its links are absolute when
    the public address is configured; otherwise they are relative to the website's root.
    """
    page = Page("404.html", "Page not found", "This address is not a page of the website.")
    text = (
        head(page, config, site_title)
        + (
            "<h1>Page not found</h1>\n<p>There is no page at this address. Sites are never "
            "removed from the catalogue, so an old link to a site should still work: check the "
            'address, or start from <a href="index.html">the front page</a>, '
            '<a href="maps/index.html">the map</a> or '
            '<a href="about.html">how the record is kept</a>.</p>\n'
        )
        + foot(page, config, None)
    )
    if config.base_url:
        base = esc(config.base_url)
        for target in ('href="index.html', 'href="maps/', 'href="about.html', 'href="reports/',
                       'href="assets/'):  # fmt: skip
            text = text.replace(target, f'href="{base}{target[6:]}')
    return text


def sitemaps(urls: list[tuple[str, str | None]], config: Config) -> dict[str, str]:
    """Return the sitemap files by name, or nothing when no public address is configured.

    The sitemap protocol requires absolute URLs, so without ``base_url`` there is no
    sitemap. Above :data:`SITEMAP_LIMIT` URLs, ``sitemap.xml`` is an index of numbered
    sitemaps.

    Parameters
    ----------
    urls
        ``(path in the website, last modification date or None)`` of each page.
    config
        The configuration.
    """
    if not config.base_url:
        return {}
    base = config.base_url
    chunks = [urls[i : i + SITEMAP_LIMIT] for i in range(0, len(urls), SITEMAP_LIMIT)] or [[]]

    def urlset(chunk: list[tuple[str, str | None]]) -> str:
        entries = "".join(
            f"<url><loc>{xml_escape(base + path)}</loc>"
            + (f"<lastmod>{day}</lastmod>" if day else "")
            + "</url>\n"
            for path, day in chunk
        )
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            f"{entries}</urlset>\n"
        )

    if len(chunks) == 1:
        return {"sitemap.xml": urlset(chunks[0])}
    files = {f"sitemap-{n}.xml": urlset(chunk) for n, chunk in enumerate(chunks, 1)}
    index = "".join(f"<sitemap><loc>{xml_escape(base + name)}</loc></sitemap>\n" for name in files)
    files["sitemap.xml"] = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"{index}</sitemapindex>\n"
    )
    return files
