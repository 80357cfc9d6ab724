"""Adapter for the UNESCO World Heritage List export (``whc-sites-<year>.csv``).

Each row becomes one site; its periods on the List of World Heritage in Danger become dated
events. Everything written is either copied from the row or a fixed, documented wording;
the source of every site and event is the property's page on the UNESCO list,
``https://whc.unesco.org/en/list/<id_no>``. See ``docs/imports.md`` for the reasoning.

Mapping
    ``id``: slug of ``name_en`` (at most 60 characters) plus ``-<id_no>``, so ids are stable
    and unique. ``name``: ``en`` and ``fr`` from ``name_en``/``name_fr``, with the markup
    some names carry (``Fujian <em>Tulou</em>``) removed and reported as a warning.
    ``kind``: always ``other`` (UNESCO's categories Cultural/Natural/Mixed are not kinds of
    monument; the category is kept in ``notes``). ``region``: ``states_name_en``.
    ``geometry``: the row's point, numbers as written. ``refs.whc``: ``id_no``.
Danger list (``danger_list`` tokens)
    ``Y yyyy`` (on the list since yyyy): a ``condition`` event dated ``yyyy`` with status
    ``threatened``. ``P yyyy-zzzz`` (a past period): the same event dated ``yyyy`` and, dated
    ``zzzz``, a ``condition`` event with status ``intact`` that records the removal from the
    Danger list, with a note that this status means "no longer listed as in danger", not an
    inspection of the fabric. Events of one year are ordered so that the status at the end
    of the year is what the list says.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any, Final

from heritage import codes
from heritage.document import read_bytes
from heritage.errors import CatalogueReadError, InvalidArgumentError
from heritage.imports.encoding import decode_mixed
from heritage.imports.fields import parse_number, slugify
from heritage.imports.merge import ImportResult, row_of
from heritage.imports.spreadsheet import csv_records
from heritage.issues import Issue, pointer
from heritage.validate import validate_data

LIST_URL: Final[str] = "https://whc.unesco.org/en/list/{id_no}"
PUBLISHER: Final[str] = "UNESCO World Heritage Centre"
REPORTER: Final[str] = "UNESCO World Heritage Committee"
REQUIRED_COLUMNS: Final[tuple[str, ...]] = (
    "id_no",
    "name_en",
    "danger_list",
    "longitude",
    "latitude",
    "category",
    "states_name_en",
)
_TOKEN: Final = re.compile(r"Y ([0-9]{4})|P ([0-9]{4})-([0-9]{4})")
_MARKUP: Final = re.compile(r"<[^>]*>")
END_NOTE: Final[str] = (
    "The UNESCO list records only that the site left the List of World Heritage in Danger; "
    "'intact' here stands for 'no longer listed as in danger', not for an inspection of "
    "the site."
)
LOCATION_NOTE: Final[str] = (
    "The point the UNESCO World Heritage List gives for the inscribed property, which may "
    "cover a large area."
)


def _clean_name(text: str) -> str:
    return " ".join(html.unescape(_MARKUP.sub("", text)).split())


def danger_periods(cell: str) -> list[tuple[int, int | None]]:
    """Parse a ``danger_list`` cell into ``(start, end)`` years (``end`` None: still listed).

    Raises
    ------
    ValueError
        When the cell holds something other than ``Y yyyy`` and ``P yyyy-yyyy`` tokens.
    """
    periods: list[tuple[int, int | None]] = []
    rest = _TOKEN.sub("", cell)
    if rest.strip():
        raise ValueError(f"unexpected text {rest.strip()!r} in danger_list {cell!r}")
    for match in _TOKEN.finditer(cell):
        if match.group(1):
            periods.append((int(match.group(1)), None))
        else:
            periods.append((int(match.group(2)), int(match.group(3))))
    return periods


def _source(id_no: str, name: str) -> dict[str, Any]:
    return {"url": LIST_URL.format(id_no=id_no), "title": name, "publisher": PUBLISHER}


def danger_events(periods: list[tuple[int, int | None]], source: dict[str, Any]) -> list[Any]:
    """Return the dated events for a site's Danger-list periods, in chronological order."""
    keyed: list[tuple[int, int, dict[str, Any]]] = []
    for start, end in periods:
        since = f" (on that list since {start})" if end is not None else ""
        listed = {
            "date": str(start),
            "type": "condition",
            "status": "threatened",
            "summary": f"According to the UNESCO World Heritage List, the World Heritage "
            f"Committee inscribed the site on the List of World Heritage in Danger in {start}.",
            "reported_by": REPORTER,
            "reporter_type": "intergovernmental body",
            "confidence": "high",
            "sources": [dict(source)],
        }
        # Within one year, a period that starts and ends that year comes first, then the
        # ends, then the other starts: the status at the end of the year is the list's.
        keyed.append((start, 0 if end == start else 2, listed))
        if end is not None:
            removed = {
                "date": str(end),
                "type": "condition",
                "status": "intact",
                "summary": f"According to the UNESCO World Heritage List, the site was removed "
                f"from the List of World Heritage in Danger in {end}{since}.",
                "reported_by": REPORTER,
                "reporter_type": "intergovernmental body",
                "confidence": "medium",
                "note": END_NOTE,
                "sources": [dict(source)],
            }
            keyed.append((end, 1, removed))
    return [event for _, _, event in sorted(keyed, key=lambda k: (k[0], k[1]))]


