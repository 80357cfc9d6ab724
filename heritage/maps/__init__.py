"""The interactive map: ``maps/index.html`` (full page) and ``maps/embed.html`` (for iframes).

The catalogue goes into each page once, as a compact columnar JSON block
(:mod:`heritage.maps.data`); the page's own script (``heritage/assets/map``) draws every site
on one canvas, computes each site's status as of any date from the embedded history, and
builds a site's details only when it is opened. See ``docs/map.md``.

This package is the only one that knows folium; it is imported only by the map commands,
so that ``heritage validate`` starts fast.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Final

import orjson

from heritage import dates, text
from heritage._gc import paused_gc
from heritage.document import read_bytes
from heritage.errors import (
    CatalogueParseError,
    CatalogueReadError,
    InvalidArgumentError,
)
from heritage.issues import Issue
from heritage.maps import i18n
from heritage.maps.embed import embed_snippet
from heritage.privacy import DEFAULT_CELL
from heritage.write import write_atomic

__all__ = ["MapPages", "build_map", "embed_snippet", "read_catalogue", "write_map"]

INDEX: Final[str] = "index.html"
EMBED: Final[str] = "embed.html"


@dataclass
class MapPages:
    """The two pages of a map, and what the map could not show.

    Attributes
    ----------
    index, embed
        The pages, UTF-8 bytes.
    issues
        Values that could not be put on the map (warnings; see :mod:`heritage.maps.data`).
    sites, located
        How many sites the pages carry, and how many of them are drawn.
    """

    index: bytes
    embed: bytes
    issues: list[Issue] = field(default_factory=list)
    sites: int = 0
    located: int = 0


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
    lang: str = i18n.DEFAULT_LANGUAGE,
    as_of: date | str | None = None,
    cell: float = DEFAULT_CELL,
) -> MapPages:
    """Build both pages of the map from a catalogue file or its parsed GeoJSON.

    Parameters
    ----------
    catalogue
        A path to the GeoJSON catalogue, or the parsed FeatureCollection.
    lang
        Interface language (a file in ``heritage/i18n``); names are shown in it where the
        catalogue gives them, in English otherwise.
    as_of
        The date the map opens on (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, taking its latest
        day); by default the latest reports.
    cell
        Grid cell size in degrees for sensitive sites.

    Returns
    -------
    MapPages
        The pages and the issues met.

    Raises
    ------
    heritage.errors.HeritageError
        When the catalogue cannot be read, or an argument is not acceptable.
    """
    from heritage.maps import page
    from heritage.maps.data import GEO_NONE, build_data, split_block

    i18n.labels(lang)  # fail early on an unknown language
    day = _as_of_day(as_of)
    # Parsing a large catalogue creates millions of objects at once: see heritage/_gc.py.
    with paused_gc():
        parsed = read_catalogue(catalogue) if isinstance(catalogue, str | Path) else catalogue
        data = build_data(parsed, cell)
        name = parsed.get("name") if isinstance(parsed, dict) else None
        title = name if isinstance(name, str) and name else None
        options: dict[str, Any] = {"lang": lang, "as_of": day, "cell": cell, "title": title}
        main, details = split_block(data.block)
        data_json = (page.script_json(main), page.script_json(details))
        index = page.render(data, data_json, embed=False, **options)
        embed = page.render(data, data_json, embed=True, **options)
    sites = data.block["sites"]
    located = sum(1 for g in sites["geo"] if g != GEO_NONE)
    return MapPages(index, embed, data.issues, len(sites["id"]), located)


def write_map(
    catalogue: str | Path | dict[str, Any],
    out_dir: str | Path = "maps",
    **options: Any,
) -> tuple[list[Path], MapPages]:
    """Build the map and write ``index.html`` and ``embed.html`` atomically into a folder.

    Parameters
    ----------
    catalogue
        A path to the catalogue, or its parsed GeoJSON.
    out_dir
        The folder (created when missing).
    **options
        ``lang``, ``as_of`` and ``cell``, as for :func:`build_map`.

    Returns
    -------
    tuple
        The paths written, and the :class:`MapPages`.
    """
    pages = build_map(catalogue, **options)
    folder = Path(out_dir)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CatalogueReadError(f"{folder}: cannot create the folder ({exc})") from exc
    written = [folder / INDEX, folder / EMBED]
    write_atomic(written[0], pages.index)
    write_atomic(written[1], pages.embed)
    return written, pages
