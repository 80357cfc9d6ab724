"""Reading values out of catalogue JSON for the map: each one checked, coded or left out.

The map does not validate (see :mod:`heritage.maps.data`): these helpers take what they are
given, keep texts that are texts, code vocabulary values by position (appending values
outside the vocabulary, kept as written), and give ``0`` (absent) for anything else.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any, Final

from heritage import dates

#: Decimal places kept for coordinates: 1e-5 degree is about a metre.
COORD_DIGITS: Final[int] = 5


@lru_cache(maxsize=1 << 16)
def day_of(text: str) -> int | None:
    """Return the effective day number of a date text, None when it is not a valid date."""
    day = dates.effective_date(text)
    return None if day is None else dates.day_number(day)


class Codes:
    """Codes for a closed vocabulary; values outside it are appended, kept as written."""

    def __init__(self, known: Sequence[str]) -> None:
        self.values: list[str] = list(known)
        self.index: dict[str, int] = {code: i for i, code in enumerate(known)}

    def code(self, value: object) -> int:
        """Return the code of a value (-1 for None), appending values not seen before."""
        if value is None:
            return -1
        if not isinstance(value, str):
            value = str(value)
        found = self.index.get(value)
        if found is None:
            found = self.index[value] = len(self.values)
            self.values.append(value)
        return found


class Strings:
    """A table of texts that repeat (regions, reporters, publishers), each stored once."""

    def __init__(self) -> None:
        self.values: list[str] = []
        self.index: dict[str, int] = {}

    def code(self, value: object) -> int:
        """Return the position of a text in the table (-1 for anything but a text)."""
        if not isinstance(value, str):
            return -1
        found = self.index.get(value)
        if found is None:
            found = self.index[value] = len(self.values)
            self.values.append(value)
        return found


def text(value: object) -> object:
    """Return the value if it is a non-empty text, else 0 (absent)."""
    return value if isinstance(value, str) and value else 0


def sources(value: object, strings: Strings) -> object:
    """Return sources as ``[url, title, publisher-code, published, accessed, archived]`` lists.

    Trailing absent members are left off (most sources give only a URL).
    """
    if not isinstance(value, list) or not value:
        return 0
    out: list[list[object]] = []
    for source in value:
        if not isinstance(source, dict):
            continue
        url = text(source.get("url"))
        if len(source) == 1:
            out.append([url])
            continue
        row = [
            url,
            text(source.get("title")),
            strings.code(source.get("publisher")),
            text(source.get("published")),
            text(source.get("accessed")),
            text(source.get("archived")),
        ]
        while row and row[-1] in (0, -1):
            row.pop()
        out.append(row)
    return out or 0


def names_of(value: object) -> tuple[object, object]:
    """Return the English name and the other names as a flat ``[lang, name, ...]`` list."""
    if not isinstance(value, dict):
        return 0, 0
    english: object = 0
    others: list[str] = []
    for lang, name in value.items():
        if not isinstance(name, str) or not name:
            continue
        if lang == "en":
            english = name
        else:
            others.extend((lang, name))
    return english, others or 0


def texts(value: object) -> object:
    """Return the non-empty texts of a list, or 0 when there are none."""
    if not isinstance(value, list):
        return 0
    out = [item for item in value if isinstance(item, str) and item]
    return out or 0


def refs_of(value: object) -> object:
    """Return identifiers elsewhere as a flat ``[key, value, ...]`` list, or 0."""
    if not isinstance(value, dict) or not value:
        return 0
    out: list[object] = []
    for key, ref in value.items():
        # A text or a whole number; true and false are not identifiers (bool is an int).
        if isinstance(ref, str | int) and not isinstance(ref, bool):
            out.extend((key, ref))
    return out or 0


def rings_of(geometry: dict[str, Any]) -> list[list[float]] | None:
    """Flat ``[lon, lat, lon, lat, ...]`` rings of a Polygon or MultiPolygon, rounded."""
    kind = geometry.get("type")
    coords = geometry.get("coordinates")
    polygons = [coords] if kind == "Polygon" else coords if kind == "MultiPolygon" else None
    if not isinstance(polygons, list):
        return None
    rings: list[list[float]] = []
    try:
        for polygon in polygons:
            for ring in polygon:
                flat: list[float] = []
                for position in ring:
                    flat.append(round(position[0], COORD_DIGITS))
                    flat.append(round(position[1], COORD_DIGITS))
                if len(flat) >= 6:
                    rings.append(flat)
    except (TypeError, IndexError):
        return None
    return rings or None


def area_centre(rings: list[list[float]]) -> tuple[float, float]:
    """Return the centre of the bounding box of some rings (where the area's marker is drawn)."""
    lons = [c for ring in rings for c in ring[0::2]]
    lats = [c for ring in rings for c in ring[1::2]]
    return (
        round((min(lons) + max(lons)) / 2, COORD_DIGITS),
        round((min(lats) + max(lats)) / 2, COORD_DIGITS),
    )
