"""Helpers so nobody must hand-write JSON: ``heritage new-site`` and ``heritage add-event``.

Both turn their flags into the same fields as a spreadsheet import (one row, numbered 0),
insert into the catalogue in canonical form, validate, and write nothing on errors.
"""

from __future__ import annotations

import json
import sys

import click

from heritage.cli.base import DEFAULT_CATALOGUE, EXIT_OK, cli, handles_errors
from heritage.cli.import_commands import load_valid, report_and_write
from heritage.vocabulary import CONFIDENCES, EVENT_TYPES, KINDS, PRECISIONS, STATUSES

_path_argument = click.argument(
    "path", required=False, default=DEFAULT_CATALOGUE, type=click.Path(dir_okay=False)
)
_dry_run = click.option("--dry-run", is_flag=True, help="Print the result; write nothing.")


def _pairs(values: tuple[str, ...], prefix: str, flag: str) -> dict[str, str]:
    from heritage.errors import InvalidArgumentError

    out = {}
    for value in values:
        key, sep, text = value.partition("=")
        if not sep or not key.strip():
            raise InvalidArgumentError(f"{flag} '{value}': write KEY=VALUE")
        out[f"{prefix}{key.strip()}"] = text
    return out


@cli.command(name="new-site")
@_path_argument
@click.option("--id", "site_id", help="Stable lowercase slug (default: from the name).")
@click.option("--name", required=True, help="The English name.")
@click.option(
    "--name-lang", multiple=True, metavar="LANG=NAME", help="A name in another language (repeat)."
)
@click.option("--alt-name", multiple=True, help="Another name or spelling (repeat).")
@click.option("--kind", required=True, help=f"One of: {', '.join(KINDS)}.")
@click.option("--built", help="When it was built, as free text.")
@click.option("--built-source", help="URL of the source of the building date.")
@click.option("--region", help="District, province or region.")
@click.option(
    "--place",
    help="The smallest administrative unit the site lies in: an id of data/places.json "
    "('heritage places' lists them).",
)
@click.option("--lon", "--longitude", "longitude", help="Longitude (WGS84 decimal degrees).")
@click.option("--lat", "--latitude", "latitude", help="Latitude (WGS84 decimal degrees).")
@click.option("--precision", help=f"What the point is: {', '.join(PRECISIONS)}.")
@click.option("--location-source", help="URL the coordinates come from.")
@click.option("--location-note", help="Notes on the location.")
@click.option(
    "--sensitive/--not-sensitive",
    default=None,
    help="Publish only a generalised location (never commit exact coordinates of a "
    "sensitive site: give at most 2 decimals).",
)
@click.option("--notes", help="Notes on the site as a whole.")
@click.option("--source", multiple=True, help="URL of a source about the site (repeat).")
@click.option(
    "--ref",
    multiple=True,
    metavar="KEY=VALUE",
    help="An identifier elsewhere, e.g. wikidata=Q123 (repeat).",
)
@_dry_run
@handles_errors
def new_site(
    path: str,
    site_id: str | None,
    name: str,
    name_lang: tuple[str, ...],
    alt_name: tuple[str, ...],
    kind: str,
    built: str | None,
    built_source: str | None,
    region: str | None,
    place: str | None,
    longitude: str | None,
    latitude: str | None,
    precision: str | None,
    location_source: str | None,
    location_note: str | None,
    sensitive: bool | None,
    notes: str | None,
    source: tuple[str, ...],
    ref: tuple[str, ...],
    dry_run: bool,
) -> None:
    """Add a site to the catalogue (with an empty history; add events with add-event).

    The site is inserted in canonical form and the catalogue validated; on any error
    nothing is written (exit 1).
    """
    from heritage.imports.merge import Row, import_sites

    fields = {
        "id": site_id or "",
        "name": name,
        "alt_names": "; ".join(alt_name),
        "kind": kind,
        "built": built or "",
        "built_source": built_source or "",
        "region": region or "",
        "place": place or "",
        "longitude": longitude or "",
        "latitude": latitude or "",
        "precision": precision or "",
        "location_source": location_source or "",
        "location_note": location_note or "",
        "sensitive": "" if sensitive is None else str(sensitive).lower(),
        "notes": notes or "",
        "sources": " ".join(source),
        **_pairs(name_lang, "name_", "--name-lang"),
        **_pairs(ref, "refs_", "--ref"),
    }
    result = import_sites(load_valid(path), [Row(0, fields)])
    _finish(result, path, dry_run, f"site {', '.join(result.added)} added")


