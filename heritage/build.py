"""One-command build: validate, run every output step, then swap the results into place.

A build is a list of :class:`Step` values. Each step writes into its own output folder
(``maps``, ``reports``, ``exports``; the website's ``sites`` and ``assets``) inside a private
staging folder created in ``OUT``; the website step also writes its pages at the staging
folder's root (folder ``"."``). Only when every step has succeeded is each staged folder
moved over ``OUT/<folder>`` (an atomic exchange of the two folders on Linux, two renames
elsewhere) and each root page renamed over ``OUT/<page>``, so an interrupted or failing build
leaves the previous outputs exactly as they were. A catalogue with validation errors stops
the build before anything is written.

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
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Final

from heritage import staging as staging_folders
from heritage.catalogue import Catalogue
from heritage.config import Config
from heritage.errors import BuildError, CatalogueWriteError, HeritageError
from heritage.issues import ValidationResult

#: Folders a build may write in OUT; each is replaced as a whole when the build succeeds.
OUTPUT_FOLDERS: Final[tuple[str, ...]] = ("maps", "reports", "exports", "sites", "assets")
#: The folder name of a step that writes pages at the root of OUT (the website's step).
ROOT: Final[str] = "."
#: Files at the root of OUT that the build owns: a stale one is removed when the website
#: step ran without writing it (a sitemap once the public address is removed).
ROOT_FILES: Final[tuple[str, ...]] = (
    "index.html",
    "all-sites.html",
    "about.html",
    "404.html",
    "sitemap.xml",
)
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
    config
        The project's configuration (``heritage.toml``).
    name
        The catalogue's own ``name`` member, if any.
    """

    catalogue: Catalogue
    path: Path
    today: date
    config: Config = field(default_factory=Config)
    name: str | None = None


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
    from heritage.maps import settings, write_map
    from heritage.maps.embed import embed_snippet
    from heritage.write import write_atomic

    collection: dict[str, object] = {
        "type": "FeatureCollection",
        "features": list(context.catalogue.features.values()),
    }
    if context.name:
        # The same title as `heritage map` gives: the configured one, else the catalogue's.
        collection["name"] = context.name
    # Every configured language and basemap (heritage.toml, when the project has one).
    write_map(collection, folder, settings=settings.load())
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

    if today.year == 1:
        recent = date.min  # no year before the year 1: the window starts on its first day
    else:
        try:
            year_before = today.replace(year=today.year - 1)
        except ValueError:  # 29 February
            year_before = today.replace(year=today.year - 1, day=28)
        recent = year_before + timedelta(days=1)
    first = catalogue.events["earliest"].min()
    start = today if pd.isna(first) else first.date()
    return {
        "last-12-months": (recent, today),
        "all-time": (min(start, today), today),
    }


def _reports(context: BuildContext, folder: Path) -> None:
    from heritage.changes import compute_report
    from heritage.report import render_parts
    from heritage.write import write_atomic

    for stem, (since, until) in report_windows(context.catalogue, context.today).items():
        report = compute_report(context.catalogue, since, until)  # once for both renderings
        for fmt in ("html", "md"):
            # In pieces: the all-time page of 100,000 sites is 300 MB.
            write_atomic(folder / f"{stem}.{fmt}", render_parts(report, fmt))


def _brief(context: BuildContext, folder: Path) -> None:
    from heritage.changes import compute_report
    from heritage.report import render
    from heritage.write import write_atomic

    since, until = report_windows(context.catalogue, context.today)["last-12-months"]
    report = compute_report(context.catalogue, since, until)
    for fmt in ("html", "md"):
        write_atomic(folder / f"brief.{fmt}", render(report, fmt, brief=True))


def _feed(context: BuildContext, folder: Path) -> None:
    from heritage.feed import DEFAULT_TITLE, render_feed
    from heritage.write import write_atomic

    config = context.config
    title = f"{config.title}: new status reports" if config.title else DEFAULT_TITLE
    feed = render_feed(
        context.catalogue,
        title=title,
        feed_url=config.absolute("reports/feed.xml"),
        # Relative references resolve against the feed's own address (RFC 4287, xml:base).
        site_url=config.absolute("sites/{id}.html") or "../sites/{id}.html",
        home_url=config.absolute("index.html") or "../index.html",
        authority=config.feed_id,
        rights=config.credit,
    )
    write_atomic(folder / "feed.xml", feed)


def _site(context: BuildContext, folder: Path) -> None:
    from heritage.site import write_site

    window = report_windows(context.catalogue, context.today)["last-12-months"]
    write_site(context.catalogue, folder, context.config, window, context.name)


