"""The sources a site cites, as links that are safe to publish.

Only http and https URLs ever become links in an output: a ``javascript:`` or ``data:`` URL
in a pull request must not turn into something a reader can click. The validator reports
such URLs (``invalid-url``); this module is the second line, for every renderer.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from heritage.privacy import public_location
from heritage.urls import is_web_url


def web_urls(urls: Any) -> list[str]:
    """Keep the http and https URLs of a list, in order, without repeats.

    Other schemes (``javascript:``, ``data:``), URLs with spaces and anything that is not a
    URL never become links in any output.
    """
    if not isinstance(urls, Iterable) or isinstance(urls, str | bytes | dict):
        return []
    kept: list[str] = []
    for url in urls:
        if is_web_url(url) and url not in kept:
            kept.append(url)
    return kept


def site_sources(feature: dict[str, Any]) -> list[str]:
    """Return every web source cited by a site: its own, its events', built and location.

    Parameters
    ----------
    feature
        A GeoJSON feature of the catalogue.

    Returns
    -------
    list of str
        http/https URLs in the order they appear, without repeats.
    """
    props = feature.get("properties")
    if not isinstance(props, dict):  # heritage diff reads files that were not validated
        return []
    urls: list[Any] = []

    def add(sources: Any) -> None:
        if isinstance(sources, list):
            urls.extend(s.get("url") for s in sources if isinstance(s, dict))

    add(props.get("sources"))
    urls.append(props.get("built_source"))
    # A sensitive site's location source is not public (heritage.privacy).
    location = public_location(props.get("location"))
    if isinstance(location, dict):
        urls.append(location.get("source"))
    history = props.get("history")
    for event in history if isinstance(history, list) else []:
        if isinstance(event, dict):
            add(event.get("sources"))
    return web_urls(urls)
