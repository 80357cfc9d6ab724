"""Report commands: report (changes over a window), diff (what a pull request changes), feed."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from heritage.cli.base import (
    DEFAULT_CATALOGUE,
    EXIT_FINDINGS,
    EXIT_OK,
    catalogue_argument,
    cli,
    fail,
    handles_errors,
)

REPORT_FORMATS = ("html", "md", "csv", "json")
_SUFFIXES = {".html": "html", ".htm": "html", ".md": "md", ".json": "json", ".csv": "csv"}


def _report_format(fmt: str | None, output: str | None) -> str:
    """Return the format asked for, else the one the output's suffix names, else md."""
    if fmt is not None:
        return fmt
    if output is None:
        return "md"
    return _SUFFIXES.get(Path(output).suffix.lower(), "csv" if Path(output).is_dir() else "md")


no_check_option = click.option(
    "--no-check",
    is_flag=True,
    help="Skip validation (for a catalogue that 'heritage validate' has already passed; "
    "validating 100,000 sites takes about a minute).",
)


@cli.command()
@catalogue_argument
@click.option(
    "--since", required=True, help="First day of the window: YYYY, YYYY-MM or YYYY-MM-DD."
)
@click.option("--until", help="Last day of the window (same forms; default today).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(REPORT_FORMATS),
    help="html (one printable page), md, csv (two tables) or json. Default: from the "
    "suffix of -o, else md.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(),
    help="Write here (a file; for csv a folder, which receives transitions.csv and "
    "events.csv). Default: standard output (not for csv).",
)
@click.option(
    "--stale-after",
    type=click.IntRange(min=0),
    default=365,
    show_default=True,
    metavar="DAYS",
    help="List sites not observed for more than DAYS before --until as monitoring gaps.",
)
@no_check_option
@handles_errors
def report(
    path: str,
    since: str,
    until: str | None,
    fmt: str | None,
    output: str | None,
    stale_after: int,
    no_check: bool,
) -> None:
    """Report what changed in the catalogue between two days.

    Transitions (sites whose status as of --until differs from their status the day before
    --since, with the events that explain them), the events of the window by status, kind
    and region, new and withdrawn sites, monitoring gaps, and totals. An event belongs to
    the window by its effective date (the latest day its date allows); claims are listed
    as claims and never set a status. The same catalogue and dates give the same bytes.
    """
    from heritage.catalogue import load
    from heritage.changes import compute_report, parse_window
    from heritage.report import render
    from heritage.report.tables import render_csv
    from heritage.write import write_atomic

    chosen = _report_format(fmt, output)
    if chosen == "csv" and output is None:
        fail("csv output is two tables (transitions.csv, events.csv): give -o FOLDER")
    first, last = parse_window(since, until)
    result = compute_report(load(path, check=not no_check), first, last, stale_after)
    if chosen == "csv":
        assert output is not None
        folder = Path(output)
        if folder.exists() and not folder.is_dir():
            fail(f"{output}: csv output goes to a folder, and this is a file")
        folder.mkdir(parents=True, exist_ok=True)
        for name, text in render_csv(result).items():
            write_atomic(folder / name, text)
            click.echo(f"{folder / name}: written", err=True)
        return
    text = render(result, chosen)
    if output is None:
        click.echo(text, nl=False)
    else:
        write_atomic(output, text)
        click.echo(f"{output}: written", err=True)


@cli.command()
@click.argument("base", required=False)
@click.argument("head", required=False)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "md", "json"]),
    default="text",
    show_default=True,
    help="text for a terminal, md for a pull-request comment, json for tools.",
)
@click.option("--exit-code", is_flag=True, help="Exit 1 when there are differences.")
@click.option(
    "--path",
    "catalogue_path",
    default=DEFAULT_CATALOGUE,
    show_default=True,
    help="The catalogue inside the repository.",
)
@handles_errors
def diff(
    base: str | None, head: str | None, fmt: str, exit_code: bool, catalogue_path: str
) -> None:
    """Show what a change does to the catalogue, site by site.

    BASE and HEAD are git revisions (default: the merge base of main and HEAD, and the
    working tree) or catalogue files. Reports sites added, withdrawn, removed (an error:
    sites are withdrawn, never deleted) and renamed; per site, status changes, property
    changes, moved geometry in metres, sources added or removed, and events added, edited
    or deleted (edits and deletions of past events are flagged for reviewers). Exit 1 when
    a site was removed, or with --exit-code when anything differs.
    """
    from heritage.diff import diff_texts
    from heritage.issues import Severity
    from heritage.report.diff_render import render_diff
    from heritage.revisions import resolve

    old, new = resolve(base, head, catalogue_path)
    result = diff_texts(old.text, new.text, old.label, new.label)
    click.echo(render_diff(result, fmt), nl=False)
    errors = any(i.severity is Severity.ERROR for i in result.findings)
    sys.exit(EXIT_FINDINGS if errors or (exit_code and not result.empty) else EXIT_OK)


@cli.command()
@catalogue_argument
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the feed here.")
@click.option(
    "--limit",
    type=click.IntRange(min=0),
    default=100,
    show_default=True,
    help="The newest this many entries (0 for all).",
)
@click.option("--title", help="The feed's title.")
@click.option("--feed-url", help="Where the feed will be published (its self link and id).")
@click.option(
    "--site-url",
    help="Link entries to a page per site: a URL with {id} for the site id "
    "(default: the entry's first source).",
)
@no_check_option
@handles_errors
def feed(
    path: str,
    output: str | None,
    limit: int,
    title: str | None,
    feed_url: str | None,
    site_url: str | None,
    no_check: bool,
) -> None:
    """Write an Atom feed of reports that change a site's status, newest first.

    One entry per event that sets a site's status to something other than its status just
    before (first observations included), with the site's name, the new status, the date,
    the summary and source links. Entry ids and dates come from the data, so readers do not
    show old entries as new and the same catalogue gives the same bytes. The id's tag
    authority, the links and the rights come from heritage.toml when it is present.
    """
    from heritage.catalogue import load
    from heritage.config import load_config
    from heritage.feed import DEFAULT_TITLE, render_feed
    from heritage.write import write_atomic

    # Ids, links and rights follow heritage.toml (feed_id, base_url, licence) when present.
    config = load_config()
    data = render_feed(
        load(path, check=not no_check),
        limit=limit,
        title=title or DEFAULT_TITLE,
        feed_url=feed_url or config.absolute("reports/feed.xml"),
        site_url=site_url or config.absolute("sites/{id}.html"),
        home_url=config.absolute("index.html"),
        authority=config.feed_id,
        rights=config.credit,
    )
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        write_atomic(output, data)
        click.echo(f"{output}: written", err=True)
