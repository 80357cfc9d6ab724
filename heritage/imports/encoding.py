"""Decode the text files an import reads: a named encoding checked for fit, or mixed bytes.

:func:`decode_named` reads a file in the encoding the user gave (``--encoding``) and refuses
a mismatch rather than importing nothing or garbage: bytes that are not valid in that
encoding, zero bytes in a file said to be a one-byte encoding or UTF-8 (it is UTF-16 or
UTF-32), a "UTF-16" or "UTF-32" file without zero bytes (every ASCII comma and line break of
such a file holds one), and a valid UTF-8 file with non-ASCII text read as a one-byte
encoding (every accented letter would turn into two wrong ones).


Some exports (the UNESCO World Heritage List CSV of 2019 among them) are mostly
Windows-1252 with a few UTF-8 sequences pasted in. Such a file is neither valid UTF-8 nor
correct as cp1252. :func:`decode_mixed` reads every valid UTF-8 multi-byte sequence as
UTF-8 and every other byte above 0x7F as Windows-1252. The five bytes that cp1252 leaves
undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) become the Latin-1 control characters of the same
value, so no byte is lost.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from heritage.errors import CatalogueReadError, InvalidArgumentError

#: A well-formed UTF-8 sequence of two to four bytes (RFC 3629: no overlongs, no surrogates).
_UTF8_SEQUENCE: Final = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]"
    rb"|\xe0[\xa0-\xbf][\x80-\xbf]"
    rb"|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]"
    rb"|\xf0[\x90-\xbf][\x80-\xbf]{2}"
    rb"|[\xf1-\xf3][\x80-\xbf]{3}"
    rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)


@dataclass(frozen=True)
class Decoded:
    """A decoded text and how it was read.

    Attributes
    ----------
    text
        The text.
    utf8_sequences
        How many multi-byte UTF-8 sequences were found.
    cp1252_bytes
        How many other bytes above 0x7F were read as Windows-1252.
    """

    text: str
    utf8_sequences: int
    cp1252_bytes: int


def _cp1252(byte: int) -> str:
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return chr(byte)


def decode_mixed(raw: bytes) -> Decoded:
    """Decode bytes that mix UTF-8 sequences and Windows-1252 bytes.

    Parameters
    ----------
    raw
        The file's bytes (a UTF-8 byte-order mark is dropped).

    Returns
    -------
    Decoded
        The text and the counts of each kind of byte.
    """
    raw = raw.removeprefix(b"\xef\xbb\xbf")
    parts: list[str] = []
    utf8 = cp1252 = 0
    position = 0
    for match in _UTF8_SEQUENCE.finditer(raw):
        cp1252 += _plain(raw[position : match.start()], parts)
        parts.append(match.group().decode("utf-8"))
        utf8 += 1
        position = match.end()
    cp1252 += _plain(raw[position:], parts)
    return Decoded("".join(parts), utf8, cp1252)


def _plain(chunk: bytes, parts: list[str]) -> int:
    """Append a chunk without UTF-8 sequences: ASCII as is, high bytes as cp1252."""
    high = 0
    start = 0
    for i, byte in enumerate(chunk):
        if byte > 0x7F:
            parts.append(chunk[start:i].decode("ascii"))
            parts.append(_cp1252(byte))
            high += 1
            start = i + 1
    parts.append(chunk[start:].decode("ascii"))
    return high


def decode_named(raw: bytes, encoding: str, path: str | Path) -> str:
    """Decode a file in the encoding its user named, refusing a mismatch.

    Parameters
    ----------
    raw
        The file's bytes.
    encoding
        The encoding's name (``utf-8``, ``cp1252``, ``utf-16``...); a UTF-8 byte-order mark
        is accepted and dropped.
    path
        The file, for messages.

    Returns
    -------
    str
        The text.

    Raises
    ------
    InvalidArgumentError
        When Python knows no encoding of that name.
    CatalogueReadError
        When the bytes are not text in that encoding, or plainly text in another one.
    """
    try:
        name = codecs.lookup(encoding).name
    except LookupError as exc:
        raise InvalidArgumentError(
            f"--encoding: '{encoding}' is not a known text encoding (try utf-8, cp1252, utf-16)"
        ) from exc
    wide = name.startswith(("utf-16", "utf-32"))
    try:
        text = raw.decode("utf-8-sig" if name == "utf-8" else name)
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise CatalogueReadError(
            f"{path}:{line}: cannot be read as {encoding} (byte {exc.start}: {exc.reason}); "
            "save it as UTF-8, or give the --encoding it was saved in (for example cp1252)"
        ) from exc
    if not wide and b"\x00" in raw:
        raise CatalogueReadError(
            f"{path}: holds zero bytes, so it is not {encoding} text; it looks like UTF-16 "
            "(give --encoding utf-16) or is not a text file at all"
        )
    if wide and raw and b"\x00" not in raw:
        raise CatalogueReadError(
            f"{path}: is not {encoding}: such a file holds a zero byte in every comma and line "
            "break, and this one has none. Leave out --encoding if it is UTF-8"
        )
    if name != "utf-8" and not wide and not raw.isascii() and _is_utf8(raw):
        raise CatalogueReadError(
            f"{path}: is UTF-8 with non-ASCII text, but was to be read as {encoding}, which "
            "would garble every accented letter; leave out --encoding"
        )
    return text


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
