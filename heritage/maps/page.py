"""The map page: folium's base map, then our data block and script, under a strict CSP.

folium makes the base map (Leaflet map object, tiles, scale and zoom controls) from our own
fixed options only. No catalogue text is ever given to folium, branca or Jinja: branca
renders generated scripts through Jinja a second time, so ``{{ }}`` in a site name would
run as Python on the machine that builds the map. The catalogue is serialised by us as one
JSON block, escaped for ``<script>``, and put into the page after folium has rendered.

folium also adds jQuery, Bootstrap and Font Awesome from four CDNs without integrity
hashes; we clear those lists and load only Leaflet, pinned, with Subresource Integrity.
Its element ids are random by default; we number them in tree order so that the same
catalogue gives the same bytes.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from dataclasses import dataclass
from typing import Any, Final

import folium
import orjson

from heritage import vocabulary as v
from heritage.maps import assets, i18n
from heritage.maps.data import MapData
from heritage.maps.settings import Basemap, MapSettings

#: Where the map opens when no site has coordinates (the South Caucasus).
DEFAULT_CENTRE: Final[tuple[float, float]] = (40.0, 46.0)
_INLINE_SCRIPT: Final = re.compile(r"<script>(.*?)</script>", re.S)
_INLINE_STYLE: Final = re.compile(r"<style>(.*?)</style>", re.S)
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


def _walk(element: Any) -> list[Any]:
    """Every element of a folium/branca tree, in a fixed order (children as added)."""
    found = [element]
    for part in ("header", "html", "script"):
        if hasattr(element, part):
            found += _walk(getattr(element, part))
    for child in element._children.values():
        found += _walk(child)
    return found


def base_map(bounds: list[list[float]] | None, embed: bool) -> folium.Map:
    """Return the folium map: zoom and scale controls, the initial view (no tiles).

    The tile layers are made by the page's script from the basemaps offered (see
    :mod:`heritage.maps.settings`), so that the visitor can switch between them.

    Parameters
    ----------
    bounds
        ``[[south, west], [north, east]]`` of what is drawn (public geometries only).
    embed
        Leave the scroll wheel alone until the visitor engages with the map.
    """
    if bounds:
        centre = [(bounds[0][0] + bounds[1][0]) / 2, (bounds[0][1] + bounds[1][1]) / 2]
    else:
        centre = list(DEFAULT_CENTRE)
    m = folium.Map(
        location=centre,
        zoom_start=7,
        tiles=None,
        prefer_canvas=True,
        control_scale=True,
        scroll_wheel_zoom=not embed,
    )
    # Only Leaflet, and we link it ourselves with its integrity hash (see render()).
    m.default_js = []
    m.default_css = []
    for number, element in enumerate(_walk(m.get_root())):
        element._id = str(number)
    return m


def _hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def content_security_policy(page: str, scripts: list[str], style: str, tiles: list[str]) -> str:
    """Return the policy: only these inline scripts and styles (by hash), Leaflet, the tiles.

    Parameters
    ----------
    page
        The page as rendered so far (its inline scripts and styles are allowed by hash).
    scripts, style
        Our own inline scripts and stylesheet.
    tiles
        The CSP sources of the tile servers.
    """
    script_src = [_hash(s) for s in _INLINE_SCRIPT.findall(page)] + [_hash(s) for s in scripts]
    style_src = [_hash(s) for s in _INLINE_STYLE.findall(page)] + [_hash(style)]
    return "; ".join(
        [
            "default-src 'none'",
            "script-src " + " ".join([*script_src, assets.LEAFLET_JS.url]),
            "style-src " + " ".join([*style_src, assets.LEAFLET_CSS.url]),
            "img-src " + " ".join([*sorted(set(tiles)), assets.LEAFLET_IMAGES, "data:"]),
            "base-uri 'none'",
            "form-action 'none'",
        ]
    )


def config(
    data: MapData,
    m: folium.Map,
    page: PageOptions,
    embed: bool,
) -> dict[str, Any]:
    """Return the settings the page's script reads, next to the data (all ours, or JSON-escaped)."""
    vocab = data.block["vocab"]
    terms = [v.status_term(code) for code in vocab["status"]]
    settings = page.settings
    # The full map, for the embed's links: next to it, or at the published address.
    full = settings.page_name("index", page.lang)
    if settings.public_url:
        full = settings.public_url + "maps/" + full
    return {
        "map": m.get_name(),
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
        # The page fits the view to these itself, without the animation folium's would run.
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


def _head(page: PageOptions, labels: dict[str, Any], csp: str, embed: bool) -> str:
    settings, name = page.settings, "embed" if embed else "index"
    alternates = []
    if len(page.languages) > 1:
        # Each language's page names all of them (itself included) and the default.
        alternates = [
            f'<link rel="alternate" hreflang="{code}" href="{settings.page_name(name, code)}">'
            for code in page.languages
        ]
        default = settings.page_name(name, settings.default_language)
        alternates.append(f'<link rel="alternate" hreflang="x-default" href="{default}">')
    return "\n".join(
        [
            '<meta charset="utf-8">',
            f'<meta http-equiv="Content-Security-Policy" content="{csp}">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{html.escape(page.title or labels['ui']['title'])}</title>",
            *alternates,
            f'<link rel="stylesheet" href="{assets.LEAFLET_CSS.url}" '
            f'integrity="{assets.LEAFLET_CSS.integrity}" crossorigin="anonymous">',
            f'<script src="{assets.LEAFLET_JS.url}" '
            f'integrity="{assets.LEAFLET_JS.integrity}" crossorigin="anonymous"></script>',
            f"<script>{_NO_LEAFLET_CHECK}</script>",
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
    m = base_map(data.bounds, embed)
    rendered = m.get_root().render()
    # folium's charset comes late and its viewport forbids zooming the page on phones: ours
    # come first (the charset within the first 1024 bytes) and leave zoom alone.
    rendered = re.sub(r"\s*<meta http-equiv=\"content-type\"[^>]*>", "", rendered, count=1)
    rendered = re.sub(r"\s*<meta name=\"viewport\"[^>]*>", "", rendered, count=1, flags=re.S)
    scripts, style = assets.scripts(), assets.style()
    tiles = [b.host for b in page.basemaps]
    csp = content_security_policy(rendered, [*scripts, _NO_LEAFLET_CHECK], style, tiles)
    rendered = rendered.replace(
        "<html>", f'<html lang="{page.lang}" dir="{i18n.direction(page.lang)}">', 1
    )
    rendered = rendered.replace("<head>", "<head>\n" + _head(page, labels, csp, embed), 1)
    rendered = rendered.replace("</head>", f"<style>{style}</style>\n</head>", 1)
    rendered = rendered.replace("<body>", f'<body class="{"hm-embed" if embed else "hm-page"}">', 1)
    # The map in the page's main landmark, with the messages shown when Leaflet is missing.
    rendered = re.sub(
        r'(<div class="folium-map" id="[^"]+" ></div>)',
        lambda match: (
            f'<main class="hm-main" aria-label="{html.escape(labels["ui"]["map"])}">'
            f"{match.group(1)}\n{_fallback(labels)}</main>"
        ),
        rendered,
        count=1,
    )
    # folium puts its script after </body>; every script goes inside the body instead.
    body, _, tail = rendered.rpartition("</body>")
    folium_script = tail.rsplit("</html>", 1)[0].strip()
    settings = {"config": config(data, m, page, embed), "labels": labels}
    ours = "".join(f"<script>{s}</script>\n" for s in scripts)
    return b"".join(
        [
            body.encode("utf-8"),
            folium_script.encode("utf-8"),
            b'\n<script type="application/json" id="heritage-config">',
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
