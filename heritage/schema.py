"""The JSON Schema of the catalogue, generated from :mod:`heritage.vocabulary`.

The schema is shipped as ``heritage/schemas/sites.schema.json`` and referenced by
``data/sites.geojson`` (``"$schema"``) so that editors check a file while it is typed. A
test keeps the shipped file equal to :func:`build_schema`; regenerate it with
``heritage schema -o heritage/schemas/sites.schema.json``.

Subschemas carry an ``x-code`` annotation naming the issue code that the validator reports
when they fail, so that messages stay specific (``unknown-status`` rather than a generic
schema error).
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any, Final

from heritage import text, urls
from heritage import vocabulary as v

SCHEMA_ID: Final[str] = "https://heritage.example.org/schema/sites.schema.json"
SCHEMA_FILE: Final[str] = "sites.schema.json"
#: Relative reference written into data/sites.geojson for editors.
SCHEMA_REF: Final[str] = "../heritage/schemas/sites.schema.json"

# [0-9], not \d: in Python and Rust regular expressions \d matches any script's digits.
_SINGLE_DATE = r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?"
#: The end of the text. Python's ``$`` (which the jsonschema package uses) also matches
#: before a final newline, so "abc\n" passed as an id; the lookahead holds in Python, Rust
#: (jsonschema-rs) and the ECMA 262 dialect editors use.
END_OF_TEXT: Final[str] = r"$(?![\s\S])"
DATE_PATTERN: Final[str] = (
    rf"^({_SINGLE_DATE}|{_SINGLE_DATE}/{_SINGLE_DATE}|\.\./{_SINGLE_DATE}|{_SINGLE_DATE}/\.\.)"
    + END_OF_TEXT
)
ID_PATTERN: Final[str] = r"^[a-z0-9]+(-[a-z0-9]+)*" + END_OF_TEXT
EXTENSIONS: Final[dict[str, Any]] = {f"^{v.EXTENSION_PREFIX}": {"$ref": "#/$defs/extension"}}
#: Member names: at most heritage.text.KEY_LIMIT characters.
NAMES: Final[dict[str, Any]] = {"maxLength": text.KEY_LIMIT}


def _text(description: str, field: str) -> dict[str, Any]:
    return {
        "type": "string",
        "minLength": 1,
        "maxLength": text.limit_of(field),
        "description": description,
    }


def _url(description: str) -> dict[str, Any]:
    return {
        "type": "string",
        "maxLength": text.FIELD_LIMITS["url"],
        "pattern": urls.SCHEMA_PATTERN,
        "description": description + " Only http and https URLs.",
        "x-code": "invalid-url",
    }


def _enum(values: tuple[str, ...], code: str, description: str) -> dict[str, Any]:
    return {"type": "string", "enum": list(values), "description": description, "x-code": code}


def _date(description: str, nullable: bool = True) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "type": ["string", "null"] if nullable else "string",
        "pattern": DATE_PATTERN,
        "description": description,
        "x-code": "invalid-date",
    }
    return schema


def _source() -> dict[str, Any]:
    return {
        "type": "object",
        "description": "A source cited for a claim.",
        "required": ["url"],
        "properties": {
            "url": _url("Where the claim can be read."),
            "title": _text("Title of the page or document.", "title"),
            "publisher": _text("Who published it.", "publisher"),
            "published": _date("When it was published.", nullable=False),
            "accessed": _date("When it was read.", nullable=False),
            "archived": _url("An archived copy (for example on the Wayback Machine)."),
            "via": _url(
                "The copy actually read (a mirror or proxy of the page at url), kept so "
                "that the citation can be traced; url is the original."
            ),
        },
        "patternProperties": EXTENSIONS,
        "propertyNames": NAMES,
        "additionalProperties": False,
    }


def _sources(description: str) -> dict[str, Any]:
    return {"type": "array", "items": {"$ref": "#/$defs/source"}, "description": description}


def _event() -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["summary"],
        "properties": {
            "date": _date(
                "YYYY, YYYY-MM, YYYY-MM-DD, an interval A/B of those, ../B (by B), "
                "A/.. (after A), or null (undated)."
            ),
            "approximate": {"type": "boolean", "description": "The date is approximate (circa)."},
            "type": _enum(
                v.EVENT_TYPES, "unknown-event-type", "What kind of event (default condition)."
            ),
            "status": _enum(v.STATUSES, "unknown-status", "The condition reported or asserted."),
            "summary": _text(
                "What was reported, in neutral wording (who reported what, when).", "summary"
            ),
            "reported_by": _text("Who reported it.", "reported_by"),
            "reporter_type": _text(
                "What kind of reporter: monitoring body, government, media...", "reporter_type"
            ),
            "confidence": _enum(
                v.CONFIDENCES, "unknown-confidence", "How directly the source supports the event."
            ),
            "note": _text("Caveats: unclear dates, disagreements, what to confirm.", "note"),
            "sources": _sources("Sources for this event."),
        },
        "patternProperties": EXTENSIONS,
        "propertyNames": NAMES,
        "additionalProperties": False,
        "allOf": [
            {
                "if": {
                    "properties": {"type": {"const": "condition"}},
                },
                "then": {"required": ["status"], "x-code": "missing-status"},
            },
            # Who says so is part of every status and every claim: without it a reader
            # cannot weigh the report (docs/data-model.md, "Events").
            {
                "if": {"required": ["status"]},
                "then": {"required": ["reported_by"], "x-code": "missing-reported-by"},
            },
            {
                "if": {"required": ["type"], "properties": {"type": {"const": "claim"}}},
                "then": {"required": ["reported_by"], "x-code": "missing-reported-by"},
            },
        ],
    }


def build_schema() -> dict[str, Any]:
    """Build the catalogue's JSON Schema (Draft 2020-12) from the vocabulary.

    Returns
    -------
    dict
        The schema as a JSON-ready dict.
    """
    properties = {
        "type": "object",
        "required": ["name", "kind", "history"],
        "properties": {
            "name": {
                "type": "object",
                "description": "Names by language tag (en required; hy, az, ru...).",
                "required": ["en"],
                "additionalProperties": _text("The name in this language.", "name"),
                "propertyNames": NAMES,
                "x-code": "missing-english-name",
            },
            "alt_names": {
                "type": "array",
                "items": _text("Another name or spelling.", "alt_names"),
            },
            "kind": _enum(v.KINDS, "unknown-kind", "What kind of site."),
            "built": _text(
                "When it was built, as free text (keep disagreeing dates side by side).", "built"
            ),
            "built_source": _url("The source of the building date."),
            "region": _text("Where it is: district, province, region.", "region"),
            "place": {
                "type": "string",
                "maxLength": text.limit_of("place"),
                "pattern": r"^[a-z]{2}(-[a-z0-9]+)*$",
                "description": "The id of the smallest administrative unit the site lies in, "
                "from the gazetteer data/places.json (for example az-shusha-district).",
                "x-code": "unknown-place",
            },
            "location": {
                "type": "object",
                "description": "What the geometry is and where it comes from.",
                "properties": {
                    "precision": _enum(v.PRECISIONS, "unknown-precision", "What the point is."),
                    "source": _url("Where the coordinates come from."),
                    "via": _url("The copy of the source actually read (source is the original)."),
                    "note": _text("Notes on the location.", "note"),
                    "sensitive": {
                        "type": "boolean",
                        "description": "Publish only a generalised location.",
                    },
                },
                "patternProperties": EXTENSIONS,
                "propertyNames": NAMES,
                "additionalProperties": False,
            },
            "refs": {
                "type": "object",
                "description": 'Identifiers elsewhere, e.g. {"wikidata": "Q..."}.',
                "additionalProperties": {
                    "type": ["string", "integer"],
                    "maxLength": text.DEFAULT_LIMIT,
                },
                "propertyNames": NAMES,
            },
            "notes": _text("Notes on the site as a whole.", "notes"),
            "sources": _sources(
                "Further sources about the site as a whole, besides those cited by events, "
                "built_source and location.source."
            ),
            "withdrawn": {
                "type": "object",
                "description": "Set when the site is withdrawn (never deleted).",
                "required": ["date", "reason"],
                "properties": {
                    "date": _date("When it was withdrawn.", nullable=False),
                    "reason": _text(
                        "Why (a duplicate of another id, not a heritage site...).", "reason"
                    ),
                },
                "propertyNames": NAMES,
                "patternProperties": EXTENSIONS,
                "additionalProperties": False,
            },
            "history": {
                "type": "array",
                "description": "Dated, sourced events, in chronological order.",
                "items": {"$ref": "#/$defs/event"},
            },
        },
        "patternProperties": EXTENSIONS,
        "propertyNames": NAMES,
        "additionalProperties": False,
    }
    position = {"type": "array", "minItems": 2, "maxItems": 3, "items": {"type": "number"}}
    ring = {"type": "array", "minItems": 4, "items": position}
    geometry = {
        "x-code": "invalid-geometry",
        "oneOf": [
            {"type": "null"},
            {
                "type": "object",
                "required": ["type", "coordinates"],
                "properties": {"type": {"const": "Point"}, "coordinates": position},
            },
            {
                "type": "object",
                "required": ["type", "coordinates"],
                "properties": {
                    "type": {"const": "Polygon"},
                    "coordinates": {"type": "array", "minItems": 1, "items": ring},
                },
            },
            {
                "type": "object",
                "required": ["type", "coordinates"],
                "properties": {
                    "type": {"const": "MultiPolygon"},
                    "coordinates": {
                        "type": "array",
                        "minItems": 1,
                        "items": {"type": "array", "minItems": 1, "items": ring},
                    },
                },
            },
        ],
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "heritage catalogue",
        "description": "Cultural heritage sites with a dated, sourced status history "
        "(GeoJSON FeatureCollection). See docs/data-model.md.",
        "type": "object",
        "required": ["type", "features"],
        "properties": {
            "type": {"const": "FeatureCollection", "x-code": "not-feature-collection"},
            "features": {"type": "array", "items": {"$ref": "#/$defs/feature"}},
        },
        "propertyNames": NAMES,
        "additionalProperties": {"$ref": "#/$defs/extension"},
        "$defs": {
            "feature": {
                "type": "object",
                "required": ["type", "id", "geometry", "properties"],
                "properties": {
                    "type": {"const": "Feature", "x-code": "not-a-feature"},
                    "id": {
                        "type": "string",
                        "maxLength": text.FIELD_LIMITS["id"],
                        "pattern": ID_PATTERN,
                        "description": "Stable lowercase slug, unique, never reused.",
                        "x-code": "invalid-id",
                    },
                    "geometry": geometry,
                    "properties": properties,
                },
                "propertyNames": NAMES,
                "additionalProperties": {"$ref": "#/$defs/extension"},
            },
            "event": _event(),
            "source": _source(),
            # Any JSON, its texts and member names within the limits (heritage.text):
            # extensions (x_...) and members of the collection and features outside the model.
            "extension": {
                "maxLength": text.DEFAULT_LIMIT,
                "items": {"$ref": "#/$defs/extension"},
                "propertyNames": NAMES,
                "additionalProperties": {"$ref": "#/$defs/extension"},
            },
        },
    }


#: Keywords about values rather than shape: left out of :func:`structural_schema`.
_VALUE_KEYWORDS: Final[frozenset[str]] = frozenset(
    {"enum", "pattern", "minLength", "allOf", "description", "x-code"}
)


def structural_schema() -> dict[str, Any]:
    """Return the schema's shape alone: types, members, geometry and lengths, not vocabulary.

    Readers that skip validation (``--no-check``) refuse a file that breaks this, so that a
    wrong type anywhere is a message rather than a failure deep inside; a value outside the
    vocabulary, a malformed date or URL are still theirs to carry (validation reports them).
    """

    def strip(node: Any) -> Any:
        if isinstance(node, list):
            return [strip(item) for item in node]
        if not isinstance(node, dict):
            return node
        loose = node.get("x-code") in ("not-feature-collection", "not-a-feature")
        return {
            key: strip(value)
            for key, value in node.items()
            if key not in _VALUE_KEYWORDS
            and not (loose and key == "const")
            and not (key == "additionalProperties" and value is False)  # unknown: a warning
        }

    result: dict[str, Any] = strip(build_schema())
    return result


def load_schema() -> dict[str, Any]:
    """Return the schema shipped with the package (``heritage/schemas/sites.schema.json``)."""
    shipped = resources.files("heritage").joinpath("schemas", SCHEMA_FILE).read_text("utf-8")
    result: dict[str, Any] = json.loads(shipped)
    return result


def schema_text() -> str:
    """Return the schema as the text of the shipped file (2-space indent, trailing newline)."""
    return json.dumps(build_schema(), indent=2, ensure_ascii=False) + "\n"
