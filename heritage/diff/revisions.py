"""The git boundary: read a catalogue as it is in a revision, a file, or the working tree.

``heritage diff`` compares two *versions* of the catalogue. A revision and a file are never
confused: a revision (``main``, ``HEAD~1``, a commit SHA) is always resolved by git to a
commit (``git rev-parse --verify --end-of-options REV^{commit}``) and the catalogue is read
from that commit with ``git cat-file``; a file is read only when it is named as one
(``--base-file``/``--head-file``). A file in the working tree named ``HEAD`` or
``origin/main`` therefore cannot stand in for the revision of that name, which would let a
pull request show reviewers a decoy instead of its real changes.

By default the base is the merge base of ``main`` and ``HEAD`` (what a pull request branched
from) and the head is the working tree. git runs as a subprocess with arguments as a list
(no shell), and a revision that starts with ``-`` is refused so that it cannot be taken for
an option.
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
        raise RevisionError(
            "git is not installed; compare files with --base-file and --head-file instead"
        ) from exc


def _toplevel(cwd: Path) -> Path:
    done = _git(["rev-parse", "--show-toplevel"], cwd)
    if done.returncode != 0:
        raise RevisionError(
            f"{cwd} is not inside a git repository: run heritage diff in the repository, "
            "or compare files with --base-file and --head-file"
        )
    return Path(done.stdout.decode().strip())


def _commit(revision: str, cwd: Path) -> str:
    """Return the full SHA of the commit a revision names (never a file's content)."""
    if not revision or revision.startswith("-"):
        raise RevisionError(f"'{revision}' is not a revision")
    done = _git(
        ["rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}"], cwd
    )
    if done.returncode != 0:
        hint = ""
        if (cwd / revision).is_file():
            hint = f"; to compare the file {revision}, name it with --base-file or --head-file"
        raise RevisionError(f"unknown revision '{revision}' (no such branch, tag or commit){hint}")
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


def read_file(path: str | Path, cwd: Path | None = None) -> Version:
    """Return a catalogue file named as a file (``--base-file``/``--head-file``).

    Raises
    ------
    heritage.errors.CatalogueNotFoundError
        When there is no such file.
    """
    here = Path(cwd or Path.cwd())
    return Version(f"file {path}", read_text(here / path))


def read_side(
    revision: str | None, file: str | Path | None, path: str | Path, cwd: Path | None = None
) -> Version:
    """Return one side of a comparison: a revision, a file, or the working tree.

    Parameters
    ----------
    revision
        A git revision of ``path`` (always resolved by git, even when a file of that name
        exists), or ``None``.
    file
        A catalogue file to read as is, or ``None``. At most one of ``revision`` and
        ``file`` may be given.
    path
        The catalogue inside the repository (``data/sites.geojson``); with neither
        ``revision`` nor ``file``, it is read from the working tree.
    cwd
        Where relative paths start and git runs.

    Raises
    ------
    RevisionError, heritage.errors.CatalogueNotFoundError
        When a revision, or the file in it or on disk, does not exist.
    """
    here = Path(cwd or Path.cwd())
    if revision is not None and file is not None:
        raise RevisionError(f"give either the revision '{revision}' or the file {file}, not both")
    if file is not None:
        return read_file(file, here)
    if revision is None:
        return Version("working tree", read_text(here / path))
    return read_revision(revision, path, here)


def resolve(
    base: str | None,
    head: str | None,
    path: str | Path,
    cwd: Path | None = None,
    base_file: str | Path | None = None,
    head_file: str | Path | None = None,
) -> tuple[Version, Version]:
    """Return the base and head versions of ``heritage diff [BASE] [HEAD]``.

    ``base`` and ``head`` are git revisions, never files. Without a base revision or file,
    the base is the merge base of ``main`` and ``HEAD``; without a head revision or file,
    the head is the working tree.

    Raises
    ------
    RevisionError, heritage.errors.CatalogueNotFoundError
        When a revision or file does not exist, or a side is given twice.
    """
    here = Path(cwd or Path.cwd())
    if base is None and base_file is None:
        commit, label = merge_base(here)
        base_version = Version(label, read_revision(commit, path, here).text)
    else:
        base_version = read_side(base, base_file, path, here)
    return base_version, read_side(head, head_file, path, here)
