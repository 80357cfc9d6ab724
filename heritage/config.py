"""The project's one configuration file, ``heritage.toml`` at the repository root.

It says what the published website calls itself, where it lives, which repository takes
change reports, which languages and basemaps are built, the feed's identity and the
licences. Every key is optional: without the file (or with an empty one) everything builds
with the defaults of :class:`Config`. An unknown key is an error that names the closest
known key, so that a typo never silently falls back to a default. See ``docs/configuration.md``.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Final
from urllib.parse import urlsplit

from heritage.errors import HeritageError

#: The file name looked for in the current folder when no path is given.
CONFIG_FILE: Final[str] = "heritage.toml"
DEFAULT_BASEMAPS: Final[tuple[str, ...]] = ("OpenStreetMap.Mapnik", "Esri.WorldImagery")
DEFAULT_DESCRIPTION: Final[str] = (
    "A dated, sourced record of the condition of cultural heritage sites under threat: "
    "who reported what, and when."
)
_REPOSITORY = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}$")
# RFC 4151 taggingEntity: a domain name or an e-mail address, a comma, and a date.
_TAG_AUTHORITY = re.compile(
    r"^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+"
    r"|[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}),\d{4}(?:-\d{2}(?:-\d{2})?)?$"
)
_TEMPLATE = re.compile(r"^[A-Za-z0-9._-]+\.ya?ml$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")


class ConfigError(HeritageError, ValueError):
    """The configuration file cannot be read or holds a value that cannot be used."""


@dataclass(frozen=True)
class Config:
    """The project's settings (every one optional in ``heritage.toml``).

    Attributes
    ----------
    title
        The website's title; by default the catalogue's own ``name``, else "Heritage sites".
    description
        One or two sentences on what the website is (front page, previews).
    base_url
        The public address of the website, ending in ``/`` (for example
        ``https://owner.github.io/heritage/``): absolute links in the sitemap, the feed's
        ``rel="self"`` and previews. ``None``: not published yet (links stay relative).
    repository
        ``owner/name`` on GitHub, for "report a change" links to the issue form.
    report_template
        The issue form's file name in ``.github/ISSUE_TEMPLATE/``.
    languages
        Interface languages to build; the first is the default page.
    basemaps
        Tile providers offered on the map, by their ``xyzservices`` names.
    feed_id
        The feed's tag authority (RFC 4151: a domain or e-mail address you control, a comma
        and a date on which you did, ``example.org,2024``). ``None``: ids are ``urn:uuid:``
        values derived from the entries, which need no domain.
    code_licence, data_licence, data_licence_url
        The licences of the code and of the catalogue.
    attribution
        The credit line readers must keep when they reuse the data.
    """

    title: str | None = None
    description: str = DEFAULT_DESCRIPTION
    base_url: str | None = None
    repository: str | None = None
    report_template: str = "report-change.yml"
    languages: tuple[str, ...] = ("en",)
    basemaps: tuple[str, ...] = DEFAULT_BASEMAPS
    feed_id: str | None = None
    code_licence: str = "MIT"
    data_licence: str = "CC BY 4.0"
    data_licence_url: str = "https://creativecommons.org/licenses/by/4.0/"
    attribution: str = "heritage contributors"
    source: Path | None = field(default=None, compare=False)

    def site_title(self, catalogue_name: Any = None) -> str:
        """Return the title: the configured one, else the catalogue's name, else a default."""
        if self.title:
            return self.title
        if isinstance(catalogue_name, str) and catalogue_name.strip():
            return catalogue_name.strip()
        return "Heritage sites under threat"

    def absolute(self, path: str) -> str | None:
        """Return the public URL of a path of the website, or None without ``base_url``."""
        return None if self.base_url is None else self.base_url + path.lstrip("/")

    @property
    def credit(self) -> str:
        """The data credit line: attribution and licence, for pages and exports' metadata."""
        return f"Data: {self.attribution}, {self.data_licence} ({self.data_licence_url})"


KEYS: Final[tuple[str, ...]] = tuple(f.name for f in fields(Config) if f.name != "source")


def _fail(where: str, key: str, message: str) -> ConfigError:
    return ConfigError(f"{where}: '{key}' {message}")


