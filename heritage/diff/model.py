"""The result of comparing two versions of the catalogue (:mod:`heritage.diff`), as values.

Plain dataclasses with ``to_dict`` methods for the json output; the text and Markdown
renderings live in :mod:`heritage.report.diff_render`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from heritage.diff.events import EventChange
from heritage.issues import Issue

#: The field reported when only the hidden location details of a sensitive site changed.
HIDDEN_LOCATION = "location details (sensitive site: not shown)"


@dataclass(frozen=True)
class SiteInfo:
    """A site added, removed or renamed: enough to describe it to a reviewer."""

    site_id: str
    name: str | None
    status: str
    position: tuple[float, float] | None
    sensitive: bool
    sources: int


@dataclass(frozen=True)
class FieldChange:
    """One property (or ``geometry``) that differs; ``None`` stands for absent."""

    name: str
    before: Any
    after: Any


@dataclass
class SiteChange:
    """How one site differs between the two versions."""

    site_id: str
    name: str | None
    sensitive: bool
    status_from: str
    status_to: str
    moved_m: float | None = None
    position_from: tuple[float, float] | None = None
    position_to: tuple[float, float] | None = None
    fields: list[FieldChange] = field(default_factory=list)
    events: list[EventChange] = field(default_factory=list)
    sources_added: list[str] = field(default_factory=list)
    sources_removed: list[str] = field(default_factory=list)
    #: Feature members outside the model that differ (``bbox``, foreign members), by name.
    other: list[str] = field(default_factory=list)

    def count(self, change: str) -> int:
        """Return how many events were ``added``, ``edited`` or ``deleted``."""
        return sum(1 for e in self.events if e.change == change)

    def to_dict(self) -> dict[str, Any]:
        """Return the ``changed`` record of the json output."""
        return {
            "site_id": self.site_id,
            "name": self.name,
            "status_from": self.status_from,
            "status_to": self.status_to,
            "moved_m": self.moved_m,
            "events_added": self.count("added"),
            "events_edited": self.count("edited"),
            "events_removed": self.count("deleted"),
            "fields": [f.name for f in self.fields],
            "sensitive": self.sensitive,
            "position_from": self.position_from,
            "position_to": self.position_to,
            "sources_added": self.sources_added,
            "sources_removed": self.sources_removed,
            "other": list(self.other),
            "events": [e.to_dict() for e in self.events],
        }


@dataclass
class CatalogueDiff:
    """Everything that differs between a base and a head version of the catalogue."""

    base_label: str
    head_label: str
    added: list[SiteInfo] = field(default_factory=list)
    removed: list[SiteInfo] = field(default_factory=list)
    withdrawn: list[str] = field(default_factory=list)
    renamed: list[tuple[str, str]] = field(default_factory=list)
    changed: list[SiteChange] = field(default_factory=list)
    findings: list[Issue] = field(default_factory=list)
    #: Changes to the file outside the site-by-site model (:mod:`heritage.diff.other`).
    other: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        """True when the two versions are the same file (or the same sites and content)."""
        return not (self.added or self.removed or self.renamed or self.changed or self.other)

    def to_dict(self) -> dict[str, Any]:
        """Return the json output: added, removed, withdrawn, renamed and changed sites."""
        return {
            "base": self.base_label,
            "head": self.head_label,
            "added": [s.site_id for s in self.added],
            "removed": [s.site_id for s in self.removed],
            "withdrawn": list(self.withdrawn),
            "renamed": [{"from": a, "to": b} for a, b in self.renamed],
            "changed": [c.to_dict() for c in self.changed],
            "added_sites": [_info(s) for s in self.added],
            "removed_sites": [_info(s) for s in self.removed],
            "other": list(self.other),
            "findings": [i.to_dict() for i in self.findings],
        }


def _info(site: SiteInfo) -> dict[str, Any]:
    return {
        "site_id": site.site_id,
        "name": site.name,
        "status": site.status,
        "position": site.position,
        "sensitive": site.sensitive,
        "sources": site.sources,
    }
