"""Helpers for the map tests: build a map, open it offline with Leaflet from the local cache."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from heritage.maps import assets, write_map

ROOT = Path(__file__).resolve().parent.parent
#: Where scripts/fetch-test-assets puts the npm release of Leaflet.
LEAFLET_CACHE = ROOT / "tests" / ".cache" / assets.LEAFLET_NPM
TILE_HOST = "https://tile.openstreetmap.org/"
#: The tile servers of the default basemaps (xyzservices: OpenStreetMap.Mapnik, Esri.WorldImagery).
TILE_HOSTS = (TILE_HOST, "https://server.arcgisonline.com/")


def cdn_routes() -> dict[str, Path]:
    """Answer the pinned CDN URLs from the local copy (the browser still checks SRI)."""
    if not (LEAFLET_CACHE / assets.LEAFLET_JS.path).is_file():
        pytest.fail(
            f"{LEAFLET_CACHE} is missing: run scripts/fetch-test-assets (scripts/test does)"
        )
    return {assets.CDN_BASE: LEAFLET_CACHE}


def build(catalogue: Path | dict[str, Any], out: Path, **options: Any) -> Path:
    """Write the map of a catalogue into ``out`` and return the folder."""
    write_map(catalogue, out, **options)
    return out


def only_tiles(requests: list[str]) -> list[str]:
    """The external requests that are not tile requests (expected to be none)."""
    return [url for url in requests if not url.startswith(TILE_HOSTS)]


def real_errors(record: Any) -> list[str]:
    """Console errors other than the aborted tile requests (the network is cut off)."""
    return [
        e for e in record.console_errors if "ERR_FAILED" not in e and "net::ERR_" not in e
    ] + list(record.page_errors)


def open_map(
    offline_page: Callable[..., tuple[Any, Any]],
    html: Path,
    fragment: str = "",
    **context: Any,
) -> tuple[Any, Any]:
    """Open a built page offline and wait until its script has drawn the sites."""
    page, record = offline_page(cdn_routes(), **context)
    page.goto(html.resolve().as_uri() + fragment)
    # A marker attribute, not wait_for_function: the page's CSP forbids eval.
    page.wait_for_selector("html[data-hm-ready]", state="attached", timeout=20000)
    return page, record


def click_site(page: Any, lat: float, lon: float) -> None:
    """Click the map where a position is drawn."""
    point = page.evaluate(
        "([lat, lon]) => { const p = heritageMap.map.latLngToContainerPoint([lat, lon]);"
        " const r = heritageMap.map.getContainer().getBoundingClientRect();"
        " return [r.left + p.x, r.top + p.y]; }",
        [lat, lon],
    )
    page.mouse.click(point[0], point[1])


def status_of(page: Any, site_id: str) -> str:
    """The status the page currently gives a site."""
    return str(
        page.evaluate(
            "(id) => { const a = heritageMap.app;"
            " return a.d.vocab.status[a.d.status[a.indexOf(id)]]; }",
            site_id,
        )
    )


def pixel_at_site(page: Any, site_id: str) -> list[int]:
    """The RGBA of the site layer's canvas at the centre of a site's marker."""
    result: list[int] = page.evaluate(
        """(id) => { const a = heritageMap.app, l = a.layer, i = a.indexOf(id), p = l._px(i);
        const dpr = l._dpr; const ctx = l._canvas.getContext('2d');
        const x = Math.round(p[0] * dpr), y = Math.round(p[1] * dpr);
        return Array.from(ctx.getImageData(x, y, 1, 1).data); }""",
        site_id,
    )
    return result


def hex_rgb(colour: str) -> list[int]:
    """``#RRGGBB`` to ``[r, g, b]``."""
    return [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
