"""The pre-commit hooks work for a contributor who never activated anything.

Both ways are run with pre-commit itself, in temporary git repositories, with no `heritage`
on the PATH and no virtual environment active:

- another repository that keeps a catalogue uses the hooks of `.pre-commit-hooks.yaml` (a
  snapshot of this working tree as the hook repository, exactly as `pre-commit try-repo`
  makes one, but with one hook environment reused by every case instead of one per run);
- this repository's own `.pre-commit-config.yaml`.

A valid catalogue passes, an invalid one fails with the validator's message, and a catalogue
in another layout is rewritten in the canonical one. Building a hook environment installs
packages from the package index, so the first case of each kind takes a while.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import CATALOGUE, DATA, ROOT

from heritage.canonical import format_document, is_canonical
from heritage.document import load_document, parse

GIT = ["git", "-c", "user.name=test", "-c", "user.email=test@example.org"]


def _git(cwd: Path, *args: str) -> str:
    proc = subprocess.run([*GIT, *args], cwd=cwd, capture_output=True, text=True, check=True)
    return proc.stdout.strip()


def _repository(path: Path, files: dict[str, Path | str]) -> Path:
    """Make a git repository holding copies of ``files`` (path in repo -> source or text)."""
    path.mkdir(parents=True)
    for name, source in files.items():
        target = path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(source, str):
            target.write_text(source, encoding="utf-8")
        elif source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copyfile(source, target)
    _git(path, "init", "-q")
    _git(path, "add", "-A")
    _git(path, "commit", "-q", "-m", "snapshot")
    return path


def _environment(home: Path) -> dict[str, str]:
    """The contributor's environment: no virtual environment, no heritage on the PATH."""
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    venv_bin = str(Path(sys.executable).parent)
    env["PATH"] = os.pathsep.join(
        p for p in env.get("PATH", "").split(os.pathsep) if p and p != venv_bin
    )
    env["PRE_COMMIT_HOME"] = str(home)
    assert shutil.which("heritage", path=env["PATH"]) is None
    return env


def _pre_commit(repo: Path, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", *args, "--all-files", "--color", "never"],
        cwd=repo,
        env=_environment(home),
        capture_output=True,
        text=True,
        timeout=1500,
        check=False,
    )


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One store of hook environments for the module: each is built once."""
    return tmp_path_factory.mktemp("pre-commit-home")


@pytest.fixture(scope="module")
def hook_repository(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A snapshot of this working tree as a hook repository, and its commit."""
    names = ["pyproject.toml", "README.md", ".pre-commit-hooks.yaml"]
    names += [p.name for p in ROOT.glob("LICENSE*")]  # the build may need it
    files: dict[str, Path | str] = {name: ROOT / name for name in names}
    files["heritage"] = ROOT / "heritage"
    repo = _repository(tmp_path_factory.mktemp("hooks") / "repo", files)
    return repo, _git(repo, "rev-parse", "HEAD")


def _non_canonical() -> str:
    data = json.loads(CATALOGUE.read_text("utf-8"))
    return json.dumps(data, ensure_ascii=False, indent=4) + "\n"


CASES: list[tuple[str, Callable[[], str]]] = [
    ("valid", lambda: format_document(parse(CATALOGUE.read_text("utf-8")))),
    ("invalid", lambda: (DATA / "invalid" / "unknown-status.geojson").read_text("utf-8")),
    ("other-layout", _non_canonical),
]


def _check(case: str, result: subprocess.CompletedProcess[str], catalogue: Path) -> None:
    output = result.stdout + result.stderr
    if case == "valid":
        assert result.returncode == 0, output
        assert output.count("Passed") == 2
    elif case == "invalid":
        assert result.returncode == 1
        assert "error[unknown-status]" in output and "Did you mean 'destroyed'?" in output
    else:
        assert result.returncode == 1  # pre-commit fails a commit whose files a hook changed
        assert "files were modified by this hook" in output
        assert is_canonical(load_document(catalogue))
        assert json.loads(catalogue.read_text("utf-8")) == json.loads(_non_canonical())


@pytest.mark.parametrize(("case", "text"), CASES, ids=[c for c, _ in CASES])
def test_hooks_for_other_repositories(
    case: str,
    text: Callable[[], str],
    hook_repository: tuple[Path, str],
    pre_commit_home: Path,
    tmp_path: Path,
) -> None:
    source, rev = hook_repository
    config = (
        f"repos:\n  - repo: {source}\n    rev: {rev}\n    hooks:\n"
        "      - id: heritage-validate\n      - id: heritage-format\n"
    )
    repo = _repository(
        tmp_path / "catalogue",
        {
            "data/sites.geojson": text(),
            # The gazetteer goes with the catalogue: its sites name their places.
            "data/places.json": ROOT / "data" / "places.json",
            ".pre-commit-config.yaml": config,
        },
    )
    _check(case, _pre_commit(repo, pre_commit_home), repo / "data" / "sites.geojson")


@pytest.mark.parametrize(("case", "text"), CASES, ids=[c for c, _ in CASES])
def test_hooks_of_this_repository(
    case: str, text: Callable[[], str], pre_commit_home: Path, tmp_path: Path
) -> None:
    repo = _repository(
        tmp_path / "clone",
        {
            ".pre-commit-config.yaml": ROOT / ".pre-commit-config.yaml",
            "heritage": ROOT / "heritage",
            "data/sites.geojson": text(),
            "data/places.json": ROOT / "data" / "places.json",
        },
    )
    results = [
        _pre_commit(repo, pre_commit_home, "heritage-validate"),
        _pre_commit(repo, pre_commit_home, "heritage-format"),
    ]
    merged = subprocess.CompletedProcess(
        results[0].args,
        max(r.returncode for r in results),
        "".join(r.stdout for r in results),
        "".join(r.stderr for r in results),
    )
    _check(case, merged, repo / "data" / "sites.geojson")
