"""KML export for Google Earth: one placemark per located site, styled by status.

The document is built with :mod:`xml.etree.ElementTree`, never by joining strings, so every
text is XML-escaped once by the serialiser. Google Earth renders a placemark's
``<description>`` as HTML, so the description is itself a small HTML fragment built from
:func:`html.escape`-d pieces (contributor text can never become markup) with links only to
http(s) URLs. Each style's balloon shows the description alone, so the site's name is never
put into HTML by Google Earth.

Status is told by colour (the vocabulary's Okabe-Ito colours) and by icon shape. Withdrawn
sites are left out. Each folder holds one geometry kind (points; sensitive sites' cells;
other sites' areas), so that GDAL and QGIS read each folder as one layer of one type. The
document is valid against the OGC KML 2.2 schema: elements in the schema's order, every
``id`` a valid ``xs:ID`` (:func:`xml_id`).
"""

from __future__ import annotations

import html
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Final

from heritage import dates
from heritage import vocabulary as v
from heritage.catalogue import Catalogue
from heritage.privacy import public_geometry
from heritage.records import EventRecord, SiteRecord, SourceRecord
from heritage.text import xml_safe_tree
from heritage.urls import web_url
from heritage.write import write_atomic

KML_NS: Final[str] = "http://www.opengis.net/kml/2.2"
#: Google Earth's built-in white icons (tinted by colour), one per vocabulary shape.
ICONS: Final[dict[str, str]] = {
    "circle": "placemark_circle",
    "triangle": "triangle",
    "diamond": "open-diamond",
    "cross": "forbidden",
    "square": "placemark_square",
    "star": "star",
    "ring": "donut",
}
ICON_BASE: Final[str] = "https://maps.google.com/mapfiles/kml/shapes/"


def kml_colour(hex_colour: str, alpha: str = "ff") -> str:
    """Turn ``#RRGGBB`` into KML's ``aabbggrr``."""
    rgb = hex_colour.lstrip("#").lower()
    return f"{alpha}{rgb[4:6]}{rgb[2:4]}{rgb[0:2]}"


def _sub(parent: ET.Element, tag: str, text: str | None = None) -> ET.Element:
    element = ET.SubElement(parent, tag)
    if text is not None:
        element.text = text
    return element


def _styles(document: ET.Element) -> None:
    for term in (*v.STATUS_TERMS, v.UNKNOWN_STATUS):
        style = _sub(document, "Style")
        style.set("id", f"status-{term.code}")
        icon_style = _sub(style, "IconStyle")
        _sub(icon_style, "color", kml_colour(term.colour))
        icon = _sub(icon_style, "Icon")
        _sub(icon, "href", f"{ICON_BASE}{ICONS.get(term.shape, 'placemark_circle')}.png")
        line = _sub(style, "LineStyle")
        _sub(line, "color", kml_colour(term.colour))
        _sub(line, "width", "2")
        poly = _sub(style, "PolyStyle")
        _sub(poly, "color", kml_colour(term.colour, "66"))
        balloon = _sub(style, "BalloonStyle")
        _sub(balloon, "text", "$[description]")


def _link(source: SourceRecord) -> str:
    url = web_url(source.url)
    if url is None:
        return ""
    label = source.title if source.title is not None else url
    text = f'<a href="{html.escape(url)}">{html.escape(label)}</a>'
    archived = web_url(source.archived)
    if archived:
        text += f' (<a href="{html.escape(archived)}">archived copy</a>)'
    return text


def _sources_html(sources: Iterable[SourceRecord]) -> str:
    links = [link for link in map(_link, sources) if link]
    return "Sources: " + "; ".join(links) if links else ""


def _event_html(event: EventRecord) -> str:
    etype = event.type
    status = event.status
    head = f"{dates.describe(event.date)}, {etype}"
    if status is not None:
        label = v.status_term(status).label.lower()
        # A claim asserts a status but never sets it: say so, as the map does.
        head += f" (asserted status: {label})" if etype == "claim" else f": {label}"
    parts = [f"<b>{html.escape(head)}</b>"]
    for value, prefix in (
        (event.summary, ""),
        (event.reported_by, "Reported by "),
        (event.note, "Note: "),
    ):
        if value is not None:
            parts.append(html.escape(prefix + value))
    if event.confidence is not None:
        parts.append(html.escape(f"Confidence: {event.confidence}"))
    sources = _sources_html(event.sources)
    if sources:
        parts.append(sources)
    return "<li>" + "<br>".join(parts) + "</li>"


def description(site: SiteRecord, status: str) -> str:
    """Return the HTML description of a site (every piece of data escaped).

    Parameters
    ----------
    site
        The site's record (:mod:`heritage.records`).
    status
        Its current status code.

    Returns
    -------
    str
        An HTML fragment: names, kind, region, status, history and sources.
    """
    names = site.names
    lines = [f"<h3>{html.escape(names.get('en', site.id))}</h3>"]
    others = [f"{lang}: {text}" for lang, text in sorted(names.items()) if lang != "en"]
    if others:
        lines.append(f"<p>{html.escape('; '.join(others))}</p>")
    facts = [
        f"Kind: {site.kind}",
        f"Current status: {v.status_term(status).label}",
    ]
    for value, label in ((site.region, "Region"), (site.built, "Built")):
        if value is not None:
            facts.append(f"{label}: {value}")
    if site.sensitive:
        facts.append("Location generalised to a 0.1-degree cell (sensitive site)")
    lines.append("<p>" + "<br>".join(html.escape(f) for f in facts) + "</p>")
    if site.events:
        lines.append("<ol>" + "".join(_event_html(e) for e in site.events) + "</ol>")
    site_sources = _sources_html(site.sources)
    if site_sources:
        lines.append(f"<p>{site_sources}</p>")
    return "".join(lines)


