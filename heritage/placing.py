"""Placing sites in the gazetteer: suggestions from region text, and the reviewed mapping.

:func:`suggest` reads a site's free-text ``region`` (names of both administrations and their
transliterations) and, only to tell a town from its district, its point against town
centres we are sure of. A suggestion is not a fact: the suggestions go into a mapping file
(``data/research/place-assignments.json``) that a person reviews and commits; :func:`apply`
then writes ``place`` from the mapping. Text that names only a unit of the former
Nagorno-Karabakh Republic administration (its provinces overlap several districts) places a
site in the country only, never in a guessed district.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from heritage.errors import CatalogueParseError, InvalidArgumentError
from heritage.places import Gazetteer

#: The default mapping file, next to the research files.
DEFAULT_MAPPING: Final[str] = "data/research/place-assignments.json"

#: Spellings of the Azerbaijani districts as they appear in region texts.
DISTRICTS: Final[dict[str, str]] = {
    "aghdam|agdam|ağdam": "az-aghdam-district",
    "fuzuli|füzuli|fizuli": "az-fuzuli-district",
    "gubadli|qubadl[ıi]|kubatl[yi]": "az-gubadli-district",
    "jabrayil|jabrail|cəbrayıl": "az-jabrayil-district",
    "kalbajar|kəlbəcər|kelbajar": "az-kalbajar-district",
    "khojaly|xocalı|khojali": "az-khojaly-district",
    "khojavend|xocavənd": "az-khojavend-district",
    "lachin|laçın": "az-lachin-district",
    "shusha|şuşa": "az-shusha-district",
    "tartar|tərtər|terter": "az-tartar-district",
    "zangilan|zəngilan": "az-zangilan-district",
    "babek|babək": "az-babek-district",
    "julfa|culfa": "az-julfa-district",
    "kangarli|kəngərli": "az-kangarli-district",
    "ordubad": "az-ordubad-district",
    "sadarak|sədərək": "az-sadarak-district",
    "shahbuz|şahbuz": "az-shahbuz-district",
    "sharur|şərur": "az-sharur-district",
}
#: Spellings of towns (both administrations' names) that a text marks as the town itself.
TOWNS: Final[dict[str, str]] = {
    "aghdam|akna": "az-aghdam-city",
    "askeran": "az-askeran-city",
    "fuzuli|varanda": "az-fuzuli-city",
    "gubadli": "az-gubadli-city",
    "hadrut": "az-hadrut-city",
    "jabrayil|jrakan": "az-jabrayil-city",
    "kalbajar|karvachar": "az-kalbajar-city",
    "khojaly|ivanyan": "az-khojaly-city",
    "khojavend|martuni": "az-khojavend-city",
    "lachin|berdzor": "az-lachin-city",
    "zangilan": "az-zangilan-city",
    "ordubad": "az-ordubad-city",
    "nakhchivan": "az-nakhchivan-city",
}
#: Azerbaijani names of district centres that, written bare, name the town or its district.
BARE: Final[dict[str, str]] = {
    rf"(?:{names})(?![-)]|\s*[(/]?\s*(?:region|province|district|river))": unit
    for names, unit in {
        "aghdam": "az-aghdam-city",
        "fuzuli": "az-fuzuli-city",
        "gubadli": "az-gubadli-city",
        "jabrayil": "az-jabrayil-city",
        "kalbajar": "az-kalbajar-city",
        "khojaly": "az-khojaly-city",
        "lachin": "az-lachin-city",
        "zangilan": "az-zangilan-city",
    }.items()
}
_TOWN_MARK = r"\s*\((?:city|town)\)|\s+town\b"
#: Towns named on their own, whose name is never also a district's name in the texts.
CITIES: Final[dict[str, str]] = {
    "stepanakert|khankendi|xankəndi": "az-khankendi-city",
    "shushi|shusha|şuşa": "az-shusha-city",
}
#: Words that put a site outside a town it names (near it, north of it, at its edge, "2 km
#: from"; a bare "from" is not one: "under control from 1992").
_OUTSIDE = re.compile(
    r"\b(near|north|south|east|west|edge|outskirts|base of|area|around|km)\b", re.I
)
#: Words that put a site inside a town (a street, a quarter, its centre).
_INSIDE = re.compile(r"\b(street|quarter|square|centre|center|lower town|fortress|bazaar)\b", re.I)
#: Town centres we are sure of, (longitude, latitude), for points that name the town.
TOWN_POINTS: Final[dict[str, tuple[float, float]]] = {
    "az-shusha-city": (46.7483, 39.7583),
}
TOWN_RADIUS_KM: Final[float] = 2.0
_NAKHCHIVAN = re.compile(r"\bnakhchivan\b", re.I)
_KARABAKH = re.compile(r"nagorno-karabakh|artsakh admin|\bmartakert\b|\bmartuni\b|\bhadrut\b", re.I)


@dataclass(frozen=True)
class Suggestion:
    """A suggested place for a site and what decided it.

    Attributes
    ----------
    place
        A gazetteer id, or ``None`` when the text does not place the site.
    evidence
        The words or coordinates that decided, for the reviewer.
    """

    place: str | None
    evidence: str


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Distance in km between two (lon, lat) points (equirectangular; fine at town scale)."""
    x = math.radians(b[0] - a[0]) * math.cos(math.radians((a[1] + b[1]) / 2))
    y = math.radians(b[1] - a[1])
    return 6371.0 * math.hypot(x, y)


