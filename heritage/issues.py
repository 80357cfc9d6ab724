"""Problems in the data, as values.

Every check yields :class:`Issue` values with a stable kebab-case ``code``, a severity, the
site id and JSON pointer of what is wrong, its line and column in the file, and a message
that says how to fix it. Reporters in the CLI turn them into text, JSON or CI annotations.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field, replace
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    """How serious an issue is: errors fail validation, warnings do not."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Issue:
    """One problem found in a catalogue.

    Attributes
    ----------
    code
        Stable kebab-case identifier, registered in :mod:`heritage.codes` (which names the doc
        page that documents it).
    severity
        :class:`Severity`.
    message
        What is wrong and how to fix it.
    site_id
        The feature's id, or ``None`` when no feature is involved.
    pointer
        RFC 6901 JSON pointer to the offending value (``""`` for the whole document).
    line, column
        1-based position in the file, or ``None`` where unknown (for example for data that
        did not come from a file).
    row
        For imports: the 1-based spreadsheet or CSV row the value came from (the header is
        row 1; 0 for values given on the command line or in an issue form), else ``None``.

    Build issues with :func:`heritage.codes.issue`, which takes the severity from the
    registry of codes.
    """

    code: str
    severity: Severity
    message: str
    site_id: str | None = None
    pointer: str = ""
    line: int | None = None
    column: int | None = None
    row: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return the issue as a JSON-ready dict (the ``--format json`` record)."""
        data = asdict(self)
        data["severity"] = self.severity.value
        return data

    def at(self, line: int | None, column: int | None) -> Issue:
        """Return a copy positioned at ``line``/``column``."""
        return replace(self, line=line, column=column)

    def at_row(self, row: int | None) -> Issue:
        """Return a copy located at spreadsheet ``row`` (no line or column in a file)."""
        return replace(self, row=row, line=None, column=None)


@dataclass
class ValidationResult:
    """All issues found in one catalogue, in file order.

    Attributes
    ----------
    path
        The file that was checked (as given), or ``None``.
    issues
        The issues, sorted by position.
    site_count
        How many features the catalogue holds.
    """

    path: str | None
    issues: list[Issue] = field(default_factory=list)
    site_count: int = 0

    @property
    def errors(self) -> list[Issue]:
        """The issues of severity error."""
        return [i for i in self.issues if i.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Issue]:
        """The issues of severity warning."""
        return [i for i in self.issues if i.severity is Severity.WARNING]

    @property
    def ok(self) -> bool:
        """True when there are no errors (warnings allowed)."""
        return not self.errors

    def __iter__(self) -> Iterator[Issue]:
        return iter(self.issues)

    def codes(self) -> set[str]:
        """Return the set of issue codes found."""
        return {i.code for i in self.issues}


def pointer(*parts: str | int) -> str:
    """Build an RFC 6901 JSON pointer from path parts, escaping ``~`` and ``/``."""
    # Validation builds one for every event and source (about a million at 100,000 sites):
    # a list and one join, escaping only the parts that need it, take a third of the time.
    out = [""]
    for part in parts:
        text = str(part)
        if "~" in text or "/" in text:
            text = text.replace("~", "~0").replace("/", "~1")
        out.append(text)
    return "/".join(out) if parts else ""


def pointer_parts(ptr: str) -> list[str]:
    """Split an RFC 6901 JSON pointer into its unescaped parts."""
    if not ptr:
        return []
    return [p.replace("~1", "/").replace("~0", "~") for p in ptr.split("/")[1:]]


def sort_issues(issues: Iterable[Issue]) -> list[Issue]:
    """Sort issues by position (unpositioned last), then pointer and code, for stable output."""
    return sorted(
        issues,
        key=lambda i: (i.line is None, i.line or 0, i.column or 0, i.pointer, i.code),
    )


def value_name(path: Sequence[Any]) -> str:
    """Name a value for a message: its member name, or 'item N of <member>'."""
    if not path:
        return "the document"
    if isinstance(path[-1], int):
        return f"item {path[-1]} of '{path[-2]}'" if len(path) > 1 else f"item {path[-1]}"
    return f"'{path[-1]}'"
