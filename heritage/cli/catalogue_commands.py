"""Catalogue commands: validate, format, summary, schema."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from heritage.cli.base import EXIT_FINDINGS, EXIT_OK, cli
from heritage.cli.options import catalogue_argument, format_option, output_option


def _list_codes(context: click.Context, _param: click.Parameter, value: bool) -> None:
    """Print the registry of issue codes (heritage/codes.py), one per line, and exit 0."""
    if not value or context.resilient_parsing:
        return
    from heritage.codes import ALL

    for code in ALL:
        click.echo(f"{code.code}\t{code.severity.value}\t{code.area}\t{code.title}\t{code.docs}")
    context.exit(EXIT_OK)


@cli.command()
@catalogue_argument
@click.option(
    "--list-codes",
    is_flag=True,
    is_eager=True,
    expose_value=False,
    callback=_list_codes,
    help="List every issue code (code, severity, area, meaning, doc page), tab-separated; exit.",
)
@format_option(
    ["text", "json", "github"],
    "text for people, json for tools, github for workflow annotations.",
)
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too.")
def validate(path: str, fmt: str, strict: bool) -> None:
    """Check a catalogue against the data model; exit 1 when it has errors.

    PATH defaults to data/sites.geojson. Every problem is reported with its file, line,
    column, code, site id and a hint on how to fix it.
    """
    from heritage import reporters
    from heritage.validate import validate_path

    result = validate_path(path)
    if fmt == "json":
        click.echo(reporters.to_json([result]), nl=False)
    elif fmt == "github":
        click.echo(reporters.to_github(result), nl=False)
        click.echo(reporters.summary_line(result), err=True)
    else:
        _echo_issues(result)
    failed = not result.ok or (strict and result.warnings)
    sys.exit(EXIT_FINDINGS if failed else EXIT_OK)


def _echo_issues(result: Any) -> None:
    from rich.console import Console
    from rich.text import Text

    from heritage import reporters

    console = Console(highlight=False, soft_wrap=True)
    colours = {"error": "bold red", "warning": "yellow"}
    for issue in result.issues:
        line = Text(reporters.text_line(result.path, issue))  # Text: no markup from data
        start = line.plain.find(f" {issue.severity.value}[")
        line.stylize(
            colours[issue.severity.value], start + 1, start + 1 + len(issue.severity.value)
        )
        console.print(line)
    console.print(Text(reporters.summary_line(result), style="bold" if result.ok else "bold red"))


@cli.command(name="format")
@catalogue_argument
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if the file is not canonical.")
@format_option(
    ["text", "github"],
    "With --check: github prints a workflow notice with the command that fixes the "
    "layout and exits 0, since layout never blocks a pull request.",
)
@output_option("Write here instead of in place.")
def format_command(path: str, check: bool, fmt: str, output: str | None) -> None:
    """Rewrite a catalogue in the canonical layout (lossless, idempotent, atomic).

    Fixed key order, features sorted by id, 2-space indent, one property and one event
    member per line, geometry on one line, text kept as written. Files that cannot be read
    losslessly (duplicate keys, NaN) are refused (exit 2).
    """
    from heritage.cli.base import DEFAULT_CATALOGUE
    from heritage.write import catalogue_lock, check_output, same_file

    if check:
        _format(path, check, output, fmt)
        return
    target = output or path
    if not same_file(target, path):
        check_output([target], [DEFAULT_CATALOGUE])
    with catalogue_lock(target):
        _format(path, check, output, fmt)


def _format(path: str, check: bool, output: str | None, fmt: str = "text") -> None:
    from heritage.canonical import format_document
    from heritage.document import load_document
    from heritage.write import write_atomic

    doc = load_document(path)
    text = format_document(doc)
    if check:
        if text != doc.text:
            first = _first_difference(doc.text, text)
            fix = f"heritage format {path}"
            if fmt == "github":
                from heritage.reporters import github_command

                click.echo(
                    github_command(
                        "notice",
                        f"{path} is not in the canonical layout (from line {first}). "
                        "This does not block the pull request: the layout is applied "
                        f"automatically. To apply it yourself, run: {fix}",
                        path,
                        first,
                        "Layout",
                    ),
                    nl=False,
                )
                return
            click.echo(f"{path}:{first}: not in canonical format; run '{fix}'", err=True)
            sys.exit(EXIT_FINDINGS)
        click.echo(f"{path}: canonical", err=True)
        return
    target = output or path
    if output is None and text == doc.text:
        click.echo(f"{path}: already canonical", err=True)
        return
    write_atomic(target, text)
    click.echo(f"{target}: written", err=True)


def _first_difference(old: str, new: str) -> int:
    """Return the 1-based line of the first difference between two texts."""
    for number, (a, b) in enumerate(zip(old.splitlines(), new.splitlines(), strict=False), 1):
        if a != b:
            return number
    return min(len(old.splitlines()), len(new.splitlines())) + 1


@cli.command()
@catalogue_argument
def summary(path: str) -> None:
    """Summarise a catalogue: sites by current status, kind and precision."""
    from rich.console import Console
    from rich.table import Table

    from heritage.catalogue import load
    from heritage.vocabulary import ALL_STATUSES

    cat = load(path)
    sites = cat.sites
    console = Console(highlight=False)
    located = int(sites.geometry.notna().sum())
    console.print(
        f"{path}: {len(sites)} sites ({located} located, {len(sites) - located} without "
        f"coordinates), {len(cat.events)} events, "
        f"{cat.events['source_urls'].explode().nunique()} distinct event sources",
        markup=False,
    )
    table = Table(title="Sites by current status")
    table.add_column("status")
    table.add_column("sites", justify="right")
    counts = sites["status"].value_counts()
    for status in ALL_STATUSES:
        table.add_row(status, str(int(counts.get(status, 0))))
    console.print(table)
    claims_only = int(((sites["status"] == "unknown") & (sites["claim_count"] > 0)).sum())
    undated = int((sites["undated_reports"] > 0).sum())
    console.print(
        f"{claims_only} sites of unknown status have claims about them "
        "(claims never set a status); "
        f"{undated} sites have undated condition reports, which never set a status either.",
        markup=False,
    )
    kinds = Table(title="Sites by kind")
    kinds.add_column("kind")
    kinds.add_column("sites", justify="right")
    for kind, n in sites["kind"].value_counts().items():
        kinds.add_row(str(kind), str(int(n)))
    console.print(kinds)


@cli.command()
@output_option("Write to a file.")
def schema(output: str | None) -> None:
    """Print the catalogue's JSON Schema (generated from the vocabulary)."""
    from heritage.schema import schema_text
    from heritage.write import write_atomic

    if output:
        from heritage.cli.base import DEFAULT_CATALOGUE
        from heritage.write import check_output

        check_output([output], [DEFAULT_CATALOGUE])
        write_atomic(Path(output), schema_text())
    else:
        click.echo(schema_text(), nl=False)
