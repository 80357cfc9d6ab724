"""Shared pieces of the CLI: the root group, exit codes and error handling."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click

from heritage import __version__
from heritage.errors import HeritageError

DEFAULT_CATALOGUE = "data/sites.geojson"
EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
F = TypeVar("F", bound=Callable[..., Any])


def fail(message: str) -> None:
    """Print ``heritage: message`` on stderr and exit 2 (could not run)."""
    click.echo(f"heritage: {message}", err=True)
    sys.exit(EXIT_ERROR)


def handles_errors(func: F) -> F:
    """Turn HeritageError (and interrupted pipes) into a message and exit code 2."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except HeritageError as exc:
            fail(str(exc))
        except BrokenPipeError:
            sys.exit(EXIT_ERROR)

    return wrapper  # type: ignore[return-value]


#: The optional PATH argument that every catalogue command takes.
catalogue_argument = click.argument(
    "path", required=False, default=DEFAULT_CATALOGUE, type=click.Path(dir_okay=False)
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="heritage")
def cli() -> None:
    """Track cultural heritage sites under threat.

    The catalogue (data/sites.geojson by default) is a GeoJSON file of sites with a dated,
    sourced history. Exit codes: 0 clean, 1 findings, 2 could not run.
    """
