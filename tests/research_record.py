"""Is every fact of the research file still in a catalogue, or corrected on the record?

data/research/seed-sites.json is the research the catalogue was built from. Its facts may
be added to freely (new events, names, sources, better locations, new sites, withdrawals),
but never lost or changed without a trace: a research fact that is no longer in the
catalogue must be named by an entry of data/research/corrections.json, with the reason,
the source and who made the change (see data/research/README.md).

Facts are matched by content, never by position: an event is found by its summary and
source, wherever it sits in the history. A source whose URL was replaced by the canonical
URL of the page it copies counts as kept when the copy is still named in its ``via``.

This module is written independently of scripts/convert_seed.py: it reads the research
records directly and only asks whether the catalogue still says what they say.
"""

from __future__ import annotations

import calendar
import json
import re
from collections.abc import Iterable
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from heritage.dates import parse

KINDS = {"khachkar_site": "khachkar", "fortification": "fortress"}
RESEARCH = Path(__file__).resolve().parent.parent / "data" / "research"
SEED_FILE = "seed-sites.json"
#: What a correction may concern; ``was`` quotes the research fact in the research format.
FACTS = (
    "site",
    "event",
    "name",
    "alt_name",
    "source",
    "location",
    "kind",
    "built",
    "built_source",
    "region",
    "notes",
)
#: Location precisions from finest to coarsest: a point may be replaced by a finer one.
PRECISION_RANK = {"site": 0, "settlement": 1, "approximate": 2, "city": 3}
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_URL = re.compile(r"https?://\S+")


def _urls(sources: Any) -> set[str]:
    """URLs a list of sources cites: each ``url`` and each copy named in ``via``."""
    out: set[str] = set()
    for source in sources or []:
        if isinstance(source, dict):
            out.add(source.get("url"))
            if source.get("via"):
                out.add(source["via"])
    return out


def cited(props: dict[str, Any]) -> set[str]:
    """Every URL a site cites anywhere (sources, events, built and location sources)."""
    urls = _urls(props.get("sources"))
    for event in props.get("history") or []:
        urls |= _urls(event.get("sources"))
    urls.add(props.get("built_source"))
    location = props.get("location") or {}
    urls.add(location.get("source"))
    if location.get("via"):
        urls.add(location["via"])
    return {u for u in urls if u}


@cache
def _later(name: str) -> tuple[tuple[str, str, Any], ...]:
    folder = RESEARCH / name
    if not (folder / "events.json").exists():
        return ()
    facts: list[tuple[str, str, Any]] = []
    for entry in json.loads((folder / "events.json").read_text("utf-8")):
        facts.append((entry["site_id"], "event", entry["event"]))
    sites = json.loads((folder / "new-sites.geojson").read_text("utf-8"))["features"]
    for feature in sites:
        facts.append((feature["id"], "site", feature["id"]))
        facts += [(feature["id"], "event", e) for e in feature["properties"]["history"]]
    for loc in json.loads((folder / "locations.json").read_text("utf-8")):
        facts.append((loc["site_id"], "location", loc))
    return tuple(facts)


def later_facts(name: Any) -> tuple[tuple[str, str, Any], ...]:
    """Facts of a later research reading (``pass6``): (site, fact kind, value as written)."""
    return _later(name) if isinstance(name, str) and "/" not in name and name else ()


def last_day(text: str) -> date:
    parts = [int(p) for p in text.split("-")]
    if len(parts) == 1:
        return date(parts[0], 12, 31)
    if len(parts) == 2:
        return date(parts[0], parts[1], calendar.monthrange(parts[0], parts[1])[1])
    return date(*parts)


def date_problem(event: dict[str, Any], match: dict[str, Any]) -> str | None:
    """Why the catalogue's date does not allow exactly what the research said, or None."""
    d, lo, hi = event["date"], event.get("date_earliest"), event.get("date_latest")
    text = match.get("date")
    if d is None and lo is None and hi is None:
        return None if text is None else f"date {text!r} where the research has none"
    if not isinstance(text, str):
        return "date missing"
    span = parse(text)
    latest = hi or d
    if latest is not None:
        if event["date_precision"] == "decade" and not hi:
            ok = span.effective == date(int(d) + 9, 12, 31)
        elif event["date_precision"] == "season" and not hi:
            ok = span.effective.year == int(d) and span.effective > date(int(d), 1, 31)
        else:
            ok = span.effective == last_day(latest)
    else:
        ok = text.endswith("/..")  # only a lower bound is known
    if lo is not None and span.earliest != parse(lo).earliest:
        ok = False
    if event["date_precision"] == "approximate" and match.get("approximate") is not True:
        ok = False
    return None if ok else f"date {text!r} does not say what the research says"


