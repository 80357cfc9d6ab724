"""Cite the Wikipedia article, not the copy that was read: the catalogue-wide rewrite.

For every cited URL on a known copy host (:mod:`heritage.copies`) whose article can be
worked out, the citation becomes the article and the copy is kept in ``via``:

* a source ``{"url": copy}`` becomes ``{"url": article, "via": copy}``;
* ``location.source`` becomes the article and ``location.via`` the copy;
* ``built_source`` becomes the article, and the copy is kept as a site source
  ``{"url": article, "via": copy}`` (``built_source`` is a bare URL with no room for it).

A source that already has a ``via`` is left alone. The rewrite is idempotent: run twice, the
second run changes nothing. :func:`copy_issues` is the matching validation rule.
"""

from __future__ import annotations

import copy
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from heritage import codes
from heritage.copies import canonical_url, copy_host, host_of, is_copy
from heritage.issues import Issue, pointer


@dataclass
class Canonicalized:
    """The rewritten catalogue and what changed.

    Attributes
    ----------
    data
        The new catalogue (the input is not modified).
    by_host
        Number of citations rewritten, by the copy's host.
    sites
        Ids of the sites changed.
    """

    data: dict[str, Any]
    by_host: Counter[str] = field(default_factory=Counter)
    sites: list[str] = field(default_factory=list)

    @property
    def changed(self) -> int:
        """Number of citations rewritten."""
        return sum(self.by_host.values())


def _source(source: Any, counts: Counter[str]) -> bool:
    if not isinstance(source, dict) or "via" in source or not isinstance(source.get("url"), str):
        return False
    article = canonical_url(source["url"])
    if article is None:
        return False
    counts[host_of(source["url"])] += 1
    copied = source["url"]
    source["url"] = article
    source["via"] = copied
    return True


def canonicalize(data: dict[str, Any]) -> Canonicalized:
    """Rewrite every citation of a known copy as the article, the copy kept in ``via``.

    Parameters
    ----------
    data
        A parsed catalogue (not modified).

    Returns
    -------
    Canonicalized
        The new catalogue and the count of rewritten citations by host.
    """
    result = Canonicalized(copy.deepcopy(data))
    for feature in result.data.get("features") or []:
        props = feature.get("properties") if isinstance(feature, dict) else None
        if not isinstance(props, dict):
            continue
        before = result.changed
        for source in props.get("sources") or []:
            _source(source, result.by_host)
        for event in props.get("history") or []:
            for source in (event.get("sources") or []) if isinstance(event, dict) else []:
                _source(source, result.by_host)
        location = props.get("location")
        if isinstance(location, dict) and "via" not in location:
            url = location.get("source")
            article = canonical_url(url) if isinstance(url, str) else None
            if article is not None:
                result.by_host[host_of(str(url))] += 1
                location["via"] = url
                location["source"] = article
        url = props.get("built_source")
        article = canonical_url(url) if isinstance(url, str) else None
        if article is not None:
            result.by_host[host_of(str(url))] += 1
            props["built_source"] = article
            kept = {"url": article, "via": url}
            sources = props.setdefault("sources", [])
            if kept not in sources:
                sources.append(kept)
        if result.changed != before:
            result.sites.append(str(feature.get("id")))
    return result


def _issue(url: str, site: str | None, ptr: str) -> Issue | None:
    entry = copy_host(url)
    article = canonical_url(url)
    if entry is None and article is None:
        return None
    host = host_of(url)
    if article is None:
        message = (
            f"'{host}' is a copy of another site ({entry.note if entry else 'a copy'}) and "
            "its URL does not name the original: find the original article, cite it as the "
            "URL and keep this address in 'via'."
        )
    else:
        message = (
            f"'{host}' is a copy of {article.split('/')[2]}: cite {article} instead and keep "
            "this address in 'via' (heritage sources --canonicalize does it)."
        )
    return codes.issue("copy-host-source", message, site, ptr)


def copy_issues(features: Any) -> Iterator[Issue]:
    """Warn on every citation (``url``, ``location.source``, ``built_source``) of a copy."""
    if not isinstance(features, list):
        return
    for i, feature in enumerate(features):
        props = feature.get("properties") if isinstance(feature, dict) else None
        if not isinstance(props, dict):
            continue
        site = feature.get("id") if isinstance(feature.get("id"), str) else None
        for url, path in _copies(props):
            issue = _issue(url, site, pointer("features", i, "properties", *path))
            if issue is not None:
                yield issue


def _copies(props: dict[str, Any]) -> Iterator[tuple[str, tuple[str | int, ...]]]:
    """Yield (URL, path below the properties) of each citation of a copy, in file order."""
    # Each URL is tested where it is found, and a path made only for a copy: a catalogue
    # cites hundreds of thousands of URLs and few are copies.
    url = props.get("built_source")
    if isinstance(url, str) and is_copy(url):
        yield url, ("built_source",)
    location = props.get("location")
    url = location.get("source") if isinstance(location, dict) else None
    if isinstance(url, str) and is_copy(url):
        yield url, ("location", "source")
    # The file may not be valid (a list may be a number): read only what has its type.
    sources = props.get("sources")
    for k, source in enumerate(sources if isinstance(sources, list) else []):
        url = source.get("url") if isinstance(source, dict) else None
        if isinstance(url, str) and is_copy(url):
            yield url, ("sources", k, "url")
    history = props.get("history")
    for j, event in enumerate(history if isinstance(history, list) else []):
        if not isinstance(event, dict) or not isinstance(event.get("sources"), list):
            continue
        for k, source in enumerate(event["sources"]):
            url = source.get("url") if isinstance(source, dict) else None
            if isinstance(url, str) and is_copy(url):
                yield url, ("history", j, "sources", k, "url")
