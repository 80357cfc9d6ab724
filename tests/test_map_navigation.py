"""Finding one's way on the map: search moves the map, the time scale, overlaps, keyboard."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import CATALOGUE, collection, minimal_site
from map_support import build, hex_rgb, open_map, pixel_at_site, real_errors
from test_map_browser import timeline_catalogue

from heritage import vocabulary
from heritage.maps import read_catalogue

pytestmark = pytest.mark.browser
PHONE = {"width": 375, "height": 740}
DESKTOP = {"width": 1280, "height": 800}


@pytest.fixture(scope="module")
def timeline(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("timeline-nav")
    path = folder / "sites.geojson"
    path.write_text(json.dumps(timeline_catalogue(), ensure_ascii=False), encoding="utf-8")
    return build(path, folder / "maps")


@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(CATALOGUE, tmp_path_factory.mktemp("real-nav"))


def focused_heading(page: Any) -> str | None:
    result: str | None = page.evaluate(
        "document.activeElement && document.activeElement.classList.contains('hm-site-title')"
        " ? document.activeElement.textContent : null"
    )
    return result


def test_a_search_result_moves_the_map_to_the_site(offline_page: Any, timeline: Path) -> None:
    page, record = open_map(offline_page, timeline / "index.html")
    page.fill(".hm-search", "bravo")
    page.locator(".hm-results .hm-site").first.click()
    centre = page.evaluate(
        "(() => { const c = heritageMap.map.getCenter(); return [c.lat, c.lng]; })()"
    )
    # bravo is the second site of the timeline: (46.5, 39.4).
    assert centre == pytest.approx([39.4, 46.5], abs=1e-4)
    assert page.evaluate("heritageMap.map.getZoom()") >= 12
    assert focused_heading(page) == "Bravo"
    assert page.locator(".hm-site-title").is_visible()
    assert real_errors(record) == []


def test_a_site_without_coordinates_says_so(offline_page: Any, timeline: Path) -> None:
    page, _ = open_map(offline_page, timeline / "index.html")
    before = page.evaluate("heritageMap.map.getCenter().lat")
    page.fill(".hm-search", "nowhere")
    page.locator(".hm-results .hm-site").first.click()
    assert page.locator(".hm-nolocation").is_visible()
    assert "no location" in page.locator(".hm-nolocation").text_content()
    assert focused_heading(page) == "Nowhere Chapel"
    assert page.evaluate("heritageMap.map.getCenter().lat") == before


def test_enter_in_the_search_opens_the_first_result(offline_page: Any, timeline: Path) -> None:
    page, _ = open_map(offline_page, timeline / "index.html")
    page.locator(".hm-search").fill("echo")
    page.locator(".hm-search").press("Enter")
    assert focused_heading(page) == "Echo"
    centre = page.evaluate("[heritageMap.map.getCenter().lat, heritageMap.map.getCenter().lng]")
    assert centre == pytest.approx([39.2 + 0.2 * 4, 46.2 + 0.3 * 4], abs=1e-4)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_two_thirds_of_the_slider_is_2020_or_later(
    offline_page: Any, real: Path, viewport: dict[str, int]
) -> None:
    # The premise, from the catalogue itself: half of the dated reports are from 2020 on.
    days = []
    for feature in read_catalogue(CATALOGUE)["features"]:
        for event in feature["properties"].get("history", []):
            if isinstance(event.get("date"), str) and event["date"][:4].isdigit():
                days.append(event["date"][:4])
    assert sum(d >= "2020" for d in days) >= len(days) / 2 and min(days) < "1900"
    page, record = open_map(offline_page, real / "index.html", viewport=viewport)
    slider = page.locator(".hm-slider")
    box = slider.bounding_box()
    page.mouse.click(box["x"] + box["width"] * 2 / 3, box["y"] + box["height"] / 2)
    shown = page.locator(".hm-date").input_value()
    assert shown >= "2020-01-01", shown
    assert page.locator(".hm-date-label").text_content() == shown
    assert slider.get_attribute("aria-valuetext") == shown
    # A third of the way along is still before 2020: the old years keep their room.
    page.mouse.click(box["x"] + box["width"] / 3, box["y"] + box["height"] / 2)
    assert page.locator(".hm-date").input_value() < "2020-01-01"
    # The histogram of reports is drawn under the slider.
    inked = page.evaluate(
        "(() => { const c = document.querySelector('.hm-histogram');"
        " const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
        " let n = 0; for (let k = 3; k < d.length; k += 4) if (d[k]) n++; return n; })()"
    )
    assert inked > 100
    assert real_errors(record) == []


def test_slider_keys_step_by_calendar(offline_page: Any, timeline: Path) -> None:
    page, _ = open_map(offline_page, timeline / "index.html", "#as_of=2021-01-31")
    date = page.locator(".hm-date")
    page.locator(".hm-slider").focus()
    steps = [
        ("ArrowRight", "2021-02-28"),
        ("ArrowRight", "2021-03-28"),
        ("Shift+ArrowLeft", "2021-03-27"),
        ("ArrowLeft", "2021-02-27"),
        ("PageDown", "2020-02-27"),
        ("PageUp", "2021-02-27"),
        ("Home", "2019-01-01"),
        ("End", "2023-02-02"),
    ]
    for key, expected in steps:
        page.keyboard.press(key)
        assert date.input_value() == expected, key
        assert page.locator(".hm-date-label").text_content() == expected


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_time_bar_stays_in_reach_with_a_site_open(
    offline_page: Any, real: Path, viewport: dict[str, int], artifacts: Path
) -> None:
    page, _ = open_map(offline_page, real / "index.html", "#site=amaras-monastery",
                       viewport=viewport)  # fmt: skip
    assert page.locator(".hm-site-details h2").is_visible()
    # Read to the end of a long history: the slider is still on the screen.
    page.locator(".hm-permalink").scroll_into_view_if_needed()
    assert page.locator(".hm-permalink").is_visible()
    box = page.locator(".hm-slider").bounding_box()
    assert box is not None
    assert box["y"] >= 0 and box["y"] + box["height"] <= viewport["height"]
    assert page.evaluate(
        "(() => { const r = document.querySelector('.hm-slider').getBoundingClientRect();"
        " const e = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);"
        " return e === document.querySelector('.hm-slider'); })()"
    )
    page.screenshot(path=str(artifacts / f"map-test-site-open-{viewport['width']}.png"))


def crowd(n: int) -> dict[str, Any]:
    """n sites packed in a small area, every other one restored, the rest destroyed; the
    destroyed ones come first in the file, so list order would draw them under."""
    sites = []
    for k in range(n):
        status = "destroyed" if k < n // 2 else "restored"
        # A deterministic scatter (a low-discrepancy sequence), overlapping at any zoom.
        x, y = (k * 0.6180339887) % 1, (k * 0.7548776662) % 1
        history = [{"date": "2021-01-01", "type": "condition", "status": status,
                    "summary": "s", "sources": [{"url": "https://example.org/s"}]}]  # fmt: skip
        site = minimal_site(f"s{k:05d}", history=history)
        site["geometry"]["coordinates"] = [46.0 + x * 0.4, 39.5 + y * 0.4]
        sites.append(site)
    return collection(*sites)


@pytest.mark.parametrize("n", [2, 5000])
def test_the_gravest_status_is_drawn_on_top(
    offline_page: Any, tmp_path: Path, n: int, artifacts: Path
) -> None:
    catalogue = crowd(n)
    if n == 2:
        for feature in catalogue["features"]:
            feature["geometry"]["coordinates"] = [46.5, 39.7]
    maps = build(catalogue, tmp_path / "maps")
    page, record = open_map(offline_page, maps / "index.html", viewport=PHONE)
    restored = hex_rgb(vocabulary.status_term("restored").colour)
    destroyed = [f"s{k:05d}" for k in range(n // 2)]
    centres = [pixel_at_site(page, site)[:3] for site in destroyed[:400]]
    # No destroyed site has a restored star over its centre.
    assert restored not in centres
    if n == 2:
        assert centres == [hex_rgb(vocabulary.status_term("destroyed").colour)]
    page.screenshot(path=str(artifacts / f"map-test-overlap-{n}.png"))
    assert real_errors(record) == []


def test_sites_in_view_are_reachable_by_keyboard(offline_page: Any, timeline: Path) -> None:
    page, _ = open_map(offline_page, timeline / "index.html", "#view=11/39.30000/46.35000")
    summary = page.locator(".hm-inview summary")
    in_view = page.evaluate("heritageMap.app.sitesInView().length")
    assert summary.text_content() == f"Sites in view ({in_view})"
    summary.focus()
    page.keyboard.press("Enter")
    # The list is made when the box opens (the toggle event comes after the key).
    page.wait_for_selector(".hm-inview .hm-site")
    buttons = page.locator(".hm-inview .hm-site")
    assert buttons.count() == in_view > 0
    buttons.first.focus()
    name = buttons.first.locator(".hm-site-name").text_content()
    page.keyboard.press("Enter")
    assert focused_heading(page) == name
    # Zooming out brings every located site into view (30 of the 31: one has no place).
    page.evaluate("heritageMap.map.setZoom(5, {animate: false})")
    assert summary.text_content() == "Sites in view (30)"


def test_closing_the_details_returns_the_focus(offline_page: Any, timeline: Path) -> None:
    page, _ = open_map(offline_page, timeline / "index.html")
    page.locator(".hm-search").fill("echo")
    page.locator(".hm-search").press("Enter")
    assert focused_heading(page) == "Echo"
    page.keyboard.press("Escape")
    assert page.locator(".hm-site-details").count() == 0
    assert page.evaluate("document.activeElement.classList.contains('hm-search')")


def test_clicking_a_marker_moves_focus_to_the_heading(offline_page: Any, timeline: Path) -> None:
    from map_support import click_site

    page, _ = open_map(offline_page, timeline / "index.html")
    click_site(page, 39.2, 46.2)
    assert focused_heading(page) == "Alpha"
    assert pixel_at_site(page, "alpha")[3] == 255