def event_matches(event: dict[str, Any], match: dict[str, Any]) -> bool:
    """True when a catalogue event says everything a research event says."""
    if match.get("summary") != event["description"]:
        return False
    if event["source_url"] not in _urls(match.get("sources")):
        return False
    for key in ("reported_by", "reporter_type", "confidence"):
        if match.get(key) != event[key]:
            return False
    note = match.get("note") or ""
    if event.get("note") and event["note"] not in note:
        return False
    if event["status"] == "under_restoration":
        if match.get("type") != "restoration" or "status" in match:
            return False
        if "under restoration" not in note:
            return False
    elif match.get("type") != event["event_type"] or match.get("status") != event["status"]:
        return False
    return date_problem(event, match) is None


def _location_kept(seed_loc: dict[str, Any], feature: dict[str, Any]) -> bool:
    props = feature["properties"]
    location = props.get("location") or {}
    geometry = feature.get("geometry")
    expected = "site" if seed_loc["precision"] == "complex" else seed_loc["precision"]
    same_point = geometry == {"type": "Point", "coordinates": [seed_loc["lon"], seed_loc["lat"]]}
    same_source = seed_loc["source"] in (location.get("source"), location.get("via"))
    note = seed_loc.get("note")
    if same_point and same_source and location.get("precision") == expected:
        return not note or note in (location.get("note") or "")
    # A better location is an addition: a point of finer precision, with its own source.
    finer = PRECISION_RANK.get(location.get("precision"), 99) < PRECISION_RANK.get(expected, 99)
    return bool(geometry) and finer and bool(location.get("source"))


def _superseded(seed: dict[str, Any], feature: dict[str, Any]) -> str | None:
    """The research location's source, when a finer point with its own source replaced it.

    The research point then described something coarser than the monument (a city or a
    village centre); its source gave that point only, so it need not stay cited.
    """
    loc = seed["location"]
    location = feature["properties"].get("location") or {}
    if loc and _location_kept(loc, feature) and location.get("source") != loc["source"]:
        return str(loc["source"])
    return None


def _contains(text: Any, part: str) -> bool:
    return isinstance(text, str) and part in text


def site_facts(seed: dict[str, Any]) -> Iterable[tuple[str, Any]]:
    """Every fact of one research site, as (fact kind, the research value)."""
    for lang, name in seed["names"].items():
        if lang == "alt":
            for alt in name or []:
                yield "alt_name", alt
        elif name:
            yield "name", {lang: name}
    for key in ("kind", "built", "built_source", "region", "notes"):
        value = seed["site_type"] if key == "kind" else seed[key]
        if value:
            yield key, value
    if seed["location"]:
        yield "location", seed["location"]
    for url in seed["sources"]:
        yield "source", url
    for event in seed["status_events"]:
        yield "event", event


def _kept(kind: str, value: Any, feature: dict[str, Any], unmatched: list[Any]) -> bool:
    props = feature["properties"]
    if kind == "name":
        ((lang, name),) = value.items()
        return bool((props.get("name") or {}).get(lang) == name)
    if kind == "alt_name":
        return value in (props.get("alt_names") or [])
    if kind == "kind":
        return bool(props.get("kind") == KINDS.get(value, value))
    if kind == "built_source" and props.get(kind) != value:
        # Canonicalised: the article is cited, the copy read kept in a site source's via.
        kept = {"url": props.get(kind), "via": value}
        return any(
            isinstance(s, dict) and {"url": s.get("url"), "via": s.get("via")} == kept
            for s in props.get("sources") or []
        )
    if kind in ("built", "built_source", "region", "notes"):
        return props.get(kind) == value or (
            kind != "built_source" and _contains(props.get(kind), value)
        )
    if kind == "location":
        return _location_kept(value, feature)
    if kind == "source":
        return value in cited(props)
    match = next((e for e in unmatched if event_matches(value, e)), None)
    if match is None:
        return False
    unmatched.remove(match)
    return True


def _describe(kind: str, value: Any) -> str:
    if kind == "event":
        return f"event {value['date']!r} {value['event_type']} ({value['description'][:60]}...)"
    text = repr(value)
    return f"{kind} {text[:80]}"


