"""heritage: a tracker of cultural heritage sites under threat.

The analyst's API is :func:`load`, which returns a :class:`Catalogue` of sites and events
as (Geo)DataFrames::

    import heritage
    cat = heritage.load("data/sites.geojson")
    cat.sites.status.value_counts()
    cat.status_at("2021-06-30")

Heavy modules (geopandas) are imported on first use, so that ``heritage validate`` and
``heritage format`` start fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from heritage._version import __version__
from heritage.errors import HeritageError

if TYPE_CHECKING:
    from heritage.catalogue import Catalogue, from_data, load

__all__ = ["Catalogue", "HeritageError", "__version__", "from_data", "load"]


def __getattr__(name: str) -> Any:
    if name in ("load", "Catalogue", "from_data"):
        from heritage._deps import needs

        with needs("heritage.load()"):
            from heritage import catalogue

        return getattr(catalogue, name)
    raise AttributeError(f"module 'heritage' has no attribute {name!r}")
