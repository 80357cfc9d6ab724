"""The canonical text of a catalogue: small diffs, stable line numbers, nothing lost.

Layout: 2-space indent; the collection, each feature, its ``properties``, its ``history``
and each event are spread over lines, one member per line; geometry, names, locations and
each source stand on one line; fixed key order (contract members in the order of
:mod:`heritage.vocabulary`, then other members alphabetically); features sorted by id;
non-ASCII text kept as written; numbers kept exactly as written; a trailing newline.

History order is never changed: list order breaks ties between events of the same date, so
reordering would change meaning.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from json.encoder import encode_basestring as _encode_string
from typing import Any

from heritage import vocabulary as v
from heritage.document import Document, RawFloat, RawInt, parse
from heritage.errors import HeritageError, LossyDocumentError

_INDENT = "  "


def _ordered(obj: dict[str, Any], order: Sequence[str]) -> list[str]:
    known = [k for k in order if k in obj]
    rest = sorted(k for k in obj if k not in order)
    return known + rest


def _scalar(value: Any) -> str:
    # The encoder's own string escaper: quotes, backslashes and control characters only,
    # so non-ASCII text stays as written. Far cheaper than json.dumps per value.
    if isinstance(value, str):
        return _encode_string(value)
    if isinstance(value, RawFloat | RawInt):
        return value.raw
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    return json.dumps(value, allow_nan=False)


def _inline(value: Any, order: Sequence[str] | None = None) -> str:
    """Write a value on one line; known objects in their fixed order, others as written."""
    if isinstance(value, dict):
        if not value:
            return "{}"
        keys = _ordered(value, order) if order is not None else list(value)
        return "{" + ", ".join(f"{_scalar(k)}: {_inline(value[k])}" for k in keys) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_inline(x) for x in value) + "]"
    return _scalar(value)


def _block(lines: list[str], depth: int, members: list[tuple[str, str]], close: str) -> None:
    for i, (key, text) in enumerate(members):
        comma = "," if i < len(members) - 1 else ""
        lines.append(f"{_INDENT * depth}{_scalar(key)}: {text}{comma}")
    lines.append(f"{_INDENT * (depth - 1)}{close}")


def _list_block(items: list[str], depth: int) -> str:
    """Return an array spread one item per line (each item already rendered)."""
    if not items:
        return "[]"
    pad = _INDENT * depth
    body = ",\n".join(f"{pad}{item}" for item in items)
    return "[\n" + body + "\n" + _INDENT * (depth - 1) + "]"


def _sources(value: Any, depth: int) -> str:
    if not isinstance(value, list):
        return _inline(value)
    return _list_block(
        [_inline(s, v.SOURCE_ORDER if isinstance(s, dict) else None) for s in value], depth
    )


def _event(event: Any, depth: int) -> str:
    if not isinstance(event, dict) or not event:
        return _inline(event)
    lines = ["{"]
    members = [
        (k, _sources(event[k], depth + 1) if k == "sources" else _inline(event[k]))
        for k in _ordered(event, v.EVENT_ORDER)
    ]
    _block(lines, depth, members, "}")
    return "\n".join(lines)


def _name(value: Any) -> str:
    if not isinstance(value, dict):
        return _inline(value)
    order = ["en", *sorted(k for k in value if k != "en")]
    return _inline(value, order)


def _property(key: str, value: Any, depth: int) -> str:
    if key == "history" and isinstance(value, list):
        return _list_block([_event(e, depth + 2) for e in value], depth + 1)
    if key == "sources":
        return _sources(value, depth + 1)
    if key == "name":
        return _name(value)
    if key == "location":
        return _inline(value, v.LOCATION_ORDER if isinstance(value, dict) else None)
    if key == "withdrawn":
        return _inline(value, v.WITHDRAWN_ORDER if isinstance(value, dict) else None)
    return _inline(value)


def _properties(props: Any, depth: int) -> str:
    if not isinstance(props, dict) or not props:
        return _inline(props)
    lines = ["{"]
    members = [(k, _property(k, props[k], depth)) for k in _ordered(props, v.PROPERTY_ORDER)]
    _block(lines, depth, members, "}")
    return "\n".join(lines)


def _feature(feature: Any, depth: int) -> str:
    if not isinstance(feature, dict) or not feature:
        return _inline(feature)
    lines = ["{"]
    members = [
        (
            k,
            _properties(feature[k], depth + 1)
            if k == "properties"
            else _inline(feature[k], ("type", "coordinates") if k == "geometry" else None),
        )
        for k in _ordered(feature, v.FEATURE_ORDER)
    ]
    _block(lines, depth, members, "}")
    return "\n".join(lines)


def _feature_sort_key(indexed: tuple[int, Any]) -> tuple[int, str, int]:
    index, feature = indexed
    fid = feature.get("id") if isinstance(feature, dict) else None
    if isinstance(fid, str):
        return (0, fid, index)
    return (1, "", index)


def sorted_features(data: Any) -> Any:
    """Return ``data`` with its features in canonical (id) order; other values unchanged.

    Feature order carries no meaning in a catalogue, so this is the only reordering that
    :func:`canonical_text` does; comparing through it checks that nothing else changed.
    """
    if isinstance(data, dict) and isinstance(data.get("features"), list):
        features = [f for _, f in sorted(enumerate(data["features"]), key=_feature_sort_key)]
        return {**data, "features": features}
    return data


def canonical_text(data: Any) -> str:
    """Return the canonical text of a parsed catalogue.

    Parameters
    ----------
    data
        The parsed JSON value (normally a FeatureCollection). Values that are not
        collections are still written losslessly, in a plain layout.

    Returns
    -------
    str
        The canonical text, ending with a newline.
    """
    if not isinstance(data, dict):
        return _inline(data) + "\n"
    lines = ["{"]
    members: list[tuple[str, str]] = []
    for key in _ordered(data, v.COLLECTION_ORDER):
        value = data[key]
        if key == "features" and isinstance(value, list):
            ordered = sorted_features(data)["features"]
            members.append((key, _list_block([_feature(f, 3) for f in ordered], 2)))
        else:
            members.append((key, _inline(value)))
    _block(lines, 1, members, "}")
    return "\n".join(lines) + "\n"


def format_document(doc: Document) -> str:
    """Return the canonical text of a document, refusing anything that would lose data.

    Parameters
    ----------
    doc
        A parsed document.

    Returns
    -------
    str
        The canonical text; parsing it gives content equal to ``doc.data``.

    Raises
    ------
    LossyDocumentError
        When the document has duplicate keys or non-finite numbers: rewriting would drop a
        value or write invalid JSON. The message says where.
    HeritageError
        If (never expected) the canonical text would not parse back to equal content.
    """
    if doc.has_duplicate_keys or doc.has_non_finite:
        kind, ptr = doc.lossy_members()[0]
        line, column = doc.locate(ptr) or (None, None)
        what = (
            "a duplicate key: JSON readers keep only one of the two values"
            if kind == "duplicate-key"
            else "NaN or Infinity, which is not valid JSON"
        )
        raise LossyDocumentError(
            f"{doc.path or 'input'}:{line}:{column}: cannot format losslessly: {ptr or '/'} is "
            f"{what}. Fix it by hand (keep one value / write a number or null), then format.",
            line,
            column,
        )
    text = canonical_text(doc.data)
    if text == doc.text:
        return text  # already canonical: nothing is rewritten, so nothing can be lost
    # A guard: never write a file that lost something.
    if parse(text).data != sorted_features(doc.data):
        raise HeritageError("internal error: canonical text does not round-trip; nothing written")
    return text


def is_canonical(doc: Document) -> bool:
    """Return True when the document's text is already canonical."""
    return format_document(doc) == doc.text
