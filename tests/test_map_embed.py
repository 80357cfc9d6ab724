"""The embed on a phone, its header and links; basemaps, failure notices, languages, sizes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import collection, minimal_site
from map_support import build, open_map, real_errors

from heritage.maps import MapSettings, assets, write_map

pytestmark = pytest.mark.browser
PHONE = {"width": 375, "height": 740}
DESKTOP = {"width": 1280, "height": 800}


def catalogue() -> dict[str, Any]:
    """A site whose status is Unknown (a claim only), with long names and texts."""
    unknown = minimal_site(
        "surb-astvatsatsin",
        name={"en": "Surb Astvatsatsin Church of the Upper Village", "hy": "Սուրբ Աստվածածին"},
        region="Martuni province (Artsakh admin.) / Khojavend area, Nagorno-Karabakh",
        history=[{"date": "2021-03-01", "type": "claim", "status": "destroyed",
                  "summary": "An official said the church was razed.", "reported_by": "Ministry",
                  "sources": [{"url": "https://example.org/claim"}]}],
    )  # fmt: skip
    return dict(collection(unknown, minimal_site("b")), name="Heritage of the test valley")


@pytest.fixture(scope="module")
def maps(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("embed")
    path = folder / "sites.geojson"
    path.write_text(json.dumps(catalogue(), ensure_ascii=False), encoding="utf-8")
    return build(path, folder / "maps", settings=MapSettings(languages=("en", "hy")))


def test_on_a_phone_the_details_take_the_full_width(
    offline_page: Any, maps: Path, artifacts: Path
) -> None:
    page, record = open_map(offline_page, maps / "embed.html", "#site=surb-astvatsatsin",
                            viewport=PHONE)  # fmt: skip
    panel = page.locator(".hm-panel").bounding_box()
    assert panel is not None and panel["x"] == 0 and panel["width"] == PHONE["width"]
    facts = page.locator(".hm-facts > *")
    assert facts.count() >= 6
    for k in range(facts.count()):
        box = facts.nth(k).bounding_box()
        assert box is not None and box["width"] >= 0.4 * PHONE["width"], facts.nth(k).text_content()
    # "Unknown" reads as one word on one line.
    status = page.locator(".hm-facts dd").first
    assert "Unknown" in status.text_content()
    assert status.bounding_box()["height"] < 30
    page.screenshot(path=str(artifacts / "map-test-embed-phone-site.png"))
    assert real_errors(record) == []


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_embed_header_credits_and_links_out(
    offline_page: Any, maps: Path, viewport: dict[str, int]
) -> None:
    page, _ = open_map(offline_page, maps / "embed.html", "#site=surb-astvatsatsin&as_of=2022",
                       viewport=viewport)  # fmt: skip
    head = page.locator(".hm-embed-head")
    assert head.locator(".hm-embed-title").text_content() == "Heritage of the test valley"
    assert head.locator(".hm-embed-asof").text_content() == "As of 2022-12-31"
    assert head.locator(".hm-embed-asof").is_visible()
    licence = head.locator(".hm-credit a")
    assert licence.text_content().startswith("CC BY 4.0")
    assert licence.get_attribute("href") == "https://creativecommons.org/licenses/by/4.0/"
    assert "license" in licence.get_attribute("rel").split()
    assert "heritage contributors" in head.locator(".hm-credit").text_content()
    # Everything in the header is on the screen, nothing cut off.
    for part in (".hm-embed-asof", ".hm-credit a", ".hm-full"):
        box = head.locator(part).bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"]
    for link in (head.locator(".hm-full"), page.locator(".hm-permalink")):
        assert link.get_attribute("target") == "_blank"
        assert "noopener" in link.get_attribute("rel").split()
    assert (
        page.locator(".hm-permalink").get_attribute("href") == "index.html#site=surb-astvatsatsin"
    )
    full = head.locator(".hm-full").get_attribute("href")
    assert full.startswith("index.html#") and "site=surb-astvatsatsin" in full
    # The map starts below the header.
    assert page.locator(".hm-map").bounding_box()["y"] == head.bounding_box()["height"]


def test_the_full_map_opens_in_a_new_tab(offline_page: Any, maps: Path) -> None:
    page, _ = open_map(offline_page, maps / "embed.html", "#site=surb-astvatsatsin")
    with page.context.expect_page() as popup:
        page.locator(".hm-permalink").click()
    opened = popup.value
    opened.wait_for_selector("html[data-hm-ready]", state="attached", timeout=20000)
    assert opened.url.endswith("/index.html#site=surb-astvatsatsin")
    assert opened.locator(".hm-site-details h2").text_content() == (
        "Surb Astvatsatsin Church of the Upper Village"
    )
    assert page.url.endswith("embed.html#site=surb-astvatsatsin")


def test_basemaps_switch_and_are_kept_in_the_link(offline_page: Any, maps: Path) -> None:
    page, record = open_map(offline_page, maps / "index.html")
    attribution = page.locator(".leaflet-control-attribution")
    assert "OpenStreetMap" in attribution.text_content()
    page.select_option(".hm-basemap", "Esri.WorldImagery")
    assert (
        "Esri" in attribution.text_content() and "OpenStreetMap" not in attribution.text_content()
    )
    assert "basemap=Esri.WorldImagery" in page.evaluate("location.hash")
    page.wait_for_timeout(300)
    assert any(u.startswith("https://server.arcgisonline.com/") for u in record.external_requests)
    again, _ = open_map(offline_page, maps / "index.html", "#basemap=Esri.WorldImagery")
    assert again.locator(".hm-basemap").input_value() == "Esri.WorldImagery"


def test_a_visible_notice_when_tiles_fail(offline_page: Any, maps: Path) -> None:
    page, _ = open_map(offline_page, maps / "index.hy.html")
    notice = page.locator(".hm-notice[data-key='tiles']")
    notice.wait_for(state="visible", timeout=10000)
    # In the page's language (Armenian here).
    assert "Ֆոնային քարտեզը" in notice.text_content()


def test_a_visible_notice_when_leaflet_does_not_load(
    offline_page: Any, maps: Path, artifacts: Path
) -> None:
    # No routes: the CDN answers nothing, as when it is blocked or down.
    page, record = offline_page({}, viewport=PHONE)
    page.goto((maps / "index.html").resolve().as_uri())
    page.wait_for_load_state("load")
    fallback = page.locator(".hm-fallback[role='alert']")
    assert fallback.is_visible()
    assert "could not be loaded" in fallback.text_content()
    assert any(u.startswith(assets.CDN_BASE) for u in record.external_requests)
    page.screenshot(path=str(artifacts / "map-test-no-leaflet.png"))


def test_the_fallback_is_hidden_when_leaflet_loads(offline_page: Any, maps: Path) -> None:
    page, _ = open_map(offline_page, maps / "index.html")
    assert page.locator(".hm-fallback").first.is_hidden()


def test_the_language_switcher_keeps_the_view(offline_page: Any, maps: Path) -> None:
    page, _ = open_map(offline_page, maps / "index.html", "#site=surb-astvatsatsin")
    nav = page.locator("nav.hm-langs")
    assert nav.locator("[aria-current='page']").text_content() == "English"
    link = nav.locator("a[hreflang='hy']")
    assert link.get_attribute("href") == "index.hy.html#site=surb-astvatsatsin"
    link.click()
    page.wait_for_selector("html[lang='hy'][data-hm-ready]", state="attached")
    assert page.locator(".hm-site-details h2").text_content() == "Սուրբ Աստվածածին"
    # lang= in a link opens that language's page on the same view.
    page.goto((maps / "index.html").resolve().as_uri() + "#lang=hy&site=b")
    page.wait_for_selector("html[lang='hy'][data-hm-ready]", state="attached")
    assert page.url.endswith("index.hy.html#site=b")


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_status_boxes_are_big_enough_to_hit(
    offline_page: Any, maps: Path, viewport: dict[str, int]
) -> None:
    page, _ = open_map(offline_page, maps / "index.html", viewport=viewport)
    boxes = page.locator(".hm-status input")
    assert boxes.count() == 7
    for k in range(boxes.count()):
        box = boxes.nth(k).bounding_box()
        assert box is not None and box["width"] >= 24 and box["height"] >= 24
    assert page.locator("main").count() == 1
    assert page.locator("main .hm-map").count() == 1


def test_a_built_map_of_one_language_has_no_switcher(offline_page: Any, tmp_path: Path) -> None:
    write_map(catalogue(), tmp_path)
    page, _ = open_map(offline_page, tmp_path / "index.html")
    assert page.locator("nav.hm-langs").count() == 0
