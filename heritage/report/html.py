"""The change report as one self-contained, printable html page.

The page is rendered by Jinja2 with autoescaping on and undefined names as errors.
Catalogue text only ever enters as template *variables*, never as template source, so text
such as ``{{ 7*7 }}`` is printed, not run. The page loads nothing: CSS is inlined, charts
are inline SVG (:mod:`heritage.report.charts`), and a Content-Security-Policy forbids
scripts and any request. Links go only to http/https sources and carry
``rel="noopener noreferrer nofollow ugc"``.
"""

from __future__ import annotations

from typing import Any

import jinja2
import pandas as pd
from markupsafe import Markup

from heritage import timeline
from heritage import vocabulary as v
from heritage.changes import ChangeReport
from heritage.report import charts
from heritage.report import present as p
from heritage.report.markdown import MAX_LISTED, MAX_REGIONS, column_label
from heritage.text import xml_safe

_ENV = jinja2.Environment(
    loader=jinja2.PackageLoader("heritage.report", "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)
_ENV.filters["status"] = p.status_info
_ENV.filters["when"] = p.when
_ENV.filters["host"] = p.host
_ENV.filters["type_label"] = p.type_label


def _table(frame: pd.DataFrame, key: Any = str, limit: int | None = None) -> dict[str, Any]:
    shown = frame if limit is None else frame.head(limit)
    return {
        "columns": [column_label(str(c)) for c in frame.columns],
        "rows": [(key(k), [int(n) for n in row]) for k, row in shown.iterrows()],
        "more": max(0, len(frame) - len(shown)),
    }


def _capped(frame: pd.DataFrame) -> tuple[list[Any], int]:
    return list(frame.head(MAX_LISTED).itertuples()), max(0, len(frame) - MAX_LISTED)


def render_html(report: ChangeReport, title: str = "Changes in the heritage catalogue") -> str:
    """Return the change report as a self-contained html page.

    Parameters
    ----------
    report
        From :func:`heritage.changes.compute_report`.
    title
        The page's heading.
    """
    r = report
    then, now = r.status_counts("status_since"), r.status_counts()
    stale, stale_more = _capped(r.stale)
    never, never_more = _capped(r.never_observed)
    new, new_more = _capped(r.new_sites)
    context = {
        "title": title,
        "r": r,
        "since": r.since.isoformat(),
        "until": r.until.isoformat(),
        "before": r.before.isoformat(),
        "statuses": [
            {"info": p.status_info(s), "then": then[s], "now": now[s], "change": now[s] - then[s]}
            for s in v.ALL_STATUSES
        ],
        "status_columns": [p.status_info(s) for s in v.ALL_STATUSES],
        "timeline": p.changed_rows(r.counts_over_time),
        "period": timeline.period(r.since, r.until),
        "counts_chart": Markup(charts.status_counts_chart(r.counts_over_time)),
        "transitions_chart": (
            Markup(charts.transitions_chart(r.transitions)) if len(r.transitions) else None
        ),
        "transitions": list(r.transitions.itertuples()),
        "events": list(r.events.itertuples()),
        "observations": int(r.events["sets_status"].sum()) if len(r.events) else 0,
        "claims": int((r.events["type"] == "claim").sum()) if len(r.events) else 0,
        "by_status": _table(r.events_by("status"), p.status_label),
        "by_kind": _table(r.events_by("kind"), p.kind_label),
        "by_region": _table(r.events_by("region"), limit=MAX_REGIONS),
        "sites_by_kind": _table(r.sites_by("kind"), p.kind_label),
        "sites_by_region": _table(r.sites_by("region"), limit=MAX_REGIONS),
        "new_sites": new,
        "new_more": new_more,
        "withdrawn": list(r.withdrawn_sites.itertuples()),
        "stale": stale,
        "stale_more": stale_more,
        "never": never,
        "never_more": never_more,
        "claim_note": p.CLAIM_NOTE,
        "name_of": p.name_of,
    }
    # Catalogue text may hold characters HTML forbids (controls, noncharacters) when the
    # catalogue skipped validation: the one sanitiser of every XML/HTML writer replaces them.
    return xml_safe(_ENV.get_template("report.html.j2").render(context))
