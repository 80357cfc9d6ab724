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
from typing import Any, Final
from urllib.parse import urlsplit

import folium
import orjson

from heritage import vocabulary as v
from heritage.maps import assets, i18n
from heritage.maps.data import MapData

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
    """Return the folium map: tiles, zoom and scale controls, the initial view.

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
        tiles="OpenStreetMap",
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


def _tile_sources(m: folium.Map) -> str:
    """Return the CSP source of the tile server, from the tile layer folium made."""
    for child in m._children.values():
        url = getattr(child, "tiles", None)
        if isinstance(url, str):
            parts = urlsplit(url)
            return f"{parts.scheme}://{parts.netloc.replace('{s}', '*')}"
    return "'none'"


def _hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def content_security_policy(page: str, scripts: list[str], style: str, tiles: str) -> str:
    """Return the policy: only these inline scripts and styles (by hash), Leaflet, the tiles.

    Parameters
    ----------
    page
        folium's rendered page (its inline scripts and styles are allowed by hash).
    scripts, style
        Our own inline scripts and stylesheet.
    tiles
        The CSP source of the tile server.
    """
    script_src = [_hash(s) for s in _INLINE_SCRIPT.findall(page)] + [_hash(s) for s in scripts]
    style_src = [_hash(s) for s in _INLINE_STYLE.findall(page)] + [_hash(style)]
    return "; ".join(
        [
            "default-src 'none'",
            "script-src " + " ".join([*script_src, assets.LEAFLET_JS.url]),
            "style-src " + " ".join([*style_src, assets.LEAFLET_CSS.url]),
            f"img-src {tiles} {assets.LEAFLET_IMAGES} data:",
            "base-uri 'none'",
            "form-action 'none'",
        ]
    )


def config(
    data: MapData,
    m: folium.Map,
    lang: str,
    as_of: int | None,
    embed: bool,
    cell: float,
    title: str | None,
) -> dict[str, Any]:
    """Return the settings the page's script reads, next to the data (all ours, or JSON-escaped)."""
    vocab = data.block["vocab"]
    terms = [v.status_term(code) for code in vocab["status"]]
    return {
        "map": m.get_name(),
        "lang": lang,
        "embed": embed,
        "as_of": as_of,
        "cell": cell,
        "title": title,
        # The page fits the view to these itself, without the animation folium's would run.
        "bounds": data.bounds,
        "setting": sorted(vocab["type"].index(t) for t in v.STATUS_SETTING_TYPES),
        "colours": [t.colour for t in terms],
        "shapes": [t.shape for t in terms],
    }


def render(
    data: MapData,
    data_json: tuple[bytes, bytes],
    *,
    lang: str = i18n.DEFAULT_LANGUAGE,
    as_of: int | None = None,
    embed: bool = False,
    cell: float = 0.1,
    title: str | None = None,
) -> bytes:
    """Render one page (``index.html`` or, with ``embed``, ``embed.html``).

    Parameters
    ----------
    data
        The columnar catalogue (:func:`heritage.maps.data.build_data`).
    data_json
        ``script_json()`` of the two halves of :func:`heritage.maps.data.split_block`
        (main, details), made once for both pages.
    lang
        Interface language.
    as_of
        Initial "as of" day number, or None for the latest reports.
    embed
        The iframe variant: no page chrome, scroll wheel left alone until engaged.
    cell
        Grid cell size used for sensitive sites (said in their details).
    title
        The catalogue's own name, shown as the panel heading (as text).

    Returns
    -------
    bytes
        The whole HTML page, UTF-8.
    """
    labels = i18n.labels(lang)
    m = base_map(data.bounds, embed)
    page = m.get_root().render()
    scripts, style = assets.scripts(), assets.style()
    csp = content_security_policy(page, scripts, style, _tile_sources(m))
    head = "\n".join(
        [
            f'<meta http-equiv="Content-Security-Policy" content="{csp}">',
            f"<title>{html.escape(labels['ui']['title'])}</title>",
            f'<link rel="stylesheet" href="{assets.LEAFLET_CSS.url}" '
            f'integrity="{assets.LEAFLET_CSS.integrity}" crossorigin="anonymous">',
            f'<script src="{assets.LEAFLET_JS.url}" '
            f'integrity="{assets.LEAFLET_JS.integrity}" crossorigin="anonymous"></script>',
        ]
    )
    # folium forbids zooming the page on phones; the panel's text should stay zoomable.
    page = re.sub(r",\s*maximum-scale=1\.0,\s*user-scalable=no", "", page, count=1)
    page = page.replace("<html>", f'<html lang="{lang}" dir="{i18n.direction(lang)}">', 1)
    page = page.replace("<head>", "<head>\n" + head, 1)
    page = page.replace("</head>", f"<style>{style}</style>\n</head>", 1)
    page = page.replace("<body>", f'<body class="{"hm-embed" if embed else "hm-page"}">', 1)
    before, _, after = page.rpartition("</html>")
    settings = {"config": config(data, m, lang, as_of, embed, cell, title), "labels": labels}
    ours = "".join(f"<script>{s}</script>\n" for s in scripts)
    return b"".join(
        [
            before.encode("utf-8"),
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
            b"</script>\n",
            b"</html>",
            after.encode("utf-8"),
        ]
    )
