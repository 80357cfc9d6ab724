"""Bounds for text outputs: values cut short, and a whole output kept under a byte budget.

GitHub refuses a job summary over 1 MiB and shows a comment of at most 65,536 characters,
and one field of the data can be megabytes long. :func:`clip` cuts one value and says how
much was cut; :class:`Bounded` adds entries whole while they fit and counts, by kind, what
did not.
"""

from __future__ import annotations

from collections import Counter
from typing import Any, Final

#: Longest text from the data shown anywhere (ids, names, messages, URLs), in characters.
FIELD_CHARS: Final[int] = 300
#: Bytes kept back for the closing line that counts what was left out.
RESERVE: Final[int] = 2048


def clip(value: Any, limit: int = FIELD_CHARS) -> str:
    """Return a value as text of about ``limit`` characters at most, saying how much was cut.

    Parameters
    ----------
    value
        Any value (``None`` becomes an empty string).
    limit
        Characters kept.

    Returns
    -------
    str
        The text, or its first ``limit - 1`` characters, an ellipsis and
        ``"(N more characters)"``.
    """
    text = "" if value is None else str(value)
    if len(text) <= limit:
        return text
    return f"{text[: limit - 1]}… ({len(text) - limit + 1:,} more characters)"


class Bounded:
    """Lines of output added whole while they fit in a byte budget, and what did not.

    Parameters
    ----------
    max_bytes
        The budget in UTF-8 bytes, :data:`RESERVE` of which is kept for :meth:`closing`.
    """

    def __init__(self, max_bytes: int) -> None:
        self.lines: list[str] = []
        self.left = max_bytes - RESERVE
        self.omitted: Counter[str] = Counter()

    def add(self, lines: list[str], what: str = "") -> bool:
        """Add lines (one entry); when they do not fit, count ``what`` as left out."""
        size = sum(len(line.encode("utf-8")) + 1 for line in lines)
        if self.omitted or size > self.left:
            if what:
                self.omitted[what] += 1
            return False
        self.lines += lines
        self.left -= size
        return True

    def closing(self, command: str) -> list[str]:
        """Return the lines that say what was left out, if anything."""
        if not self.omitted:
            return []
        parts = [f"{n:,} more {what}" for what, n in self.omitted.items()]
        return [f"… and {', '.join(parts)}: not shown, to keep this output small ({command})."]
