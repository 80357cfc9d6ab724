"""The sources a site cites, as links that are safe to publish.

Only http and https URLs ever become links in an output: a ``javascript:`` or ``data:`` URL
in a pull request must not turn into something a reader can click. The validator reports
such URLs (``invalid-url``); this module is the second line, for every renderer.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from heritage.records import SiteRecord, cited_urls, feature_urls
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

    The web URLs among :func:`heritage.records.cited_urls`, the one collector of a site's
    URLs (a sensitive site's location source is not public).

    Parameters
    ----------
    feature
        A GeoJSON feature of the catalogue (validated or not: ``heritage diff`` reads files
        that were not).

    Returns
    -------
    list of str
        http/https URLs in the order they appear, without repeats.
    """
    return web_urls(feature_urls(feature))


def record_sources(record: SiteRecord) -> list[str]:
    """Return the web URLs a site's record cites (see :func:`site_sources`)."""
    return web_urls(cited_urls(record))
