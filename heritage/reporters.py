"""Render validation results as text, JSON or GitHub workflow annotations.

Pure functions from values to strings: the CLI decides where they go and the exit code.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from heritage.invisible import show_controls
from heritage.issues import Issue, ValidationResult


def _where(path: str | None, issue: Issue) -> str:
    parts = [path or "<input>"]
    if issue.line is not None:
        parts += [str(issue.line), str(issue.column or 1)]
    elif issue.row:  # imports: the spreadsheet row (0, the command line, names no row)
        parts.append(f"row {issue.row}")
    return ":".join(parts)


def text_line(path: str | None, issue: Issue) -> str:
    """Return one issue as ``file:line:col: severity[code] site: message``.

    An imported value has a spreadsheet row instead of a line: ``file:row N: ...``.
    """
    site = f" {issue.site_id}:" if issue.site_id else ""
    # Messages quote values from the data: a line break there would start a line of its own,
    # an escape sequence drive the terminal, a bidi control reorder the line.
    line = f"{_where(path, issue)}: {issue.severity.value}[{issue.code}]{site} {issue.message}"
    return show_controls(line)


def to_text(result: ValidationResult) -> str:
    """Return every issue, one per line, and a closing count line."""
    lines = [text_line(result.path, i) for i in result.issues]
    lines.append(summary_line(result))
    return "\n".join(lines) + "\n"


def summary_line(result: ValidationResult) -> str:
    """Return e.g. ``data/sites.geojson: 265 sites, 0 errors, 2 warnings``."""
    e, w = len(result.errors), len(result.warnings)
    return (
        f"{result.path or '<input>'}: {result.site_count} sites, "
        f"{e} error{'s' if e != 1 else ''}, {w} warning{'s' if w != 1 else ''}"
    )


def to_json(results: Iterable[ValidationResult]) -> str:
    """Return the issues as a JSON list of objects.

    Each object has ``code, severity, message, site_id, pointer, line, column, row`` and
    ``file`` (``row``: the spreadsheet row of an imported value, else null).
    """
    records = [{**i.to_dict(), "file": r.path} for r in results for i in r.issues]
    return json.dumps(records, ensure_ascii=False, indent=2) + "\n"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def to_github(result: ValidationResult) -> str:
    """Return GitHub Actions workflow commands (``::error file=...,line=...::message``)."""
    lines = []
    for issue in result.issues:
        props = [f"file={_escape_property(result.path or '')}"]
        if issue.line is not None:
            props += [f"line={issue.line}", f"col={issue.column or 1}"]
        props.append(f"title={_escape_property(issue.code)}")
        site = f"{issue.site_id}: " if issue.site_id else ""
        lines.append(
            f"::{issue.severity.value} {','.join(props)}::"
            + _escape_data(show_controls(site + issue.message, keep_breaks=True))
        )
    return "\n".join(lines) + ("\n" if lines else "")


def github_command(
    kind: str, message: str, path: str | None = None, line: int | None = None, title: str = ""
) -> str:
    """Return one workflow command (``::notice file=...,line=...,title=...::message``).

    Parameters
    ----------
    kind
        ``notice``, ``warning`` or ``error``.
    message
        The text; new lines and ``%`` are escaped so that it stays one command.
    path, line, title
        Where it is shown (optional).
    """
    props = [f"file={_escape_property(path)}"] if path else []
    if line is not None:
        props.append(f"line={line}")
    if title:
        props.append(f"title={_escape_property(title)}")
    head = f"::{kind} {','.join(props)}" if props else f"::{kind}"
    return f"{head}::{_escape_data(message)}\n"
