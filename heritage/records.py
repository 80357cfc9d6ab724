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
from functools import lru_cache
from typing import Any, NamedTuple, TypedDict

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


# The records are NamedTuples, not dataclasses: a frozen dataclass of 20 members made loading
# 10,000 sites 3.6 times slower (benchmarks/bench_records.py, docs/benchmarks.md).
class SourceRecord(NamedTuple):
    """A source as typed values (None where absent or not text)."""

    url: str | None
    title: str | None
    publisher: str | None
    published: str | None
    accessed: str | None
    archived: str | None
    via: str | None


class EventRecord(NamedTuple):
    """One history event as typed values.

    ``seq`` is its position in the raw ``history`` list (an entry that is not an object
    becomes an empty event, so positions never shift). ``type`` is the default type when
    absent. ``urls`` holds the text URLs of its sources, in order; ``raw_sources`` the
    source objects as written, which :attr:`sources` types when a renderer asks (most
    readers need only the URLs, and typing every source up front doubled the walk's time).
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
    raw_sources: tuple[dict[str, Any], ...]
    urls: tuple[str, ...]

    @property
    def sources(self) -> tuple[SourceRecord, ...]:
        """Its sources as typed records, in order."""
        return _typed_sources(self.raw_sources)

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
        return [a for s in self.raw_sources if isinstance(a := s.get("archived"), str)]


class SiteRecord(NamedTuple):
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
    raw_sources, urls
        The site's own source objects as written (typed by :attr:`sources`), and their text
        URLs in order.
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
    raw_sources: tuple[dict[str, Any], ...]
    urls: tuple[str, ...]
    events: tuple[EventRecord, ...]

    @property
    def sources(self) -> tuple[SourceRecord, ...]:
        """Its own sources as typed records, in order."""
        return _typed_sources(self.raw_sources)

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


@lru_cache(maxsize=65536)
def _span(text: str | None) -> tuple[dt.date | None, dt.date | None, dt.date | None]:
    if text is None:
        return None, None, None
    try:
        span = dates.parse(text)
    except (dates.DateFormatError, TypeError):
        return None, None, None
    return span.earliest, span.latest, span.effective


_EMPTY: dict[str, Any] = {}


def _sources(value: Any) -> tuple[tuple[dict[str, Any], ...], tuple[str, ...]]:
    if not isinstance(value, list):
        return (), ()
    objects = tuple([x for x in value if isinstance(x, dict)])
    return objects, tuple([u for x in objects if isinstance(u := x.get("url"), str)])


def _typed_sources(objects: tuple[dict[str, Any], ...]) -> tuple[SourceRecord, ...]:
    return tuple(
        SourceRecord(
            _text(x.get("url")),
            _text(x.get("title")),
            _text(x.get("publisher")),
            _text(x.get("published")),
            _text(x.get("accessed")),
            _text(x.get("archived")),
            _text(x.get("via")),
        )
        for x in objects
    )


def _event(seq: int, raw: Any) -> EventRecord:
    event = raw if isinstance(raw, dict) else {}
    get = event.get
    sources, urls = _sources(get("sources"))
    # One comprehension instead of eight calls of _text: the walk's inner loop.
    date, kind, status, summary, reported_by, reporter_type, confidence, note = [
        x if isinstance(x, str) else None
        for x in (
            get("date"),
            get("type", DEFAULT_EVENT_TYPE),
            get("status"),
            get("summary"),
            get("reported_by"),
            get("reporter_type"),
            get("confidence"),
            get("note"),
        )
    ]
    return EventRecord(
        seq,
        date,
        get("approximate") is True,
        kind,
        status,
        summary,
        reported_by,
        reporter_type,
        confidence,
        note,
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
    raw = feature if isinstance(feature, dict) else {}
    props = raw.get("properties")
    get = props.get if isinstance(props, dict) else _EMPTY.get
    names = get("name")
    names = (
        {k: x for k, x in names.items() if isinstance(x, str)} if isinstance(names, dict) else {}
    )
    alt_names = get("alt_names")
    raw_location = get("location")
    sensitive = privacy.sensitive_location(raw_location)
    # Of a sensitive site, only what heritage.privacy publishes (no precision, source, note).
    location = privacy.public_location(raw_location) if sensitive else raw_location
    if not isinstance(location, dict):
        location = {}
    withdrawn = get("withdrawn")
    withdrawn = withdrawn if isinstance(withdrawn, dict) else None
    refs = get("refs")
    history = get("history")
    sources, urls = _sources(get("sources"))
    site_id, kind, region, place, built, built_source, notes, precision, where, note = [
        x if isinstance(x, str) else None
        for x in (
            raw.get("id"),
            get("kind"),
            get("region"),
            get("place"),
            get("built"),
            get("built_source"),
            get("notes"),
            location.get("precision"),
            location.get("source"),
            location.get("note"),
        )
    ]
    # Positional, in the order of SiteRecord's members: keywords cost a third of the walk.
    return SiteRecord(
        site_id or "",
        raw,
        names,
        [a for a in alt_names if isinstance(a, str)] if isinstance(alt_names, list) else [],
        kind,
        region,
        place,
        built,
        built_source,
        refs if isinstance(refs, dict) else {},
        notes,
        location,  # type: ignore[arg-type]
        sensitive,
        precision,
        where,
        note,
        withdrawn,  # type: ignore[arg-type]
        _text(withdrawn.get("date")) if withdrawn is not None else None,
        _text(withdrawn.get("reason")) if withdrawn is not None else None,
        sources,
        urls,
        tuple([_event(j, e) for j, e in enumerate(history)]) if isinstance(history, list) else (),
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
    return _collect(
        record.urls,
        record.built_source,
        record.location_source,
        [e.urls for e in record.events],
    )


def feature_urls(feature: Any) -> list[str]:
    """Return :func:`cited_urls` of a raw feature without building its whole record.

    ``heritage diff`` asks this of every site of two files; reading only the members that
    hold URLs, through the walker's own helpers, keeps that three times faster than
    :func:`site_record` (``site_sources (all)`` in docs/benchmarks.md).
    """
    raw = feature if isinstance(feature, dict) else {}
    props = raw.get("properties")
    get = props.get if isinstance(props, dict) else _EMPTY.get
    location = privacy.public_location(get("location"))
    where = location.get("source") if isinstance(location, dict) else None
    history = get("history")
    return _collect(
        _sources(get("sources"))[1],
        _text(get("built_source")),
        _text(where),
        [_sources(e.get("sources"))[1] for e in history if isinstance(e, dict)]
        if isinstance(history, list)
        else [],
    )


def _collect(
    own: Iterable[str],
    built_source: str | None,
    location_source: str | None,
    events: Iterable[Iterable[str]],
) -> list[str]:
    found = dict.fromkeys(own)
    for extra in (built_source, location_source):
        if extra is not None:
            found[extra] = None
    for urls in events:
        found.update(dict.fromkeys(urls))
    return list(found)
