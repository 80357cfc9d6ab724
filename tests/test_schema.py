"""The JSON Schema: shipped file up to date, referenced by the catalogue, checks what it says."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
from conftest import CATALOGUE, ROOT

from heritage import vocabulary as v
from heritage.schema import SCHEMA_REF, build_schema, load_schema


def test_shipped_schema_is_up_to_date() -> None:
    assert load_schema() == build_schema(), (
        "run: heritage schema -o heritage/schemas/sites.schema.json"
    )


def test_schema_is_valid_draft_2020_12() -> None:
    jsonschema.Draft202012Validator.check_schema(load_schema())


def test_catalogue_references_schema_for_editors(any_catalogue: Path) -> None:
    data = json.loads(any_catalogue.read_text("utf-8"))
    assert data["$schema"] == SCHEMA_REF
    assert (CATALOGUE.parent / SCHEMA_REF).resolve() == (
        ROOT / "heritage" / "schemas" / "sites.schema.json"
    )
    jsonschema.validate(data, load_schema())  # an editor using the schema alone sees no error


def test_vocabulary_drives_the_schema() -> None:
    schema = load_schema()
    props = schema["$defs"]["feature"]["properties"]["properties"]["properties"]
    assert props["kind"]["enum"] == list(v.KINDS)
    assert schema["$defs"]["event"]["properties"]["status"]["enum"] == list(v.STATUSES)
    assert "unknown" not in v.STATUSES  # computed, never written


def test_editor_sees_bad_status() -> None:
    bad = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "id": "a",
                "geometry": None,
                "properties": {
                    "name": {"en": "A"},
                    "kind": "church",
                    "history": [{"summary": "s", "status": "gone"}],
                },
            }
        ],
    }
    errors = list(jsonschema.Draft202012Validator(load_schema()).iter_errors(bad))
    assert any(e.validator == "enum" for e in errors)


def test_documented_vocabulary_tables_are_current() -> None:
    from heritage.cli.docgen import fill_tables

    doc = ROOT / "docs" / "data-model.md"
    text = doc.read_text("utf-8")
    assert text.count("<!-- vocabulary:") == 5
    assert fill_tables(text) == text, "run: heritage gen-docs"


def test_every_validation_code_is_documented() -> None:
    from heritage.codes import of_area

    text = (ROOT / "docs" / "data-model.md").read_text("utf-8")
    assert all(f"`{c.code}`" in text for c in of_area("validate"))


def test_the_schema_bounds_every_text_that_the_text_rule_bounds() -> None:
    # Validation skips the walk over every text when the compiled schema check passes and
    # the file shows no sign of a forbidden character; that is sound only if the schema
    # bounds every length the text rule checks (members and member names alike).
    from heritage.schema import build_schema

    loose: list[str] = []

    def walk(node: Any, path: tuple[Any, ...]) -> None:
        if isinstance(node, dict):
            kinds = node.get("type")
            kinds = kinds if isinstance(kinds, list) else [kinds]
            bounded = {"maxLength", "enum", "const"} & set(node)
            dates = "date" in path[-1:] or path[-1:] in (("published",), ("accessed",))
            if "string" in kinds and not bounded and not (dates and "pattern" in node):
                loose.append("/".join(map(str, path)))
            if "object" in kinds and "geometry" not in path and "propertyNames" not in node:
                loose.append("/".join(map(str, path)) + " (member names)")
            for key, value in node.items():
                walk(value, (*path, key))
        elif isinstance(node, list):
            for i, value in enumerate(node):
                walk(value, (*path, i))

    walk(build_schema(), ())
    assert loose == []