def correction_problems(
    seed: list[dict[str, Any]], corrections: Any, features: dict[str, dict[str, Any]]
) -> list[str]:
    """Problems with the corrections record itself (shape, and what each entry names)."""
    if not isinstance(corrections, list):
        return ["corrections: the record must be a JSON list of corrections"]
    by_id = {s["id"]: s for s in seed}
    problems = []
    for n, entry in enumerate(corrections):
        where = f"corrections[{n}]"
        if not isinstance(entry, dict):
            problems.append(f"{where}: not an object")
            continue
        missing = [
            k
            for k in ("site", "fact", "was", "now", "reason", "source", "date", "by")
            if k not in entry
        ]
        if missing:
            problems.append(f"{where}: missing {', '.join(missing)}")
            continue
        for key in ("reason", "by"):
            if not isinstance(entry[key], str) or not entry[key].strip():
                problems.append(f"{where}: '{key}' must say why and who")
        if not isinstance(entry["source"], str) or not _URL.fullmatch(entry["source"]):
            problems.append(f"{where}: 'source' must be the http(s) URL the change rests on")
        if not isinstance(entry["date"], str) or not _DAY.fullmatch(entry["date"]):
            problems.append(f"{where}: 'date' must be YYYY-MM-DD")
        if entry["fact"] not in FACTS:
            problems.append(f"{where}: 'fact' must be one of {', '.join(FACTS)}")
            continue
        if entry.get("research", SEED_FILE) != SEED_FILE:
            # A later research reading (pass6...): its events are in the catalogue's format.
            if (entry["site"], entry["fact"], entry["was"]) not in later_facts(entry["research"]):
                problems.append(f"{where}: 'was' is not a fact of {entry['research']}")
            continue
        research = by_id.get(entry["site"])
        if research is None:
            problems.append(f"{where}: no research site '{entry['site']}'")
            continue
        facts = [v for k, v in site_facts(research) if k == entry["fact"]]
        if entry["fact"] == "site":
            facts = [research["id"]]
        if entry["was"] not in facts:
            problems.append(
                f"{where}: 'was' is not a {entry['fact']} of research site "
                f"'{entry['site']}' (quote it exactly as the research file has it)"
            )
        now = entry["now"]
        feature = features.get(entry["site"])
        if entry["fact"] == "event" and now is not None:
            history = (feature or {}).get("properties", {}).get("history") or []
            # The replacing event is found by what it says and when; its sources may since
            # have gained a canonical URL or an archived copy.
            same = [
                e
                for e in history
                if isinstance(now, dict)
                and e.get("summary") == now.get("summary")
                and e.get("date") == now.get("date")
            ]
            if not same:
                problems.append(
                    f"{where}: 'now' (the replacing event) is not in the history "
                    f"of '{entry['site']}'"
                )
    return problems


def record_problems(
    seed: list[dict[str, Any]],
    data: dict[str, Any],
    corrections: list[dict[str, Any]] | None = None,
) -> list[str]:
    """Every research fact missing from a catalogue without a recorded correction.

    Parameters
    ----------
    seed
        The research records (data/research/seed-sites.json).
    data
        The catalogue (parsed GeoJSON).
    corrections
        The corrections record (data/research/corrections.json); None for none.

    Returns
    -------
    list of str
        One line per problem, naming the site and the fact; empty when the record is kept.
    """
    features = {f.get("id"): f for f in data.get("features") or [] if isinstance(f, dict)}
    corrections = corrections if corrections is not None else []
    problems = correction_problems(seed, corrections, features)
    corrected = [
        (c.get("site"), c.get("fact"), c.get("was")) for c in corrections if isinstance(c, dict)
    ]
    for research in seed:
        site = research["id"]
        feature = features.get(site)
        if feature is None:
            if (site, "site", site) not in corrected:
                problems.append(f"{site}: the research site is missing from the catalogue")
            continue
        unmatched = list(feature["properties"].get("history") or [])
        superseded = _superseded(research, feature)
        for kind, value in site_facts(research):
            if (site, kind, value) in corrected or (kind, value) == ("source", superseded):
                continue
            if not _kept(kind, value, feature, unmatched):
                problems.append(
                    f"{site}: {_describe(kind, value)} is no longer in the catalogue "
                    "and no correction is recorded"
                )
    return problems
