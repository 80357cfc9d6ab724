"""The map's interface languages: one JSON file of strings per language in ``heritage/i18n``.

English strings of the interface are in ``en.json``; English labels and definitions of the
vocabulary (statuses, kinds, event types, confidence, precision) come from
:mod:`heritage.vocabulary`, never repeated. Another language's file gives its interface
strings and, keyed by vocabulary code, its own labels; whatever it leaves out falls back to
English. Adding a language is adding one file.
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from typing import Any, Final

from heritage import vocabulary as v
from heritage.errors import InvalidArgumentError

DEFAULT_LANGUAGE: Final[str] = "en"
#: Vocabulary groups a language file may translate, with the English terms of each.
TERM_GROUPS: Final[dict[str, tuple[v.Term, ...]]] = {
    "status": (*v.STATUS_TERMS, v.UNKNOWN_STATUS),
    "kind": v.KIND_TERMS,
    "type": v.EVENT_TYPE_TERMS,
    "confidence": v.CONFIDENCE_TERMS,
    "precision": v.PRECISION_TERMS,
}
#: Groups whose definitions the page shows (legend tooltips, what a point stands for).
DEFINITION_GROUPS: Final[tuple[str, ...]] = ("status", "precision")


def languages() -> list[str]:
    """Return the language codes that have a strings file, sorted."""
    folder = files("heritage") / "i18n"
    return sorted(p.name[: -len(".json")] for p in folder.iterdir() if p.name.endswith(".json"))


@cache
def _read(lang: str) -> dict[str, Any]:
    text = (files("heritage") / "i18n" / f"{lang}.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def english() -> dict[str, Any]:
    """Return the English labels: interface strings and the vocabulary's own terms."""
    base = _read(DEFAULT_LANGUAGE)
    labels: dict[str, Any] = {"ui": dict(base["ui"])}
    for group, terms in TERM_GROUPS.items():
        labels[group] = {t.code: t.label for t in terms}
        if group in DEFINITION_GROUPS:
            labels[f"{group}_def"] = {t.code: t.definition for t in terms}
    return labels


def labels(lang: str = DEFAULT_LANGUAGE) -> dict[str, Any]:
    """Return every label the page needs in a language, English where it gives none.

    Parameters
    ----------
    lang
        A language code with a file in ``heritage/i18n``.

    Returns
    -------
    dict
        ``ui`` (interface strings) and one table per vocabulary group (``status``,
        ``kind``, ``type``, ``confidence``, ``precision``) and definitions
        (``status_def``, ``precision_def``), each keyed by code.

    Raises
    ------
    InvalidArgumentError
        When there is no strings file for the language.
    """
    if lang not in languages():
        raise InvalidArgumentError(
            f"no interface strings for language '{lang}'; available: {', '.join(languages())}"
        )
    merged = english()
    if lang == DEFAULT_LANGUAGE:
        return merged
    own = _read(lang)
    for group, table in merged.items():
        table.update({k: s for k, s in own.get(group, {}).items() if isinstance(s, str)})
    return merged


def direction(lang: str) -> str:
    """Return the writing direction of a language (``ltr`` unless its file says ``rtl``)."""
    return "rtl" if _read(lang).get("dir") == "rtl" else "ltr"


def native_name(lang: str) -> str:
    """Return a language's name in itself ("Հայերեն"), for the language switcher."""
    name = _read(lang).get("language")
    return name if isinstance(name, str) and name else lang
