"""A QGIS project (``heritage.qgs``) beside the GeoPackage: the layers styled, time set up.

Opening the project in QGIS adds the GeoPackage's ``sites``, ``sensitive_cells`` and
``site_areas`` layers drawn with the map's colours and shapes, the ``events`` table, and a
relation ``sites`` 1-n ``events`` on ``site_id`` (a site's form lists its events). The
``sites`` layer is temporal: each site appears from the day its current status was last
observed (``last_observed``, accumulating), so the Temporal Controller steps through when
the record's statuses were established; the project's time range runs from the earliest
event to the latest.

The project is plain XML written with :mod:`xml.etree.ElementTree` from the vocabulary and
layer names; the only path in it is the GeoPackage's file name, relative to the project.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Final

import pandas as pd

from heritage.exports.qgis_style import DOCTYPE, categorised_renderer
from heritage.exports.tables import PublicTables
from heritage.write import write_atomic

#: Layers of the project: name, geometry (QGIS names), symbol kind (None: no geometry).
LAYERS: Final[tuple[tuple[str, str, str | None], ...]] = (
    ("sites", "Point", "marker"),
    ("sensitive_cells", "Polygon", "fill"),
    ("site_areas", "Polygon", "fill"),
    ("events", "No geometry", None),
)
WKB_TYPES: Final[dict[str, str]] = {
    "sites": "Point",
    "sensitive_cells": "Polygon",
    "site_areas": "MultiPolygon",
    "events": "NoGeometry",
}
RELATION_ID: Final[str] = "sites_events"


def layer_id(name: str) -> str:
    """Return a layer's id in the project (QGIS keeps only ids longer than 10 characters)."""
    return f"heritage_{name}"


def _crs(parent: ET.Element) -> None:
    srs = ET.SubElement(parent, "spatialrefsys")
    ET.SubElement(srs, "authid").text = "EPSG:4326"
    ET.SubElement(srs, "description").text = "WGS 84"
    ET.SubElement(srs, "geographicflag").text = "true"


def _temporal(layer: ET.Element, enabled: bool) -> None:
    # Mode 1 is "single field with date/time"; accumulate keeps a site once it has appeared.
    temporal = ET.SubElement(
        layer,
        "temporal",
        enabled="1" if enabled else "0",
        mode="1" if enabled else "0",
        startField="last_observed" if enabled else "",
        endField="",
        durationField="",
        durationUnit="d",
        fixedDuration="0",
        accumulate="1" if enabled else "0",
        startExpression="",
        endExpression="",
        limitMode="0",
    )
    fixed = ET.SubElement(temporal, "fixedRange")
    ET.SubElement(fixed, "start")
    ET.SubElement(fixed, "end")


def _map_layer(parent: ET.Element, gpkg: str, name: str, geometry: str, kind: str | None) -> None:
    attributes = {"type": "vector", "geometry": geometry, "wkbType": WKB_TYPES[name]}
    layer = ET.SubElement(parent, "maplayer", attributes)
    ET.SubElement(layer, "id").text = layer_id(name)
    ET.SubElement(layer, "datasource").text = f"./{gpkg}|layername={name}"
    ET.SubElement(layer, "layername").text = name
    _crs(ET.SubElement(layer, "srs"))
    ET.SubElement(layer, "provider", encoding="UTF-8").text = "ogr"
    if kind is not None:
        layer.append(categorised_renderer(kind))
    _temporal(layer, enabled=name == "sites")


def project_xml(tables: PublicTables, gpkg: str) -> bytes:
    """Return the QGIS project of the exports.

    Parameters
    ----------
    tables
        The public tables (for the time range).
    gpkg
        The GeoPackage's file name, in the same folder as the project.

    Returns
    -------
    bytes
        The ``.qgs`` document (UTF-8).
    """
    root = ET.Element("qgis", projectname="heritage catalogue", version="3.22.0")
    ET.SubElement(root, "title").text = "heritage catalogue"
    _crs(ET.SubElement(root, "projectCrs"))
    tree = ET.SubElement(root, "layer-tree-group")
    for name, _, _ in LAYERS:
        ET.SubElement(
            tree,
            "layer-tree-layer",
            id=layer_id(name),
            name=name,
            providerKey="ogr",
            source=f"./{gpkg}|layername={name}",
            checked="Qt::Checked",
            expanded="1",
        )
    layers = ET.SubElement(root, "projectlayers")
    for name, geometry, kind in LAYERS:
        _map_layer(layers, gpkg, name, geometry, kind)
    # After the layers, as QGIS writes it: the relation names them by id.
    relations = ET.SubElement(root, "relations")
    relation = ET.SubElement(
        relations,
        "relation",
        id=RELATION_ID,
        name="Events of a site",
        referencingLayer=layer_id("events"),
        referencedLayer=layer_id("sites"),
        strength="Association",
    )
    ET.SubElement(relation, "fieldRef", referencingField="site_id", referencedField="site_id")
    days = pd.concat([tables.events["earliest"], tables.events["effective"]]).dropna()
    if len(days):
        settings = ET.SubElement(
            root,
            "ProjectTimeSettings",
            timeStepUnit="mon",
            timeStep="1",
            frameRate="1",
            cumulativeTemporalRange="0",
        )
        extent = ET.SubElement(settings, "TemporalRange")
        ET.SubElement(extent, "start").text = f"{days.min().date().isoformat()}T00:00:00Z"
        ET.SubElement(extent, "end").text = f"{days.max().date().isoformat()}T23:59:59Z"
    properties = ET.SubElement(root, "properties")
    paths = ET.SubElement(properties, "Paths")
    ET.SubElement(paths, "Absolute", type="bool").text = "false"
    ET.indent(root)
    text = DOCTYPE + "\n" + ET.tostring(root, encoding="unicode") + "\n"
    return text.encode("utf-8")


def write_project(tables: PublicTables, path: Path, gpkg: Path) -> list[Path]:
    """Write ``heritage.qgs`` atomically; it opens the GeoPackage ``gpkg`` beside it.

    Returns
    -------
    list of Path
        The file written.
    """
    write_atomic(path, project_xml(tables, gpkg.name))
    return [path]
