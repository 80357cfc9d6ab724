"""sites.kml against the OGC KML 2.2 schema, and its ids as valid, unique ``xs:ID``.

The schema files (ogckml22.xsd with the atom, xAL and gx schemas it imports) come from the
fastkml package on PyPI, which ships them; lxml validates with them offline.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from importlib.resources import files
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree
from sample_catalogue import sample

from heritage.catalogue import from_data
from heritage.exports.kml import kml_bytes, xml_id

KML = "{http://www.opengis.net/kml/2.2}"
#: An XML NCName restricted to ASCII (what xml_id produces).
NCNAME = re.compile(r"^[A-Za-z_][A-Za-z0-9._-]*$")


@pytest.fixture(scope="module")
def schema() -> etree.XMLSchema:
    xsd = files("fastkml") / "schema" / "ogckml22.xsd"
    return etree.XMLSchema(etree.parse(str(xsd)))


def _catalogue_with_awkward_ids() -> dict:
    catalogue = sample()
    # Ids that start with a digit are valid site ids but not valid xs:ID values as they stand.
    for feature, new_id in zip(catalogue["features"], ("1915-memorial", "2-church"), strict=False):
        feature["id"] = new_id
    return catalogue


@pytest.mark.parametrize("make", [sample, _catalogue_with_awkward_ids])
def test_kml_is_valid_against_the_ogc_schema(schema: etree.XMLSchema, make, tmp_path: Path) -> None:
    data = kml_bytes(from_data(make()))
    document = etree.fromstring(data)
    assert schema.validate(document), [str(e) for e in schema.error_log]
    ids = [e.get("id") for e in document.iter() if e.get("id") is not None]
    assert len(ids) == len(set(ids))
    assert all(NCNAME.match(i) for i in ids), ids


def test_schema_check_would_catch_the_old_order(schema: etree.XMLSchema) -> None:
    # A placemark with description after styleUrl (what the export wrote before) and an id
    # with a leading digit must both be rejected, or the test above proves nothing.
    document = etree.fromstring(kml_bytes(from_data(sample())))
    placemark = next(document.iter(f"{KML}Placemark"))
    description = placemark.find(f"{KML}description")
    placemark.remove(description)
    placemark.insert(list(placemark).index(placemark.find(f"{KML}styleUrl")) + 1, description)
    assert not schema.validate(document)
    document = etree.fromstring(kml_bytes(from_data(sample())))
    next(document.iter(f"{KML}Placemark")).set("id", "1915-memorial")
    assert not schema.validate(document)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hostile-church", "site-hostile-church"),
        ("1915-memorial", "site-1915-memorial"),
        ("a_b", "site-a_5f_b"),
        ("a b", "site-a_20_b"),
        ("Շուշի", "site-_547__578__582__577__56b_"),
    ],
)
def test_xml_id(text: str, expected: str) -> None:
    assert xml_id("site-", text) == expected


@given(st.text(max_size=12), st.text(max_size=12))
def test_xml_ids_are_valid_and_distinct(first: str, second: str) -> None:
    assert NCNAME.match(xml_id("site-", first))
    if first != second:
        assert xml_id("site-", first) != xml_id("site-", second)


def _awkward_texts() -> dict:
    catalogue = sample()
    hostile, _, polygon, *_ = catalogue["features"]
    # Markup, quotes, line ends, controls and an astral character in texts and in ids; an
    # empty name (an empty element); a MultiPolygon with a hole.
    hostile["id"] = 'a&b<c>"d\te'
    hostile["properties"]["name"]["en"] = ""
    hostile["properties"]["kind"] = "x\r\ny\x00z \U0001f600 & <b>"
    polygon["geometry"] = {
        "type": "MultiPolygon",
        "coordinates": [
            [
                [[46.0, 39.0], [46.2, 39.0], [46.2, 39.2], [46.0, 39.0]],
                [[46.05, 39.05], [46.1, 39.05], [46.1, 39.1], [46.05, 39.05]],
            ],
            [[[47.0, 40.0], [47.1, 40.0], [47.1, 40.1], [47.0, 40.0]]],
        ],
    }
    return catalogue


@pytest.mark.parametrize("make", [sample, _catalogue_with_awkward_ids, _awkward_texts])
def test_kml_bytes_are_what_elementtree_writes(make) -> None:
    # The export writes its XML itself (ElementTree took seconds at 100,000 sites); its bytes
    # must stay those ElementTree writes for the same document: indented by ET.indent,
    # escaped and declared as ET.tostring does it.
    data = kml_bytes(from_data(make()))
    root = ET.fromstring(data)
    for element in root.iter():  # as the export built it: plain tags, xmlns an attribute
        element.tag = element.tag.removeprefix(KML)
    root.set("xmlns", KML[1:-1])
    again = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    assert again + b"\n" == data
