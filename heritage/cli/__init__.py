"""The command line: the only package that knows click, rich and exit codes.

It turns library results into text and chooses the exit code: 0 clean, 1 findings, 2 could
not run. Library errors (:class:`~heritage.errors.HeritageError`) become one clear line on
stderr, never a traceback. Each group of commands lives in its own module and registers
itself on :data:`cli` below.
"""

from __future__ import annotations

import gc

# Importing a module registers its commands on `cli`.
from heritage.cli import (
    build_commands,  # noqa: F401  (registration)
    catalogue_commands,  # noqa: F401  (registration)
    docgen,  # noqa: F401  (registration)
    edit_commands,  # noqa: F401  (registration)
    import_commands,  # noqa: F401  (registration)
    issue_commands,  # noqa: F401  (registration)
    map_commands,  # noqa: F401  (registration)
    place_commands,  # noqa: F401  (registration)
    report_commands,  # noqa: F401  (registration)
    source_commands,  # noqa: F401  (registration)
)
from heritage.cli.base import cli

__all__ = ["cli", "main"]


def main() -> None:
    """Entry point of the ``heritage`` console script."""
    # A command is one short process over one catalogue whose millions of parsed objects
    # all live until it ends: the cyclic garbage collector would only walk them again and
    # again (a second of each command at 100,000 sites, with the same peak memory measured
    # without it). Reference counting still frees everything else as usual. The library
    # leaves the collector alone (heritage/_gc.py pauses it only inside a parse).
    gc.disable()
    cli(prog_name="heritage")
