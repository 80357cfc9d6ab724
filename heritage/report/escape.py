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

Both :func:`md_text` and :func:`plain` also neutralise what would make a reader see or do
something the data's author chose rather than what the text says:

- bidirectional controls (U+202A-U+202E, U+2066-U+2069, U+200E, U+200F, U+061C), which
  reorder what a reviewer reads ("trojan source"), are shown as visible ``<U+202E>``;
- ``@name`` would notify a GitHub user or team: a zero-width space after the ``@`` keeps the
  text as written but stops the mention (the practice of Renovate and Dependabot);
- bare URLs (``https://``, ``www.``) and e-mail addresses would become links: a zero-width
  space after the scheme's ``:``, after ``www`` and after ``@`` keeps them from being
  linked. Links the project means to make (sources) go through :func:`md_link`.
"""

from __future__ import annotations

import re
from typing import Final

from heritage.invisible import show_bidi
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


#: ``@`` starting a mention or ending the user part of an e-mail address; ``://`` and
#: ``www.`` starting a URL that GitHub would link.
_LINKISH: Final = re.compile(r"@(?=[A-Za-z0-9_])|:(?=//)|(?<![A-Za-z0-9])www(?=\.)", re.I)
_ZWSP: Final[str] = "\u200b"


#: The control characters (Unicode category Cc: C0, DEL and C1) as spaces.
_CONTROLS_AS_SPACES: Final = str.maketrans(dict.fromkeys([*range(0x20), *range(0x7F, 0xA0)], " "))


#: Any character that :data:`_MD_TABLE` rewrites.
_MD_SPECIAL: Final = re.compile("[" + re.escape("".join(_MD)) + "]")


def _one_line(text: str) -> str:
    # Control characters (including line breaks) become spaces: a table row is one line,
    # and escape sequences must not reach a terminal. Bidi controls become visible.
    # Printable text has neither (controls are category Cc, bidi controls Cf), and skipping
    # the two translations for it saved 2 s of a 100,000-site Markdown report.
    if text.isprintable():
        return text
    return show_bidi(text.translate(_CONTROLS_AS_SPACES))


def _unlink(text: str, zwsp: str) -> str:
    # After the matched "@", "://" or "www": the text reads the same, nothing links.
    if "@" not in text and ":" not in text and "." not in text:
        return text  # nothing _LINKISH can match (a "www" links only before a ".")
    return _LINKISH.sub(lambda m: m.group(0) + zwsp, text)


def _md_escaped(text: str) -> str:
    return text.translate(_MD_TABLE) if _MD_SPECIAL.search(text) else text


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
    # The zero-width space is written as an entity, after escaping, so that it is visible
    # in the Markdown source and cannot be mistaken for data.
    return _unlink(_md_escaped(_one_line(str(value))), "&#8203;")


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
    """Return text for a terminal: one line, no control characters, ``None`` as empty.

    Bidi controls are shown as ``<U+202E>``; mentions, bare URLs and e-mail addresses are
    broken with a zero-width space, as in :func:`md_text`, because text output is often
    pasted into GitHub.
    """
    if value is None:
        return ""
    return _unlink(_one_line(str(value)), _ZWSP)


def plain_url(url: str) -> str:
    """Return a URL the project means to show (a source) for a terminal: one line, no bidi."""
    return _one_line(url).replace(" ", "%20")
