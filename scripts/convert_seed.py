"""Convert the research file (data/research/seed-sites.json) into data/sites.geojson.

Run once to create the catalogue; the mapping is written down in docs/data-model.md
("The bundled catalogue"). tests/test_seed_conversion.py checks that every site, event and
source of the research file is in the catalogue, so later hand edits stay faithful.

    python scripts/convert_seed.py data/research/seed-sites.json data/sites.geojson
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from heritage.canonical import canonical_text
from heritage.dates import effective_date
from heritage.schema import SCHEMA_REF
from heritage.write import write_atomic

KIND = {"khachkar_site": "khachkar", "fortification": "fortress"}
SEASONS = {
    "spring": ("03", "05"),
    "summer": ("06", "08"),
    "autumn": ("09", "11"),
    "fall": ("09", "11"),
}


def seed_date(event: dict[str, Any]) -> tuple[str | None, bool, str | None]:
    """Return (date text, approximate, extra note) for one research event."""
    d, lo, hi = event["date"], event.get("date_earliest"), event.get("date_latest")
    precision = event["date_precision"]
    extra = None
    if lo and hi:
        text = f"{lo}/{hi}"
        if d and d not in (lo, hi):
            extra = f"The research file also gives the date {d}."
    elif hi:
        text = f"{d}/{hi}" if d and d != hi else f"../{hi}"
    elif lo:
        text = d if d == lo else (f"{lo}/{d}" if d else f"{lo}/..")
    elif d is None:
        return None, False, None
    elif precision == "decade":
        decade = int(d[:3] + "0")
        text = f"{decade}/{decade + 9}"
    elif precision == "season":
        note = (event.get("note") or "").lower()
        season = next(s for s in SEASONS if s in note)
        first, last = SEASONS[season]
        text = f"{d}-{first}/{d}-{last}"
    else:
        text = d
    return text, precision == "approximate", extra


def convert_event(event: dict[str, Any]) -> dict[str, Any]:
    """Map one research event onto the contract's event."""
    date, approximate, extra = seed_date(event)
    out: dict[str, Any] = {"date": date}
    if approximate:
        out["approximate"] = True
    out["type"] = event["event_type"]
    status = event["status"]
    if status == "under_restoration":
        # Work under way is not a condition: a restoration event without a status.
        out["type"] = "restoration"
        status = None
    if status is not None:
        out["status"] = status
    out["summary"] = event["description"]
    for key in ("reported_by", "reporter_type", "confidence"):
        if event.get(key):
            out[key] = event[key]
    note = event.get("note")
    if event["status"] == "under_restoration":
        note = "Reported as under restoration." + (f" {note}" if note else "")
    if extra:
        note = f"{note} {extra}" if note else extra
    if note:
        out["note"] = note
    out["sources"] = [{"url": event["source_url"]}]
    return out


def convert_site(site: dict[str, Any]) -> dict[str, Any]:
    """Map one research site onto a GeoJSON Feature of the contract."""
    names = {k: v for k, v in site["names"].items() if k != "alt" and v}
    props: dict[str, Any] = {"name": names}
    if site["names"].get("alt"):
        props["alt_names"] = site["names"]["alt"]
    props["kind"] = KIND.get(site["site_type"], site["site_type"])
    if site.get("built"):
        props["built"] = site["built"]
    if site.get("built_source"):
        props["built_source"] = site["built_source"]
    if site.get("region"):
        props["region"] = site["region"]
    geometry = None
    loc = site.get("location")
    if loc:
        geometry = {"type": "Point", "coordinates": [loc["lon"], loc["lat"]]}
        location: dict[str, Any] = {"precision": loc["precision"]}
        note = loc.get("note")
        if loc["precision"] == "complex":
            location["precision"] = "site"
            note = "The point is that of the enclosing cemetery complex." + (
                f" {note}" if note else ""
            )
        location["source"] = loc["source"]
        if note:
            location["note"] = note
        props["location"] = location
    if site.get("notes"):
        props["notes"] = site["notes"]
    cited = {e["source_url"] for e in site["status_events"]}
    cited |= {site.get("built_source"), (loc or {}).get("source")}
    extra = [u for u in site["sources"] if u not in cited]
    if extra:
        props["sources"] = [{"url": u} for u in extra]
    events = [convert_event(e) for e in site["status_events"]]
    # Chronological order by effective date; undated events first; ties keep research order.
    indexed = sorted(
        enumerate(events),
        key=lambda ie: (
            effective_date(ie[1]["date"]) is not None,
            effective_date(ie[1]["date"]) or 0,
            ie[0],
        ),
    )
    props["history"] = [e for _, e in indexed]
    return {"type": "Feature", "id": site["id"], "geometry": geometry, "properties": props}


def main(argv: list[str]) -> int:
    """Convert argv[1] (research JSON) into argv[2] (catalogue GeoJSON)."""
    seed = json.loads(Path(argv[1]).read_text("utf-8"))
    collection = {
        "type": "FeatureCollection",
        "$schema": SCHEMA_REF,
        "name": "Armenian and Azerbaijani heritage in Nagorno-Karabakh and Nakhchivan",
        "features": [convert_site(s) for s in seed],
    }
    write_atomic(Path(argv[2]), canonical_text(collection))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
