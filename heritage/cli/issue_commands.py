"""``heritage import issue``: apply a submitted GitHub issue form to the catalogue."""

from __future__ import annotations

import json
import sys

import click

from heritage.cli.base import EXIT_FINDINGS
from heritage.cli.import_commands import import_group, load_valid
from heritage.cli.options import catalogue_option, dry_run_option


def _read_body(file: str) -> str:
    from heritage.errors import CatalogueNotFoundError, CatalogueReadError
    from heritage.imports.issue_body import MAX_BODY

    try:
        if file == "-":
            raw = sys.stdin.buffer.read(MAX_BODY * 4 + 1)
        else:
            with open(file, "rb") as handle:
                raw = handle.read(MAX_BODY * 4 + 1)
    except FileNotFoundError as exc:
        raise CatalogueNotFoundError(f"{file}: no such file") from exc
    except OSError as exc:
        raise CatalogueReadError(f"{file}: cannot read ({exc.strerror or exc})") from exc
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CatalogueReadError(
            f"{file}: not UTF-8 text (byte {exc.start + 1}); save the issue body as UTF-8"
        ) from exc


@import_group.command(name="issue")
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
@catalogue_option("The catalogue to add to.")
@dry_run_option("Check the form and say what it adds; write nothing.")
def import_issue_command(file: str, catalogue: str, dry_run: bool) -> None:
    """Add what a submitted issue form reports (FILE: the issue body; - for stdin).

    Reads the Markdown GitHub writes for the forms 'Report a change to a site' (one dated,
    sourced event on a site named by its id or any of its names) and 'Propose a new site'
    (a site and its first event), and applies it with the same checks as add-event and
    new-site. On any problem it exits 1, naming the form field and what to write there,
    and writes nothing; otherwise it writes the catalogue in canonical form and says what
    was added.
    """
    from rich.console import Console
    from rich.text import Text

    from heritage.canonical import canonical_text
    from heritage.imports.issue import import_issue
    from heritage.write import catalogue_lock, check_output, write_atomic

    console = Console(stderr=True, highlight=False, soft_wrap=True)
    text = _read_body(file)
    if file != "-":
        check_output([catalogue], [file])
    with catalogue_lock(catalogue):
        result = import_issue(load_valid(catalogue), text)
        for note in result.notes:
            console.print(Text(f"{file}: note: {note}", style="yellow"))  # Text: no markup
        if not result.ok:
            for problem in result.problems:
                console.print(Text(f"{file}: {problem}", style="red"))
            console.print(
                Text(
                    f"{len(result.problems)} problem(s) in the form: nothing was written",
                    style="bold red",
                )
            )
            sys.exit(EXIT_FINDINGS)
        what = (
            f"site '{result.site_id}' added with {result.events_added} event(s)"
            if result.added_site
            else f"{result.events_added} event added to '{result.site_id}'"
        )
        # What was added goes to standard output, as written in the catalogue.
        click.echo(json.dumps(result.added, ensure_ascii=False, indent=2))
        if dry_run:
            console.print(Text(f"{catalogue}: would be written: {what} (dry run)"))
            return
        write_atomic(catalogue, canonical_text(result.data))
        console.print(Text(f"{catalogue}: {what}"))
