"""The analysts' notebooks: stored without outputs, and executed here so that they never rot.

The kernel is this test run's own Python (a kernelspec written into a temporary
JUPYTER_PATH), so the notebooks run against the heritage installed in this environment,
whatever kernels the machine has registered.
"""

from __future__ import annotations

import base64
import json
import re
import sys
import tomllib
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

import heritage

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
KERNEL = "heritage-tests"


@pytest.fixture
def kernel(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    spec = tmp_path / "jupyter" / "kernels" / KERNEL
    spec.mkdir(parents=True)
    argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    (spec / "kernel.json").write_text(
        json.dumps({"argv": argv, "display_name": "heritage tests", "language": "python"})
    )
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    return KERNEL


def _run(name: str, kernel: str) -> nbformat.NotebookNode:
    notebook = nbformat.read(NOTEBOOKS / name, as_version=4)
    client = NotebookClient(
        notebook,
        kernel_name=kernel,
        timeout=300,
        resources={"metadata": {"path": str(NOTEBOOKS)}},
    )
    client.execute()
    return notebook


def _text(notebook: nbformat.NotebookNode) -> str:
    chunks = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            chunks.append(output.get("text", ""))
            chunks.append(output.get("data", {}).get("text/plain", ""))
    return "\n".join(chunks)


@pytest.mark.parametrize(
    "name", ["overview.ipynb", "change-analysis.ipynb", "destroyed-by-district.ipynb"]
)
def test_notebooks_are_stored_without_outputs(name: str) -> None:
    notebook = nbformat.read(NOTEBOOKS / name, as_version=4)
    nbformat.validate(notebook)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None


def _save_images(notebook: nbformat.NotebookNode, stem: str, folder: Path) -> None:
    """Write the notebook's charts to tests/artifacts for people to look at."""
    images = [
        o["data"]["image/png"]
        for c in notebook.cells
        for o in c.get("outputs", [])
        if "image/png" in o.get("data", {})
    ]
    for number, image in enumerate(images):
        (folder / f"{stem}-{number}.png").write_bytes(base64.b64decode(image))


def test_overview_runs(kernel: str, artifacts: Path) -> None:
    notebook = _run("overview.ipynb", kernel)
    _save_images(notebook, "notebook-overview", artifacts)
    catalogue = heritage.load(ROOT / "data" / "sites.geojson")
    text = _text(notebook)
    assert f"{len(catalogue.sites)} sites, {len(catalogue.events)} events" in text
    outputs = [o for c in notebook.cells for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    assert any("image/png" in o.get("data", {}) for o in outputs)  # the chart
    html = "".join(o.get("data", {}).get("text/html", "") for o in outputs)
    assert "leaflet" in html.lower()  # the map
    # Keyless tiles: OpenStreetMap's standard layer, not a provider that asks for a key.
    assert "tile.openstreetmap.org" in html
    assert "carto" not in html.lower()


def test_notebooks_extra_brings_jupyterlab_and_nbconvert() -> None:
    with (ROOT / "pyproject.toml").open("rb") as handle:
        extras = tomllib.load(handle)["project"]["optional-dependencies"]
    names = {re.split(r"[<>=!~\[ ;]", req, maxsplit=1)[0] for req in extras["notebooks"]}
    assert {"jupyterlab", "nbconvert", "ipykernel"} <= names


@pytest.mark.parametrize("name", ["overview.ipynb", "change-analysis.ipynb"])
def test_notebooks_name_no_keyed_tile_provider(name: str) -> None:
    source = (NOTEBOOKS / name).read_text(encoding="utf-8").lower()
    for provider in ("carto", "stadia", "thunderforest", "mapbox", "maptiler", "apikey"):
        assert provider not in source, provider


def test_change_analysis_runs(kernel: str, artifacts: Path) -> None:
    notebook = _run("change-analysis.ipynb", kernel)
    _save_images(notebook, "notebook-change", artifacts)
    catalogue = heritage.load(ROOT / "data" / "sites.geojson")
    changed = int((catalogue.status_at("2020-09-26") != catalogue.status_at("2024-12-31")).sum())
    text = _text(notebook)
    assert f"{changed} sites changed status between 2020-09-26 and 2024-12-31" in text
    assert changed > 0


def test_destroyed_by_district_runs(kernel: str, artifacts: Path) -> None:
    notebook = _run("destroyed-by-district.ipynb", kernel)
    _save_images(notebook, "notebook-destroyed-by-district", artifacts)
    outputs = [o for c in notebook.cells for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    # the answer, computed here without the notebook's pandas: plain JSON walking
    data = json.loads((ROOT / "data" / "sites.geojson").read_text(encoding="utf-8"))
    catalogue = heritage.load(ROOT / "data" / "sites.geojson")
    counts: dict[str, int] = {}
    for feature in data["features"]:
        props = feature["properties"]
        if props.get("withdrawn"):
            continue
        effective = catalogue.events.set_index(["site_id", "seq"])["effective"]
        if any(
            e.get("status") == "destroyed"
            and e.get("type", "condition") in ("condition", "restoration")
            and str(effective.loc[(feature["id"], i)])[:10] >= "2020-01-01"
            and str(effective.loc[(feature["id"], i)])[:10] <= "2024-12-31"
            for i, e in enumerate(props["history"])
        ):
            district = catalogue.sites.loc[feature["id"], "district"]
            key = district if isinstance(district, str) else "not placed"
            counts[key] = counts.get(key, 0) + 1
    text = _text(notebook)
    total = sum(counts.values())
    assert f"{total} sites reported destroyed between 2020-01-01 and 2024-12-31" in text
    for district, count in counts.items():
        assert f"{district}: {count}\n" in text + "\n"
    assert any("image/png" in o.get("data", {}) for o in outputs)
