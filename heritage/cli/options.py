"""The options and arguments that several commands share, declared once.

Every command that reads the catalogue from a path takes it the same way (``PATH``, default
``data/sites.geojson``), names another catalogue with ``-c/--catalogue``, writes elsewhere
with ``-o/--output``, chooses its output with ``--format``, previews with ``--dry-run`` and
skips validation with ``--no-check``. Names, short flags, destinations and types live here;
what an option means for one command (its help, its choices, its default) is said where the
command is declared, because docs/cli.md shows it to users.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Literal, TypeVar

import click

from heritage.cli.base import DEFAULT_CATALOGUE

FC = TypeVar("FC", bound=Callable[..., Any] | click.Command)

#: The optional catalogue PATH of every command that reads one catalogue.
catalogue_argument = click.argument(
    "path", required=False, default=DEFAULT_CATALOGUE, type=click.Path(dir_okay=False)
)

no_check_option = click.option(
    "--no-check",
    is_flag=True,
    help="Skip validation (for a catalogue that 'heritage validate' has already passed; "
    "validating 100,000 sites takes about 6 seconds).",
)

as_of_option = click.option(
    "--as-of", "as_of", metavar="DATE", help="Open on this date (YYYY[-MM[-DD]])."
)


def catalogue_option(
    help: str, *, dest: str = "catalogue", default: str | None = DEFAULT_CATALOGUE
) -> Callable[[FC], FC]:
    """Return ``-c/--catalogue``: the catalogue of a command whose argument is another file.

    Parameters
    ----------
    help
        What the catalogue is to this command.
    dest
        The parameter's name in the command function.
    default
        ``None`` when the command can do without a catalogue.
    """
    return click.option(
        "-c",
        "--catalogue",
        dest,
        default=default,
        show_default=default is not None,
        type=click.Path(dir_okay=False),
        help=help,
    )


def output_option(
    help: str,
    *,
    to: Literal["file", "folder", "file or folder"] = "file",
    dest: str = "output",
    default: str | None = None,
    required: bool = False,
    metavar: str | None = None,
) -> Callable[[FC], FC]:
    """Return ``-o/--output``: where a command writes.

    Parameters
    ----------
    help
        What is written there.
    to
        What the path must be: a file, a folder, or either (csv reports go to a folder).
    dest, default, required, metavar
        As in :func:`click.option`; a default is shown in ``--help``.
    """
    kinds = {
        "file": click.Path(dir_okay=False),
        "folder": click.Path(file_okay=False),
        "file or folder": click.Path(),
    }
    return click.option(
        "-o",
        "--output",
        dest,
        default=default,
        show_default=default is not None,
        required=required,
        metavar=metavar,
        type=kinds[to],
        help=help,
    )


def format_option(
    choices: Sequence[str], help: str, *, default: str | None = "text"
) -> Callable[[FC], FC]:
    """Return ``--format``, passed to the command as ``fmt``.

    Parameters
    ----------
    choices
        The formats this command writes.
    help
        What each format is for.
    default
        ``None`` when the command chooses (the report: from the suffix of ``-o``).
    """
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(list(choices)),
        default=default,
        show_default=default is not None,
        help=help,
    )


def dry_run_option(help: str = "Print the result; write nothing.") -> Callable[[FC], FC]:
    """Return ``--dry-run``: say what the command would write, and write nothing."""
    return click.option("--dry-run", is_flag=True, help=help)
