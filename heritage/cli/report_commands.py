"""Report commands: report (changes over a window), diff (what a pull request changes), feed."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from heritage import vocabulary as v
from heritage.cli.base import (
    DEFAULT_CATALOGUE,
    EXIT_FINDINGS,
    EXIT_OK,
    cli,
    fail,
)
from heritage.cli.options import catalogue_argument, format_option, no_check_option, output_option

REPORT_FORMATS = ("html", "md", "csv", "json")
#: Default bound of diff output (GitHub refuses a job summary over 1 MiB).
DIFF_MAX_BYTES = 900 * 1024
_SUFFIXES = {".html": "html", ".htm": "html", ".md": "md", ".json": "json", ".csv": "csv"}


def _report_format(fmt: str | None, output: str | None) -> str:
    """Return the format asked for, else the one the output's suffix names, else md."""
    if fmt is not None:
        return fmt
    if output is None:
        return "md"
    return _SUFFIXES.get(Path(output).suffix.lower(), "csv" if Path(output).is_dir() else "md")


@cli.command()
@catalogue_argument
@click.option(
    "--since", required=True, help="First day of the window: YYYY, YYYY-MM or YYYY-MM-DD."
)
@click.option("--until", help="Last day of the window (same forms; default today).")
@format_option(
    REPORT_FORMATS,
    "html (one printable page), md, csv (two tables) or json. Default: from the "
    "suffix of -o, else md.",
    default=None,
)
@output_option(
    "Write here (a file; for csv a folder, which receives transitions.csv and "
    "events.csv). Default: standard output (not for csv).",
    to="file or folder",
)
@click.option(
    "--stale-after",
    type=click.IntRange(min=0),
    default=v.STALE_AFTER_DAYS,
    show_default=True,
    metavar="DAYS",
    help="List sites not observed for more than DAYS before --until as monitoring gaps.",
)
@click.option(
    "--brief",
    is_flag=True,
    help="The brief: at most two printed A4 pages (html or md) with the most significant "
    "changes, what is disputed and what was not re-checked.",
)
@click.option(
    "--site-link",
    default="../maps/index.html#site={id}",
    show_default=True,
    metavar="URL",
    help="Where site names link, with {id} for the site id (the website's site pages: "
    "'../sites/{id}.html').",
)
@no_check_option
def report(
    path: str,
    since: str,
    until: str | None,
    fmt: str | None,
    output: str | None,
    stale_after: int,
    brief: bool,
    site_link: str,
    no_check: bool,
) -> None:
    """Report what changed in the catalogue between two days.

    Transitions (sites whose status as of --until differs from their status the day before
    --since, with the events that explain them), the events of the window by status, kind
    and region, new and withdrawn sites, monitoring gaps, and totals. An event belongs to
    the window by its effective date (the latest day its date allows); claims are listed
    as claims and never set a status. Changes of status are split into for the worse, for
    the better, first observations and other. --until defaults to today; the report says up
    to which day the data reaches. The same catalogue and dates give the same bytes.
    """
    from heritage.catalogue import load
    from heritage.changes import compute_report, parse_window
    from heritage.report import render_parts
    from heritage.report.tables import render_csv
    from heritage.write import write_atomic

    chosen = _report_format(fmt, output)
    if output:
        from heritage.write import check_output

        names = ("transitions.csv", "events.csv") if chosen == "csv" else ()
        written = [Path(output) / n for n in names] if names else [Path(output)]
        check_output(written, [path, DEFAULT_CATALOGUE])
    if brief and chosen not in ("html", "md"):
        fail(f"the brief is html or md, not {chosen}")
    if "{id}" not in site_link:
        fail(f"--site-link needs {{id}} where the site id goes: {site_link!r}")
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
    pieces = render_parts(result, chosen, brief=brief, site_link=site_link)
    if output is None:
        click.echo("".join(pieces), nl=False)
    else:
        write_atomic(output, pieces)
        click.echo(f"{output}: written", err=True)


@cli.command()
@click.argument("revisions", nargs=-1, metavar="[BASE] [HEAD]")
@click.option(
    "--base-file",
    type=click.Path(dir_okay=False),
    help="Compare from this catalogue file instead of a revision.",
)
@click.option(
    "--head-file",
    type=click.Path(dir_okay=False),
    help="Compare to this catalogue file instead of a revision or the working tree.",
)
@format_option(
    ["text", "md", "json"], "text for a terminal, md for a pull-request comment, json for tools."
)
@click.option("--exit-code", is_flag=True, help="Exit 1 when there are differences.")
@click.option(
    "--path",
    "catalogue_path",
    default=DEFAULT_CATALOGUE,
    show_default=True,
    help="The catalogue inside the repository.",
)
@click.option(
    "--max-bytes",
    type=click.IntRange(min=4096),
    default=DIFF_MAX_BYTES,
    show_default=True,
    help="Longest md or text output, in bytes (GitHub refuses job summaries over 1 MiB); "
    "what does not fit is counted, not shown.",
)
def diff(
    revisions: tuple[str, ...],
    base_file: str | None,
    head_file: str | None,
    fmt: str,
    exit_code: bool,
    catalogue_path: str,
    max_bytes: int,
) -> None:
    """Show what a change does to the catalogue, site by site.

    BASE and HEAD are always git revisions (branches, tags, commits), resolved by git even
    when a file of the same name exists; catalogue files are compared only when named with
    --base-file or --head-file. The default BASE is the merge base of main and HEAD, the
    default HEAD the working tree. Revisions fill the sides not given as files, in order:
    'heritage diff --base-file old.geojson HEAD' compares a file with the commit HEAD.

    Reports sites added, withdrawn, removed (an error: sites are withdrawn, never deleted)
    and renamed; per site, status changes, property changes, moved geometry in metres,
    sources added or removed, events added, edited or deleted (edits and deletions of past
    events are flagged for reviewers), and any other change to the file. Sensitive sites
    are shown only as their generalised grid cell. Exit 1 when a site was removed, or with
    --exit-code when anything differs.
    """
    from heritage.diff import diff_texts
    from heritage.diff.revisions import resolve
    from heritage.issues import Severity
    from heritage.report.diff_render import render_diff

    free = [side for side, file in (("base", base_file), ("head", head_file)) if file is None]
    if len(revisions) > len(free):
        fail(
            f"too many revisions: {' '.join(revisions)} (give at most BASE and HEAD, and no "
            "revision for a side given with --base-file or --head-file)"
        )
    given = dict(zip(free, revisions, strict=False))
    old, new = resolve(
        given.get("base"),
        given.get("head"),
        catalogue_path,
        base_file=base_file,
        head_file=head_file,
    )
    result = diff_texts(old.text, new.text, old.label, new.label)
    click.echo(render_diff(result, fmt, max_bytes=max_bytes), nl=False)
    errors = any(i.severity is Severity.ERROR for i in result.findings)
    sys.exit(EXIT_FINDINGS if errors or (exit_code and not result.empty) else EXIT_OK)


@cli.command()
@catalogue_argument
@output_option("Write the feed here.")
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
    from heritage.write import check_output, write_atomic

    if output:
        check_output([output], [path, DEFAULT_CATALOGUE])
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
