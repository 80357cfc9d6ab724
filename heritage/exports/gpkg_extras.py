"""What the GeoPackage declares beyond its tables: QGIS default styles and a relation.

``layer_styles`` is the table QGIS writes when a style is saved in a GeoPackage (columns
``f_table_catalog``, ``f_table_schema``, ``f_table_name``, ``f_geometry_column``,
``styleName``, ``styleQML``, ``styleSLD``, ``useAsDefault``, ``description``, ``owner``,
``ui``, ``update_time``); a row with ``useAsDefault`` true is applied when the layer is
added.

The relation of ``sites`` to ``events`` is declared with the OGC GeoPackage Related Tables
Extension (OGC 18-000): a row in ``gpkgext_relations`` names the base table (``sites``),
the related attributes table (``events``) and a mapping table ``sites_events`` whose rows
pair a site's ``fid`` (``base_id``) with each of its events' ``fid`` (``related_id``). GDAL
(3.6 and later) reports it as a relationship; the events also keep ``site_id`` for joins.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import datetime

import pyarrow as pa

from heritage.exports.qgis_style import categorised_qml, categorised_sld

#: The Related Tables Extension as named in ``gpkg_extensions``.
RTE_NAME = "related_tables"
RTE_DEFINITION = "http://docs.opengeospatial.org/is/18-000/18-000.html"
MAPPING_TABLE = "sites_events"
STYLE_NAME = "heritage status"


def styles_table(layers: Sequence[tuple[str, str]], geometry_column: str, stamp: str) -> pa.Table:
    """Return the ``layer_styles`` rows: one default style per map layer.

    Parameters
    ----------
    layers
        ``(table name, symbol kind)`` pairs, the kind ``marker`` or ``fill``.
    geometry_column
        The tables' geometry column.
    stamp
        ``update_time``, as ``YYYY-MM-DDTHH:MM:SS.sssZ`` (the data's date, for determinism).

    Returns
    -------
    pyarrow.Table
        The rows, typed as QGIS creates the table.
    """
    when = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    rows = [
        {
            "f_table_catalog": "",
            "f_table_schema": "",
            "f_table_name": name,
            "f_geometry_column": geometry_column,
            "styleName": STYLE_NAME,
            "styleQML": categorised_qml(kind),
            "styleSLD": categorised_sld(name, kind),
            "useAsDefault": True,
            "description": "Status colours and marker shapes of the heritage map",
            "owner": "",
            "ui": None,
            "update_time": when,
        }
        for name, kind in layers
    ]
    schema = pa.schema(
        [
            *(pa.field(c, pa.string()) for c in ("f_table_catalog", "f_table_schema")),
            *(pa.field(c, pa.string()) for c in ("f_table_name", "f_geometry_column")),
            *(pa.field(c, pa.string()) for c in ("styleName", "styleQML", "styleSLD")),
            pa.field("useAsDefault", pa.bool_()),
            *(pa.field(c, pa.string()) for c in ("description", "owner", "ui")),
            pa.field("update_time", pa.timestamp("ms", tz="UTC")),
        ]
    )
    return pa.Table.from_pylist(rows, schema=schema)


def declare_relation(path: str, stamp: str) -> None:
    """Declare ``sites`` 1-n ``events`` in a GeoPackage with the Related Tables Extension.

    Parameters
    ----------
    path
        The GeoPackage, with its ``sites`` and ``events`` tables written.
    stamp
        The ``last_change`` of the mapping table in ``gpkg_contents``.
    """
    db = sqlite3.connect(path)
    try:
        with db:
            db.execute(
                "CREATE TABLE gpkgext_relations (id INTEGER PRIMARY KEY AUTOINCREMENT,"
                " base_table_name TEXT NOT NULL, base_primary_column TEXT NOT NULL DEFAULT 'id',"
                " related_table_name TEXT NOT NULL,"
                " related_primary_column TEXT NOT NULL DEFAULT 'id',"
                " relation_name TEXT NOT NULL, mapping_table_name TEXT NOT NULL UNIQUE)"
            )
            db.execute(
                f"CREATE TABLE {MAPPING_TABLE} (base_id INTEGER NOT NULL,"
                " related_id INTEGER NOT NULL)"
            )
            db.execute(
                f"INSERT INTO {MAPPING_TABLE} (base_id, related_id)"
                " SELECT s.fid, e.fid FROM events e JOIN sites s ON s.site_id = e.site_id"
                " ORDER BY e.fid"
            )
            db.execute(
                "INSERT INTO gpkg_contents (table_name, data_type, identifier, description,"
                " last_change) VALUES (?, 'attributes', ?, ?, ?)",
                (MAPPING_TABLE, MAPPING_TABLE, "Which events belong to which site", stamp),
            )
            db.execute(
                "INSERT INTO gpkgext_relations (base_table_name, base_primary_column,"
                " related_table_name, related_primary_column, relation_name,"
                " mapping_table_name) VALUES ('sites', 'fid', 'events', 'fid', 'attributes', ?)",
                (MAPPING_TABLE,),
            )
            db.executemany(
                "INSERT INTO gpkg_extensions (table_name, column_name, extension_name,"
                " definition, scope) VALUES (?, NULL, ?, ?, 'read-write')",
                [(t, RTE_NAME, RTE_DEFINITION) for t in ("gpkgext_relations", MAPPING_TABLE)],
            )
    finally:
        db.close()
