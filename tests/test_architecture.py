"""The house as drawn in docs/architecture.md: layers, a light core, and clear missing extras.

- ``lint-imports`` checks the import contracts of ``pyproject.toml`` (layers, click only in
  the CLI, no folium or branca anywhere, no heavy package in the light core).
- The light commands run in a fresh interpreter and must not load the heavy packages: the
  contracts see static imports, this sees what really happens at run time.
- A command that needs an extra that is not installed ends with the pip command to run.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import CATALOGUE, ROOT

HEAVY = ("pandas", "geopandas", "pyarrow", "folium", "matplotlib", "pyogrio")


def test_import_contracts_hold() -> None:
    lint = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run(
        [str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    # Every contract of pyproject.toml was checked, none skipped.
    assert done.stdout.count("KEPT") == 4, done.stdout


# Runs a command in this interpreter and prints which heavy packages it loaded.
PROBE = textwrap.dedent(
    """
    import json, sys
    from heritage.cli import cli
    try:
        cli(args=sys.argv[1:], prog_name="heritage")
    except SystemExit as exc:
        code = exc.code
    heavy = sorted(m for m in {heavy!r} if m in sys.modules)
    print("HEAVY=" + json.dumps(heavy), file=sys.stderr)
    sys.exit(code)
    """
)


def _probe(
    args: list[str], cwd: Path, watched: tuple[str, ...] = HEAVY
) -> tuple[int, list[str], str]:
    probe = PROBE.format(heavy=watched)
    done = subprocess.run(
        [sys.executable, "-c", probe, *args], cwd=cwd, capture_output=True, text=True, check=False
    )
    line = [x for x in done.stderr.splitlines() if x.startswith("HEAVY=")]
    assert line, done.stderr
    return done.returncode, json.loads(line[-1][6:]), done.stdout + done.stderr


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    """A git repository holding a copy of the bundled catalogue in two commits."""
    (tmp_path / "data").mkdir()
    shutil.copy(CATALOGUE, tmp_path / "data" / "sites.geojson")
    # The gazetteer goes with the catalogue: its sites name their places.
    shutil.copy(CATALOGUE.parent / "places.json", tmp_path / "data" / "places.json")

    def git(*args: str) -> None:
        subprocess.run(
            ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
            cwd=tmp_path,
            check=True,
            capture_output=True,
        )

    git("init", "-q")
    git("add", ".")
    git("commit", "-q", "-m", "base")
    return tmp_path


LIGHT_COMMANDS = {
    "validate": ["validate", "data/sites.geojson"],
    "format": ["format", "data/sites.geojson"],
    "format --check": ["format", "--check", "data/sites.geojson"],
    "diff": ["diff", "HEAD", "HEAD"],
    "new-site": ["new-site", "--name", "Probe Chapel", "--kind", "chapel", "data/sites.geojson"],
}


@pytest.mark.parametrize("name", sorted(LIGHT_COMMANDS))
def test_light_commands_load_no_heavy_package(name: str, workdir: Path) -> None:
    code, heavy, output = _probe(LIGHT_COMMANDS[name], workdir)
    assert code == 0, output
    assert heavy == [], f"{name} loaded {heavy}"


def test_the_map_is_drawn_without_folium_branca_or_jinja(workdir: Path) -> None:
    """The map page is written by heritage itself (docs/architecture.md): at run time too."""
    watched = ("folium", "branca", "jinja2", "pandas", "geopandas", "matplotlib")
    code, loaded, output = _probe(["map", "data/sites.geojson", "-o", "maps"], workdir, watched)
    assert code in (0, 1), output
    assert (workdir / "maps" / "index.html").is_file(), output
    assert loaded == []


def test_add_event_and_its_diff_load_no_heavy_package(workdir: Path) -> None:
    site = json.loads((workdir / "data" / "sites.geojson").read_text("utf-8"))["features"][0]["id"]
    args = [
        "add-event", site, "data/sites.geojson", "--date", "2026-01-02", "--status", "damaged",
        "--summary", "A monitoring group reported damage.", "--reported-by", "A monitor",
        "--source", "https://example.org/report",
    ]  # fmt: skip
    code, heavy, output = _probe(args, workdir)
    assert code == 0, output
    assert heavy == []
    code, heavy, output = _probe(["diff", "HEAD", "--format", "md"], workdir)
    assert code in (0, 1), output
    assert heavy == []
    assert site in output


BLOCKER = textwrap.dedent(
    """
    import sys
    from importlib.abc import MetaPathFinder

    class Missing(MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] == {blocked!r}:
                raise ModuleNotFoundError(f"No module named {{name!r}}", name=name)
            return None

    sys.meta_path.insert(0, Missing())
    from heritage.cli import cli
    cli(args=sys.argv[1:], prog_name="heritage")
    """
)


@pytest.mark.parametrize(
    ("blocked", "args", "extra"),
    [
        ("geopandas", ["summary", str(CATALOGUE)], "analysis"),
        ("xyzservices", ["map", str(CATALOGUE), "-o", "{tmp}"], "map"),
        (
            "matplotlib",
            ["report", str(CATALOGUE), "--since", "2020", "-o", "{tmp}/r.html"],
            "reports",
        ),
    ],
)
def test_a_missing_extra_names_the_pip_command(
    blocked: str, args: list[str], extra: str, tmp_path: Path
) -> None:
    argv = [a.replace("{tmp}", str(tmp_path)) for a in args]
    done = subprocess.run(
        [sys.executable, "-c", BLOCKER.format(blocked=blocked), *argv],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    assert f"pip install 'heritage[{extra}]'" in done.stderr
    assert blocked in done.stderr


def test_heritage_load_raises_dependency_missing() -> None:
    code = BLOCKER.split("from heritage.cli")[0].format(blocked="geopandas") + textwrap.dedent(
        """
        import heritage
        from heritage.errors import DependencyMissingError
        try:
            heritage.load
        except DependencyMissingError as exc:
            print("OK", exc)
        """
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.stdout.startswith("OK"), done.stdout + done.stderr
    assert "heritage[analysis]" in done.stdout


def test_the_core_installs_light_and_runs(
    workdir: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """A fresh virtual environment with heritage and no extra: validate, format and diff run.

    This is what a pre-commit hook or a pull-request check installs.
    """
    base = tmp_path_factory.mktemp("core")
    # A copy of the sources, so that the build leaves nothing in the working tree.
    source = base / "src"
    shutil.copytree(
        ROOT / "heritage", source / "heritage", ignore=shutil.ignore_patterns("__pycache__")
    )
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    py = venv / "bin" / "python"
    install = subprocess.run(
        [str(py), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
         "-c", str(ROOT / "requirements" / "lock.txt"), str(source)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert install.returncode == 0, install.stderr
    listed = subprocess.run(
        [str(py), "-m", "pip", "list", "--format", "json"],
        capture_output=True,
        text=True,
        check=True,
    )
    installed = {p["name"].lower() for p in json.loads(listed.stdout)}
    assert "heritage" in installed
    assert installed.isdisjoint({"pandas", "geopandas", "pyarrow", "folium", "matplotlib"})
    heritage = venv / "bin" / "heritage"
    for args in (["validate"], ["format", "--check"], ["diff", "HEAD", "HEAD"]):
        done = subprocess.run(
            [str(heritage), *args], cwd=workdir, capture_output=True, text=True, check=False
        )
        assert done.returncode == 0, (args, done.stdout, done.stderr)
    summary = subprocess.run(
        [str(heritage), "summary"], cwd=workdir, capture_output=True, text=True, check=False
    )
    assert summary.returncode == 2
    assert "pip install 'heritage[analysis]'" in summary.stderr


def test_the_lock_pins_every_dependency() -> None:
    """requirements/lock.txt pins every package pyproject.toml asks for (run scripts/lock)."""
    import tomllib

    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    wanted = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        wanted += extra
    names = {canonicalize_name(Requirement(r).name) for r in wanted} - {"heritage"}
    pinned = {}
    for line in (ROOT / "requirements" / "lock.txt").read_text("utf-8").splitlines():
        if line and not line.startswith((" ", "#")):
            requirement = Requirement(line)
            pinned[canonicalize_name(requirement.name)] = str(requirement.specifier)
    missing = sorted(names - set(pinned))
    assert not missing, f"not in requirements/lock.txt (run scripts/lock): {missing}"
    assert all(spec.startswith("==") for spec in pinned.values())


def test_every_module_has_its_place_in_the_layers() -> None:
    """A new module must take its place in the picture (pyproject.toml, docs/architecture.md)."""
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    contract = next(c for c in config["tool"]["importlinter"]["contracts"] if c["id"] == "layers")
    named = {
        module.strip().removeprefix("heritage.")
        for layer in contract["layers"]
        for module in layer.split("|")
    }
    package = ROOT / "heritage"
    present = {p.stem for p in package.glob("*.py")} | {
        p.name for p in package.iterdir() if p.is_dir() and (p / "__init__.py").exists()
    }
    present -= {"__init__", "__main__"}
    assert sorted(present - named) == [], "add these modules to the layers contract"
    assert sorted(named - present) == [], "the layers contract names modules that do not exist"
    drawn = (ROOT / "docs" / "architecture.md").read_text("utf-8")
    missing = sorted(m for m in present if not re.search(rf"\b{re.escape(m)}\b", drawn))
    assert missing == [], f"docs/architecture.md does not draw: {missing}"
