"""Say what a JSON syntax error is, in the words of the slip that made it.

The standard library's messages describe what the parser expected at the point where it
gave up ("Expecting property name enclosed in double quotes"), which for a comma left after
the last member of an object reads like the opposite of the truth. People editing the
catalogue by hand make a handful of slips again and again: a comma too many or too few, a
bracket not closed or closed with the wrong kind, typographic quotes pasted from a word
processor, single quotes, comments. :func:`explain` recognises those from the text around
the error and returns a message naming the slip, with the position where to fix it.
"""

from __future__ import annotations

import bisect
import unicodedata
from dataclasses import dataclass

#: Typographic quotes that word processors and some keyboards put in place of '"'.
SMART_QUOTES = "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb\u2018\u2019\u201a\u201b"
_CLOSER = {"{": "}", "[": "]"}
_WHAT = {"{": "object", "[": "list"}


@dataclass(frozen=True)
class SyntaxProblem:
    """A JSON syntax error explained: what to fix and where (1-based line and column)."""

    message: str
    line: int
    column: int


class _Where:
    """Line and column of offsets in a text."""

    def __init__(self, text: str):
        self._newlines = [i for i, ch in enumerate(text) if ch == "\n"]

    def __call__(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self._newlines, offset - 1)
        start = self._newlines[line - 1] + 1 if line else 0
        return line + 1, offset - start + 1


def _open_brackets(text: str, end: int) -> list[int]:
    """Return the offsets of the brackets still open at ``end`` (outside strings)."""
    stack: list[int] = []
    in_string = escaped = False
    for i in range(end):
        ch = text[i]
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "{[":
            stack.append(i)
        elif ch in "}]" and stack:
            stack.pop()
    return stack


def _previous(text: str, pos: int) -> int:
    """Return the offset of the last non-blank character before ``pos`` (or -1)."""
    i = pos - 1
    while i >= 0 and text[i] in " \t\r\n":
        i -= 1
    return i


def explain(text: str, pos: int, parser_message: str) -> SyntaxProblem:
    """Explain the syntax error that the JSON parser met at offset ``pos``.

    Parameters
    ----------
    text
        The whole text.
    pos
        Where the parser stopped (``json.JSONDecodeError.pos``).
    parser_message
        The parser's own message (``json.JSONDecodeError.msg``), used when no common slip
        fits.

    Returns
    -------
    SyntaxProblem
        The message and the position to show (the comma to delete, the place where a comma
        or bracket is missing, the quote to replace).
    """
    where = _Where(text)
    pos = min(pos, len(text))

    def at(offset: int, message: str) -> SyntaxProblem:
        return SyntaxProblem(message, *where(max(offset, 0)))

    if parser_message.startswith("Unterminated string"):
        return at(pos, "a text starting here has no closing '\"': add it where the text ends.")
    if parser_message.startswith("Invalid control character"):
        return at(
            pos,
            "a line break or tab inside a text: join the lines, or write \\n for a new line.",
        )
    if parser_message.startswith("Invalid \\escape") or parser_message.startswith(
        "Invalid \\uXXXX"
    ):
        return at(pos, "a backslash inside a text must be written twice (\\\\).")
    if not text.strip():
        return at(0, 'the file is empty: a catalogue is {"type": "FeatureCollection", ...}.')
    # The parser stops before blanks; the slip is at the next visible character.
    while pos < len(text) and text[pos] in " \t\r\n":
        pos += 1
    char = text[pos] if pos < len(text) else ""
    before = _previous(text, pos)
    prev = text[before] if before >= 0 else ""
    if char and char in SMART_QUOTES:
        return at(
            pos,
            f'a typographic quote {char} where JSON needs a straight double quote ": replace '
            'it (word processors change quotes as you type; inside a text, write \\" for a '
            "quote).",
        )
    if char and (char.isspace() or unicodedata.category(char) == "Cf"):
        name = unicodedata.name(char, "a format character")
        return at(
            pos,
            f"an invisible character (U+{ord(char):04X} {name}) outside a text, often pasted "
            "from a web page: delete it and type a plain space if one is needed.",
        )
    if char == "'":
        return at(pos, "JSON texts and member names are written in double quotes (\"), not '.")
    if char == "/" and text[pos : pos + 2] in ("//", "/*"):
        return at(pos, "JSON allows no comments: delete this comment, or move it into a note.")
    if char in "}]" and char and prev == ",":
        return at(
            before,
            f"extra comma after the last item of the {_WHAT['{' if char == '}' else '[']}: "
            f"delete this trailing comma (JSON allows no comma before '{char}').",
        )
    if char == "," and prev in (",", "[", "{"):
        return at(pos, "extra comma: two commas in a row, or a comma before the first item.")
    if not char:
        stack = _open_brackets(text, len(text))
        if stack:
            opener = text[stack[-1]]
            line, column = where(stack[-1])
            return at(
                len(text),
                f"the file ends before the {_WHAT[opener]} opened with '{opener}' at line "
                f"{line}, column {column} is closed: add '{_CLOSER[opener]}' where it ends "
                f"({len(stack)} bracket{'s' if len(stack) > 1 else ''} left open).",
            )
        return at(len(text), "the file ends where a value was expected.")
    if char in "}]":
        stack = _open_brackets(text, pos)
        if stack and _CLOSER[text[stack[-1]]] != char:
            opener = text[stack[-1]]
            line, column = where(stack[-1])
            return at(
                pos,
                f"this '{char}' closes the {_WHAT[opener]} opened with '{opener}' at line "
                f"{line}, column {column}: close it with '{_CLOSER[opener]}' first (a bracket "
                "is missing or of the wrong kind).",
            )
    if parser_message.startswith("Expecting ',' delimiter") or (
        char in '{["' and parser_message.startswith("Expecting property name")
    ):
        if prev == '"' and (char.isalnum() or char in " "):
            return at(
                before,
                "a text ends here but more letters follow: a '\"' inside a text must be "
                'written \\", or a comma is missing.',
            )
        if parser_message.startswith("Expecting property name"):
            stack = _open_brackets(text, pos)
            if stack:
                line, column = where(stack[-1])
                return at(
                    pos,
                    f"a member name in double quotes was expected here; if the object opened "
                    f"at line {line}, column {column} should have ended, add '}}' before this "
                    "point.",
                )
        return at(
            before + 1,
            "missing comma: add ',' here, between this value and the next one.",
        )
    if parser_message.startswith("Expecting ':' delimiter"):
        return at(pos, "missing ':' between the member name and its value.")
    if parser_message.startswith("Extra data"):
        return at(
            pos,
            "more text after the end of the catalogue: a stray closing bracket, or a second "
            "copy pasted after the first; delete it.",
        )
    if parser_message.startswith("Expecting value"):
        return at(
            pos,
            "a value was expected here: text in double quotes, a number, true, false, null "
            "(in lower case), an object or a list.",
        )
    return at(pos, f"{parser_message}.")
