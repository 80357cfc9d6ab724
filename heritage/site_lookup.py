"""Find a site by id, or say which sites were probably meant.

Every command that takes a site id (``heritage add-event``, ``heritage embed --site``, the
imports of events, :meth:`heritage.catalogue.Catalogue.site`) asks here, so that a typo
anywhere gets the same answer: "no site with id ...; did you mean ...?", with candidates
found by id and by every name and alternative name, in any language. Pure Python: it works
on the raw features, without pandas.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Mapping
from typing import Any, Final

from heritage.errors import UnknownSiteError

#: How many candidates a "did you mean" offers at most.
MAX_SUGGESTIONS: Final[int] = 3


def _fold(text: str) -> str:
    """Fold case, accents, hyphens and underscores ('Shushi-Church' ~ 'shushi church')."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.replace("-", " ").replace("_", " ").split())


def _features(catalogue: Any) -> list[dict[str, Any]]:
    """Accept a parsed catalogue, a list of features or a mapping of id to feature."""
    if isinstance(catalogue, Mapping) and isinstance(catalogue.get("features"), list):
        catalogue = catalogue["features"]
    if isinstance(catalogue, Mapping):
        catalogue = catalogue.values()
    return [f for f in catalogue if isinstance(f, dict) and isinstance(f.get("id"), str)]


def names_of(feature: dict[str, Any]) -> list[str]:
    """Return every name of a feature: the names in each language, then the alternative names."""
    props = feature.get("properties")
    if not isinstance(props, dict):
        return []
    out: list[str] = []
    name = props.get("name")
    if isinstance(name, dict):
        out += [n for n in name.values() if isinstance(n, str) and n.strip()]
    alt = props.get("alt_names")
    if isinstance(alt, list):
        out += [n for n in alt if isinstance(n, str) and n.strip()]
    return out


def label(feature: dict[str, Any]) -> str:
    """Return ``id (English name)`` for a message."""
    props = feature.get("properties")
    name = props.get("name") if isinstance(props, dict) else None
    english = name.get("en") if isinstance(name, dict) else None
    return f"'{feature['id']}' ({english})" if isinstance(english, str) else f"'{feature['id']}'"


def suggest(catalogue: Any, query: str, limit: int = MAX_SUGGESTIONS) -> list[dict[str, Any]]:
    """Return the sites most probably meant by ``query``, best first.

    A site is a candidate when ``query`` equals one of its names (folded: case, accents and
    hyphens aside), when it is close to its id or to one of its names (difflib), or when one
    contains the other (for queries of four characters or more).

    Parameters
    ----------
    catalogue
        A parsed catalogue, a list of features, or a mapping of id to feature.
    query
        What was typed.
    limit
        At most this many candidates.

    Returns
    -------
    list of dict
        Features, best candidate first.
    """
    folded = _fold(query)
    if not folded:
        return []
    scored: dict[str, tuple[float, int, dict[str, Any]]] = {}

    def offer(feature: dict[str, Any], score: float, order: int) -> None:
        fid = feature["id"]
        if fid not in scored or scored[fid][0] < score:
            scored[fid] = (score, order, feature)

    for order, feature in enumerate(_features(catalogue)):
        for text in [feature["id"], *names_of(feature)]:
            other = _fold(text)
            if not other:
                continue
            if other == folded:
                offer(feature, 2.0, order)
                continue
            ratio = difflib.SequenceMatcher(None, folded, other).ratio()
            if ratio >= 0.75:
                offer(feature, ratio, order)
            elif len(folded) >= 4 and (folded in other.split() or folded in other):
                offer(feature, 0.7, order)
    best = sorted(scored.values(), key=lambda t: (-t[0], t[1]))
    if not best:
        return []
    # Far weaker candidates than the best one only add noise to the message.
    top = best[0][0]
    return [feature for score, _, feature in best[:limit] if score >= min(top, 1.0) - 0.1]


def did_you_mean(catalogue: Any, query: str) -> str:
    """Return " Did you mean 'a' (A) or 'b' (B)?" for a message, or "" without candidates."""
    found = suggest(catalogue, query)
    if not found:
        return ""
    labels = [label(f) for f in found]
    listed = labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " or " + labels[-1]
    return f" Did you mean {listed}?"


def unknown_site_message(catalogue: Any, query: str) -> str:
    """Return the message for an id that the catalogue does not hold."""
    hint = did_you_mean(catalogue, query)
    if not hint:
        hint = " Site ids are lowercase slugs such as 'amaras-monastery'; check the spelling."
    return f"no site with id '{query}' in the catalogue.{hint}"


def find_site(catalogue: Any, site_id: str) -> dict[str, Any]:
    """Return the feature with this id.

    Parameters
    ----------
    catalogue
        A parsed catalogue, a list of features, or a mapping of id to feature.
    site_id
        The id asked for.

    Returns
    -------
    dict
        The feature.

    Raises
    ------
    UnknownSiteError
        When no site has this id; the message names the sites probably meant (by id, name or
        alternative name) and :attr:`UnknownSiteError.suggestions` lists their ids.
    """
    if isinstance(catalogue, Mapping) and isinstance(catalogue.get(site_id), dict):
        found: dict[str, Any] = catalogue[site_id]
        if found.get("id") == site_id:
            return found
    features = _features(catalogue)
    for feature in features:
        if feature["id"] == site_id:
            return feature
    raise UnknownSiteError(
        unknown_site_message(features, site_id),
        suggestions=[f["id"] for f in suggest(features, site_id)],
    )


def resolve_site(catalogue: Any, text: str) -> dict[str, Any]:
    """Return the site meant by an id or by one of its names (forms accept either).

    An exact id wins; otherwise a name or alternative name in any language that names
    exactly one site (case, accents and hyphens aside).

    Parameters
    ----------
    catalogue
        A parsed catalogue, a list of features, or a mapping of id to feature.
    text
        An id, or a name.

    Returns
    -------
    dict
        The feature.

    Raises
    ------
    UnknownSiteError
        When nothing matches (with the sites probably meant), or when the name is shared by
        several sites (listing them: give the id instead).
    """
    features = _features(catalogue)
    wanted = text.strip()
    for feature in features:
        if feature["id"] == wanted:
            return feature
    folded = _fold(wanted)
    named = [f for f in features if folded and folded in {_fold(n) for n in names_of(f)}]
    if len(named) == 1:
        return named[0]
    if named:
        labels = ", ".join(label(f) for f in named[:10])
        raise UnknownSiteError(
            f"'{wanted}' names {len(named)} sites: {labels}; give the id of the one you mean.",
            suggestions=[f["id"] for f in named],
        )
    return find_site(features, wanted)
