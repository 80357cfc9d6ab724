"""The map page: our own HTML around Leaflet, the data block and our script, under a strict CSP.

The page is written here as plain strings, without a template engine: every value that
goes into HTML is escaped (:func:`html.escape`), and the catalogue is serialised as JSON
blocks escaped for ``<script>`` (:func:`script_json`), so no catalogue text is ever read
as markup or as template code. The page's own script (``heritage/assets/map``) makes the
Leaflet map, its zoom and scale controls and its opening view; Leaflet is the only
third-party file, pinned with Subresource Integrity (:mod:`heritage.maps.assets`).

Why not folium: ``docs/architecture.md`` ("folium: a conscious decision").
"""

from __future__ import annotations

import base64
import hashlib
import html
from dataclasses import dataclass
from typing import Any, Final

import orjson

from heritage import vocabulary as v
from heritage.maps import assets, i18n
from heritage.maps.data import MapData
from heritage.maps.settings import Basemap, MapSettings

#: Where the map opens when no site has coordinates (the South Caucasus).
DEFAULT_CENTRE: Final[tuple[float, float]] = (40.0, 46.0)
#: The id of the element the page's script draws the map in (app.js reads it from the config).
MAP_ELEMENT: Final[str] = "hm-map"
#: The zoom the map opens at before the script fits the view to the sites.
DEFAULT_ZOOM: Final[int] = 7
#: What must be escaped in JSON inside <script>: "</script>" and "<!--" need "<", the rest
#: keeps old parsers and JavaScript string rules (U+2028, U+2029) out of the picture.
_SCRIPT_ESCAPES: Final[tuple[tuple[bytes, bytes], ...]] = (
    (b"<", b"\\u003c"),
    (b">", b"\\u003e"),
    (b"&", b"\\u0026"),
    ("\u2028".encode(), b"\\u2028"),
    ("\u2029".encode(), b"\\u2029"),
)


def script_json(value: Any) -> bytes:
    r"""Serialise a value as JSON that is safe inside a ``<script>`` element.

    Parameters
    ----------
    value
        Anything orjson serialises.

    Returns
    -------
    bytes
        UTF-8 JSON where ``<``, ``>``, ``&``, U+2028 and U+2029 appear only as ``\u`` escapes
        (all of them can occur only inside JSON strings, where the escape means the same).
    """
    out = orjson.dumps(value)
    for raw, escaped in _SCRIPT_ESCAPES:
        out = out.replace(raw, escaped)
    return out


def _hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def content_security_policy(scripts: list[str], style: str, tiles: list[str]) -> str:
    """Return the policy: only our inline scripts and style (by hash), Leaflet, the tiles.

    Parameters
    ----------
    scripts, style
        Every inline script and the stylesheet of the page (the JSON blocks are data, not
        scripts, and need no hash).
    tiles
        The CSP sources of the tile servers.
    """
    return "; ".join(
        [
            "default-src 'none'",
            "script-src " + " ".join([*(_hash(s) for s in scripts), assets.LEAFLET_JS.url]),
            "style-src " + " ".join([_hash(style), assets.LEAFLET_CSS.url]),
            "img-src " + " ".join([*sorted(set(tiles)), assets.LEAFLET_IMAGES, "data:"]),
            "base-uri 'none'",
            "form-action 'none'",
        ]
    )


def opening_view(bounds: list[list[float]] | None) -> dict[str, Any]:
    """Return where the map opens: the centre of what is drawn, or the default region.

    The script then fits the view to ``bounds`` (without animation) when there are any.
    """
    if bounds:
        centre = [(bounds[0][0] + bounds[1][0]) / 2, (bounds[0][1] + bounds[1][1]) / 2]
    else:
        centre = list(DEFAULT_CENTRE)
    return {"center": centre, "zoom": DEFAULT_ZOOM}


def config(data: MapData, page: PageOptions, embed: bool) -> dict[str, Any]:
    """Return the settings the page's script reads, next to the data (all ours, or JSON-escaped)."""
    vocab = data.block["vocab"]
    terms = [v.status_term(code) for code in vocab["status"]]
    settings = page.settings
    # The full map, for the embed's links: next to it, or at the published address.
    full = settings.page_name("index", page.lang)
    if settings.public_url:
        full = settings.public_url + "maps/" + full
    return {
        "element": MAP_ELEMENT,
        "view": opening_view(data.bounds),
        "lang": page.lang,
        "embed": embed,
        "as_of": page.as_of,
        "cell": page.cell,
        "title": page.title,
        "licence": settings.licence,
        "licence_url": settings.licence_url,
        "attribution": settings.attribution,
        "full_map": full,
        "basemaps": [b.as_json() for b in page.basemaps],
        "languages": [
            {
                "code": code,
                "name": i18n.native_name(code),
                "href": settings.page_name("embed" if embed else "index", code),
            }
            for code in page.languages
        ],
        # The page fits the view to these, without animation.
        "bounds": data.bounds,
        "setting": sorted(vocab["type"].index(t) for t in v.STATUS_SETTING_TYPES),
        "colours": [t.colour for t in terms],
        "shapes": [t.shape for t in terms],
        # Drawing order where markers overlap: the gravest status last, so on top.
        "severity": [
            v.STATUS_SEVERITY.index(c) if c in v.STATUS_SEVERITY else -1 for c in vocab["status"]
        ],
    }


