"""The catalogue file as JSON text: a lossless parse that knows where everything is.

:func:`parse` reads with the standard library's C scanner (fast) while keeping every
number's text exactly as written (:class:`RawFloat`, :class:`RawInt`), and notes duplicate
keys and non-finite numbers (``NaN``, ``Infinity``) that other JSON readers would silently
accept or drop. Positions (line and column) are only worked out when an issue needs them,
by :meth:`Document.locate_all`, with one pass of a small tokenizer over the containers on
the way to them (the others are skipped by the C scanner).
"""

from __future__ import annotations

import bisect
import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from heritage._gc import paused_gc
from heritage.errors import CatalogueNotFoundError, CatalogueParseError, CatalogueReadError
from heritage.issues import pointer


class RawFloat(float):
    """A float that remembers the text it was written as, so rewriting never rounds."""

    __slots__ = ("raw",)
    raw: str

    def __new__(cls, text: str) -> RawFloat:  # noqa: D102
        obj = super().__new__(cls, text)
        obj.raw = text
        return obj


class RawInt(int):
    """An int that remembers its text (``-0`` and ``0`` differ in text only)."""

    raw: str  # ints cannot have __slots__; the instance dict is a small price

    def __new__(cls, text: str) -> RawInt:  # noqa: D102
        obj = super().__new__(cls, text)
        obj.raw = text
        return obj


@dataclass
class Document:
    """A parsed JSON document and what was noticed while parsing it.

    Attributes
    ----------
    text
        The full text.
    data
        The parsed value; numbers are :class:`RawFloat`/:class:`RawInt`, and for a duplicate
        key the last value wins (as in JavaScript's ``JSON.parse``).
    path
        The file name as given, or ``None``.
    has_duplicate_keys, has_non_finite
        Whether the parse met a duplicate key or a ``NaN``/``Infinity`` literal (or a number
        too large for a double); :meth:`lossy_members` says where.
    """

    text: str
    data: Any
    path: str | None = None
    has_duplicate_keys: bool = False
    has_non_finite: bool = False
    _positions: dict[str, tuple[int, int]] | None = field(default=None, repr=False)
    _lossy: list[tuple[str, str]] | None = field(default=None, repr=False)

    def locate(self, ptr: str) -> tuple[int, int] | None:
        """Return the 1-based (line, column) of the member or item at a JSON pointer.

        For an object member the position is that of its key; for an array item, that of
        the value. The pointer is resolved to its nearest existing ancestor.
        """
        return self.locate_all([ptr])[0]

    def locate_all(self, pointers: Sequence[str]) -> list[tuple[int, int]]:
        """Return the position of each pointer (see :meth:`locate`), in one pass.

        Only the containers on the way to the pointers are walked token by token; the
        others are skipped by the standard library's C scanner. Mapping every member of a
        file instead took half a minute and 2 GB at 100,000 sites, which a catalogue paid
        for a single warning.
        """
        if not pointers:
            return []
        if self._positions is not None:  # every member is mapped already (lossy_members)
            positions = self._positions
        else:
            positions = _find_positions(self.text, pointers)
        located = []
        for ptr in pointers:
            while True:
                found = positions.get(ptr)
                if found is not None or not ptr:
                    located.append(found if found is not None else (1, 1))
                    break
                ptr = ptr.rsplit("/", 1)[0]
        return located

    def lossy_members(self) -> list[tuple[str, str]]:
        """Return ``(kind, pointer)`` for each duplicate key and non-finite number.

        ``kind`` is ``"duplicate-key"`` or ``"non-finite-number"``; pointers of duplicates
        point at the second (and later) occurrence.
        """
        self._scan()
        assert self._lossy is not None
        return self._lossy

    def _scan(self) -> None:
        if self._positions is None:
            self._positions, self._lossy = _scan_positions(self.text)


def read_bytes(path: str | Path) -> bytes:
    """Read a file, turning OS problems into :mod:`heritage.errors` exceptions.

    Raises
    ------
    CatalogueNotFoundError
        The file does not exist.
    CatalogueReadError
        The path is a folder, cannot be read, or is larger than
        :data:`heritage.text.MAX_FILE_BYTES` (200 MB; 100,000 sites take about 150 MB).
    """
    from heritage.text import MAX_FILE_BYTES

    try:
        with Path(path).open("rb") as handle:
            # Read one byte past the limit rather than trusting the size the OS reports
            # (pipes and special files report none).
            raw = handle.read(MAX_FILE_BYTES + 1)
        if len(raw) > MAX_FILE_BYTES:
            raise CatalogueReadError(
                f"{path}: larger than {MAX_FILE_BYTES // 2**20} MB, the most a catalogue or an "
                "import file may be (see docs/data-model.md, 'Text')"
            )
        return raw
    except FileNotFoundError as exc:
        raise CatalogueNotFoundError(f"{path}: no such file") from exc
    except IsADirectoryError as exc:
        raise CatalogueReadError(f"{path}: is a folder, not a file") from exc
    except OSError as exc:
        raise CatalogueReadError(f"{path}: cannot be read ({exc.strerror or exc})") from exc


