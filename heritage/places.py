"""The gazetteer: the administrative units a site's ``place`` names (``data/places.json``).

A site's free-text ``region`` stays as the sources wrote it; its ``place`` is the id of the
smallest administrative unit it is known to lie in. The gazetteer gives each unit its kind
(country, region, district, city), its parent and its names, so that a site can be grouped
by country, first-level region and district without parsing text (see docs/places.md).

Pure Python (no pandas): :mod:`heritage.validate` reads it to check ``place`` ids.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Final

from heritage.codes import issue
from heritage.errors import CatalogueNotFoundError, CatalogueParseError
from heritage.issues import Issue, pointer

#: The kinds of unit, from the largest to the smallest.
KINDS: Final[tuple[str, ...]] = ("country", "region", "district", "city")
#: The gazetteer's file name; it is looked for next to the catalogue first.
FILE_NAME: Final[str] = "places.json"
#: The repository's gazetteer (used when none lies next to the catalogue).
DEFAULT_PATH: Final[Path] = Path(__file__).resolve().parent.parent / "data" / FILE_NAME
#: The gazetteer's JSON Schema.
SCHEMA_PATH: Final[Path] = Path(__file__).resolve().parent / "schemas" / "places.schema.json"
#: The place columns that :func:`heritage.load` adds to ``sites``.
COLUMNS: Final[tuple[str, ...]] = (
    "place",
    "place_name",
    "country",
    "region_unit",
    "district",
    "district_id",
)
# ``district`` and ``place_name`` are labels: the English name, then the other
# administrations' English names ("Khankendi / Stepanakert"), so grouping stays neutral.


@dataclass(frozen=True)
class Place:
    """One administrative unit.

    Attributes
    ----------
    id
        A stable lowercase slug (``az-shusha-district``).
    kind
        ``country``, ``region`` (first-level region or province), ``district`` or ``city``.
    parent
        The id of the unit it lies in (``None`` for a country).
    names
        Language tag to the name used by the current administration (``en`` always).
    other_names
        Names used by another administration: ``{"name", "lang", "used_by"}`` records.
    """

    id: str
    kind: str
    parent: str | None
    names: dict[str, str]
    other_names: tuple[dict[str, str], ...] = field(default=())

    @property
    def name(self) -> str:
        """The English name."""
        return self.names["en"]

    @property
    def label(self) -> str:
        """The English name, then the other administrations' English names (neutral text)."""
        others = [o["name"] for o in self.other_names if o.get("lang") == "en"]
        return " / ".join(dict.fromkeys([self.name, *others]))


class Gazetteer:
    """The units of ``places.json``, with lookups up the tree of parents.

    Parameters
    ----------
    places
        The units, in file order.
    path
        Where they were read from, for messages.
    """

    def __init__(self, places: list[Place], path: str | None = None) -> None:
        self.places: dict[str, Place] = {p.id: p for p in places}
        self.path = path
        self._columns: dict[str, dict[str, str | None]] = {}

    def __contains__(self, place_id: object) -> bool:
        return place_id in self.places

    def __len__(self) -> int:
        return len(self.places)

    def lineage(self, place_id: str) -> list[Place]:
        """Return the unit and its ancestors, smallest first (empty for an unknown id)."""
        chain: list[Place] = []
        current: str | None = place_id
        while current is not None and current in self.places and len(chain) <= len(self.places):
            unit = self.places[current]
            chain.append(unit)
            current = unit.parent
        return chain

    def country(self, place_id: str) -> Place | None:
        """Return the country a unit lies in (itself for a country)."""
        chain = self.lineage(place_id)
        return chain[-1] if chain and chain[-1].kind == "country" else None

    def region(self, place_id: str) -> Place | None:
        """Return the first-level unit: the country's child on the way up.

        In Azerbaijan a district or a city of first rank, or the Nakhchivan AR; in Armenia a
        province.
        """
        chain = self.lineage(place_id)
        return chain[-2] if len(chain) >= 2 and chain[-1].kind == "country" else None

    def district(self, place_id: str) -> Place | None:
        """Return the district of a unit.

        The nearest unit of kind ``district`` on the way up, or a city that lies directly in a
        country or region (Khankendi, Nakhchivan city).
        """
        chain = self.lineage(place_id)
        for i, unit in enumerate(chain):
            if unit.kind == "district":
                return unit
            above = chain[i + 1] if i + 1 < len(chain) else None
            if unit.kind == "city" and above is not None and above.kind in ("country", "region"):
                return unit
        return None

    def closest(self, place_id: str) -> str | None:
        """Return the known id nearest in spelling (for 'did you mean'), if any is close."""
        found = difflib.get_close_matches(place_id, sorted(self.places), n=1, cutoff=0.6)
        return found[0] if found else None

    def columns(self, place_id: Any) -> dict[str, str | None]:
        """Return the place columns of a site with this ``place`` (see :data:`COLUMNS`)."""
        if not isinstance(place_id, str) or place_id not in self.places:
            return dict.fromkeys(COLUMNS) | {
                "place": place_id if isinstance(place_id, str) else None
            }
        if place_id in self._columns:  # a few units serve many sites: walk up once per unit
            return self._columns[place_id]
        country, region, district = (
            self.country(place_id),
            self.region(place_id),
            self.district(place_id),
        )
        self._columns[place_id] = {
            "place": place_id,
            "place_name": self.places[place_id].label,
            "country": country.name if country else None,
            "region_unit": region.name if region else None,
            "district": district.label if district else None,
            "district_id": district.id if district else None,
        }
        return self._columns[place_id]


