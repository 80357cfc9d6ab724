"""The build's private staging folders: made, locked while in use, and cleaned when abandoned.

A build writes into ``OUT/.heritage-build-XXXXXXXX/`` and moves the results into place at
the end (:mod:`heritage.build`). A build that is killed (SIGKILL, power loss, a CI job
cancelled) leaves its staging folder behind. Each build therefore holds an exclusive lock
(``flock``) on a file inside its folder for as long as it runs; the operating system releases
that lock when the process ends, however it ends. The next build removes every staging
folder that is:

- ours: a real folder (not a symbolic link) named with :data:`PREFIX`, owned by the user
  running the build;
- not in use: its lock can be taken, so no running build holds it; or, for a folder without
  a lock file (a build killed between creating the folder and locking it, or made by an older
  version), untouched for :data:`UNLOCKED_STALE_AFTER` seconds.

Anything else in ``OUT`` is never touched.
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
import time
from pathlib import Path
from typing import IO, Final

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no flock; folders are then cleaned by age
    fcntl = None  # type: ignore[assignment]

PREFIX: Final[str] = ".heritage-build-"
LOCK_NAME: Final[str] = ".heritage-build.lock"
#: Age after which a staging folder without a lock file counts as abandoned (one day: far
#: longer than any build, which takes minutes even at 100,000 sites).
UNLOCKED_STALE_AFTER: Final[float] = 24 * 3600.0


class Staging:
    """A staging folder and the lock that marks it as in use (release with :meth:`close`)."""

    def __init__(self, folder: Path, lock: IO[str]) -> None:
        self.folder = folder
        self._lock = lock

    def close(self) -> None:
        """Remove the folder and release the lock."""
        shutil.rmtree(self.folder, ignore_errors=True)
        self._lock.close()


def make(target: Path) -> Staging:
    """Create and lock a new staging folder in ``target``.

    Raises
    ------
    OSError
        When ``target`` cannot be written.
    """
    folder = Path(tempfile.mkdtemp(prefix=PREFIX, dir=target))
    lock = (folder / LOCK_NAME).open("w", encoding="ascii")
    if fcntl is not None:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    lock.write(f"{os.getpid()}\n")
    lock.flush()
    return Staging(folder, lock)


def clean_stale(target: Path, now: float | None = None) -> list[Path]:
    """Remove the abandoned staging folders in ``target`` (see the module documentation).

    Parameters
    ----------
    target
        The build's output folder.
    now
        The time to measure ages from (default: now).

    Returns
    -------
    list of Path
        The folders removed, sorted.
    """
    now = time.time() if now is None else now
    removed = []
    for candidate in sorted(target.glob(PREFIX + "*")):
        try:
            info = candidate.lstat()
        except OSError:
            continue
        if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid():
            continue  # a link, a file, or another user's folder: not ours to remove
        if _abandoned(candidate, info, now):
            shutil.rmtree(candidate, ignore_errors=True)
            removed.append(candidate)
    return removed


def _abandoned(folder: Path, info: os.stat_result, now: float) -> bool:
    lock = folder / LOCK_NAME
    try:
        lock_info = lock.lstat()
    except FileNotFoundError:
        return now - info.st_mtime > UNLOCKED_STALE_AFTER
    except OSError:
        return False
    if not stat.S_ISREG(lock_info.st_mode) or fcntl is None:
        return now - info.st_mtime > UNLOCKED_STALE_AFTER
    try:
        handle = lock.open("r", encoding="ascii")
    except OSError:
        return False
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False  # a running build holds it
        return True
