"""Map commands: ``heritage map`` writes the interactive map, ``heritage embed`` its iframe."""

from __future__ import annotations

from pathlib import Path

import click

from heritage.cli.base import DEFAULT_CATALOGUE, cli, require_valid
from heritage.cli.options import (
    as_of_option,
    catalogue_argument,
    catalogue_option,
    no_check_option,
    output_option,
)

#: Issues printed one per line before the rest are summed up.
SHOWN_ISSUES = 20


def _languages() -> list[str]:
    from heritage.maps.i18n import languages

    return languages()


@cli.command(name="map")
@catalogue_argument
@output_option("Folder for index.html and embed.html.", to="folder", dest="out_dir", default="maps")
@click.option(
    "--lang",
    type=click.Choice(_languages()),
    default=None,
    help="Build only this interface language (site names in it where given, English "
    "otherwise). By default every language of heritage.toml (English without it): the "
    "first is index.html, others index.<lang>.html. With --lang and no -o, another "
    "language than the first is written as index.<lang>.html, never over the first's "
    "page; with -o it is the folder's index.html.",
)
@as_of_option
@no_check_option
def map_command(
    path: str, out_dir: str, lang: str | None, as_of: str | None, no_check: bool
) -> None:
    """Write the interactive map: OUTPUT/index.html and OUTPUT/embed.html (one pair per language).

    PATH defaults to data/sites.geojson. Every located site is drawn by its status, which a
    time slider recomputes as of any date from the embedded history; sites without
    coordinates are listed; sensitive sites are shown only as their grid cell. The catalogue
    is validated first: with errors, the messages are printed, nothing is written and the
    exit code is 2. With --no-check, values the map cannot show are reported as warnings
    (and any value of location.sensitive other than false still hides the exact place).
    """
    from heritage import places
    from heritage.maps import settings, write_map
    from heritage.write import check_output

    chosen = settings.load()
    own_folder = click.get_current_context().get_parameter_source("out_dir")
    if lang and own_folder is not click.core.ParameterSource.DEFAULT:
        # A folder of its own: this language is its index.html.
        chosen = chosen.but(languages=(lang,))
    pages_named = [
        Path(out_dir) / chosen.page_name(name, language)
        for language in chosen.languages
        for name in ("index", "embed")
    ]
    check_output(pages_named, [path, DEFAULT_CATALOGUE])
    # The validated parse is the one drawn (with the gazetteer of the file's own folder).
    catalogue = path if no_check else require_valid(path, "map")
    written, pages = write_map(
        catalogue,
        out_dir,
        lang=lang,
        as_of=as_of,
        settings=chosen,
        gazetteer=places.load(catalogue=path),
    )
    from heritage.invisible import show_controls

    for issue in pages.issues[:SHOWN_ISSUES]:
        where = f" [{issue.site_id}]" if issue.site_id else ""
        line = f"{path}: warning[{issue.code}]{where} {issue.pointer}: {issue.message}"
        click.echo(show_controls(line), err=True)  # one line whatever the data holds
    if len(pages.issues) > SHOWN_ISSUES:
        click.echo(f"{path}: ... and {len(pages.issues) - SHOWN_ISSUES} more warnings", err=True)
    for target in written:
        click.echo(f"{target}: written", err=True)
    click.echo(
        f"{pages.sites} sites, {pages.located} on the map, "
        f"{pages.sites - pages.located} listed without coordinates",
        err=True,
    )


@cli.command()
@click.option(
    "--url",
    default="maps/embed.html",
    show_default=True,
    help="Where embed.html is published (http(s) URL or relative path).",
)
@click.option("--height", type=int, default=600, show_default=True, help="Height in pixels.")
@click.option("--site", metavar="ID", help="Open this site's details.")
@as_of_option
@click.option(
    "--lang", type=click.Choice(_languages()), default="en", show_default=True,
    help="Language of the iframe's title.",
)  # fmt: skip
@catalogue_option(
    f"The catalogue that --site is checked against [default: {DEFAULT_CATALOGUE} when it exists].",
    default=None,
)
def embed(
    url: str,
    height: int,
    site: str | None,
    as_of: str | None,
    lang: str,
    catalogue: str | None,
) -> None:
    """Print an <iframe> snippet that embeds the map in another website.

    The iframe is sandboxed (scripts and new-tab links only), fills the width of the page
    and has a title for screen readers. Paste it into any HTML page. An id given with
    --site must be in the catalogue; otherwise the sites it probably meant are named.
    """
    from heritage.maps.embed import embed_snippet

    if site is not None:
        _check_site(site, catalogue)
    click.echo(embed_snippet(url, lang=lang, height=height, site=site, as_of=as_of))


def _check_site(site: str, catalogue: str | None) -> None:
    """Refuse a site id that the catalogue does not hold (UnknownSiteError, exit 2)."""
    from heritage.document import load_document
    from heritage.site_lookup import find_site

    if catalogue is None:
        if not Path(DEFAULT_CATALOGUE).is_file():
            return  # nothing to check against (a site published from another folder)
        catalogue = DEFAULT_CATALOGUE
    find_site(load_document(catalogue, keep_number_text=False).data, site)
