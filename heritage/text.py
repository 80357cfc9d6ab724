"""Which characters and how much text the catalogue may hold: one rule for every reader.

Catalogue text comes from strangers' pull requests, spreadsheets and web forms, and ends up
in XML (KML, the Atom feed), HTML, CSV and Markdown. The rule, decided once here:

- No control characters: C0 (U+0000-U+001F), DEL (U+007F) and C1 (U+0080-U+009F), except
  tab and line feed in the long text fields (:data:`MULTILINE_FIELDS`). A carriage return is
  refused too: a line break is written as a line feed alone.
- No lone surrogates (U+D800-U+DFFF: half of a character, which UTF-8 cannot encode) and no
  noncharacters (U+FDD0-U+FDEF and the last two code points of every plane, U+FFFE, U+FFFF,
  U+1FFFE...), which XML 1.0 forbids or discourages.
- At most :data:`FIELD_LIMITS` characters per field (:data:`DEFAULT_LIMIT` for the others)
  and :data:`KEY_LIMIT` per member name.

Every such text is then also valid in XML 1.0, so :func:`xml_safe` (used by every XML writer,
whether or not the catalogue was validated) only has to replace what a catalogue that skipped
validation might still hold. :mod:`heritage.validate` reports breaches as
``invalid-character`` and ``text-too-long`` (:mod:`heritage.text_issues`); the importers
refuse them before anything is written.
"""

from __future__ import annotations

import re
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any, Final

from heritage.errors import InvalidCatalogueError
from heritage.issues import pointer

#: Fields whose text may run over several lines (tab and line feed allowed).
MULTILINE_FIELDS: Final[frozenset[str]] = frozenset({"summary", "note", "notes", "reason"})

#: Longest text, in characters (Unicode code points), per field name.
FIELD_LIMITS: Final[dict[str, int]] = {
    "id": 100,
    "name": 300,
    "alt_names": 300,
    "region": 300,
    "reported_by": 300,
    "reporter_type": 300,
    "publisher": 300,
    "title": 500,
    "built": 1_000,
    "summary": 2_000,
    "note": 10_000,
    "notes": 10_000,
    "reason": 10_000,
    "url": 2_000,
    "archived": 2_000,
    "built_source": 2_000,
    "source": 2_000,
    "date": 100,
    "published": 100,
    "accessed": 100,
}
#: Longest text of any other field (extensions, refs), in characters.
DEFAULT_LIMIT: Final[int] = 10_000
#: Longest member name, in characters.
KEY_LIMIT: Final[int] = 100
#: The longest text any field may hold: readers that skip validation refuse longer ones.
MAX_FIELD: Final[int] = max(DEFAULT_LIMIT, *FIELD_LIMITS.values())
#: The largest catalogue file any command reads, in bytes (100,000 sites take about 150 MB).
MAX_FILE_BYTES: Final[int] = 200 * 1024 * 1024

#: Characters no catalogue text may hold, below U+10000; above it, the noncharacters (the
#: last two code points of each plane) are refused too. Patterns match any character above
#: U+FFFF as a candidate and :func:`_first` keeps the noncharacters: a class listing the 32
#: astral noncharacters one by one makes a search over 150 MB ten times slower.
_ALWAYS: Final[str] = "\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff"
_ASTRAL: Final[str] = "\U00010000-\U0010ffff"
_FORBIDDEN_MULTILINE: Final = re.compile(f"[{_ALWAYS}{_ASTRAL}]")
_FORBIDDEN_LINE: Final = re.compile(f"[\t\n{_ALWAYS}{_ASTRAL}]")


def _refused(char: str) -> bool:
    """Whether a candidate matched by the patterns above is really refused."""
    return char <= "\uffff" or ord(char) & 0xFFFE == 0xFFFE


def _first(pattern: re.Pattern[str], text: str) -> int | None:
    # search, not finditer: nearly every text has no candidate, and one search is the
    # cheapest way to say so (this runs for every text of a catalogue).
    found = pattern.search(text)
    while found is not None:
        if _refused(found.group()):
            return found.start()
        found = pattern.search(text, found.end())
    return None


def describe_character(char: str) -> str:
    """Name a character for a message: ``U+0000 (a control character)``."""
    code = ord(char)
    if code < 0x20 or 0x7F <= code <= 0x9F:
        kind = {9: "a tab", 10: "a line feed", 13: "a carriage return", 0: "a NUL byte"}.get(
            code, "a control character"
        )
    elif 0xD800 <= code <= 0xDFFF:
        kind = "a lone surrogate: half of a character, often a broken emoji"
    elif unicodedata.category(char) == "Cn" and (code & 0xFFFE == 0xFFFE or code >= 0xFDD0):
        kind = "a noncharacter"
    else:
        kind = unicodedata.name(char, "a character")
    return f"U+{code:04X} ({kind})"


def forbidden_character(text: str, multiline: bool = False) -> int | None:
    """Return the index of the first character ``text`` may not hold, or ``None``.

    Parameters
    ----------
    text
        A catalogue text.
    multiline
        Whether tab and line feed are allowed (the fields of :data:`MULTILINE_FIELDS`).
    """
    return _first(_FORBIDDEN_MULTILINE if multiline else _FORBIDDEN_LINE, text)


