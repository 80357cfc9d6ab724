"""The maps committed in maps/ are those the bundled catalogue builds now.

People open maps/index.html straight from a clone, and GitHub Pages can serve it; the map
output is deterministic, so the committed files change only when the data or the map code
does. Regenerate with: heritage build (or heritage map).
"""

from __future__ import annotations

from pathlib import Path

from heritage.build import STEPS, build

from conftest import CATALOGUE, ROOT


def test_committed_maps_are_current(tmp_path: Path) -> None:
    result = build(CATALOGUE, tmp_path, steps=[s for s in STEPS if s.folder == "maps"])
    assert result.ok
    built = sorted(p.name for p in (tmp_path / "maps").iterdir())
    assert built == sorted(p.name for p in (ROOT / "maps").iterdir()), "run: heritage build"
    for name in built:
        committed = (ROOT / "maps" / name).read_bytes()
        assert committed == (tmp_path / "maps" / name).read_bytes(), f"maps/{name} is stale: run heritage build"
