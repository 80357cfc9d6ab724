"""Shared pieces of the CLI: the root group, exit codes and error handling."""

from __future__ import annotations

import sys
from typing import Any, NoReturn

import click

from heritage._deps import EXTRA_OF, missing
from heritage._version import __version__
from heritage.errors import HeritageError

DEFAULT_CATALOGUE = "data/sites.geojson"
EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def fail(message: str) -> NoReturn:
    """Print ``heritage: message`` on stderr and exit 2 (could not run)."""
    click.echo(f"heritage: {message}", err=True)
    sys.exit(EXIT_ERROR)


class HeritageGroup(click.Group):
    """The root group: every subcommand runs inside the one error handler.

    Commands carry no error handling of their own: a ``HeritageError``, a missing extra or
    a closed pipe raised anywhere below the root (nested groups included) ends here as one
    line on stderr and exit 2.
    """

    def invoke(self, ctx: click.Context) -> Any:
        """Invoke the subcommand, with HeritageError and missing extras as exit code 2."""
        try:
            return super().invoke(ctx)
        except HeritageError as exc:
            fail(str(exc))
        except ModuleNotFoundError as exc:
            # An optional package (an extra of heritage) imported by the library on first use.
            if exc.name and exc.name.split(".")[0] in EXTRA_OF:
                fail(str(missing(exc.name, "this command")))
            raise
        except BrokenPipeError:
            sys.exit(EXIT_ERROR)


def require_valid(path: str, command: str) -> Any:
    """Validate a catalogue; on errors print them (at most 20) and exit 2, writing nothing.

    For the publishing commands: what they write must come from a catalogue that passed
    ``heritage validate``, so that no mistake in the data reaches the public. Exit 2 (could
    not run), as for the commands that load a catalogue (report, feed, export).

    Returns the parsed catalogue (plain numbers), so that the command need not parse it again.
    """
    from heritage import reporters
    from heritage.document import read_text
    from heritage.validate import validate_for_use

    result, data = validate_for_use(read_text(path), path)
    if not result.errors:
        return data
    for issue in result.errors[:20]:
        click.echo(reporters.text_line(result.path, issue), err=True)
    if len(result.errors) > 20:
        click.echo(f"... and {len(result.errors) - 20} more errors", err=True)
    click.echo(reporters.summary_line(result), err=True)
    fail(f"{command}: nothing was written (fix the errors, or give --no-check)")


@click.group(cls=HeritageGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="heritage")
def cli() -> None:
    """Track cultural heritage sites under threat.

    The catalogue (data/sites.geojson by default) is a GeoJSON file of sites with a dated,
    sourced history. Exit codes: 0 clean, 1 findings, 2 could not run.
    """
