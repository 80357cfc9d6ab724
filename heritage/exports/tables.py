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
import numpy as np
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


def _plain_xy(coordinates: Any) -> bool:
    """Return True for ``[x, y]`` of two JSON numbers (what a Point of a valid file has)."""
    return (
        coordinates.__class__ is list
        and len(coordinates) == 2
        and coordinates[0].__class__ in (float, int)
        and coordinates[1].__class__ in (float, int)
    )


def _shapes(geometries: list[dict[str, Any] | None]) -> list[Any]:
    """Return shapely geometries of GeoJSON geometries (None stays None).

    The same shapes as ``shapely.geometry.shape`` of each, but the plain ``[x, y]`` points,
    nearly every site, are made by one vectorised call: ``shape()`` per site cost a second
    at 100,000 sites. Anything else (polygons, cells, odd points) still goes through
    ``shape()``.
    """
    out: list[Any] = [None] * len(geometries)
    at: list[int] = []
    xy: list[list[float]] = []
    for i, geometry in enumerate(geometries):
        if geometry is None:
            continue
        coordinates: Any = geometry.get("coordinates")
        if geometry.get("type") == "Point" and _plain_xy(coordinates):
            at.append(i)
            xy.append(coordinates)
        else:
            out[i] = shapely.geometry.shape(geometry)
    if at:
        for i, point in zip(at, shapely.points(np.array(xy, dtype=float)), strict=True):
            out[i] = point
    return out


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
    # Built column by column from the records (one comprehension per column): a loop that
    # appended to every column per site cost twice as much at 100,000 sites.
    rows: dict[str, Any] = {
        "site_id": [r.id for r in records],
        "alt_names": ["; ".join(r.alt_names) or None for r in records],
        # Of a sensitive site only what heritage.privacy publishes: no precision, source, note.
        "precision": [r.precision for r in records],
        "generalised": [r.sensitive for r in records],
        "location_source": [r.location_source for r in records],
        "location_note": [r.location_note for r in records],
        "withdrawn": [bool(r.withdrawn) for r in records],
        "withdrawn_date": _days(
            [dates.effective_date(r.withdrawn_date) for r in records]
        ).to_numpy(),
        "withdrawn_date_text": [r.withdrawn_date for r in records],
        "withdrawn_reason": [r.withdrawn_reason for r in records],
        "notes": [r.notes for r in records],
        "source_urls": [URL_SEPARATOR.join(r.urls) or None for r in records],
    }
    names = {f"name_{lang}": [r.names.get(lang) for r in records] for lang in languages}
    geometries = [public_geometry(r.feature) for r in records]
    rows["geometry_type"] = [
        t if geometry and isinstance(t := geometry.get("type"), str) else None
        for geometry in geometries
    ]
    # Columns the catalogue already computed are taken whole (no per-row pandas access);
    # missing text stays missing (NaN or None), which every writer treats as empty.
    taken = ("name", "kind", "region", *PLACE_COLUMNS, "built", "status")
    for column in (*taken, "event_count", "source_count"):
        values = base[column]
        # Arrow text stays Arrow: as numpy objects, pandas converted it back cell by cell.
        rows[column] = (
            values.array if isinstance(values.dtype, pd.StringDtype) else values.to_numpy()
        )
    rows["last_observed"] = base["last_observed"].astype("datetime64[s]").to_numpy()
    data = {**rows, **names}
    ordered = ["site_id", "name", *names, *SITE_COLUMNS[2:]]
    frame = pd.DataFrame({c: data[c] for c in ordered})
    shapes = _shapes([g if g else None for g in geometries])
    sites = gpd.GeoDataFrame(frame, geometry=shapes, crs=CRS)
    return PublicTables(sites, _events(catalogue), _points([r.point() for r in records]))


def _events(catalogue: Catalogue) -> pd.DataFrame:
    events = catalogue.events.sort_values(["site_id", "seq"], kind="stable").reset_index(drop=True)
    records = catalogue.records
    # The event records of the sorted rows, looked up once; their members are then read
    # column by column.
    chosen = [
        records[fid].events[seq]
        for fid, seq in zip(events["site_id"].tolist(), events["seq"].tolist(), strict=True)
    ]
    # One frame made from every column at once (assigning columns one by one cost more).
    columns: dict[str, Any] = {
        "site_id": events["site_id"],
        "seq": events["seq"].astype("int64"),
        "date": events["date"],
        "earliest": events["earliest"].astype("datetime64[s]"),
        "latest": _days([e.latest for e in chosen]),
        "effective": events["effective"].astype("datetime64[s]"),
        **{column: events[column] for column in EVENT_COLUMNS[6:13]},
        "note": [e.note for e in chosen],
        "source_count": events["source_count"].astype("int64"),
        "source_urls": [URL_SEPARATOR.join(u) or None for u in events["source_urls"]],
        "archived_urls": [URL_SEPARATOR.join(e.archived_urls) or None for e in chosen],
    }
    assert tuple(columns) == EVENT_COLUMNS
    return pd.DataFrame(columns)


def iso_day(value: Any) -> str | None:
    """Return a datetime-like value as ``YYYY-MM-DD``, or None for missing values."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, date):
        return value.isoformat()[:10]
    return str(pd.Timestamp(value).date())
