"""One error handler, on the root group, for every command (heritage/cli/base.py).

No command carries its own handler: each one, however deep in the tree (``import issue``,
``places apply``, the hidden ``gen-docs``), is made to fail from inside, and each must end
with exit 2 and one line on stderr, never a traceback.
"""

from __future__ import annotations

from collections.abc import Iterator

import click
import pytest
from click.testing import CliRunner

from heritage.cli import cli
from heritage.errors import InvalidArgumentError


def _runnable(group: click.Group, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    """Yield the argument path of every command that runs a callback of its own."""
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            if command.invoke_without_command:
                yield (*path, name)
            yield from _runnable(command, (*path, name))
        else:
            yield (*path, name)


COMMANDS = list(_runnable(cli))


def _command(path: tuple[str, ...]) -> click.Command:
    command: click.Command = cli
    for name in path:
        assert isinstance(command, click.Group)
        command = command.commands[name]
    return command


def test_every_command_is_found() -> None:
    names = {" ".join(p) for p in COMMANDS}
    for name in ("validate", "diff", "gen-docs", "import issue", "places", "places apply"):
        assert name in names
    assert len(names) >= 20


def _fail_with(
    monkeypatch: pytest.MonkeyPatch, path: tuple[str, ...], error: BaseException
) -> click.testing.Result:
    command = _command(path)

    def broken(*_args: object, **_kwargs: object) -> None:
        raise error

    # No parameters: the command runs at once, whatever it would require.
    monkeypatch.setattr(command, "params", [])
    monkeypatch.setattr(command, "callback", broken)
    return CliRunner().invoke(cli, list(path), catch_exceptions=False)


@pytest.mark.parametrize("path", COMMANDS, ids=" ".join)
def test_a_heritage_error_is_one_line_and_exit_2(
    monkeypatch: pytest.MonkeyPatch, path: tuple[str, ...]
) -> None:
    result = _fail_with(monkeypatch, path, InvalidArgumentError("--x 'y': write KEY=VALUE"))
    assert result.exit_code == 2
    assert result.stderr == "heritage: --x 'y': write KEY=VALUE\n"
    assert result.stdout == ""


@pytest.mark.parametrize("path", COMMANDS, ids=" ".join)
def test_a_missing_extra_names_its_pip_command(
    monkeypatch: pytest.MonkeyPatch, path: tuple[str, ...]
) -> None:
    error = ModuleNotFoundError("No module named 'pyarrow'", name="pyarrow")
    result = _fail_with(monkeypatch, path, error)
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("heritage: "), result.stderr
    assert "pip install 'heritage[" in lines[0] and "pyarrow" in lines[0]


@pytest.mark.parametrize("path", COMMANDS, ids=" ".join)
def test_a_closed_pipe_is_exit_2_without_a_traceback(
    monkeypatch: pytest.MonkeyPatch, path: tuple[str, ...]
) -> None:
    result = _fail_with(monkeypatch, path, BrokenPipeError())
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_a_module_that_is_not_an_extra_is_a_real_bug(monkeypatch: pytest.MonkeyPatch) -> None:
    # Only the packages of an extra are "install this"; any other missing module is a bug
    # in heritage and must not be disguised as a user's mistake.
    error = ModuleNotFoundError("No module named 'heritage.nowhere'", name="heritage.nowhere")
    with pytest.raises(ModuleNotFoundError):
        _fail_with(monkeypatch, ("validate",), error)
