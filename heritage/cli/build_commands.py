"""Build and export commands: ``heritage build`` and ``heritage export``."""

from __future__ import annotations

import os
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import click

from heritage.cli.base import DEFAULT_CATALOGUE, EXIT_FINDINGS, cli
from heritage.cli.options import catalogue_argument, output_option


def _console(err: bool = False) -> Any:
    from rich.console import Console

    return Console(highlight=False, stderr=err, soft_wrap=True)


@cli.command()
@catalogue_argument
@output_option(
    "Folder that receives the website: index.html, about.html, sites/, maps/, reports/, "
    "exports/... Default: _site (git-ignored), and the map is also refreshed in maps/.",
    to="folder",
    dest="out",
    metavar="OUT",
)
@click.option(
    "--config",
    "config_path",
    metavar="FILE",
    type=click.Path(dir_okay=False),
    help="The configuration file (default: heritage.toml in the current folder, if any).",
)
@click.option(
    "--base-url",
    metavar="URL",
    envvar="HERITAGE_BASE_URL",
    help="The public address of the website (overrides base_url in heritage.toml; also read "
    "from $HERITAGE_BASE_URL, which the publish workflow sets from GitHub Pages).",
)
@click.option(
    "--timings", is_flag=True, help="Print the seconds each step took (wall clock and CPU)."
)
@click.option(
    "--today",
    metavar="DATE",
    help="The day the reports end (YYYY-MM-DD). Default: $SOURCE_DATE_EPOCH when set "
    "(reproducible builds), otherwise today.",
)
def build(
    path: str,
    out: str | None,
    config_path: str | None,
    base_url: str | None,
    timings: bool,
    today: str | None,
) -> None:
    """Validate the catalogue, then write the website and every output.

    The website: a front page (index.html), the method (about.html), a page per site
    (sites/ID.html), 404.html, sitemap.xml (when base_url is configured), with the map
    (maps/), reports and feed (reports/) and exports (exports/). Links are relative, so it
    works from any sub-path and from the file system. Settings come from heritage.toml.

    Stops with the validation messages (exit 1), writing nothing, when the catalogue has
    errors. Outputs are written to a temporary folder inside OUT and each output folder is
    replaced as a whole only when every step succeeded, so a failed or interrupted build
    leaves the previous outputs intact. Building twice from the same catalogue gives
    byte-identical files.
    """
    from rich.table import Table
    from rich.text import Text

    from heritage import reporters
    from heritage.build import OUTPUT_FOLDERS, STEPS
    from heritage.build import build as run_build
    from heritage.config import load_config, override
    from heritage.site import SITE_FILES
    from heritage.write import check_output

    config = override(load_config(config_path), "--base-url", base_url=base_url or None)
    map_copy = None
    if out is None:
        # Keep the repository tidy: the website goes into the git-ignored _site/, and the
        # committed map in maps/ is refreshed from the same build.
        out, map_copy = "_site", "maps"
    # Each output folder in OUT is replaced as a whole and the root pages are written over:
    # none of them may be or hold the catalogue.
    check_output(
        [Path(out) / name for name in SITE_FILES],
        [path, DEFAULT_CATALOGUE],
        folders=[Path(out) / name for name in OUTPUT_FOLDERS],
    )
    console = _console(err=True)
    with _Progress(console, len(STEPS) + 2) as progress:
        result = run_build(
            path, out, today=_today(today), progress=progress, config=config, map_copy=map_copy
        )
    if not result.ok:
        for issue in result.validation.issues:
            console.print(Text(reporters.text_line(result.validation.path, issue)))
        console.print(Text(reporters.summary_line(result.validation), style="bold red"))
        console.print(Text("heritage build: nothing was written", style="bold red"))
        sys.exit(EXIT_FINDINGS)
    stdout = _console()
    table = Table(title="Sites by current status")
    table.add_column("status")
    table.add_column("sites", justify="right")
    for status, count in result.status_counts.items():
        table.add_row(status, str(count))
    stdout.print(table)
    pages = sum(1 for f in result.files if f.parts[0] == "sites")
    listed = [f for f in result.files if f.parts[0] != "sites"]
    for folder in result.stale_removed:
        stdout.print(Text(f"removed {folder}, left by an interrupted build"))
    stdout.print(Text(f"{len(result.files)} files written in {out}:"))
    for file in listed:
        stdout.print(Text(f"  {Path(out) / file}"))
    if pages:
        stdout.print(Text(f"  {Path(out) / 'sites'}/: {pages} site pages"))
    if map_copy is not None:
        stdout.print(Text(f"The map in {map_copy}/ was refreshed too."))
    if timings:
        # Wall-clock and CPU seconds: on a shared machine the first stretches with the load.
        cpu = result.cpu_timings
        for step, seconds in result.timings.items():
            stdout.print(Text(f"{step:<10} {seconds:8.2f} s {cpu.get(step, 0.0):8.2f} s cpu"))
        total, total_cpu = sum(result.timings.values()), sum(cpu.values())
        stdout.print(Text(f"{'total':<10} {total:8.2f} s {total_cpu:8.2f} s cpu"))
    index = Path(out) / "index.html"
    if index.is_file():
        stdout.print(Text(f"Open the website: {index.resolve()}"))


