"""What one version of the catalogue changes compared with another (``heritage diff``).

Sites are matched by id. A site that disappears is *removed* (an error: sites are withdrawn,
never deleted) unless a new id carries exactly the same content, which is a *rename*. For a
site present in both, the comparison reports its current status before and after (rules of
:mod:`heritage.history`), field-by-field property changes, a moved geometry with the distance
in metres, sources added or removed, and its history events added, edited or deleted
(:mod:`heritage.diff.events`). Past events edited or deleted are flagged for reviewers:
history is append-only unless corrected on purpose.

Sensitive sites (``location.sensitive``, in either version) are compared as
:func:`heritage.privacy.public_feature` publishes them: described only by their generalised
grid cell (the distance moved is measured between cell centres), and with their location's
details (source, note, precision) left out; a change to those is reported as "location
details changed", without values. So no output of a diff reveals more than the public map.

Whatever else differs in the file (a feature's ``bbox``, members of the collection, the
order of features, formatting) is named by :mod:`heritage.diff.other`, so that "No changes"
is said only of identical files.
"""

from __future__ import annotations

from typing import Any

import orjson

from heritage import privacy
from heritage import vocabulary as v
from heritage._gc import paused_gc
from heritage.codes import issue
from heritage.diff.events import current_statuses, diff_events
from heritage.diff.geometry import haversine_m, position
from heritage.diff.model import HIDDEN_LOCATION, CatalogueDiff, FieldChange, SiteChange, SiteInfo
from heritage.diff.other import feature_members, other_changes, same
from heritage.errors import CatalogueParseError
from heritage.issues import Issue, pointer
from heritage.sources import site_sources

#: Properties compared member by member (``name.hy``) rather than as a whole.
NESTED = frozenset({"name", "location", "refs", "withdrawn"})


def _features(data: Any, label: str) -> dict[str, dict[str, Any]]:
    if not isinstance(data, dict) or not isinstance(data.get("features"), list):
        raise CatalogueParseError(f"{label}: not a GeoJSON FeatureCollection with 'features'")
    return {
        f["id"]: f for f in data["features"] if isinstance(f, dict) and isinstance(f.get("id"), str)
    }


def _load(text: str, label: str) -> Any:
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError as exc:
        raise CatalogueParseError(f"{label}: not valid JSON: {exc}") from exc


def parse_version(text: str, label: str) -> dict[str, dict[str, Any]]:
    """Parse a catalogue's text into its features by id.

    Raises
    ------
    CatalogueParseError
        When the text is not JSON or not a FeatureCollection.
    """
    return _features(_load(text, label), label)


def _props(feature: dict[str, Any]) -> dict[str, Any]:
    props = feature.get("properties")
    return props if isinstance(props, dict) else {}


def _name(feature: dict[str, Any]) -> str | None:
    names = _props(feature).get("name")
    name = names.get("en") if isinstance(names, dict) else None
    return name if isinstance(name, str) else None


def _content(feature: dict[str, Any]) -> bytes:
    return orjson.dumps(
        {k: x for k, x in feature.items() if k != "id"}, option=orjson.OPT_SORT_KEYS
    )


def _site_info(feature: dict[str, Any], status: str) -> SiteInfo:
    sensitive = privacy.is_sensitive(feature)
    return SiteInfo(
        feature["id"],
        _name(feature),
        status,
        position(feature, sensitive),
        sensitive,
        len(site_sources(privacy.public_feature(feature))),
    )


def _field_changes(old: dict[str, Any], new: dict[str, Any]) -> list[FieldChange]:
    a, b = _props(old), _props(new)
    order = {k: i for i, k in enumerate(v.PROPERTY_ORDER)}
    changes = []
    for key in sorted(set(a) | set(b), key=lambda k: (order.get(k, len(order)), k)):
        if key == "history" or (key in a and key in b and same(a[key], b[key])):
            continue
        x, y = a.get(key), b.get(key)
        if key in NESTED and isinstance(x, dict) and isinstance(y, dict):
            changes += [
                FieldChange(f"{key}.{sub}", x.get(sub), y.get(sub))
                for sub in sorted(set(x) | set(y))
                if sub not in x or sub not in y or not same(x[sub], y[sub])
            ]
        else:
            changes.append(FieldChange(key, x, y))
    return changes