def _text(where: str, key: str, value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _fail(where, key, "must be a non-empty text in quotes")
    if any(ord(c) < 32 and c not in "\t" for c in value):
        raise _fail(where, key, "must be one line without control characters")
    return value.strip()


def _names(where: str, key: str, value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not value:
        raise _fail(where, key, 'must be a non-empty list of texts, like ["en"]')
    items = tuple(_text(where, key, v) for v in value)
    if len(set(items)) != len(items):
        raise _fail(where, key, "lists a value twice")
    return items


def _check(where: str, key: str, value: Any) -> Any:
    """Return a configured value in its final form, or raise a :class:`ConfigError`."""
    if key in ("languages", "basemaps"):
        items = _names(where, key, value)
        checker = _check_language if key == "languages" else _check_basemap
        for item in items:
            checker(where, item)
        return items
    text = _text(where, key, value)
    if key == "base_url":
        parts = urlsplit(text)
        if parts.scheme not in ("http", "https") or not parts.netloc or parts.query:
            raise _fail(where, key, "must be an http(s) address like https://example.org/heritage/")
        return text if text.endswith("/") else text + "/"
    if key == "repository" and not _REPOSITORY.match(text):
        raise _fail(where, key, "must be a GitHub repository as owner/name")
    if key == "feed_id" and not _TAG_AUTHORITY.match(text):
        raise _fail(where, key, "must be a domain or e-mail address and a date: example.org,2024")
    if key == "report_template" and not _TEMPLATE.match(text):
        raise _fail(where, key, "must be a file name in .github/ISSUE_TEMPLATE/ (*.yml)")
    if key == "data_licence_url" and urlsplit(text).scheme not in ("http", "https"):
        raise _fail(where, key, "must be an http(s) address")
    return text


def available_languages() -> list[str]:
    """Return the interface languages the project has translations for."""
    folder = Path(__file__).parent / "i18n"
    return sorted(p.stem for p in folder.glob("*.json"))


def _check_language(where: str, lang: str) -> None:
    known = available_languages()
    if not _LANGUAGE.match(lang) or lang not in known:
        raise ConfigError(
            f"{where}: language '{lang}' has no translation; available: {', '.join(known)}"
        )


def _check_basemap(where: str, name: str) -> None:
    import xyzservices

    try:
        xyzservices.providers.query_name(name)
    except ValueError:
        close = difflib.get_close_matches(name, list(xyzservices.providers.flatten()), n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        raise ConfigError(
            f"{where}: basemap '{name}' is not an xyzservices provider{hint}"
        ) from None


def parse_config(text: str, where: str = CONFIG_FILE) -> Config:
    """Parse the text of a configuration file.

    Raises
    ------
    ConfigError
        When it is not TOML, or a key is unknown or has a value that cannot be used.
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{where}: not valid TOML: {exc}") from exc
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key not in KEYS:
            close = difflib.get_close_matches(key, KEYS, n=1)
            hint = f"; did you mean '{close[0]}'?" if close else f"; known keys: {', '.join(KEYS)}"
            raise ConfigError(f"{where}: unknown key '{key}'{hint}")
        values[key] = _check(where, key, value)
    return Config(**values)


def override(config: Config, where: str, **values: Any) -> Config:
    """Return the configuration with some keys set (from the command line), each checked.

    Parameters
    ----------
    config
        The configuration read from the file.
    where
        Where the values come from, for messages (``--base-url``).
    **values
        Keys of :class:`Config` and their values; ``None`` values are ignored.

    Raises
    ------
    ConfigError
        When a value cannot be used.
    """
    checked = {k: _check(where, k, v) for k, v in values.items() if v is not None}
    if not checked:
        return config
    current = {f.name: getattr(config, f.name) for f in fields(Config)}
    return Config(**(current | checked))


def load_config(path: str | Path | None = None) -> Config:
    """Read the configuration file.

    Parameters
    ----------
    path
        The file; by default ``heritage.toml`` in the current folder, and the defaults
        when there is none.

    Returns
    -------
    Config
        The settings.

    Raises
    ------
    ConfigError
        When a given file is missing, or a file cannot be read or used.
    """
    target = Path(path) if path is not None else Path(CONFIG_FILE)
    try:
        text = target.read_text(encoding="utf-8")
    except FileNotFoundError:
        if path is None:
            return Config()
        raise ConfigError(f"{target}: configuration file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{target}: cannot read ({exc})") from exc
    config = parse_config(text, str(target))
    return Config(**{f.name: getattr(config, f.name) for f in fields(Config)} | {"source": target})
