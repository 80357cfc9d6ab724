"""Merge the checked research of pass 6 (data/research/pass6/) with the contributor tools.

Every change to the catalogue goes through the commands a contributor uses, so that it is
validated and reported the same way: ``heritage import sites`` (new sites, and notes or
sources added to existing sites with ``--update``), ``heritage import events`` (events,
including the five that replace an undated event, column ``replaces``) and ``heritage
set-location`` (monument-level points). The editorial decisions are written down below
and in data/research/pass6/MERGE.md; the corrections they make to the research record are
appended to data/research/corrections.json.

    python scripts/merge_pass6.py [data/sites.geojson]

Run it once, on the catalogue before the merge (main at 960ca1b); run again, it finds
every site and event already there and stops at the first refusal.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PASS6 = ROOT / "data" / "research" / "pass6"
CORRECTIONS = ROOT / "data" / "research" / "corrections.json"
TODAY = "2026-12-06"
EDITOR = "heritage maintainers (issue 10, merge of research pass 6)"

#: New sites not added as such, and why; those merged into another entry (decisions.json).
DECISIONS_FILE = json.loads((PASS6 / "decisions.json").read_text("utf-8"))
DROPPED: dict[str, str] = DECISIONS_FILE["dropped"]
MERGED_INTO: dict[str, str] = DECISIONS_FILE["merged_into"]

#: Decisions on the possible duplicates, appended to the new site's notes.
DECISIONS = {
    "talish-first-artsakh-war-memorials": (
        "Kept apart from revived-talish-monument (editor's decision, December 2026): "
        "Krivosheev's report concerns the village's khachkars and memorials to the victims "
        "of the First Artsakh War as a group ('mostly destroyed'), while the catalogued "
        "entry is one monument opened in 2017; the photographed 'memorial complex' may be "
        "that monument, which its own notes say."
    ),
    "uzeyir-hajibeyli-statue-shusha": (
        "Kept apart from bust-of-uzeyir-hajibeyli-shusha (editor's decision, December "
        "2026): the bust was reinstalled in January 2021 and kept bullet-marked, so the "
        "monument unveiled on 29 August 2021 is another object; whether the destroyed "
        "'statue' of the President's statement is the bust is not stated, so that event "
        "stays a claim."
    ),
    "andranik-street-sculptures-stepanakert": (
        "Kept as a separate entry (editor's decision, December 2026): the source names no "
        "sculpture and none of the catalogued Stepanakert statues is described as standing "
        "on Andranik Street, so it cannot be attached to one of them; merge it when a "
        "source names the sculptures."
    ),
    "chinar-sacred-place-shikh-dursun": (
        "Kept apart from surb-astvatsatsin-church-old-skhtorashen (editor's decision, "
        "December 2026): the plane tree Tnjri and the 1731 church are different objects; "
        "the church stands east of the tree, and no source read says what the "
        "'monument complex' of the 2023 visit comprises."
    ),
}
#: Notes and sources added to existing sites (appended; nothing is replaced).
SITE_ADDITIONS: dict[str, dict[str, Any]] = {
    "st-sargis-church-mokhrenes": {
        "notes": (
            "Caucasus Heritage Watch also reported the village of Mokhrenes largely "
            "destroyed in 2022 and later construction there (PanARMENIAN, Western Armenia "
            "TV, Massis Post, October 2022)."
        ),
        "from_site": "mokhrenes-village",
    },
    "mamayi-mosque-shusha": {
        "notes": (
            "The Mamayi spring in the mosque's grounds is recorded on this entry: research "
            "pass 6 proposed a separate entry, merged here because every source describes "
            "the spring together with the mosque (editor's decision, December 2026)."
        ),
    },
    "revived-talish-monument": {
        "notes": (
            "The village's khachkars and memorials to the victims of the First Artsakh War "
            "are a separate entry (talish-first-artsakh-war-memorials)."
        ),
    },
    "bust-of-uzeyir-hajibeyli-shusha": {
        "notes": (
            "The monument to Uzeyir Hajibeyli unveiled in Shusha on 29 August 2021 is a "
            "separate entry (uzeyir-hajibeyli-statue-shusha)."
        ),
    },
    "surb-astvatsatsin-church-old-skhtorashen": {
        "notes": (
            "The Skhtorashen plane tree (Tnjri, the 'Chinar sacred place') is a separate "
            "entry (chinar-sacred-place-shikh-dursun)."
        ),
    },
}
#: Dated events that replace an event already in the catalogue: (site, new date) -> the
#: start of the replaced event's summary, and why.
REPLACES = {
    ("amaras-monastery", "2021-01-12"): (
        "Abbot Geghard Hovhannisian told Yerkir.am",
        "The same statement of the abbot, dated by News.am (12 January 2021); the "
        "undated event read it in a later reprint, whose URL stays cited on the dated event.",
    ),
    ("old-cemetery-shahkert", "../2022-09-12"): (
        "Caucasus Heritage Watch stated (28 Nov 2023)",
        "The same CHW statement from the same page, dated by the release of the 'Silent "
        "Erasure' report that documented the erasure (12 September 2022).",
    ),
    ("new-armenian-cemetery-nakhchivan-city", "1997/2011"): (
        "Revista Pesquisa FAPESP, reporting on the CHW",
        "The same page, dated by the window of CHW's study (1997-2011) that it reports.",
    ),
    ("surb-astvatsatsin-church-khramort", "1988/1994"): (
        "Monument Watch says the church was damaged during the first Artsakh war",
        "The same Monument Watch page, dated to the first war (1988-1994) that it names.",
    ),
    ("mirsiyab-caravanserai-shusha", "2023-05-10"): (
        "Image caption: 'Caravanserai building after restoration works in 2023'.",
        "The same restoration, dated to the day of the reopening (AzerNews, 10 May 2023); "
        "the year-only event read it from an image caption of a Wikipedia copy, whose URL "
        "stays cited on the dated event.",
    ),
}
SOURCE_KEYS = ("url", "title", "publisher", "published", "accessed", "archived", "via")
EVENT_KEYS = ("date", "type", "status", "summary", "reported_by", "reporter_type")
EVENT_KEYS += ("confidence", "note")


def heritage(*args: str) -> None:
    """Run one heritage command; stop the merge when it refuses."""
    command = [sys.executable, "-m", "heritage", *args]
    print("$ heritage", " ".join(args[:3]), "...", flush=True)
    if subprocess.run(command, check=False, cwd=ROOT).returncode != 0:
        # The tool said why; what it refused was not written, the steps after it not run.
        sys.exit(f"merge stopped: 'heritage {' '.join(args[:2])}' refused (see above)")


def write_csv(path: Path, rows: list[dict[str, str]]) -> None:
    columns: list[str] = []
    for row in rows:
        columns += [k for k in row if k not in columns]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, columns, restval="")
        writer.writeheader()
        writer.writerows(rows)


def event_row(site: str, event: dict[str, Any]) -> dict[str, str]:
    row = {"site_id": site, **{k: str(event[k]) for k in EVENT_KEYS if event.get(k)}}
    if event.get("approximate"):
        row["approximate"] = "true"
    for n, source in enumerate(event.get("sources") or [], start=1):
        prefix = "source_" if n == 1 else f"source{n}_"
        row.update({prefix + k: source[k] for k in SOURCE_KEYS if source.get(k)})
    return row


def site_row(feature: dict[str, Any]) -> dict[str, str]:
    props = feature["properties"]
    row = {"id": feature["id"], "name": props["name"]["en"]}
    row.update({f"name_{k}": v for k, v in props["name"].items() if k != "en"})
    if props.get("alt_names"):
        row["alt_names"] = "; ".join(props["alt_names"])
    for key in ("kind", "built", "built_source", "region"):
        if props.get(key):
            row[key] = props[key]
    notes = " ".join(t for t in (props.get("notes"), DECISIONS.get(feature["id"])) if t)
    if notes:
        row["notes"] = notes
    if feature.get("geometry"):
        lon, lat = feature["geometry"]["coordinates"]
        row.update(longitude=str(lon), latitude=str(lat))
        location = props["location"]
        row.update(precision=location["precision"], location_source=location["source"])
        if location.get("note"):
            row["location_note"] = location["note"]
    if props.get("sources"):
        row["sources"] = " ".join(s["url"] for s in props["sources"])
    return row


def replacement(
    catalogue: dict[str, Any], site: str, event: dict[str, Any]
) -> tuple[dict[str, Any], str] | None:
    """The event the pass-6 event replaces (as it stands) and the reason, if any."""
    decision = REPLACES.get((site, event["date"]))
    if decision is None:
        return None
    start, reason = decision
    feature = next(f for f in catalogue["features"] if f["id"] == site)
    old = next(
        (e for e in feature["properties"]["history"] if e["summary"].startswith(start)), None
    )
    if old is None:
        sys.exit(f"merge stopped: {site} has no event '{start}...' to replace (merged already?)")
    return old, reason


def main(argv: list[str]) -> int:
    target = argv[1] if len(argv) > 1 else "data/sites.geojson"
    catalogue = json.loads((ROOT / target).read_text("utf-8"))
    existing = {f["id"]: f for f in catalogue["features"]}
    new_sites = json.loads((PASS6 / "new-sites.geojson").read_text("utf-8"))["features"]
    events = json.loads((PASS6 / "events.json").read_text("utf-8"))
    locations = json.loads((PASS6 / "locations.json").read_text("utf-8"))
    seed = json.loads((ROOT / "data" / "research" / "seed-sites.json").read_text("utf-8"))
    research = {s["id"]: s for s in seed}

    kept = [f for f in new_sites if f["id"] not in DROPPED]
    event_rows: list[dict[str, str]] = []
    for feature in new_sites:
        if feature["id"] in DROPPED and feature["id"] not in MERGED_INTO:
            continue
        site = MERGED_INTO.get(feature["id"], feature["id"])
        event_rows += [event_row(site, e) for e in feature["properties"]["history"]]
    corrections: list[dict[str, Any]] = []
    replaced: list[tuple[str, dict[str, Any], str]] = []
    for entry in events:
        site, event = entry["site_id"], dict(entry["event"])
        row = event_row(site, event)
        found = replacement(catalogue, site, event)
        if found is not None:
            old, reason = found
            cited = {s["url"] for s in event["sources"]}
            # The replaced event's page stays cited: only its undated wording goes.
            extra = [s["url"] for s in old["sources"] if s["url"] not in cited]
            if extra:
                row["sources"] = " ".join(extra)
            row["note"] = (
                (row.get("note", "") + " ").lstrip()
                + "Replaces an earlier event of the research file: "
                + reason.rstrip(".")
                + " (correction recorded in data/research/corrections.json)."
            )
            row["replaces"] = old["summary"]
            replaced.append((site, old, reason))
        event_rows.append(row)

    with tempfile.TemporaryDirectory() as tmp:
        sites_csv, events_csv = Path(tmp) / "sites.csv", Path(tmp) / "events.csv"
        write_csv(sites_csv, [site_row(f) for f in kept])
        heritage("import", "sites", str(sites_csv), "-c", target)
        write_csv(events_csv, event_rows)
        heritage("import", "events", str(events_csv), "-c", target)
        updates = []
        for site, addition in SITE_ADDITIONS.items():
            props = existing[site]["properties"]
            notes = (props.get("notes"), addition["notes"])
            row = {"id": site, "notes": " ".join(t for t in notes if t)}
            if addition.get("from_site"):
                donor = next(f for f in new_sites if f["id"] == addition["from_site"])
                urls = [s["url"] for s in props.get("sources") or []]
                urls += [
                    s["url"]
                    for e in donor["properties"]["history"]
                    for s in e["sources"]
                    if s["url"] not in urls
                ]
                row["sources"] = " ".join(urls)
            updates.append(row)
        updates_csv = Path(tmp) / "updates.csv"
        write_csv(updates_csv, updates)
        heritage("import", "sites", str(updates_csv), "-c", target, "--update")
    for loc in locations:
        args = ["set-location", loc["site_id"], target, "--lon", str(loc["lon"])]
        args += ["--lat", str(loc["lat"]), "--precision", loc["precision"]]
        args += ["--source", loc["source"], "--note", loc["note"]]
        heritage(*args)

    after = json.loads((ROOT / target).read_text("utf-8"))
    history = {f["id"]: f["properties"]["history"] for f in after["features"]}
    for site, old, reason in replaced:
        was = next(e for e in research[site]["status_events"] if e["description"] == old["summary"])
        now = next(
            e
            for e in history[site]
            if e.get("note", "").endswith(
                "(correction recorded in data/research/corrections.json)."
            )
        )
        corrections.append(
            {
                "site": site,
                "fact": "event",
                "was": was,
                "now": now,
                "reason": reason,
                "source": now["sources"][0]["url"],
                "date": TODAY,
                "by": EDITOR,
            }
        )
    record = json.loads(CORRECTIONS.read_text("utf-8"))
    record += [c for c in corrections if c not in record]
    CORRECTIONS.write_text(json.dumps(record, ensure_ascii=False, indent=2) + "\n", "utf-8")
    print(
        f"{len(kept)} new sites, {len(event_rows)} events, {len(locations)} locations, "
        f"{len(corrections)} corrections recorded"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
