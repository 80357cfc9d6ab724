"""Synthetic catalogues for benchmarks and scale tests.

``make_catalogue(n)`` returns a valid FeatureCollection of ``n`` point sites with a fixed
number of events each, deterministic for a given seed, spread over the South Caucasus, with
Armenian names on a third of the sites, sources on every event, a few undated events,
intervals and claims, and 1 in 50 sites marked sensitive (2-decimal coordinates). It is
plain Python (no numpy) so that it costs little next to what it measures.

    python benchmarks/synthetic.py 10000 /tmp/sites-10k.geojson
"""

from __future__ import annotations

import random
import sys
from pathlib import Path
from typing import Any

from heritage import vocabulary as v
from heritage.canonical import canonical_text

STATUS_CYCLE = ("intact", "threatened", "damaged", "destroyed", "altered", "restored")


def _date(rng: random.Random, year_from: int = 1990, year_to: int = 2025) -> str:
    year = rng.randint(year_from, year_to)
    form = rng.random()
    if form < 0.6:
        return f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    if form < 0.8:
        return f"{year}-{rng.randint(1, 12):02d}"
    if form < 0.9:
        return f"{year}"
    return f"{year - 1}/{year}"


def make_site(i: int, rng: random.Random, events: int = 3) -> dict[str, Any]:
    """Return one synthetic feature with id ``site-{i:06d}``."""
    sensitive = i % 50 == 0
    lon, lat = rng.uniform(44.5, 47.5), rng.uniform(38.8, 40.6)
    digits = 2 if sensitive else 6
    props: dict[str, Any] = {
        "name": {"en": f"Synthetic site {i}"} | ({"hy": f"Տեղանք {i}"} if i % 3 == 0 else {}),
        "kind": v.KINDS[i % len(v.KINDS)],
        "region": f"Region {i % 12}",
        "location": {"precision": "site", "source": f"https://example.org/loc/{i}"}
        | ({"sensitive": True} if sensitive else {}),
    }
    history = []
    keyed = []
    for j in range(events):
        undated = rng.random() < 0.03
        date = None if undated else _date(rng)
        claim = rng.random() < 0.15
        status = STATUS_CYCLE[(i + j) % len(STATUS_CYCLE)]
        event: dict[str, Any] = {
            "date": date,
            "type": "claim" if claim else "condition",
            "status": status,
            "summary": f"Synthetic report {j} on site {i}: reported {status}.",
            "reported_by": f"Monitor {j % 4}",
            "confidence": ("high", "medium", "low")[j % 3],
            "sources": [{"url": f"https://example.org/report/{i}/{j}"}],
        }
        keyed.append((date is not None, _effective(date), j, event))
    for *_, event in sorted(keyed, key=lambda k: (k[0], k[1], k[2])):
        history.append(event)
    props["history"] = history
    return {
        "type": "Feature",
        "id": f"site-{i:06d}",
        "geometry": {"type": "Point", "coordinates": [round(lon, digits), round(lat, digits)]},
        "properties": props,
    }


def _effective(date: str | None) -> str:
    from heritage.dates import effective_date

    day = effective_date(date)
    return day.isoformat() if day else ""


def make_catalogue(n: int, events: int = 3, seed: int = 0) -> dict[str, Any]:
    """Return a synthetic FeatureCollection of ``n`` sites with ``events`` events each."""
    rng = random.Random(seed)
    return {"type": "FeatureCollection", "features": [make_site(i, rng, events) for i in range(n)]}


def write_catalogue(n: int, path: Path, events: int = 3, seed: int = 0) -> Path:
    """Write a synthetic catalogue in canonical form and return its path."""
    path.write_text(canonical_text(make_catalogue(n, events, seed)), encoding="utf-8")
    return path


if __name__ == "__main__":
    write_catalogue(int(sys.argv[1]), Path(sys.argv[2]))
