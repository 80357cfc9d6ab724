"""heritage.toml: defaults, every key, and clear errors for what cannot be used."""

from __future__ import annotations

from pathlib import Path

import pytest

from heritage.config import CONFIG_FILE, Config, ConfigError, load_config, parse_config

ROOT = Path(__file__).resolve().parent.parent


def test_no_file_gives_the_defaults(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    config = load_config()
    assert config == Config()
    assert config.basemaps == ("OpenStreetMap.Mapnik", "Esri.WorldImagery")
    assert config.languages == ("en",)
    assert config.base_url is None and config.repository is None and config.feed_id is None
    assert config.site_title("A catalogue") == "A catalogue"
    assert config.credit.startswith("Data: heritage contributors, CC BY 4.0")


def test_the_repository_file_is_valid_and_documented() -> None:
    config = load_config(ROOT / CONFIG_FILE)
    assert config.data_licence == "CC BY 4.0"
    documented = (ROOT / "docs" / "configuration.md").read_text("utf-8")
    from heritage.config import KEYS

    for key in KEYS:
        assert f"`{key}`" in documented, key
        assert key in (ROOT / CONFIG_FILE).read_text("utf-8"), key


def test_every_key_is_read() -> None:
    config = parse_config(
        'title = "T"\ndescription = "D"\nbase_url = "https://example.org/x"\n'
        'repository = "octo/heritage"\nreport_template = "change.yml"\nlanguages = ["hy", "en"]\n'
        'basemaps = ["CartoDB.Positron"]\nfeed_id = "example.org,2024"\n'
        'attribution = "A"\ndata_licence = "CC BY-SA 4.0"\n'
        'data_licence_url = "https://creativecommons.org/licenses/by-sa/4.0/"\n'
        'code_licence = "Apache-2.0"\n'
    )
    assert config.base_url == "https://example.org/x/"  # a folder: the slash is added
    assert config.absolute("sites/a.html") == "https://example.org/x/sites/a.html"
    assert config.languages == ("hy", "en") and config.basemaps == ("CartoDB.Positron",)
    assert config.site_title("ignored") == "T"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('titel = "x"', "unknown key 'titel'; did you mean 'title'?"),
        ('base_ulr = "x"', "did you mean 'base_url'?"),
        ('zzz = "x"', "unknown key 'zzz'; known keys: title, description"),
        ('base_url = "javascript:alert(1)"', "'base_url' must be an http(s) address"),
        ('base_url = "https://example.org/?a=1"', "'base_url' must be an http(s) address"),
        ('repository = "https://github.com/o/r"', "'repository' must be a GitHub repository"),
        ('feed_id = "heritage"', "'feed_id' must be a domain or e-mail address and a date"),
        ('languages = ["xx"]', "language 'xx' has no translation; available: en, hy"),
        ('languages = "en"', "'languages' must be a non-empty list"),
        ('languages = ["en", "en"]', "'languages' lists a value twice"),
        ('basemaps = ["OpenStreetMap.Mapnk"]', "did you mean 'OpenStreetMap.Mapnik'?"),
        ('report_template = "../x.yml"', "'report_template' must be a file name"),
        ("title = 3", "'title' must be a non-empty text"),
        ('title = "a\\nb"', "'title' must be one line"),
        ("title = ", "not valid TOML"),
    ],
)
def test_errors_say_what_to_fix(text: str, message: str) -> None:
    with pytest.raises(ConfigError, match=r"^heritage\.toml: ") as caught:
        parse_config(text)
    assert message in str(caught.value)


def test_a_named_file_must_exist(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="configuration file not found"):
        load_config(tmp_path / "missing.toml")
