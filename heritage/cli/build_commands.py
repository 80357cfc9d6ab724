"""Build and export commands: ``heritage build`` and ``heritage export``."""

from __future__ import annotations

import os
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import click

from heritage.cli.base import EXIT_FINDINGS, catalogue_argument, cli, handles_errors


def _console(err: bool = False) -> Any:
    from rich.console import Console

    return Console(highlight=False, stderr=err, soft_wrap=True)


@cli.command()
@catalogue_argument
@click.option(
    "-o",
    "--output",
    "out",
    metavar="OUT",
    default=".",
    show_default=True,
    type=click.Path(file_okay=False),
    help="Folder that receives maps/, reports/ and exports/.",
)
@click.option(
    "--today",
    metavar="DATE",
    help="The day the reports end (YYYY-MM-DD). Default: $SOURCE_DATE_EPOCH when set "
    "(reproducible builds), otherwise today.",
)
@handles_errors
def build(path: str, out: str, today: str | None) -> None:
    """Validate the catalogue, then write every output (maps, reports, feed, exports).

    Stops with the validation messages (exit 1), writing nothing, when the catalogue has
    errors. Outputs are written to a temporary folder inside OUT and each of OUT/maps,
    OUT/reports and OUT/exports is replaced as a whole only when every step succeeded, so a
    failed or interrupted build leaves the previous outputs intact. Building twice from the
    same catalogue gives byte-identical files.
    """
    from rich.table import Table
    from rich.text import Text

    from heritage import reporters
    from heritage.build import STEPS
    from heritage.build import build as run_build

    console = _console(err=True)
    with _Progress(console, len(STEPS) + 2) as progress:
        result = run_build(path, out, today=_today(today), progress=progress)
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
    for folder in result.stale_removed:
        stdout.print(Text(f"removed {folder}, left by an interrupted build"))
    stdout.print(Text(f"{len(result.files)} files written in {out}:"))
    for file in result.files:
        stdout.print(Text(f"  {Path(out) / file}"))


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
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    help="Main file (default exports/sites.<ext>). csv and parquet also write the events "
    "table beside it as events.<ext> unless --events is given.",
)
@click.option(
    "--events",
    "events_path",
    type=click.Path(dir_okay=False),
    help="Where csv and parquet write the events table.",
)
@handles_errors
def export(path: str, fmt: str, output: str | None, events_path: str | None) -> None:
    """Export the catalogue for GIS, spreadsheets or Google Earth.

    gpkg: sites.gpkg with a 'sites' layer and an 'events' table. csv: sites.csv (with
    longitude/latitude) and events.csv, UTF-8, formula-like cells prefixed with an
    apostrophe. parquet: GeoParquet sites.parquet and events.parquet. kml: sites.kml, one
    placemark per located site, styled by status. Sensitive sites are generalised to their
    0.1-degree grid cell in every format.
    """
    from heritage.catalogue import load
    from heritage.errors import CatalogueReadError
    from heritage.exports import export as run_export

    catalogue = load(path)
    if output is None:
        try:
            Path("exports").mkdir(exist_ok=True)
        except OSError as exc:
            raise CatalogueReadError(f"exports: cannot create ({exc.strerror or exc})") from exc
    written = run_export(
        catalogue,
        fmt,
        Path(output) if output else None,
        Path(events_path) if events_path else None,
    )
    for file in written:
        click.echo(f"{file}: written", err=True)
