"""Safe writes: atomic files, a lock for read-modify-write, and outputs that spare inputs.

- :func:`write_atomic`: a crash or an error mid-write never leaves a truncated file; a
  symbolic link is kept and its target rewritten.
- :func:`catalogue_lock`: commands that read, change and write the catalogue hold a lock
  across the read and the write, so concurrent edits wait for each other instead of one
  silently replacing another's.
- :func:`check_output`: a command's ``-o`` never lands on its own input or the catalogue.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from heritage.errors import CatalogueLockedError, CatalogueWriteError, InvalidArgumentError


def write_atomic(path: str | Path, data: str | bytes | Iterable[str]) -> None:
    r"""Write a file atomically: to a temporary file beside it, flushed, then renamed over.

    Parameters
    ----------
    path
        Destination. Its folder must exist. An existing file keeps its permission bits; a
        symbolic link stays a link and the file it points to is replaced.
    data
        Text (written as UTF-8 with ``\\n`` line ends), bytes, or pieces of text written one
        after the other (a large page need not be held whole in memory).

    Raises
    ------
    CatalogueWriteError
        When the folder is missing or not writable (an ``OSError`` subclass).
    """
    # Through a symbolic link, rewrite the file it points to: replacing the link itself
    # would turn it into a plain file and leave its target unchanged.
    target = Path(os.path.realpath(path))
    pieces: Iterable[str | bytes] = [data] if isinstance(data, str | bytes) else data
    try:
        mode = target.stat().st_mode & 0o7777
    except FileNotFoundError:
        mode = None
    try:
        fd, tmp = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=".tmp", dir=target.parent or "."
        )
    except OSError as exc:
        raise CatalogueWriteError(f"{target}: cannot write here ({exc.strerror or exc})") from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            for piece in pieces:
                handle.write(piece.encode("utf-8") if isinstance(piece, str) else piece)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        else:
            # mkstemp creates 0600 files; give new files the usual umask-based mode.
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise CatalogueWriteError(f"{target}: cannot write ({exc.strerror or exc})") from exc
        raise


def lock_path(path: str | Path) -> Path:
    """Return the lock file of a file: ``.NAME.lock`` beside the file its path resolves to.

    Resolving first means that every path to one file (a symbolic link, ``./``, ``../``)
    shares one lock.
    """
    real = Path(os.path.realpath(path))
    return real.with_name(f".{real.name}.lock")


@contextlib.contextmanager
def catalogue_lock(path: str | Path, timeout: float = 60.0) -> Iterator[None]:
    """Hold the exclusive lock of a file for a read-modify-write.

    On POSIX this is ``fcntl.flock`` on :func:`lock_path` (released by the system when the
    process ends, even on a crash, so it never goes stale). Where ``fcntl`` is missing the
    lock file is created exclusively and deleted afterwards; a lock file left by a killed
    process must then be deleted by hand (the error message says which).

    Parameters
    ----------
    path
        The file about to be read and rewritten.
    timeout
        Seconds to wait for another command to finish.

    Raises
    ------
    CatalogueLockedError
        When the lock is still held after ``timeout`` seconds.
    CatalogueWriteError
        When the lock file cannot be created (for example a read-only folder).
    """
    import time

    lock = lock_path(path)
    deadline = time.monotonic() + timeout
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        fcntl = None  # type: ignore[assignment]
    try:
        if fcntl is None:  # pragma: no cover - not POSIX
            fd = _create_exclusive(lock, deadline)
        else:
            fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o666)
    except FileExistsError:  # pragma: no cover - not POSIX
        raise CatalogueLockedError(_busy(path, lock, stale=True)) from None
    except OSError as exc:
        raise CatalogueWriteError(
            f"{lock}: cannot create the lock file ({exc.strerror or exc})"
        ) from exc
    try:
        if fcntl is not None:
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise CatalogueLockedError(_busy(path, lock, stale=False)) from None
                    time.sleep(0.05)
        yield
    finally:
        if fcntl is None:  # pragma: no cover - not POSIX
            with contextlib.suppress(OSError):
                os.unlink(lock)
        os.close(fd)  # closing the descriptor releases the flock


def _create_exclusive(lock: Path, deadline: float) -> int:  # pragma: no cover - not POSIX
    import time

    while True:
        try:
            return os.open(lock, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _busy(path: str | Path, lock: Path, stale: bool) -> str:
    message = (
        f"{path}: another heritage command is changing this file; nothing was written. "
        "Run this command again when it has finished"
    )
    if stale:
        message += f" (if none is running, delete the lock file {lock})"
    return message


class OutputOverwritesInputError(InvalidArgumentError):
    """An output path names a file the command reads, or the catalogue."""


def same_file(a: str | Path, b: str | Path) -> bool:
    """Return True when two paths name one file (symbolic links and hard links included)."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        # One of them does not exist yet: compare where they would resolve to.
        return os.path.normcase(os.path.realpath(a)) == os.path.normcase(os.path.realpath(b))


def _inside(path: str | Path, folder: str | Path) -> bool:
    real, base = Path(os.path.realpath(path)), Path(os.path.realpath(folder))
    return real == base or base in real.parents


def check_output(
    outputs: Iterable[str | Path],
    protected: Iterable[str | Path],
    *,
    folders: Iterable[str | Path] = (),
) -> None:
    """Refuse outputs that would overwrite a protected file (an input, the catalogue).

    Parameters
    ----------
    outputs
        Files the command is about to write.
    protected
        Files it must not write: what it reads, and the catalogue. Missing files are
        skipped (nothing to lose).
    folders
        Folders the command replaces as a whole: no protected file may be inside one.

    Raises
    ------
    OutputOverwritesInputError
        Naming the output and the file it would overwrite, and what to do instead.
    """
    kept = [p for p in protected if os.path.lexists(p)]
    written = list(outputs)
    for output in written:
        for path in kept:
            if same_file(output, path):
                raise OutputOverwritesInputError(
                    f"{output}: this is {path}, which the command reads or which holds the "
                    "catalogue; it would be overwritten. Write the output somewhere else."
                )
    for folder in folders:
        for path in kept:
            if _inside(path, folder):
                raise OutputOverwritesInputError(
                    f"{folder}: this folder is replaced as a whole and holds {path}; it would "
                    "be deleted. Choose another output folder."
                )
