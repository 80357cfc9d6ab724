"""Changes to a catalogue file that :mod:`heritage.diff` does not model site by site.

A diff that says "No changes to the catalogue" must mean it, so everything else that can
differ between two versions is named here: members of the FeatureCollection other than
``features`` (its ``bbox``, ``name``, ``$schema``), features without an id, ids used by more
than one feature, the order of the features, and, when nothing else differs, the formatting
of the file. Only *names* of what changed are reported, never values: a value such as a
``bbox`` could give a sensitive site's exact extent (:mod:`heritage.privacy`).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import orjson

#: Members of a feature that the site-by-site comparison reads; any other one that differs
#: is reported by name (``bbox``, foreign members).
MODELLED_FEATURE_MEMBERS = frozenset({"id", "properties", "geometry"})


def same(a: Any, b: Any) -> bool:
    """Return True when two JSON values are the same, types included.

    Python's ``==`` says ``True == 1`` and ``False == 0``: a ``"sensitive": false`` that
    became ``0`` (which makes the site sensitive) would look unchanged. Values that ``==``
    calls equal are compared again as canonical JSON text.
    """
    if a is b:
        return True
    if a != b:
        return False
    option = orjson.OPT_SORT_KEYS
    return orjson.dumps(a, option=option) == orjson.dumps(b, option=option)


def feature_members(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """Return the names of a feature's members outside the model that differ, sorted."""
    keys = (set(old) | set(new)) - MODELLED_FEATURE_MEMBERS
    return sorted(k for k in keys if k not in old or k not in new or not same(old[k], new[k]))


def _without_id(data: dict[str, Any]) -> tuple[list[bytes], int]:
    """Return the features without a text id (as canonical JSON), and how many have one."""
    features = data.get("features")
    without, with_id = [], 0
    for f in features if isinstance(features, list) else []:
        if f.__class__ is dict and f.get("id").__class__ is str:
            with_id += 1
        else:
            without.append(orjson.dumps(f, option=orjson.OPT_SORT_KEYS))
    return without, with_id


def _id_counts(data: dict[str, Any]) -> Counter[str]:
    features = data.get("features")
    return Counter(
        f["id"]
        for f in (features if isinstance(features, list) else [])
        if isinstance(f, dict) and isinstance(f.get("id"), str)
    )


def other_changes(
    old: dict[str, Any],
    new: dict[str, Any],
    common_order: tuple[list[str], list[str]],
    texts_differ: bool,
    anything_else: bool,
    distinct_ids: tuple[int, int] | None = None,
) -> list[str]:
    """Return what differs between two parsed catalogues outside the site-by-site model.

    Parameters
    ----------
    old, new
        The two FeatureCollections as parsed.
    common_order
        The ids present in both versions, in the order of each version.
    texts_differ
        Whether the two files' texts differ at all.
    anything_else
        Whether the site-by-site comparison found anything.
    distinct_ids
        How many different ids each version has, when known: ids shared by several
        features are then looked for only when there are some.

    Returns
    -------
    list of str
        One description per change, for people (``"collection member 'bbox'"``).
    """
    found = [
        f"collection member '{key}'"
        for key in sorted((set(old) | set(new)) - {"features"})
        if key not in old or key not in new or not same(old[key], new[key])
    ]
    (before, _), (after, new_ids) = _without_id(old), _without_id(new)
    if before != after:
        found.append(f"features without an id: {len(before)} before, {len(after)} after")
    if distinct_ids is None or distinct_ids[1] != new_ids:
        counts_old, counts_new = _id_counts(old), _id_counts(new)
        for site_id in sorted(counts_new):
            if counts_new[site_id] > 1 and counts_new[site_id] != counts_old.get(site_id, 0):
                found.append(f"{counts_new[site_id]} features share the id '{site_id}'")
    if common_order[0] != common_order[1]:
        found.append("order of the features")
    if texts_differ and not found and not anything_else:
        found.append("formatting only (the JSON content is the same)")
    return found
