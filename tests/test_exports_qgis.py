"""The GeoPackage as QGIS and Debian's GDAL 3.6 open it.

QGIS: Debian's python3-qgis (QGIS 3.22 LTR on Debian 12), run with the system Python in a
subprocess (tests/qgis_probe.py), offscreen. It lists the file's layers the way "Add Layer"
offers them and opens each as a QgsVectorLayer, which applies the default style stored in
the GeoPackage. GDAL: Debian's ``ogrinfo`` (gdal-bin) must open every layer without a
warning. scripts/test installs both from Debian's archive.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from sample_catalogue import sample

import heritage
from heritage import vocabulary as v
from heritage.catalogue import from_data
from heritage.exports import export_all

ROOT = Path(__file__).resolve().parent.parent
SYSTEM_PYTHON = "/usr/bin/python3"
PROBE = Path(__file__).with_name("qgis_probe.py")


def _system_python_has_qgis() -> bool:
    if not Path(SYSTEM_PYTHON).exists():
        return False
    result = subprocess.run(
        [SYSTEM_PYTHON, "-c", "import qgis.core"], capture_output=True, check=False
    )
    return result.returncode == 0


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = {}
    for name, catalogue in (
        ("sample", from_data(sample())),
        ("bundled", heritage.load(ROOT / "data" / "sites.geojson")),
    ):
        folder = tmp_path_factory.mktemp(f"qgis-{name}")
        export_all(catalogue, folder)
        out[name] = folder
    return out


@pytest.fixture(scope="module")
def qgis(exports: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    if not _system_python_has_qgis():
        pytest.fail("Debian's python3-qgis is missing: run scripts/test, which installs it")
    home = tmp_path_factory.mktemp("qgis-home")  # QGIS writes its profile under HOME
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(home)}
    env.pop("PYTHONPATH", None)
    env["XDG_RUNTIME_DIR"] = str(home)
    paths = [str(exports[name] / "sites.gpkg") for name in ("sample", "bundled")]
    paths.append(str(exports["sample"] / "heritage.qgs"))
    paths.append(str(exports["sample"] / "sites.kml"))
    result = subprocess.run(
        [SYSTEM_PYTHON, str(PROBE), *paths],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    report: dict[str, Any] = json.loads(result.stdout)
    return {
        "version": report["version"],
        "sample": report[paths[0]],
        "bundled": report[paths[1]],
        "project": report[paths[2]],
        "kml": report[paths[3]],
    }


def test_add_layer_offers_one_sites_layer_with_every_site(qgis: dict[str, Any]) -> None:
    bundled = heritage.load(ROOT / "data" / "sites.geojson")
    unlocated = int(bundled.sites.geometry.isna().sum())
    assert unlocated > 0  # the bundled catalogue has sites without coordinates
    for name, count in (("sample", 5), ("bundled", len(bundled.sites))):
        offered = qgis[name]["sublayers"]
        sites = [s for s in offered if s["name"] == "sites"]
        # One sites layer, not one per geometry type, holding the unlocated sites too.
        assert len(sites) == 1, offered
        assert sites[0]["wkb_type"] == "Point"
        assert sites[0]["feature_count"] == count
        kinds = {s["name"]: s["wkb_type"] for s in offered}
        assert kinds["sensitive_cells"] == "Polygon"
        assert kinds["site_areas"] == "MultiPolygon"
        assert kinds["events"] == "NoGeometry"
        fast = [s for s in qgis[name]["fast_sublayers"] if s["name"] == "sites"]
        assert [s["wkb_type"] for s in fast] == ["Point"]
        layer = qgis[name]["layers"]["sites"]
        assert layer["valid"] and layer["wkb_type"] == "Point"
        assert layer["feature_count"] == count
    assert qgis["sample"]["layers"]["sensitive_cells"]["feature_count"] == 1
    assert qgis["bundled"]["layers"]["events"]["feature_count"] == len(bundled.events)


def test_default_style_has_the_map_colours_and_shapes(qgis: dict[str, Any]) -> None:
    terms = (*v.STATUS_TERMS, v.UNKNOWN_STATUS)
    sites = qgis["sample"]["layers"]["sites"]
    assert sites["renderer"] == "categorizedSymbol" and sites["attribute"] == "status"
    categories = sites["categories"]
    assert [c["value"] for c in categories] == [t.code for t in terms]
    assert [c["label"] for c in categories] == [t.label for t in terms]
    for category, term in zip(categories[:-1], terms[:-1], strict=True):
        assert category["color"].lower() == term.colour.lower(), term.code
    shapes = {c["value"]: c["shape"] for c in categories}
    assert shapes["intact"] == "circle" and shapes["threatened"] == "triangle"
    assert shapes["damaged"] == "diamond" and shapes["destroyed"] == "cross_fill"
    assert shapes["altered"] == "square" and shapes["restored"] == "star"
    assert len(set(shapes.values())) >= 6  # status is never told by colour alone
    cells = qgis["sample"]["layers"]["sensitive_cells"]
    assert cells["renderer"] == "categorizedSymbol"
    assert [c["value"] for c in cells["categories"]] == [t.code for t in terms]


def test_dates_are_qdate_fields(qgis: dict[str, Any]) -> None:
    sites = qgis["sample"]["layers"]["sites"]["fields"]
    assert sites["last_observed"] == "date" and sites["withdrawn_date"] == "date"
    assert sites["withdrawn_date_text"] == "string"
    assert sites["generalised"] == "bool" and sites["event_count"] == "int64"
    events = qgis["sample"]["layers"]["events"]["fields"]
    assert {events[c] for c in ("earliest", "latest", "effective")} == {"date"}
    assert events["date"] == "string"  # the date as written


def test_gdal_reads_the_sites_events_relation(qgis: dict[str, Any]) -> None:
    relations = qgis["sample"]["relationships"]
    assert len(relations) == 1
    relation = relations[0]
    assert (relation["left"], relation["right"]) == ("sites", "events")
    assert relation["mapping"] == "sites_events"
    assert relation["related_table_type"] == "attributes"


def test_ogrinfo_opens_every_layer_without_a_warning(exports: dict[str, Path]) -> None:
    ogrinfo = shutil.which("ogrinfo")
    assert ogrinfo, "Debian's gdal-bin is missing: run scripts/test, which installs it"
    version = subprocess.run([ogrinfo, "--version"], capture_output=True, text=True, check=True)
    assert version.stdout.startswith("GDAL 3.")
    path = exports["sample"] / "sites.gpkg"
    result = subprocess.run(
        [ogrinfo, "-ro", "-al", "-so", str(path)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert "Warning" not in result.stdout and "WARNING" not in result.stdout
    summary = result.stdout.split("Layer name: ")
    sites = next(part for part in summary if part.startswith("sites\n"))
    assert "Geometry: Point" in sites and "Feature Count: 5" in sites
    assert "last_observed: Date" in sites


def test_project_opens_the_layers_styled_with_relation_and_time(qgis: dict[str, Any]) -> None:
    project = qgis["project"]
    assert project["read"] is True
    layers = project["layers"]
    assert set(layers) == {"sites", "sensitive_cells", "site_areas", "events"}
    assert all(layer["valid"] for layer in layers.values())
    assert layers["sites"]["feature_count"] == 5 and layers["events"]["feature_count"] == 4
    assert layers["sites"]["renderer"] == "categorizedSymbol"
    assert [c["value"] for c in layers["sites"]["categories"]] == list(v.ALL_STATUSES)
    assert layers["sites"]["temporal"] is True
    assert project["relations"] == [
        {
            "name": "Events of a site",
            "referencing": "events",
            "referenced": "sites",
            "pairs": {"site_id": "site_id"},
            "valid": True,
        }
    ]
    # From the earliest day of the earliest event (2018/2020) to the latest (2021-03-01).
    assert project["time_range"] == ["2018-01-01", "2021-03-01"]


def test_kml_folders_are_one_layer_of_one_type_each(qgis: dict[str, Any]) -> None:
    offered = [(s["name"], s["wkb_type"], s["feature_count"]) for s in qgis["kml"]["sublayers"]]
    # Not split into "Sites [Point]" and "Sites [Polygon]": one sublayer per folder.
    assert offered == [
        ("Sites", "Point", 3),
        ("Sensitive cells", "Polygon", 1),
        ("Site areas", "Polygon", 1),
    ]


@pytest.mark.parametrize("name", ["sites.gpkg", "sites.kml"])
def test_ogrinfo_reads_every_feature_without_a_warning(exports: dict[str, Path], name: str) -> None:
    ogrinfo = shutil.which("ogrinfo")
    assert ogrinfo, "Debian's gdal-bin is missing: run scripts/test, which installs it"
    for catalogue in ("sample", "bundled"):
        result = subprocess.run(
            [ogrinfo, "-ro", "-al", str(exports[catalogue] / name)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        assert result.stderr == "", (catalogue, result.stderr[:2000])
        assert "OGRFeature(" in result.stdout


def test_stored_sld_gives_the_same_colours_and_shapes(qgis: dict[str, Any]) -> None:
    rules = qgis["sample"]["sld"]
    terms = (*v.STATUS_TERMS, v.UNKNOWN_STATUS)
    assert [r["label"] for r in rules] == [t.label for t in terms]
    assert [r["filter"] for r in rules] == [f"status = '{t.code}'" for t in terms]
    for rule, term in zip(rules, terms, strict=True):
        drawn = rule["stroke"] if term.shape in ("cross", "ring") else rule["fill"]
        assert drawn.lower() == term.colour.lower(), term.code
    shapes = [r["shape"] for r in rules]
    assert shapes[:6] == ["circle", "triangle", "diamond", "cross2", "square", "star"]
