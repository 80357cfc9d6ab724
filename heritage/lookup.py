"""Find a site from what a person types: its id, or one of its names in any language.

The one "which site did they mean" point of the library. A contributor filling in an issue
form (or a command-line option) may write ``amaras-monastery``, ``Amaras``, ``Ամարաս``,
``amaras monastery`` or ``Amaras Monastırı``; :func:`find_site` compares them with each
site's id, names and alternative names after folding case, accents and spacing, and says
"did you mean" when nothing or more than one site matches. Pure Python, on raw features.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Final

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


def _names(feature: dict[str, Any]) -> Iterable[str]:
    props = feature.get("properties")
    if not isinstance(props, dict):
        return
    names = props.get("name")
    if isinstance(names, dict):
        yield from (n for n in names.values() if isinstance(n, str))
    elif isinstance(names, str):
        yield names
    alts = props.get("alt_names")
    if isinstance(alts, list):
        yield from (n for n in alts if isinstance(n, str))


def site_index(features: Iterable[Any]) -> tuple[set[str], dict[str, list[str]]]:
    """Return the set of ids and a map from folded name (and folded id) to site ids."""
    ids: set[str] = set()
    by_key: dict[str, list[str]] = {}
    for feature in features:
        if not isinstance(feature, dict) or not isinstance(feature.get("id"), str):
            continue
        site = feature["id"]
        ids.add(site)
        for key in {fold(site), *(fold(n) for n in _names(feature))}:
            if key and site not in by_key.setdefault(key, []):
                by_key[key].append(site)
    return ids, by_key


def find_site(features: Iterable[Any], text: str, *, limit: int = 5) -> SiteMatch:
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
    close = difflib.get_close_matches(key, list(by_key), n=limit * 2, cutoff=0.6)
    # Then names sharing a word with the text ("Amaras church" -> "Amaras Monastery"),
    # the most shared words first.
    words = {w for w in key.split() if len(w) >= 4}
    shared = sorted(
        (name for name in by_key if words & set(name.split())),
        key=lambda name: (-len(words & set(name.split())), name),
    )
    suggestions: list[str] = []
    for name in [*close, *shared]:
        for site in by_key[name]:
            if site not in suggestions:
                suggestions.append(site)
    return SiteMatch(None, tuple(suggestions[:limit]), "")


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
