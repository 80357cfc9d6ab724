"""Spreadsheet safety for CSV output, shared by the exports and the reports.

A text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is run as
a formula by Excel, LibreOffice and Google Sheets (CSV injection). Catalogue text comes from
strangers' pull requests, so every CSV writer passes text cells through :func:`defuse`.
"""

from __future__ import annotations

from typing import Final

#: First characters that make a spreadsheet treat a cell as a formula.
FORMULA_PREFIXES: Final[tuple[str, ...]] = ("=", "+", "-", "@", "\t", "\r")


def defuse(text: str) -> str:
    """Return a text cell that no spreadsheet will run as a formula.

    Parameters
    ----------
    text
        The cell's text.

    Returns
    -------
    str
        The text, with a leading apostrophe when it starts with ``= + - @``, tab or CR (the
        apostrophe stays visible: the cell is text, and says so).
    """
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text