def _finish(result: object, path: str, dry_run: bool, what: str) -> None:
    from heritage.imports.merge import ImportResult

    assert isinstance(result, ImportResult)
    if dry_run:
        from heritage.cli.import_commands import issue_line

        for issue in result.issues:
            click.echo(issue_line("command line", issue), err=True)
        touched = set(result.added) | set(result.updated)
        features = [f for f in result.data["features"] if f.get("id") in touched]
        click.echo(json.dumps(features, ensure_ascii=False, indent=2))
        sys.exit(EXIT_OK if result.ok else 1)
    report_and_write(result, "command line", path, what)


@cli.command(name="add-event")
@click.argument("site_id")
@_path_argument
@click.option(
    "--date", help="YYYY, YYYY-MM, YYYY-MM-DD, A/B (between), ../B (by B), A/.. (after A)."
)
@click.option("--approximate", is_flag=True, help="The date is approximate (circa).")
@click.option(
    "--type",
    "event_type",
    default="condition",
    show_default=True,
    help=f"One of: {', '.join(EVENT_TYPES)}.",
)
@click.option("--status", help=f"One of: {', '.join(STATUSES)} (required for condition events).")
@click.option("--summary", required=True, help="What was reported, in neutral wording.")
@click.option("--reported-by", help="Who reported it.")
@click.option("--reporter-type", help="Monitoring body, government, media...")
@click.option("--confidence", help=f"One of: {', '.join(CONFIDENCES)}.")
@click.option("--note", help="Caveats: unclear dates, disagreements.")
@click.option(
    "--source",
    multiple=True,
    help="URL of a source (repeat); the details below describe the first.",
)
@click.option("--source-title", help="Title of the first source.")
@click.option("--source-publisher", help="Publisher of the first source.")
@click.option("--source-published", help="When the first source was published (YYYY[-MM[-DD]]).")
@click.option("--source-accessed", help="When the first source was read (YYYY[-MM[-DD]]).")
@click.option("--archived", help="URL of an archived copy of the first source.")
@_dry_run
@handles_errors
def add_event(
    site_id: str,
    path: str,
    date: str | None,
    approximate: bool,
    event_type: str,
    status: str | None,
    summary: str,
    reported_by: str | None,
    reporter_type: str | None,
    confidence: str | None,
    note: str | None,
    source: tuple[str, ...],
    source_title: str | None,
    source_publisher: str | None,
    source_published: str | None,
    source_accessed: str | None,
    archived: str | None,
    dry_run: bool,
) -> None:
    """Add a dated, sourced event to a site's history, in chronological order.

    The event is inserted in canonical form and the catalogue validated; on any error
    nothing is written (exit 1).
    """
    from heritage.imports.merge import Row, import_events

    fields = {
        "site_id": site_id,
        "date": date or "",
        "approximate": "true" if approximate else "",
        "type": event_type,
        "status": status or "",
        "summary": summary,
        "reported_by": reported_by or "",
        "reporter_type": reporter_type or "",
        "confidence": confidence or "",
        "note": note or "",
        "source_url": source[0] if source else "",
        "source_title": source_title or "",
        "source_publisher": source_publisher or "",
        "source_published": source_published or "",
        "source_accessed": source_accessed or "",
        "source_archived": archived or "",
        "sources": " ".join(source[1:]),
    }
    result = import_events(load_valid(path), [Row(0, fields)])
    if dry_run:
        result.updated = [site_id]
    _finish(result, path, dry_run, f"event added to {site_id}")
