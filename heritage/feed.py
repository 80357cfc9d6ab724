"""An Atom feed of status-changing events, so that people can subscribe to new reports.

One entry per event that sets a site's status to something other than its status just
before (a site's first observation included; see :func:`heritage.timeline.status_changes`),
newest first. Withdrawn sites are left out, and no entry carries coordinates.

Stable and deterministic:

- an entry's id is built from the site id and the event's date, type and status, so that it
  survives unrelated edits (other events, reordering, a corrected summary); two events of a
  site alike in all three are numbered in history order. With a tag authority (``feed_id``
  in ``heritage.toml``) it is a ``tag:`` URI (RFC 4151); without one it is a ``urn:uuid:``
  (a name-based UUID of the same parts), which needs no domain;
- ``updated`` is the event's effective date and the feed's is the newest entry's: derived
  from the data, never from the clock, so the same catalogue gives the same bytes.

The XML is built with :mod:`xml.etree.ElementTree`, which escapes text and attributes;
characters that XML 1.0 cannot carry (most control characters) are replaced by U+FFFD
(:func:`heritage.text.xml_safe`, the one sanitiser of every XML writer).
"""

from __future__ import annotations

import re
import uuid
import xml.etree.ElementTree as ET
from typing import Any, Final

import pandas as pd

from heritage import dates, urls
from heritage import vocabulary as v
from heritage._gc import paused_gc
from heritage._version import __version__
from heritage.catalogue import Catalogue
from heritage.errors import InvalidArgumentError
from heritage.history import among
from heritage.sources import web_urls
from heritage.text import xml_safe
from heritage.timeline import status_changes

ATOM: Final[str] = "http://www.w3.org/2005/Atom"
#: Namespace of the name-based ``urn:uuid:`` ids used when no tag authority is configured.
_ID_NAMESPACE: Final[uuid.UUID] = uuid.uuid5(
    uuid.NAMESPACE_URL, "https://pypi.org/project/heritage/"
)
DEFAULT_TITLE: Final[str] = "Heritage sites under threat: new status reports"
DEFAULT_LIMIT: Final[int] = 100
EMPTY_UPDATED: Final[str] = "1970-01-01T00:00:00Z"
_TAG_UNSAFE = re.compile(r"[^A-Za-z0-9\-._~!$&'()*+,;=:@/?]")


def _text(value: Any) -> str:
    return xml_safe(value) if isinstance(value, str) else ""


def _tag_part(text: str) -> str:
    # Keep date texts readable ("2020/2021", "../2020-10"); percent-encode anything else.
    return _TAG_UNSAFE.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode()), text)


def feed_events(catalogue: Catalogue) -> pd.DataFrame:
    """Return the status-changing events of the sites that are not withdrawn, newest first.

    Returns
    -------
    pandas.DataFrame
        Rows of :func:`heritage.timeline.status_changes` with the site's ``name`` and
        ``occurrence``: the how-manieth change of the site with this date, type and status
        it is, in history order (1 almost always), which keeps entry ids unique.
    """
    active = catalogue.sites.index[~catalogue.sites["withdrawn"].astype(bool)]
    ordered = catalogue.ordered_status_events
    changes = status_changes(ordered.loc[among(ordered["site_id"], active)])
    by_seq = changes.sort_values(["site_id", "seq"], kind="stable")
    occurrence = by_seq.groupby(["site_id", "date", "type", "status"], sort=False).cumcount() + 1
    changes["occurrence"] = occurrence.reindex(changes.index)
    changes["name"] = catalogue.sites["name"].reindex(changes["site_id"]).to_numpy()
    return changes.sort_values(
        ["effective", "site_id", "seq"], ascending=[False, True, False], kind="stable"
    )


def _id(specific: str, authority: str | None) -> str:
    """Return a permanent id: ``tag:`` with an authority, else a name-based ``urn:uuid:``."""
    if authority:
        return f"tag:{authority}:{specific}"
    return f"urn:uuid:{uuid.uuid5(_ID_NAMESPACE, specific)}"


def entry_id(
    site_id: str,
    date: str,
    type_: str,
    status: str,
    occurrence: int = 1,
    *,
    authority: str | None = None,
) -> str:
    """Return the id of a feed entry (see the module documentation).

    Parameters
    ----------
    site_id, date, type_, status
        What identifies the event.
    occurrence
        The how-manieth event of the site alike in the three, in history order.
    authority
        The tag authority (``example.org,2024``); without it a ``urn:uuid:`` id.
    """
    parts = "/".join(_tag_part(str(x)) for x in (site_id, date, type_, status))
    suffix = "" if occurrence == 1 else f"/{occurrence}"
    return _id(f"site/{parts}{suffix}", authority)


def _stamp(value: Any) -> str:
    return pd.Timestamp(value).strftime("%Y-%m-%dT00:00:00Z")


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", {k: _text(x) for k, x in attrs.items()})
    if text is not None:
        element.text = _text(text)
    return element