def read_text(path: str | Path) -> str:
    """Read a UTF-8 text file, turning OS problems into :mod:`heritage.errors` exceptions.

    Parameters
    ----------
    path
        The file to read.

    Returns
    -------
    str
        The text (a leading byte-order mark is dropped).

    Raises
    ------
    CatalogueNotFoundError
        The file does not exist.
    CatalogueReadError
        The path is a folder, cannot be read, or is not UTF-8.
    """
    raw = read_bytes(path)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise CatalogueReadError(
            f"{path}:{line}: the file is not UTF-8 (byte {exc.start}); save it as UTF-8"
        ) from exc
    return text.removeprefix("\ufeff")


def parse(text: str, path: str | None = None, *, keep_number_text: bool = True) -> Document:
    """Parse JSON text losslessly.

    Parameters
    ----------
    text
        The JSON text.
    path
        The file name, for messages.
    keep_number_text
        Keep each number's text (:class:`RawFloat`, :class:`RawInt`) so that rewriting
        never changes a digit. Checks that only need values pass False and get plain
        numbers, which compiled validators accept.

    Returns
    -------
    Document
        The parsed document.

    Raises
    ------
    CatalogueParseError
        When the text is not JSON at all, with the line and column of the syntax error.
    """
    state = {"dup": False, "nonfinite": False}

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        obj = dict(items)
        if len(obj) != len(items):
            state["dup"] = True
        return obj

    def constant(name: str) -> float:
        state["nonfinite"] = True
        return float(name.replace("Infinity", "inf"))

    def number(text: str) -> float:
        value = RawFloat(text) if keep_number_text else float(text)
        if math.isinf(value):  # a literal too large for a double, such as 1e400
            state["nonfinite"] = True
        return value

    try:
        with paused_gc():
            data = json.loads(
                text,
                object_pairs_hook=pairs,
                parse_constant=constant,
                parse_float=number,
                parse_int=RawInt if keep_number_text else int,
            )
    except json.JSONDecodeError as exc:
        from heritage.syntax import explain

        problem = explain(text, exc.pos, exc.msg)
        at = f"{problem.line}:{problem.column}: "
        raise CatalogueParseError(
            f"{path}:{at}not valid JSON: {problem.message}"
            if path
            else f"{at}not valid JSON: {problem.message}",
            problem.line,
            problem.column,
        ) from exc
    except RecursionError as exc:
        raise CatalogueParseError(f"{path or 'input'}: nested too deeply to read") from exc
    return Document(text, data, path, state["dup"], state["nonfinite"])


def load_document(path: str | Path, *, keep_number_text: bool = True) -> Document:
    """Read and parse a JSON file (see :func:`read_text` and :func:`parse`)."""
    return parse(read_text(path), str(path), keep_number_text=keep_number_text)


_TOKEN: Final = re.compile(
    r"""[ \t\r\n]*(?:
        (?P<str>"(?:[^"\\]++|\\.)*+")
      | (?P<num>-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)
      | (?P<lit>true|false|null|NaN|-?Infinity)
      | (?P<punct>[{}\[\]:,])
    )""",
    re.VERBOSE | re.DOTALL,
)


