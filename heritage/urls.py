"""The one rule for URLs: which texts may become links, read the way a browser reads them.

A browser's URL parser (the WHATWG URL Standard, section 4.4 "URL parsing") first strips
leading and trailing C0 controls and spaces, then removes every tab, line feed and carriage
return wherever it is, and only then reads the scheme, in any case. So ``" javascript:x"``,
``"java<TAB>script:x"`` and ``"JaVaScRiPt:x"`` are all ``javascript:`` to a browser. This
module owns the answer for the whole project:

- a **web URL** (:func:`is_web_url`) is ``http://`` or ``https://`` (scheme in any case),
  then a host, then an optional path, query or fragment, with no control character, white
  space or invisible formatting character anywhere (:data:`WEB_PATTERN`). Only web URLs
  become links in any output (KML, feed, reports, map, site pages), and the catalogue
  holds only web URLs (``invalid-url``);
- :func:`browser_scheme` says which scheme a browser would see in any text;
- :func:`check_link_option` is the rule for URLs given on the command line (``heritage
  embed --url``, ``heritage feed --feed-url``): web URLs, and relative URLs where allowed.

The map's JavaScript (``heritage/assets/map/core.js``, ``HM.safeUrl``) carries the same
pattern; a parity test runs both on one table of cases.
"""

from __future__ import annotations

import re
from typing import Any, Final

from heritage.errors import InvalidArgumentError

#: What a URL may never hold: C0 controls and space, DEL and C1 controls, other white space,
#: and invisible formatting (soft hyphen, zero-width and bidirectional controls, BOM).
#: Written with escapes that Python, ECMAScript and Rust regular expressions all read alike.
_BAD: Final[str] = (
    r"\x00-\x20\x7f-\xa0\xad\u061c\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u206f"
    r"\u3000\ufeff\ufff9-\ufffb"
)
#: The web URL pattern, shared with the JSON Schema and the map's JavaScript.
WEB_PATTERN: Final[str] = rf"^[Hh][Tt][Tt][Pp][Ss]?://[^{_BAD}/?#\\]+(?:[/?#][^{_BAD}]*)?$"
#: The same, for the JSON Schema (editors); the validator's own check is :func:`is_web_url`.
SCHEMA_PATTERN: Final[str] = WEB_PATTERN
_WEB: Final = re.compile(WEB_PATTERN)
_UNSAFE: Final = re.compile(f"[{_BAD}]")
#: Leading and trailing C0 controls and spaces, and tab/newline anywhere (WHATWG 4.4).
_EDGES: Final = re.compile(r"^[\x00-\x20]+|[\x00-\x20]+$")
_TAB_NEWLINE: Final = re.compile(r"[\t\n\r]")
_SCHEME: Final = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
WEB_SCHEMES: Final[tuple[str, ...]] = ("http", "https")


def is_web_url(value: Any) -> bool:
    """Return whether ``value`` is a web URL: http(s), a host, nothing hidden.

    Parameters
    ----------
    value
        Anything; only a string can be a web URL.

    Returns
    -------
    bool
        True for ``https://example.org/a?b#c`` (scheme in any case); false for other
        schemes, relative URLs, a missing host, and any control character, white space or
        invisible character anywhere (a browser would strip some of them and read another
        scheme).
    """
    # fullmatch, not match: "$" in a Python pattern also matches before a final newline.
    return isinstance(value, str) and _WEB.fullmatch(value) is not None


def web_url(value: Any) -> str | None:
    """Return ``value`` when it is a web URL (:func:`is_web_url`), else ``None``."""
    return value if is_web_url(value) else None


def browser_scheme(text: str) -> str | None:
    """Return the scheme a browser would read in ``text``, lower-cased, or ``None`` if relative.

    Follows the WHATWG URL parser: leading and trailing C0 controls and spaces are stripped,
    tabs and newlines removed anywhere, then a scheme is letters, digits, ``+``, ``-`` and
    ``.`` after a letter, up to the first ``:``.
    """
    cleaned = _TAB_NEWLINE.sub("", _EDGES.sub("", text))
    found = _SCHEME.match(cleaned)
    return found.group(1).lower() if found else None


def problem(text: str) -> str | None:
    """Say why ``text`` is not a web URL, in words for a message, or ``None`` if it is one."""
    if is_web_url(text):
        return None
    bad = _UNSAFE.search(text)
    if bad is not None:
        scheme = browser_scheme(text)
        seen = f"; a browser would read it as a '{scheme}:' URL" if scheme else ""
        return (
            f"it holds U+{ord(bad.group()):04X} (a control, space or invisible character) at "
            f"character {bad.start() + 1}{seen}. Remove it; write a space in a path as %20"
        )
    scheme = browser_scheme(text)
    if scheme is None:
        return "it is not an absolute URL. Write the full address, starting with https://"
    if scheme not in WEB_SCHEMES:
        return (
            f"'{scheme}:' URLs are not allowed; only http and https. Write the web address of "
            "the page, starting with https://"
        )
    return "it has no host after the '//'. Write the full address, e.g. https://example.org/page"


def check_link_option(option: str, text: str, *, relative: bool = False) -> str:
    """Return a URL given on the command line, or refuse it.

    Parameters
    ----------
    option
        The option's name, for the message (``--url``).
    text
        The URL as given.
    relative
        Whether a relative URL (``maps/embed.html``, ``/map/``) is acceptable too; it then
        takes the scheme of the page it is used in.

    Returns
    -------
    str
        ``text``, unchanged.

    Raises
    ------
    InvalidArgumentError
        When ``text`` is not a web URL (nor, where allowed, a clean relative URL).
    """
    if is_web_url(text):
        return text
    if relative and browser_scheme(text) is None and text and _UNSAFE.search(text) is None:
        return text
    kinds = "an http(s) URL or a relative path" if relative else "an http(s) URL"
    reason = problem(text) if browser_scheme(text) is not None or not relative else None
    if reason is None:
        bad = _UNSAFE.search(text)
        reason = (
            f"it holds U+{ord(bad.group()):04X} at character {bad.start() + 1}; remove it "
            "(write a space as %20)"
            if bad
            else "it is empty"
        )
    return _refuse(option, text, kinds, reason)


def _refuse(option: str, text: str, kinds: str, reason: str) -> str:
    shown = text[:80].encode("unicode_escape").decode("ascii")
    raise InvalidArgumentError(f"{option}: '{shown}' must be {kinds}: {reason}")
