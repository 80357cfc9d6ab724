"""The iframe snippet that embeds the map in another website (``heritage embed``)."""

from __future__ import annotations

import html
from typing import Final
from urllib.parse import urlencode

from heritage import dates, urls
from heritage.errors import InvalidArgumentError
from heritage.maps import i18n

DEFAULT_URL: Final[str] = "maps/embed.html"
DEFAULT_HEIGHT: Final[int] = 600
#: Scripts may run (the map is a script) and links may open in a new, unsandboxed tab;
#: no same-origin access, no forms, no top navigation.
SANDBOX: Final[str] = "allow-scripts allow-popups allow-popups-to-escape-sandbox"


def embed_snippet(
    url: str = DEFAULT_URL,
    *,
    lang: str = i18n.DEFAULT_LANGUAGE,
    height: int = DEFAULT_HEIGHT,
    site: str | None = None,
    as_of: str | None = None,
) -> str:
    """Return an ``<iframe>`` element that shows the map's ``embed.html``.

    Parameters
    ----------
    url
        Where ``embed.html`` is published: an http(s) URL or a relative path.
    lang
        Language of the iframe's title (for screen readers).
    height
        Height in CSS pixels (at most 85% of the window); the width follows the page.
    site
        Open this site's details (``#site=ID``).
    as_of
        Open on this date (``#as_of=YYYY-MM-DD``).

    Returns
    -------
    str
        One line of HTML.

    Raises
    ------
    InvalidArgumentError
        For a URL that is neither a web URL nor a clean relative one (see
        :func:`heritage.urls.check_link_option`), a height out of range or a bad date.
    """
    urls.check_link_option("--url", url, relative=True)
    if not 100 <= height <= 4000:
        raise InvalidArgumentError(f"--height: {height} is not between 100 and 4000 pixels")
    fragment: list[tuple[str, str]] = []
    if site:
        fragment.append(("site", site))
    if as_of:
        try:
            dates.parse_day(as_of)
        except dates.DateFormatError as exc:
            raise InvalidArgumentError(f"--as-of: {exc}") from exc
        fragment.append(("as_of", as_of))
    src = url.split("#")[0] + ("#" + urlencode(fragment) if fragment else "")
    title = i18n.labels(lang)["ui"]["embed_title"]
    attributes = [
        ("src", src),
        ("title", title),
        # No width attribute: HTML allows only a number of pixels there; CSS sets 100%.
        ("height", str(height)),
        ("style", f"display:block;width:100%;max-width:100%;height:{height}px;"
                  "max-height:85vh;border:0"),
        ("loading", "lazy"),
        ("sandbox", SANDBOX),
    ]  # fmt: skip
    inner = " ".join(f'{name}="{html.escape(value, quote=True)}"' for name, value in attributes)
    return f"<iframe {inner}></iframe>"
