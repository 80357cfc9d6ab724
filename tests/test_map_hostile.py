"""Hostile catalogue text on the map: nothing runs, nothing is evaluated, all is shown as text.

Every text field of the catalogue below holds markup, script, template syntax or a
``javascript:`` URL. The pages are opened in headless Chromium twice: as written (with their
Content-Security-Policy), and with the policy removed, so that the page's own code is shown
to be safe by itself and not only because the policy blocks what it let through.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from map_support import build, click_site, only_tiles, open_map, real_errors

SENTINEL = "__hm_pwned"
PAYLOADS = [
    f'<img src=x onerror="window.{SENTINEL}=1">',
    f'"><svg onload=window.{SENTINEL}=2>',
    f"</script><script>window.{SENTINEL}=3</script>",
    f"${{window.{SENTINEL}=4}}",
    f"`;window.{SENTINEL}=5;`",
    f'\\";window.{SENTINEL}=6;//\\',
    "{{ 7*7 }}",
    "{% for x in range(3) %}X{% endfor %}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "<!-- \u2028\u2029 <script>",
    f"<a href='javascript:window.{SENTINEL}=7'>click</a>",
]
URLS = [
    f"javascript:window.{SENTINEL}=8",
    f"JaVaScRiPt:window.{SENTINEL}=9",
    f"java&#x09;script:window.{SENTINEL}=10",
    f"&#106;avascript:window.{SENTINEL}=11",
    f" javascript:window.{SENTINEL}=12",
    f"java\tscript:window.{SENTINEL}=13",
    f"data:text/html,<script>window.{SENTINEL}=14</script>",
    f'https://example.org/"><img src=x onerror=window.{SENTINEL}=15>',
]


def hostile_site(n: int, lon: float, lat: float) -> dict[str, Any]:
    """A site whose every text field holds a payload (n picks which)."""

    def p(k: int) -> str:
        return PAYLOADS[(n + k) % len(PAYLOADS)]

    def u(k: int) -> str:
        return URLS[(n + k) % len(URLS)]

    def sources(k: int) -> list[dict[str, str]]:
        return [
            {"url": u(k), "title": p(k), "publisher": p(k + 1), "published": p(k + 2),
             "accessed": p(k + 3), "archived": u(k + 1)},
            {"url": "https://example.org/fine", "title": p(k + 4), "archived": u(k + 2)},
        ]  # fmt: skip

    history = [
        {"date": d, "type": t, "status": s, "summary": p(i), "reported_by": p(i + 1),
         "reporter_type": p(i + 2), "confidence": c, "note": p(i + 3), "approximate": True,
         "sources": sources(i)}
        for i, (d, t, s, c) in enumerate([
            ("2020-11-10", "condition", "damaged", "high"),
            (p(5), p(6), p(7), p(8)),
            ("2021", "claim", "destroyed", "low"),
        ])
    ]  # fmt: skip
    return {
        "type": "Feature",
        "id": f"site-{n}" if n % 2 else f'x{n}"><img src=x onerror=window.{SENTINEL}=20>',
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
        "properties": {
            "name": {"en": p(0), "hy": p(1), p(2): p(3)},
            "alt_names": [p(4), p(5)],
            "kind": p(6) if n % 3 == 0 else "church",
            "built": p(7),
            "built_source": u(0),
            "region": p(8),
            "location": {"precision": p(9) if n % 2 else "city", "source": u(1), "note": p(10)},
            "refs": {p(0): p(1)},
            "notes": p(2),
            "sources": sources(3),
            "history": history,
        },
    }


def hostile_catalogue() -> dict[str, Any]:
    features = [hostile_site(n, 46.5 + 0.05 * (n % 4), 39.5 + 0.05 * (n // 4)) for n in range(8)]
    # Three on one point, as city-level precision does, and one without coordinates.
    features += [hostile_site(n, 46.9, 39.9) for n in range(8, 11)]
    nowhere = hostile_site(11, 0, 0)
    nowhere["geometry"] = None
    features.append(nowhere)
    return {"type": "FeatureCollection", "name": PAYLOADS[0], "features": features}


@pytest.fixture(scope="module")
def hostile_map(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    path = folder / "sites.geojson"
    path.write_text(json.dumps(hostile_catalogue(), ensure_ascii=False), encoding="utf-8")
    return build(path, folder / "maps")


def without_csp(html: Path) -> Path:
    """A copy of a page without its Content-Security-Policy."""
    text = html.read_text(encoding="utf-8")
    stripped = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", text, count=1)
    assert stripped != text
    copy = html.with_name("nocsp-" + html.name)
    copy.write_text(stripped, encoding="utf-8")
    return copy


def exercise(page: Any) -> None:
    """Open everything the page can show: each site, the shared point, lists, search."""
    count = page.evaluate("heritageMap.app.d.n")
    for i in range(count):
        page.evaluate("(i) => heritageMap.app.select(i)", i)
        assert page.locator(".hm-site-details h2").count() == 1
    page.evaluate("heritageMap.app.close()")
    click_site(page, 39.9, 46.9)
    assert page.locator(".hm-group .hm-site").count() == 3
    page.locator(".hm-group .hm-site").first.click()
    page.locator(".hm-back").click()
    page.locator(".hm-nogeo summary").click()
    page.locator(".hm-nogeo .hm-site").first.click()
    page.fill(".hm-search", PAYLOADS[0][:12])
    page.fill(".hm-search", "")
    page.evaluate("(p) => { location.hash = p; }", "#site=" + PAYLOADS[2] + "&q=" + PAYLOADS[0])
    page.wait_for_timeout(100)


def assert_nothing_ran(page: Any, record: Any, html: Path) -> None:
    assert record.dialogs == []
    assert page.evaluate(f"typeof window.{SENTINEL}") == "undefined"
    assert (
        page.evaluate("document.querySelectorAll('img[src=\"x\"], iframe, object, embed').length")
        == 0
    )
    assert (
        page.evaluate("document.querySelectorAll('svg:not(.leaflet-attribution-flag)').length") == 0
    )
    handlers = page.evaluate(
        "Array.from(document.querySelectorAll('*')).flatMap(e => Array.from(e.attributes)"
        ".filter(a => a.name.startsWith('on')).map(a => e.tagName + ' ' + a.name))"
    )
    assert handlers == []
    # No script element was added by data: as many as the file holds (JSON has no "<").
    assert page.evaluate("document.scripts.length") == html.read_bytes().count(b"<script")
    hrefs = page.evaluate(
        "Array.from(document.querySelectorAll('a[href]')).map(a => a.getAttribute('href'))"
    )
    for href in hrefs:
        # Sources (vetted http/https), our permalinks, the embed's links to the full map
        # (index.html#...), Leaflet's zoom buttons ("#").
        assert href.startswith(("https://", "http://", "#site=", "index.html#")) or href in (
            "#",
            "index.html",
        ), href
        assert "javascript" not in href.lower() and "<" not in href
    assert only_tiles(record.external_requests) == []


@pytest.mark.browser
@pytest.mark.parametrize("policy", ["with-csp", "without-csp"])
def test_hostile_text_never_runs(offline_page: Any, hostile_map: Path, policy: str) -> None:
    html = hostile_map / "index.html"
    if policy == "without-csp":
        html = without_csp(html)
    page, record = open_map(offline_page, html)
    exercise(page)
    assert_nothing_ran(page, record, html)
    if policy == "with-csp":
        assert real_errors(record) == []


@pytest.mark.browser
def test_hostile_text_is_shown_literally(offline_page: Any, hostile_map: Path) -> None:
    page, _ = open_map(offline_page, hostile_map / "index.html")
    site = hostile_site(1, 0, 0)
    page.evaluate("(id) => heritageMap.app.select(heritageMap.app.indexOf(id))", site["id"])
    details = page.locator(".hm-site-details")
    assert details.locator("h2").text_content() == site["properties"]["name"]["en"]
    summaries = details.locator(".hm-summary").all_text_contents()
    assert summaries == [e["summary"] for e in site["properties"]["history"]]
    text = details.text_content()
    for payload in ("{{ 7*7 }}", "{% for x in range(3) %}X{% endfor %}", PAYLOADS[2], PAYLOADS[3]):
        assert payload in text
    assert "XXX" not in text
    # Refused URLs are shown as plain text, not links.
    unlinked = details.locator(".hm-nolink").all_text_contents()
    assert "source (" + site["properties"]["built_source"] + ")" in unlinked
    assert page.locator(".hm-head h1").text_content() == PAYLOADS[0]


@pytest.mark.browser
def test_hostile_embed_never_runs(offline_page: Any, hostile_map: Path) -> None:
    html = hostile_map / "embed.html"
    page, record = open_map(offline_page, html)
    exercise(page)
    assert_nothing_ran(page, record, html)