#: The build's steps, in order. Adding an output is one line here.
STEPS: list[Step] = [
    Step("map", "maps", _map),
    Step("reports", "reports", _reports),
    Step("brief", "reports", _brief),
    Step("feed", "reports", _feed),
    Step("exports", "exports", _exports),
    Step("site", ROOT, _site),  # last: its front page lists the exports with their sizes
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
    timings
        Wall-clock seconds taken by each phase (``validate``, ``load``, each step's name,
        ``move``), in the order they ran.
    cpu_timings
        The CPU seconds (user and system, this process) of the same phases: on a shared
        machine wall-clock time stretches with the load, CPU time much less.
    stale_removed
        Staging folders of earlier, killed builds that were removed (see
        :mod:`heritage.staging`).
    """

    validation: ValidationResult
    files: list[Path] = field(default_factory=list)
    status_counts: dict[str, int] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    cpu_timings: dict[str, float] = field(default_factory=dict)
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
    config: Config | None = None,
    map_copy: str | Path | None = None,
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
    config
        The project's configuration (default: every default of :class:`heritage.config.Config`).
    map_copy
        Also put the built ``maps`` folder here (replaced as a whole, like ``OUT/maps``):
        the repository's committed map when the website is built into ``_site``.

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

    timings: dict[str, float] = {}
    cpu_timings: dict[str, float] = {}
    clock, cpu = time.perf_counter(), time.process_time()

    def lap(name: str) -> None:
        nonlocal clock, cpu
        now, cpu_now = time.perf_counter(), time.process_time()
        timings[name] = timings.get(name, 0.0) + now - clock
        cpu_timings[name] = cpu_timings.get(name, 0.0) + cpu_now - cpu
        clock, cpu = now, cpu_now

    tick("validate", 0)
    # Plain numbers: the build never rewrites the catalogue, and the fast schema check needs them.
    document = load_document(path, keep_number_text=False)
    validation = validate_document(document)
    lap("validate")
    if not validation.ok:
        return BuildResult(validation, timings=timings, cpu_timings=cpu_timings)
    tick("load", 1)
    data = document.data
    # The text and its line index are needed no more: 300 MB at 100,000 sites, freed before
    # the outputs are built.
    del document
    catalogue = from_data(data, str(path))
    name = data.get("name") if isinstance(data, dict) else None
    context = BuildContext(
        catalogue,
        Path(path),
        today or date.today(),
        config or Config(),
        name if isinstance(name, str) else None,
    )
    lap("load")
    target = Path(out)
    try:
        target.mkdir(parents=True, exist_ok=True)
        # Folders left by builds that were killed (their lock is free): ours, not in use.
        stale = staging_folders.clean_stale(target)
        work = staging_folders.make(target)
    except OSError as exc:
        raise CatalogueWriteError(f"{target}: cannot write here ({exc.strerror or exc})") from exc
    staging = work.folder
    try:
        for number, step in enumerate(chosen):
            tick(step.name, number + 2)
            if step.folder not in (*OUTPUT_FOLDERS, ROOT):
                raise HeritageError(f"step '{step.name}' writes into unknown folder {step.folder}")
            folder = staging if step.folder == ROOT else staging / step.folder
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
            lap(step.name)
        files = sorted(
            p.relative_to(staging)
            for p in staging.rglob("*")
            if p.is_file() and p.name != staging_folders.LOCK_NAME
        )
        if map_copy is not None and (staging / "maps").is_dir():
            copy = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=Path(map_copy).parent))
            try:
                shutil.copytree(staging / "maps", copy / "maps")
                _replace_folder(copy / "maps", Path(map_copy))
            finally:
                shutil.rmtree(copy, ignore_errors=True)
        for folder_name in OUTPUT_FOLDERS:
            if (staging / folder_name).is_dir():
                _replace_folder(staging / folder_name, target / folder_name)
        if any(step.folder == ROOT for step in chosen):
            _replace_root_files(staging, target)
        lap("move")
    finally:
        work.close()
    tick("done", total)
    counts = catalogue.sites["status"].value_counts()
    status_counts = {s: int(counts.get(s, 0)) for s in ALL_STATUSES}
    return BuildResult(validation, files, status_counts, timings, cpu_timings, stale)


def _replace_root_files(staging: Path, target: Path) -> None:
    """Rename the staged root pages over OUT's, and remove the build's own stale ones."""
    staged = {
        p.name for p in staging.iterdir() if p.is_file() and p.name != staging_folders.LOCK_NAME
    }
    try:
        for name in sorted(staged):
            os.replace(staging / name, target / name)
        for name in ROOT_FILES:
            if name not in staged and (target / name).is_file():
                (target / name).unlink()
        for stale in target.glob("sitemap-*.xml"):
            if stale.name not in staged:
                stale.unlink()
    except OSError as exc:
        raise CatalogueWriteError(f"{target}: cannot replace ({exc.strerror or exc})") from exc


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
            raise CatalogueWriteError(f"{target}: exists and is not a folder; move it away")
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
        raise CatalogueWriteError(f"{target}: cannot replace ({exc.strerror or exc})") from exc
