"""Escaping of contributor text for Markdown, CSV and terminal output.

Catalogue text comes from strangers' pull requests, so every piece of it that lands in an
output goes through one of these functions (html is escaped by Jinja's autoescape):

- :func:`md_text` makes text inert in GitHub-flavoured Markdown, in paragraphs, list items
  and table cells alike: emphasis, code, links, raw HTML, table pipes, line breaks, and
  ``{{ }}`` (which Liquid, on GitHub Pages and Jekyll wikis, would run as a template).
- :func:`md_link` builds a link whose destination cannot break out of its parentheses or
  out of a table cell.
- :func:`csv_cell` defuses spreadsheet formulas (``=``, ``+``, ``-``, ``@``, tab and carriage
  return at the start of a cell), as OWASP recommends, by prefixing a single quote.
- :func:`plain` removes control characters (terminal escape sequences) from text for a
  terminal, and puts it on one line.
"""

from __future__ import annotations

import unicodedata
from typing import Final

from heritage.spreadsheet import defuse

#: Characters with a meaning in GitHub-flavoured Markdown inside a line, and what to write
#: instead. Backslash escapes work for ASCII punctuation in CommonMark; ``& < >`` use
#: entities so that raw HTML and entities in data stay text; braces use entities because
#: Liquid does not understand backslashes.
_MD: Final[dict[str, str]] = {
    "\\": "\\\\",
    "`": "\\`",
    "*": "\\*",
    "_": "\\_",
    "[": "\\[",
    "]": "\\]",
    "|": "\\|",
    "~": "\\~",
    "!": "\\!",
    "#": "\\#",
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    "{": "&#123;",
    "}": "&#125;",
}
_MD_TABLE = str.maketrans(_MD)
#: Characters percent-encoded in a Markdown link destination: they would end it, or end
#: the table cell around it.
_URL = str.maketrans({c: f"%{ord(c):02X}" for c in ' ()<>|\\`"[]{}'} | {"\n": "%0A", "\r": "%0D"})


def _one_line(text: str) -> str:
    # Control characters (including line breaks) become spaces: a table row is one line,
    # and escape sequences must not reach a terminal.
    return "".join(" " if unicodedata.category(c) == "Cc" else c for c in text)


def md_text(value: object) -> str:
    """Return text that GitHub-flavoured Markdown shows exactly as written, on one line.

    Parameters
    ----------
    value
        Any value; ``None`` becomes an empty string.

    Returns
    -------
    str
        Safe in a paragraph, a list item or a table cell.
    """
    if value is None:
        return ""
    return _one_line(str(value)).translate(_MD_TABLE)


def md_url(url: str) -> str:
    """Return a URL safe as a Markdown link destination (callers keep only http/https)."""
    return url.translate(_URL)


def md_link(label: object, url: str) -> str:
    """Return ``[label](url)`` with the label escaped and the destination encoded."""
    return f"[{md_text(label)}]({md_url(url)})"


def csv_cell(value: object) -> str:
    """Return a CSV cell value that a spreadsheet will not run as a formula.

    Parameters
    ----------
    value
        Any value; ``None`` becomes an empty string.

    Returns
    -------
    str
        The text, with a leading ``'`` when it starts with ``= + - @``, tab or carriage
        return (the quote is visible: the cell is text, and says so).
    """
    return "" if value is None else defuse(str(value))


def plain(value: object) -> str:
    """Return text for a terminal: one line, no control characters, ``None`` as empty."""
    if value is None:
        return ""
    return _one_line(str(value))
