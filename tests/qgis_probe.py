"""Open exports with QGIS's own Python API and print what QGIS sees, as JSON.

Run by tests/test_exports_qgis.py with the system Python (Debian's python3-qgis), never the
project's virtual environment: ``/usr/bin/python3 tests/qgis_probe.py FILE.gpkg [FILE.qgs]``.
"""

from __future__ import annotations

import json
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from qgis.core import (
    Qgis,
    QgsApplication,
    QgsProject,
    QgsProviderRegistry,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QVariant

TYPES = {
    QVariant.Date: "date",
    QVariant.DateTime: "datetime",
    QVariant.Bool: "bool",
    QVariant.String: "string",
    QVariant.LongLong: "int64",
    QVariant.Int: "int",
    QVariant.Double: "double",
}


def layer_info(layer: QgsVectorLayer) -> dict:
    info = {
        "valid": layer.isValid(),
        "wkb_type": wkb_name(layer.wkbType()),
        "feature_count": layer.featureCount(),
        "fields": {f.name(): TYPES.get(f.type(), str(f.type())) for f in layer.fields()},
        "renderer": None,
    }
    renderer = layer.renderer() if layer.isSpatial() else None
    if renderer is not None:
        info["renderer"] = renderer.type()
        if renderer.type() == "categorizedSymbol":
            info["attribute"] = renderer.classAttribute()
            categories = renderer.categories()
            info["categories"] = [
                {
                    "value": c.value(),
                    "label": c.label(),
                    "color": c.symbol().color().name(),
                    "shape": c.symbol().symbolLayer(0).properties().get("name"),
                }
                for c in categories
            ]
    temporal = layer.temporalProperties()
    info["temporal"] = bool(temporal and temporal.isActive())
    return info


def wkb_name(wkb_type: int) -> str:
    from qgis.core import QgsWkbTypes

    return QgsWkbTypes.displayString(wkb_type)


def probe_gpkg(path: str) -> dict:
    flags = Qgis.SublayerQueryFlags(Qgis.SublayerQueryFlag.ResolveGeometryType)
    flags |= Qgis.SublayerQueryFlag.CountFeatures
    sublayers = sublayer_list(path, flags)
    # The fast listing (no flags) is what the browser panel shows before anything is opened.
    fast = sublayer_list(path, Qgis.SublayerQueryFlags())
    layers = {}
    for name in ("sites", "sensitive_cells", "site_areas", "events"):
        layer = QgsVectorLayer(f"{path}|layername={name}", name, "ogr")
        layers[name] = layer_info(layer)
    return {
        "sld": sld_rules(path),
        "sublayers": sublayers,
        "fast_sublayers": fast,
        "layers": layers,
        "relationships": gdal_relationships(path),
    }


def sld_rules(path: str) -> list[dict]:
    """Load the stored SLD of the sites layer into QGIS and list the rules it makes."""
    import sqlite3
    import tempfile

    with sqlite3.connect(path) as db:
        query = "SELECT styleSLD FROM layer_styles WHERE f_table_name = 'sites'"
        sld = db.execute(query).fetchone()[0]
    with tempfile.NamedTemporaryFile("w", suffix=".sld", delete=False) as handle:
        handle.write(sld)
    layer = QgsVectorLayer(f"{path}|layername=sites", "sld", "ogr")
    _, ok = layer.loadSldStyle(handle.name)
    os.unlink(handle.name)
    if not ok:
        return []
    return [
        {
            "label": rule.label(),
            "filter": rule.filterExpression(),
            "shape": rule.symbol().symbolLayer(0).properties().get("name"),
            "stroke": rule.symbol().symbolLayer(0).strokeColor().name(),
            "fill": rule.symbol().symbolLayer(0).fillColor().name(),
        }
        for rule in layer.renderer().rootRule().children()
    ]


def sublayer_list(path: str, flags: object) -> list[dict]:
    registry = QgsProviderRegistry.instance()
    return [
        {
            "name": s.name(),
            "wkb_type": wkb_name(s.wkbType()),
            "feature_count": s.featureCount(),
            "uri": s.uri(),
        }
        for s in registry.querySublayers(path, flags)
    ]


def probe_kml(path: str) -> dict:
    flags = Qgis.SublayerQueryFlags(Qgis.SublayerQueryFlag.ResolveGeometryType)
    flags |= Qgis.SublayerQueryFlag.CountFeatures
    return {"sublayers": sublayer_list(path, flags)}


def gdal_relationships(path: str) -> list[dict]:
    """The relationships Debian's GDAL (python3-gdal, a dependency of QGIS) reads."""
    from osgeo import gdal

    dataset = gdal.OpenEx(path, gdal.OF_VECTOR | gdal.OF_READONLY)
    found = []
    for name in dataset.GetRelationshipNames() or []:
        relation = dataset.GetRelationship(name)
        found.append(
            {
                "name": name,
                "left": relation.GetLeftTableName(),
                "right": relation.GetRightTableName(),
                "mapping": relation.GetMappingTableName(),
                "cardinality": relation.GetCardinality(),
                "related_table_type": relation.GetRelatedTableType(),
            }
        )
    return found


def probe_project(path: str) -> dict:
    project = QgsProject.instance()
    ok = project.read(path)
    layers = {}
    for layer in project.mapLayers().values():
        if isinstance(layer, QgsVectorLayer):
            layers[layer.name()] = layer_info(layer)
    relations = [
        {
            "name": r.name(),
            "referencing": r.referencingLayer().name() if r.referencingLayer() else None,
            "referenced": r.referencedLayer().name() if r.referencedLayer() else None,
            "pairs": {k: v for k, v in r.fieldPairs().items()},
            "valid": r.isValid(),
        }
        for r in project.relationManager().relations().values()
    ]
    time_range = project.timeSettings().temporalRange()
    span = [
        time_range.begin().date().toString("yyyy-MM-dd"),
        time_range.end().date().toString("yyyy-MM-dd"),
    ]
    return {"read": ok, "layers": layers, "relations": relations, "time_range": span}


def main() -> None:
    app = QgsApplication([], False)
    app.initQgis()
    out = {"version": Qgis.QGIS_VERSION}
    for path in sys.argv[1:]:
        if path.endswith(".qgs"):
            out[path] = probe_project(path)
        elif path.endswith(".kml"):
            out[path] = probe_kml(path)
        else:
            out[path] = probe_gpkg(path)
    print(json.dumps(out))
    app.exitQgis()


if __name__ == "__main__":
    main()
