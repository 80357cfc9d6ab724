"""Which form field a validation issue is about: JSON pointer to form label.

The validator speaks of catalogue members (``/features/3/properties/history/2/status``);
a person who filled in a form knows only its labels. This table translates one into the
other, so that every message of ``heritage import issue`` starts with the field to fix.
"""

from __future__ import annotations

from typing import Final

from heritage.imports import forms as f
from heritage.issues import pointer_parts

#: Event member (or source member of the first source) to the field that fills it.
_EVENT: Final[dict[str, str]] = {
    "date": "date",
    "approximate": "approximate",
    "type": "type",
    "status": "status",
    "summary": "summary",
    "reported_by": "reported_by",
    "reporter_type": "reporter_type",
    "confidence": "confidence",
    "note": "note",
}
_SOURCE: Final[dict[str, str]] = {
    "url": "source_url",
    "title": "source_title",
    "publisher": "source_publisher",
    "archived": "source_archived",
}
_LOCATION: Final[dict[str, str]] = {
    "precision": "precision",
    "source": "location_source",
    "note": "precision",
    "sensitive": "sensitive",
}


#: Issues reported on a whole event or site whose fix lies in one field.
_BY_CODE: Final[dict[str, str]] = {
    "missing-status": "status",
    "unsourced-damage": "source_url",
    "missing-english-name": "name",
    "sensitive-precision": "latitude",
    "history-order": "date",
}


def _label(form: f.Form, field_name: str) -> str | None:
    return next((fl.label for fl in form.fields if fl.field == field_name), None)


def _named_member(message: str) -> str | None:
    """Return the event member a message names in quotes (``'reported_by' is required``)."""
    for member in _EVENT:
        if f"'{member}'" in message or f'"{member}"' in message:
            return member
    return None


def _event_field(parts: list[str], message: str = "") -> str | None:
    if not parts:
        return _named_member(message)
    if parts[0] != "sources":
        return _EVENT.get(parts[0])
    if len(parts) >= 2 and parts[1] == "0":
        return _SOURCE.get(parts[2], "source_url") if len(parts) >= 3 else "source_url"
    return "sources" if len(parts) >= 2 else "source_url"


def _site_field(parts: list[str]) -> str | None:
    if not parts:
        return None
    if parts[0] == "id":
        return "id"
    if parts[0] == "geometry":
        if parts[-1] == "0":
            return "longitude"
        return "latitude"
    if parts[0] != "properties" or len(parts) < 2:
        return None
    member = parts[1]
    if member == "name":
        lang = parts[2] if len(parts) > 2 else "en"
        return "name" if lang == "en" else f"name_{lang}"
    if member == "location":
        return _LOCATION.get(parts[2], "precision") if len(parts) > 2 else "precision"
    return {"alt_names": "alt_names", "kind": "kind", "region": "region"}.get(member)


def label_of(ptr: str, form: f.Form, code: str = "", message: str = "") -> str | None:
    """Return the label of the form field that a JSON pointer's value came from.

    Parameters
    ----------
    ptr
        A pointer into the catalogue (``/features/N/...``) or into one event (relative
        pointers, as the field conversion reports them).
    code, message
        The issue's code and message, for issues about a whole event or site.
    form
        The form that was submitted.

    Returns
    -------
    str or None
        The label, or ``None`` when the pointer names nothing the form fills.
    """
    if code in _BY_CODE:
        return _label(form, _BY_CODE[code])
    parts = pointer_parts(ptr)
    if parts[:1] != ["features"]:
        name = _event_field(parts, message)
    elif len(parts) >= 5 and parts[2:4] == ["properties", "history"]:
        name = _event_field(parts[5:], message)
    else:
        name = _site_field(parts[2:])
    return _label(form, name) if name else None
