"""The interactive map: ``maps/index.html`` (full page) and ``maps/embed.html`` (for iframes).

One pair of pages per interface language (``index.<lang>.html`` for all but the first);
title, licence, public address, languages and basemaps come from
:class:`~heritage.maps.settings.MapSettings`.

The catalogue goes into each page once, as a compact columnar JSON block
(:mod:`heritage.maps.data`); the page's own script (``heritage/assets/map``) draws every site
on one canvas, computes each site's status as of any date from the embedded history, and
builds a site's details only when it is opened. See ``docs/map.md``.

This package is imported only by the map commands, so that ``heritage validate`` starts
fast; it writes the page itself around Leaflet, with no template engine or map library
(``docs/architecture.md``, "folium: a conscious decision").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import orjson

from heritage import dates, text
from heritage._gc import paused_gc
from heritage.document import read_bytes
from heritage.errors import (
    CatalogueParseError,
    CatalogueWriteError,
    InvalidArgumentError,
)
from heritage.issues import Issue
from heritage.maps import i18n
from heritage.maps.embed import embed_snippet
from heritage.maps.settings import MapSettings
from heritage.places import Gazetteer
from heritage.privacy import DEFAULT_CELL
from heritage.write import write_atomic

__all__ = ["MapPages", "MapSettings", "build_map", "embed_snippet", "read_catalogue", "write_map"]


@dataclass
class MapPages:
    """The pages of a map in one language, and what the map could not show.

    Attributes
    ----------
    index, embed
        The pages, UTF-8 bytes.
    issues
        Values that could not be put on the map (warnings; see :mod:`heritage.maps.data`).
    sites, located
        How many sites the pages carry, and how many of them are drawn.
    lang
        The interface language of these pages.
    others
        Pages of further languages built with these (language code to ``MapPages``).
    """

    index: bytes
    embed: bytes
    issues: list[Issue] = field(default_factory=list)
    sites: int = 0
    located: int = 0
    lang: str = i18n.DEFAULT_LANGUAGE
    others: dict[str, MapPages] = field(default_factory=dict)


def read_catalogue(path: str | Path) -> Any:
    """Read and parse a catalogue file as fast as possible (no validation).

    Raises
    ------
    CatalogueNotFoundError, CatalogueReadError
        When the file is missing or cannot be read.
    CatalogueParseError
        When it is not UTF-8 JSON.
    InvalidCatalogueError
        When a text is longer than any field may be (:func:`heritage.text.refuse_long_texts`).
    """
    raw = read_bytes(path)
    try:
        data = orjson.loads(raw.removeprefix(b"\xef\xbb\xbf"))
    except orjson.JSONDecodeError as exc:
        raise CatalogueParseError(f"{path}: not valid UTF-8 JSON: {exc}") from exc
    text.refuse_long_texts(raw, data, path)
    return data


def _as_of_day(as_of: date | str | None) -> int | None:
    if as_of is None:
        return None
    if isinstance(as_of, str):
        try:
            as_of = dates.parse_day(as_of)
        except dates.DateFormatError as exc:
            raise InvalidArgumentError(f"--as-of: {exc}") from exc
    return dates.day_number(as_of)


def build_map(
    catalogue: str | Path | dict[str, Any],
    *,
    lang: str | None = None,
    as_of: date | str | None = None,
    cell: float = DEFAULT_CELL,
    settings: MapSettings | None = None,
    basemaps: list[str] | tuple[str, ...] | None = None,
    languages: list[str] | tuple[str, ...] | None = None,
    gazetteer: Gazetteer | None = None,
) -> MapPages:
    """Build the pages of the map from a catalogue file or its parsed GeoJSON.

    Parameters
    ----------
    catalogue
        A path to the GeoJSON catalogue, or the parsed FeatureCollection.
    lang
        Build only this interface language (a file in ``heritage/i18n``); by default every
        language of the settings. Names are shown in it where the catalogue gives them, in
        English otherwise.
    as_of
        The date the map opens on (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, taking its latest
        day); by default the latest reports.
    cell
        Grid cell size in degrees for sensitive sites.
    settings
        Title, licence, public address, languages and basemaps; by default
        :class:`~heritage.maps.settings.MapSettings` in the one language asked for, or English
        (the commands read the project's configuration: :func:`heritage.maps.settings.load`).
    basemaps, languages
        ``xyzservices`` provider names and language codes, instead of the settings' own.
    gazetteer
        The units of the sites' ``place`` (for the district filter); by default the one
        that goes with the catalogue, as ``heritage validate`` finds it
        (:func:`heritage.places.load`). With none, or an empty one, the page has no
        district filter.

    Returns
    -------
    MapPages
        The pages of the first language, the others in ``others``, and the issues met.

    Raises
    ------
    heritage.errors.HeritageError
        When the catalogue cannot be read, or an argument is not acceptable.
    """
    from heritage.maps import page
    from heritage.maps.data import GEO_NONE, build_data, split_block

    chosen = (settings or MapSettings(languages=(lang,) if lang else ("en",))).but(
        basemaps=tuple(basemaps) if basemaps else None,
        languages=tuple(languages) if languages else None,
    )
    built = (lang,) if lang else chosen.languages
    for code in built:
        i18n.labels(code)  # fail early on an unknown language
    tiles = tuple(chosen.tiles())
    day = _as_of_day(as_of)
    if gazetteer is None:
        from heritage import places

        path = catalogue if isinstance(catalogue, str | Path) else None
        gazetteer = places.load(catalogue=path)
    # Parsing a large catalogue creates millions of objects at once: see heritage/_gc.py.
    with paused_gc():
        parsed = read_catalogue(catalogue) if isinstance(catalogue, str | Path) else catalogue
        data = build_data(parsed, cell, gazetteer)
        name = parsed.get("name") if isinstance(parsed, dict) else None
        title = chosen.title or (name if isinstance(name, str) and name.strip() else None)
        main, details = split_block(data.block)
        data_json = (page.script_json(main), page.script_json(details))
        rendered: list[tuple[str, bytes, bytes]] = []
        # The pages link to every configured language, and to this one when built alone.
        linked = chosen.languages + tuple(c for c in built if c not in chosen.languages)
        for code in built:
            options = page.PageOptions(code, linked, day, cell, title, chosen, tiles)
            rendered.append((code, page.render(data, data_json, options, embed=False),
                             page.render(data, data_json, options, embed=True)))  # fmt: skip
    sites = data.block["sites"]
    located = sum(1 for g in sites["geo"] if g != GEO_NONE)
    pages = [MapPages(index, embed, data.issues, len(sites["id"]), located, code)
             for code, index, embed in rendered]  # fmt: skip
    pages[0].others = {p.lang: p for p in pages[1:]}
    return pages[0]


def write_map(
    catalogue: str | Path | dict[str, Any],
    out_dir: str | Path = "maps",
    **options: Any,
) -> tuple[list[Path], MapPages]:
    """Build the map and write its pages atomically into a folder.

    The default language (the first of the settings) is ``index.html`` and ``embed.html``;
    each other language ``index.<code>.html`` and ``embed.<code>.html``, so that building
    one language never overwrites another's pages.

    Parameters
    ----------
    catalogue
        A path to the catalogue, or its parsed GeoJSON.
    out_dir
        The folder (created when missing).
    **options
        As for :func:`build_map`.

    Returns
    -------
    tuple
        The paths written, and the :class:`MapPages`.
    """
    pages = build_map(catalogue, **options)
    settings = options.get("settings") or MapSettings(languages=(pages.lang,))
    settings = settings.but(
        languages=tuple(options["languages"]) if options.get("languages") else None
    )
    folder = Path(out_dir)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CatalogueWriteError(f"{folder}: cannot create the folder ({exc})") from exc
    written: list[Path] = []
    for one in [pages, *pages.others.values()]:
        for name, body in (("index", one.index), ("embed", one.embed)):
            target = folder / settings.page_name(name, one.lang)
            write_atomic(target, body)
            written.append(target)
    return written, pages
