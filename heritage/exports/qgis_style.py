"""QGIS styles (QML) with the map's colours and marker shapes, by status.

The GeoPackage stores them in its ``layer_styles`` table, the table QGIS itself writes when
a style is saved "in the database", with ``useAsDefault`` true: QGIS applies the style when
the layer is added. The documents are built with :mod:`xml.etree.ElementTree` from the
vocabulary (:mod:`heritage.vocabulary`) alone: no catalogue text goes into them.

Marker shapes follow the map: circle, triangle, diamond, a filled cross turned 45 degrees
(an x), square, star, and a ring (a circle drawn by its outline only) for ``unknown``.
Points have a white outline, as on the map, so that they stand out on any background.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Final

from heritage import vocabulary as v

#: QGIS simple-marker name and rotation for each vocabulary shape.
MARKERS: Final[dict[str, tuple[str, int]]] = {
    "circle": ("circle", 0),
    "triangle": ("triangle", 0),
    "diamond": ("diamond", 0),
    "cross": ("cross_fill", 45),
    "square": ("square", 0),
    "star": ("star", 0),
    "ring": ("circle", 0),
}
#: The QML header QGIS writes (its document type is named by this public identifier).
DOCTYPE: Final[str] = "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>"


def rgba(hex_colour: str, alpha: int = 255) -> str:
    """Turn ``#RRGGBB`` into QGIS's ``r,g,b,a``."""
    rgb = hex_colour.lstrip("#")
    return ",".join(str(int(rgb[i : i + 2], 16)) for i in (0, 2, 4)) + f",{alpha}"


def _options(parent: ET.Element, values: dict[str, str]) -> None:
    # QGIS 3.x reads symbol-layer settings from an <Option type="Map"> element.
    option_map = ET.SubElement(parent, "Option", type="Map")
    for key, value in values.items():
        ET.SubElement(option_map, "Option", name=key, type="QString", value=value)


def _marker(term: v.StatusTerm) -> dict[str, str]:
    name, angle = MARKERS.get(term.shape, ("circle", 0))
    ring = term.shape == "ring"
    return {
        "name": name,
        "angle": str(angle),
        "color": rgba(term.colour, 0 if ring else 255),
        "outline_color": rgba(term.colour) if ring else "255,255,255,255",
        "outline_style": "solid",
        "outline_width": "0.9" if ring else "0.4",
        "outline_width_unit": "MM",
        "size": "3.6",
        "size_unit": "MM",
        "scale_method": "diameter",
        "joinstyle": "round",
    }


def _fill(term: v.StatusTerm) -> dict[str, str]:
    return {
        "color": rgba(term.colour, 102),
        "style": "solid",
        "outline_color": rgba(term.colour),
        "outline_style": "solid",
        "outline_width": "0.5",
        "outline_width_unit": "MM",
        "joinstyle": "round",
    }


def categorised_renderer(kind: str, field: str = "status") -> ET.Element:
    """Return the ``renderer-v2`` element that draws each status in its colour and shape.

    Parameters
    ----------
    kind
        ``marker`` for a point layer, ``fill`` for a polygon layer.
    field
        The attribute that holds the status code.

    Returns
    -------
    xml.etree.ElementTree.Element
        A categorised renderer, one category per status including ``unknown``, in the
        vocabulary's order.
    """
    renderer = ET.Element(
        "renderer-v2",
        type="categorizedSymbol",
        attr=field,
        symbollevels="0",
        enableorderby="0",
        forceraster="0",
    )
    categories = ET.SubElement(renderer, "categories")
    symbols = ET.SubElement(renderer, "symbols")
    for index, term in enumerate((*v.STATUS_TERMS, v.UNKNOWN_STATUS)):
        ET.SubElement(
            categories,
            "category",
            render="true",
            symbol=str(index),
            value=term.code,
            label=term.label,
        )
        symbol = ET.SubElement(
            symbols,
            "symbol",
            type=kind,
            name=str(index),
            alpha="1",
            clip_to_extent="1",
            force_rhr="0",
        )
        layer_class = "SimpleMarker" if kind == "marker" else "SimpleFill"
        layer = ET.SubElement(symbol, "layer", {"class": layer_class, "enabled": "1"})
        layer.set("locked", "0")
        layer.set("pass", "0")
        _options(layer, _marker(term) if kind == "marker" else _fill(term))
    return renderer


def categorised_qml(kind: str, field: str = "status") -> str:
    """Return a QML style document with :func:`categorised_renderer` as its symbology.

    Parameters
    ----------
    kind
        ``marker`` for a point layer, ``fill`` for a polygon layer.
    field
        The attribute that holds the status code.

    Returns
    -------
    str
        The QML document.
    """
    root = ET.Element("qgis", version="3.22.0", styleCategories="Symbology")
    root.append(categorised_renderer(kind, field))
    ET.indent(root)
    return DOCTYPE + "\n" + ET.tostring(root, encoding="unicode") + "\n"