def xml_id(prefix: str, text: str) -> str:
    """Return a valid ``xs:ID`` for a text, unique for each text and the same every time.

    An ``xs:ID`` is an XML NCName: it starts with a letter or ``_`` and holds only letters,
    digits, ``.``, ``-`` and ``_``. Site ids may start with a digit (``1915-memorial``), so
    every id gets a prefix that starts with a letter, and any other character, ``_``
    included, is written as ``_<hex code>_``: two different texts never give the same id.

    Parameters
    ----------
    prefix
        Starts with an ASCII letter (``site-``, ``cell-``).
    text
        Any text, usually a site id.

    Returns
    -------
    str
        ``prefix`` followed by the escaped text.
    """
    escaped = "".join(
        c if c.isascii() and (c.isalnum() or c in ".-") else f"_{ord(c):x}_" for c in text
    )
    return prefix + escaped


def _coordinates(ring: Iterable[Any]) -> str:
    return " ".join(f"{float(p[0])!r},{float(p[1])!r}" for p in ring)


def _polygons(parent: ET.Element, geometry: dict[str, Any]) -> None:
    coordinates = geometry["coordinates"]
    polygons = [coordinates] if geometry["type"] == "Polygon" else coordinates
    target = parent if len(polygons) == 1 else _sub(parent, "MultiGeometry")
    for rings in polygons:
        polygon = _sub(target, "Polygon")
        for r, ring in enumerate(rings):
            boundary = _sub(polygon, "outerBoundaryIs" if r == 0 else "innerBoundaryIs")
            _sub(_sub(boundary, "LinearRing"), "coordinates", _coordinates(ring))


def _extended(placemark: ET.Element, values: Iterable[tuple[str, str]]) -> None:
    extended = _sub(placemark, "ExtendedData")
    for key, value in values:
        data = _sub(extended, "Data")
        data.set("name", key)
        _sub(data, "value", value)


def _folder(document: ET.Element, folder_id: str, name: str, text: str) -> ET.Element:
    # KML 2.2 Feature order: name, ..., description, ..., styleUrl, ..., ExtendedData.
    folder = _sub(document, "Folder")
    folder.set("id", folder_id)
    _sub(folder, "name", name)
    _sub(folder, "description", text)
    return folder


def kml_bytes(catalogue: Catalogue) -> bytes:
    """Return the KML document of a catalogue.

    One folder per geometry kind, so that no reader (GDAL, QGIS) splits a layer by geometry
    type: ``sites`` holds one point per located, not withdrawn site (a sensitive site at its
    cell centre, a site drawn as an area at a point inside it), ``sensitive-cells`` the
    cells of sensitive sites and ``site-areas`` the polygons of the other area sites.

    Parameters
    ----------
    catalogue
        A loaded catalogue.

    Returns
    -------
    bytes
        UTF-8 KML 2.2, valid against the OGC schema, placemarks sorted by site id.
    """
    root = ET.Element("kml", xmlns=KML_NS)
    document = _sub(root, "Document")
    _sub(document, "name", "heritage catalogue")
    _styles(document)
    points = _folder(document, "sites", "Sites", "Every located site as one point.")
    cells = _folder(
        document,
        "sensitive-cells",
        "Sensitive cells",
        "The 0.1-degree cell of each sensitive site (its exact position is not published).",
    )
    areas = _folder(document, "site-areas", "Site areas", "Sites drawn as an area.")
    statuses = catalogue.sites["status"]
    records = catalogue.records
    for fid in sorted(catalogue.features):
        site = records[fid]
        feature = site.feature
        position = site.point()
        if position is None or site.withdrawn is not None:
            continue
        status = str(statuses.get(fid, v.UNKNOWN_STATUS.code))
        name = site.names.get("en", fid)
        sensitive = site.sensitive
        placemark = _sub(points, "Placemark")
        placemark.set("id", xml_id("site-", fid))
        _sub(placemark, "name", name)
        _sub(placemark, "description", description(site, status))
        _sub(placemark, "styleUrl", f"#status-{status}")
        _extended(
            placemark,
            (
                ("site_id", fid),
                ("status", status),
                ("kind", str(site.kind)),
                ("generalised", "true" if sensitive else "false"),
            ),
        )
        _sub(_sub(placemark, "Point"), "coordinates", _coordinates([position]))
        geometry = public_geometry(feature)
        if geometry is None or geometry["type"] == "Point":
            continue
        area = _sub(cells if sensitive else areas, "Placemark")
        area.set("id", xml_id("cell-" if sensitive else "area-", fid))
        _sub(area, "name", name)
        _sub(area, "styleUrl", f"#status-{status}")
        _extended(area, (("site_id", fid), ("status", status)))
        _polygons(area, geometry)
    ET.indent(root)
    text: bytes = ET.tostring(xml_safe_tree(root), encoding="utf-8", xml_declaration=True)
    return text + b"\n"


def write_kml(catalogue: Catalogue, path: Path) -> list[Path]:
    """Write ``sites.kml`` atomically and return the files written."""
    write_atomic(path, kml_bytes(catalogue))
    return [path]
