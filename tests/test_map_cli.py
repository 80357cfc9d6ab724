"""``heritage map`` and ``heritage embed`` on the command line; languages and pinned assets."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import CATALOGUE, ROOT, collection, minimal_site
from map_support import LEAFLET_CACHE

from heritage import vocabulary
from heritage.cli import cli
from heritage.maps import assets, i18n


def run(*args: str) -> Any:
    return CliRunner().invoke(cli, list(args))


def test_map_writes_both_pages(write_catalogue: Any, tmp_path: Path) -> None:
    path = write_catalogue(collection(minimal_site("a"), minimal_site("b")))
    out = tmp_path / "out" / "maps"
    result = run("map", str(path), "-o", str(out), "--lang", "hy", "--as-of", "2021")
    assert result.exit_code == 0, result.output
    index, embed = (out / "index.html").read_bytes(), (out / "embed.html").read_bytes()
    assert b'<html lang="hy"' in index and b'class="hm-page"' in index
    # The embed's script leaves the scroll wheel to the page (app.js reads "embed").
    assert b'class="hm-embed"' in embed and b'"embed":true' in embed
    assert b'"embed":false' in index
    assert "2 sites, 2 on the map, 0 listed without coordinates" in result.output


def test_map_reports_what_it_cannot_show(write_catalogue: Any, tmp_path: Path) -> None:
    site = minimal_site("odd")
    site["properties"]["history"][0]["date"] = "soon"
    path = str(write_catalogue(collection(site)))
    # The map validates first: an invalid catalogue stops it, and nothing is written.
    refused = run("map", path, "-o", str(tmp_path / "m"))
    assert refused.exit_code == 2
    assert "error[invalid-date] odd: 'soon'" in refused.output
    assert not (tmp_path / "m").exists()
    result = run("map", path, "-o", str(tmp_path / "m"), "--no-check")
    assert result.exit_code == 0
    assert "warning[map-invalid-date] [odd] /features/0/properties/history/0/date" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--as-of", "2021-13"], "--as-of: '2021-13': month 13 does not exist"),
        (["--as-of", "2020/2021"], "--as-of: '2020/2021': give a single date"),
    ],
)
def test_map_bad_arguments(
    write_catalogue: Any, tmp_path: Path, args: list[str], message: str
) -> None:
    path = write_catalogue(collection(minimal_site()))
    result = run("map", str(path), "-o", str(tmp_path / "m"), *args)
    assert result.exit_code == 2
    assert result.output.startswith("heritage: ") and message in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "m").exists()


def test_map_unreadable_catalogue(write_catalogue: Any, tmp_path: Path) -> None:
    missing = run("map", str(tmp_path / "none.geojson"), "-o", str(tmp_path / "m"))
    assert missing.exit_code == 2 and "no such file" in missing.output
    broken = run("map", str(write_catalogue("{not json")), "-o", str(tmp_path / "m"))
    assert broken.exit_code == 2 and "[invalid-json] not valid JSON" in broken.output
    unknown = run("map", str(write_catalogue("{}")), "--lang", "xx")
    assert unknown.exit_code == 2 and "'xx' is not one of" in unknown.output


def test_embed_prints_a_sandboxed_responsive_iframe() -> None:
    url = "https://example.org/maps/embed.html"
    result = run("embed", "--url", url, "--site", "amaras-monastery", "--as-of", "2021-06-30",
                 "--height", "500", "--catalogue", str(CATALOGUE))  # fmt: skip
    assert result.exit_code == 0
    snippet = result.output.strip()
    assert snippet.startswith("<iframe ") and snippet.endswith("></iframe>")
    attrs = dict(re.findall(r'(\w+)="([^"]*)"', snippet))
    assert attrs["src"] == (
        "https://example.org/maps/embed.html#site=amaras-monastery&amp;as_of=2021-06-30"
    )
    assert attrs["sandbox"] == "allow-scripts allow-popups allow-popups-to-escape-sandbox"
    assert "width" not in attrs and attrs["height"] == "500"  # HTML allows no "100%" there
    assert "width:100%" in attrs["style"] and "height:500px" in attrs["style"]
    assert attrs["title"].startswith("Map of heritage sites under threat")
    assert "allow-same-origin" not in snippet


@pytest.mark.parametrize(
    "args",
    [["--url", "javascript:alert(1)"], ["--height", "5"], ["--as-of", "yesterday"]],
)
def test_embed_refuses_bad_arguments(args: list[str]) -> None:
    result = run("embed", *args)
    assert result.exit_code == 2 and result.output.startswith("heritage: ")


def test_embed_escapes_what_it_is_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # no catalogue here to check the site against
    result = run("embed", "--url", 'maps/"><script>x</script>', "--site", '"><b>')
    assert result.exit_code == 0
    assert "<script>" not in result.output and "<b>" not in result.output


def test_every_interface_string_used_exists_in_english() -> None:
    english = json.loads((ROOT / "heritage" / "i18n" / "en.json").read_text(encoding="utf-8"))
    code = "".join(assets.scripts())
    used = set(re.findall(r'\bt\("([a-z_]+)"[,)]', code))
    used |= {f"key_{k}" for k in re.findall(r'\["(halo|cell|badge)", ', code)}
    assert used, "the scripts' strings were not found"
    assert used <= set(english["ui"]), used - set(english["ui"])


@pytest.mark.parametrize("lang", [lang for lang in i18n.languages() if lang != "en"])
def test_other_languages_translate_known_keys(lang: str) -> None:
    own = json.loads((ROOT / "heritage" / "i18n" / f"{lang}.json").read_text(encoding="utf-8"))
    english = i18n.english()
    assert set(own["ui"]) == set(english["ui"]), "a language file gives every interface string"
    for group, table in own.items():
        if isinstance(table, dict) and group != "ui":
            assert set(table) <= set(english[group]), (group, set(table) - set(english[group]))
    assert set(own["status"]) == set(vocabulary.ALL_STATUSES)


def test_adding_a_language_is_one_file() -> None:
    assert i18n.languages() == sorted(p.stem for p in (ROOT / "heritage" / "i18n").glob("*.json"))
    labels = i18n.labels("hy")
    # What Armenian leaves out falls back to English, from the vocabulary itself.
    assert labels["kind"]["church"] == "Եկեղեցի"
    assert labels["status_def"]["intact"] != vocabulary.STATUS_TERMS[0].definition
    english = i18n.labels("en")
    assert english["status"]["destroyed"] == "Destroyed"
    assert english["precision_def"]["city"] == vocabulary.PRECISION_TERMS[2].definition


def test_pinned_assets_match_their_integrity_hashes() -> None:
    for asset in (assets.LEAFLET_JS, assets.LEAFLET_CSS):
        body = (LEAFLET_CACHE / asset.path).read_bytes()
        digest = base64.b64encode(hashlib.sha384(body).digest()).decode()
        assert asset.integrity == f"sha384-{digest}"
    script = (ROOT / "scripts" / "fetch-test-assets").read_text(encoding="utf-8")
    assert f'PACKAGE="{assets.LEAFLET_NPM}"' in script
    assert f'INTEGRITY="{assets.LEAFLET_NPM_INTEGRITY}"' in script