def _summary(row: Any, previous: str) -> str:
    parts = [row.summary if isinstance(row.summary, str) else ""]
    if isinstance(row.reported_by, str):
        parts.append(f"Reported by {row.reported_by}.")
    parts.append(f"Date: {dates.describe(row.date)}.")
    if previous == v.UNKNOWN_STATUS.code:
        parts.append("The first status recorded for this site.")
    else:
        parts.append(f"Status before this report: {v.status_term(previous).label.lower()}.")
    if isinstance(row.confidence, str):
        parts.append(f"Confidence: {row.confidence}.")
    return " ".join(p for p in parts if p)


def render_feed(
    catalogue: Catalogue,
    *,
    limit: int = DEFAULT_LIMIT,
    title: str = DEFAULT_TITLE,
    feed_url: str | None = None,
    site_url: str | None = None,
    home_url: str | None = None,
    authority: str | None = None,
    rights: str | None = None,
) -> bytes:
    """Return an Atom feed of the catalogue's status-changing events.

    Parameters
    ----------
    catalogue
        A loaded catalogue.
    limit
        The newest this many entries (0 for all of them).
    title
        The feed's title.
    feed_url
        Where the feed is published (its ``rel="self"`` link), if known.
    site_url
        A URL template for a site's page, with ``{id}`` for the site id (for example a map
        link ``https://example.org/map/#site={id}``); without it an entry links to its first
        source.
    home_url
        The website the feed belongs to (its ``rel="alternate"`` link), if known.
    authority
        The tag authority of ids (``feed_id`` in ``heritage.toml``); see :func:`entry_id`.
    rights
        The licence statement of the content (Atom ``rights``).

    Returns
    -------
    bytes
        The feed as UTF-8 XML; the same catalogue and arguments give the same bytes.

    Raises
    ------
    InvalidArgumentError
        When ``limit`` is negative, ``site_url`` has no ``{id}``, or either URL is not an
        http(s) URL (:func:`heritage.urls.check_link_option`).
    """
    if limit < 0:
        raise InvalidArgumentError(f"limit must be 0 (all) or more, not {limit}")
    if site_url is not None and "{id}" not in site_url:
        raise InvalidArgumentError("the site URL template needs {id} where the site id goes")
    if feed_url is not None:
        urls.check_link_option("the feed URL", feed_url)
    if site_url is not None:
        # A relative template (the website's ../sites/{id}.html) resolves against the feed.
        urls.check_link_option("the site URL template", site_url, relative=True)
    with paused_gc():  # many small objects while a large catalogue is alive
        return _render(catalogue, limit, title, feed_url, site_url, home_url, authority, rights)


def _render(
    catalogue: Catalogue,
    limit: int,
    title: str,
    feed_url: str | None,
    site_url: str | None,
    home_url: str | None,
    authority: str | None,
    rights: str | None,
) -> bytes:
    events = feed_events(catalogue)
    if limit:
        events = events.head(limit)
    ET.register_namespace("", ATOM)
    root = ET.Element(f"{{{ATOM}}}feed")
    _sub(root, "id", feed_url or _id("feed/status-changes", authority))
    _sub(root, "title", title)
    _sub(root, "subtitle", "Reports that change the recorded status of a heritage site.")
    _sub(root, "updated", _stamp(events["effective"].iloc[0]) if len(events) else EMPTY_UPDATED)
    if feed_url:
        _sub(root, "link", rel="self", href=feed_url, type="application/atom+xml")
    if home_url:
        _sub(root, "link", rel="alternate", href=home_url, type="text/html")
    if rights:
        _sub(root, "rights", rights)
    _sub(_sub(root, "author"), "name", "heritage contributors")
    _sub(root, "generator", "heritage", version=__version__)
    for row in events.itertuples():
        _entry(root, row, site_url, authority)
    ET.indent(root, space="  ")
    # Serialising to text and encoding once is several times faster than ElementTree's
    # own UTF-8 writer, which resets a codec for every piece it writes.
    text = ET.tostring(root, encoding="unicode")
    return ("<?xml version='1.0' encoding='utf-8'?>\n" + text + "\n").encode("utf-8")


def _entry(root: ET.Element, row: Any, site_url: str | None, authority: str | None) -> None:
    name = row.name if isinstance(row.name, str) and row.name else str(row.site_id)
    status = v.status_term(row.status).label.lower()
    entry = _sub(root, "entry")
    ident = entry_id(
        row.site_id, row.date, row.type, row.status, row.occurrence, authority=authority
    )
    _sub(entry, "id", ident)
    _sub(entry, "title", f"{name}: reported {status} ({dates.describe(row.date)})")
    _sub(entry, "updated", _stamp(row.effective))
    sources = web_urls(row.source_urls)
    if site_url is not None:
        _sub(entry, "link", rel="alternate", href=site_url.replace("{id}", str(row.site_id)))
    elif sources:
        _sub(entry, "link", rel="alternate", href=sources[0])
        sources = sources[1:]
    for url in sources:
        _sub(entry, "link", rel="related", href=url)
    _sub(
        entry,
        "category",
        term=str(row.status),
        label=v.status_term(row.status).label,
        scheme=_id("status", authority),
    )
    _sub(entry, "summary", _summary(row, row.from_status), type="text")
