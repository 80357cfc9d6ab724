"""Exports read back by independent readers, with values checked.

GeoPackage: pyogrio and sqlite3. CSV: the csv module. KML: xml.dom.minidom. GeoParquet is
in test_exports_parquet.py, the KML schema in test_exports_kml.py, GDAL 3.6 and QGIS in
test_exports_qgis.py.
"""

from __future__ import annotations

import csv
import io
import sqlite3
from pathlib import Path
from xml.dom import minidom

import pandas as pd
import pyogrio
import pytest
import shapely
from click.testing import CliRunner
from sample_catalogue import (
    CELL_LAT,
    CELL_LON,
    HOSTILE,
    SECRET_LAT,
    SECRET_LON,
    sample,
    secret_byte_patterns,
)

from heritage.catalogue import from_data
from heritage.cli import cli
from heritage.exports import FORMATS, export, export_all
from heritage.spreadsheet import defuse

CELL = shapely.box(46.8, 39.9, 46.9, 40.0)


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("exports")
    export_all(from_data(sample()), folder)
    return folder


def test_every_file_is_written(written: Path) -> None:
    names = sorted(p.name for p in written.iterdir())
    expected = sorted(name for files in FORMATS.values() for name in files)
    assert names == expected


def test_sensitive_coordinates_appear_in_no_file(written: Path) -> None:
    for file in written.iterdir():
        data = file.read_bytes()
        for pattern in secret_byte_patterns():
            assert pattern not in data, (file.name, pattern)
        assert b"openstreetmap.org/?mlat" not in data, file.name


def test_secret_patterns_would_be_found() -> None:
    # The search above is only meaningful if an ungeneralised export would be caught.
    catalogue = sample()
    catalogue["features"][1]["properties"]["location"]["sensitive"] = False
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        export_all(from_data(catalogue), Path(tmp))
        leaked = {
            f.name
            for f in Path(tmp).iterdir()
            if any(p in f.read_bytes() for p in secret_byte_patterns())
        }
    # events.csv and the QGIS project have no coordinates at all; every other file has them.
    assert leaked == {f for files in FORMATS.values() for f in files} - {
        "events.csv",
        "heritage.qgs",
    }


def test_geopackage_layers_and_values(written: Path) -> None:
    path = written / "sites.gpkg"
    layers = {name: gtype for name, gtype in pyogrio.list_layers(path)}
    assert layers == {
        "sites": "Point",
        "sensitive_cells": "Polygon",
        "site_areas": "MultiPolygon",
        "events": None,
        "layer_styles": None,
        "sites_events": None,
    }
    sites = pyogrio.read_dataframe(path, layer="sites").set_index("site_id")
    assert list(sites.index) == sorted(sites.index)
    # Every site is in the one point layer, the unlocated and the withdrawn too.
    assert len(sites) == 5
    assert set(sites.geometry.dropna().geom_type) == {"Point"}
    assert sites.loc["hostile-church", "name"] == HOSTILE
    assert sites.loc["hostile-church", "name_hy"] == "Եկեղեցի"
    assert sites.loc["hostile-church", "status"] == "damaged"
    assert sites.loc["walled-fortress", "status"] == "destroyed"
    assert sites.loc["lost-chapel", "status"] == "unknown"
    assert bool(sites.loc["secret-khachkar", "generalised"]) is True
    assert bool(sites.loc["hostile-church", "generalised"]) is False
    # A sensitive site is its cell's centre; a polygon site a point inside its polygon.
    assert sites.loc["secret-khachkar", "geometry"].equals(shapely.Point(CELL_LON, CELL_LAT))
    assert sites.loc["secret-khachkar", "geometry_type"] == "Polygon"
    fortress = sites.loc["walled-fortress"]
    assert shapely.box(46.0, 39.0, 46.2, 39.2).contains(fortress["geometry"])
    assert fortress["geometry_type"] == "Polygon"
    assert sites.loc["hostile-church", "geometry"].equals(shapely.Point(46.7512, 39.8123))
    assert sites.loc["lost-chapel", "geometry"] is None
    assert pd.isna(sites.loc["lost-chapel", "geometry_type"])
    assert bool(sites.loc["duplicate-church", "withdrawn"]) is True
    # Dates are DATE fields (read back as datetimes), the text as written kept beside.
    assert sites.loc["hostile-church", "last_observed"] == pd.Timestamp("2020-11-30")
    assert sites.loc["duplicate-church", "withdrawn_date"] == pd.Timestamp("2024-01-01")
    assert sites.loc["duplicate-church", "withdrawn_date_text"] == "2024-01-01"
    assert pd.isna(sites.loc["hostile-church", "withdrawn_date"])
    cells = pyogrio.read_dataframe(path, layer="sensitive_cells")
    assert list(cells["site_id"]) == ["secret-khachkar"]
    assert cells.geometry[0].normalize().equals_exact(CELL.normalize(), 1e-9)
    areas = pyogrio.read_dataframe(path, layer="site_areas")
    assert list(areas["site_id"]) == ["walled-fortress"]
    assert areas.geometry[0].equals(shapely.MultiPolygon([shapely.box(46.0, 39.0, 46.2, 39.2)]))
    events = pyogrio.read_dataframe(path, layer="events", read_geometry=False)
    assert len(events) == 4
    first = events[events.site_id == "hostile-church"].sort_values("seq").iloc[0]
    assert first["date"] == "2020-11"
    assert first["earliest"] == pd.Timestamp("2020-11-01")
    assert first["latest"] == pd.Timestamp("2020-11-30")
    assert first["effective"] == pd.Timestamp("2020-11-30")
    assert first["summary"] == "=1+1 " + HOSTILE  # not defused: GIS files are not spreadsheets
    assert first["archived_urls"] == "https://web.archive.org/web/2020/https://example.org/a"
    fortress_event = events[events.site_id == "walled-fortress"].iloc[0]
    assert fortress_event["date"] == "2018/2020"
    assert (fortress_event["earliest"], fortress_event["latest"]) == (
        pd.Timestamp("2018-01-01"),
        pd.Timestamp("2020-12-31"),
    )
    # The change date is the data's latest event date, not the clock (deterministic).
    with sqlite3.connect(path) as db:
        dates = {row[0] for row in db.execute("SELECT last_change FROM gpkg_contents")}
    assert dates == {"2021-03-01T00:00:00.000Z"}


