"""KML export for Google Earth: one placemark per located site, styled by status.

The document is written by the small serialiser of this module (:func:`_leaf`, :func:`_open`,
:func:`_parent`, :func:`_close`): every text and attribute value goes through :func:`_text`
or :func:`_attribute`, which make it XML-safe (:func:`heritage.text.xml_safe`) and escape
it, so no caller escapes anything itself. The document used to be built with
:mod:`xml.etree.ElementTree`, whose pure-Python serialiser took ten seconds at 100,000 sites;
the bytes are the same (``ET.indent``, then ``tostring`` with an XML declaration), tested
against it. Google Earth renders a placemark's
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
import re
from collections.abc import Iterable
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, Final

from heritage import dates
from heritage import vocabulary as v
from heritage.catalogue import Catalogue
from heritage.privacy import public_geometry
from heritage.records import EventRecord, SiteRecord, SourceRecord
from heritage.text import xml_safe
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
#: What ``ET.tostring(..., encoding="utf-8", xml_declaration=True)`` starts with.
DECLARATION: Final[str] = "<?xml version='1.0' encoding='utf-8'?>"
#: What comes before an element at each depth: a line feed and two spaces per level, as
#: ``ET.indent`` lays a document out (deep enough for a MultiGeometry's coordinates).
_PAD: Final[tuple[str, ...]] = tuple("\n" + "  " * depth for depth in range(12))
#: The characters :func:`html.escape` replaces.
_HTML_SPECIAL: Final = re.compile("[&<>\"']")
#: Texts that :func:`xml_id` keeps as they are: ASCII letters, digits, ``.`` and ``-``.
_ID_SAFE: Final = re.compile(r"[A-Za-z0-9.\-]*")


def kml_colour(hex_colour: str, alpha: str = "ff") -> str:
    """Turn ``#RRGGBB`` into KML's ``aabbggrr``."""
    rgb = hex_colour.lstrip("#").lower()
    return f"{alpha}{rgb[4:6]}{rgb[2:4]}{rgb[0:2]}"


def _text(value: str) -> str:
    """Return a text as XML character data: XML-safe, then ``&``, ``<`` and ``>`` escaped.

    What ``heritage.text.xml_safe_tree`` and ElementTree's serialiser did to every text.
    """
    text = xml_safe(value)
    # Tested before replacing, as ElementTree does: most texts hold none of them.
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


def _attribute(value: str) -> str:
    """Return an attribute value, XML-safe and escaped as ElementTree escapes attributes."""
    escaped = _text(value).replace('"', "&quot;").replace("\r", "&#13;")
    return escaped.replace("\n", "&#10;").replace("\t", "&#09;")


def _open(depth: int, tag: str, **attributes: str) -> str:
    """Return the start tag, on its own line, of an element that has child elements."""
    pairs = "".join(f' {name}="{_attribute(value)}"' for name, value in attributes.items())
    return f"{_PAD[depth]}<{tag}{pairs}>"


def _close(depth: int, tag: str) -> str:
    """Return the end tag, on its own line, of an element opened by :func:`_open`."""
    return f"{_PAD[depth]}</{tag}>"


def _leaf(depth: int, tag: str, text: str | None) -> str:
    """Return an element holding only text, on its own line.

    Without text it is an empty element (``<tag />``), as ElementTree writes one.
    """
    if not text:
        return f"{_PAD[depth]}<{tag} />"
    return f"{_PAD[depth]}<{tag}>{_text(text)}</{tag}>"


def _parent(depth: int, tag: str, children: list[str]) -> str:
    """Return an element with child elements (written at ``depth + 1``), or an empty one."""
    if not children:
        return f"{_PAD[depth]}<{tag} />"
    return _open(depth, tag) + "".join(children) + _close(depth, tag)


