"""heritage diff reads files that were not validated: any value anywhere, never a traceback.

Every member of a small catalogue is replaced, one at a time, by values of every JSON type
and by values that look right but are not (text digits, out-of-range numbers, unknown
codes); the diff and its three renderings must succeed, and a change must never be called
"No changes". Also: ``true``/``1`` and ``false``/``0`` are different values (Python's ``==``
says otherwise), which matters for ``location.sensitive``.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from typing import Any

import pytest
from report_data import collection, event, feature

from heritage.diff import diff_texts, position
from heritage.errors import CatalogueParseError
from heritage.report.diff_render import render_diff

VALUES: list[Any] = [
    None,
    True,
    0,
    -1e308,
    "٢٠٢٠",
    "9999/..",
    [],
    [[1, "a"]],
    {},
    {"type": "Point"},
    {"type": "Polygon", "coordinates": [[[1, 2]]]},
    "http://[::1",
]


def base() -> dict[str, Any]:
    location = {"precision": "site", "sensitive": True, "note": "n", "source": "https://m.org/"}
    a = feature(
        "a",
        [event("2020", "intact"), event("2021-05", "damaged", url="https://e.org/x")],
        location=location,
    )
    b = feature("b", [event("2019", "intact")])
    b["geometry"] = {"type": "Polygon", "coordinates": [[[1, 2], [2, 2], [2, 3], [1, 2]]]}
    return collection(a, b)


def paths(obj: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    if prefix:
        yield prefix
    if isinstance(obj, dict):
        for k, x in obj.items():
            yield from paths(x, (*prefix, k))
    elif isinstance(obj, list):
        for i, x in enumerate(obj):
            yield from paths(x, (*prefix, i))


def replaced(data: dict[str, Any], path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    copied = copy.deepcopy(data)
    target = copied
    for p in path[:-1]:
        target = target[p]
    target[path[-1]] = copy.deepcopy(value)
    return copied


@pytest.mark.parametrize("value", VALUES, ids=repr)
def test_any_value_anywhere(value):
    original = base()
    for path in paths(original):
        head = replaced(original, path, value)
        if path == ("features",) and not isinstance(value, list):  # not a catalogue: exit 2
            with pytest.raises(CatalogueParseError, match="not a GeoJSON FeatureCollection"):
                diff_texts(json.dumps(original), json.dumps(head))
            continue
        for old, new in ((original, head), (head, original)):
            diff = diff_texts(json.dumps(old), json.dumps(new))
            outputs = [render_diff(diff, fmt) for fmt in ("text", "md", "json")]
            if head != original or json.dumps(head) != json.dumps(original):
                assert not diff.empty, path
                assert "No changes" not in outputs[0], (path, outputs[0])


@pytest.mark.parametrize(
    ("member", "before", "after"),
    [("sensitive", False, 0), ("sensitive", True, 1), ("precision", 1, 1.0)],
)
def test_true_is_not_1_and_false_is_not_0(member, before, after):
    old = collection(feature("a", [event("2020", "intact")], location={member: before}))
    new = copy.deepcopy(old)
    new["features"][0]["properties"]["location"][member] = after
    diff = diff_texts(json.dumps(old), json.dumps(new))
    assert not diff.empty
    text = render_diff(diff, "text")
    assert "No changes" not in text
    if member == "sensitive" and before is False:
        # now sensitive: the location details are hidden, the flag's change is shown
        assert "location.sensitive: false → 0" in text


@pytest.mark.parametrize(
    "coordinates",
    [["46", "39"], ["٤٦", 39.0], [True, 39.0], [46.0], [1e308, 39.0], [46.0, float("nan")]],
)
def test_positions_are_numbers_in_range(coordinates):
    site = {"geometry": {"type": "Point", "coordinates": coordinates}}
    assert position(site, False) is None
    assert position(site, True) is None
