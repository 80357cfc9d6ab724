"""The one walker from raw catalogue features to typed records.

The catalogue's JSON reaches many readers: the pandas tables (:mod:`heritage.catalogue`), the
exports, the website, the source lists. Each used to walk the raw dictionaries itself and
re-check every value's type. Here the walk happens once: :func:`site_records` turns features,
validated or not, into :class:`SiteRecord` values whose members have the types their
annotations say. A value of the wrong type becomes ``None`` (or an empty list or dict),
never an exception, so that ``heritage diff`` and ``--no-check`` readers can use it too.

The ``TypedDict`` classes describe the JSON members of a valid catalogue (the JSON Schema of
:mod:`heritage.schema`, in the key orders of :mod:`heritage.vocabulary`); the records are
what readers use. Of a sensitive site a record holds only what :mod:`heritage.privacy`
publishes of its ``location`` (its exact geometry stays on the raw feature, for
:func:`heritage.privacy.public_geometry`).

Pure Python on purpose: no pandas, so that light commands may use it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, TypedDict

from heritage import dates, privacy
from heritage.vocabulary import DEFAULT_EVENT_TYPE, STATUS_SETTING_TYPES


class Source(TypedDict, total=False):
    """A cited source (``sources[]`` of a site or an event)."""

    url: str
    title: str
    publisher: str
    published: str
    accessed: str
    archived: str
    via: str


class Location(TypedDict, total=False):
    """A site's ``location``: how exact its geometry is, and whether it is sensitive."""

    precision: str
    source: str
    via: str
    note: str
    sensitive: bool


class Withdrawn(TypedDict, total=False):
    """A withdrawn site's ``withdrawn`` member."""

    date: str
    reason: str


class Event(TypedDict, total=False):
    """One dated report of a site's ``history``."""

    date: str | None
    approximate: bool
    type: str
    status: str
    summary: str
    reported_by: str
    reporter_type: str
    confidence: str
    note: str
    sources: list[Source]


class Properties(TypedDict, total=False):
    """A site's ``properties``."""

    name: dict[str, str]
    alt_names: list[str]
    kind: str
    built: str
    built_source: str
    region: str
    place: str
    location: Location
    refs: dict[str, Any]
    notes: str
    sources: list[Source]
    withdrawn: Withdrawn
    history: list[Event]


class Feature(TypedDict, total=False):
    """A GeoJSON Feature of the catalogue."""

    type: str
    id: str
    geometry: dict[str, Any] | None
    properties: Properties


@dataclass(frozen=True, slots=True)
class SourceRecord:
    """A source as typed values (None where absent or not text)."""

    url: str | None
    title: str | None
    publisher: str | None
    published: str | None
    accessed: str | None
    archived: str | None
    via: str | None


@dataclass(frozen=True, slots=True)
class EventRecord:
    """One history event as typed values.

    ``seq`` is its position in the raw ``history`` list (an entry that is not an object
    becomes an empty event, so positions never shift). ``type`` is the default type when
    absent. ``urls`` holds the text URLs of its sources, in order.
    """

    seq: int
    date: str | None
    approximate: bool
    type: str | None
    status: str | None
    summary: str | None
    reported_by: str | None
    reporter_type: str | None
    confidence: str | None
    note: str | None
    sources: tuple[SourceRecord, ...]
    urls: tuple[str, ...]

    @property
    def earliest(self) -> dt.date | None:
        """First day the date allows (None when undated, open-ended or invalid)."""
        return _span(self.date)[0]

    @property
    def latest(self) -> dt.date | None:
        """Last day the date allows (None when undated, open-ended or invalid)."""
        return _span(self.date)[1]

    @property
    def effective(self) -> dt.date | None:
        """The day the event counts from (:func:`heritage.dates.effective_date`)."""
        return _span(self.date)[2]

    @property
    def archived_urls(self) -> list[str]:
        """The text ``archived`` URLs of its sources, in order."""
        return [s.archived for s in self.sources if s.archived is not None]


@dataclass(frozen=True, slots=True)
class SiteRecord:
    """One site as typed values.

    Attributes
    ----------
    id
        The site id ("" when the feature has none).
    feature
        The raw feature, for writers that need its geometry (always through
        :mod:`heritage.privacy`).
    names
        Name by language code (text values only).
    refs
        Identifiers in other databases (``wikidata``...), values as written.
    location
        What may be published of ``location`` (:func:`heritage.privacy.public_location`);
        ``precision``, ``location_source`` and ``location_note`` are its text members.
    withdrawn
        The ``withdrawn`` object, or None when the site is not withdrawn.
    sources, urls
        The site's own sources, and their text URLs in order.
    events
        Its history, in list order.
    """

    id: str
    feature: dict[str, Any]
    names: dict[str, str]
    alt_names: list[str]
    kind: str | None
    region: str | None
    place: str | None
    built: str | None
    built_source: str | None
    refs: dict[str, Any]
    notes: str | None
    location: Location
    sensitive: bool
    precision: str | None
    location_source: str | None
    location_note: str | None
    withdrawn: Withdrawn | None
    withdrawn_date: str | None
    withdrawn_reason: str | None
    sources: tuple[SourceRecord, ...]
    urls: tuple[str, ...]
    events: tuple[EventRecord, ...]

    @property
    def name(self) -> str | None:
        """The English name."""
        return self.names.get("en")

    def point(self) -> tuple[float, float] | None:
        """Return the one point that may be published (:func:`heritage.privacy.public_point`)."""
        return privacy.public_point(self.feature)

    @property
    def claim_count(self) -> int:
        """How many events are claims."""
        return sum(1 for e in self.events if e.type == "claim")

    @property
    def undated_reports(self) -> int:
        """Undated condition or restoration reports with a status (they never set it)."""
        return sum(
            1 for e in self.events if e.date is None and e.type in STATUS_SETTING_TYPES and e.status
        )


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


