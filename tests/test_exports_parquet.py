"""GeoParquet exports: explicit column types, valid ``geo`` metadata, values read back.

The ``geo`` metadata is checked three ways: against a JSON Schema written here from the
GeoParquet 1.1.0 specification (the required members and their allowed values), by
geoparquet-validator (a PyPI package that runs the OGC abstract tests of the core
conformance class), and by geopandas reading the file.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import geopandas as gpd
import geoparquet_validator
import jsonschema
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import shapely
from sample_catalogue import CELL_LAT, CELL_LON, sample

from heritage.catalogue import from_data
from heritage.exports import export_all

CELL = shapely.box(46.8, 39.9, 46.9, 40.0)
GEOMETRY_TYPES = [
    f"{base}{suffix}"
    for base in (
        "Point",
        "LineString",
        "Polygon",
        "MultiPoint",
        "MultiLineString",
        "MultiPolygon",
        "GeometryCollection",
    )
    for suffix in ("", " Z")
]
#: The ``geo`` metadata of GeoParquet 1.1.0, from the specification's "File metadata" and
#: "Column metadata" tables.
GEO_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["version", "primary_column", "columns"],
    "properties": {
        "version": {"type": "string", "pattern": r"^1\.1\.0$"},
        "primary_column": {"type": "string", "minLength": 1},
        "columns": {
            "type": "object",
            "minProperties": 1,
            "additionalProperties": {
                "type": "object",
                "required": ["encoding", "geometry_types"],
                "properties": {
                    "encoding": {
                        "enum": [
                            "WKB",
                            "point",
                            "linestring",
                            "polygon",
                            "multipoint",
                            "multilinestring",
                            "multipolygon",
                        ]
                    },
                    "geometry_types": {
                        "type": "array",
                        "uniqueItems": True,
                        "items": {"enum": GEOMETRY_TYPES},
                    },
                    "crs": {"oneOf": [{"type": "object"}, {"type": "null"}]},
                    "edges": {"enum": ["planar", "spherical"]},
                    "orientation": {"enum": ["counterclockwise"]},
                    "bbox": {
                        "type": "array",
                        "items": {"type": "number"},
                        "oneOf": [{"minItems": 4, "maxItems": 4}, {"minItems": 6, "maxItems": 6}],
                    },
                    "epoch": {"type": "number"},
                    "covering": {"type": "object"},
                },
            },
        },
    },
}


def _catalogue(withdrawn: bool) -> dict[str, Any]:
    catalogue = sample()
    if not withdrawn:
        # No withdrawn site, no Armenian name, no notes, no alt names: every such column
        # is empty in every row and must keep its type all the same.
        features = [f for f in catalogue["features"] if f["id"] != "duplicate-church"]
        for feature in features:
            props = feature["properties"]
            props["name"] = {"en": props["name"]["en"]}
            for key in ("notes", "alt_names", "region", "sources"):
                props.pop(key, None)
            for event in props["history"]:
                event.pop("note", None)
                event.pop("confidence", None)
        catalogue["features"] = features
    return catalogue


@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory) -> dict[bool, Path]:
    out = {}
    for withdrawn in (True, False):
        folder = tmp_path_factory.mktemp(f"parquet-{withdrawn}")
        export_all(from_data(_catalogue(withdrawn)), folder)
        out[withdrawn] = folder
    return out


@pytest.mark.parametrize("name", ["sites.parquet", "events.parquet"])
def test_schemas_do_not_depend_on_the_data(folders: dict[bool, Path], name: str) -> None:
    with_values = pq.read_schema(folders[True] / name)
    without = pq.read_schema(folders[False] / name)
    assert with_values.remove_metadata().equals(without.remove_metadata(), check_metadata=True)
    assert [f.type for f in with_values] == [f.type for f in without]
    assert not [f.name for f in with_values if pa.types.is_null(f.type)]
    # The data really differs: otherwise the comparison above proves nothing.
    assert pq.read_table(folders[True] / name) != pq.read_table(folders[False] / name)
    sites = pq.read_table(folders[False] / "sites.parquet")
    assert sites.column("withdrawn_date").null_count == sites.num_rows
    assert sites.column("name_hy").null_count == sites.num_rows
    geo = [json.loads(s.metadata[b"geo"]) for s in (with_values, without)]
    for key in ("version", "primary_column"):
        assert geo[0][key] == geo[1][key]
    for column in geo[0]["columns"]:
        for key in ("encoding", "geometry_types", "crs"):
            assert geo[0]["columns"][column][key] == geo[1]["columns"][column][key]


def test_column_types(folders: dict[bool, Path]) -> None:
    sites = pq.read_schema(folders[False] / "sites.parquet")
    types = {f.name: f.type for f in sites}
    assert types["withdrawn_date"] == pa.date32()  # no site is withdrawn here
    assert types["last_observed"] == pa.date32()
    for column in ("name_hy", "name_az", "name_ru", "notes", "alt_names", "withdrawn_reason"):
        assert types[column] == pa.string(), column
    assert types["generalised"] == pa.bool_() and types["withdrawn"] == pa.bool_()
    assert types["event_count"] == pa.int64()
    assert types["geometry"] == pa.binary() and types["area"] == pa.binary()
    events = {f.name: f.type for f in pq.read_schema(folders[False] / "events.parquet")}
    for column in ("earliest", "latest", "effective"):
        assert events[column] == pa.date32()
    assert events["note"] == pa.string() and events["confidence"] == pa.string()
    withdrawn = pq.read_table(folders[True] / "sites.parquet").to_pylist()
    row = next(r for r in withdrawn if r["site_id"] == "duplicate-church")
    assert row["withdrawn_date"].isoformat() == "2024-01-01"
    assert row["withdrawn_date_text"] == "2024-01-01"


@pytest.mark.parametrize("withdrawn", [True, False])
@pytest.mark.parametrize("name", ["sites.parquet", "events.parquet"])
def test_geo_metadata_is_valid(folders: dict[bool, Path], withdrawn: bool, name: str) -> None:
    path = folders[withdrawn] / name
    geo = json.loads(pq.read_schema(path).metadata[b"geo"])
    jsonschema.validate(geo, GEO_SCHEMA)
    assert geo["primary_column"] == "geometry"
    assert geo["columns"]["geometry"]["geometry_types"] == ["Point"]
    assert geo["columns"]["geometry"]["crs"]["id"] == {"authority": "OGC", "code": "CRS84"}
    report = geoparquet_validator.check(str(path))
    failed = geoparquet_validator.failed(report, "core")
    assert failed == [], [o for o in report["outcomes"] if o["id"] in failed]
    passed = [o["id"] for o in report["outcomes"] if o["status"] == "pass"]
    assert "/conf/core/geo-metadata" in passed


def test_values_read_back(folders: dict[bool, Path]) -> None:
    table = pq.read_table(folders[True] / "sites.parquet")
    rows = {r["site_id"]: r for r in table.to_pylist()}
    assert len(rows) == 5
    secret = rows["secret-khachkar"]
    assert shapely.from_wkb(secret["geometry"]).equals(shapely.Point(CELL_LON, CELL_LAT))
    assert shapely.from_wkb(secret["area"]).normalize().equals_exact(CELL.normalize(), 1e-9)
    assert secret["generalised"] is True
    assert shapely.from_wkb(rows["hostile-church"]["geometry"]).equals(
        shapely.Point(46.7512, 39.8123)
    )
    assert rows["hostile-church"]["area"] is None
    assert rows["lost-chapel"]["geometry"] is None and rows["lost-chapel"]["area"] is None
    assert rows["hostile-church"]["last_observed"].isoformat() == "2020-11-30"
    events = pq.read_table(folders[True] / "events.parquet").to_pylist()
    assert len(events) == 4
    secret_event = next(r for r in events if r["site_id"] == "secret-khachkar")
    assert shapely.from_wkb(secret_event["geometry"]).equals(shapely.Point(CELL_LON, CELL_LAT))
    assert secret_event["effective"].isoformat() == "2019-12-31"
    assert secret_event["earliest"].isoformat() == "2019-01-01"


def test_geopandas_reads_both_geometry_columns(folders: dict[bool, Path]) -> None:
    sites = gpd.read_parquet(folders[True] / "sites.parquet").set_index("site_id")
    assert sites.geometry.name == "geometry"
    assert sites.crs is not None and sites.crs.equals("OGC:CRS84")
    assert isinstance(sites["area"], gpd.GeoSeries)
    fortress = sites.loc["walled-fortress"]
    assert fortress["area"].equals(shapely.box(46.0, 39.0, 46.2, 39.2))
    assert fortress["area"].contains(fortress["geometry"])


@pytest.mark.parametrize("keep", [[], ["lost-chapel"]])
def test_catalogue_without_located_sites(tmp_path: Path, keep: list[str]) -> None:
    # No site at all, or only a site without coordinates: same layers, same types.
    catalogue = sample()
    catalogue["features"] = [f for f in catalogue["features"] if f["id"] in keep]
    export_all(from_data(catalogue), tmp_path)
    full = tmp_path / "full"
    full.mkdir()
    export_all(from_data(sample()), full)
    for name in ("sites.parquet", "events.parquet"):
        schema = pq.read_schema(tmp_path / name)
        assert schema.remove_metadata().equals(pq.read_schema(full / name).remove_metadata())
        geo = json.loads(schema.metadata[b"geo"])
        jsonschema.validate(geo, GEO_SCHEMA)
        assert "bbox" not in geo["columns"]["geometry"]  # no geometry, no bounding box
        report = geoparquet_validator.check(str(tmp_path / name))
        assert geoparquet_validator.failed(report, "core") == []
    assert pq.read_table(tmp_path / "sites.parquet").num_rows == len(keep)
