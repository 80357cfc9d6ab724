"""The ``history-order`` rule: name the events that break the date order, once each.

A history must be in chronological order by effective date (the latest day a date allows),
because the order of the list also breaks ties between events of the same day. When one
event is typed in the wrong place, comparing each event with the latest before it blames
every *other* event after the misplaced one. Instead, the longest run of events that are
already in order (the longest non-decreasing subsequence of effective dates) is kept as the
reference, and only the events outside it are reported, each with the place it belongs:
the fewest moves that put the history in order.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator, Sequence
from typing import Any

from heritage.codes import issue
from heritage.issues import Issue, pointer

#: How much of an event's summary is quoted to name it.
SUMMARY_CHARS = 40


def in_order(keys: Sequence[int]) -> list[int]:
    """Return the indexes of a longest non-decreasing subsequence of ``keys``.

    Among subsequences of the greatest length the one with the earliest indexes is chosen,
    so that when two events simply disagree (``[2020, 2019]``) the later one in the file is
    the one reported: usually the one just added. O(n log n), for hostile long histories.

    Parameters
    ----------
    keys
        Sort keys (day numbers), in list order.

    Returns
    -------
    list of int
        Increasing indexes into ``keys``.
    """
    n = len(keys)
    # longest[i]: the length of the longest non-decreasing run that starts at i, computed
    # from the right as a non-increasing patience sort of the negated keys.
    longest = [0] * n
    tails: list[int] = []
    for i in range(n - 1, -1, -1):
        value = -keys[i]
        k = bisect_right(tails, value)
        if k == len(tails):
            tails.append(value)
        else:
            tails[k] = value
        longest[i] = k + 1
    need = len(tails)
    chosen: list[int] = []
    floor: int | None = None
    for i in range(n):
        if need and longest[i] == need and (floor is None or keys[i] >= floor):
            chosen.append(i)
            floor = keys[i]
            need -= 1
    return chosen


def _describe(index: int, event: dict[str, Any]) -> str:
    summary = event.get("summary")
    text = summary if isinstance(summary, str) else ""
    text = " ".join(text.split())
    if len(text) > SUMMARY_CHARS:
        text = text[: SUMMARY_CHARS - 1].rstrip() + "…"
    quoted = f', "{text}"' if text else ""
    return f"event {index} ({event.get('date')}{quoted})"


def check_history_order(
    history: list[Any], dated: dict[int, int], site: str | None, base: str
) -> Iterator[Issue]:
    """Report each event that breaks the chronological order, saying where it belongs.

    Parameters
    ----------
    history
        The site's events.
    dated
        Index of each event with a valid date -> its effective day number (undated events
        and events with a broken date, reported elsewhere, take no part).
    site
        The site id, for the issues.
    base
        The JSON pointer of the history.

    Yields
    ------
    Issue
        One ``history-order`` error per misplaced event, at its date.
    """
    indexes = sorted(dated)
    keys = [dated[i] for i in indexes]
    kept = [indexes[k] for k in in_order(keys)]
    if len(kept) == len(indexes):
        return
    kept_set = set(kept)
    kept_keys = [dated[k] for k in kept]  # non-decreasing: bisect finds the place
    for j in indexes:
        if j in kept_set:
            continue
        place = bisect_right(kept_keys, dated[j])
        if place:
            anchor, where = kept[place - 1], "after"
        else:
            anchor, where = kept[0], "before"
        other = history[anchor]
        yield issue(
            "history-order",
            f"{_describe(j, history[j])} is out of date order: move it {where} the event of "
            f"{other.get('date')} (history/{anchor}). History runs from the earliest to the "
            "latest effective date (the latest day a date allows).",
            site,
            base + pointer(j, "date"),
        )
