"""The exception hierarchy: every "could not run" condition raised by heritage.

Problems *in the data* are never exceptions; they are :class:`heritage.issues.Issue`
values. Exceptions are reserved for situations where a command cannot do its job at all
(a missing file, a document that cannot be parsed losslessly, a git revision that does not
exist). Each class also subclasses the matching builtin so that callers may catch either.
"""

from __future__ import annotations


class HeritageError(Exception):
    """Root of every exception raised by heritage."""


class CatalogueNotFoundError(HeritageError, FileNotFoundError):
    """A catalogue (or another input file) does not exist."""


class CatalogueReadError(HeritageError, OSError):
    """A file exists but cannot be read (permissions, not a file, bad encoding)."""


class CatalogueWriteError(HeritageError, OSError):
    """An output (the catalogue, a map, a report, an export) cannot be written or replaced."""


class CatalogueLockedError(CatalogueWriteError):
    """Another command holds the lock of a file for longer than we are willing to wait."""


class DateFormatError(HeritageError, ValueError):
    """A date text is not one of the accepted forms (see :mod:`heritage.dates`).

    The validator turns it into an ``invalid-date`` issue, and the CLI into a usage message.
    """


class BuildError(HeritageError, RuntimeError):
    """A build step failed; nothing was moved into place."""


class CatalogueParseError(HeritageError, ValueError):
    """A document cannot be parsed well enough to continue.

    Parameters
    ----------
    message
        What went wrong and how to fix it.
    line, column
        1-based position of the problem in the file, when known.
    """

    def __init__(self, message: str, line: int | None = None, column: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


class LossyDocumentError(CatalogueParseError):
    """A document cannot be rewritten without losing information (duplicate keys, NaN)."""


class InvalidCatalogueError(HeritageError, ValueError):
    """An operation needs a valid catalogue but validation found errors.

    Parameters
    ----------
    message
        Summary of the failure.
    issues
        The validation issues that blocked the operation.
    """

    def __init__(self, message: str, issues: list[object] | None = None):
        super().__init__(message)
        self.issues = issues or []


class UnknownSiteError(HeritageError, LookupError):
    """A site id was asked for that the catalogue does not hold.

    Parameters
    ----------
    message
        What was asked for, and the sites probably meant.
    suggestions
        The ids of the sites probably meant, best first (see :mod:`heritage.site_lookup`).
    """

    def __init__(self, message: str, suggestions: list[str] | None = None):
        super().__init__(message)
        self.suggestions = suggestions or []


class InvalidArgumentError(HeritageError, ValueError):
    """An argument given by the caller is not acceptable (a bad date, an unknown format)."""


class RevisionError(HeritageError, LookupError):
    """A git revision or a path inside it does not exist."""


class DependencyMissingError(HeritageError, ImportError):
    """An optional dependency needed for this operation is not installed."""
