"""A small hand-made catalogue whose right answers are known, for export and build tests.

It has a point site with hostile text in every field, a sensitive site whose exact
coordinates must appear in no output, a polygon site, a site without coordinates and a
withdrawn site.
"""

from __future__ import annotations

import struct
from typing import Any

HOSTILE = "<script>alert(1)</script> \"quoted\" & 'single' {{ 7*7 }} ${x} `tick`"
#: Exact position of the sensitive site: must appear in no written file.
SECRET_LON, SECRET_LAT = 46.81237, 39.91263
SECRET_TEXTS = ("46.81237", "39.91263", "46.8124", "39.9126")
#: Its published cell: 0.1-degree cell centred on (46.85, 39.95).
CELL_LON, CELL_LAT = 46.85, 39.95


def secret_byte_patterns() -> list[bytes]:
    """The sensitive coordinates as text and as little/big-endian doubles and floats."""
    patterns = [t.encode() for t in SECRET_TEXTS]
    for value in (SECRET_LON, SECRET_LAT):
        patterns += [struct.pack(f, value) for f in ("<d", ">d", "<f", ">f")]
    return patterns


def _event(date: str, status: str, summary: str, **extra: Any) -> dict[str, Any]:
    return {
        "date": date,
        "type": "condition",
        "status": status,
        "summary": summary,
        "reported_by": "A monitoring group",
        "sources": [{"url": "https://example.org/report"}],
        **extra,
    }


def features() -> list[dict[str, Any]]:
    """Return the sample features (a fresh copy each call)."""
    hostile = {
        "type": "Feature",
        "id": "hostile-church",
        "geometry": {"type": "Point", "coordinates": [46.7512, 39.8123]},
        "properties": {
            "name": {"en": HOSTILE, "hy": "Եկեղեցի"},
            "alt_names": ['=HYPERLINK("https://evil.example")'],
            "kind": "church",
            "region": "+SUM(A1:A9)",
            "notes": "@cmd|' /C calc'!A0",
            "history": [
                _event(
                    "2020-11",
                    "damaged",
                    "=1+1 " + HOSTILE,
                    reported_by="-2+3",
                    confidence="medium",
                    note="\tTabbed note",
                    sources=[
                        {
                            "url": 'https://example.org/a?x=<b>&y="1"',
                            "title": "Report </a><script>alert(2)</script>",
                            "archived": "https://web.archive.org/web/2020/https://example.org/a",
                        }
                    ],
                ),
                {
                    "date": "2021-03-01",
                    "type": "claim",
                    "status": "intact",
                    "summary": "A claim.",
                    "reported_by": "A ministry",
                },
            ],
        },
    }
    sensitive = {
        "type": "Feature",
        "id": "secret-khachkar",
        "geometry": {"type": "Point", "coordinates": [SECRET_LON, SECRET_LAT]},
        "properties": {
            "name": {"en": "Secret Khachkar"},
            "kind": "khachkar",
            "location": {
                "precision": "site",
                "source": f"https://www.openstreetmap.org/?mlat={SECRET_LAT}&mlon={SECRET_LON}",
                "note": f"at {SECRET_LAT}, {SECRET_LON}",
                "sensitive": True,
            },
            "history": [_event("2019", "intact", "Seen standing.")],
        },
    }
    polygon = {
        "type": "Feature",
        "id": "walled-fortress",
        "geometry": {
            "type": "Polygon",
            "coordinates": [[[46.0, 39.0], [46.2, 39.0], [46.2, 39.2], [46.0, 39.2], [46.0, 39.0]]],
        },
        "properties": {
            "name": {"en": "Walled Fortress"},
            "kind": "fortress",
            "history": [
                _event("2018/2020", "destroyed", "Gone between two images."),
            ],
        },
    }
    unlocated = {
        "type": "Feature",
        "id": "lost-chapel",
        "geometry": None,
        "properties": {"name": {"en": "Lost Chapel"}, "kind": "chapel", "history": []},
    }
    withdrawn = {
        "type": "Feature",
        "id": "duplicate-church",
        "geometry": {"type": "Point", "coordinates": [46.5, 39.5]},
        "properties": {
            "name": {"en": "Duplicate Church"},
            "kind": "church",
            "withdrawn": {"date": "2024-01-01", "reason": "duplicate of hostile-church"},
            "history": [],
        },
    }
    return [hostile, sensitive, polygon, unlocated, withdrawn]


def sample() -> dict[str, Any]:
    """Return the sample catalogue as a FeatureCollection."""
    return {"type": "FeatureCollection", "features": features()}