@lru_cache(maxsize=65536)
def _span(text: str | None) -> tuple[dt.date | None, dt.date | None, dt.date | None]:
    if text is None:
        return None, None, None
    try:
        span = dates.parse(text)
    except (dates.DateFormatError, TypeError):
        return None, None, None
    return span.earliest, span.latest, span.effective


def _sources(value: Any) -> tuple[tuple[SourceRecord, ...], tuple[str, ...]]:
    records: list[SourceRecord] = []
    urls: list[str] = []
    for source in _list(value):
        if not isinstance(source, dict):
            continue
        get = source.get
        url = _text(get("url"))
        if url is not None:
            urls.append(url)
        records.append(
            SourceRecord(
                url,
                _text(get("title")),
                _text(get("publisher")),
                _text(get("published")),
                _text(get("accessed")),
                _text(get("archived")),
                _text(get("via")),
            )
        )
    return tuple(records), tuple(urls)


def _event(seq: int, raw: Any) -> EventRecord:
    event = _dict(raw)
    get = event.get
    sources, urls = _sources(get("sources"))
    return EventRecord(
        seq,
        _text(get("date")),
        get("approximate") is True,
        _text(get("type", DEFAULT_EVENT_TYPE)),
        _text(get("status")),
        _text(get("summary")),
        _text(get("reported_by")),
        _text(get("reporter_type")),
        _text(get("confidence")),
        _text(get("note")),
        sources,
        urls,
    )


def site_record(feature: Any) -> SiteRecord:
    """Return the typed record of one raw feature (any JSON value).

    Parameters
    ----------
    feature
        A GeoJSON feature, validated or not.

    Returns
    -------
    SiteRecord
        Its values; what is missing or has the wrong type is None or empty.
    """
    raw = _dict(feature)
    props = _dict(raw.get("properties"))
    get = props.get
    names = {k: x for k, x in _dict(get("name")).items() if isinstance(x, str)}
    raw_location = get("location")
    sensitive = privacy.sensitive_location(raw_location)
    # Of a sensitive site, only what heritage.privacy publishes (no precision, source, note).
    location: Location = _dict(privacy.public_location(raw_location))  # type: ignore[assignment]
    withdrawn = get("withdrawn")
    withdrawn = withdrawn if isinstance(withdrawn, dict) else None
    sources, urls = _sources(get("sources"))
    return SiteRecord(
        id=_text(raw.get("id")) or "",
        feature=raw,
        names=names,
        alt_names=[a for a in _list(get("alt_names")) if isinstance(a, str)],
        kind=_text(get("kind")),
        region=_text(get("region")),
        place=_text(get("place")),
        built=_text(get("built")),
        built_source=_text(get("built_source")),
        refs=_dict(get("refs")),
        notes=_text(get("notes")),
        location=location,
        sensitive=sensitive,
        precision=_text(location.get("precision")),
        location_source=_text(location.get("source")),
        location_note=_text(location.get("note")),
        withdrawn=withdrawn,  # type: ignore[arg-type]
        withdrawn_date=_text(withdrawn.get("date")) if withdrawn is not None else None,
        withdrawn_reason=_text(withdrawn.get("reason")) if withdrawn is not None else None,
        sources=sources,
        urls=urls,
        events=tuple(_event(j, e) for j, e in enumerate(_list(get("history")))),
    )


def site_records(features: Iterable[Any]) -> Iterator[SiteRecord]:
    """Walk raw features into records, in file order.

    Parameters
    ----------
    features
        The ``features`` list of a parsed catalogue, validated or not.

    Yields
    ------
    SiteRecord
        One per feature that is an object with a text ``id`` (others have no site to be).
    """
    for feature in features:
        if isinstance(feature, dict) and isinstance(feature.get("id"), str):
            yield site_record(feature)


def cited_urls(record: SiteRecord) -> list[str]:
    """Return every URL a site cites, in order, without repeats: the one source collector.

    Its own sources, ``built_source``, the published ``location.source`` (a sensitive site's
    is not public) and its events' sources. Any text counts here; links are made only of
    the web URLs among them (:func:`heritage.sources.web_urls`).

    Parameters
    ----------
    record
        A site's record.

    Returns
    -------
    list of str
        The URLs as written.
    """
    found = dict.fromkeys(record.urls)
    for extra in (record.built_source, record.location_source):
        if extra is not None:
            found[extra] = None
    for event in record.events:
        found.update(dict.fromkeys(event.urls))
    return list(found)
