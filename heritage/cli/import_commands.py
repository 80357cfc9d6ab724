"""Import commands: ``heritage import sites|events|whc``.

Shared with ``new-site`` and ``add-event`` (see :mod:`heritage.cli.edit_commands`): loading
a valid catalogue, printing issues by row, and writing the result only when it has no error.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from heritage.cli.base import DEFAULT_CATALOGUE, EXIT_FINDINGS, cli
from heritage.cli.options import catalogue_option, output_option
from heritage.write import catalogue_lock, check_output, same_file

if TYPE_CHECKING:
    from heritage.issues import Issue


def load_valid(path: str, *, lossless: bool = True) -> dict[str, Any]:
    """Return the parsed catalogue, refusing one that already has validation errors.

    Commands that write the catalogue back keep each number's text (``lossless``); commands
    that only read it pass False and get plain numbers, which the compiled validator checks
    as they are (numbers kept as text made it re-encode the whole file: 3 s at 100,000
    sites).
    """
    from heritage.document import load_document
    from heritage.validate import ensure_valid, validate_document

    document = load_document(path, keep_number_text=lossless)
    ensure_valid(validate_document(document), path)
    data: dict[str, Any] = document.data
    return data


def issue_line(source: str, issue: Issue) -> str:
    """Return ``source:row N: severity[code] site: message`` (``row 0``: the command line)."""
    from heritage.reporters import text_line

    return text_line(source, issue)


def report_and_write(result: Any, source: str, target: str | Path, what: str) -> None:
    """Print issues and changes; write the catalogue when there is no error, else exit 1."""
    from rich.console import Console
    from rich.text import Text

    from heritage.canonical import canonical_text
    from heritage.write import write_atomic

    console = Console(stderr=True, highlight=False, soft_wrap=True)
    for issue in result.issues:
        style = "red" if issue.severity.value == "error" else "yellow"
        console.print(Text(issue_line(source, issue), style=style))  # Text: no markup from data
    if not result.ok:
        errors = sum(1 for i in result.issues if i.severity.value == "error")
        console.print(Text(f"{errors} error(s): nothing was written", style="bold red"))
        sys.exit(EXIT_FINDINGS)
    for change in result.changes:
        where = f"{source}:row {change.row}" if change.row else source
        console.print(
            Text(f"{where}: {change.site_id}: {change.member} changed from ")
            + Text(repr(change.old))
            + Text(" to ")
            + Text(repr(change.new))
        )
    write_atomic(target, canonical_text(result.data))
    console.print(Text(f"{target}: {what}"))


@cli.group(name="import")
def import_group() -> None:
    """Import sites or events from a spreadsheet (CSV), or the UNESCO World Heritage List.

    Imported rows are checked with the same rules as 'heritage validate', with spreadsheet
    row numbers (the header is row 1); on any error nothing is written.
    """


_catalogue_option = catalogue_option("The catalogue to import into.")
_output_option = output_option("Write here instead of in place.")
_map_option = click.option(
    "--map",
    "pairs",
    multiple=True,
    metavar="FIELD=COLUMN",
    help="Which column holds a field (repeat). Without --map or --mapping, columns named "
    "like fields are used.",
)
_mapping_option = click.option(
    "--mapping",
    type=click.Path(dir_okay=False),
    help='A JSON file {"field": "Column", ...}; --map pairs override it.',
)
_encoding_option = click.option(
    "--encoding", default="utf-8", show_default=True, help="Text encoding of the CSV file."
)


def _mapping(pairs: tuple[str, ...], mapping_file: str | None) -> dict[str, str] | None:
    from heritage.imports.spreadsheet import load_mapping, parse_mapping

    if not pairs and not mapping_file:
        return None
    mapping = load_mapping(mapping_file) if mapping_file else {}
    mapping.update(parse_mapping(pairs))
    return mapping


def _target(file: str, catalogue: str, output: str | None) -> str:
    """Return where an import writes, refusing an output over its CSV or another catalogue."""
    target = output or catalogue
    protected = [file] if same_file(target, catalogue) else [file, catalogue, DEFAULT_CATALOGUE]
    check_output([target], protected)
    return target


def _ignored(columns: list[str]) -> None:
    if columns:
        click.echo(f"columns not imported: {', '.join(columns)}", err=True)


@import_group.command(name="sites")
@click.argument("file", type=click.Path(dir_okay=False))
@_catalogue_option
@_output_option
@_map_option
@_mapping_option
@_encoding_option
@click.option("--update", is_flag=True, help="Allow rows that change existing sites.")
def import_sites_command(
    file: str,
    catalogue: str,
    output: str | None,
    pairs: tuple[str, ...],
    mapping: str | None,
    encoding: str,
    update: bool,
) -> None:
    """Add sites from a CSV file, one site per row.

    Fields: id (default: a slug of the name), name, name_<lang>, alt_names (separated by
    ';'), kind, built, built_source, region, longitude, latitude, precision,
    location_source, location_note, sensitive, notes, sources (URLs separated by spaces),
    refs_<key>. Existing ids are refused unless --update is given; every value an update
    replaces is listed.
    """
    from heritage.imports.merge import import_sites
    from heritage.imports.spreadsheet import read_sheet

    target = _target(file, catalogue, output)
    with catalogue_lock(target):
        data = load_valid(catalogue)
        sheet = read_sheet(file, "sites", _mapping(pairs, mapping), encoding)
        _ignored(sheet.ignored)
        result = import_sites(data, sheet.rows, update=update)
        what = f"{len(result.added)} site(s) added, {len(result.updated)} updated"
        report_and_write(result, file, target, what)


@import_group.command(name="events")
@click.argument("file", type=click.Path(dir_okay=False))
@_catalogue_option
@_output_option
@_map_option
@_mapping_option
@_encoding_option
def import_events_command(
    file: str,
    catalogue: str,
    output: str | None,
    pairs: tuple[str, ...],
    mapping: str | None,
    encoding: str,
) -> None:
    """Add events to existing sites from a CSV file, one event per row.

    Fields: site_id, date, approximate, type, status, summary, reported_by, reporter_type,
    confidence, note, sources (URLs separated by spaces), and one detailed source:
    source_url, source_title, source_publisher, source_published, source_accessed,
    source_archived. Each event is inserted in chronological order; an event already in the
    history is skipped with a warning.
    """
    from heritage.imports.merge import import_events
    from heritage.imports.spreadsheet import read_sheet

    target = _target(file, catalogue, output)
    with catalogue_lock(target):
        data = load_valid(catalogue)
        sheet = read_sheet(file, "events", _mapping(pairs, mapping), encoding)
        _ignored(sheet.ignored)
        result = import_events(data, sheet.rows)
        what = f"{result.events_added} event(s) added"
        report_and_write(result, file, target, what)


@import_group.command(name="whc")
@click.argument("file", type=click.Path(dir_okay=False))
@output_option("GeoJSON to write.", required=True)
def import_whc_command(file: str, output: str) -> None:
    """Convert the UNESCO World Heritage List export (whc-sites-*.csv) into a catalogue.

    Each row becomes a site of kind 'other' sourced to https://whc.unesco.org/en/list/<id_no>;
    its periods on the List of World Heritage in Danger become dated 'threatened' events and
    the end of a period an 'intact' event noting the removal (see docs/imports.md). Files
    mixing UTF-8 and Windows-1252 bytes are read correctly.
    """
    from heritage.imports.whc import import_whc

    check_output([output], [file, DEFAULT_CATALOGUE])
    result = import_whc(file)
    with catalogue_lock(output):
        report_and_write(result, file, output, f"{len(result.added)} site(s) written")