def _point(feature: dict[str, Any]) -> tuple[float, float] | None:
    geometry = feature.get("geometry")
    if isinstance(geometry, dict) and geometry.get("type") == "Point":
        lon, lat = geometry["coordinates"][:2]
        return float(lon), float(lat)
    return None


def suggest(feature: dict[str, Any], gazetteer: Gazetteer) -> Suggestion:
    """Suggest the smallest unit a site lies in, from its region text (and point).

    Parameters
    ----------
    feature
        A catalogue feature.
    gazetteer
        The units to choose from.

    Returns
    -------
    Suggestion
        ``place`` is ``None`` when nothing in the text places the site.
    """
    props = feature.get("properties") or {}
    text = props.get("region")
    if not isinstance(text, str) or not text.strip():
        return Suggestion(None, "no region text")
    district = town = None
    for names, unit in DISTRICTS.items():
        found = re.search(
            rf"\b({names})\b\)?(?:\s*\([^)]*\))?\s+(district|region|area)\b", text, re.I
        )
        if found:
            district = (unit, found.group(0))
            break
    for names, unit in TOWNS.items():
        found = re.search(rf"\b({names})(?:{_TOWN_MARK})|centre of ({names})\b", text, re.I)
        if found:
            town = (unit, found.group(0))
            break
    if town is None:
        for names, unit in {**CITIES, **BARE}.items():
            found = re.search(rf"\b({names})\b", text, re.I)
            if found:
                town = (unit, found.group(0))
                break
    if town is not None and district is not None:
        parent = gazetteer.places[town[0]].parent if town[0] in gazetteer else None
        if parent == district[0] and not _OUTSIDE.search(text):
            return Suggestion(town[0], f"text '{town[1]}' in '{district[1]}'")
        if parent == district[0]:
            return Suggestion(
                district[0],
                f"text '{district[1]}'; '{town[1]}' with words placing it outside the town",
            )
        return Suggestion(district[0], f"text '{district[1]}' (the town named is not in it)")
    if district is not None:
        return Suggestion(district[0], f"text '{district[1]}'")
    if town is not None:
        return _town(feature, text, town, gazetteer)
    if _NAKHCHIVAN.search(text):
        return Suggestion("az-nakhchivan", "text 'Nakhchivan' (no district named)")
    if _KARABAKH.search(text):
        return Suggestion(
            "az", "text names Nagorno-Karabakh or a former NKR unit only (no district named)"
        )
    return Suggestion(None, "no unit named in the region text")


