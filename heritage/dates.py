"""Event dates: the forms the catalogue accepts and how they compare.

Accepted forms (a subset of ISO 8601 and its part 2, as used by EDTF):

``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``
    A day, month or year.
``A/B``
    An interval of two of the above: the event happened between A and B (for example
    between two satellite images).
``../B``
    On or before B (the source says only "by B").
``A/..``
    On or after A (the source gives only a lower bound).
``None``
    Undated.

The *effective date* of an event is the latest day its date allows: ``2020`` becomes
2020-12-31, ``2020-11`` becomes 2020-11-30, ``A/B`` and ``../B`` the latest day of B. An
open-ended ``A/..`` has no latest day; it takes the latest day of A, the earliest point from
which the event can be counted, and readers are always shown the date as written.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Final

# Re-exported: callers catch dates.DateFormatError.
from heritage.errors import DateFormatError as DateFormatError

# [0-9], not \d: in Python \d also matches other scripts' digits ("٢٠٢٠"), which int()
# would then read as a year. Dates are ASCII digits only. \Z, not $: "2020\n" is no date.
_SINGLE: Final = re.compile(r"^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?\Z")
OPEN: Final[str] = ".."
#: Day numbers count days since this epoch (used in compact data for the map).
EPOCH: Final[date] = date(1970, 1, 1)


class ReversedIntervalError(DateFormatError):
    """An interval whose end comes before its start."""


@dataclass(frozen=True)
class Span:
    """The days a date text allows.

    Attributes
    ----------
    text
        The date as written.
    earliest
        First day allowed, or ``None`` for an open start (``../B``).
    latest
        Last day allowed, or ``None`` for an open end (``A/..``).
    """

    text: str
    earliest: date | None
    latest: date | None

    @property
    def effective(self) -> date:
        """The effective date: the latest day allowed (see the module documentation)."""
        if self.latest is not None:
            return self.latest
        assert self.earliest is not None  # parse() never builds a span open at both ends
        return _bounds(self.text.split("/")[0])[1]


def _bounds(text: str) -> tuple[date, date]:
    """Return the first and last day of a single ``YYYY[-MM[-DD]]`` date."""
    match = _SINGLE.fullmatch(text)  # not .match: "$" also matches before a final newline
    if match is None:
        raise DateFormatError(f"'{text}' is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD")
    year = int(match.group(1))
    if year < 1:
        raise DateFormatError(f"'{text}': the year must be 0001 or later")
    if match.group(2) is None:
        return date(year, 1, 1), date(year, 12, 31)
    month = int(match.group(2))
    if not 1 <= month <= 12:
        raise DateFormatError(f"'{text}': month {month:02d} does not exist")
    last = calendar.monthrange(year, month)[1]
    if match.group(3) is None:
        return date(year, month, 1), date(year, month, last)
    day = int(match.group(3))
    if not 1 <= day <= last:
        raise DateFormatError(f"'{text}': day {day:02d} does not exist in {year:04d}-{month:02d}")
    return date(year, month, day), date(year, month, day)


@lru_cache(maxsize=65536)  # catalogues repeat the same dates; Span is immutable
def parse(text: str) -> Span:
    """Parse a date text into the span of days it allows.

    Parameters
    ----------
    text
        A date in one of the accepted forms (``None`` is handled by callers).

    Returns
    -------
    Span
        The earliest and latest day allowed.

    Raises
    ------
    DateFormatError
        When the text is not an accepted form, names a day that does not exist, or is an
        interval whose end comes before its start.
    """
    if "/" not in text:
        first, last = _bounds(text)
        return Span(text, first, last)
    parts = text.split("/")
    if len(parts) != 2:
        raise DateFormatError(f"'{text}': an interval has exactly one '/' (A/B)")
    start, end = parts
    if start == OPEN and end == OPEN:
        raise DateFormatError(f"'{text}': an interval needs at least one known end")
    earliest = None if start == OPEN else _bounds(start)[0]
    latest = None if end == OPEN else _bounds(end)[1]
    # Ordered means the start's first day is not after the end's first day; "2020/2020-06"
    # is fine (a narrowing), "2021/2020" is reversed.
    if start != OPEN and end != OPEN and _bounds(start)[0] > _bounds(end)[0]:
        raise ReversedIntervalError(
            f"'{text}': the interval ends before it starts; write it as {end}/{start}"
        )
    return Span(text, earliest, latest)


def effective_date(text: str | None) -> date | None:
    """Return the effective date of a date text, or ``None`` when undated or invalid.

    Parameters
    ----------
    text
        A date text or ``None``.

    Returns
    -------
    datetime.date or None
        The latest day the date allows (see the module documentation).
    """
    if text is None:
        return None
    try:
        return parse(text).effective
    except DateFormatError:
        return None


def parse_day(text: str) -> date:
    """Parse a full ``YYYY-MM-DD`` (or shorter, taking its latest day) for an "as of" argument.

    Parameters
    ----------
    text
        ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``.

    Returns
    -------
    datetime.date
        The latest day the text allows, so that "as of 2021" includes all of 2021.

    Raises
    ------
    DateFormatError
        When the text is not such a date.
    """
    if "/" in text:
        raise DateFormatError(f"'{text}': give a single date here, not an interval")
    return _bounds(text)[1]


def day_before(day: date) -> date | None:
    """Return the day before ``day``, or None before 0001-01-01 (no date can name it)."""
    return None if day == date.min else day - timedelta(days=1)


def day_before_text(day: date) -> str:
    """Return the day before ``day`` in ISO 8601; ``0000-12-31`` (1 BC) before 0001-01-01."""
    before = day_before(day)
    return "0000-12-31" if before is None else before.isoformat()


def day_number(day: date) -> int:
    """Return the number of days since 1970-01-01 (negative before)."""
    return (day - EPOCH).days


def describe(text: str | None) -> str:
    """Render a date text for readers, keeping its precision visible.

    Parameters
    ----------
    text
        A date text or ``None``.

    Returns
    -------
    str
        For example ``"2020"``, ``"between 2019 and 2021-03"``, ``"by 2024-02-27"``,
        ``"after 1992-05"`` or ``"undated"``.
    """
    if text is None:
        return "undated"
    if "/" not in text:
        return text
    start, _, end = text.partition("/")
    if start == OPEN:
        return f"by {end}"
    if end == OPEN:
        return f"after {start}"
    return f"between {start} and {end}"
