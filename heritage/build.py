"""One-command build: validate, run every output step, then swap the results into place.

A build is a list of :class:`Step` values. Each step writes into its own output folder
(``maps``, ``reports`` or ``exports``) inside a private staging folder created in ``OUT``.
Only when every step has succeeded is each staged folder moved over ``OUT/<folder>`` (an
atomic exchange of the two folders on Linux, two renames elsewhere), so an interrupted or
failing build leaves the previous outputs exactly as they were. A catalogue with validation
errors stops the build before anything is written.

Adding an output is one line in :data:`STEPS`, for example::

    Step("map", "maps", lambda ctx, folder: write_map(ctx.catalogue, folder)),

Every step must write deterministic bytes (no clock, no random id, sorted iteration), so
that building twice from the same catalogue gives byte-identical files.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Final

from heritage import staging as staging_folders
from heritage.catalogue import Catalogue
from heritage.errors import CatalogueReadError, HeritageError
from heritage.issues import ValidationResult


class BuildError(HeritageError, RuntimeError):
    """A build step failed; nothing was moved into place."""


#: Folders a build may write in OUT; each is replaced as a whole when the build succeeds.
OUTPUT_FOLDERS: Final[tuple[str, ...]] = ("maps", "reports", "exports")
STAGING_PREFIX: Final[str] = staging_folders.PREFIX


@dataclass(frozen=True)
class BuildContext:
    """What every step may read.

    Attributes
    ----------
    catalogue
        The loaded, validated catalogue.
    path
        The catalogue file.
    today
        The day the build counts as today (reports' "last 12 months" end here).
    """

    catalogue: Catalogue
    path: Path
    today: date


@dataclass(frozen=True)
class Step:
    """One output of the build.

    Attributes
    ----------
    name
        Shown in the progress display.
    folder
        The output folder it writes into (one of :data:`OUTPUT_FOLDERS`).
    run
        ``run(context, folder)`` writes the step's files into ``folder`` (which exists and
        may already hold files of earlier steps with the same folder).
    """

    name: str
    folder: str
    run: Callable[[BuildContext, Path], object]


def _map(context: BuildContext, folder: Path) -> None:
    from heritage.maps import write_map
    from heritage.maps.embed import embed_snippet
    from heritage.write import write_atomic

    features = list(context.catalogue.features.values())
    write_map({"type": "FeatureCollection", "features": features}, folder)
    # The snippet points at embed.html beside it; publishers edit the URL to their own.
    write_atomic(folder / "embed-snippet.html", embed_snippet("embed.html") + "\n")


def _exports(context: BuildContext, folder: Path) -> None:
    from heritage.exports import export_all

    export_all(context.catalogue, folder)


def report_windows(catalogue: Catalogue, today: date) -> dict[str, tuple[date, date]]:
    """Return the build's report windows by file stem: the last 12 months and all time.

    "All time" starts on the first day of the earliest dated event (or today when there is
    none); the last 12 months end today and start the day after the same day a year before.
    """
    import pandas as pd

    try:
        year_before = today.replace(year=today.year - 1)
    except ValueError:  # 29 February
        year_before = today.replace(year=today.year - 1, day=28)
    first = catalogue.events["earliest"].min()
    start = today if pd.isna(first) else first.date()
    return {
        "last-12-months": (year_before + timedelta(days=1), today),
        "all-time": (min(start, today), today),
    }


def _reports(context: BuildContext, folder: Path) -> None:
    from heritage.changes import compute_report
    from heritage.report import render
    from heritage.write import write_atomic

    for stem, (since, until) in report_windows(context.catalogue, context.today).items():
        report = compute_report(context.catalogue, since, until)  # once for both renderings
        for fmt in ("html", "md"):
            write_atomic(folder / f"{stem}.{fmt}", render(report, fmt))


def _feed(context: BuildContext, folder: Path) -> None:
    from heritage.feed import render_feed
    from heritage.write import write_atomic

    write_atomic(folder / "feed.xml", render_feed(context.catalogue))


#: The build's steps, in order. Adding an output is one line here.
STEPS: list[Step] = [
    Step("map", "maps", _map),
    Step("reports", "reports", _reports),
    Step("feed", "reports", _feed),
    Step("exports", "exports", _exports),
]


@dataclass
class BuildResult:
    """What a build did.

    Attributes
    ----------
    validation
        The validation result; when it has errors nothing was written.
    files
        Every file written, relative to ``OUT`` (``exports/sites.csv``...), sorted.
    status_counts
        Sites by current status, in vocabulary order (empty when validation failed).
    stale_removed
        Staging folders of earlier, killed builds that were removed (see
        :mod:`heritage.staging`).
    """

    validation: ValidationResult
    files: list[Path] = field(default_factory=list)
    status_counts: dict[str, int] = field(default_factory=dict)
    stale_removed: list[Path] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when the catalogue was valid and every output was written."""
        return self.validation.ok


