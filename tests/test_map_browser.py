"""What a visitor sees and does on the map, in headless Chromium, on hand-made catalogues."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import collection, minimal_site
from map_support import (
    build,
    cdn_routes,
    click_site,
    hex_rgb,
    only_tiles,
    open_map,
    pixel_at_site,
    real_errors,
    status_of,
)

from heritage import load, vocabulary

pytestmark = pytest.mark.browser


def event(
    date: str | None, status: str | None, kind: str = "condition", **more: Any
) -> dict[str, Any]:
    out: dict[str, Any] = {"date": date, "type": kind, "summary": f"{kind} {status} {date}"}
    if status:
        out["status"] = status
    if status or kind == "claim":
        out["reported_by"] = "A monitor"
    out["sources"] = [{"url": f"https://example.org/{kind}/{date}"}]
    return out | more


def site_at(
    site_id: str, lon: float, lat: float, history: list[dict[str, Any]], **props: Any
) -> dict[str, Any]:
    feature = minimal_site(
        site_id, name={"en": site_id.replace("-", " ").title()}, history=history, **props
    )
    feature["geometry"]["coordinates"] = [lon, lat]
    return feature


#: Each site's history, and its status as of each date, worked out by hand from the rule:
#: latest dated condition/restoration event with a status on or before the day (effective
#: date = latest day allowed), list order breaking ties; claims never count; else unknown.
TIMELINE = {
    "alpha": [
        event("2019-05", "intact"),
        event("2020-06-01", "destroyed", "claim"),
        event("2020-10/2020-11", "damaged"),
        event("2022", "restored", "restoration"),
        event(None, "destroyed"),
    ],
    "bravo": [event("2021-03-01", "damaged"), event("2021-03-01", "destroyed")],
    "charlie": [event("2020-11-20", "destroyed", "claim"), event("2021-01-01", None, "access")],
    "delta": [event("../2021-06", "destroyed")],
    "echo": [event("2020-10/..", "altered"), event("2023-02-02", "threatened")],
}
#: Columns: alpha, bravo, charlie, delta, echo.
EXPECTED_ROWS = {
    "2019-05-30": ("unknown", "unknown", "unknown", "unknown", "unknown"),
    "2019-05-31": ("intact", "unknown", "unknown", "unknown", "unknown"),
    "2020-07-01": ("intact", "unknown", "unknown", "unknown", "unknown"),
    "2020-11-29": ("intact", "unknown", "unknown", "unknown", "altered"),
    "2020-11-30": ("damaged", "unknown", "unknown", "unknown", "altered"),
    "2021-03-01": ("damaged", "destroyed", "unknown", "unknown", "altered"),
    "2021-06-29": ("damaged", "destroyed", "unknown", "unknown", "altered"),
    "2021-06-30": ("damaged", "destroyed", "unknown", "destroyed", "altered"),
    "2022-12-31": ("restored", "destroyed", "unknown", "destroyed", "altered"),
    "2023-02-02": ("restored", "destroyed", "unknown", "destroyed", "threatened"),
}
EXPECTED = {day: dict(zip(TIMELINE, row, strict=True)) for day, row in EXPECTED_ROWS.items()}
SHARED_POINT = (46.7483, 39.7583)


def timeline_catalogue() -> dict[str, Any]:
    features = [
        site_at(name, 46.2 + 0.3 * i, 39.2 + 0.2 * i, history, region=f"Region {i % 2}",
                kind="church" if i % 2 else "monastery")
        for i, (name, history) in enumerate(TIMELINE.items())
    ]  # fmt: skip
    features[0]["properties"]["name"]["hy"] = "Ալֆա վանք"
    features[0]["properties"]["alt_names"] = ["Gülablı kilsəsi"]
    features[0]["properties"]["built"] = "12th century"
    features[0]["properties"]["built_source"] = "https://example.org/built"
    features[0]["properties"]["history"][1]["sources"].append(
        {
            "url": "https://example.org/claim",
            "title": "The claim",
            "archived": "https://web.archive.org/x",
        }
    )
    shared = [
        site_at(f"city-{n:02d}", *SHARED_POINT, [event("2021", "destroyed")],
                location={"precision": "city"})
        for n in range(25)
    ]  # fmt: skip
    nowhere = minimal_site("nowhere-chapel", name={"en": "Nowhere Chapel"}, kind="chapel")
    nowhere["geometry"] = None
    return collection(*features, *shared, nowhere)


@pytest.fixture(scope="module")
def timeline_map(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("timeline")
    path = folder / "sites.geojson"
    path.write_text(json.dumps(timeline_catalogue(), ensure_ascii=False), encoding="utf-8")
    return path, build(path, folder / "maps")


@pytest.mark.parametrize("day", sorted(EXPECTED))
def test_status_as_of_a_date_follows_the_rule(
    offline_page: Any, timeline_map: tuple[Path, Path], day: str
) -> None:
    catalogue, maps = timeline_map
    page, record = open_map(offline_page, maps / "index.html", f"#as_of={day}")
    shown = {name: status_of(page, name) for name in TIMELINE}
    assert shown == EXPECTED[day]
    # The same answers as the library's pandas implementation (heritage/history.py).
    python = load(catalogue).status_at(day)
    assert shown == {name: python[name] for name in TIMELINE}
    assert page.locator(".hm-legend legend").text_content() == f"Status as of {day}"
    assert real_errors(record) == []


def test_moving_the_slider_recolours_the_sites(
    offline_page: Any, timeline_map: tuple[Path, Path]
) -> None:
    _, maps = timeline_map
    page, _ = open_map(offline_page, maps / "index.html")
    colour = {t.code: hex_rgb(t.colour) for t in vocabulary.STATUS_TERMS}
    # Opened on the latest reports: alpha restored, echo threatened.
    assert pixel_at_site(page, "alpha")[:3] == colour["restored"]
    assert pixel_at_site(page, "echo")[:3] == colour["threatened"]
    # The slider's positions follow the density of reports: put it where 2020-12-01 is.
    position = page.evaluate(
        "Math.round(heritageMap.app.scale.toPos(heritageMap.parseDay('2020-12-01')))"
    )
    page.locator(".hm-slider").evaluate(
        "(e, v) => { e.value = String(v); e.dispatchEvent(new Event('input', {bubbles: true})); }",
        position,
    )
    # One position is a day or two here: 2020-11-30 to 2020-12-02 all read the same.
    shown = page.locator(".hm-date").input_value()
    assert "2020-11-30" <= shown <= "2020-12-02"
    assert pixel_at_site(page, "alpha")[:3] == colour["damaged"]
    assert pixel_at_site(page, "echo")[:3] == colour["altered"]
    assert page.evaluate("location.hash") == f"#as_of={shown}"
    assert page.locator(".hm-date-label").text_content() == shown
    page.locator(".hm-date").fill("2019-06-15")
    assert pixel_at_site(page, "alpha")[:3] == colour["intact"]


def test_play_runs_the_dates_to_the_end(offline_page: Any, timeline_map: tuple[Path, Path]) -> None:
    _, maps = timeline_map
    page, _ = open_map(offline_page, maps / "index.html", "#as_of=2019-01-01")
    assert status_of(page, "alpha") == "unknown"
    page.locator(".hm-play").click()
    assert page.locator(".hm-play").text_content() == "Pause"
    page.wait_for_selector(".hm-play:text('Play')", timeout=60000)
    assert status_of(page, "alpha") == "restored"
    assert page.locator(".hm-date").input_value() == "2023-02-02"


def test_clicking_a_site_opens_its_full_history(
    offline_page: Any, timeline_map: tuple[Path, Path], artifacts: Path
) -> None:
    _, maps = timeline_map
    page, record = open_map(offline_page, maps / "index.html")
    alpha = TIMELINE["alpha"]
    click_site(page, 39.2, 46.2)
    details = page.locator(".hm-site-details")
    assert details.locator("h2").text_content() == "Alpha"
    assert "Ալֆա վանք" in details.locator(".hm-names").text_content()
    assert details.locator(".hm-event").count() == len(alpha)
    assert details.locator(".hm-summary").all_text_contents() == [e["summary"] for e in alpha]
    dates = details.locator(".hm-event-date").all_text_contents()
    assert dates == ["2019-05", "2020-06-01", "between 2020-10 and 2020-11", "2022", "undated"]
    claim = details.locator(".hm-event.hm-claim")
    assert claim.count() == 1
    assert "claimed: Destroyed" in claim.text_content()
    assert "not independently verified" in claim.text_content()
    links = details.locator(".hm-sources a")
    assert links.count() == len(alpha) + 2
    for k in range(links.count()):
        assert links.nth(k).get_attribute("rel") == "noopener noreferrer nofollow ugc"
        assert links.nth(k).get_attribute("href").startswith("https://")
    assert (
        details.locator("a:text('archived copy')").get_attribute("href")
        == "https://web.archive.org/x"
    )
    assert details.locator("a:text('The claim')").count() == 1
    assert "12th century" in details.text_content()
    assert page.evaluate("location.hash") == "#site=alpha"
    page.screenshot(path=str(artifacts / "map-test-details.png"))
    assert only_tiles(record.external_requests) == []
    assert real_errors(record) == []


def test_every_site_on_a_shared_point_is_reachable(
    offline_page: Any, timeline_map: tuple[Path, Path]
) -> None:
    _, maps = timeline_map
    page, _ = open_map(offline_page, maps / "index.html")
    click_site(page, SHARED_POINT[1], SHARED_POINT[0])
    group = page.locator(".hm-group")
    assert group.locator("h2").text_content() == "25 sites here"
    assert "City" in group.locator(".hm-note").text_content()
    buttons = group.locator(".hm-site")
    assert buttons.count() == 25
    seen = set()
    for k in range(25):
        page.locator(".hm-group .hm-site").nth(k).click()
        name = page.locator(".hm-site-details h2").text_content()
        seen.add(name)
        assert "24 other sites share this point." in page.locator(".hm-shared").text_content()
        page.locator(".hm-back").click()
    assert seen == {f"City {n:02d}" for n in range(25)}


def test_filters_and_search_change_the_count(
    offline_page: Any, timeline_map: tuple[Path, Path]
) -> None:
    _, maps = timeline_map
    page, _ = open_map(offline_page, maps / "index.html")
    count = page.locator(".hm-count")

    def shown() -> int:
        return int(count.text_content().split(" of ")[0])

    assert shown() == 31
    page.locator(".hm-status input[value='destroyed']").uncheck()
    assert shown() == 31 - 25 - 2  # the city sites, bravo and delta
    page.locator(".hm-status input[value='destroyed']").check()
    page.select_option(".hm-kind", "monastery")
    assert shown() == 3  # alpha, charlie and echo
    page.select_option(".hm-kind", "")
    page.select_option(".hm-region", "Region 1")
    assert shown() == 2
    page.select_option(".hm-region", "")
    for query, expected in (
        ("Ալֆա", 1),
        ("gulabli", 1),
        ("CITY 1", 10),
        ("nowhere", 1),
        ("zzz", 0),
    ):
        page.fill(".hm-search", query)
        assert shown() == expected, query
    page.fill(".hm-search", "city 0")
    assert page.locator(".hm-results .hm-site").count() == 10


def test_fragment_state_is_written_and_restored(
    offline_page: Any, timeline_map: tuple[Path, Path]
) -> None:
    _, maps = timeline_map
    page, _ = open_map(offline_page, maps / "index.html")
    page.locator(".hm-status input[value='unknown']").uncheck()
    page.select_option(".hm-kind", "church")
    page.fill(".hm-search", "bravo")
    box = page.locator(".hm-map").bounding_box()
    page.mouse.move(box["x"] + 200, box["y"] + 200)
    page.mouse.wheel(0, -300)
    page.wait_for_timeout(800)
    page.evaluate("heritageMap.app.select(heritageMap.app.indexOf('bravo'))")
    zoom, lat, lon = page.evaluate(
        "[heritageMap.map.getZoom(), heritageMap.map.getCenter().lat,"
        " heritageMap.map.getCenter().lng]"
    )
    fragment = page.evaluate("location.hash")
    view = f"view={zoom}%2F{lat:.5f}%2F{lon:.5f}"
    for part in ("site=bravo", "kind=church", "q=bravo", view, "status=intact"):
        assert part in fragment
    again, _ = open_map(offline_page, maps / "index.html", fragment)
    assert again.locator(".hm-site-details h2").text_content() == "Bravo"
    assert again.locator(".hm-kind").input_value() == "church"
    assert again.locator(".hm-search").input_value() == "bravo"
    assert not again.locator(".hm-status input[value='unknown']").is_checked()
    assert again.evaluate("heritageMap.map.getZoom()") == zoom
    centre = again.evaluate("[heritageMap.map.getCenter().lat, heritageMap.map.getCenter().lng]")
    assert centre == pytest.approx([lat, lon], abs=1e-4)


def test_shared_link_opens_site_and_date(
    offline_page: Any, timeline_map: tuple[Path, Path]
) -> None:
    _, maps = timeline_map
    page, _ = open_map(offline_page, maps / "index.html", "#as_of=2021-06-30&site=delta")
    assert page.locator(".hm-site-details h2").text_content() == "Delta"
    assert "Status as of 2021-06-30" in page.locator(".hm-facts").text_content()
    assert "Destroyed" in page.locator(".hm-facts").text_content()
    page.evaluate("location.hash = '#as_of=2021-06-29&site=delta'")
    page.locator(".hm-facts:has-text('Status as of 2021-06-29')").wait_for()
    assert "Unknown" in page.locator(".hm-facts").text_content()


def test_sites_without_coordinates_are_listed(
    offline_page: Any, timeline_map: tuple[Path, Path]
) -> None:
    _, maps = timeline_map
    page, _ = open_map(offline_page, maps / "index.html")
    summary = page.locator(".hm-nogeo summary")
    assert summary.text_content() == "Sites without coordinates (1)"
    summary.click()
    entry = page.locator(".hm-nogeo .hm-site")
    entry.first.wait_for()  # the list is built when the section opens (a "toggle" event)
    assert entry.count() == 1
    assert "Nowhere Chapel" in entry.text_content()
    entry.click()
    details = page.locator(".hm-site-details")
    assert "No coordinates in the catalogue" in details.text_content()
    assert details.locator(".hm-sources a").get_attribute("href") == "https://example.org/report"
    assert "Damaged" in details.locator(".hm-facts").text_content()


def test_armenian_interface(
    offline_page: Any, timeline_map: tuple[Path, Path], tmp_path: Path, artifacts: Path
) -> None:
    catalogue, _ = timeline_map
    maps = build(catalogue, tmp_path / "hy", lang="hy")
    page, record = open_map(offline_page, maps / "index.html", "#site=alpha")
    assert page.evaluate("document.documentElement.lang") == "hy"
    assert page.locator(".hm-site-details h2").text_content() == "Ալֆա վանք"
    assert page.locator(".hm-status-label").first.text_content() == "Անվնաս"
    # A name with no Armenian form falls back to English.
    page.evaluate("heritageMap.app.select(heritageMap.app.indexOf('bravo'))")
    assert page.locator(".hm-site-details h2").text_content() == "Bravo"
    page.screenshot(path=str(artifacts / "map-test-hy.png"))
    assert real_errors(record) == []


def test_embed_fills_the_frame_and_leaves_the_wheel_alone(
    offline_page: Any, timeline_map: tuple[Path, Path], artifacts: Path
) -> None:
    _, maps = timeline_map
    page, record = open_map(
        offline_page, maps / "embed.html", viewport={"width": 640, "height": 400}
    )
    # The header (title, date, credit, full map) on top; the map fills the rest of the frame.
    head = page.locator(".hm-embed-head").bounding_box()
    assert head is not None and head["y"] == 0 and head["width"] == 640
    box = page.locator(".hm-map").bounding_box()
    assert box == {"x": 0, "y": head["height"], "width": 640, "height": 400 - head["height"]}
    assert page.locator(".hm-controls .hm-search").is_hidden()
    assert page.locator(".hm-legend").is_visible()
    zoom = page.evaluate("heritageMap.map.getZoom()")
    # Above the notices the embed shows at its foot (offline, the tiles fail).
    page.mouse.move(200, 180)
    page.mouse.wheel(0, -600)
    page.wait_for_timeout(400)
    assert page.evaluate("heritageMap.map.getZoom()") == zoom
    page.mouse.click(200, 180)
    page.mouse.wheel(0, -600)
    page.wait_for_timeout(600)
    assert page.evaluate("heritageMap.map.getZoom()") > zoom
    page.screenshot(path=str(artifacts / "map-test-embed.png"))
    assert real_errors(record) == []


def test_embed_in_a_sandboxed_iframe(offline_page: Any, timeline_map: tuple[Path, Path]) -> None:
    from heritage.maps import embed_snippet

    _, maps = timeline_map
    host = maps / "host.html"
    snippet = embed_snippet("embed.html", site="alpha")
    host.write_text(f"<!DOCTYPE html><title>host</title><p>Article</p>{snippet}", encoding="utf-8")
    page, record = offline_page(cdn_routes())
    page.goto(host.resolve().as_uri())
    frame = page.frame_locator("iframe")
    frame.locator("html[data-hm-ready]").wait_for(state="attached")
    assert frame.locator(".hm-site-details h2").text_content() == "Alpha"
    assert (
        page.locator("iframe").get_attribute("sandbox")
        == "allow-scripts allow-popups allow-popups-to-escape-sandbox"
    )
    assert real_errors(record) == []


def test_building_twice_gives_the_same_bytes(
    timeline_map: tuple[Path, Path], tmp_path: Path
) -> None:
    catalogue, maps = timeline_map
    again = build(catalogue, tmp_path / "again")
    for name in ("index.html", "embed.html"):
        assert (maps / name).read_bytes() == (again / name).read_bytes()


def test_sensitive_coordinates_are_nowhere(offline_page: Any, tmp_path: Path) -> None:
    secret = minimal_site("secret-shrine", location={"precision": "site", "sensitive": True,
                          "source": "https://maps.example/?q=39.6543,46.1234"})  # fmt: skip
    secret["geometry"]["coordinates"] = [46.1234, 39.6543]
    path = tmp_path / "sites.geojson"
    path.write_text(json.dumps(collection(secret, minimal_site("open-church"))), encoding="utf-8")
    maps = build(path, tmp_path / "maps")
    for name in ("index.html", "embed.html"):
        data = (maps / name).read_bytes()
        for text in (b"46.1234", b"39.6543", b"46.123", b"39.654"):
            assert text not in data, (name, text)
    page, _ = open_map(offline_page, maps / "index.html", "#site=secret-shrine")
    details = page.locator(".hm-site-details")
    assert "shown only as a grid cell of 0.1°" in details.text_content()
    assert page.evaluate("heritageMap.app.d.S.geo[heritageMap.app.indexOf('secret-shrine')]") == 2


@pytest.mark.parametrize(
    "features",
    [[], [minimal_site("undated", history=[event(None, "damaged")])]],
    ids=["empty", "undated-only"],
)
def test_maps_without_dates_or_sites_still_work(
    offline_page: Any, tmp_path: Path, features: list[dict[str, Any]]
) -> None:
    path = tmp_path / "sites.geojson"
    path.write_text(json.dumps(collection(*features)), encoding="utf-8")
    maps = build(path, tmp_path / "maps")
    page, record = open_map(offline_page, maps / "index.html")
    assert page.locator(".hm-slider").is_disabled()
    assert page.locator(".hm-legend legend").text_content() == "Status as of latest reports"
    assert page.locator(".hm-count").text_content().startswith(f"{len(features)} of ")
    if features:
        assert status_of(page, "undated") == "unknown"
    assert real_errors(record) == []