def _feature(row: dict[str, str], number: int) -> tuple[dict[str, Any], list[Issue]]:
    id_no = row["id_no"].strip()
    name = _clean_name(row["name_en"])
    site = f"{slugify(name)}-{id_no}"
    issues: list[Issue] = []
    if name != row["name_en"].strip():
        issues.append(
            codes.issue(
                "markup-removed",
                f"name_en {row['name_en']!r} carries markup; written as {name!r}.",
                site,
                "/properties/name/en",
                row=number,
            )
        )
    names = {"en": name}
    if row.get("name_fr", "").strip():
        names["fr"] = _clean_name(row["name_fr"])
    source = _source(id_no, name)
    try:
        periods = danger_periods(row["danger_list"])
    except ValueError as exc:
        periods = []
        issues.append(
            codes.issue("invalid-date", str(exc), site, "/properties/history", row=number)
        )
    lon, found = parse_number(row["longitude"], "longitude", "/geometry", site)
    lat, more = parse_number(row["latitude"], "latitude", "/geometry", site)
    issues += [i.at_row(number) for i in found + more]
    category = row["category"].strip()
    notes = f"UNESCO World Heritage List: {category} property"
    if row.get("date_inscribed", "").strip():
        notes += f", inscribed in {row['date_inscribed'].strip()}"
    if row.get("criteria_txt", "").strip():
        notes += f", criteria {row['criteria_txt'].strip()}"
    properties: dict[str, Any] = {
        "name": names,
        "kind": "other",
        "region": row["states_name_en"].strip(),
        "location": {"precision": "site", "source": source["url"], "note": LOCATION_NOTE},
        "refs": {"whc": int(id_no)} if id_no.isdigit() else {"whc": id_no},
        "notes": notes + ".",
        "sources": [source],
        "history": danger_events(periods, source),
    }
    geometry = {"type": "Point", "coordinates": [lon, lat]} if not found + more else None
    return {"type": "Feature", "id": site, "geometry": geometry, "properties": properties}, issues


def read_whc(path: str | Path) -> tuple[list[dict[str, str]], str]:
    """Read the rows of a World Heritage List CSV (mixed UTF-8/cp1252 bytes accepted)."""
    raw = read_bytes(path)
    if b"\x00" in raw:
        raise CatalogueReadError(f"{path}: holds zero bytes; it is not a CSV export")
    records = csv_records(decode_mixed(raw).text, path)
    header = next(records, None) or []
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise InvalidArgumentError(
            f"{path}: not a World Heritage List export with danger history (missing columns: "
            f"{', '.join(missing)})"
        )
    # As csv.DictReader does: short records are padded, extra cells dropped.
    rows = [
        dict(zip(header, record + [""] * (len(header) - len(record)), strict=False))
        for record in records
        if record
    ]
    return rows, Path(path).name


def import_whc(path: str | Path) -> ImportResult:
    """Convert a World Heritage List CSV into a catalogue.

    Parameters
    ----------
    path
        The CSV export (for example ``whc-sites-2019.csv``).

    Returns
    -------
    ImportResult
        The catalogue (a FeatureCollection with a ``bbox``, so that worldwide points raise no
        extent warnings) and the issues located by row; validated with
        :func:`heritage.validate.validate_data`.
    """
    rows, name = read_whc(path)
    features: list[dict[str, Any]] = []
    issues: list[Issue] = []
    origin: dict[str, int] = {}
    for number, row in enumerate(rows, start=2):
        feature, found = _feature(row, number)
        origin[pointer("features", len(features))] = number
        features.append(feature)
        issues += found
    points = [f["geometry"]["coordinates"] for f in features if f["geometry"]]
    data: dict[str, Any] = {
        "type": "FeatureCollection",
        "name": f"UNESCO World Heritage List ({name})",
        "features": features,
    }
    if points:
        data["bbox"] = [
            min(p[0] for p in points),
            min(p[1] for p in points),
            max(p[0] for p in points),
            max(p[1] for p in points),
        ]
    result = ImportResult(data, issues, added=[f["id"] for f in features])
    for issue in validate_data(data):
        result.issues.append(issue.at_row(row_of(issue.pointer, origin)))
    return result
