"""Presentation shared by the report formats: labels, status glyphs, dates, link texts."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any, Final
from urllib.parse import urlsplit

from heritage import dates
from heritage import vocabulary as v

if TYPE_CHECKING:  # the diff renderer uses this module without pandas
    import pandas as pd

#: A text glyph for each marker shape of the vocabulary, so that a status is never told by
#: colour alone, in tables as on the map.
GLYPHS: Final[dict[str, str]] = {
    "circle": "●",
    "triangle": "▲",
    "diamond": "◆",
    "cross": "✖",
    "square": "■",
    "star": "★",
    "ring": "○",
}
CLAIM_NOTE: Final[str] = "claim: not independently verified; never sets the status"
_TYPE_LABELS: Final[dict[str, str]] = {t.code: t.label for t in v.EVENT_TYPE_TERMS}
_KIND_LABELS: Final[dict[str, str]] = {t.code: t.label for t in v.KIND_TERMS}


def status_label(code: Any) -> str:
    """Return e.g. ``"◆ Damaged"`` for a status code (``""`` for none, other text as is)."""
    if not isinstance(code, str):
        return ""
    return _STATUS_LABELS.get(code, code)


_STATUS_LABELS: Final[dict[str, str]] = {
    code: f"{GLYPHS.get(v.status_term(code).shape, '')} {v.status_term(code).label}".strip()
    for code in v.ALL_STATUSES
}


def status_info(code: Any) -> dict[str, str]:
    """Return the code, label, glyph and colour of a status, for templates (empty if none)."""
    if not (isinstance(code, str) and code in v.ALL_STATUSES):
        return {"code": "", "label": "" if code is None else str(code), "glyph": "", "colour": ""}
    term = v.status_term(code)
    return {
        "code": term.code,
        "label": term.label,
        "glyph": GLYPHS.get(term.shape, ""),
        "colour": term.colour,
    }


def type_label(code: Any) -> str:
    """Return the label of an event type; claims say that they never set a status."""
    if code == "claim":
        return f"Claim ({CLAIM_NOTE.split(': ', 1)[1]})"
    return _TYPE_LABELS.get(code, str(code)) if code is not None else ""


def kind_label(code: Any) -> str:
    """Return the label of a kind (the code itself when unknown)."""
    return _KIND_LABELS.get(code, str(code)) if isinstance(code, str) else "(none)"


def when(text: Any) -> str:
    """Return a date as readers see it (``"between 2019 and 2021"``, ``"undated"``)."""
    return dates.describe(text if isinstance(text, str) else None)


def day(value: Any) -> str:
    """Return an ISO day (``YYYY-MM-DD``) for a date or timestamp, ``""`` for missing."""
    import numpy as np
    import pandas as pd

    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    # Through numpy, not Timestamp.date(): the day before a window from 0001-01-01 is
    # 0000-12-31, which Python's date cannot hold.
    stamp = pd.Timestamp(value).as_unit("s").asm8.astype("datetime64[D]")
    return str(np.datetime_as_string(stamp))


def host(url: str) -> str:
    """Return the host of a URL, the readable text of a source link (``"ona.az"``)."""
    return _host(url)


# Reports cite the same few thousand URLs again and again: splitting each once saved a
# second of a 100,000-site report.
@lru_cache(maxsize=65536)
def _host(url: str) -> str:
    name = urlsplit(url).hostname or url
    return name.removeprefix("www.")


def name_of(name: Any, site_id: Any) -> str:
    """Return a site's English name, or its id when it has none."""
    return name if isinstance(name, str) and name else str(site_id)


def plural(count: int, word: str, many: str | None = None) -> str:
    """Return ``"1 site"`` or ``"2 sites"``."""
    return f"{count} {word if count == 1 else (many or word + 's')}"


def changed_rows(counts: pd.DataFrame) -> list[tuple[str, list[int]]]:
    """Return the rows of counts over time where a count changed (and the first and last)."""
    rows = []
    previous: list[int] | None = None
    for i, (stamp, row) in enumerate(counts.iterrows()):
        values = [int(n) for n in row]
        if previous is None or values != previous or i == len(counts) - 1:
            rows.append((day(stamp), values))
        previous = values
    return rows
