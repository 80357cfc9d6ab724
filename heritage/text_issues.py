"""The text rule of :mod:`heritage.text` as validation issues, for ``heritage validate``.

``invalid-character`` and ``text-too-long`` errors, each with the JSON pointer and site id of
the text or member name that breaks the rule.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from typing import Any

from heritage.codes import issue
from heritage.issues import Issue, pointer
from heritage.text import (
    DEFAULT_LIMIT,
    FIELD_LIMITS,
    KEY_LIMIT,
    MULTILINE_FIELDS,
    describe_character,
    field_name,
    forbidden_character,
    limit_of,
)


def check_text(data: Any, only: Collection[int] | None = None) -> Iterator[Issue]:
    """Report every text and member name that breaks the character or length rule.

    Parameters
    ----------
    data
        A parsed catalogue (any JSON value).
    only
        Positions of the features to look at (default: all of them).

    Yields
    ------
    Issue
        ``invalid-character`` and ``text-too-long`` errors, with pointer and site id.
    """
    features = data.get("features") if isinstance(data, dict) else None
    if not isinstance(features, list):
        yield from _walk(data, (), data)
        return
    yield from _walk({k: v for k, v in data.items() if k != "features"}, (), data)
    for i, feature in enumerate(features):
        if only is not None and i not in only:
            continue
        # A quick yes/no per feature first (about 2 s for 100,000 sites); paths are built
        # only for the few features that break the rule. Coordinates are numbers: skipped.
        if isinstance(feature, dict):
            parts = [(k, v) for k, v in feature.items() if k != "geometry"]
            if any(_breaks(k, KEY_LIMIT) or _bad(v, k) for k, v in parts):
                yield from _walk(dict(parts), ("features", i), data)
        elif _bad(feature, ""):
            yield from _walk(feature, ("features", i), data)


def _breaks(text: str, limit: int, multiline: bool = False) -> bool:
    return len(text) > limit or forbidden_character(text, multiline) is not None


def _bad(value: Any, key: Any) -> bool:
    """Whether anything in ``value`` (a member named ``key``) breaks the rule."""
    kind = type(value)
    if kind is str:
        # Language tags are keys of "name": their texts are names.
        return _breaks(value, FIELD_LIMITS.get(key, DEFAULT_LIMIT), key in MULTILINE_FIELDS)
    if kind is dict:
        inner = "name" if key == "name" else None
        for k, item in value.items():
            if type(k) is not str or _breaks(k, KEY_LIMIT) or _bad(item, inner or k):
                return True
        return False
    if kind is list:
        return any(_bad(item, key) for item in value)
    return False


def _walk(value: Any, path: tuple[Any, ...], data: Any) -> Iterator[Issue]:
    stack: list[tuple[Any, tuple[Any, ...]]] = [(value, path)]
    while stack:
        value, path = stack.pop()
        if isinstance(value, str):
            yield from _check_string(value, path, data)
        elif isinstance(value, dict):
            for key, item in value.items():
                if isinstance(key, str) and _breaks(key, KEY_LIMIT):
                    yield from _check_key(key, path, data)
                stack.append((item, (*path, key)))
        elif isinstance(value, list):
            stack.extend((item, (*path, i)) for i, item in enumerate(value))


def _site(data: Any, path: tuple[Any, ...]) -> str | None:
    if len(path) >= 2 and path[0] == "features" and isinstance(path[1], int):
        feature = data["features"][path[1]]
        fid = feature.get("id") if isinstance(feature, dict) else None
        return fid if isinstance(fid, str) else None
    return None


def _check_string(value: str, path: tuple[Any, ...], data: Any) -> Iterator[Issue]:
    field = field_name(path)
    multiline = field in MULTILINE_FIELDS
    limit = limit_of(field)
    label = f"'{field[:60]}'" if field else "the text"
    if len(value) > limit:
        yield issue(
            "text-too-long",
            f"{label} is {len(value):,} characters long; the limit is {limit:,}. Shorten it: "
            "cite the source for the detail, and keep longer remarks in 'note' "
            f"(up to {FIELD_LIMITS['note']:,}). See docs/data-model.md, 'Text'.",
            _site(data, path),
            pointer(*path),
        )
    at = forbidden_character(value, multiline)
    if at is not None:
        allowed = (
            "this field takes printable text, tabs and line feeds"
            if multiline
            else "this field takes printable text on one line (no tab or line break)"
        )
        yield issue(
            "invalid-character",
            f"{label} contains {describe_character(value[at])} at character {at + 1}; "
            f"{allowed}. Delete it (it is often pasted in invisibly from another program).",
            _site(data, path),
            pointer(*path),
        )


def _check_key(key: str, path: tuple[Any, ...], data: Any) -> Iterator[Issue]:
    at = forbidden_character(key)
    problem = (
        f"contains {describe_character(key[at])} at character {at + 1}"
        if at is not None
        else f"is {len(key):,} characters long (the limit is {KEY_LIMIT})"
    )
    yield issue(
        "invalid-character" if at is not None else "text-too-long",
        f"a member name {problem}; rename the member (see docs/data-model.md).",
        _site(data, path),
        pointer(*path, key),
    )
