"""What one version of the catalogue changes compared with another (``heritage diff``).

The package holds the whole comparison, so that it can be read (and kept light: no pandas)
in one place:

- :mod:`heritage.diff.revisions`: the git boundary; a catalogue as it is in a revision, a
  file, or the working tree.
- :mod:`heritage.diff.compare`: sites matched by id; added, removed, renamed, withdrawn and
  changed sites, and the findings for reviewers.
- :mod:`heritage.diff.events`: history events added, edited or deleted, and current statuses.
- :mod:`heritage.diff.geometry`: a site's public position and the distance it moved.
- :mod:`heritage.diff.other`: what else differs in the file (``bbox``, foreign members,
  order, formatting).
- :mod:`heritage.diff.model`: the result as values; :mod:`heritage.report.diff_render`
  renders it.

``from heritage.diff import diff_texts`` is the entry point for code that compares two texts.
"""

from __future__ import annotations

from heritage.diff.compare import diff_texts, diff_versions, parse_version
from heritage.diff.events import EventChange
from heritage.diff.geometry import haversine_m, position
from heritage.diff.model import CatalogueDiff, FieldChange, SiteChange, SiteInfo
from heritage.diff.revisions import Version, resolve

__all__ = [
    "CatalogueDiff",
    "EventChange",
    "FieldChange",
    "SiteChange",
    "SiteInfo",
    "Version",
    "diff_texts",
    "diff_versions",
    "haversine_m",
    "parse_version",
    "position",
    "resolve",
]
