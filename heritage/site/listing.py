"""The list of every site (``all-sites.html``), so that every record is reachable by links."""

from __future__ import annotations

from typing import Final
from urllib.parse import quote

from heritage import vocabulary as v
from heritage.catalogue import Catalogue
from heritage.config import Config
from heritage.site.html import Page, esc, foot, head
from heritage.site.record import status_badge


def list_page(catalogue: Catalogue, config: Config, site_title: str, data_date: str | None) -> str:
    """Return ``all-sites.html``: every site by name with kind, region and status.

    Withdrawn sites are listed apart, so that every record's page is reachable from the
    front page by links alone (for readers and for search engines).
    """
    page = Page(
        "all-sites.html",
        "All sites",
        f"Every site of {site_title}, with its kind, region and current status.",
    )
    sites = catalogue.sites
    # By name as read: leading quotes and brackets do not count ("'Ptkes Berk'" under P).
    names = sites["name"].fillna("").astype(str).str.casefold()
    order = sites.assign(_key=names.str.lstrip("'\"\u2018\u201c\u00ab(["))
    order = order.sort_values(["_key"], kind="stable")
    active: list[str] = []
    withdrawn: list[str] = []
    for site_id, name, kind, region, status, gone in zip(
        order.index,
        order["name"],
        order["kind"],
        order["region"],
        order["status"],
        order["withdrawn"],
        strict=True,
    ):
        label = name if isinstance(name, str) and name else site_id
        row = (
            f'<tr><th scope="row"><a href="sites/{quote(str(site_id))}.html">{esc(label)}</a>'
            f"</th><td>{esc(_KIND_LABELS.get(kind, kind) if isinstance(kind, str) else '')}</td>"
            f"<td>{esc(region) if isinstance(region, str) else ''}</td>"
            f"<td>{status_badge(str(status))}</td></tr>"
        )
        (withdrawn if bool(gone) else active).append(row)
    head_row = (
        '<thead><tr><th scope="col">Site</th><th scope="col">Kind</th>'
        '<th scope="col">Region</th><th scope="col">Current status</th></tr></thead>'
    )
    out = [
        head(page, config, site_title),
        f"<h1>All sites</h1>\n<p>{len(active)} sites, by name.</p>\n",
        f'<table class="sites"><caption>Sites in the catalogue</caption>{head_row}<tbody>',
        "".join(active),
        "</tbody></table>\n",
    ]
    if withdrawn:
        out += [
            '<h2 id="withdrawn">Withdrawn records</h2>\n<p>Sites withdrawn from the catalogue '
            "(duplicates, not heritage): their pages stay, with the reason.</p>\n",
            f'<table class="sites"><caption>Withdrawn records</caption>{head_row}<tbody>',
            "".join(withdrawn),
            "</tbody></table>\n",
        ]
    out.append(foot(page, config, data_date))
    return "".join(out)


_KIND_LABELS: Final[dict[str, str]] = {t.code: t.label for t in v.KIND_TERMS}
