"""The written pages: valid HTML structure, languages that link to each other, basemaps."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
import xyzservices
from click.testing import CliRunner
from conftest import collection, minimal_site

from heritage.cli import cli
from heritage.errors import InvalidArgumentError
from heritage.maps import MapSettings, assets, build_map, write_map
from heritage.maps.settings import basemap


def small() -> dict[str, Any]:
    return collection(minimal_site("a"), minimal_site("b"))


@pytest.fixture(scope="module")
def pages() -> Any:
    return build_map(small(), settings=MapSettings(languages=("en", "hy")))


def test_the_charset_comes_first_and_every_script_is_in_the_body(pages: Any) -> None:
    for page in (pages.index, pages.embed, pages.others["hy"].index):
        # The HTML standard wants the encoding declared within the first 1024 bytes.
        assert page.find(b'<meta charset="utf-8">') < 1024
        assert page.count(b"charset") == 1
        body_end = page.rindex(b"</body>")
        assert b"<script" not in page[body_end:]
        assert page.rstrip().endswith(b"</body>\n</html>")
        assert page.count(b"<main ") == 1
        # The message shown when Leaflet does not arrive is in the page itself.
        assert b'class="hm-fallback"' in page and b"<noscript>" in page


def test_the_policy_allows_every_basemap_and_nothing_else(pages: Any) -> None:
    policy = re.search(rb'Content-Security-Policy" content="([^"]+)"', pages.index)
    assert policy is not None
    img = next(p for p in policy.group(1).decode().split("; ") if p.startswith("img-src"))
    assert img.split()[1:3] == ["https://server.arcgisonline.com", "https://tile.openstreetmap.org"]
    assert "*" not in img and "http:" not in img


def _sha256(text: bytes) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text).digest()).decode() + "'"


def test_the_policy_allows_exactly_the_page_s_own_scripts_and_style(pages: Any) -> None:
    for page in (pages.index, pages.embed, pages.others["hy"].embed):
        policy = re.search(rb'Content-Security-Policy" content="([^"]+)"', page)
        assert policy is not None
        parts = {p.split()[0]: p.split()[1:] for p in policy.group(1).decode().split("; ")}
        inline = re.findall(rb"<script>(.*?)</script>", page, re.S)
        styles = re.findall(rb"<style>(.*?)</style>", page, re.S)
        assert len(inline) == 9 and len(styles) == 1
        assert parts["script-src"] == [*(_sha256(s) for s in inline), assets.LEAFLET_JS.url]
        assert parts["style-src"] == [_sha256(styles[0]), assets.LEAFLET_CSS.url]
        # Only Leaflet's file and the inline scripts above: nothing else is loaded as script.
        assert re.findall(rb"<script src=\"([^\"]+)\"", page) == [assets.LEAFLET_JS.url.encode()]


def test_the_page_s_own_files_cannot_close_their_element() -> None:
    """Our script and style go inline: a closing tag in them would end the element early."""
    for text in [*assets.scripts(), assets.style()]:
        assert "</script" not in text.lower() and "</style" not in text.lower()
        assert "<!--" not in text


def test_the_map_element_is_in_the_main_landmark_before_the_script(pages: Any) -> None:
    for page in (pages.index, pages.embed):
        main = page.index(b'<main class="hm-main"')
        element = page.index(b'<div class="hm-map" id="hm-map"></div>')
        assert main < element < page.index(b"</main>") < page.rindex(b"<script>")
        assert blocks_config(page)["element"] == "hm-map"


def blocks_config(page: bytes) -> dict[str, Any]:
    body = page.split(b'id="heritage-config">')[1].split(b"</script>")[0]
    config: dict[str, Any] = json.loads(body)["config"]
    return config


def test_the_map_opens_on_the_sites_or_on_the_region() -> None:
    config = blocks_config(build_map(small()).index)
    bounds = config["bounds"]
    centre = [(bounds[0][0] + bounds[1][0]) / 2, (bounds[0][1] + bounds[1][1]) / 2]
    assert config["view"] == {"center": centre, "zoom": 7}
    unlocated = minimal_site("nowhere")
    unlocated["geometry"] = None
    config = blocks_config(build_map(collection(unlocated)).index)
    assert config["bounds"] is None and config["view"] == {"center": [40.0, 46.0], "zoom": 7}


def test_basemaps_come_from_xyzservices_with_their_attribution() -> None:
    esri = basemap("Esri.WorldImagery")
    provider = xyzservices.providers.Esri.WorldImagery
    assert esri.url == provider.build_url()
    assert esri.attribution == provider.html_attribution
    assert esri.host == "https://server.arcgisonline.com"
    osm = basemap("OpenStreetMap.Mapnik")
    assert "OpenStreetMap" in osm.attribution and osm.max_zoom == 19
    page = build_map(small(), basemaps=["Esri.WorldImagery"]).index
    assert provider.html_attribution.encode().replace(b"&", b"\\u0026") in page
    assert b"tile.openstreetmap.org" not in page


@pytest.mark.parametrize("name", ["No.Such", "Thunderforest.OpenCycleMap", ""])
def test_an_unusable_basemap_is_refused(name: str) -> None:
    with pytest.raises(InvalidArgumentError, match="basemap"):
        build_map(small(), basemaps=[name] if name else ["x"])


def test_each_language_has_its_page_and_they_link_to_each_other(tmp_path: Path) -> None:
    written, _ = write_map(small(), tmp_path, settings=MapSettings(languages=("en", "hy")))
    names = sorted(p.name for p in written)
    assert names == ["embed.html", "embed.hy.html", "index.html", "index.hy.html"]
    english, armenian = (
        (tmp_path / "index.html").read_text(),
        (tmp_path / "index.hy.html").read_text(),
    )
    for page in (english, armenian):
        assert '<link rel="alternate" hreflang="en" href="index.html">' in page
        assert '<link rel="alternate" hreflang="hy" href="index.hy.html">' in page
        assert '<link rel="alternate" hreflang="x-default" href="index.html">' in page
    assert english.startswith('<!DOCTYPE html>\n<html lang="en"')
    assert '<html lang="hy"' in armenian
    embed = (tmp_path / "embed.hy.html").read_text()
    assert '<link rel="alternate" hreflang="en" href="embed.html">' in embed


def test_one_language_only_has_no_alternates(tmp_path: Path) -> None:
    write_map(small(), tmp_path)
    assert 'rel="alternate"' not in (tmp_path / "index.html").read_text()


def test_map_lang_never_overwrites_the_first_language(tmp_path: Path) -> None:
    path = tmp_path / "sites.geojson"
    path.write_text(__import__("json").dumps(small()), encoding="utf-8")
    runner = CliRunner()
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        first = runner.invoke(cli, ["map", str(path)])
        assert first.exit_code == 0, first.output
        english = (tmp_path / "maps" / "index.html").read_bytes()
        second = runner.invoke(cli, ["map", str(path), "--lang", "hy"])
        assert second.exit_code == 0, second.output
    finally:
        os.chdir(cwd)
    assert (tmp_path / "maps" / "index.html").read_bytes() == english
    armenian = (tmp_path / "maps" / "index.hy.html").read_bytes()
    assert b'<html lang="hy"' in armenian
    # It links to the English page beside it, and says which is the default.
    assert b'<link rel="alternate" hreflang="en" href="index.html">' in armenian
    assert b'<link rel="alternate" hreflang="x-default" href="index.html">' in armenian
    assert b'<html lang="hy"' in (tmp_path / "maps" / "embed.hy.html").read_bytes()
    assert "maps/index.hy.html: written" in second.output


def test_pages_of_every_language_are_deterministic(tmp_path: Path) -> None:
    settings = MapSettings(languages=("en", "hy"))
    first = build_map(small(), settings=settings)
    second = build_map(small(), settings=settings)
    assert first.index == second.index and first.embed == second.embed
    assert first.others["hy"].index == second.others["hy"].index


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"public_url": "javascript:alert(1)//"}, "public URL"),
        ({"public_url": " https://example.org/"}, "public URL"),
        ({"licence_url": "data:text/html,x"}, "licence URL"),
        ({"languages": ()}, "language"),
        ({"basemaps": ()}, "basemap"),
    ],
)
def test_settings_refuse_unusable_values(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(InvalidArgumentError, match=message):
        MapSettings(**changes)


def test_the_public_address_is_where_the_embed_sends_readers() -> None:
    settings = MapSettings(public_url="https://example.org/heritage")
    page = build_map(small(), settings=settings).embed
    assert b'"full_map":"https://example.org/heritage/maps/index.html"' in page
    assert b'"full_map":"index.html"' in build_map(small()).embed


def test_the_catalogue_name_is_text_in_the_title() -> None:
    hostile = "</title><script>alert(1)</script>{{ 7*7 }}"
    pages = build_map(dict(small(), name=hostile))
    for page in (pages.index, pages.embed):
        assert (
            b"<title>&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;{{ 7*7 }}</title>" in page
        )
        assert page.count(b"<script>alert(1)") == 0


def test_settings_come_from_the_project_configuration(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys
    import types

    from heritage.maps import settings

    config = types.SimpleNamespace(
        title="Our record", data_licence="CC BY 4.0", attribution="The project",
        data_licence_url="https://creativecommons.org/licenses/by/4.0/",
        base_url="https://example.org/record/", basemaps=("Esri.WorldImagery",),
        languages=("hy", "en"),
    )  # fmt: skip
    module = types.ModuleType("heritage.config")
    module.load_config = lambda path=None: config  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "heritage.config", module)
    loaded = settings.load()
    assert loaded.languages == ("hy", "en") and loaded.default_language == "hy"
    assert loaded.page_name("index", "hy") == "index.html"
    assert loaded.page_name("index", "en") == "index.en.html"
    assert loaded.public_url == "https://example.org/record/"
    assert loaded.basemaps == ("Esri.WorldImagery",) and loaded.title == "Our record"
    pages = build_map(small(), settings=loaded)
    assert b"<title>Our record</title>" in pages.index
    assert b'"full_map":"https://example.org/record/maps/index.html"' in pages.embed
