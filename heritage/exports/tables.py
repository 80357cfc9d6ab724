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

from heritage.catalogue import CRS, Catalogue
from heritage.privacy import (
    generalise_point,
    is_sensitive,
    public_geometry,
    public_location,
    representative_point,
)

#: Columns of the sites table before the per-language name columns are inserted.
SITE_COLUMNS: tuple[str, ...] = (
    "site_id",
    "name",
    "alt_names",
    "kind",
    "region",
    "built",
    "status",
    "last_observed",
    "event_count",
    "source_count",
    "precision",
    "generalised",
    "location_source",
    "location_note",
    "withdrawn",
    "withdrawn_date",
    "withdrawn_reason",
    "notes",
    "source_urls",
)
EVENT_COLUMNS: tuple[str, ...] = (
    "site_id",
    "seq",
    "date",
    "earliest",
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
#: Date columns: datetime64 in the tables, each writer decides how to store them.
DATE_COLUMNS: frozenset[str] = frozenset({"last_observed", "earliest", "effective"})
#: Separator of several URLs in one cell (URLs never contain spaces: validate checks it).
URL_SEPARATOR = " "


@dataclass(frozen=True)
class PublicTables:
    """The two public tables of a catalogue.

    Attributes
    ----------
    sites
        GeoDataFrame (EPSG:4326), one row per site sorted by id, with the public geometry,
        ``name`` (English) and one ``name_<lang>`` column per other language, ``generalised``
        (True for sensitive sites) and the columns of :data:`SITE_COLUMNS`.
    events
        DataFrame, one row per event sorted by site id and list order, with the columns of
        :data:`EVENT_COLUMNS`.
    """

    sites: gpd.GeoDataFrame
    events: pd.DataFrame


def _urls(sources: Any, key: str = "url") -> list[str]:
    if not isinstance(sources, list):
        return []
    return [s[key] for s in sources if isinstance(s, dict) and isinstance(s.get(key), str)]


def _member(props: dict[str, Any], key: str) -> dict[str, Any]:
    value = props.get(key)
    return value if isinstance(value, dict) else {}


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _languages(features: list[dict[str, Any]]) -> list[str]:
    found: set[str] = set()
    for feature in features:
        names = (feature.get("properties") or {}).get("name") or {}
        found.update(k for k in names if k != "en")
    return sorted(found)


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
    features = [catalogue.features[i] for i in ids]
    languages = _languages(features)
    base = catalogue.sites.reindex(ids)
    rows: dict[str, list[Any]] = {c: [] for c in SITE_COLUMNS}
    names: dict[str, list[Any]] = {f"name_{lang}": [] for lang in languages}
    geometries: list[Any] = []
    for fid, feature in zip(ids, features, strict=True):
        props = feature.get("properties") or {}
        sensitive = is_sensitive(feature)
        # Of a sensitive site only what heritage.privacy publishes: no precision, source, note.
        loc = _member({"location": public_location(props.get("location"))}, "location")
        withdrawn = _member(props, "withdrawn")
        rows["site_id"].append(fid)
        for lang in languages:
            names[f"name_{lang}"].append(_text((props.get("name") or {}).get(lang)))
        rows["alt_names"].append("; ".join(props.get("alt_names") or []) or None)
        rows["precision"].append(_text(loc.get("precision")))
        rows["generalised"].append(sensitive)
        rows["location_source"].append(_text(loc.get("source")))
        rows["location_note"].append(_text(loc.get("note")))
        rows["withdrawn"].append(bool(withdrawn))
        rows["withdrawn_date"].append(_text(withdrawn.get("date")))
        rows["withdrawn_reason"].append(_text(withdrawn.get("reason")))
        rows["notes"].append(_text(props.get("notes")))
        rows["source_urls"].append(URL_SEPARATOR.join(_urls(props.get("sources"))) or None)
        geometry = public_geometry(feature)
        geometries.append(shapely.geometry.shape(geometry) if geometry else None)
    # Columns the catalogue already computed are taken whole (no per-row pandas access).
    for column in ("name", "kind", "region", "built", "status", "last_observed"):
        rows[column] = base[column].tolist()
    for column in ("event_count", "source_count"):
        rows[column] = [int(x) for x in base[column].tolist()]
    data = {**rows}
    ordered = ["site_id", "name", *names, *SITE_COLUMNS[2:]]
    data.update(names)
    frame = pd.DataFrame({c: data[c] for c in ordered})
    frame["last_observed"] = pd.to_datetime(frame["last_observed"]).astype("datetime64[s]")
    sites = gpd.GeoDataFrame(frame, geometry=geometries, crs=CRS)
    return PublicTables(sites, _events(catalogue))


def _events(catalogue: Catalogue) -> pd.DataFrame:
    events = catalogue.events.sort_values(["site_id", "seq"], kind="stable").reset_index(drop=True)
    notes: list[str | None] = []
    archived: list[str | None] = []
    for fid, seq in zip(events["site_id"], events["seq"], strict=True):
        event = catalogue.features[fid]["properties"]["history"][seq]
        notes.append(_text(event.get("note")))
        archived.append(URL_SEPARATOR.join(_urls(event.get("sources"), "archived")) or None)
    out = pd.DataFrame(
        {
            **{c: events[c] for c in EVENT_COLUMNS[:12]},
            "note": notes,
            "source_count": events["source_count"],
            "source_urls": [URL_SEPARATOR.join(u) or None for u in events["source_urls"]],
            "archived_urls": archived,
        }
    )
    out["seq"] = out["seq"].astype("int64")
    out["source_count"] = out["source_count"].astype("int64")
    return out


def csv_position(feature: dict[str, Any]) -> tuple[float, float] | None:
    """Return the (longitude, latitude) a flat table shows for a site, or None.

    Points keep their position, polygons give a point inside them (shapely's
    ``representative_point``), and a sensitive site gives the centre of its grid cell (the
    cell that :func:`heritage.privacy.public_geometry` draws).
    """
    geometry = feature.get("geometry")
    if not isinstance(geometry, dict):
        return None
    if is_sensitive(feature):
        point = representative_point(geometry)
        return generalise_point(*point) if point else None
    if geometry.get("type") == "Point":
        lon, lat = geometry["coordinates"][:2]
        return float(lon), float(lat)
    shape = shapely.geometry.shape(geometry).representative_point()
    return float(shape.x), float(shape.y)


def iso_day(value: Any) -> str | None:
    """Return a datetime-like value as ``YYYY-MM-DD``, or None for missing values."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, date):
        return value.isoformat()[:10]
    return str(pd.Timestamp(value).date())
