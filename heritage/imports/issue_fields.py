"""Form fields: their values read from an issue body, and the issues traced back to them.

:func:`read_field` checks a value the way the form would have (required, one line, one of
the dropdown's options, a ticked box) and turns it into import-field text.
:func:`label_of` goes the other way: the validator speaks of catalogue members
(``/features/3/properties/history/2/status``), a person who filled in a form knows only its
labels, so every message of ``heritage import issue`` starts with the field to fix.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from typing import Final

from heritage import codes
from heritage import vocabulary as v
from heritage.imports import forms as f
from heritage.imports.issue_body import Body, checkbox
from heritage.issues import pointer_parts
from heritage.site_lookup import excerpt


@dataclass(frozen=True)
class FormProblem:
    """A problem with one field of a submitted form.

    Attributes
    ----------
    label
        The form field (its label), or ``None`` for the body as a whole.
    message
        What is wrong and what to write instead.
    code
        A stable kebab-case code (the validator's, or ``form-*``).
    """

    label: str | None
    message: str
    code: str

    def __post_init__(self) -> None:
        codes.lookup(self.code)  # an unregistered code fails at once, naming the fix

    def __str__(self) -> str:
        return f"{self.label}: {self.message}" if self.label else self.message


def _hint(fl: f.FormField) -> str:
    if fl.kind == f.DROPDOWN:
        return "choose one of: " + ", ".join(fl.options) + "."
    return fl.description or "fill it in."


#: Unicode's explicit direction controls (embeddings, overrides, isolates).
_BIDI: Final[frozenset[str]] = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _is_control(char: str) -> bool:
    """Control and direction-override characters (tabs and line ends are text)."""
    if char in "\n\t":
        return False
    return unicodedata.category(char) == "Cc" or char in _BIDI


def _option(value: str, options: tuple[str, ...]) -> str | None:
    """Return the option a hand-edited dropdown value means, or None.

    A form sends the option exactly; a body edited by hand may say ``Damaged``,
    ``archaeological site`` or a vocabulary label, which mean one option without doubt.
    """
    key = re.sub(r"[\s-]+", "_", value.strip().casefold())
    for option in options:
        if key == option.casefold():
            return option
    for terms in v.DOCUMENTED.values():
        for term in terms:
            if term.code in options and value.strip().casefold() == term.label.casefold():
                return term.code
    return None


def read_field(fl: f.FormField, body: Body, problems: list[FormProblem]) -> str:
    """Return a field's value as import-field text (``""`` when not given).

    Parameters
    ----------
    fl
        The form field.
    body
        The parsed issue body.
    problems
        Receives what is wrong with the value (the value is then ``""``).
    """
    value = body.values.get(fl.label, "")
    if fl.label not in body.values and fl.required:
        problems.append(
            FormProblem(
                fl.label,
                f"the field is missing (no '### {fl.label}' heading); add it: {_hint(fl)}",
                "form-missing-field",
            )
        )
        return ""
    if value == "" and fl.required:
        problems.append(
            FormProblem(fl.label, f"this field is required. {_hint(fl)}", "form-empty-field")
        )
        return ""
    control = next((c for c in value if _is_control(c)), None)
    if control is not None:
        # No form produces these; in a stranger's text they hide or reorder what people see.
        problems.append(
            FormProblem(
                fl.label,
                f"remove the invisible control character U+{ord(control):04X}.",
                "form-control-character",
            )
        )
        return ""
    if fl.kind == f.INPUT and "\n" in value:
        problems.append(
            FormProblem(fl.label, "write it on one line.", "form-multiline"),
        )
        return ""
    if fl.kind == f.DROPDOWN and value and value not in fl.options:
        chosen = _option(value, fl.options)
        if chosen is not None:
            return chosen
        close = difflib.get_close_matches(value.casefold(), fl.options, n=1, cutoff=0.6)
        mean = f" Did you mean '{close[0]}'?" if close else ""
        problems.append(
            FormProblem(
                fl.label,
                f"'{excerpt(value)}' is not one of the options.{mean} Write one of: "
                + ", ".join(fl.options)
                + ".",
                "form-not-an-option",
            )
        )
        return ""
    if fl.kind == f.CHECKBOX:
        ticked = checkbox(value)
        if ticked is None:
            problems.append(
                FormProblem(
                    fl.label,
                    "write '- [X] " + fl.options[0] + "' to tick the box, or leave it empty.",
                    "form-not-a-checkbox",
                )
            )
            return ""
        return "true" if ticked else ""
    return _lines(fl, value, problems)


def _lines(fl: f.FormField, value: str, problems: list[FormProblem]) -> str:
    """Turn one-per-line text areas into import fields."""
    items = [line.strip() for line in value.split("\n") if line.strip()]
    if fl.field == "alt_names":
        if any(";" in item for item in items):
            problems.append(
                FormProblem(fl.label, "write one name per line, without ';'.", "form-bad-list")
            )
            return ""
        return "; ".join(items)
    if fl.field == "sources":
        if any(len(item.split()) > 1 for item in items):
            problems.append(
                FormProblem(fl.label, "write one URL per line, with no spaces.", "form-bad-list")
            )
            return ""
        return " ".join(items)
    return value


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


#: Site members to the field that fills them, for messages about a whole site.
_SITE_MEMBERS: Final[dict[str, str]] = {
    "name": "name",
    "kind": "kind",
    "alt_names": "alt_names",
    "region": "region",
    "location": "precision",
}


def _named_member(message: str, members: dict[str, str] = _EVENT) -> str | None:
    """Return the field of the member a message names in quotes (``'kind' is required``)."""
    for member, name in members.items():
        if f"'{member}'" in message or f'"{member}"' in message:
            return name
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
        name = _site_field(parts[2:]) or _named_member(message, _SITE_MEMBERS)
    return _label(form, name) if name else None
