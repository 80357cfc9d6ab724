"""The page shell of the website and the few helpers every page uses to put text in HTML.

Pages are built by plain string joining, not by a template engine: every value that comes
from the catalogue or the configuration goes through :func:`esc` (text and attribute
values, quotes included) or :func:`href` (only http(s) URLs become links), so there is no
path by which contributor text reaches the page as markup. Plain joining is also what lets
100,000 site pages render in seconds.

Every page carries a strict Content-Security-Policy: no script at all, styles only from the
site's own stylesheet, images from the site itself (and inline SVG).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Final

from heritage.config import Config
from heritage.sources import web_urls

#: No script, no plugin, no form; styles and images from the site itself only.
CSP: Final[str] = (
    "default-src 'none'; style-src 'self'; img-src 'self'; frame-src 'self'; "
    "base-uri 'none'; form-action 'none'"
)
_LANG_TAG: Final = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")


_SPECIAL: Final = re.compile(r"[&<>\"']")


def esc(value: Any) -> str:
    """Return text escaped for HTML text and quoted attribute values (None: empty)."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    # Most catalogue text has nothing to escape: one scan instead of five replacements.
    return html.escape(text, quote=True) if _SPECIAL.search(text) else text


@lru_cache(maxsize=65536)
def _web_href(url: str) -> str | None:
    kept = web_urls([url])
    return esc(kept[0]) if kept else None


def href(url: Any) -> str | None:
    """Return a URL escaped for an ``href`` when it is a web (http/https) URL, else None."""
    return _web_href(url) if isinstance(url, str) else None


def link(url: Any, text: Any, *, rel: str = "noopener noreferrer") -> str:
    """Return an outbound link, or the text alone when the URL is not a web URL."""
    target = href(url)
    if target is None:
        return esc(text)
    return f'<a href="{target}" rel="{rel}">{esc(text)}</a>'


def lang_attr(tag: Any) -> str:
    """Return a ``lang`` attribute for a well-formed language tag, else nothing."""
    if isinstance(tag, str) and _LANG_TAG.match(tag):
        return f' lang="{tag}"'
    return ""


def text(value: Any) -> str | None:
    """Return a catalogue value as text when it is a non-empty string, else None."""
    return value if isinstance(value, str) and value.strip() else None


@dataclass(frozen=True)
class Page:
    """What the shell needs to know about a page.

    Attributes
    ----------
    path
        The page's path inside the website (``sites/amaras.html``).
    title
        The page's own title (the site's title is added after it).
    description
        One sentence for search engines and link previews.
    kind
        Open Graph type: ``website`` or ``article``.
    """

    path: str
    title: str
    description: str
    kind: str = "website"

    @property
    def root(self) -> str:
        """The relative path from the page to the website's root ("" or "../")."""
        return "../" * self.path.count("/")


def head(page: Page, config: Config, site_title: str) -> str:
    """Return everything from the doctype to the start of ``<main>``."""
    root = page.root
    full = page.title if page.title == site_title else f"{page.title} · {site_title}"
    absolute = config.absolute(page.path)
    meta = [
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n',
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n',
        '<meta name="referrer" content="no-referrer">\n',
        f"<title>{esc(full)}</title>\n",
        f'<meta name="description" content="{esc(page.description)}">\n',
        f'<meta property="og:type" content="{page.kind}">\n',
        f'<meta property="og:title" content="{esc(page.title)}">\n',
        f'<meta property="og:description" content="{esc(page.description)}">\n',
        f'<meta property="og:site_name" content="{esc(site_title)}">\n',
        '<meta property="og:locale" content="en">\n',
        '<meta name="twitter:card" content="summary">\n',
        f'<meta name="twitter:title" content="{esc(page.title)}">\n',
        f'<meta name="twitter:description" content="{esc(page.description)}">\n',
    ]
    if absolute is not None:
        meta.append(f'<meta property="og:url" content="{esc(absolute)}">\n')
        meta.append(f'<link rel="canonical" href="{esc(absolute)}">\n')
    meta += [
        f'<link rel="stylesheet" href="{root}assets/site.css">\n',
        f'<link rel="alternate" type="application/atom+xml" href="{root}reports/feed.xml" '
        f'title="{esc(site_title)}: new status reports">\n',
        "</head>\n<body>\n",
        '<a class="skip" href="#main">Skip to the content</a>\n',
        '<header class="top">\n',
        f'<a class="brand" href="{root}index.html">{esc(site_title)}</a>\n',
        '<nav aria-label="Website">\n<ul>\n',
        f'<li><a href="{root}maps/index.html">Map</a></li>\n',
        f'<li><a href="{root}all-sites.html">All sites</a></li>\n',
        f'<li><a href="{root}reports/last-12-months.html">Reports</a></li>\n',
        f'<li><a href="{root}index.html#downloads">Data</a></li>\n',
        f'<li><a href="{root}about.html">Method</a></li>\n',
        "</ul>\n</nav>\n</header>\n",
        '<main id="main">\n',
    ]
    return "".join(meta)


def foot(page: Page, config: Config, data_date: str | None) -> str:
    """Return the end of ``<main>``, the footer with the licences, and the document's end."""
    root = page.root
    when = f" Data as of {esc(data_date)}." if data_date else ""
    licence = link(config.data_licence_url, config.data_licence, rel="license noopener")
    return (
        "</main>\n<footer>\n"
        f"<p>The catalogue is by {esc(config.attribution)} and published under {licence}: "
        "reuse it with credit.{when} The software is under the "
        f'<a href="{root}about.html#licences">{esc(config.code_licence)} licence</a>.</p>\n'
        f'<p><a href="{root}about.html#cite">How to cite</a> · '
        f'<a href="{root}about.html#correct">Correct the record</a> · '
        f'<a href="{root}reports/feed.xml">Feed of new reports</a></p>\n'
        "</footer>\n</body>\n</html>\n"
    ).replace("{when}", when)


def items(values: Iterable[str], tag: str = "ul", cls: str | None = None) -> str:
    """Return a list element of already-escaped items (nothing when there are none)."""
    inner = "".join(f"<li>{v}</li>" for v in values)
    if not inner:
        return ""
    attr = f' class="{cls}"' if cls else ""
    return f"<{tag}{attr}>{inner}</{tag}>\n"
