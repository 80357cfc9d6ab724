"""Map commands: ``heritage map`` writes the interactive map, ``heritage embed`` its iframe."""

from __future__ import annotations

import click

from heritage.cli.base import catalogue_argument, cli, handles_errors

#: Issues printed one per line before the rest are summed up.
SHOWN_ISSUES = 20


def _languages() -> list[str]:
    from heritage.maps.i18n import languages

    return languages()


@cli.command(name="map")
@catalogue_argument
@click.option(
    "-o",
    "--output",
    "out_dir",
    default="maps",
    show_default=True,
    type=click.Path(file_okay=False),
    help="Folder for index.html and embed.html.",
)
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
@click.option("--as-of", "as_of", metavar="DATE", help="Open on this date (YYYY[-MM[-DD]]).")
@handles_errors
def map_command(path: str, out_dir: str, lang: str | None, as_of: str | None) -> None:
    """Write the interactive map: OUTPUT/index.html and OUTPUT/embed.html (one pair per language).

    PATH defaults to data/sites.geojson. Every located site is drawn by its status, which a
    time slider recomputes as of any date from the embedded history; sites without
    coordinates are listed; sensitive sites are shown only as their grid cell. The map does
    not validate the catalogue (run 'heritage validate'): values it cannot show are reported
    here as warnings.
    """
    from heritage.maps import settings, write_map

    chosen = settings.load()
    own_folder = click.get_current_context().get_parameter_source("out_dir")
    if lang and own_folder is not click.core.ParameterSource.DEFAULT:
        # A folder of its own: this language is its index.html.
        chosen = chosen.but(languages=(lang,))
    written, pages = write_map(path, out_dir, lang=lang, as_of=as_of, settings=chosen)
    for issue in pages.issues[:SHOWN_ISSUES]:
        where = f" [{issue.site_id}]" if issue.site_id else ""
        click.echo(
            f"{path}: warning[{issue.code}]{where} {issue.pointer}: {issue.message}", err=True
        )
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
@click.option("--as-of", "as_of", metavar="DATE", help="Open on this date (YYYY[-MM[-DD]]).")
@click.option(
    "--lang", type=click.Choice(_languages()), default="en", show_default=True,
    help="Language of the iframe's title.",
)  # fmt: skip
@handles_errors
def embed(url: str, height: int, site: str | None, as_of: str | None, lang: str) -> None:
    """Print an <iframe> snippet that embeds the map in another website.

    The iframe is sandboxed (scripts and new-tab links only), fills the width of the page
    and has a title for screen readers. Paste it into any HTML page.
    """
    from heritage.maps.embed import embed_snippet

    click.echo(embed_snippet(url, lang=lang, height=height, site=site, as_of=as_of))