@dataclass(frozen=True)
class PageOptions:
    """How one page is made: its language, opening date and the map's settings.

    Attributes
    ----------
    lang
        Interface language of this page.
    languages
        Every language written in this build (the pages link to each other).
    as_of
        Initial "as of" day number, or None for the latest reports.
    cell
        Grid cell size used for sensitive sites (said in their details).
    title
        The heading: the configured title, the catalogue's own name, or None (a default).
    settings
        Licence, public address, basemaps (:class:`heritage.maps.settings.MapSettings`).
    basemaps
        The basemaps resolved through ``xyzservices``.
    """

    lang: str
    languages: tuple[str, ...]
    as_of: int | None
    cell: float
    title: str | None
    settings: MapSettings
    basemaps: tuple[Basemap, ...]


#: Shown when Leaflet did not load (a blocked CDN, an old browser, no script at all).
_NO_LEAFLET_CHECK: Final[str] = (
    'if (!window.L) document.documentElement.classList.add("hm-no-leaflet");'
)


def _attr(value: str) -> str:
    """Escape a value for a double-quoted HTML attribute (``'`` stays, as the CSP needs it)."""
    return html.escape(value, quote=False).replace('"', "&quot;")


def _head(page: PageOptions, labels: dict[str, Any], csp: str, style: str, embed: bool) -> str:
    settings, name = page.settings, "embed" if embed else "index"
    alternates = []
    if len(page.languages) > 1:
        # Each language's page names all of them (itself included) and the default.
        alternates = [
            f'<link rel="alternate" hreflang="{_attr(code)}" '
            f'href="{_attr(settings.page_name(name, code))}">'
            for code in page.languages
        ]
        default = settings.page_name(name, settings.default_language)
        alternates.append(f'<link rel="alternate" hreflang="x-default" href="{_attr(default)}">')
    return "\n".join(
        [
            # The encoding first (within the first 1024 bytes), and a viewport that lets
            # phones zoom the page.
            '<meta charset="utf-8">',
            f'<meta http-equiv="Content-Security-Policy" content="{_attr(csp)}">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{html.escape(page.title or labels['ui']['title'])}</title>",
            *alternates,
            f'<link rel="stylesheet" href="{assets.LEAFLET_CSS.url}" '
            f'integrity="{assets.LEAFLET_CSS.integrity}" crossorigin="anonymous">',
            f'<script src="{assets.LEAFLET_JS.url}" '
            f'integrity="{assets.LEAFLET_JS.integrity}" crossorigin="anonymous"></script>',
            f"<script>{_NO_LEAFLET_CHECK}</script>",
            f"<style>{style}</style>",
        ]
    )


def _fallback(labels: dict[str, Any]) -> str:
    """Return the messages shown without Leaflet or without script, by CSS alone."""
    ui = labels["ui"]
    text = html.escape(ui["no_leaflet"])
    return (
        f'<div class="hm-fallback" role="alert"><p>{text}</p></div>\n'
        f'<noscript><div class="hm-fallback hm-noscript"><p>{html.escape(ui["no_script"])}'
        "</p></div></noscript>"
    )


def render(data: MapData, data_json: tuple[bytes, bytes], page: PageOptions, embed: bool) -> bytes:
    """Render one page (``index.html`` or, with ``embed``, ``embed.html``).

    Parameters
    ----------
    data
        The columnar catalogue (:func:`heritage.maps.data.build_data`).
    data_json
        ``script_json()`` of the two halves of :func:`heritage.maps.data.split_block`
        (main, details), made once for all pages.
    page
        Language, date, title and settings of the page.
    embed
        The iframe variant: no page chrome, scroll wheel left alone until engaged.

    Returns
    -------
    bytes
        The whole HTML page, UTF-8.
    """
    labels = i18n.labels(page.lang)
    scripts, style = assets.scripts(), assets.style()
    csp = content_security_policy(
        [_NO_LEAFLET_CHECK, *scripts], style, [b.host for b in page.basemaps]
    )
    settings = {"config": config(data, page, embed), "labels": labels}
    lang = _attr(page.lang)
    # The page's script makes the Leaflet map in this element (app.js, HM.start); the
    # messages shown when Leaflet is missing are in the main landmark with it.
    top = "\n".join(
        [
            "<!DOCTYPE html>",
            f'<html lang="{lang}" dir="{_attr(i18n.direction(page.lang))}">',
            "<head>",
            _head(page, labels, csp, style, embed),
            "</head>",
            f'<body class="{"hm-embed" if embed else "hm-page"}">',
            f'<main class="hm-main" aria-label="{_attr(labels["ui"]["map"])}">'
            f'<div class="hm-map" id="{MAP_ELEMENT}"></div>',
            f"{_fallback(labels)}</main>",
            "",
        ]
    )
    ours = "".join(f"<script>{s}</script>\n" for s in scripts)
    # Every script inside the body; the data after the markup so that the map's element
    # exists when the script runs.
    return b"".join(
        [
            top.encode("utf-8"),
            b'<script type="application/json" id="heritage-config">',
            script_json(settings),
            b"</script>\n",
            b'<script type="application/json" id="heritage-data">',
            data_json[0],
            b"</script>\n",
            ours.encode("utf-8"),
            # After our script: the browser draws the sites before it reads this block.
            b'<script type="application/json" id="heritage-details">',
            data_json[1],
            b"</script>\n</body>\n</html>\n",
        ]
    )