def test_geopackage_version_styles_and_relation(written: Path) -> None:
    with sqlite3.connect(written / "sites.gpkg") as db:
        # GeoPackage 1.2: "GPKG" as application id, 10200 as user version.
        assert db.execute("PRAGMA application_id").fetchone() == (0x47504B47,)
        assert db.execute("PRAGMA user_version").fetchone() == (10200,)
        query = "SELECT table_name, geometry_type_name FROM gpkg_geometry_columns"
        assert dict(db.execute(query)) == {
            "sites": "POINT",
            "sensitive_cells": "POLYGON",
            "site_areas": "MULTIPOLYGON",
        }
        types = {row[1]: row[2] for row in db.execute("PRAGMA table_info(sites)")}
        assert types["last_observed"] == "DATE" and types["withdrawn_date"] == "DATE"
        assert types["generalised"] == "BOOLEAN"
        events = {row[1]: row[2] for row in db.execute("PRAGMA table_info(events)")}
        assert {events[c] for c in ("earliest", "latest", "effective")} == {"DATE"}
        styles = db.execute(
            "SELECT f_table_name, f_geometry_column, useAsDefault, styleQML FROM layer_styles"
        ).fetchall()
        assert [(t, g, d) for t, g, d, _ in styles] == [
            ("sites", "geom", 1),
            ("sensitive_cells", "geom", 1),
            ("site_areas", "geom", 1),
        ]
        qml = styles[0][3]
        assert 'type="categorizedSymbol"' in qml and 'attr="status"' in qml
        relations = db.execute(
            "SELECT base_table_name, base_primary_column, related_table_name,"
            " related_primary_column, relation_name, mapping_table_name FROM gpkgext_relations"
        ).fetchall()
        assert relations == [("sites", "fid", "events", "fid", "attributes", "sites_events")]
        pairs = db.execute(
            "SELECT s.site_id, e.site_id FROM sites_events m"
            " JOIN sites s ON s.fid = m.base_id JOIN events e ON e.fid = m.related_id"
        ).fetchall()
        assert len(pairs) == 4 and all(a == b for a, b in pairs)
        extensions = {
            (t, e) for t, e in db.execute("SELECT table_name, extension_name FROM gpkg_extensions")
        }
        assert {("gpkgext_relations", "related_tables"), ("sites_events", "related_tables")} <= (
            extensions
        )
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_csv_sites_and_events(written: Path) -> None:
    text = (written / "sites.csv").read_text(encoding="utf-8")
    assert not text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert text.splitlines()[0].startswith("site_id,name,")
    by_id = {r["site_id"]: r for r in rows}
    assert len(rows) == 5
    hostile = by_id["hostile-church"]
    assert (float(hostile["longitude"]), float(hostile["latitude"])) == (46.7512, 39.8123)
    assert hostile["name"] == HOSTILE
    assert hostile["alt_names"] == '\'=HYPERLINK("https://evil.example")'
    assert hostile["region"] == "'+SUM(A1:A9)"
    assert hostile["notes"].startswith("'@cmd")
    assert hostile["generalised"] == "false"
    secret = by_id["secret-khachkar"]
    assert (float(secret["longitude"]), float(secret["latitude"])) == (CELL_LON, CELL_LAT)
    assert secret["generalised"] == "true"
    assert secret["geometry_type"] == "Polygon"
    assert secret["location_source"] == "" and secret["location_note"] == ""
    assert by_id["lost-chapel"]["longitude"] == ""
    fortress = by_id["walled-fortress"]
    assert shapely.box(46.0, 39.0, 46.2, 39.2).contains(
        shapely.Point(float(fortress["longitude"]), float(fortress["latitude"]))
    )
    events = list(csv.DictReader(io.StringIO((written / "events.csv").read_text("utf-8"))))
    assert len(events) == 4
    first = next(e for e in events if e["site_id"] == "hostile-church" and e["seq"] == "0")
    assert first["summary"] == "'=1+1 " + HOSTILE
    assert first["reported_by"] == "'-2+3"
    assert first["note"] == "'\tTabbed note"
    assert first["effective"] == "2020-11-30"
    assert first["source_urls"] == 'https://example.org/a?x=<b>&y="1"'
    fortress_event = next(e for e in events if e["site_id"] == "walled-fortress")
    assert (fortress_event["earliest"], fortress_event["effective"]) == (
        "2018-01-01",
        "2020-12-31",
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("plain", "plain"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_defuse(text: str, expected: str) -> None:
    assert defuse(text) == expected


def _texts(element: minidom.Element, tag: str) -> list[str]:
    return ["".join(n.data for n in e.childNodes) for e in element.getElementsByTagName(tag)]


def _folders(document: minidom.Document) -> dict[str, list[minidom.Element]]:
    return {
        f.getAttribute("id"): [
            p for p in f.childNodes if getattr(p, "tagName", None) == "Placemark"
        ]
        for f in document.getElementsByTagName("Folder")
    }


def test_kml_placemarks_styles_and_escaped_descriptions(written: Path) -> None:
    document = minidom.parse(str(written / "sites.kml"))
    folders = _folders(document)
    assert list(folders) == ["sites", "sensitive-cells", "site-areas"]
    ids = [p.getAttribute("id") for p in folders["sites"]]
    # Located and not withdrawn: the lost chapel has no geometry, the duplicate is withdrawn.
    assert ids == ["site-hostile-church", "site-secret-khachkar", "site-walled-fortress"]
    # One geometry kind per folder, so that GDAL and QGIS never split a layer by type.
    kinds = {"sites": "Point", "sensitive-cells": "Polygon", "site-areas": "Polygon"}
    for name, kind in kinds.items():
        for placemark in folders[name]:
            assert placemark.getElementsByTagName(kind), (name, placemark.getAttribute("id"))
            other = {"Point", "Polygon", "LineString", "MultiGeometry"} - {kind}
            assert not [t for t in other if placemark.getElementsByTagName(t)]
    assert [p.getAttribute("id") for p in folders["sensitive-cells"]] == ["cell-secret-khachkar"]
    assert [p.getAttribute("id") for p in folders["site-areas"]] == ["area-walled-fortress"]
    styles = {s.getAttribute("id") for s in document.getElementsByTagName("Style")}
    assert {"status-damaged", "status-destroyed", "status-intact", "status-unknown"} <= styles
    by_id = {p.getAttribute("id"): p for p in folders["sites"]}
    hostile = by_id["site-hostile-church"]
    assert _texts(hostile, "styleUrl") == ["#status-damaged"]
    assert _texts(hostile, "name") == [HOSTILE]
    assert _texts(hostile, "value")[0] == "hostile-church"  # site_id in ExtendedData
    description = _texts(hostile, "description")[0]
    # The description is HTML for Google Earth: data is escaped inside it, so no tag of
    # the contributor's survives as markup.
    assert "<script>" not in description
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in description
    assert "&lt;/a&gt;&lt;script&gt;alert(2)" in description
    assert 'href="https://example.org/a?x=&lt;b&gt;&amp;y=&quot;1&quot;"' in description
    assert "archived copy" in description
    assert "2020-11, condition: damaged" in description
    assert "2021-03-01, claim (asserted status: intact)" in description
    secret = by_id["site-secret-khachkar"]
    assert _texts(secret, "styleUrl") == ["#status-intact"]
    assert _texts(secret, "coordinates") == [f"{CELL_LON!r},{CELL_LAT!r}"]
    assert "generalised" in _texts(secret, "description")[0]
    cell = folders["sensitive-cells"][0]
    ring = _texts(cell, "coordinates")[0].split()
    corners = {tuple(float(x) for x in point.split(",")) for point in ring}
    assert corners == {(46.8, 39.9), (46.9, 39.9), (46.9, 40.0), (46.8, 40.0)}
    fortress = by_id["site-walled-fortress"]
    assert _texts(fortress, "styleUrl") == ["#status-destroyed"]
    lon, lat = (float(x) for x in _texts(fortress, "coordinates")[0].split(","))
    assert shapely.box(46.0, 39.0, 46.2, 39.2).contains(shapely.Point(lon, lat))
    assert len(folders["site-areas"][0].getElementsByTagName("Polygon")) == 1


def test_exports_are_deterministic(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    export_all(from_data(sample()), first)
    export_all(from_data(sample()), second)
    for file in first.iterdir():
        assert file.read_bytes() == (second / file.name).read_bytes(), file.name


def test_export_one_format_with_output_and_events(tmp_path: Path) -> None:
    written = export(
        from_data(sample()), "csv", tmp_path / "my-sites.csv", tmp_path / "my-events.csv"
    )
    assert written == [tmp_path / "my-sites.csv", tmp_path / "my-events.csv"]
    written = export(from_data(sample()), "parquet", tmp_path / "x.parquet")
    assert written == [tmp_path / "x.parquet", tmp_path / "events.parquet"]


def test_export_command(tmp_path: Path, write_catalogue, monkeypatch) -> None:
    path = write_catalogue(sample())
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["export", str(path), "--to", "kml"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "exports" / "sites.kml").is_file()
    out = tmp_path / "one.gpkg"
    (tmp_path / "heritage.qgs").write_text("a project of the user's")
    result = CliRunner().invoke(cli, ["export", str(path), "--to", "gpkg", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "heritage.qgs").read_text() == "a project of the user's"
    result = CliRunner().invoke(cli, ["export", str(path), "--to", "gpkg"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "exports").iterdir()) == [
        "heritage.qgs",
        "sites.gpkg",
        "sites.kml",
    ]
    assert [name for name, _ in pyogrio.list_layers(out)][:4] == [
        "sites",
        "sensitive_cells",
        "site_areas",
        "events",
    ]


def test_export_command_refuses_invalid_and_missing(tmp_path: Path, write_catalogue) -> None:
    bad = sample()
    bad["features"][0]["properties"]["kind"] = "spaceport"
    path = write_catalogue(bad)
    result = CliRunner().invoke(
        cli, ["export", str(path), "--to", "csv", "-o", str(tmp_path / "s.csv")]
    )
    assert result.exit_code == 2
    assert "unknown-kind" in result.output
    assert not (tmp_path / "s.csv").exists()
    result = CliRunner().invoke(cli, ["export", str(tmp_path / "none.geojson"), "--to", "kml"])
    assert result.exit_code == 2
    assert "no such file" in result.output
    assert "Traceback" not in result.output


def test_secret_values_are_what_the_sample_says() -> None:
    feature = sample()["features"][1]
    assert feature["geometry"]["coordinates"] == [SECRET_LON, SECRET_LAT]


@pytest.mark.browser
def test_kml_description_renders_as_text_in_a_browser(
    written: Path, offline_page, artifacts: Path
) -> None:
    # Google Earth renders <description> as HTML: render it in Chromium the same way.
    document = minidom.parse(str(written / "sites.kml"))
    placemark = next(
        p
        for p in document.getElementsByTagName("Placemark")
        if p.getAttribute("id") == "site-hostile-church"
    )
    description = _texts(placemark, "description")[0]
    page, record = offline_page()
    page.set_content(f"<!doctype html><meta charset=utf-8><body>{description}</body>")
    page.screenshot(path=str(artifacts / "kml-description.png"), full_page=True)
    assert page.inner_text("h3") == HOSTILE
    assert page.locator("script").count() == 0
    links = page.eval_on_selector_all("a", "els => els.map(e => e.href)")
    assert links == [
        "https://example.org/a?x=%3Cb%3E&y=%221%22",
        "https://web.archive.org/web/2020/https://example.org/a",
    ]
    assert "Report </a><script>alert(2)</script>" in page.inner_text("body")
    assert record.dialogs == [] and record.page_errors == [] and record.external_requests == []
