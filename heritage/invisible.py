"""Characters that change how text reads without being seen: one list, for checks and output.

- *Bidirectional controls* (Unicode Bidirectional Algorithm, UAX #9: embeddings, overrides,
  isolates and the implicit marks) reorder what a reader sees: a name can show one thing
  while holding another ("trojan source", CVE-2021-42574).
- *Zero-width and other format characters* (general category Cf: zero-width space, word
  joiner, byte order mark, soft hyphen, tag characters) make two names look equal that are
  not, and can hide text.

The zero-width non-joiner and joiner (U+200C, U+200D) are part of writing in several
scripts (Persian, the Indic scripts) and of emoji sequences, so between two letters, marks
or symbols they are not reported. :mod:`heritage.report.escape` shows bidi controls as
visible ``<U+202E>`` in every Markdown and text output; ``heritage validate`` warns about
any of these characters in ids and names (:func:`check_invisible`).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from typing import Any, Final

from heritage.codes import issue
from heritage.issues import Issue, pointer

BIDI_CONTROLS: Final[frozenset[str]] = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
_JOINERS: Final[frozenset[str]] = frozenset("\u200c\u200d")


def _joins(text: str, i: int) -> bool:
    # A joiner between two letters, marks or symbols is how the script is written.
    if not (0 < i < len(text) - 1):
        return False
    return all(unicodedata.category(text[j])[0] in "LMS" for j in (i - 1, i + 1))


def invisible(text: str) -> list[tuple[int, str]]:
    """Return the position and character of every invisible character in a text.

    Parameters
    ----------
    text
        Any text.

    Returns
    -------
    list of (int, str)
        Bidi controls, and format characters (category Cf) other than a joiner inside a
        word, in order.
    """
    if text.isprintable():
        # Every format character (category Cf, the bidi controls among them) is
        # "nonprintable" to Python: one C test settles nearly every id and name, instead of
        # a loop over the characters of every name not in ASCII.
        return []
    found = []
    for i, c in enumerate(text):
        if c in BIDI_CONTROLS or (
            unicodedata.category(c) == "Cf" and not (c in _JOINERS and _joins(text, i))
        ):
            found.append((i, c))
    return found


_SHOWN: Final[dict[int, str]] = {ord(c): f"<U+{ord(c):04X}>" for c in BIDI_CONTROLS}


def show_bidi(text: str) -> str:
    """Return text with every bidi control written as visible ``<U+202E>``.

    For every text output that a person reads (terminal, Markdown, GitHub annotations), so
    that no text from the data reorders what is around it.
    """
    return text.translate(_SHOWN)


_CONTROLS: Final[dict[int, str]] = {
    **{n: f"<U+{n:04X}>" for n in (*range(0x20), *range(0x7F, 0xA0))},
    **_SHOWN,
}


_CONTROLS_BUT_BREAKS: Final[dict[int, str]] = {
    n: x for n, x in _CONTROLS.items() if n not in (0x0A, 0x0D)
}


def show_controls(text: str, keep_breaks: bool = False) -> str:
    """Return text with control characters and bidi controls made visible (``<U+000A>``).

    For lines of a terminal or log that quote the data (validation messages): a line break
    or an escape sequence in an id would otherwise start a line of its own or drive the
    terminal. ``keep_breaks`` leaves line breaks for a caller that encodes them itself
    (GitHub workflow commands write them as ``%0A``).
    """
    return text.translate(_CONTROLS_BUT_BREAKS if keep_breaks else _CONTROLS)


def describe(c: str) -> str:
    """Return ``U+202E (RIGHT-TO-LEFT OVERRIDE)`` for a character."""
    return f"U+{ord(c):04X} ({unicodedata.name(c, 'unnamed')})"


def _texts(feature: dict[str, Any]) -> Iterator[tuple[str, tuple[str | int, ...], str]]:
    """Yield (what, path below the feature, text) for the id and every name of a feature."""
    # A path, not a pointer: the pointer is written only for a text that holds something.
    if isinstance(feature.get("id"), str):
        yield "the id", ("id",), feature["id"]
    props = feature.get("properties")
    if not isinstance(props, dict):
        return
    names = props.get("name")
    if isinstance(names, dict):
        for lang, name in names.items():
            if isinstance(name, str):
                yield f"name.{lang}", ("properties", "name", lang), name
    alt = props.get("alt_names")
    if isinstance(alt, list):
        for n, name in enumerate(alt):
            if isinstance(name, str):
                yield f"alt_names[{n}]", ("properties", "alt_names", n), name


def check_invisible(feature: Any, site: str | None, base: str) -> Iterator[Issue]:
    """Warn about bidi controls and zero-width characters in a feature's id and names.

    Parameters
    ----------
    feature
        A feature of the catalogue (anything else yields nothing).
    site
        Its id, for the issue.
    base
        The JSON pointer of the feature.
    """
    if not isinstance(feature, dict):
        return
    for what, path, text in _texts(feature):
        found = invisible(text)
        if not found:
            continue
        first, c = found[0]
        more = f" and {len(found) - 1} more" if len(found) > 1 else ""
        kind = "a bidirectional control" if c in BIDI_CONTROLS else "an invisible character"
        yield issue(
            "invisible-character",
            f"{what} holds {kind}, {describe(c)}, at character {first + 1}{more}: such "
            "characters make text read differently from what it holds, or two names look "
            "the same that are not. Delete it, unless the script of the name needs it.",
            site,
            base + pointer(*path),
        )
