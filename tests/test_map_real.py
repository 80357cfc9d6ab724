"""The map of the real catalogue (data/sites.geojson), in headless Chromium, with screenshots.

Each test runs on the bundled catalogue and on a copy edited by hand (tests/hand_edit.py: new
events, a new site, a withdrawal...), and computes what it expects from the catalogue it
reads, so that an ordinary contribution never fails it. Withdrawn sites leave the map.
"""

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
def real_catalogue(any_catalogue: Path) -> Any:
    return load(any_catalogue)


@pytest.fixture(scope="module")
def real_map(any_catalogue: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(any_catalogue, tmp_path_factory.mktemp("real"))


@pytest.fixture(scope="module")
def shot(any_catalogue: Path, artifacts: Path) -> Any:
    """Name a screenshot; those of the hand-edited catalogue get their own names."""
    suffix = "" if any_catalogue == CATALOGUE else "-hand-edited"
    return lambda name: str(artifacts / f"{name}{suffix}.png")


def active(cat: Any) -> Any:
    """The sites the map shows: those not withdrawn."""
    return cat.sites[~cat.sites["withdrawn"]]


def test_real_map_draws_every_located_site(
    offline_page: Any, real_map: Path, real_catalogue: Any, shot: Any
) -> None:
    sites = active(real_catalogue)
    page, record = open_map(offline_page, real_map / "index.html",
                            viewport={"width": 1280, "height": 800})  # fmt: skip
    located = int(sites.geometry.notna().sum())
    assert page.evaluate("heritageMap.app.d.S.geo.filter(Boolean).length") == located
    count = page.locator(".hm-count").text_content()
    assert count.startswith(f"{len(sites)} of {len(sites)} sites shown.")
    assert f"{len(sites) - located} of them have no coordinates" in count
    page.screenshot(path=shot("map-real-index"))
    assert only_tiles(record.external_requests) == []
    assert real_errors(record) == []


@pytest.mark.parametrize(
    "day", ["2019-12-31", "2020-11-30", "2021-06-30", "2023-10-01", "2025-06-30"]
)
def test_real_statuses_match_the_library(
    offline_page: Any, real_map: Path, real_catalogue: Any, day: str
) -> None:
    shown_ids = active(real_catalogue).index
    expected = real_catalogue.status_at(day)[shown_ids].to_dict()
    page, _ = open_map(offline_page, real_map / "index.html", f"#as_of={day}")
    shown = page.evaluate(
        "() => { const a = heritageMap.app, d = a.d; const out = {};"
        " for (let i = 0; i < d.n; i++) out[d.S.id[i]] = d.vocab.status[d.status[i]]; return out; }"
    )
    assert shown == expected


def test_real_shusha_point_lists_all_its_sites(
    offline_page: Any, real_map: Path, real_catalogue: Any, shot: Any
) -> None:
    sites = active(real_catalogue)
    at_point = sites[sites.geometry.apply(lambda g: g is not None and (g.y, g.x) == SHUSHA)]
    assert len(at_point) > 20
    page, _ = open_map(
        offline_page, real_map / "index.html", viewport={"width": 1280, "height": 800}
    )
    click_site(page, *SHUSHA)
    buttons = page.locator(".hm-group .hm-site-name")
    # Every site of the point is listed (with any drawn close enough to be under the click).
    assert set(at_point["name"]) <= set(buttons.all_text_contents())
    page.screenshot(path=shot("map-real-shusha"))


def test_real_site_panel(offline_page: Any, real_map: Path, shot: Any) -> None:
    page, record = open_map(offline_page, real_map / "index.html",
                            "#as_of=2021-06-30&site=amaras-monastery",
                            viewport={"width": 1280, "height": 800})  # fmt: skip
    details = page.locator(".hm-site-details")
    assert details.locator("h2").text_content() == "Amaras Monastery"
    assert "Status as of 2021-06-30" in details.text_content()
    assert details.locator(".hm-claim").count() >= 1
    page.screenshot(path=shot("map-real-panel"))
    embed, _ = open_map(
        offline_page, real_map / "embed.html", viewport={"width": 800, "height": 500}
    )
    embed.screenshot(path=shot("map-real-embed"))
    assert real_errors(record) == []
