"""Load a catalogue into pandas: the analyst's entry point (:func:`heritage.load`).

A :class:`Catalogue` holds ``sites`` (a GeoDataFrame, one row per site, EPSG:4326, indexed
by site id) and ``events`` (a long DataFrame, one row per history event), built from the typed
records of :mod:`heritage.records` (the one walk of the parsed JSON) with column lists rather
than per-row DataFrame work, so that 100,000 sites load in seconds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import orjson
import pandas as pd
import pyarrow as pa
import shapely

from heritage import dates, history
from heritage._gc import paused_gc
from heritage.document import read_text
from heritage.errors import CatalogueParseError, InvalidCatalogueError
from heritage.places import COLUMNS as PLACE_COLUMNS
from heritage.places import Gazetteer
from heritage.places import load as load_gazetteer
from heritage.records import EventRecord, SiteRecord, cited_urls, site_records

CRS = "EPSG:4326"


@lru_cache(maxsize=65536)
def _bounds(text: str | None) -> tuple[np.datetime64, np.datetime64]:
    """Earliest and effective day of a date text as numpy days (NaT when undated/invalid)."""
    nat = np.datetime64("NaT", "D")
    if text is None:
        return nat, nat
    try:
        span = dates.parse(text)
    except (dates.DateFormatError, TypeError):
        return nat, nat
    first = np.datetime64(span.earliest, "D") if span.earliest else nat
    return first, np.datetime64(span.effective, "D")


@dataclass
class Catalogue:
    """A loaded catalogue.

    Attributes
    ----------
    sites
        GeoDataFrame indexed by ``site_id`` with columns ``name``, ``names`` (dict of
        language to name), ``alt_names``, ``kind``, ``region``, ``built``, ``status``
        (current), ``last_observed``, ``event_count``, ``claim_count``, ``undated_reports``
        (undated condition/restoration reports with a status, which never set the status),
        ``source_count``, ``precision``,
        ``sensitive``, ``withdrawn``, ``withdrawn_date``, the place columns ``place``
        (gazetteer id), ``place_name``, ``country``, ``region_unit`` (first-level unit),
        ``district`` (English names, the other administration's after a slash: "Khankendi /
        Stepanakert"; missing where unknown) and ``district_id``
        (see :mod:`heritage.places`), and ``geometry`` (EPSG:4326).
    events
        DataFrame with one row per event: ``site_id``, ``seq`` (position in the history),
        ``date`` (as written), ``earliest``, ``effective``, ``type``, ``status``,
        ``summary``, ``reported_by``, ``reporter_type``, ``confidence``, ``approximate``,
        ``source_count``, ``source_urls``.
    features
        The raw GeoJSON features by id, for renderers that need every field.
    records
        The same sites as typed records by id (:func:`heritage.records.site_records`): what
        readers use instead of walking ``features`` again.
    path
        Where it was loaded from, if from a file.
    """

    sites: gpd.GeoDataFrame
    events: pd.DataFrame
    features: dict[str, dict[str, Any]] = field(repr=False)
    path: str | None = None
    _ordered: pd.DataFrame | None = field(default=None, repr=False)
    _records: dict[str, SiteRecord] | None = field(default=None, repr=False)

    @property
    def records(self) -> dict[str, SiteRecord]:
        """The sites as typed records by id (:mod:`heritage.records`), walked once."""
        if self._records is None:
            self._records = {r.id: r for r in site_records(self.features.values())}
        return self._records

    @property
    def ordered_status_events(self) -> pd.DataFrame:
        """The status-setting events, sorted (see :func:`heritage.history.status_events`)."""
        if self._ordered is None:
            self._ordered = history.status_events(self.events)
        return self._ordered

    def status_at(self, when: date | str | pd.Timestamp) -> pd.Series:
        """Return each site's status as of a day.

        Parameters
        ----------
        when
            A ``datetime.date``, a ``pandas.Timestamp`` or text ``YYYY[-MM[-DD]]`` (text
            takes its latest day: ``"2021"`` means as of 2021-12-31).

        Returns
        -------
        pandas.Series
            Indexed by site id; ``unknown`` where nothing was observed by then.
        """
        return history.status_at(self.sites.index, self.ordered_status_events, when)

    def site(self, site_id: str) -> dict[str, Any]:
        """Return the raw GeoJSON feature of one site.

        Raises
        ------
        UnknownSiteError
            When no site has this id.
        """
        from heritage.site_lookup import find_site

        return find_site(self.features, site_id)

    def __len__(self) -> int:
        return len(self.sites)


def load(path: str | Path, *, check: bool = True) -> Catalogue:
    """Load a catalogue file into a :class:`Catalogue`.

    Parameters
    ----------
    path
        The GeoJSON catalogue (for example ``data/sites.geojson``).
    check
        Validate first and refuse a catalogue with errors (default). Pass ``False`` to skip
        validation for a file known to be valid; the catalogue's shape (types, members,
        geometry, lengths) is still checked, by a compiled validator, so that a misshapen
        file is refused with a message rather than failing somewhere inside.

    Returns
    -------
    Catalogue
        Sites and events as (Geo)DataFrames.

    Raises
    ------
    heritage.errors.CatalogueNotFoundError, heritage.errors.CatalogueReadError
        When the file is missing or unreadable.
    heritage.errors.CatalogueParseError
        When it is not JSON.
    heritage.errors.InvalidCatalogueError
        When ``check`` is true and validation finds errors, or the file breaks the JSON
        Schema (the issues are on the exception).
    """
    text = read_text(path)
    # One pause of the collector for the whole load: each re-enabling made it walk every
    # object parsed so far (0.7 s per pause at 100,000 sites).
    with paused_gc():
        data = _checked_data(text, path) if check else _shaped_data(text, path)
        return from_data(data, str(path))


def _checked_data(text: str, path: str | Path) -> Any:
    """Parse and validate the text; the data validated is the data loaded."""
    from heritage.validate import ensure_valid, validate_for_use

    result, data = validate_for_use(text, str(path))
    ensure_valid(result, path)
    return data


def _shaped_data(text: str, path: str | Path) -> Any:
    """Parse the text without validating; refuse a file without the catalogue's shape."""
    try:
        data = orjson.loads(text)
    except orjson.JSONDecodeError as exc:
        raise CatalogueParseError(f"{path}: not valid JSON: {exc}") from exc
    _refuse_misshapen(data, path)
    return data