#: Signs, in a JSON text, that a decoded text may hold a forbidden character: an escape of a
#: control or of a character beyond (backslash b, f, n, r, t or u), or the character itself.
#: (Every \u escape counts, even of a harmless character: narrower signs would change which
#: files have their texts measured, and the schema does not bound every length: ``place``.)
_ESCAPES: Final = re.compile(r"\\[bfnrtu]")
#: A character that no text may hold, or a candidate above U+FFFF (see :func:`_first`).
#: Written as the complement of what is allowed: the regular expression engine then
#: settles most characters with its first range, and a search over 150 MB takes a third
#: less time. (A raw C0 control cannot be inside a JSON string: the parser refuses it.)
_RAW: Final = re.compile("[^\x00-\x7e\xa0-\ud7ff\ue000-\ufdcf\ufdf0-\ufffd]")


def may_hold_forbidden(source: str) -> bool:
    """Return whether JSON text may decode to a text with a forbidden character.

    False means certainly not (about half a second for 150 MB); true means the texts must
    be looked at (:func:`heritage.text_issues.check_text`).
    """
    # A text without a backslash has no escape at all: "in" says so five times faster
    # than the search for the escapes.
    escapes = "\\" in source and _ESCAPES.search(source) is not None
    return escapes or _first(_RAW, source) is not None


def field_name(path: tuple[Any, ...]) -> str:
    """Return the field a value at ``path`` belongs to (``name`` for ``name/hy``)."""
    keys = [part for part in path if isinstance(part, str)]
    if len(keys) >= 2 and keys[-2] == "name" and isinstance(path[-1], str):
        return "name"
    return keys[-1] if keys else ""


def limit_of(field: str) -> int:
    """Return the longest text the field may hold, in characters."""
    return FIELD_LIMITS.get(field, DEFAULT_LIMIT)


def refuse_long_texts(raw: bytes, data: Any, path: str | Path) -> None:
    """Refuse a parsed file holding a text or member name over :data:`MAX_FIELD` characters.

    For readers that skip validation. A JSON text is at least as many bytes as it has
    characters, so when no two consecutive quotes of the file (escaped ones masked) are more
    than :data:`MAX_FIELD` bytes apart, no text can be too long: one vectorised pass over the
    bytes (well under a second for 150 MB). Only otherwise are the texts measured.

    Raises
    ------
    InvalidCatalogueError
        With the pointer of the first text that is too long.
    """
    import numpy as np  # only readers of whole files call this; validation stays light

    masked = raw.replace(b"\\\\", b"__").replace(b'\\"', b"__")
    quotes = np.flatnonzero(np.frombuffer(masked, dtype=np.uint8) == ord('"'))
    if len(quotes) < 2 or int(np.diff(quotes).max()) <= MAX_FIELD:
        return
    stack: list[tuple[Any, tuple[Any, ...]]] = [(data, ())]
    while stack:
        value, where = stack.pop()
        if isinstance(value, str) and len(value) > MAX_FIELD:
            _too_long(path, where, len(value))
        elif isinstance(value, dict):
            for key, item in value.items():
                if len(key) > MAX_FIELD:
                    _too_long(path, (*where, key[:40] + "..."), len(key))
                stack.append((item, (*where, key)))
        elif isinstance(value, list):
            stack.extend((item, (*where, i)) for i, item in enumerate(value))


def _too_long(path: str | Path, where: tuple[Any, ...], length: int) -> None:
    raise InvalidCatalogueError(
        f"{path}: the text at {pointer(*where)} is {length:,} characters long; no field may "
        f"hold more than {MAX_FIELD:,} (run 'heritage validate {path}')"
    )


#: What XML 1.0 cannot carry, or should not: everything the catalogue forbids in long text,
#: carriage return included (an XML reader would turn it into a line feed).
_NOT_XML: Final = re.compile(f"[\r{_ALWAYS}{_ASTRAL}]")


def _replace(found: re.Match[str]) -> str:
    char = found.group()
    return "\ufffd" if _refused(char) else char


def xml_safe(text: str) -> str:
    """Return ``text`` with every character XML should not carry replaced by U+FFFD.

    Parameters
    ----------
    text
        Any text, for example from a catalogue that was not validated.

    Returns
    -------
    str
        Text that any XML 1.0 parser reads back unchanged; a replaced character shows as
        the replacement character, so that readers see that something was there.
    """
    # Every character replaced here is a control, a surrogate or a noncharacter, and none of
    # them is printable: a printable text (nearly every one) is returned as it is, by a
    # check several times faster than the pattern (the KML export asks for every field).
    if text.isprintable():
        return text
    return _NOT_XML.sub(_replace, text)


def xml_safe_tree(root: ET.Element) -> ET.Element:
    """Make every text, tail and attribute value of an element tree safe (see :func:`xml_safe`).

    Every ElementTree writer calls this just before serialising, so no writer can forget a
    field (the KML export, which writes its own XML, passes each value to :func:`xml_safe`).
    """
    for element in root.iter():
        if element.text:
            element.text = xml_safe(element.text)
        if element.tail:
            element.tail = xml_safe(element.tail)
        for name, value in element.attrib.items():
            element.attrib[name] = xml_safe(value)
    return root
