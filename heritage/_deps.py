"""Optional dependencies: which extra brings each heavy package, and the error when missing.

The core of heritage (``validate``, ``format``, ``diff``, the editing commands and the
imports of catalogue text) needs only light packages, so that pre-commit hooks and
pull-request checks install and start fast. The map, reports, exports and the analysts'
API need heavier ones, grouped in extras of ``pyproject.toml``; this module is the one
place that knows which extra brings which package.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Final

from heritage.errors import DependencyMissingError

#: Top-level import name -> the extra of heritage that installs it.
EXTRA_OF: Final[dict[str, str]] = {
    "pandas": "analysis",
    "geopandas": "analysis",
    "pyogrio": "exports",
    "pyarrow": "exports",
    "xyzservices": "map",
    "matplotlib": "reports",
    "jinja2": "reports",
}


def missing(module: str, purpose: str) -> DependencyMissingError:
    """Return the error for an optional package that is not installed.

    Parameters
    ----------
    module
        The top-level import name that failed (``"geopandas"``); submodules are reduced
        to their package.
    purpose
        What needed it, for the message (``"the map"``).

    Returns
    -------
    DependencyMissingError
        With the exact pip command that installs the right extra.
    """
    top = module.split(".")[0]
    extra = EXTRA_OF.get(top, "all")
    return DependencyMissingError(
        f"{purpose} needs the Python package '{top}', which is not installed: "
        f"run  pip install 'heritage[{extra}]'  (or pip install -e '.[{extra}]' in a clone)"
    )


@contextmanager
def needs(purpose: str) -> Iterator[None]:
    """Turn a missing optional package, imported inside the block, into a clear error.

    Parameters
    ----------
    purpose
        What needs the packages imported in the block, for the message (``"the map"``).

    Raises
    ------
    DependencyMissingError
        When an import in the block fails for a package that an extra provides; other
        import errors pass through unchanged.
    """
    try:
        yield
    except ModuleNotFoundError as exc:
        if exc.name and exc.name.split(".")[0] in EXTRA_OF:
            raise missing(exc.name, purpose) from exc
        raise
