"""Helpers so nobody must hand-write JSON: ``heritage new-site`` and ``heritage add-event``.

Both turn their flags into the same fields as a spreadsheet import (one row, numbered 0),
insert into the catalogue in canonical form, validate, and write nothing on errors.
"""

from __future__ import annotations

import json
import sys

import click

from heritage.cli.base import DEFAULT_CATALOGUE, EXIT_OK, cli
from heritage.cli.import_commands import load_valid, report_and_write
from heritage.cli.options import catalogue_argument, dry_run_option
from heritage.vocabulary import CONFIDENCES, EVENT_TYPES, KINDS, PRECISIONS, STATUSES
from heritage.write import catalogue_lock


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
@catalogue_argument
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
@click.option("--location-via", help="URL of the copy of the location source actually read.")
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
@dry_run_option()
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
    location_via: str | None,
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
        "location_via": location_via or "",
        "location_note": location_note or "",
        "sensitive": "" if sensitive is None else str(sensitive).lower(),
        "notes": notes or "",
        "sources": " ".join(source),
        **_pairs(name_lang, "name_", "--name-lang"),
        **_pairs(ref, "refs_", "--ref"),
    }
    # The lock is held from the read to the write: a concurrent edit waits, never lost.
    with catalogue_lock(path):
        result = import_sites(load_valid(path), [Row(0, fields)])
        _finish(result, path, dry_run, f"site {', '.join(result.added)} added")


def _site_and_path(positional: str | None, path: str, option: str | None) -> tuple[str, str]:
    """Return (site id, catalogue path) from ``SITE_ID [PATH]`` or ``--site ID [PATH]``."""
    if option is None:
        if not positional:
            raise click.UsageError("give the site's id: heritage add-event SITE_ID (or --site ID)")
        return positional, path
    if positional is not None and path != DEFAULT_CATALOGUE:
        raise click.UsageError(f"the site is given twice: '{positional}' and --site '{option}'")
    # With --site, click took a lone PATH for SITE_ID: it is the catalogue.
    return option, positional if positional is not None else path


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
@click.argument("site_id", required=False)
@catalogue_argument
@click.option(
    "--site",
    "site_option",
    metavar="ID",
    help="The site's id (instead of SITE_ID; then a single argument is the catalogue PATH).",
)
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
@click.option(
    "--reported-by", help="Who reported it (required with --status, and for every claim)."
)
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
@click.option(
    "--via",
    help="URL of the copy actually read, when --source is the original it copies "
    "(a Wikipedia mirror or proxy).",
)
@click.option(
    "--replaces",
    metavar="SUMMARY",
    help="The exact summary of an event of the site that this event replaces (a "
    "correction: --note must say why; the replaced event is listed).",
)
@dry_run_option()
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
    via: str | None,
    replaces: str | None,
    dry_run: bool,
    site_option: str | None = None,
) -> None:
    """Add a dated, sourced event to a site's history, in chronological order.

    Name the site as SITE_ID or with --site; an unknown id is refused with the sites it
    probably meant (by id, name or alternative name). The event is inserted in canonical
    form and the catalogue validated; on any error nothing is written (exit 1).
    """
    from heritage.imports.merge import Row, import_events

    site_id, path = _site_and_path(site_id, path, site_option)

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
        "source_via": via or "",
        "sources": " ".join(source[1:]),
        "replaces": replaces or "",
    }
    what = "event replaced in" if replaces else "event added to"
    with catalogue_lock(path):
        result = import_events(load_valid(path), [Row(0, fields)])
        if dry_run:
            result.updated = [site_id]
        _finish(result, path, dry_run, f"{what} {site_id}")


@cli.command(name="set-location")
@click.argument("site_id")
@catalogue_argument
@click.option("--lon", "--longitude", "longitude", required=True, help="Longitude (WGS84).")
@click.option("--lat", "--latitude", "latitude", required=True, help="Latitude (WGS84).")
@click.option("--precision", required=True, help=f"What the point is: {', '.join(PRECISIONS)}.")
@click.option("--source", required=True, help="URL the coordinates come from.")
@click.option("--via", help="URL of the copy of the source actually read.")
@click.option("--note", help="Notes on the location (how the point was read, doubts).")
@dry_run_option()
def set_location(
    site_id: str,
    path: str,
    longitude: str,
    latitude: str,
    precision: str,
    source: str,
    via: str | None,
    note: str | None,
    dry_run: bool,
) -> None:
    """Set a site's point with its precision and source; the old location is listed.

    The previous point, precision, source and note are replaced together (a note or via
    left out is removed, so that no stale note describes the new point) and printed, so
    the change is never silent. On any error nothing is written (exit 1).
    """
    fields = {
        "id": site_id,
        "longitude": longitude,
        "latitude": latitude,
        "precision": precision,
        "location_source": source,
        "location_via": via or "",
        "location_note": note or "",
    }
    with catalogue_lock(path):
        _set_location(path, fields, dry_run)


def _set_location(path: str, fields: dict[str, str], dry_run: bool) -> None:
    from heritage.imports.merge import Change, Row, import_sites
    from heritage.site_lookup import find_site

    data = load_valid(path)
    site_id = fields["id"]
    feature = find_site(data, site_id)  # unknown ids get "did you mean"
    props = feature.setdefault("properties", {})
    old = props.get("location")
    # The location is one fact: its members are replaced together, except the
    # sensitivity flag, which protects the site whatever its point.
    kept = {k: val for k, val in (old or {}).items() if k == "sensitive"}
    props["location"] = kept
    result = import_sites(data, [Row(0, fields)], update=True)
    new = result.data["features"][data["features"].index(feature)]["properties"].get("location")
    result.changes = [c for c in result.changes if c.member != "location"]
    if old != new:
        result.changes.append(Change(0, site_id, "location", old, new))
    _finish(result, path, dry_run, f"location of {site_id} set")
