"""What the published map says about itself: title, licence, languages, basemaps, address.

These come from the project's configuration file (``heritage.toml``, read by
:mod:`heritage.config`) when the project has one; otherwise from the defaults here, so
that a map builds anywhere. Basemaps are names of tile providers in ``xyzservices`` (the
registry folium and geopandas use), which also gives each provider's URL, zoom range and
the attribution its terms require.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Final
from urllib.parse import urlsplit

from heritage.errors import InvalidArgumentError

DEFAULT_BASEMAPS: Final[tuple[str, ...]] = ("OpenStreetMap.Mapnik", "Esri.WorldImagery")
DEFAULT_LICENCE: Final[str] = "CC BY 4.0"
DEFAULT_LICENCE_URL: Final[str] = "https://creativecommons.org/licenses/by/4.0/"
DEFAULT_ATTRIBUTION: Final[str] = "heritage contributors"


@dataclass(frozen=True)
class Basemap:
    """One tile layer the visitor may choose (all values from ``xyzservices``).

    Attributes
    ----------
    name
        The provider's ``xyzservices`` name (kept in the URL fragment as ``basemap=``).
    url
        Leaflet's URL template.
    attribution
        The provider's HTML attribution (from the package, never from the catalogue).
    max_zoom, subdomains
        As the provider states them.
    """

    name: str
    url: str
    attribution: str
    max_zoom: int
    subdomains: str

    @property
    def host(self) -> str:
        """The CSP source of its tile server (``{s}`` subdomains as a wildcard)."""
        parts = urlsplit(self.url)
        return f"{parts.scheme}://{parts.netloc.replace('{s}', '*')}"

    def as_json(self) -> dict[str, Any]:
        """Return what the page's script needs to make the layer."""
        return {"name": self.name, "url": self.url, "attribution": self.attribution,
                "max_zoom": self.max_zoom, "subdomains": self.subdomains}  # fmt: skip


def basemap(name: str) -> Basemap:
    """Return a tile provider of ``xyzservices`` by its name (``"Esri.WorldImagery"``).

    Raises
    ------
    InvalidArgumentError
        When ``xyzservices`` has no such provider, or it needs an API key or is not https.
    """
    import xyzservices

    try:
        provider = xyzservices.providers.query_name(name)
    except ValueError:
        raise InvalidArgumentError(f"basemap '{name}' is not an xyzservices provider") from None
    if provider.requires_token():
        raise InvalidArgumentError(f"basemap '{name}' needs an API key; choose another")
    url = provider.build_url()
    if not url.startswith("https://"):
        raise InvalidArgumentError(f"basemap '{name}' is not served over https")
    subdomains = provider.get("subdomains", "abc")
    return Basemap(
        name=provider.name,
        url=url.replace("{r}", ""),
        attribution=provider.html_attribution,
        max_zoom=int(provider.get("max_zoom", 18)),
        subdomains=subdomains if isinstance(subdomains, str) else "".join(subdomains),
    )


def _http_url(value: str | None, what: str) -> str | None:
    if value is None:
        return None
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or value != value.strip():
        raise InvalidArgumentError(f"{what}: '{value}' must be an http(s) address")
    return value


@dataclass(frozen=True)
class MapSettings:
    """The settings a map is built with (see :func:`load`).

    Attributes
    ----------
    title
        The catalogue's title for headings; ``None``: the catalogue's ``name`` or a default.
    licence, licence_url, attribution
        The data licence and the credit line readers keep when they reuse the data.
    public_url
        The website's public address (ending in ``/``); the embed's links then point at
        ``<public_url>maps/...``. ``None``: links relative to the embed.
    basemaps
        ``xyzservices`` names; the first is shown when a page opens.
    languages
        Interface languages to write; the first is ``index.html``, others ``index.<code>.html``.
    """

    title: str | None = None
    licence: str = DEFAULT_LICENCE
    licence_url: str = DEFAULT_LICENCE_URL
    attribution: str = DEFAULT_ATTRIBUTION
    public_url: str | None = None
    basemaps: tuple[str, ...] = DEFAULT_BASEMAPS
    languages: tuple[str, ...] = ("en",)

    def __post_init__(self) -> None:
        _http_url(self.licence_url, "licence URL")
        url = _http_url(self.public_url, "public URL")
        if url is not None and not url.endswith("/"):
            object.__setattr__(self, "public_url", url + "/")
        if not self.basemaps:
            raise InvalidArgumentError("at least one basemap is needed")
        if not self.languages:
            raise InvalidArgumentError("at least one language is needed")

    @property
    def default_language(self) -> str:
        """The language of ``index.html`` and ``embed.html``."""
        return self.languages[0]

    def page_name(self, page: str, lang: str) -> str:
        """``index.html`` for the default language, ``index.<lang>.html`` for the others."""
        return f"{page}.html" if lang == self.default_language else f"{page}.{lang}.html"

    def tiles(self) -> list[Basemap]:
        """Return the basemaps, resolved through ``xyzservices``."""
        return [basemap(name) for name in self.basemaps]

    def but(self, **changes: Any) -> MapSettings:
        """Return a copy with some values changed (``None`` values are left as they are)."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


def load(path: str | Path | None = None) -> MapSettings:
    """Return the map's settings from the project's configuration file, or the defaults.

    Parameters
    ----------
    path
        The configuration file; by default ``heritage.toml`` in the current folder, if
        the project has a configuration module at all.

    Raises
    ------
    heritage.errors.HeritageError
        When a configuration file exists but cannot be used.
    """
    try:
        # The website's configuration (heritage/config.py); a map builds without it.
        config_module: Any = importlib.import_module("heritage.config")
    except ImportError:
        return MapSettings()
    config = config_module.load_config(path)
    defaults = MapSettings()

    def value(name: str, default: Any) -> Any:
        # Read by name, so that a setting the configuration does not have keeps its default.
        found = getattr(config, name, None)
        return default if found is None else found

    return MapSettings(
        title=value("title", None),
        licence=value("data_licence", defaults.licence),
        licence_url=value("data_licence_url", defaults.licence_url),
        attribution=value("attribution", defaults.attribution),
        public_url=value("base_url", None),
        basemaps=tuple(value("basemaps", defaults.basemaps)),
        languages=tuple(value("languages", defaults.languages)),
    )
