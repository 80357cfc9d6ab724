"""The map of the real catalogue (data/sites.geojson), in headless Chromium, with screenshots."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import CATALOGUE
from map_support import build, click_site, only_tiles, open_map, real_errors

from heritage import load

pytestmark = pytest.mark.browser
SHUSHA = (39.7583, 46.7483)  # the city point shared by the Shusha sites


@pytest.fixture(scope="module")
def real_map(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(CATALOGUE, tmp_path_factory.mktemp("real"))


def test_real_map_draws_every_located_site(
    offline_page: Any, real_map: Path, artifacts: Path
) -> None:
    cat = load(CATALOGUE)
    page, record = open_map(offline_page, real_map / "index.html",
                            viewport={"width": 1280, "height": 800})  # fmt: skip
    located = int(cat.sites.geometry.notna().sum())
    assert page.evaluate("heritageMap.app.d.S.geo.filter(Boolean).length") == located
    count = page.locator(".hm-count").text_content()
    assert count.startswith(f"{len(cat.sites)} of {len(cat.sites)} sites shown.")
    assert f"{len(cat.sites) - located} of them have no coordinates" in count
    page.screenshot(path=str(artifacts / "map-real-index.png"))
    assert only_tiles(record.external_requests) == []
    assert real_errors(record) == []


@pytest.mark.parametrize(
    "day", ["2019-12-31", "2020-11-30", "2021-06-30", "2023-10-01", "2025-06-30"]
)
def test_real_statuses_match_the_library(offline_page: Any, real_map: Path, day: str) -> None:
    expected = load(CATALOGUE).status_at(day).to_dict()
    page, _ = open_map(offline_page, real_map / "index.html", f"#as_of={day}")
    shown = page.evaluate(
        "() => { const a = heritageMap.app, d = a.d; const out = {};"
        " for (let i = 0; i < d.n; i++) out[d.S.id[i]] = d.vocab.status[d.status[i]]; return out; }"
    )
    assert shown == expected


def test_real_shusha_point_lists_all_its_sites(
    offline_page: Any, real_map: Path, artifacts: Path
) -> None:
    cat = load(CATALOGUE)
    at_point = cat.sites[cat.sites.geometry.apply(lambda g: g is not None and (g.y, g.x) == SHUSHA)]
    assert len(at_point) > 20
    page, _ = open_map(
        offline_page, real_map / "index.html", viewport={"width": 1280, "height": 800}
    )
    click_site(page, *SHUSHA)
    buttons = page.locator(".hm-group .hm-site-name")
    # Every site of the point is listed (with any drawn close enough to be under the click).
    assert set(at_point["name"]) <= set(buttons.all_text_contents())
    page.screenshot(path=str(artifacts / "map-real-shusha.png"))


def test_real_site_panel(offline_page: Any, real_map: Path, artifacts: Path) -> None:
    page, record = open_map(offline_page, real_map / "index.html",
                            "#as_of=2021-06-30&site=amaras-monastery",
                            viewport={"width": 1280, "height": 800})  # fmt: skip
    details = page.locator(".hm-site-details")
    assert details.locator("h2").text_content() == "Amaras Monastery"
    assert "Status as of 2021-06-30" in details.text_content()
    assert details.locator(".hm-claim").count() >= 1
    page.screenshot(path=str(artifacts / "map-real-panel.png"))
    embed, _ = open_map(
        offline_page, real_map / "embed.html", viewport={"width": 800, "height": 500}
    )
    embed.screenshot(path=str(artifacts / "map-real-embed.png"))
    assert real_errors(record) == []
