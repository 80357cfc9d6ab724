"""An ordinary contribution made by hand, the way a volunteer makes it in a web editor.

:func:`hand_edit` takes a catalogue and applies the edits a pull request usually brings:
new sourced events on existing sites (one of them changing a status, one a claim), a name in
another language, a better location with its source, a new site appended at the end, and a
withdrawal with its reason; then writes the file in a layout of its own (4-space indent,
members in another order, the new site last). The result is valid, but not canonical: the
tests that read the bundled catalogue must pass on it too, so that such a pull request is
never blocked by a test that pins today's numbers or layout.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from heritage.dates import effective_date

SOURCE = {"url": "https://example.org/hand-edit/report", "title": "A field report"}
NEW_SITE_ID = "hand-edit-example-chapel"


def _insert(history: list[dict[str, Any]], event: dict[str, Any]) -> None:
    """Insert an event where its date belongs, as CONTRIBUTING asks (after its equals)."""
    day = effective_date(event["date"])
    at = len(history)
    while at > 0 and day is not None and (effective_date(history[at - 1].get("date")) or day) > day:
        at -= 1
    history.insert(at, event)


def _event(date: str, summary: str, **more: Any) -> dict[str, Any]:
    # Members in the order a person might type them, not the canonical one.
    return {"summary": summary, "date": date, **more, "sources": [dict(SOURCE)]}


def _active(features: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [f for f in features if not f["properties"].get("withdrawn")]


def hand_edit(src: Path, dst: Path) -> dict[str, Any]:
    """Write a hand-edited copy of the catalogue ``src`` to ``dst``.

    Returns
    -------
    dict
        What was edited: ``status_site``, ``claim_site``, ``named_site``, ``located_site``,
        ``withdrawn_site`` and ``new_site`` (ids).
    """
    data = json.loads(src.read_text("utf-8"))
    features: list[dict[str, Any]] = data["features"]
    by_id = {f["id"]: f for f in features}
    active = _active(features)
    first = by_id.get("amaras-monastery", active[0])
    # A name in another language and a report that changes the current status.
    first["properties"]["name"]["de"] = "Kloster Amaras"
    _insert(
        first["properties"]["history"],
        _event(
            "2026-03",
            "A monitoring group reported new damage to the outer wall in March 2026.",
            type="condition",
            status="damaged",
            reported_by="A monitoring group",
            confidence="medium",
        ),
    )
    # A claim on another site, inserted where its date belongs.
    second = next(f for f in active if f is not first and f["properties"]["history"])
    history = second["properties"]["history"]
    _insert(
        history,
        _event(
            "2025-02-14",
            "A ministry stated that the site had been restored.",
            type="claim",
            reported_by="A ministry",
        ),
    )
    # A better location, with its source, for a site that had none.
    third = next(
        f
        for f in active
        if f not in (first, second)
        and f["geometry"] is None
        and not f["properties"].get("location", {}).get("sensitive")
    )
    third["geometry"] = {"type": "Point", "coordinates": [46.7, 39.8]}
    third["properties"]["location"] = {
        "source": "https://example.org/hand-edit/map",
        "precision": "approximate",
    }
    # A withdrawal with its reason (never a deletion).
    fourth = next(f for f in reversed(active) if f not in (first, second, third) and f["geometry"])
    fourth["properties"]["withdrawn"] = {
        "reason": f"A duplicate of {first['id']}, recorded twice.",
        "date": "2025-04-01",
    }
    # A new site, typed at the end of the file (with a fresh id if the catalogue was already
    # edited this way).
    new_id = NEW_SITE_ID
    while new_id in by_id:
        new_id += "-2"
    features.append(
        {
            "type": "Feature",
            "properties": {
                "kind": "chapel",
                "name": {"en": "Hand Edit Example Chapel"},
                "region": "Hadrut",
                "history": [
                    _event(
                        "2024-11-20",
                        "A local journalist reported the chapel standing, with photographs.",
                        status="intact",
                        reported_by="A local journalist",
                    )
                ],
            },
            "id": new_id,
            "geometry": {"coordinates": [46.95, 39.52], "type": "Point"},
        }
    )
    dst.write_text(json.dumps(data, ensure_ascii=False, indent=4) + "\n", encoding="utf-8")
    return {
        "status_site": first["id"],
        "claim_site": second["id"],
        "named_site": first["id"],
        "located_site": third["id"],
        "withdrawn_site": fourth["id"],
        "new_site": new_id,
    }
