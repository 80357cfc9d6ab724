"""The git boundary: read a catalogue as it is in a revision, a file, or the working tree.

``heritage diff`` compares two *versions* of the catalogue. Each side is either a file
that exists (read as is) or a git revision (the catalogue file at ``path`` in that commit,
read with ``git cat-file``). By default the base is the merge base of ``main`` and
``HEAD`` (what a pull request branched from) and the head is the working tree. git runs as
a subprocess with arguments as a list (no shell), and a revision that starts with ``-``
is refused so that it cannot be taken for an option.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from heritage.document import read_text
from heritage.errors import RevisionError

#: Branches tried, in order, for the default base.
MAIN_BRANCHES = ("main", "origin/main")


@dataclass(frozen=True)
class Version:
    """One side of a comparison.

    Attributes
    ----------
    label
        What it is, for people (``"main@1a2b3c4"``, ``"working tree"``, a file path).
    text
        The catalogue's text.
    """

    label: str
    text: str


def _git(args: list[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except FileNotFoundError as exc:
        raise RevisionError("git is not installed; give two catalogue files instead") from exc


def _toplevel(cwd: Path) -> Path:
    done = _git(["rev-parse", "--show-toplevel"], cwd)
    if done.returncode != 0:
        raise RevisionError(
            f"{cwd} is not inside a git repository: run heritage diff in the repository, "
            "or give two catalogue files"
        )
    return Path(done.stdout.decode().strip())


def _commit(revision: str, cwd: Path) -> str:
    if not revision or revision.startswith("-"):
        raise RevisionError(f"'{revision}' is not a revision")
    done = _git(["rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}"], cwd)
    if done.returncode != 0:
        raise RevisionError(f"unknown revision '{revision}' (no such branch, tag or commit)")
    return done.stdout.decode().strip()


def merge_base(cwd: Path) -> tuple[str, str]:
    """Return the merge base of ``main`` (or ``origin/main``) and ``HEAD``, and its label.

    Raises
    ------
    RevisionError
        When neither branch exists or they share no history.
    """
    for branch in MAIN_BRANCHES:
        if _git(["rev-parse", "--verify", "--quiet", f"{branch}^{{commit}}"], cwd).returncode:
            continue
        done = _git(["merge-base", branch, "HEAD"], cwd)
        if done.returncode != 0:
            raise RevisionError(f"'{branch}' and HEAD share no history: give BASE explicitly")
        commit = done.stdout.decode().strip()
        return commit, f"merge base of {branch} ({commit[:10]})"
    raise RevisionError("there is no branch 'main' or 'origin/main' to compare with: give BASE")


def read_revision(revision: str, path: str | Path, cwd: Path | None = None) -> Version:
    """Return the catalogue file ``path`` as it is in a git revision.

    Parameters
    ----------
    revision
        A commit, branch, tag or expression git understands (``HEAD~1``).
    path
        The file, relative to the current folder (as for the working tree) or absolute.
    cwd
        Where to run git (the current folder by default).

    Raises
    ------
    RevisionError
        When not in a repository, the revision does not exist, or the file is not in it.
    """
    here = Path(cwd or Path.cwd()).resolve()
    top = _toplevel(here)
    commit = _commit(revision, here)
    inside = Path(os.path.relpath((here / path).resolve(), top)).as_posix()
    if inside.startswith("../"):
        raise RevisionError(f"{path} is outside the git repository at {top}")
    done = _git(["cat-file", "blob", f"{commit}:{inside}"], here)
    if done.returncode != 0:
        raise RevisionError(f"'{inside}' does not exist in revision '{revision}'")
    try:
        text = done.stdout.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise RevisionError(f"'{inside}' in revision '{revision}' is not UTF-8 text") from exc
    return Version(f"{revision} ({commit[:10]})" if revision != commit else commit[:10], text)


def read_side(spec: str | None, path: str | Path, cwd: Path | None = None) -> Version:
    """Return one side of a comparison.

    Parameters
    ----------
    spec
        An existing file (read as is), a git revision of ``path``, or ``None`` for the file
        ``path`` in the working tree.
    path
        The catalogue inside the repository (``data/sites.geojson``).
    cwd
        Where relative paths start and git runs.

    Raises
    ------
    RevisionError, heritage.errors.CatalogueNotFoundError
        When a revision, or the file in it or on disk, does not exist.
    """
    here = Path(cwd or Path.cwd())
    if spec is None:
        return Version("working tree", read_text(here / path))
    if (here / spec).is_file():
        return Version(str(spec), read_text(here / spec))
    return read_revision(spec, path, here)


def resolve(
    base: str | None, head: str | None, path: str | Path, cwd: Path | None = None
) -> tuple[Version, Version]:
    """Return the base and head versions of ``heritage diff [BASE] [HEAD]``.

    ``BASE`` defaults to the merge base of ``main`` and ``HEAD``; ``HEAD`` to the working
    tree. Each may be a file instead of a revision.
    """
    here = Path(cwd or Path.cwd())
    if base is None:
        commit, label = merge_base(here)
        base_version = Version(label, read_revision(commit, path, here).text)
    else:
        base_version = read_side(base, path, here)
    return base_version, read_side(head, path, here)
