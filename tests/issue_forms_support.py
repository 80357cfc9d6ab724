"""A small catalogue and issue bodies for the tests of issue forms and 'import issue'."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from heritage.canonical import canonical_text

ISSUES = Path(__file__).parent / "data" / "issues"


def _site(site: str, names: dict[str, str], alt: list[str], lon: float, lat: float) -> Any:
    return {
        "type": "Feature",
        "id": site,
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
        "properties": {
            "name": names,
            "alt_names": alt,
            "kind": "church",
            "history": [
                {
                    "date": "2020-05",
                    "type": "condition",
                    "status": "intact",
                    "summary": "Reported standing.",
                    "reported_by": "A monitor",
                    "sources": [{"url": "https://example.org/2020"}],
                }
            ],
        },
    }


def catalogue_text() -> str:
    """Four sites: two share the name 'St. George Church' (an ambiguous name)."""
    return canonical_text(
        {
            "type": "FeatureCollection",
            "features": [
                _site(
                    "amaras-monastery",
                    {"en": "Amaras Monastery", "hy": "Ամարաս"},
                    ["Amaras Vank"],
                    47.15,
                    39.65,
                ),
                _site(
                    "gulabli-church",
                    {"en": "Gülablı Church", "az": "Gülablı kilsəsi", "ru": "Церковь Гюлаблы"},
                    [],
                    46.95,
                    39.8,
                ),
                _site("st-george-shusha", {"en": "St. George Church"}, [], 46.75, 39.76),
                _site("st-george-hadrut", {"en": "St. George Church"}, [], 46.98, 39.52),
            ],
        }
    )


def sections(text: str) -> list[tuple[str, str]]:
    """Split a sample body into (label, value) pairs (the tests' own simple reader)."""
    out: list[tuple[str, str]] = []
    for chunk in text.split("### ")[1:]:
        label, _, value = chunk.partition("\n")
        out.append((label.strip(), value.strip()))
    return out


def render(pairs: list[tuple[str, str]], newline: str = "\n") -> str:
    """Render (label, value) pairs the way GitHub writes a submitted form."""
    parts = [f"### {label}{newline}{newline}{value or '_No response_'}" for label, value in pairs]
    return (newline * 2).join(parts) + newline


def body(name: str, changes: dict[str, str | None] | None = None) -> str:
    """Return a sample body with some fields changed (None removes the section)."""
    changes = changes or {}
    pairs = sections((ISSUES / name).read_text(encoding="utf-8"))
    out = []
    for label, value in pairs:
        key = label
        if key in changes:
            new = changes[key]
            if new is None:
                continue
            value = new
        out.append((label, value))
    return render(out)
