"""Find a site from what a person types, or say which sites were probably meant.

The one "which site did they mean" point of the library. Every command that takes a site
(``heritage add-event``, ``heritage embed --site``, ``heritage set-location``, the imports of
events, the issue forms, :meth:`heritage.catalogue.Catalogue.site`) asks here, so that a typo
anywhere gets the same answer: "no site with id ...; did you mean ...?", with candidates found
by id and by every name and alternative name, in any language. A contributor may write
``amaras-monastery``, ``Amaras``, ``Ամարաս`` or ``Amaras Monastırı``: names are compared after
:func:`fold` (case, accents, hyphens and spacing aside). Pure Python, on raw features.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from heritage.errors import UnknownSiteError

#: How many candidates a "did you mean" offers at most.
MAX_SUGGESTIONS: Final[int] = 3

#: Latin letters that Unicode does not decompose into a base letter and an accent.
_LETTERS: Final = str.maketrans(
    {"ı": "i", "ə": "e", "Ə": "e", "ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "đ": "d", "ß": "ss"}
)
_BRACKETED: Final = re.compile(r".*\(([^()]+)\)\s*")
_SEPARATORS: Final = re.compile(r"[\s\-_.,'’`\"()/]+")


def fold(text: str) -> str:
    """Return a comparison key: lowercase, accents removed, punctuation and spaces collapsed.

    Letters of every script are kept (``Ամարաս`` stays Armenian), so that a name typed
    in Armenian or Russian matches the catalogue's; only combining marks are dropped.

    Examples
    --------
    >>> fold("Gülablı  Church") == fold("gulabli-church")
    True
    """
    decomposed = unicodedata.normalize("NFKD", text.translate(_LETTERS))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SEPARATORS.sub(" ", bare.casefold()).strip()


@dataclass(frozen=True)
class SiteMatch:
    """The outcome of a lookup.

    Attributes
    ----------
    site_id
        The one site meant, or ``None`` when no site or several sites match.
    candidates
        When ambiguous: the ids of every matching site; when unknown: the closest ids.
    matched
        How the site was found: ``"id"``, ``"name"`` or ``""``.
    """

    site_id: str | None
    candidates: tuple[str, ...] = field(default=())
    matched: str = ""

    @property
    def ambiguous(self) -> bool:
        """True when several sites share the name that was given."""
        return self.site_id is None and self.matched == "name"


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
    hyphens aside), when it is close to its id or to one of its names (difflib), when one
    contains the other (for queries of four characters or more), or, weakest, when they
    share a word of four letters or more.

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
    folded = fold(query)
    if not folded:
        return []
    words = {w for w in folded.split() if len(w) >= 4}
    scored: dict[str, tuple[float, int, dict[str, Any]]] = {}

    def offer(feature: dict[str, Any], score: float, order: int) -> None:
        fid = feature["id"]
        if fid not in scored or scored[fid][0] < score:
            scored[fid] = (score, order, feature)

    for order, feature in enumerate(_features(catalogue)):
        for text in [feature["id"], *names_of(feature)]:
            other = fold(text)
            if not other:
                continue
            if other == folded:
                offer(feature, 2.0, order)
                continue
            ratio = difflib.SequenceMatcher(None, folded, other).ratio()
            shared = words & {w for w in other.split() if len(w) >= 4}
            if ratio >= 0.75:
                offer(feature, ratio, order)
            elif len(folded) >= 4 and (folded in other.split() or folded in other):
                offer(feature, 0.7, order)
            elif shared:
                # "Amaras church" -> "Amaras Monastery": names sharing a word, most first.
                offer(feature, min(0.69, 0.5 + 0.05 * len(shared)), order)
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
    match = match_site(features, text)
    if match.site_id is not None:
        return next(f for f in features if f["id"] == match.site_id)
    if match.ambiguous:
        named = [f for f in features if f["id"] in match.candidates]
        labels = ", ".join(label(f) for f in named[:10])
        raise UnknownSiteError(
            f"'{excerpt(text)}' names {len(named)} sites: {labels}; give the id of the one you "
            "mean.",
            suggestions=[f["id"] for f in named],
        )
    return find_site(features, text.strip())


def site_index(features: Iterable[Any]) -> tuple[set[str], dict[str, list[str]]]:
    """Return the set of ids and a map from folded name (and folded id) to site ids."""
    ids: set[str] = set()
    by_key: dict[str, list[str]] = {}
    for feature in features:
        if not isinstance(feature, dict) or not isinstance(feature.get("id"), str):
            continue
        site = feature["id"]
        ids.add(site)
        for key in {fold(site), *(fold(n) for n in names_of(feature))}:
            if key and site not in by_key.setdefault(key, []):
                by_key[key].append(site)
    return ids, by_key


def match_site(features: Iterable[Any], text: str, *, limit: int = 5) -> SiteMatch:
    """Find the site that ``text`` names.

    Parameters
    ----------
    features
        The catalogue's features (raw GeoJSON dicts).
    text
        An id (exact), or an id, name or alternative name in any language, compared after
        :func:`fold` (case, accents, hyphens and spacing do not matter).
    limit
        At most this many suggestions when nothing matches.

    Returns
    -------
    SiteMatch
        ``site_id`` set when exactly one site matches; otherwise ``candidates`` holds the
        sites that share the name (ambiguous) or the closest ids and names (unknown).
    """
    features = _features(list(features))
    ids, by_key = site_index(features)
    wanted = text.strip()
    if wanted in ids:
        return SiteMatch(wanted, (wanted,), "id")
    # "Amaras Monastery (amaras-monastery)": a name followed by the id in brackets.
    bracketed = _BRACKETED.fullmatch(wanted)
    if bracketed and bracketed.group(1).strip() in ids:
        return SiteMatch(bracketed.group(1).strip(), (bracketed.group(1).strip(),), "id")
    key = fold(wanted)
    found = by_key.get(key, [])
    if len(found) == 1:
        return SiteMatch(found[0], tuple(found), "name")
    if found:
        return SiteMatch(None, tuple(sorted(found)), "name")
    suggestions = [f["id"] for f in suggest(list(features), wanted, limit)]
    return SiteMatch(None, tuple(suggestions), "")


def excerpt(text: str, limit: int = 80) -> str:
    """Return ``text`` on one line and at most ``limit`` characters, to quote in a message.

    Text typed by a stranger is quoted bounded: a message never grows with the input.
    """
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 3] + "..."


def describe_miss(text: str, match: SiteMatch) -> str:
    """Return a sentence saying why ``text`` named no single site, with "did you mean"."""
    text = excerpt(text)
    shown = ", ".join(f"'{c}'" for c in match.candidates)
    if match.ambiguous:
        return (
            f"'{text}' is the name of several sites: did you mean {shown}? Write the id of "
            "the one you mean."
        )
    if shown:
        return f"no site is called '{text}'; did you mean {shown}? Write the site's id."
    return (
        f"no site is called '{text}'; write the site's id (as on the map's site page) or "
        "its name as the catalogue spells it, or propose it as a new site."
    )