def _today(text: str | None) -> date | None:
    """Return the build's "today": --today, else SOURCE_DATE_EPOCH, else None (real today)."""
    from heritage import dates
    from heritage.cli.base import fail

    if text is not None:
        try:
            return dates.parse_day(text)
        except dates.DateFormatError as exc:
            fail(f"--today: {exc}")
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return datetime.fromtimestamp(int(epoch), tz=UTC).date()
        except (ValueError, OverflowError, OSError):
            fail(f"SOURCE_DATE_EPOCH={epoch!r} is not a number of seconds since 1970")
    return None


class _Progress:
    """A rich progress bar on a terminal; nothing at all otherwise."""

    def __init__(self, console: Any, total: int):
        self.console = console
        self.total = total
        self.bar: Any = None
        self.task: Any = None

    def __enter__(self) -> Any:
        if not self.console.is_terminal:
            return None
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

        self.bar = Progress(
            TextColumn("{task.description:<24}"),
            BarColumn(),
            TimeElapsedColumn(),
            console=self.console,
            transient=True,
        )
        self.bar.start()
        self.task = self.bar.add_task("build", total=self.total)
        return self.update

    def update(self, name: str, done: int, total: int) -> None:
        self.bar.update(self.task, completed=done, total=total, description=f"build: {name}")

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()


@cli.command()
@catalogue_argument
@click.option(
    "--to",
    "fmt",
    required=True,
    type=click.Choice(["gpkg", "csv", "parquet", "kml"]),
    help="Export format.",
)
@output_option(
    "Main file (default exports/sites.<ext>). csv and parquet also write the events "
    "table beside it as events.<ext> unless --events is given."
)
@click.option(
    "--events",
    "events_path",
    type=click.Path(dir_okay=False),
    help="Where csv and parquet write the events table.",
)
def export(path: str, fmt: str, output: str | None, events_path: str | None) -> None:
    """Export the catalogue for GIS, spreadsheets or Google Earth.

    gpkg: sites.gpkg with a 'sites' point layer (every site), 'sensitive_cells' and
    'site_areas' polygon layers, an 'events' table and default QGIS styles, and (without -o)
    exports/heritage.qgs, a QGIS project that opens them styled. csv: sites.csv (with
    longitude/latitude) and events.csv, UTF-8, formula-like cells prefixed with an
    apostrophe. parquet: GeoParquet sites.parquet and events.parquet. kml: sites.kml, one
    placemark per located site, styled by status. Sensitive sites are generalised to their
    0.1-degree grid cell in every format.
    """
    from heritage.catalogue import load
    from heritage.errors import CatalogueWriteError
    from heritage.exports import export as run_export
    from heritage.write import check_output

    outputs = [p for p in (output, events_path) if p]
    check_output(outputs, [path, DEFAULT_CATALOGUE])
    if output and events_path:
        check_output([events_path], [output])
    catalogue = load(path)
    if output is None:
        try:
            Path("exports").mkdir(exist_ok=True)
        except OSError as exc:
            raise CatalogueWriteError(f"exports: cannot create ({exc.strerror or exc})") from exc
    written = run_export(
        catalogue,
        fmt,
        Path(output) if output else None,
        Path(events_path) if events_path else None,
    )
    for file in written:
        click.echo(f"{file}: written", err=True)