def _refuse_misshapen(data: Any, path: str | Path) -> None:
    """Refuse a file without the catalogue's shape, even when validation is skipped.

    Every reader below assumes the schema's types, members and lengths; without this gate a
    wrong type deep in the file ended in a traceback. The compiled check costs well under a
    second at 100,000 sites (:func:`heritage.shape.first_shape_issue`).
    """
    from heritage.shape import first_shape_issue

    issue = first_shape_issue(data)
    if issue is not None:
        where = f" at {issue.pointer}" if issue.pointer else ""
        raise InvalidCatalogueError(
            f"{path}: not a catalogue the commands can read{where}: [{issue.code}] "
            f"{issue.message} (run 'heritage validate {path}' for every problem)",
            [issue],
        )


def from_data(
    data: dict[str, Any], path: str | None = None, gazetteer: Gazetteer | None = None
) -> Catalogue:
    """Build a :class:`Catalogue` from parsed GeoJSON (a FeatureCollection dict).

    Parameters
    ----------
    data
        A parsed, valid catalogue.
    path
        Where it came from, for messages (and to find its gazetteer, ``places.json``).
    gazetteer
        The units that ``place`` names (default: the one that goes with ``path``).

    Returns
    -------
    Catalogue
        Sites and events.
    """
    # The walk makes many small tuples; pausing the cyclic GC keeps it from rescanning the
    # whole parsed file while they are made (from_data is also called without load(): build).
    with paused_gc():
        return _from_records(list(site_records(data.get("features", []))), path, gazetteer)