def _styles() -> list[str]:
    parts = []
    for term in (*v.STATUS_TERMS, v.UNKNOWN_STATUS):
        colour = kml_colour(term.colour)
        icon = f"{ICON_BASE}{ICONS.get(term.shape, 'placemark_circle')}.png"
        parts += [
            _open(2, "Style", id=f"status-{term.code}"),
            _open(3, "IconStyle"),
            _leaf(4, "color", colour),
            _open(4, "Icon"),
            _leaf(5, "href", icon),
            _close(4, "Icon"),
            _close(3, "IconStyle"),
            _open(3, "LineStyle"),
            _leaf(4, "color", colour),
            _leaf(4, "width", "2"),
            _close(3, "LineStyle"),
            _open(3, "PolyStyle"),
            _leaf(4, "color", kml_colour(term.colour, "66")),
            _close(3, "PolyStyle"),
            _open(3, "BalloonStyle"),
            _leaf(4, "text", "$[description]"),
            _close(3, "BalloonStyle"),
            _close(2, "Style"),
        ]
    return parts


def _html(text: str) -> str:
    """Return :func:`html.escape` of a text: most hold nothing to escape, and are kept."""
    return text if _HTML_SPECIAL.search(text) is None else html.escape(text)


def _link(source: SourceRecord) -> str:
    url = web_url(source.url)
    if url is None:
        return ""
    href = _html(url)
    label = _html(source.title) if source.title is not None else href
    text = f'<a href="{href}">{label}</a>'
    archived = web_url(source.archived)
    if archived:
        text += f' (<a href="{_html(archived)}">archived copy</a>)'
    return text


def _sources_html(sources: Iterable[SourceRecord]) -> str:
    links = [link for link in map(_link, sources) if link]
    return "Sources: " + "; ".join(links) if links else ""


@lru_cache(maxsize=256)
def _status_label(code: str) -> str:
    # Asked for every event; the vocabulary's lookup walks its terms each time.
    return v.status_term(code).label


def _event_html(event: EventRecord) -> str:
    etype = event.type
    status = event.status
    head = f"{dates.describe(event.date)}, {etype}"
    if status is not None:
        label = _status_label(status).lower()
        # A claim asserts a status but never sets it: say so, as the map does.
        head += f" (asserted status: {label})" if etype == "claim" else f": {label}"
    parts = [f"<b>{_html(head)}</b>"]
    for value, prefix in (
        (event.summary, ""),
        (event.reported_by, "Reported by "),
        (event.note, "Note: "),
    ):
        if value is not None:
            parts.append(_html(prefix + value))
    if event.confidence is not None:
        parts.append(_html(f"Confidence: {event.confidence}"))
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
    lines = [f"<h3>{_html(names.get('en', site.id))}</h3>"]
    others = [f"{lang}: {text}" for lang, text in sorted(names.items()) if lang != "en"]
    if others:
        lines.append(f"<p>{_html('; '.join(others))}</p>")
    facts = [
        f"Kind: {site.kind}",
        f"Current status: {_status_label(status)}",
    ]
    for value, label in ((site.region, "Region"), (site.built, "Built")):
        if value is not None:
            facts.append(f"{label}: {value}")
    if site.sensitive:
        facts.append("Location generalised to a 0.1-degree cell (sensitive site)")
    lines.append("<p>" + "<br>".join([_html(f) for f in facts]) + "</p>")
    if site.events:
        lines.append("<ol>" + "".join([_event_html(e) for e in site.events]) + "</ol>")
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
    if _ID_SAFE.fullmatch(text):  # the usual id: nothing to escape (one check, not one a character)
        return prefix + text
    escaped = "".join(
        c if c.isascii() and (c.isalnum() or c in ".-") else f"_{ord(c):x}_" for c in text
    )
    return prefix + escaped


def _coordinates(ring: Iterable[Any]) -> str:
    return " ".join([f"{float(p[0])!r},{float(p[1])!r}" for p in ring])


def _polygons(depth: int, geometry: dict[str, Any]) -> str:
    """Return a Polygon, or a MultiGeometry of Polygons, with the rings of a geometry."""
    coordinates = geometry["coordinates"]
    polygons = [coordinates] if geometry["type"] == "Polygon" else coordinates
    single = len(polygons) == 1
    at = depth if single else depth + 1
    written = []
    for rings in polygons:
        boundaries = [
            _parent(
                at + 1,
                "outerBoundaryIs" if r == 0 else "innerBoundaryIs",
                [_parent(at + 2, "LinearRing", [_leaf(at + 3, "coordinates", _coordinates(ring))])],
            )
            for r, ring in enumerate(rings)
        ]
        written.append(_parent(at, "Polygon", boundaries))
    return "".join(written) if single else _parent(depth, "MultiGeometry", written)


