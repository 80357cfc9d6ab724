"""The commands of the pre-commit hooks and pull-request checks start without heavy libraries.

`heritage validate` and `heritage format` run in every contributor's commit hook and in every
pull request, so they must not import pandas, geopandas, pyarrow, folium or matplotlib (nor
what those pull in). Each command runs in a fresh interpreter, which then lists the modules
it loaded.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CATALOGUE, DATA

#: (numpy is allowed: shapely, which checks polygons, needs it.)
HEAVY = frozenset({"pandas", "geopandas", "pyarrow", "folium", "matplotlib", "pyogrio", "branca"})
_PROBE = """
import json, sys
sys.argv = ["heritage", *json.loads(sys.argv[1])]
from heritage.cli import main
try:
    main()
except SystemExit:
    pass
print(json.dumps(sorted({m.split(".")[0] for m in sys.modules})), file=sys.stderr)
"""


def loaded_by(args: list[str], cwd: Path) -> set[str]:
    """Run ``heritage ARGS`` in a fresh interpreter; return the top-level modules it loaded."""
    proc = subprocess.run(
        [sys.executable, "-c", _PROBE, json.dumps(args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    last = proc.stderr.strip().splitlines()[-1]
    return set(json.loads(last))


@pytest.mark.parametrize(
    "args",
    [
        ["validate", "sites.geojson"],
        ["validate", "sites.geojson", "--format", "github"],
        ["validate", "invalid.geojson"],
        ["format", "--check", "sites.geojson", "--format", "github"],
        ["format", "sites.geojson"],
        ["add-event", "amaras-monastery", "sites.geojson", "--summary", "x", "--dry-run"],
        ["embed", "--site", "amaras-monastery", "--catalogue", "sites.geojson"],
    ],
    ids=" ".join,
)
def test_hook_commands_import_no_heavy_library(args: list[str], tmp_path: Path) -> None:
    shutil.copyfile(CATALOGUE, tmp_path / "sites.geojson")
    shutil.copyfile(DATA / "invalid" / "unknown-status.geojson", tmp_path / "invalid.geojson")
    loaded = loaded_by(args, tmp_path)
    assert "heritage" in loaded and "click" in loaded  # the command did run
    assert not loaded & HEAVY, sorted(loaded & HEAVY)


def test_the_probe_sees_heavy_imports(tmp_path: Path) -> None:
    # A negative control: a command that needs pandas is seen loading it.
    shutil.copyfile(CATALOGUE, tmp_path / "sites.geojson")
    assert "pandas" in loaded_by(["summary", "sites.geojson"], tmp_path)