def _from_records(
    records: list[SiteRecord], path: str | None, gazetteer: Gazetteer | None
) -> Catalogue:
    features = [r.feature for r in records]
    ids = [r.id for r in records]
    # Records are tuples: one zip(*) turns them into columns at C speed.
    fields = dict(zip(SiteRecord._fields, zip(*records, strict=True), strict=False))

    def members(name: str) -> list[Any]:
        return list(fields.get(name, ()))

    cols: dict[str, list[Any]] = {
        "name": [names.get("en") for names in members("names")],
        "names": members("names"),
        "alt_names": members("alt_names"),
        "kind": members("kind"),
        "region": members("region"),
        "built": members("built"),
        "event_count": [len(events) for events in members("events")],
        "claim_count": [r.claim_count for r in records],
        # Undated condition reports never set the status; counting them lets readers see them.
        "undated_reports": [r.undated_reports for r in records],
        "source_count": [len(cited_urls(r)) for r in records],
        "precision": members("precision"),
        "sensitive": members("sensitive"),
        "withdrawn": [w is not None for w in members("withdrawn")],
        "withdrawn_date": members("withdrawn_date"),
    }
    places = members("place")
    lons: list[float] = []
    lats: list[float] = []
    others: dict[int, Any] = {}
    nan = float("nan")
    for i, feature in enumerate(features):
        geometry = feature.get("geometry")
        if isinstance(geometry, dict) and geometry.get("type") == "Point":
            lons.append(geometry["coordinates"][0])
            lats.append(geometry["coordinates"][1])
        else:
            lons.append(nan)
            lats.append(nan)
            if isinstance(geometry, dict):
                others[i] = geometry
    geoms = shapely.points(np.asarray(lons, dtype=float), np.asarray(lats, dtype=float))
    geoms[np.isnan(np.asarray(lons, dtype=float))] = None
    for i, geometry in others.items():
        geoms[i] = shapely.geometry.shape(geometry)
    index = pd.Index(ids, name="site_id", dtype=object)

    events_df = _events_frame(records)
    bounds = [_bounds(d) for d in events_df["date"].tolist()]
    events_df.insert(3, "earliest", _days([b[0] for b in bounds]))
    events_df.insert(4, "effective", _days([b[1] for b in bounds]))

    units = gazetteer if gazetteer is not None else load_gazetteer(catalogue=path)
    placed = [units.columns(p) for p in places]
    for column in PLACE_COLUMNS:
        cols[column] = [row[column] for row in placed]
    cols = {c: _text(values) if c in _TEXT_COLUMNS else values for c, values in cols.items()}
    sites = gpd.GeoDataFrame(cols, index=index, geometry=geoms, crs=CRS)
    catalogue = Catalogue(sites, events_df, {f["id"]: f for f in features}, path)
    catalogue._records = {r.id: r for r in records}
    deciding = history.latest(index, catalogue.ordered_status_events)
    sites.insert(4, "status", deciding["status"].to_numpy())
    sites.insert(5, "last_observed", deciding["last_observed"].to_numpy())
    sites["withdrawn_date"] = sites["withdrawn_date"].astype(object)
    return catalogue


#: The events table's columns, from the members of heritage.records.EventRecord.
_EVENT_COLUMNS = (
    "seq",
    "date",
    "type",
    "status",
    "summary",
    "reported_by",
    "reporter_type",
    "confidence",
    "approximate",
)


#: Columns of text (or None) in the two tables, converted by :func:`_text`.
_TEXT_COLUMNS = frozenset(
    {"site_id", "date", "type", "status", "summary", "reported_by", "reporter_type"}
    | {"confidence", "name", "kind", "region", "built", "precision", *PLACE_COLUMNS}
)


def _text(values: list[Any]) -> Any:
    """Return a column of text (None where missing) as pandas' own text array.

    pandas infers a text column value by value: 0.1 s for each of the eight text columns of
    300,000 events. Arrow converts the same list in one call, and the array it gives is the
    one pandas would have made. A column that is not all text, or has no text at all, is
    returned as it is, for pandas to infer as it always has.
    """
    try:
        array = pa.array(values)
    except (pa.ArrowException, UnicodeError):
        return values
    return pd.array(array, dtype="str") if array.type == pa.string() else values


def _events_frame(records: list[SiteRecord]) -> pd.DataFrame:
    """Return the long events table: one row per event, in file order."""
    events = [e for r in records for e in r.events]
    # Records are tuples: one zip(*) turns the rows into columns at C speed.
    columns = dict(zip(EventRecord._fields, zip(*events, strict=True), strict=False))
    data: dict[str, Any] = {"site_id": _text([r.id for r in records for _ in r.events])}
    for name in _EVENT_COLUMNS:
        values = list(columns.get(name, ()))
        data[name] = _text(values) if name in _TEXT_COLUMNS else values
    urls = columns.get("urls", ())
    data["source_count"] = [len(u) for u in urls]
    data["source_urls"] = [list(u) for u in urls]
    return pd.DataFrame(data)


def _days(values: list[np.datetime64]) -> pd.Series:
    array = np.array(values, dtype="datetime64[D]").astype("datetime64[s]")
    return pd.Series(array, dtype="datetime64[s]")
