"""The website in headless Chromium: hostile text stays text, and the site served under a
sub-path is crawled at desktop and phone sizes (every internal link answers, every site has
its page, no sensitive position anywhere), with screenshots to look at."""

from __future__ import annotations

import functools
import http.server
import json
import re
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urldefrag, urlsplit

import pytest
from sample_catalogue import SECRET_TEXTS, sample
from test_map_hostile import PAYLOADS, SENTINEL, hostile_site

from heritage.build import build
from heritage.catalogue import from_data
from heritage.config import Config
from heritage.site import write_site

pytestmark = pytest.mark.browser
PREFIX = "/some/project/"
SIZES = {"desktop": (1280, 800), "phone": (375, 740)}


def hostile_catalogue() -> dict[str, Any]:
    features = []
    for n in range(6):
        feature = hostile_site(n, 46.5 + 0.05 * n, 39.5 + 0.05 * n)
        feature["id"] = f"hostile-{n}"  # ids are slugs: the validator refuses anything else
        feature["properties"]["withdrawn"] = (
            {"date": PAYLOADS[n], "reason": PAYLOADS[n + 1]} if n == 2 else None
        )
        if n != 2:
            del feature["properties"]["withdrawn"]
        features.append(feature)
    return {"type": "FeatureCollection", "name": PAYLOADS[0], "features": features}


@pytest.fixture(scope="module")
def hostile_site_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile-site")
    catalogue = from_data(hostile_catalogue())
    config = Config(title=PAYLOADS[2], description=PAYLOADS[3], repository="octo/heritage")
    write_site(catalogue, folder, config, (date(2023, 7, 1), date(2024, 6, 30)), PAYLOADS[0])
    return folder


def without_csp(page: Path) -> Path:
    text = page.read_text(encoding="utf-8")
    stripped = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", text, count=1)
    assert stripped != text
    copy = page.with_name("nocsp-" + page.name)
    copy.write_text(stripped, encoding="utf-8")
    return copy


def test_hostile_text_stays_text(hostile_site_folder: Path, offline_page: Any) -> None:
    pages = [hostile_site_folder / "index.html", hostile_site_folder / "about.html"]
    pages += sorted((hostile_site_folder / "sites").glob("hostile-*.html"))
    page, record = offline_page()
    for html in pages:
        # With the page's policy and without it: the markup itself must be inert.
        for target in (html, without_csp(html)):
            page.goto(target.as_uri())
            page.wait_for_timeout(50)
            assert page.evaluate(f"typeof window.{SENTINEL}") == "undefined", target
            assert page.locator("script").count() == 0, target
            for element in page.locator("[onerror], [onload], iframe, object, embed").all():
                pytest.fail(f"{target}: {element.evaluate('e => e.outerHTML')}")
            hrefs = page.eval_on_selector_all("a[href]", "as => as.map(a => a.href)")
            assert not [h for h in hrefs if not h.startswith(("https:", "http:", "file:"))]
    assert record.dialogs == []
    assert record.page_errors == []
    page.goto((hostile_site_folder / "sites" / "hostile-1.html").as_uri())
    assert page.locator("h1").inner_text() == PAYLOADS[1]
    assert PAYLOADS[2] in page.title()


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The sample catalogue's website, served under a sub-path on 127.0.0.1."""
    folder = tmp_path_factory.mktemp("served")
    path = folder / "sites.geojson"
    path.write_text(json.dumps(sample(), ensure_ascii=False), encoding="utf-8")
    out = folder / "out"
    assert build(path, out, today=date(2024, 6, 30), config=Config(repository="o/r")).ok

    class Handler(http.server.SimpleHTTPRequestHandler):
        def translate_path(self, path: str) -> str:
            clean = urlsplit(path).path
            if not clean.startswith(PREFIX):
                return str(out / "no-such-file")
            return super().translate_path("/" + clean[len(PREFIX) :])

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Handler, directory=str(out))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}{PREFIX}", out
    server.shutdown()
    server.server_close()
    thread.join(timeout=10)


def crawl(page: Any, start: str) -> dict[str, int]:
    """Visit every page reachable from ``start`` under the prefix; return URL -> status."""
    seen: dict[str, int] = {}
    todo = [start]
    while todo:
        url = todo.pop()
        if url in seen:
            continue
        if not url.endswith((".html", "/")):
            # Downloads, feeds, stylesheets, pictures: asked for, not opened.
            seen[url] = page.request.get(url).status
            continue
        response = page.goto(url)
        seen[url] = response.status if response else 0
        links = page.eval_on_selector_all(
            "a[href], link[href], img[src], image",
            "es => es.map(e => e.href && e.href.baseVal !== undefined ? "
            "new URL(e.href.baseVal, document.baseURI).href : (e.href || e.src))",
        )
        for link in links:
            target = urldefrag(link)[0]
            if target.startswith(start.rsplit(PREFIX, 1)[0] + PREFIX) and target not in seen:
                todo.append(target)
    return seen


@pytest.mark.parametrize("size", list(SIZES))
def test_crawl_under_a_sub_path(
    served: tuple[str, Path], browser: Any, artifacts: Path, size: str
) -> None:
    base, _ = served
    width, height = SIZES[size]
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    # The map pages load Leaflet and tiles from the network: not part of this crawl.
    context.route(re.compile(r"^https?://(?!127\.0\.0\.1).*"), lambda route: route.abort())
    seen = crawl(page, base + "index.html")
    broken = {u: s for u, s in seen.items() if s != 200}
    assert broken == {}
    for site_id in (f["id"] for f in sample()["features"]):
        assert f"{base}sites/{site_id}.html" in seen
    for url in seen:
        if url.endswith(".html"):
            body = page.goto(url).body().decode("utf-8")  # type: ignore[union-attr]
            assert not any(s in body for s in SECRET_TEXTS), url
    for name in ("index.html", "sites/hostile-church.html", "about.html"):
        page.goto(base + name)
        scroll = page.evaluate("document.documentElement.scrollWidth")
        assert scroll <= width, f"{name} scrolls sideways at {width} px ({scroll})"
        stem = unquote(name).replace("/", "-").removesuffix(".html")
        page.screenshot(path=str(artifacts / f"site-{stem}-{size}.png"), full_page=False)
        page.screenshot(path=str(artifacts / f"site-{stem}-{size}-full.png"), full_page=True)
    context.close()
