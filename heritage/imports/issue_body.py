"""Read the Markdown body GitHub writes for a submitted issue form.

GitHub renders each field as ``### Label``, a blank line, then the value; an empty optional
field as ``_No response_``; a checkbox as ``- [X] text`` or ``- [ ] text``. The body is
written by a stranger and may have been edited after submission, so the reader is strict
about what could change meaning and lenient about layout:

- line ends (CRLF, CR), a byte-order mark, spacing around labels and values do not matter;
- HTML comments are removed before anything else, because GitHub does not show them: a
  maintainer must be able to see everything that is imported;
- ``###`` starts a field only at the start of a line and outside fenced code blocks, the
  way GitHub displays it;
- a label given twice is reported (never "last one wins"); unknown sections are kept aside
  so that the caller can say they were ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Final

from heritage.imports.forms import NO_RESPONSE

_HEADING: Final = re.compile(r"^ {0,3}###(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_FENCE: Final = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_COMMENT: Final = re.compile(r"<!--.*?(?:-->|\Z)", re.S)
_CHECKBOX: Final = re.compile(r"^[-*+][ \t]+\[([ xX])\][ \t]*(.*)$")
#: GitHub refuses issue bodies longer than this many characters.
MAX_BODY: Final[int] = 65536


def label_key(label: str) -> str:
    """Return the comparison key of a label: spacing collapsed, case folded."""
    return " ".join(label.split()).casefold()


@dataclass
class Body:
    """A parsed issue body.

    Attributes
    ----------
    values
        Known label (as the form spells it) to its value, ``_No response_`` read as ``""``.
    lines
        Known label to the 1-based line of its heading.
    repeated
        Known labels that appear more than once.
    unknown
        Headings that are no known label, in order.
    comments
        How many HTML comments were removed.
    preamble
        Text before the first heading (not imported).
    """

    values: dict[str, str] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    repeated: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    comments: int = 0
    preamble: str = ""


def _value(lines: list[str]) -> str:
    text = "\n".join(line.rstrip() for line in lines).strip()
    return "" if text == NO_RESPONSE else text


def parse_body(text: str, labels: tuple[str, ...]) -> Body:
    """Split an issue body into the values of the given labels.

    Parameters
    ----------
    text
        The issue body, as GitHub stores it.
    labels
        The labels to look for (compared with :func:`label_key`).

    Returns
    -------
    Body
        The values and what was odd about the body.
    """
    known = {label_key(label): label for label in labels}
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    body = Body()
    text, body.comments = _COMMENT.subn("", text)
    current: str | None = None
    collected: list[str] = []
    fence: str | None = None

    def close() -> None:
        if current is None:
            body.preamble = _value(collected)
        elif current in body.values or current in body.repeated:
            if current not in body.repeated:
                body.repeated.append(current)
        else:
            body.values[current] = _value(collected)

    skipping = False
    for number, line in enumerate(text.split("\n"), 1):
        opened = _FENCE.match(line)
        if fence is not None:
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence):
                fence = None
        elif opened:
            fence = opened.group(1)
        else:
            heading = _HEADING.match(line)
            if heading:
                if not skipping:
                    close()
                label = known.get(label_key(heading.group(1) or ""))
                if label is None:
                    body.unknown.append(" ".join((heading.group(1) or "").split())[:80])
                    skipping, current, collected = True, None, []
                    continue
                skipping, current, collected = False, label, []
                body.lines.setdefault(label, number)
                continue
        if not skipping:
            collected.append(line)
    if not skipping:
        close()
    return body


def checkbox(value: str) -> bool | None:
    """Return whether a checkbox field is ticked; ``None`` when the value is no checkbox list."""
    if value == "":
        return False
    ticked = False
    for line in value.split("\n"):
        if not line.strip():
            continue
        match = _CHECKBOX.match(line.strip())
        if match is None:
            return None
        ticked = ticked or match.group(1) in "xX"
    return ticked