#: Progress callback: ``progress(phase, done, total)``; ``done == total`` at the end.
Progress = Callable[[str, int, int], None]


def build(
    path: str | Path,
    out: str | Path = ".",
    *,
    steps: Sequence[Step] | None = None,
    today: date | None = None,
    progress: Progress | None = None,
) -> BuildResult:
    """Validate a catalogue and write every output into ``out``.

    Parameters
    ----------
    path
        The catalogue file.
    out
        The folder that receives ``maps/``, ``reports/`` and ``exports/`` (created if
        missing).
    steps
        The steps to run (default: :data:`STEPS`).
    today
        The day counted as today (default: today).
    progress
        ``progress(phase, done, total)``: called before validation, before loading, before
        each step and once at the end (``"done"``).

    Returns
    -------
    BuildResult
        The validation result, the files written and the status counts.

    Raises
    ------
    heritage.errors.HeritageError
        When the catalogue cannot be read, ``out`` cannot be written, or a step fails. The
        previous outputs are then left untouched.
    """
    from heritage.catalogue import from_data
    from heritage.document import load_document
    from heritage.validate import validate_document
    from heritage.vocabulary import ALL_STATUSES

    chosen = list(STEPS if steps is None else steps)
    total = len(chosen) + 2  # validate, load, then the steps

    def tick(name: str, done: int) -> None:
        if progress:
            progress(name, done, total)

    tick("validate", 0)
    # Plain numbers: the build never rewrites the catalogue, and the fast schema check needs them.
    document = load_document(path, keep_number_text=False)
    validation = validate_document(document)
    if not validation.ok:
        return BuildResult(validation)
    tick("load", 1)
    catalogue = from_data(document.data, str(path))
    context = BuildContext(catalogue, Path(path), today or date.today())
    target = Path(out)
    try:
        target.mkdir(parents=True, exist_ok=True)
        # Folders left by builds that were killed (their lock is free): ours, not in use.
        stale = staging_folders.clean_stale(target)
        work = staging_folders.make(target)
    except OSError as exc:
        raise CatalogueReadError(f"{target}: cannot write here ({exc.strerror or exc})") from exc
    staging = work.folder
    try:
        for number, step in enumerate(chosen):
            tick(step.name, number + 2)
            if step.folder not in OUTPUT_FOLDERS:
                raise HeritageError(f"step '{step.name}' writes into unknown folder {step.folder}")
            folder = staging / step.folder
            folder.mkdir(exist_ok=True)
            try:
                step.run(context, folder)
            except HeritageError:
                raise
            except Exception as exc:
                # Any failure of a step ends the build with one clear line; the previous
                # outputs stay in place because nothing was moved yet.
                raise BuildError(
                    f"build step '{step.name}' failed ({type(exc).__name__}: {exc}); "
                    "previous outputs were left unchanged"
                ) from exc
        files = sorted(
            p.relative_to(staging)
            for p in staging.rglob("*")
            if p.is_file() and p.name != staging_folders.LOCK_NAME
        )
        for name in OUTPUT_FOLDERS:
            if (staging / name).is_dir():
                _replace_folder(staging / name, target / name)
    finally:
        work.close()
    tick("done", total)
    counts = catalogue.sites["status"].value_counts()
    status_counts = {s: int(counts.get(s, 0)) for s in ALL_STATUSES}
    return BuildResult(validation, files, status_counts, stale)


_RENAME_EXCHANGE: Final[int] = 2
_AT_FDCWD: Final[int] = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically with Linux's renameat2; False where unsupported."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    result = renameat2(
        _AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), ctypes.c_uint(_RENAME_EXCHANGE)
    )
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False  # kernel or file system without RENAME_EXCHANGE: fall back
    raise OSError(code, os.strerror(code), str(b))


def _replace_folder(new: Path, target: Path) -> None:
    """Put ``new`` in place of ``target``; the old folder is removed afterwards."""
    try:
        if not target.exists():
            os.rename(new, target)
            return
        if not target.is_dir():
            raise CatalogueReadError(f"{target}: exists and is not a folder; move it away")
        if _exchange(new, target):
            shutil.rmtree(new)  # now holds the previous outputs
            return
        old = target.with_name(f".{target.name}.previous-{os.getpid()}")
        os.rename(target, old)
        try:
            os.rename(new, target)
        except OSError:
            os.rename(old, target)
            raise
        with contextlib.suppress(OSError):
            shutil.rmtree(old)
    except OSError as exc:
        raise CatalogueReadError(f"{target}: cannot replace ({exc.strerror or exc})") from exc