@cache
def _data_start(depth: int, key: str) -> str:
    # The few keys are the code's own: each start tag is made once, not once per site.
    return _open(depth, "Data", name=key)


def _extended(depth: int, values: Iterable[tuple[str, str]]) -> str:
    pad = _PAD[depth + 1]
    data = [
        f"{_data_start(depth + 1, key)}{_leaf(depth + 2, 'value', value)}{pad}</Data>"
        for key, value in values
    ]
    return _parent(depth, "ExtendedData", data)


def _folder(folder_id: str, name: str, text: str, placemarks: list[bytes]) -> list[bytes]:
    # KML 2.2 Feature order: name, ..., description, ..., styleUrl, ..., ExtendedData.
    head = _open(2, "Folder", id=folder_id) + _leaf(3, "name", name) + _leaf(3, "description", text)
    return [head.encode(), *placemarks, _close(2, "Folder").encode()]


def _point_placemark(
    site: SiteRecord, fid: str, name: str, status: str, position: tuple[float, float]
) -> str:
    """Return the placemark of a site's point (at depth 3: inside a folder)."""
    data = (
        ("site_id", fid),
        ("status", status),
        ("kind", str(site.kind)),
        ("generalised", "true" if site.sensitive else "false"),
    )
    return (
        f'{_PAD[3]}<Placemark id="{_attribute(xml_id("site-", fid))}">'
        f"{_leaf(4, 'name', name)}"
        f"{_leaf(4, 'description', description(site, status))}"
        f"{_leaf(4, 'styleUrl', f'#status-{status}')}"
        f"{_extended(4, data)}"
        f"{_PAD[4]}<Point>{_leaf(5, 'coordinates', _coordinates([position]))}{_PAD[4]}</Point>"
        f"{_PAD[3]}</Placemark>"
    )


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
    points: list[bytes] = []
    cells: list[bytes] = []
    areas: list[bytes] = []
    statuses = catalogue.sites["status"]
    # One dict instead of a pandas lookup per site (0.7 s at 100,000 sites). A catalogue
    # loaded unchecked may repeat an id: pandas' own lookup then answers, as it always did.
    status_of: Any = (
        dict(zip(statuses.index, statuses.tolist(), strict=True))
        if statuses.index.is_unique
        else statuses
    )
    records = catalogue.records
    for fid in sorted(catalogue.features):
        site = records[fid]
        feature = site.feature
        position = site.point()
        if position is None or site.withdrawn is not None:
            continue
        status = str(status_of.get(fid, v.UNKNOWN_STATUS.code))
        name = site.names.get("en", fid)
        sensitive = site.sensitive
        # Each placemark is encoded at once: the document as one str would be stored with
        # 2 or 4 bytes per character as soon as one name is Armenian or an emoji.
        points.append(_point_placemark(site, fid, name, status, position).encode())
        geometry = public_geometry(feature)
        if geometry is None or geometry["type"] == "Point":
            continue
        area = [
            _open(3, "Placemark", id=xml_id("cell-" if sensitive else "area-", fid)),
            _leaf(4, "name", name),
            _leaf(4, "styleUrl", f"#status-{status}"),
            _extended(4, (("site_id", fid), ("status", status))),
            _polygons(4, geometry),
            _close(3, "Placemark"),
        ]
        (cells if sensitive else areas).append("".join(area).encode())
    head = [
        DECLARATION,
        _open(0, "kml", xmlns=KML_NS),
        _open(1, "Document"),
        _leaf(2, "name", "heritage catalogue"),
        *_styles(),
    ]
    tail = _close(1, "Document") + _close(0, "kml") + "\n"
    # One join of every piece: the document is copied once.
    return b"".join(
        [
            "".join(head).encode(),
            *_folder("sites", "Sites", "Every located site as one point.", points),
            *_folder(
                "sensitive-cells",
                "Sensitive cells",
                "The 0.1-degree cell of each sensitive site (its exact position is not published).",
                cells,
            ),
            *_folder("site-areas", "Site areas", "Sites drawn as an area.", areas),
            tail.encode(),
        ]
    )


def write_kml(catalogue: Catalogue, path: Path) -> list[Path]:
    """Write ``sites.kml`` atomically and return the files written."""
    write_atomic(path, kml_bytes(catalogue))
    return [path]
