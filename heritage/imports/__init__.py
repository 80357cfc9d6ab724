"""Imports into the catalogue: spreadsheets, issue forms, and the UNESCO list.

- :mod:`heritage.imports.fields`: the field names shared by imports, ``new-site`` and
  ``add-event``, and their conversion to GeoJSON members.
- :mod:`heritage.imports.spreadsheet`: a CSV read through a column mapping.
- :mod:`heritage.imports.merge`: insertion into a copy of the catalogue, validation, and
  issues located by spreadsheet row; nothing is written while there is an error.
- :mod:`heritage.imports.forms`: the two GitHub issue forms, generated from the vocabulary.
- :mod:`heritage.imports.issue`: a submitted form applied with the checks of ``new-site`` and
  ``add-event`` (:mod:`~heritage.imports.issue_body` reads the Markdown,
  :mod:`~heritage.imports.issue_fields` checks values and names fields in messages).
- :mod:`heritage.imports.whc`: the World Heritage List adapter.
- :mod:`heritage.imports.encoding`: decoding files that mix UTF-8 and Windows-1252.
"""

from __future__ import annotations

from heritage.imports.merge import ImportResult, Row, import_events, import_sites

__all__ = ["ImportResult", "Row", "import_events", "import_sites"]