def _compare_site(
    old: dict[str, Any], new: dict[str, Any], statuses: tuple[str, str]
) -> SiteChange:
    sensitive = privacy.is_sensitive(old) or privacy.is_sensitive(new)
    change = SiteChange(new["id"], _name(new) or _name(old), sensitive, *statuses)
    change.other = feature_members(old, new)
    raw_old, raw_new = old, new
    if sensitive:
        # Compared as published (heritage.privacy), so no value shown can give the place.
        old = privacy.public_feature(old, sensitive=True)
        new = privacy.public_feature(new, sensitive=True)
    change.fields = _field_changes(old, new)
    if sensitive and (
        not same(_props(raw_old).get("location"), _props(raw_new).get("location"))
        and same(_props(old).get("location"), _props(new).get("location"))
    ):
        change.fields.append(FieldChange(HIDDEN_LOCATION, None, None))
    if not same(raw_old.get("geometry"), raw_new.get("geometry")):
        change.position_from = position(raw_old, sensitive)
        change.position_to = position(raw_new, sensitive)
        change.fields.insert(0, FieldChange("geometry", None, None))
        if change.position_from and change.position_to:
            change.moved_m = round(haversine_m(change.position_from, change.position_to))
    before, after = site_sources(old), site_sources(new)
    change.sources_added = [u for u in after if u not in before]
    change.sources_removed = [u for u in before if u not in after]
    histories = _props(old).get("history"), _props(new).get("history")
    change.events = diff_events(*(h if isinstance(h, list) else [] for h in histories))
    if not all(isinstance(h, list | None) for h in histories) and not same(*histories):
        change.other.append("history (not a list)")
    if not (
        change.fields
        or change.events
        or change.other
        or change.sources_added
        or change.sources_removed
        or statuses[0] != statuses[1]
    ):
        # Never a changed site with nothing said about it (a history that is not a list,
        # say): name what differs, without values.
        change.other = ["properties"] if not same(_props(raw_old), _props(raw_new)) else ["type"]
    return change


def _findings(result: CatalogueDiff, head_index: dict[str, int]) -> list[Issue]:
    issues = [
        issue(
            "site-removed",
            f"site '{s.site_id}' was deleted from the catalogue; sites are withdrawn, never "
            'deleted: restore it and add "withdrawn": {"date": ..., "reason": ...}',
            s.site_id,
        )
        for s in result.removed
    ]
    for site in result.changed:
        where = pointer("features", head_index[site.site_id], "properties", "history")
        for e in site.events:
            if e.change == "added":
                continue
            what = "edited (" + ", ".join(e.members) + ")" if e.change == "edited" else "deleted"
            issues.append(
                issue(
                    "past-event-edited" if e.change == "edited" else "past-event-deleted",
                    f"history[{e.index_before}] ({e.date or 'undated'}) of site '{site.site_id}' "
                    f"was {what}; history is append-only unless corrected on purpose: say why "
                    "in the pull request",
                    site.site_id,
                    where + (f"/{e.index_after}" if e.index_after is not None else ""),
                )
            )
    return issues


def diff_versions(
    base: dict[str, dict[str, Any]],
    head: dict[str, dict[str, Any]],
    base_label: str = "base",
    head_label: str = "head",
    other: list[str] | None = None,
) -> CatalogueDiff:
    """Compare two versions of a catalogue, given as features by id.

    Parameters
    ----------
    base, head
        Output of :func:`parse_version` for each version.
    base_label, head_label
        What each version is, for people.
    other
        Changes outside the site-by-site model (:func:`heritage.diff.other.other_changes`).

    Returns
    -------
    CatalogueDiff
        Sites added, removed, withdrawn, renamed and changed, and findings for reviewers
        (``site-removed`` errors, ``past-event-edited`` and ``past-event-deleted`` warnings).
    """
    result = CatalogueDiff(base_label, head_label, other=list(other or []))
    gone = [i for i in base if i not in head]
    new = [i for i in head if i not in base]
    by_content: dict[bytes, list[str]] = {}
    for site_id in new:
        by_content.setdefault(_content(head[site_id]), []).append(site_id)
    renamed_to: set[str] = set()
    for site_id in sorted(gone):
        candidates = by_content.get(_content(base[site_id]))
        if candidates:
            target = candidates.pop(0)
            result.renamed.append((site_id, target))
            renamed_to.add(target)
    renamed_from = {a for a, _ in result.renamed}
    common = sorted(i for i in base if i in head and not same(base[i], head[i]))
    added = sorted(i for i in new if i not in renamed_to)
    removed = sorted(i for i in gone if i not in renamed_from)

    before = current_statuses([base[i] for i in (*common, *removed)])
    after = current_statuses([head[i] for i in (*common, *added)])
    result.added = [_site_info(head[i], after[i]) for i in added]
    result.removed = [_site_info(base[i], before[i]) for i in removed]
    for site_id in common:
        old, new_feature = base[site_id], head[site_id]
        result.changed.append(_compare_site(old, new_feature, (before[site_id], after[site_id])))
        if _props(new_feature).get("withdrawn") and not _props(old).get("withdrawn"):
            result.withdrawn.append(site_id)
    head_index = {site_id: n for n, site_id in enumerate(head)}
    result.findings = _findings(result, head_index)
    return result


def diff_texts(
    base: str, head: str, base_label: str = "base", head_label: str = "head"
) -> CatalogueDiff:
    """Compare two catalogue texts (see :func:`diff_versions`).

    Raises
    ------
    CatalogueParseError
        When either text is not a GeoJSON FeatureCollection.
    """
    # Parsing creates millions of small objects at once; pausing the cyclic collector
    # keeps it from rescanning them over and over (see heritage._gc).
    with paused_gc():
        old_data, new_data = _load(base, base_label), _load(head, head_label)
        old, new = _features(old_data, base_label), _features(new_data, head_label)
        result = diff_versions(old, new, base_label, head_label)
        order = ([i for i in old if i in new], [i for i in new if i in old])
        result.other = other_changes(
            old_data, new_data, order, base != head, not result.empty, (len(old), len(new))
        )
        return result
