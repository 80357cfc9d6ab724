"""The map's District filter (issue 13): the districts of data/places.json, in the browser.

What the page shows is compared with an independent reading of the catalogue and the
gazetteer (plain JSON and a walk up the parents written here, not heritage.places).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import CATALOGUE, collection, minimal_site
from map_support import build, open_map, real_errors

from heritage import places
from heritage.maps import build_map

pytestmark = pytest.mark.browser
GAZETTEER = CATALOGUE.parent / "places.json"
ALL, NONE_LABEL = "All districts", "Not placed in a district"


def expected_districts(catalogue: Path, gazetteer: Path) -> dict[str, tuple[str, str] | None]:
    """Site id -> (district id, label), or None: the rule of docs/places.md, written again."""
    units = {p["id"]: p for p in json.loads(gazetteer.read_text(encoding="utf-8"))["places"]}

    def label(unit: dict[str, Any]) -> str:
        names = [unit["names"]["en"]]
        names += [o["name"] for o in unit.get("other_names", []) if o["lang"] == "en"]
        return " / ".join(dict.fromkeys(names))

    def district(place: Any) -> tuple[str, str] | None:
        current = units.get(place) if isinstance(place, str) else None
        while current is not None:
            parent = units.get(current["parent"]) if current["parent"] else None
            if current["kind"] == "district" or (
                current["kind"] == "city"
                and parent is not None
                and parent["kind"] in ("country", "region")
            ):
                return current["id"], label(current)
            current = parent
        return None

    data = json.loads(catalogue.read_text(encoding="utf-8"))
    return {
        f["id"]: district(f["properties"].get("place"))
        for f in data["features"]
        if not f["properties"].get("withdrawn")
    }


@pytest.fixture(scope="module")
def expected() -> dict[str, tuple[str, str] | None]:
    return expected_districts(CATALOGUE, GAZETTEER)


@pytest.fixture(scope="module")
def real_map(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(CATALOGUE, tmp_path_factory.mktemp("districts"))


def shown_ids(page: Any) -> set[str]:
    return set(
        page.evaluate(
            "(() => { const a = heritageMap.app;"
            " return a.d.S.id.filter((id, i) => a.visible[i] === 1); })()"
        )
    )


def test_the_filter_lists_the_districts_present(
    offline_page: Any, real_map: Path, expected: dict[str, tuple[str, str] | None]
) -> None:
    present = {d for d in expected.values() if d is not None}
    assert len(present) >= 10  # the bundled catalogue is placed (docs/places.md)
    page, record = open_map(offline_page, real_map / "index.html")
    select = page.locator("select.hm-district")
    assert select.is_visible()
    # Labelled beside the Region filter.
    assert page.locator("label.hm-field:has(select.hm-district) .hm-label").text_content() == (
        "District"
    )
    options = select.locator("option")
    labels, values = (
        options.all_text_contents(),
        [options.nth(k).get_attribute("value") for k in range(options.count())],
    )
    assert labels[0] == ALL and values[0] == ""
    unplaced = any(d is None for d in expected.values())
    middle = slice(1, -1) if unplaced else slice(1, None)
    assert sorted(zip(values[middle], labels[middle], strict=True)) == sorted(present)
    assert labels[middle] == sorted(labels[middle], key=lambda s: (s.casefold(), s))
    # Both administrations' names where they differ.
    assert "Khankendi / Stepanakert" in labels
    if unplaced:
        assert (values[-1], labels[-1]) == ("none", NONE_LABEL)
    assert real_errors(record) == []


def test_filtering_by_a_district_shows_exactly_its_sites(
    offline_page: Any, real_map: Path, expected: dict[str, tuple[str, str] | None]
) -> None:
    page, record = open_map(offline_page, real_map / "index.html")
    assert shown_ids(page) == set(expected)
    choices = [*sorted({d[0] for d in expected.values() if d is not None}), "none"]
    for value in choices:
        page.select_option("select.hm-district", value)
        want = {
            site
            for site, d in expected.items()
            if (d is None if value == "none" else d is not None and d[0] == value)
        }
        assert want, value
        assert shown_ids(page) == want, value
        assert (
            f"{len(want)} of {len(expected)} sites shown"
            in page.locator(".hm-count").text_content()
        )
        assert f"district={value}" in page.evaluate("location.hash")
    page.select_option("select.hm-district", "")
    assert shown_ids(page) == set(expected)
    assert "district=" not in page.evaluate("location.hash")
    assert real_errors(record) == []


def test_the_district_combines_with_the_other_filters(
    offline_page: Any, real_map: Path, expected: dict[str, tuple[str, str] | None]
) -> None:
    data = json.loads(CATALOGUE.read_text(encoding="utf-8"))
    kinds = {f["id"]: f["properties"].get("kind") for f in data["features"]}
    district = "az-shusha-district"
    want = {s for s, d in expected.items() if d and d[0] == district and kinds[s] == "church"}
    assert want
    page, _ = open_map(offline_page, real_map / "index.html", f"#kind=church&district={district}")
    assert shown_ids(page) == want
    assert page.locator("select.hm-district").input_value() == district


def test_the_fragment_round_trips(
    offline_page: Any, real_map: Path, expected: dict[str, tuple[str, str] | None]
) -> None:
    page, record = open_map(offline_page, real_map / "index.html")
    page.select_option("select.hm-district", "az-khankendi-city")
    fragment = page.evaluate("location.hash")
    assert fragment == "#district=az-khankendi-city"
    again, record2 = open_map(offline_page, real_map / "index.html", fragment)
    assert again.locator("select.hm-district").input_value() == "az-khankendi-city"
    assert shown_ids(again) == {s for s, d in expected.items() if d and d[0] == "az-khankendi-city"}
    assert again.locator(".hm-notice:not([data-key='tiles'])").count() == 0
    # The "not placed" choice is kept the same way.
    third, _ = open_map(offline_page, real_map / "index.html", "#district=none")
    assert third.locator("select.hm-district").input_value() == "none"
    assert shown_ids(third) == {s for s, d in expected.items() if d is None}
    assert real_errors(record) == [] and real_errors(record2) == []


@pytest.mark.parametrize(
    "value",
    ["az-atlantis", "__proto__", "toString", "", "AZ-SHUSHA-DISTRICT", "az-shusha-city",
     "%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E", "az"],
)  # fmt: skip
def test_a_bad_district_is_ignored_with_a_notice(
    offline_page: Any, real_map: Path, expected: dict[str, tuple[str, str] | None], value: str
) -> None:
    page, record = open_map(offline_page, real_map / "index.html", f"#district={value}")
    notices = page.locator(".hm-notice:not([data-key='tiles'])")
    assert notices.count() == 1
    assert notices.first.is_visible()
    assert "Ignored the district" in notices.first.text_content()
    assert page.locator("select.hm-district").input_value() == ""
    assert shown_ids(page) == set(expected)
    assert page.evaluate("document.querySelectorAll('img:not(.leaflet-tile)').length") == 0
    assert record.dialogs == [] and real_errors(record) == []


def test_a_site_shows_its_district(
    offline_page: Any, real_map: Path, expected: dict[str, tuple[str, str] | None]
) -> None:
    placed = sorted(s for s, d in expected.items() if d is not None)[0]
    page, _ = open_map(offline_page, real_map / "index.html", f"#site={placed}")
    facts = page.locator(".hm-details .hm-facts")
    row = facts.locator("dt:text-is('District') + dd")
    assert row.text_content() == expected[placed][1]  # type: ignore[index]
    unplaced = sorted(s for s, d in expected.items() if d is None)
    if unplaced:
        page2, _ = open_map(offline_page, real_map / "index.html", f"#site={unplaced[0]}")
        row2 = page2.locator(".hm-details .hm-facts dt:text-is('District') + dd")
        assert row2.text_content() == NONE_LABEL


def test_hostile_place_labels_stay_text(
    offline_page: Any, tmp_path: Path, write_catalogue: Any
) -> None:
    """A gazetteer beside the catalogue is read, and its names never become markup."""
    evil = '<img src=x onerror="alert(1)">'
    gazetteer = {
        "places": [
            {"id": "xx", "kind": "country", "parent": None, "names": {"en": "Testland"}},
            {"id": "xx-evil-district", "kind": "district", "parent": "xx",
             "names": {"en": evil}},
            {"id": "xx-good-district", "kind": "district", "parent": "xx",
             "names": {"en": "Good"}},
        ]
    }  # fmt: skip
    path = write_catalogue(
        collection(
            minimal_site("a-site", place="xx-evil-district"),
            minimal_site("b-site", place="xx-good-district"),
            minimal_site("c-site"),
        )
    )
    (path.parent / "places.json").write_text(json.dumps(gazetteer), encoding="utf-8")
    out = build(path, tmp_path / "maps")
    page, record = open_map(offline_page, out / "index.html", "#district=xx-evil-district")
    options = page.locator("select.hm-district option").all_text_contents()
    assert options == [ALL, evil, "Good", NONE_LABEL]  # by label: "<" before "G"
    assert shown_ids(page) == {"a-site"}
    assert page.evaluate("document.querySelectorAll('img:not(.leaflet-tile)').length") == 0
    assert record.dialogs == [] and real_errors(record) == []


def test_no_gazetteer_no_district_filter(
    offline_page: Any,
    tmp_path: Path,
    write_catalogue: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """No places.json beside the catalogue and none in the repository: no filter."""
    monkeypatch.setattr(places, "DEFAULT_PATH", tmp_path / "nowhere" / "places.json")
    path = write_catalogue(collection(minimal_site("a-site", place="az-shusha-city")))
    out = build(path, tmp_path / "maps")
    assert b'"districts"' not in (out / "index.html").read_bytes()
    page, record = open_map(offline_page, out / "index.html")
    assert page.locator("select.hm-district").count() == 0
    assert page.locator("select.hm-region").count() == 1
    # A link made for a map with districts says the value was ignored.
    page2, _ = open_map(offline_page, out / "index.html", "#district=az-shusha-district")
    assert "Ignored the district" in " ".join(
        page2.locator(".hm-notice:not([data-key='tiles'])").all_text_contents()
    )
    assert shown_ids(page2) == {"a-site"}
    assert real_errors(record) == []


def test_an_empty_gazetteer_gives_no_district_data(tmp_path: Path) -> None:
    pages = build_map(
        collection(minimal_site("a-site", place="az-shusha-city")),
        gazetteer=places.Gazetteer([]),
    )
    assert b'"districts"' not in pages.index and b'"districts"' not in pages.embed
    with_places = build_map(collection(minimal_site("a-site", place="az-shusha-city")))
    assert b'"districts":[["az-shusha-district","Shusha District"]]' in with_places.index
