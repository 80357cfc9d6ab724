"""Place commands: list the gazetteer, list unplaced sites, suggest and apply places."""

from __future__ import annotations

import sys
from typing import Any

import click

from heritage.cli.base import EXIT_FINDINGS, EXIT_OK, cli
from heritage.cli.options import catalogue_option, dry_run_option

_catalogue_option = catalogue_option("The catalogue.", dest="catalogue_path")
_mapping_option = click.option(
    "--mapping",
    default="data/research/place-assignments.json",
    show_default=True,
    type=click.Path(dir_okay=False),
    help="The reviewed mapping of site ids to places.",
)


def _gazetteer(catalogue_path: str) -> Any:
    from heritage.places import load

    return load(catalogue=catalogue_path)


@cli.group(name="places", invoke_without_command=True)
@_catalogue_option
@click.option(
    "--unplaced",
    is_flag=True,
    help="List the sites that have no place, or a place without a district, and exit 1 "
    "when there are any.",
)
@click.pass_context
def places_group(ctx: click.Context, catalogue_path: str, unplaced: bool) -> None:
    """List the gazetteer (data/places.json), or the sites without a district.

    Without a subcommand, list the units of the gazetteer as a tree: id, kind and names
    (other administrations' names after a slash). With --unplaced, list the sites that
    cannot be grouped by district, with their region text.
    """
    if ctx.invoked_subcommand is not None:
        return
    gazetteer = _gazetteer(catalogue_path)
    if not unplaced:
        children: dict[str | None, list[Any]] = {}
        for unit in gazetteer.places.values():
            children.setdefault(unit.parent, []).append(unit)

        def show(parent: str | None, depth: int) -> None:
            for unit in sorted(children.get(parent, []), key=lambda u: u.id):
                click.echo(f"{'  ' * depth}{unit.id}  ({unit.kind})  {unit.label}")
                show(unit.id, depth + 1)

        show(None, 0)
        return
    from heritage.document import load_document

    data = load_document(catalogue_path, keep_number_text=False).data
    count = 0
    for feature in data.get("features", []):
        props = feature.get("properties") or {}
        if props.get("withdrawn"):
            continue
        place = props.get("place")
        if isinstance(place, str) and gazetteer.district(place) is not None:
            continue
        count += 1
        where = f"placed in {place} only" if place else "no place"
        click.echo(f"{feature.get('id')}\t{where}\t{props.get('region') or '(no region text)'}")
    click.echo(f"{count} site(s) without a district", err=True)
    sys.exit(EXIT_FINDINGS if count else EXIT_OK)


@places_group.command(name="assign")
@_catalogue_option
@_mapping_option
@click.option(
    "--write-mapping",
    is_flag=True,
    help="Add the suggestions to the mapping file (entries already there are kept).",
)
def assign_command(catalogue_path: str, mapping: str, write_mapping: bool) -> None:
    """Suggest a place for each site that the mapping does not cover yet.

    Suggestions come from the region text (both administrations' names and their
    transliterations) and, only to tell a town from its district, the site's point. They
    are marked "reviewed": false; read them, correct them, set "reviewed": true, commit,
    then run 'heritage places apply'.
    """
    from heritage.document import load_document
    from heritage.placing import assign, mapping_text, read_mapping
    from heritage.write import write_atomic

    data = load_document(catalogue_path, keep_number_text=False).data
    gazetteer = _gazetteer(catalogue_path)
    updated, added = assign(data, gazetteer, read_mapping(mapping))
    for site in added:
        record = updated[site]
        click.echo(f"{site}\t{record['place'] or '(cannot place)'}\t{record['evidence']}")
    click.echo(f"{len(added)} new suggestion(s)", err=True)
    if write_mapping and added:
        write_atomic(mapping, mapping_text(updated))
        click.echo(f"{mapping}: written", err=True)


@places_group.command(name="apply")
@_catalogue_option
@_mapping_option
@dry_run_option("Show the changes; write nothing.")
def apply_command(catalogue_path: str, mapping: str, dry_run: bool) -> None:
    """Write each site's place from the reviewed mapping into the catalogue.

    Re-runnable: sites whose place already matches are left alone; sites the mapping does
    not cover are listed (run 'heritage places assign --write-mapping' for suggestions).
    Refuses a mapping that names a place not in the gazetteer, and a catalogue with
    validation errors; writes atomically, in canonical form.
    """
    from heritage.canonical import canonical_text
    from heritage.cli.import_commands import load_valid
    from heritage.placing import apply, read_mapping
    from heritage.write import write_atomic

    data = load_valid(catalogue_path)
    changes, missing = apply(data, _gazetteer(catalogue_path), read_mapping(mapping))
    for site, old, new in changes:
        click.echo(f"{site}: place {old or '(none)'} -> {new or '(none)'}")
    for site in missing:
        click.echo(f"{site}: not in {mapping} (run 'heritage places assign')", err=True)
    click.echo(f"{len(changes)} change(s); {len(missing)} site(s) not in the mapping", err=True)
    if changes and not dry_run:
        write_atomic(catalogue_path, canonical_text(data))
        click.echo(f"{catalogue_path}: written", err=True)