def _town(
    feature: dict[str, Any], text: str, town: tuple[str, str], gazetteer: Gazetteer
) -> Suggestion:
    """Decide between a town that the text names and its district (or nothing)."""
    unit, words = town
    parent = gazetteer.places[unit].parent if unit in gazetteer else None
    district = parent if parent and gazetteer.places[parent].kind == "district" else None
    explicit = re.search(_TOWN_MARK, words, re.I) or words.lower().startswith("centre")
    if _OUTSIDE.search(text) and not _INSIDE.search(text) and not explicit:
        outside = district or (country.id if (country := gazetteer.country(unit)) else None)
        return Suggestion(outside, f"text '{words}' with words placing it outside the town")
    if explicit or _INSIDE.search(text) or district is None:
        return Suggestion(unit, f"text '{words}'")
    point = _point(feature)
    centre = TOWN_POINTS.get(unit)
    precision = (feature.get("properties") or {}).get("location", {}).get("precision")
    if point and centre and precision in ("site", "city"):
        km = _km(point, centre)
        if km <= TOWN_RADIUS_KM:
            return Suggestion(unit, f"text '{words}'; point ({precision}) {km:.1f} km from centre")
    return Suggestion(district, f"text '{words}' (town or district not told)")


def read_mapping(path: str | Path) -> dict[str, dict[str, Any]]:
    """Return the assignments of a mapping file (site id to ``{place, evidence, ...}``)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CatalogueParseError(f"{path}: cannot read the place mapping: {exc}") from exc
    assignments = data.get("assignments") if isinstance(data, dict) else None
    if not isinstance(assignments, dict):
        raise CatalogueParseError(f"{path}: the place mapping has no 'assignments' object")
    return assignments


def mapping_text(assignments: dict[str, dict[str, Any]]) -> str:
    """Return a mapping file's text (sorted by site id, one assignment a line)."""
    lines = [
        "{",
        '  "description": "Reviewed place of each site (site id -> gazetteer id, with the '
        "evidence that decided it). Written by 'heritage places assign', reviewed by hand, "
        "applied by 'heritage places apply'. place null: the site cannot be placed from what "
        "the sources say. Entries for sites not (yet) in the catalogue are kept for when they "
        'arrive.",',
        '  "assignments": {',
    ]
    items = sorted(assignments.items())
    for i, (site, record) in enumerate(items):
        comma = "," if i < len(items) - 1 else ""
        body = json.dumps(record, ensure_ascii=False, sort_keys=True)
        lines.append(f"    {json.dumps(site)}: {body}{comma}")
    lines += ["  }", "}"]
    return "\n".join(lines) + "\n"


def assign(
    data: dict[str, Any], gazetteer: Gazetteer, existing: dict[str, dict[str, Any]]
) -> tuple[dict[str, dict[str, Any]], list[str]]:
    """Add suggestions for the sites that the mapping does not cover yet.

    Returns
    -------
    tuple
        The new mapping (existing entries kept as reviewed) and the ids suggested now.
    """
    out = dict(existing)
    added = []
    for feature in data.get("features", []):
        fid = feature.get("id") if isinstance(feature, dict) else None
        if not isinstance(fid, str) or fid in out:
            continue
        found = suggest(feature, gazetteer)
        out[fid] = {"place": found.place, "evidence": found.evidence, "reviewed": False}
        added.append(fid)
    return out, added


def apply(
    data: dict[str, Any], gazetteer: Gazetteer, mapping: dict[str, dict[str, Any]]
) -> tuple[list[tuple[str, Any, Any]], list[str]]:
    """Write each mapped site's ``place`` into parsed catalogue data, in place.

    Returns
    -------
    tuple
        The changes ``(site id, old place, new place)`` and the ids of sites that the
        mapping does not cover.

    Raises
    ------
    InvalidArgumentError
        When the mapping names a place that is not in the gazetteer (nothing is changed).
    """
    bad = [
        f"{s} -> {r.get('place')}"
        for s, r in mapping.items()
        if r.get("place") is not None and r.get("place") not in gazetteer
    ]
    if bad:
        raise InvalidArgumentError(
            f"the mapping names places that are not in the gazetteer: {', '.join(bad[:5])}"
        )
    changes, missing = [], []
    for feature in data.get("features", []):
        fid = feature.get("id") if isinstance(feature, dict) else None
        props = feature.get("properties") if isinstance(feature, dict) else None
        if not isinstance(fid, str) or not isinstance(props, dict):
            continue
        if fid not in mapping:
            missing.append(fid)
            continue
        new, old = mapping[fid].get("place"), props.get("place")
        if new == old:
            continue
        if new is None:
            del props["place"]
        else:
            props["place"] = new
        changes.append((fid, old, new))
    return changes, missing
