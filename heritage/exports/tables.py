"""The public tables that every export writes: one row per site, one row per event.

Every format (GeoPackage, CSV, GeoParquet, KML) starts from these two tables, so that they
carry the same columns and the same generalised locations. Geometry always comes from
:func:`heritage.privacy.public_geometry`: a sensitive site's exact position never reaches a
writer, and neither do its ``location.source`` and ``location.note`` (a map link or a note
can spell out the coordinates).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import geopandas as gpd
import pandas as pd
import shapely

from heritage import dates
from heritage.catalogue import CRS, Catalogue
from heritage.places import COLUMNS as PLACE_COLUMNS
from heritage.privacy import public_geometry
from heritage.records import SiteRecord

#: Columns of the sites table before the per-language name columns are inserted.
SITE_COLUMNS: tuple[str, ...] = (
    "site_id",
    "name",
    "alt_names",
    "kind",
    "region",
    # The gazetteer's units (heritage.places), for grouping: ids and neutral labels.
    "place",
    "place_name",
    "country",
    "region_unit",
    "district",
    "district_id",
    "built",
    "status",
    "last_observed",
    "event_count",
    "source_count",
    "precision",
    "generalised",
    "geometry_type",
    "location_source",
    "location_note",
    "withdrawn",
    "withdrawn_date",
    "withdrawn_date_text",
    "withdrawn_reason",
    "notes",
    "source_urls",
)
EVENT_COLUMNS: tuple[str, ...] = (
    "site_id",
    "seq",
    "date",
    "earliest",
    "latest",
    "effective",
    "approximate",
    "type",
    "status",
    "summary",
    "reported_by",
    "reporter_type",
    "confidence",
    "note",
    "source_count",
    "source_urls",
    "archived_urls",
)
#: Languages whose ``name_<lang>`` column every export has, used or not, so that the columns
#: never depend on the data (the catalogue's region: Armenian, Azerbaijani, Russian). A
#: catalogue that names sites in another language gets one more column per language.
NAME_LANGUAGES: tuple[str, ...] = ("hy", "az", "ru")
#: Date columns: ``datetime64[s]`` (NaT when missing) in the tables; each writer decides how
#: to store them (a real date type wherever the format has one).
DATE_COLUMNS: frozenset[str] = frozenset(
    {"last_observed", "withdrawn_date", "earliest", "latest", "effective"}
)
#: Separator of several URLs in one cell (URLs never contain spaces: validate checks it).
URL_SEPARATOR = " "


@dataclass(frozen=True)
class PublicTables:
    """The two public tables of a catalogue.

    Attributes
    ----------
    sites
        GeoDataFrame (EPSG:4326), one row per site sorted by id, with the public geometry
        (a sensitive site's grid cell, other sites as drawn), ``name`` (English) and one
        ``name_<lang>`` column per language of :data:`NAME_LANGUAGES` and any other language
        the catalogue uses, and the columns of :data:`SITE_COLUMNS`. Dates are
        ``datetime64[s]`` (NaT when missing).
    events
        DataFrame, one row per event sorted by site id and list order, with the columns of
        :data:`EVENT_COLUMNS`.
    points
        One point per site, in the order of ``sites`` (None for a site without coordinates):
        the point itself, a point inside a polygon, or a sensitive site's cell centre. Layers
        that need one geometry type per table (GeoPackage ``sites``, KML, GeoParquet) use it.
    """

    sites: gpd.GeoDataFrame
    events: pd.DataFrame
    points: tuple[shapely.Point | None, ...]


def _languages(records: list[SiteRecord]) -> list[str]:
    found: set[str] = set()
    for record in records:
        found.update(k for k in record.names if k != "en")
    return [*NAME_LANGUAGES, *sorted(found - set(NAME_LANGUAGES))]


def _days(values: Any) -> pd.Series:
    """Return dates (``datetime.date``, Timestamps, None) as a ``datetime64[s]`` column."""
    return pd.Series(pd.to_datetime(pd.Series(values, dtype=object)), dtype="datetime64[s]")


def _points(positions: list[tuple[float, float] | None]) -> tuple[shapely.Point | None, ...]:
    # One vectorised call instead of one Point() per site.
    located = [i for i, p in enumerate(positions) if p is not None]
    out: list[shapely.Point | None] = [None] * len(positions)
    if located:
        made = shapely.points([positions[i] for i in located])
        for i, point in zip(located, made, strict=True):
            out[i] = point
    return tuple(out)


def public_tables(catalogue: Catalogue) -> PublicTables:
    """Build the public sites and events tables of a catalogue.

    Parameters
    ----------
    catalogue
        A loaded catalogue (:func:`heritage.load`).

    Returns
    -------
    PublicTables
        Sites with public geometry and events, both in a stable order.
    """
    ids = sorted(catalogue.features)
    records = [catalogue.records[i] for i in ids]
    languages = _languages(records)
    base = catalogue.sites.reindex(ids)
    rows: dict[str, Any] = {c: [] for c in SITE_COLUMNS}
    names: dict[str, list[Any]] = {f"name_{lang}": [] for lang in languages}
    geometries: list[Any] = []
    positions: list[tuple[float, float] | None] = []
    for record in records:
        feature = record.feature
        rows["site_id"].append(record.id)
        for lang in languages:
            names[f"name_{lang}"].append(record.names.get(lang))
        rows["alt_names"].append("; ".join(record.alt_names) or None)
        # Of a sensitive site only what heritage.privacy publishes: no precision, source, note.
        rows["precision"].append(record.precision)
        rows["generalised"].append(record.sensitive)
        rows["location_source"].append(record.location_source)
        rows["location_note"].append(record.location_note)
        rows["withdrawn"].append(bool(record.withdrawn))
        rows["withdrawn_date"].append(dates.effective_date(record.withdrawn_date))
        rows["withdrawn_date_text"].append(record.withdrawn_date)
        rows["withdrawn_reason"].append(record.withdrawn_reason)
        rows["notes"].append(record.notes)
        rows["source_urls"].append(URL_SEPARATOR.join(record.urls) or None)
        geometry = public_geometry(feature)
        gtype = geometry.get("type") if geometry else None
        rows["geometry_type"].append(gtype if isinstance(gtype, str) else None)
        geometries.append(shapely.geometry.shape(geometry) if geometry else None)
        positions.append(record.point())
    # Columns the catalogue already computed are taken whole (no per-row pandas access);
    # missing text stays missing (NaN or None), which every writer treats as empty.
    taken = ("name", "kind", "region", *PLACE_COLUMNS, "built", "status")
    for column in (*taken, "event_count", "source_count"):
        rows[column] = base[column].to_numpy()
    rows["last_observed"] = base["last_observed"].astype("datetime64[s]").to_numpy()
    rows["withdrawn_date"] = _days(rows["withdrawn_date"]).to_numpy()
    data = {**rows, **names}
    ordered = ["site_id", "name", *names, *SITE_COLUMNS[2:]]
    frame = pd.DataFrame({c: data[c] for c in ordered})
    sites = gpd.GeoDataFrame(frame, geometry=geometries, crs=CRS)
    return PublicTables(sites, _events(catalogue), _points(positions))


def _events(catalogue: Catalogue) -> pd.DataFrame:
    events = catalogue.events.sort_values(["site_id", "seq"], kind="stable").reset_index(drop=True)
    notes: list[str | None] = []
    archived: list[str | None] = []
    latest: list[date | None] = []
    records = catalogue.records
    for fid, seq in zip(events["site_id"], events["seq"], strict=True):
        event = records[fid].events[seq]
        notes.append(event.note)
        archived.append(URL_SEPARATOR.join(event.archived_urls) or None)
        latest.append(event.latest)
    out = pd.DataFrame({c: events[c] for c in EVENT_COLUMNS[:3]})
    out["earliest"] = events["earliest"].astype("datetime64[s]")
    out["latest"] = _days(latest)
    out["effective"] = events["effective"].astype("datetime64[s]")
    for column in EVENT_COLUMNS[6:13]:
        out[column] = events[column]
    out["note"] = notes
    out["source_count"] = events["source_count"].astype("int64")
    out["source_urls"] = [URL_SEPARATOR.join(u) or None for u in events["source_urls"]]
    out["archived_urls"] = archived
    out["seq"] = out["seq"].astype("int64")
    return out[list(EVENT_COLUMNS)]


def iso_day(value: Any) -> str | None:
    """Return a datetime-like value as ``YYYY-MM-DD``, or None for missing values."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, date):
        return value.isoformat()[:10]
    return str(pd.Timestamp(value).date())