def problems(data: Any) -> list[str]:
    """Return what is wrong in a parsed gazetteer beyond its JSON Schema (empty when fine).

    Duplicate ids, parents that do not exist, cycles, and a country with a parent.
    """
    out: list[str] = []
    places = data.get("places") if isinstance(data, dict) else None
    if not isinstance(places, list):
        return ["the gazetteer has no 'places' list"]
    ids = [p.get("id") for p in places if isinstance(p, dict)]
    seen: set[Any] = set()
    for place_id in ids:
        if place_id in seen:
            out.append(f"place id '{place_id}' appears twice")
        seen.add(place_id)
    parents = {p.get("id"): p.get("parent") for p in places if isinstance(p, dict)}
    for p in places:
        if not isinstance(p, dict):
            continue
        parent = p.get("parent")
        if p.get("kind") == "country" and parent is not None:
            out.append(f"place '{p.get('id')}' is a country and cannot have a parent")
        if p.get("kind") != "country" and parent not in parents:
            out.append(f"place '{p.get('id')}' has parent '{parent}', which is not a place")
        steps, current = 0, parent
        while current is not None and current in parents and steps <= len(parents):
            current, steps = parents[current], steps + 1
        if steps > len(parents):
            out.append(f"place '{p.get('id')}' is its own ancestor (a cycle of parents)")
    return out


def from_data(data: dict[str, Any], path: str | None = None) -> Gazetteer:
    """Build a :class:`Gazetteer` from a parsed ``places.json``."""
    places = [
        Place(
            id=p["id"],
            kind=p["kind"],
            parent=p.get("parent"),
            names=dict(p["names"]),
            other_names=tuple(dict(o) for o in p.get("other_names", [])),
        )
        for p in data.get("places", [])
    ]
    return Gazetteer(places, path)


def find(catalogue: str | Path | None = None) -> Path | None:
    """Return the gazetteer that goes with a catalogue.

    ``places.json`` beside the catalogue, else the repository's ``data/places.json``;
    ``None`` when there is neither.
    """
    if catalogue is not None:
        beside = Path(catalogue).resolve().parent / FILE_NAME
        if beside.is_file():
            return beside
    return DEFAULT_PATH if DEFAULT_PATH.is_file() else None


@lru_cache(maxsize=8)
def _read(path: str, stamp: float) -> Gazetteer:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CatalogueNotFoundError(f"{path}: no such gazetteer") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CatalogueParseError(f"{path}: cannot read the gazetteer: {exc}") from exc
    found = [*schema_problems(data), *problems(data)]
    if found:
        raise CatalogueParseError(
            f"{path}: invalid gazetteer: {found[0]} (see docs/places.md)"
            + (f"; and {len(found) - 1} more problem(s)" if len(found) > 1 else "")
        )
    return from_data(data, path)


def schema_problems(data: Any) -> list[str]:
    """Return the breaches of ``heritage/schemas/places.schema.json`` (empty when none)."""
    from jsonschema import Draft202012Validator  # imported here: only reading needs it

    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    errors = sorted(Draft202012Validator(schema).iter_errors(data), key=lambda e: list(e.path))
    return [f"/{'/'.join(str(p) for p in e.absolute_path)}: {e.message}" for e in errors]


def load(path: str | Path | None = None, *, catalogue: str | Path | None = None) -> Gazetteer:
    """Read a gazetteer.

    Parameters
    ----------
    path
        The ``places.json`` file; by default the one that goes with ``catalogue``
        (see :func:`find`).
    catalogue
        The catalogue whose gazetteer is wanted.

    Returns
    -------
    Gazetteer
        Empty when no gazetteer exists (every ``place`` is then unknown).

    Raises
    ------
    heritage.errors.CatalogueNotFoundError
        When an explicit ``path`` does not exist.
    heritage.errors.CatalogueParseError
        When the file is not a valid gazetteer.
    """
    chosen = Path(path) if path is not None else find(catalogue)
    if chosen is None:
        return Gazetteer([], None)
    try:
        stamp = chosen.stat().st_mtime
    except FileNotFoundError:
        raise CatalogueNotFoundError(f"{chosen}: no such gazetteer") from None
    return _read(str(chosen), stamp)


def check_places(features: list[Any], gazetteer: Gazetteer) -> Iterator[Issue]:
    """Yield an ``unknown-place`` error for each site whose ``place`` is not a unit.

    A site without ``place`` is fine: it has not been placed yet (``heritage places
    --unplaced`` lists such sites).
    """
    for i, feature in enumerate(features):
        props = feature.get("properties") if isinstance(feature, dict) else None
        if not isinstance(props, dict) or "place" not in props:
            continue
        value = props["place"]
        if isinstance(value, str) and value in gazetteer:
            continue
        fid = feature.get("id")
        site = fid if isinstance(fid, str) else None
        close = gazetteer.closest(value) if isinstance(value, str) else None
        hint = f" Did you mean '{close}'?" if close else ""
        shown = repr(value) if len(repr(value)) <= 80 else repr(value)[:77] + "..."
        if gazetteer.path is None:
            message = (
                f"{shown} cannot be checked: no gazetteer was found. Put the places.json "
                "that goes with this catalogue beside it (as data/places.json is beside "
                "data/sites.geojson), or leave place out."
            )
        else:
            message = (
                f"{shown} is not a place of the gazetteer ({gazetteer.path}).{hint} Use the "
                "id of the smallest unit the site lies in ('heritage places' lists them), or "
                "add the unit to the gazetteer, or leave place out if the site cannot be placed."
            )
        yield issue(
            "unknown-place",
            message,
            site,
            pointer("features", i, "properties", "place"),
        )