def _find_positions(text: str, pointers: Sequence[str]) -> dict[str, tuple[int, int]]:
    """Return where the given pointers and their ancestors start in a (valid) JSON text.

    The walk of :func:`_scan_positions`, recording the same positions, but a container
    that leads to none of the pointers is skipped whole by the C scanner of
    :mod:`json`.
    """
    wanted = {""}
    for ptr in pointers:
        while ptr not in wanted:
            wanted.add(ptr)
            ptr = ptr.rsplit("/", 1)[0]
    if wanted == {""}:
        return {"": (1, 1)}
    skip = json.JSONDecoder().raw_decode  # (value, end) of the value starting at an index
    offsets: dict[str, int] = {}
    # Each frame: [pointer, is_object, next_index, expecting_key]
    stack: list[list[Any]] = []
    pending_key: str | None = None
    at = 0
    while (match := _TOKEN.match(text, at)) is not None:
        at = match.end()
        kind = match.lastgroup
        token = match.group(kind) if kind else ""
        start = match.start(kind) if kind else match.start()
        if stack and stack[-1][1] and stack[-1][3] and kind == "str":
            frame = stack[-1]
            pending_key = json.loads(token)
            ptr = frame[0] + pointer(pending_key)
            if ptr in wanted:
                offsets[ptr] = start  # a later duplicate key moves it, as in _scan_positions
            frame[3] = False
            continue
        if kind == "punct" and token not in "{[":
            if token == ",":
                if stack[-1][1]:
                    stack[-1][3] = True
            elif token in "}]":
                stack.pop()
            continue  # (a colon)
        # A value starts here.
        if not stack:
            ptr = ""
        elif stack[-1][1]:
            ptr = stack[-1][0] + pointer(pending_key if pending_key is not None else "")
        else:
            frame = stack[-1]
            ptr = f"{frame[0]}/{frame[2]}"
            frame[2] += 1
            if ptr in wanted:
                offsets.setdefault(ptr, start)  # the first item wins, as in _scan_positions
        pending_key = None
        if kind == "punct":  # { or [
            if ptr in wanted:
                stack.append([ptr, token == "{", 0, token == "{"])
            else:
                at = skip(text, start)[1]
    return _lines_and_columns(text, offsets)


def _lines_and_columns(text: str, offsets: dict[str, int]) -> dict[str, tuple[int, int]]:
    """Turn character offsets into 1-based (line, column), counting line feeds once."""
    out: dict[str, tuple[int, int]] = {"": (1, 1)}
    line, last = 1, 0
    for ptr, offset in sorted(offsets.items(), key=lambda item: item[1]):
        line += text.count("\n", last, offset)
        last = offset
        out[ptr] = (line, offset - text.rfind("\n", 0, offset))
    return out


def _scan_positions(text: str) -> tuple[dict[str, tuple[int, int]], list[tuple[str, str]]]:
    """Walk the tokens of a (valid) JSON text, recording where each pointer starts."""
    # One C search per line feed: a loop over every character took seconds at 150 MB.
    newlines = [found.start() for found in re.finditer("\n", text)]

    def where(offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(newlines, offset - 1)
        start = newlines[line - 1] + 1 if line else 0
        return line + 1, offset - start + 1

    positions: dict[str, tuple[int, int]] = {"": (1, 1)}
    lossy: list[tuple[str, str]] = []
    # Each frame: [pointer, is_object, next_index_or_key, keys_seen, expecting_key]
    stack: list[list[Any]] = []
    pending_key: str | None = None
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        token = match.group(kind) if kind else ""
        start = match.start(kind) if kind else match.start()
        if kind == "punct":
            if token in "{[":
                ptr = _value_pointer(stack, pending_key, positions, start, where)
                pending_key = None
                stack.append([ptr, token == "{", 0, set(), token == "{"])
            elif token in "}]":
                stack.pop()
            elif token == ",":
                frame = stack[-1]
                if frame[1]:
                    frame[4] = True
            continue
        if stack and stack[-1][1] and stack[-1][4] and kind == "str":
            frame = stack[-1]
            key = json.loads(token)
            ptr = frame[0] + pointer(key)
            if key in frame[3]:
                lossy.append(("duplicate-key", ptr))
            else:
                frame[3].add(key)
            positions[ptr] = where(start)
            pending_key = key
            frame[4] = False
            continue
        ptr = _value_pointer(stack, pending_key, positions, start, where)
        pending_key = None
        literal = kind == "lit" and token in ("NaN", "Infinity", "-Infinity")
        if literal or (kind == "num" and abs(float(token)) == float("inf")):
            lossy.append(("non-finite-number", ptr))
    return positions, lossy


def _value_pointer(
    stack: list[list[Any]],
    pending_key: str | None,
    positions: dict[str, tuple[int, int]],
    start: int,
    where: Any,
) -> str:
    """Return the pointer of the value starting at ``start`` and record array items."""
    if not stack:
        return ""
    frame = stack[-1]
    if frame[1]:
        return str(frame[0] + pointer(pending_key if pending_key is not None else ""))
    ptr = str(frame[0] + pointer(frame[2]))
    frame[2] += 1
    positions.setdefault(ptr, where(start))
    return ptr
