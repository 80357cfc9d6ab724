"""The status rule on plain history lists, without pandas.

The rule (see ``docs/data-model.md``): the status of a site as of a day is the status of its
latest event, by effective date, of type ``condition`` or ``restoration`` that carries a
status and whose effective date is on or before that day; list order breaks ties. Claims
never set a status. A site with no such event is ``unknown``.

:mod:`heritage.history` applies the same rule to the long events table with pandas, for
analysts and reports; this module serves the light commands (``diff``, the editing
commands) that must not import pandas. ``tests/test_status_rule.py`` keeps the two equal.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from heritage import dates
from heritage import vocabulary as v


def deciding_event(history: Any, as_of: date | None = None) -> tuple[int, date] | None:
    """Return the position and effective date of the event that decides a site's status.

    Parameters
    ----------
    history
        A site's ``history`` list as read from the file (valid or not: entries that cannot
        be read set no status).
    as_of
        Only events effective on or before this day count; ``None`` for all of them.

    Returns
    -------
    tuple or None
        ``(index in the list, effective date)``, or ``None`` when no event sets a status.
    """
    best: tuple[date, int] | None = None
    for index, event in enumerate(history if isinstance(history, list) else []):
        if not isinstance(event, dict):
            continue
        kind = event.get("type", v.DEFAULT_EVENT_TYPE)
        # Anything read from a file that was not validated: a type may be a list or a dict.
        if not isinstance(kind, str) or kind not in v.STATUS_SETTING_TYPES:
            continue
        text = event.get("date")
        # A status outside the vocabulary (in a file not yet validated) sets nothing.
        status = event.get("status")
        if not isinstance(status, str) or status not in v.STATUSES or not isinstance(text, str):
            continue
        day = dates.effective_date(text)
        if day is None or (as_of is not None and day > as_of):
            continue
        # ">=" so that, on the same day, the later entry in the list wins.
        if best is None or (day, index) >= best:
            best = (day, index)
    return None if best is None else (best[1], best[0])


def status_of(history: Any, as_of: date | None = None) -> str:
    """Return a site's status as of a day (its current status when ``as_of`` is None).

    Parameters
    ----------
    history
        A site's ``history`` list as read from the file.
    as_of
        The day; ``None`` for the current status.

    Returns
    -------
    str
        The status code, ``unknown`` where no dated observation has a status.
    """
    found = deciding_event(history, as_of)
    if found is None:
        return v.UNKNOWN_STATUS.code
    status: str = history[found[0]]["status"]
    return status
