"""History events compared between two versions of a site, and current statuses of features.

Events have no ids, so they are matched by content. Unchanged events are found as the
longest common subsequence of the two lists (:class:`difflib.SequenceMatcher`), which keeps
an event inserted among older ones from making its neighbours look edited. Between two
matched stretches, a removed and an inserted event that share their date, summary, sources
or reporter are one *edited* event; the others are *deleted* and *added*.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any

import orjson

from heritage import vocabulary as v
from heritage.diff.other import same
from heritage.status_rule import status_of

#: Members whose old and new values are shown to reviewers (long texts are only named).
SHORT_MEMBERS = ("date", "approximate", "type", "status", "reported_by", "confidence")
#: Members that identify an event well enough to call a changed one "the same, edited".
IDENTITY_MEMBERS = ("date", "summary", "sources", "reported_by")


@dataclass(frozen=True)
class EventChange:
    """One history event added, edited or deleted.

    Attributes
    ----------
    change
        ``added``, ``edited`` or ``deleted``.
    index_before, index_after
        Position in the base and head history (``None`` on the side where it is absent).
    date, type, status
        Of the event as it is now (as it was, for a deleted event).
    members
        For an edited event, the names of the members that changed.
    before, after
        For an edited event, old and new values of the short members that changed.
    """

    change: str
    index_before: int | None
    index_after: int | None
    date: str | None
    type: str
    status: str | None
    members: tuple[str, ...] = ()
    before: dict[str, Any] = field(default_factory=dict)
    after: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Return the event change as a JSON-ready dict."""
        return {
            "change": self.change,
            "index_before": self.index_before,
            "index_after": self.index_after,
            "date": self.date,
            "type": self.type,
            "status": self.status,
            "members": list(self.members),
            "before": self.before,
            "after": self.after,
        }


def _event(obj: Any) -> dict[str, Any]:
    return obj if isinstance(obj, dict) else {}


def _text(value: Any) -> str | None:
    # The diff reads files that were not validated: a value of the wrong type is shown as
    # the JSON it is, and never taken for a date, type or status.
    if value is None or isinstance(value, str):
        return value
    return orjson.dumps(value).decode()


def _key(event: Any) -> bytes:
    return orjson.dumps(event, option=orjson.OPT_SORT_KEYS)


def _same_event(a: dict[str, Any], b: dict[str, Any]) -> int:
    return sum(1 for m in IDENTITY_MEMBERS if m in a and a.get(m) == b.get(m))


def _change(kind: str, event: Any, before: int | None, after: int | None) -> EventChange:
    e = _event(event)
    return EventChange(
        kind,
        before,
        after,
        _text(e.get("date")),
        _text(e.get("type", v.DEFAULT_EVENT_TYPE)) or v.DEFAULT_EVENT_TYPE,
        _text(e.get("status")),
    )


def _edited(old: Any, new: Any, before: int, after: int) -> EventChange:
    a, b = _event(old), _event(new)
    order = {m: i for i, m in enumerate(v.EVENT_ORDER)}
    members = tuple(
        sorted(
            (m for m in set(a) | set(b) if m not in a or m not in b or not same(a[m], b[m])),
            key=lambda m: (order.get(m, len(order)), m),
        )
    )
    short = [m for m in members if m in SHORT_MEMBERS]
    return EventChange(
        "edited",
        before,
        after,
        _text(b.get("date")),
        _text(b.get("type", v.DEFAULT_EVENT_TYPE)) or v.DEFAULT_EVENT_TYPE,
        _text(b.get("status")),
        members,
        {m: a.get(m) for m in short},
        {m: b.get(m) for m in short},
    )


def diff_events(old: list[Any], new: list[Any]) -> list[EventChange]:
    """Return the events added, edited and deleted from one history to another.

    Parameters
    ----------
    old, new
        The ``history`` lists of a site in the base and head versions.

    Returns
    -------
    list of EventChange
        In the order of the head history (deleted events where they stood).
    """
    matcher = difflib.SequenceMatcher(None, [_key(e) for e in old], [_key(e) for e in new], False)
    changes: list[EventChange] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        free = list(range(j1, j2))
        paired: dict[int, int] = {}
        for i in range(i1, i2):
            scored = [(_same_event(_event(old[i]), _event(new[j])), -j) for j in free]
            best = max(scored, default=(0, 0))
            if best[0] > 0:
                paired[-best[1]] = i
                free.remove(-best[1])
        for i in range(i1, i2):
            if i not in paired.values():
                changes.append(_change("deleted", old[i], i, None))
        for j in range(j1, j2):
            if j in paired:
                changes.append(_edited(old[paired[j]], new[j], paired[j], j))
            else:
                changes.append(_change("added", new[j], None, j))
    return changes


def current_statuses(features: list[dict[str, Any]]) -> dict[str, str]:
    """Return the current status of each feature, by the rule of :mod:`heritage.status_rule`.

    Parameters
    ----------
    features
        GeoJSON features (valid or not: what cannot be read sets no status).

    Returns
    -------
    dict
        Site id to status (``unknown`` where no dated observation has a status).
    """
    out: dict[str, str] = {}
    for feature in features:
        props = feature.get("properties")
        out[feature["id"]] = status_of(props.get("history") if isinstance(props, dict) else None)
    return out
