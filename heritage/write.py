"""Atomic file writes: a crash or an error mid-write never leaves a truncated file."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from heritage.errors import CatalogueWriteError


def write_atomic(path: str | Path, data: str | bytes) -> None:
    r"""Write a file atomically: to a temporary file beside it, flushed, then renamed over.

    Parameters
    ----------
    path
        Destination. Its folder must exist. An existing file keeps its permission bits.
    data
        Text (written as UTF-8 with ``\\n`` line ends) or bytes.

    Raises
    ------
    CatalogueWriteError
        When the folder is missing or not writable (an ``OSError`` subclass).
    """
    target = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
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
            handle.write(payload)
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
