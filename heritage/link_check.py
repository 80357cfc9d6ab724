"""Check that cited pages still answer, politely, and say what to cite when one is gone.

Each URL is fetched once (GET, only the first bytes read) by a small pool of threads, with
a minimum interval between two requests to the same host, a timeout, and retries with a
growing pause for answers that may pass (a 5xx or 429 status, a timeout, a refused
connection). Redirects are followed and reported. A dead link is reported with the
archived copy its source names, or with a Wayback Machine lookup address when it has none.
Only the standard library is used; nothing else in the project touches the network.
"""

from __future__ import annotations

import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from http.client import HTTPException
from typing import Any

from heritage.copies import host_of

USER_AGENT = "heritage-link-check/1 (+https://heritage.example.org; polite, one request per URL)"
WAYBACK = "https://web.archive.org/web/*/"


@dataclass
class Link:
    """A cited URL, the archived copies its sources name, and the sites citing it."""

    url: str
    archived: set[str] = field(default_factory=set)
    sites: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class LinkResult:
    """What fetching one URL gave.

    Attributes
    ----------
    url
        The URL cited.
    ok
        True when the page answered 2xx (after redirects).
    status
        The last HTTP status, or None when no answer came (timeout, refused).
    detail
        ``timeout``, ``redirected to <url>``, the error text...
    attempts
        Requests made.
    replacement
        For a dead link: the archived copy to cite, or a Wayback Machine lookup address.
    sites
        Ids of the sites citing it.
    """

    url: str
    ok: bool
    status: int | None
    detail: str
    attempts: int
    replacement: str | None
    sites: tuple[str, ...]


def collect_links(data: dict[str, Any]) -> list[Link]:
    """Every http(s) URL cited by the catalogue, with archived copies and citing sites."""
    links: dict[str, Link] = {}

    def add(url: Any, site: str, archived: Any = None) -> None:
        if not isinstance(url, str) or not url.lower().startswith(("http://", "https://")):
            return
        link = links.setdefault(url, Link(url))
        link.sites.add(site)
        if isinstance(archived, str):
            link.archived.add(archived)

    for feature in data.get("features") or []:
        props = feature.get("properties") if isinstance(feature, dict) else None
        if not isinstance(props, dict):
            continue
        site = str(feature.get("id"))
        add(props.get("built_source"), site)
        add((props.get("location") or {}).get("source"), site)
        sources = list(props.get("sources") or [])
        for event in props.get("history") or []:
            if isinstance(event, dict):
                sources += event.get("sources") or []
        for source in sources:
            if isinstance(source, dict):
                add(source.get("url"), site, source.get("archived"))
    return [links[url] for url in sorted(links)]


class _HostPacer:
    """At most one request per ``interval`` seconds to each host."""

    def __init__(self, interval: float) -> None:
        self.interval = interval
        self.lock = threading.Lock()
        self.next_at: dict[str, float] = {}
        self.host_locks: dict[str, threading.Lock] = {}

    def wait(self, host: str) -> None:
        with self.lock:
            host_lock = self.host_locks.setdefault(host, threading.Lock())
        with host_lock:
            now = time.monotonic()
            start = max(now, self.next_at.get(host, now))
            self.next_at[host] = start + self.interval
        if start > now:
            time.sleep(start - now)


def _fetch(url: str, timeout: float) -> tuple[int | None, str]:
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read(1024)
            final = response.geturl()
            detail = f"redirected to {final}" if final != url else ""
            return int(response.status), detail
    except urllib.error.HTTPError as exc:
        return int(exc.code), str(exc.reason)
    except TimeoutError:
        return None, "timeout"
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, TimeoutError | socket.timeout):
            return None, "timeout"
        return None, str(exc.reason)
    except (HTTPException, OSError, ValueError) as exc:
        return None, str(exc) or type(exc).__name__


def _retry(status: int | None) -> bool:
    return status is None or status == 429 or status >= 500


def check_links(
    links: Iterable[Link],
    *,
    timeout: float = 15.0,
    retries: int = 2,
    workers: int = 8,
    per_host_interval: float = 1.0,
    backoff: float = 1.0,
    fetch: Callable[[str, float], tuple[int | None, str]] = _fetch,
) -> list[LinkResult]:
    """Fetch each link and say which are dead and what to cite instead.

    Parameters
    ----------
    links
        The links (see :func:`collect_links`).
    timeout
        Seconds to wait for an answer.
    retries
        Further attempts after a 5xx or 429 answer, a timeout or a failed connection.
    workers
        Threads fetching at once (different hosts in parallel).
    per_host_interval
        Minimum seconds between two requests to one host.
    backoff
        Pause before the first retry, doubled at each further one.
    fetch
        The function that makes one request (for tests).

    Returns
    -------
    list of LinkResult
        In the order of ``links``.
    """
    pacer = _HostPacer(per_host_interval)

    def one(link: Link) -> LinkResult:
        attempts, status, detail = 0, None, ""
        while True:
            pacer.wait(host_of(link.url))
            attempts += 1
            status, detail = fetch(link.url, timeout)
            if not _retry(status) or attempts > retries:
                break
            time.sleep(backoff * 2 ** (attempts - 1))
        ok = status is not None and 200 <= status < 300
        replacement = None
        if not ok:
            replacement = min(link.archived) if link.archived else WAYBACK + link.url
        return LinkResult(
            link.url, ok, status, detail, attempts, replacement, tuple(sorted(link.sites))
        )

    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        return list(pool.map(one, list(links)))
