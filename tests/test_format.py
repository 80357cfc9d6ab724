"""The canonical format: golden files, round-trip and idempotence, refusal, atomic writes."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from conftest import DATA
from hypothesis import given, settings
from hypothesis import strategies as st

from heritage.canonical import canonical_text, format_document, is_canonical, sorted_features
from heritage.document import parse
from heritage.errors import CatalogueWriteError, LossyDocumentError
from heritage.write import write_atomic

GOLDEN = sorted((DATA / "format").glob("*.in.geojson"))


@pytest.mark.parametrize("source", GOLDEN, ids=lambda p: p.name)
def test_golden_pairs(source: Path) -> None:
    expected = source.with_name(source.name.replace(".in.", ".out.")).read_text("utf-8")
    doc = parse(source.read_text("utf-8"))
    assert format_document(doc) == expected
    assert is_canonical(parse(expected))


def test_golden_files_exist() -> None:
    assert len(GOLDEN) >= 2


def test_layout_rules_on_golden_output() -> None:
    text = (DATA / "format" / "messy.out.geojson").read_text("utf-8")
    lines = text.splitlines()
    assert text.endswith("}\n")
    assert (
        '"geometry": {"type": "Point", "coordinates": [46.7500, 39.7600]},' in text
    )  # one line, digits kept
    assert '"ru": "Церковь"' in text  # \u escapes become readable text
    assert text.index('"alpha-monastery"') < text.index('"zeta-church"')  # sorted by id
    assert all((len(row) - len(row.lstrip(" "))) % 2 == 0 for row in lines)  # 2-space indent
    assert '            "summary": "Roof damaged.",' in lines  # each event member on its own line
    assert '"x_extra": {"z": 1, "a": [1.50, 2e-5, -0.0]}' in text  # foreign members kept as written


def sorted_by_id(data: dict[str, Any]) -> dict[str, Any]:
    return {**data, "features": sorted(data["features"], key=lambda f: f["id"])}


def test_real_catalogue_formats_losslessly_and_idempotently(any_catalogue: Path) -> None:
    # Any layout is acceptable in a pull request (the canonical one is applied after
    # merge): what must hold is that formatting keeps every value and then stays put.
    doc = parse(any_catalogue.read_text("utf-8"))
    text = format_document(doc)
    before, after = json.loads(doc.text), json.loads(text)
    assert sorted_by_id(after) == sorted_by_id(before)  # features are sorted by id
    assert format_document(parse(text)) == text
    assert is_canonical(parse(text))
    ids = [f["id"] for f in json.loads(text)["features"]]
    assert ids == sorted(ids)


def test_armenian_is_not_escaped() -> None:
    text = canonical_text(
        {
            "type": "FeatureCollection",
            "features": [{"id": "a", "properties": {"name": {"en": "A", "hy": "Ամարաս"}}}],
        }
    )
    assert "Ամարաս" in text and "\\u" not in text


@pytest.mark.parametrize(
    ("text", "what"),
    [
        ('{"type": "FeatureCollection", "features": [], "type": "x"}', "duplicate key"),
        ('{"type": "FeatureCollection", "features": [{"a": NaN}]}', "NaN"),
        ('{"type": "FeatureCollection", "features": [{"a": -Infinity}]}', "NaN or Infinity"),
        ('{"type": "FeatureCollection", "features": [{"a": 1e999}]}', "NaN or Infinity"),
    ],
)
def test_refuses_lossy_documents(text: str, what: str) -> None:
    with pytest.raises(LossyDocumentError, match=what) as info:
        format_document(parse(text, "x.geojson"))
    assert info.value.line == 1 and info.value.column is not None


def test_history_order_is_never_changed() -> None:
    events = [{"date": "2021", "summary": "b"}, {"date": "2020", "summary": "a"}]
    data = {
        "type": "FeatureCollection",
        "features": [{"type": "Feature", "id": "x", "properties": {"history": events}}],
    }
    assert [
        e["summary"]
        for e in json.loads(canonical_text(data))["features"][0]["properties"]["history"]
    ] == ["b", "a"]


def test_write_atomic_keeps_old_file_when_replace_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "sites.geojson"
    target.write_text("old", encoding="utf-8")

    def broken(*args: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(CatalogueWriteError, match="No space left"):
        write_atomic(target, "new")
    assert target.read_text("utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["sites.geojson"]  # no temporary file left


def test_write_atomic_keeps_permissions(tmp_path: Path) -> None:
    target = tmp_path / "f"
    target.write_text("a")
    target.chmod(0o640)
    write_atomic(target, "b")
    assert target.read_text() == "b" and (target.stat().st_mode & 0o777) == 0o640


# -- property-based: round-trip and idempotence ----------------------------------------

text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=20)
numbers = st.one_of(
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=False, allow_infinity=False),
)
json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), numbers, text),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(text, inner, max_size=4)),
    max_leaves=12,
)
event = st.fixed_dictionaries(
    {
        "summary": text,
        "date": st.one_of(st.none(), st.sampled_from(["2020", "2020-11", "2019/2021"])),
    },
    optional={
        "x_any": json_values,
        "status": text,
        "sources": st.lists(
            st.fixed_dictionaries({"url": text}, optional={"title": text}), max_size=2
        ),
    },
)
feature = st.fixed_dictionaries(
    {
        "type": st.just("Feature"),
        "id": st.one_of(text, st.integers(0, 5)),
        "geometry": st.one_of(
            st.none(),
            st.fixed_dictionaries(
                {"type": st.just("Point"), "coordinates": st.lists(numbers, min_size=2, max_size=2)}
            ),
        ),
        "properties": st.fixed_dictionaries(
            {
                "name": st.dictionaries(text, text, max_size=3),
                "history": st.lists(event, max_size=3),
            },
            optional={
                "kind": text,
                "sources": st.lists(st.fixed_dictionaries({"url": text}), max_size=2),
                "x_more": json_values,
                "location": json_values,
            },
        ),
    },
    optional={"x_foreign": json_values},
)
catalogues = st.fixed_dictionaries(
    {"type": st.just("FeatureCollection"), "features": st.lists(feature, max_size=4)},
    optional={"name": text, "x_meta": json_values},
)


@settings(max_examples=200, deadline=None)
@given(catalogues)
def test_round_trip_and_idempotence(data: dict[str, Any]) -> None:
    source = json.dumps(data, ensure_ascii=bool(len(str(data)) % 2))  # both escaped and raw input
    doc = parse(source)
    out = format_document(doc)
    assert parse(out).data == sorted_features(json.loads(source))
    assert format_document(parse(out)) == out


@settings(max_examples=100, deadline=None)
@given(json_values)
def test_any_json_value_round_trips(value: Any) -> None:
    out = canonical_text(value)
    assert parse(out).data == value
    assert canonical_text(parse(out).data) == out
