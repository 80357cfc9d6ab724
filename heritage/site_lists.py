"""The lists of sites in a change report: first recorded, withdrawn, stale, never observed.

Helpers of :func:`heritage.changes.compute_report`; each takes the report's ``sites`` table
(active sites with ``status_until`` and ``last_observed``) and returns a DataFrame with the
sites' web sources, so that every listed site links to its evidence.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from heritage import dates
from heritage.catalogue import Catalogue
from heritage.history import among
from heritage.sources import record_sources, web_urls


def sources_of(catalogue: Catalogue, ids: Any) -> list[list[str]]:
    """Return every web source of each of the given sites."""
    records = catalogue.records
    return [record_sources(records[s]) for s in ids]


def new_sites(
    catalogue: Catalogue, sites: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp
) -> pd.DataFrame:
    """Return the sites whose earliest dated event falls in the window, in date order."""
    events = catalogue.events[["site_id", "seq", "date", "effective", "source_urls"]]
    events = events.loc[events["effective"].notna()]
    first = events.sort_values(["effective", "seq"], kind="stable").drop_duplicates("site_id")
    first = first.loc[among(first["site_id"], sites.index)]
    first = first.loc[(first["effective"] >= start) & (first["effective"] <= end)]
    first = first.sort_values(["effective", "site_id"], kind="stable")
    ids = first["site_id"].to_numpy(dtype=object)
    return pd.DataFrame(
        {
            "site_id": ids,
            "name": sites["name"].reindex(ids).to_numpy(),
            "first_date": first["date"].to_numpy(),
            "status_until": sites["status_until"].reindex(ids).to_numpy(),
            "sources": [web_urls(u) for u in first["source_urls"]],
        }
    )


def withdrawn_sites(catalogue: Catalogue, start: pd.Timestamp, end: pd.Timestamp) -> pd.DataFrame:
    """Return the sites whose ``withdrawn.date`` falls in the window, with the reason."""
    rows = []
    gone = catalogue.sites.loc[catalogue.sites["withdrawn"].astype(bool)]
    for site_id, name, text in zip(gone.index, gone["name"], gone["withdrawn_date"], strict=True):
        day = dates.effective_date(text)
        if day is not None and start <= pd.Timestamp(day) <= end:
            reason = catalogue.records[site_id].withdrawn_reason
            rows.append((day, site_id, name, text, reason))
    rows.sort(key=lambda r: (r[0], r[1]))
    return pd.DataFrame(
        {
            "site_id": [r[1] for r in rows],
            "name": [r[2] for r in rows],
            "date": [r[3] for r in rows],
            "reason": [r[4] for r in rows],
            "sources": sources_of(catalogue, [r[1] for r in rows]),
        },
        dtype=object,
    )


def stale_sites(
    sites: pd.DataFrame,
    deciding: pd.DataFrame,
    end: pd.Timestamp,
    stale_after: int,
) -> pd.DataFrame:
    """Return the sites last observed more than ``stale_after`` days before ``end``."""
    cutoff = end - pd.Timedelta(days=stale_after)
    old = sites.loc[sites["last_observed"].notna() & (sites["last_observed"] < cutoff)]
    old = old.assign(_id=old.index).sort_values(["last_observed", "_id"], kind="stable")
    ids = old.index
    return pd.DataFrame(
        {
            "site_id": ids.to_numpy(dtype=object),
            "name": old["name"].to_numpy(),
            "status_until": old["status_until"].to_numpy(),
            "last_observed": old["last_observed"].to_numpy(),
            "last_date": deciding["date"].reindex(ids).to_numpy(),
            "days": ((end - old["last_observed"]).dt.days).to_numpy(dtype=np.int64),
            "sources": [web_urls(u) for u in deciding["source_urls"].reindex(ids)],
        }
    )


def never_observed(catalogue: Catalogue, sites: pd.DataFrame) -> pd.DataFrame:
    """Return the sites with no observation by the end of the window, by id."""
    ids = sites.index[sites["last_observed"].isna()].sort_values()
    return pd.DataFrame(
        {
            "site_id": ids.to_numpy(dtype=object),
            "name": sites["name"].reindex(ids).to_numpy(),
            "sources": sources_of(catalogue, ids),
        }
    )