SLD_NS: Final[str] = "http://www.opengis.net/sld"
SE_NS: Final[str] = "http://www.opengis.net/se"
OGC_NS: Final[str] = "http://www.opengis.net/ogc"
#: SLD well-known marker names for the vocabulary's shapes (``diamond`` is QGIS's own name,
#: which QGIS and GeoServer read; the ring is a circle drawn by its outline).
WELL_KNOWN: Final[dict[str, str]] = {
    "circle": "circle",
    "triangle": "triangle",
    "diamond": "diamond",
    "cross": "x",
    "square": "square",
    "star": "star",
    "ring": "circle",
}


def _svg(parent: ET.Element, tag: str, values: dict[str, str]) -> None:
    element = ET.SubElement(parent, f"{{{SE_NS}}}{tag}")
    for name, value in values.items():
        ET.SubElement(element, f"{{{SE_NS}}}SvgParameter", name=name).text = value


def _symbolizer(rule: ET.Element, kind: str, term: v.StatusTerm) -> None:
    if kind == "fill":
        symbolizer = ET.SubElement(rule, f"{{{SE_NS}}}PolygonSymbolizer")
        _svg(symbolizer, "Fill", {"fill": term.colour, "fill-opacity": "0.4"})
        _svg(symbolizer, "Stroke", {"stroke": term.colour, "stroke-width": "2"})
        return
    symbolizer = ET.SubElement(rule, f"{{{SE_NS}}}PointSymbolizer")
    graphic = ET.SubElement(symbolizer, f"{{{SE_NS}}}Graphic")
    mark = ET.SubElement(graphic, f"{{{SE_NS}}}Mark")
    ET.SubElement(mark, f"{{{SE_NS}}}WellKnownName").text = WELL_KNOWN.get(term.shape, "circle")
    if term.shape in ("ring", "cross"):
        # Drawn by its outline (the x is a line mark): the status colour goes on the stroke.
        opacity = "0" if term.shape == "ring" else "1"
        _svg(mark, "Fill", {"fill": term.colour, "fill-opacity": opacity})
        _svg(mark, "Stroke", {"stroke": term.colour, "stroke-width": "3"})
    else:
        _svg(mark, "Fill", {"fill": term.colour})
        _svg(mark, "Stroke", {"stroke": "#ffffff", "stroke-width": "1.5"})
    ET.SubElement(graphic, f"{{{SE_NS}}}Size").text = "14"


def categorised_sld(layer: str, kind: str, field: str = "status") -> str:
    """Return an SLD 1.1 document equivalent to :func:`categorised_qml` (for ``styleSLD``).

    Parameters
    ----------
    layer
        The layer (table) name.
    kind
        ``marker`` for a point layer, ``fill`` for a polygon layer.
    field
        The attribute that holds the status code.

    Returns
    -------
    str
        One rule per status: a filter on ``field`` and the status's colour and mark.
    """
    ET.register_namespace("", SLD_NS)
    ET.register_namespace("se", SE_NS)
    ET.register_namespace("ogc", OGC_NS)
    root = ET.Element(f"{{{SLD_NS}}}StyledLayerDescriptor", version="1.1.0")
    named = ET.SubElement(root, f"{{{SLD_NS}}}NamedLayer")
    ET.SubElement(named, f"{{{SE_NS}}}Name").text = layer
    style = ET.SubElement(named, f"{{{SLD_NS}}}UserStyle")
    ET.SubElement(style, f"{{{SE_NS}}}Name").text = layer
    feature_style = ET.SubElement(style, f"{{{SE_NS}}}FeatureTypeStyle")
    for term in (*v.STATUS_TERMS, v.UNKNOWN_STATUS):
        rule = ET.SubElement(feature_style, f"{{{SE_NS}}}Rule")
        ET.SubElement(rule, f"{{{SE_NS}}}Name").text = term.code
        description = ET.SubElement(rule, f"{{{SE_NS}}}Description")
        ET.SubElement(description, f"{{{SE_NS}}}Title").text = term.label
        condition = ET.SubElement(
            ET.SubElement(rule, f"{{{OGC_NS}}}Filter"), f"{{{OGC_NS}}}PropertyIsEqualTo"
        )
        ET.SubElement(condition, f"{{{OGC_NS}}}PropertyName").text = field
        ET.SubElement(condition, f"{{{OGC_NS}}}Literal").text = term.code
        _symbolizer(rule, kind, term)
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"
