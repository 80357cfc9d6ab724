"""Options declared once (heritage/cli/options.py) read the same in every command.

The command tree is walked as ``heritage gen-docs`` walks it, so a command added later with
its own ``-o`` or ``--catalogue`` that differs from its siblings fails here.
"""

from __future__ import annotations

from collections.abc import Iterator

import click

from heritage.cli import cli
from heritage.cli.base import DEFAULT_CATALOGUE
from heritage.cli.docgen import commands


def _params() -> Iterator[tuple[str, click.Parameter]]:
    for name, command, _context in commands(cli):
        for param in command.params:
            yield name, param


def _with(flag: str) -> list[tuple[str, click.Option]]:
    return [(name, p) for name, p in _params() if isinstance(p, click.Option) and flag in p.opts]


def test_output_is_always_dash_o() -> None:
    found = _with("--output")
    assert len(found) >= 9, found  # format, schema, build, export, report, feed, map, imports
    for name, option in found:
        assert option.opts == ["-o", "--output"], name
        assert isinstance(option.type, click.Path), name
    for name, option in _with("-o"):
        assert "--output" in option.opts, name


def test_catalogue_option_is_always_dash_c_and_a_file() -> None:
    found = _with("--catalogue")
    assert len(found) >= 7, found  # import sites|events|issue, places (3), embed
    for name, option in found:
        assert option.opts == ["-c", "--catalogue"], name
        assert isinstance(option.type, click.Path) and not option.type.dir_okay, name
        assert option.default in (DEFAULT_CATALOGUE, None), name


def test_format_is_a_choice_passed_as_fmt() -> None:
    found = _with("--format")
    assert len(found) >= 5, found  # validate, format, report, diff, sources
    for name, option in found:
        assert option.name == "fmt", name
        assert isinstance(option.type, click.Choice), name
        if option.default is not None:
            assert option.default in option.type.choices and option.show_default, name


def test_flags_shared_by_name_are_flags() -> None:
    dry_runs, no_checks = _with("--dry-run"), _with("--no-check")
    assert len(dry_runs) >= 6 and len(no_checks) >= 3
    for name, option in dry_runs + no_checks:
        assert option.is_flag and option.is_bool_flag, name
    assert len({option.help for _, option in no_checks}) == 1


def test_the_catalogue_path_argument_is_the_same_everywhere() -> None:
    paths = [
        (name, p) for name, p in _params() if isinstance(p, click.Argument) and p.name == "path"
    ]
    assert len(paths) >= 11, paths  # every command that reads one catalogue
    for name, argument in paths:
        assert not argument.required and argument.default == DEFAULT_CATALOGUE, name
        assert isinstance(argument.type, click.Path) and not argument.type.dir_okay, name
