"""Unknown site ids get "did you mean" (by id, name or alt name) in every command that takes one."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import collection, minimal_site

from heritage.canonical import canonical_text
from heritage.cli import cli
from heritage.errors import UnknownSiteError
from heritage.site_lookup import find_site, suggest


def _features() -> list[dict[str, Any]]:
    amaras = minimal_site(
        "amaras-monastery",
        name={"en": "Amaras Monastery", "hy": "Ամարասի վանք", "az": "Amaras monastırı"},
        alt_names=["Amaras Vank"],
        kind="monastery",
    )
    cathedral = minimal_site(
        "ghazanchetsots-cathedral",
        name={"en": "Ghazanchetsots Cathedral"},
        alt_names=["Holy Savior Cathedral"],
        kind="cathedral",
    )
    other = minimal_site("kataravank-church", name={"en": "Kataravank Church"})
    return [amaras, cathedral, other]


def test_a_known_id_is_found() -> None:
    assert find_site(collection(*_features()), "kataravank-church")["id"] == "kataravank-church"
    by_id = {f["id"]: f for f in _features()}
    assert find_site(by_id, "amaras-monastery") is by_id["amaras-monastery"]


@pytest.mark.parametrize(
    ("query", "meant"),
    [
        ("amaras-monastry", "amaras-monastery"),  # a typo in the id
        ("Amaras Monastery", "amaras-monastery"),  # the English name instead of the id
        ("Ամարասի վանք", "amaras-monastery"),  # the Armenian name
        ("amaras monastiri", "amaras-monastery"),  # the Azerbaijani name, accents dropped
        ("holy savior cathedral", "ghazanchetsots-cathedral"),  # an alternative name
        ("Ghazanchetsots", "ghazanchetsots-cathedral"),  # part of a name
    ],
)
def test_unknown_ids_say_which_site_was_meant(query: str, meant: str) -> None:
    with pytest.raises(UnknownSiteError) as caught:
        find_site(collection(*_features()), query)
    assert caught.value.suggestions[0] == meant
    assert f"no site with id '{query}' in the catalogue" in str(caught.value)
    assert f"Did you mean '{meant}'" in str(caught.value)
    assert isinstance(caught.value, LookupError)  # callers may catch the builtin


def test_nothing_alike_gives_no_suggestion() -> None:
    with pytest.raises(UnknownSiteError) as caught:
        find_site(_features(), "zzzz")
    assert caught.value.suggestions == []
    assert "Did you mean" not in str(caught.value) and "lowercase slugs" in str(caught.value)
    assert suggest(_features(), "   ") == []


def _catalogue(tmp_path: Path) -> Path:
    path = tmp_path / "sites.geojson"
    path.write_text(canonical_text(collection(*_features())), encoding="utf-8")
    return path


def _run(*args: str) -> Any:
    return CliRunner().invoke(cli, list(args))


def test_embed_checks_the_site_against_the_catalogue(tmp_path: Path) -> None:
    catalogue = str(_catalogue(tmp_path))
    result = _run("embed", "--site", "amaras-monastry", "--catalogue", catalogue)
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "Did you mean 'amaras-monastery' (Amaras Monastery)?" in result.output
    result = _run("embed", "--site", "amaras-monastery", "--catalogue", catalogue)
    assert result.exit_code == 0 and "#site=amaras-monastery" in result.output
    result = _run("embed", "--site", "x", "--catalogue", str(tmp_path / "missing.geojson"))
    assert result.exit_code == 2 and "no such file" in result.output


def test_embed_uses_the_default_catalogue_when_present(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    # No data/sites.geojson here: nothing to check against, the snippet is printed.
    assert _run("embed", "--url", "embed.html", "--site", "anything").exit_code == 0
    (tmp_path / "data").mkdir()
    _catalogue(tmp_path).rename(tmp_path / "data" / "sites.geojson")
    result = _run("embed", "--url", "embed.html", "--site", "Kataravank Church")
    assert result.exit_code == 2 and "Did you mean 'kataravank-church'" in result.output
    # The call of the publish workflow (no --site) is unchanged.
    assert _run("embed", "--url", "embed.html").exit_code == 0


def test_add_event_suggests_the_site_and_writes_nothing(tmp_path: Path) -> None:
    catalogue = _catalogue(tmp_path)
    before = catalogue.read_bytes()
    args = ["--summary", "A report.", "--type", "claim", "--reported-by", "A ministry"]
    result = _run("add-event", "Amaras Vank", str(catalogue), *args)
    assert result.exit_code == 1
    assert "error[unknown-site]" in result.stderr
    assert "Did you mean 'amaras-monastery' (Amaras Monastery)?" in result.stderr
    assert catalogue.read_bytes() == before


def test_add_event_takes_the_site_as_an_option(tmp_path: Path) -> None:
    catalogue = _catalogue(tmp_path)
    args = ["--summary", "A report.", "--type", "claim", "--reported-by", "A ministry"]
    args += ["--date", "2021"]
    result = _run("add-event", "--site", "kataravank-church", str(catalogue), *args)
    assert result.exit_code == 0, result.output
    assert "A ministry" in catalogue.read_text("utf-8")
    result = _run("add-event", "a", str(catalogue), "--site", "b", *args)
    assert result.exit_code == 2 and "given twice" in result.output
    result = _run("add-event", *args)
    assert result.exit_code == 2 and "give the site's id" in result.output


def test_resolve_accepts_an_id_or_any_name() -> None:
    from heritage.site_lookup import resolve_site

    features = _features()
    assert resolve_site(features, "amaras-monastery")["id"] == "amaras-monastery"
    assert resolve_site(features, " Ամարասի վանք ")["id"] == "amaras-monastery"
    assert resolve_site(features, "holy savior cathedral")["id"] == "ghazanchetsots-cathedral"
    twin = minimal_site("amaras-chapel", name={"en": "Amaras Chapel"}, alt_names=["Amaras Vank"])
    with pytest.raises(UnknownSiteError) as caught:
        resolve_site([*features, twin], "Amaras Vank")
    assert "names 2 sites" in str(caught.value)
    assert caught.value.suggestions == ["amaras-monastery", "amaras-chapel"]
    with pytest.raises(UnknownSiteError) as caught:
        resolve_site(features, "Amaras Monastry")
    assert caught.value.suggestions == ["amaras-monastery"]
