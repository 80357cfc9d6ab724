"""Links are written by anyone: every value of the fragment is checked, and a wrong one is
ignored with a visible notice, never an error that stops the page."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from map_support import build, open_map, real_errors
from test_map_browser import timeline_catalogue

pytestmark = pytest.mark.browser

#: Fragment, the words its notice must contain. Values are as a browser's address bar
#: would hold them (percent-encoded where needed).
HOSTILE = [
    ("#view=1e308/1e308/1e308", "Ignored the view “1e308/1e308/1e308”"),
    ("#view=NaN/NaN/NaN", "Ignored the view"),
    ("#view=Infinity/0/0", "Ignored the view"),
    ("#view=7/91/46", "Ignored the view"),
    ("#view=7/40/181", "Ignored the view"),
    ("#view=99/40/46", "Ignored the view"),
    ("#view=-3/40/46", "Ignored the view"),
    ("#view=7.5/40/46", "Ignored the view"),
    ("#view=7/40", "Ignored the view"),
    ("#view=0x10/40/46", "Ignored the view"),
    ("#view=7/40/46/2", "Ignored the view"),
    ("#as_of=2021-13-01", "Ignored the date “2021-13-01”"),
    ("#as_of=2021-02-30", "Ignored the date"),
    ("#as_of=1e308", "Ignored the date"),
    ("#as_of=99999-01-01", "Ignored the date"),
    ("#as_of=0000-01-01", "Ignored the date"),
    ("#as_of=-2021", "Ignored the date"),
    ("#as_of=%3Cscript%3Ealert(1)%3C/script%3E", "Ignored the date “<script>alert(1)</script>”"),
    ("#status=bogus", "Ignored the status “bogus”"),
    ("#status=damaged,__proto__", "Ignored the status “__proto__”"),
    ("#kind=spaceship", "Ignored the kind “spaceship”"),
    ("#kind=constructor", "Ignored the kind"),
    ("#region=Atlantis", "Ignored the region “Atlantis”"),
    ("#region=toString", "Ignored the region"),
    ("#q=" + "x" * 300, "Ignored a search text of more than 200 characters"),
    ("#basemap=Evil.Tiles", "Ignored the background map “Evil.Tiles”"),
    ("#basemap=__proto__", "Ignored the background map"),
    ("#lang=xx", "Ignored the language “xx”"),
    ("#lang=javascript:alert(1)", "Ignored the language"),
    ("#site=no-such-site", "No site with id “no-such-site” in this catalogue."),
    ("#site=%22%5D%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E", 'No site with id “"]<img src=x'),
    ("#site=__proto__", "No site with id “__proto__”"),
    ("#foo=bar", "Ignored “foo=bar” in the link"),
    ("#%E0%A4%A", "Ignored"),
    ("#view=" + "9" * 5000, "Ignored the view"),
]


@pytest.fixture(scope="module")
def maps(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("fragment")
    path = folder / "sites.geojson"
    path.write_text(json.dumps(timeline_catalogue(), ensure_ascii=False), encoding="utf-8")
    return build(path, folder / "maps")


def state(page: Any) -> dict[str, Any]:
    result: dict[str, Any] = page.evaluate(
        """(() => { const a = heritageMap.app, c = heritageMap.map.getCenter();
        return {lat: c.lat, lng: c.lng, zoom: heritageMap.map.getZoom(), asOf: a.asOf,
          def: a.defaultAsOf, kind: a.kind, region: a.region, query: a.query,
          selected: a.selected, basemap: a.basemap, shown: a.shown,
          allowed: Array.from(a.allowed)}; })()"""
    )
    return result


@pytest.mark.parametrize(("fragment", "words"), HOSTILE, ids=[h[0][:40] for h in HOSTILE])
def test_a_wrong_value_is_ignored_with_a_notice(
    offline_page: Any, maps: Path, fragment: str, words: str
) -> None:
    page, record = open_map(offline_page, maps / "index.html", fragment)
    notices = page.locator(".hm-notice:not([data-key='tiles'])")
    assert notices.count() >= 1
    texts = " | ".join(notices.all_text_contents())
    assert words in texts
    assert notices.first.is_visible()
    now = state(page)
    # The page started, on sane values: the defaults wherever the link was wrong.
    assert -90 <= now["lat"] <= 90 and -180 <= now["lng"] <= 180 and 0 <= now["zoom"] <= 19
    assert now["asOf"] == now["def"] and now["selected"] == -1 and now["basemap"] == 0
    assert now["kind"] == -1 and now["region"] == -1 and now["query"] == ""
    assert now["allowed"] == [1] * len(now["allowed"]) or "status=damaged" in fragment
    assert now["shown"] > 0
    # Nothing from the link became markup or ran.
    assert page.evaluate("document.querySelectorAll('img:not(.leaflet-tile)').length") == 0
    assert record.dialogs == []
    assert real_errors(record) == []
    # A notice can be dismissed.
    before = notices.count()
    notices.first.locator(".hm-notice-close").click()
    assert notices.count() == before - 1


def test_good_values_next_to_a_wrong_one_still_apply(offline_page: Any, maps: Path) -> None:
    page, _ = open_map(
        offline_page, maps / "index.html",
        "#view=1e308/0/0&as_of=2021-06-30&kind=church&status=damaged,bogus",
    )  # fmt: skip
    now = state(page)
    assert page.locator(".hm-date").input_value() == "2021-06-30"
    assert now["kind"] >= 0
    allowed = page.evaluate(
        "heritageMap.app.d.vocab.status.filter((c, s) => heritageMap.app.allowed[s])"
    )
    assert allowed == ["damaged"]
    texts = " ".join(page.locator(".hm-notice").all_text_contents())
    assert "Ignored the view" in texts and "Ignored the status “bogus”" in texts


def test_an_unknown_site_suggests_close_ids(offline_page: Any, maps: Path) -> None:
    page, _ = open_map(offline_page, maps / "index.html", "#site=alhpa")
    notice = page.locator(".hm-notice[data-key='site']")
    assert "No site with id “alhpa” in this catalogue." in notice.text_content()
    suggestions = notice.locator(".hm-suggest button").all_text_contents()
    assert suggestions[0] == "alpha"
    notice.locator(".hm-suggest button").first.click()
    assert page.locator(".hm-site-details h2").text_content() == "Alpha"
    assert page.locator(".hm-notice[data-key='site']").count() == 0
    assert page.evaluate("location.hash").startswith("#site=alpha")


def test_a_good_link_after_a_wrong_one_clears_the_notice(offline_page: Any, maps: Path) -> None:
    page, _ = open_map(offline_page, maps / "index.html", "#as_of=2021-99")
    assert page.locator(".hm-notice").filter(has_text="Ignored the date").count() == 1
    page.evaluate("location.hash = '#as_of=2021-06-30'")
    for _ in range(50):  # hashchange is dispatched after the script (no eval under the CSP)
        if page.locator(".hm-date").input_value() == "2021-06-30":
            break
        page.wait_for_timeout(50)
    assert page.locator(".hm-date").input_value() == "2021-06-30"
    assert page.locator(".hm-notice").filter(has_text="Ignored the date").count() == 0
