"""The two GitHub issue forms, defined once: their fields, labels and dropdown options.

The YAML files in ``.github/ISSUE_TEMPLATE/`` are generated from these definitions
(``heritage gen-docs``, checked by the tests), and the dropdowns read their options from
:mod:`heritage.vocabulary`, so a form never offers a kind or status the validator refuses.
:mod:`heritage.imports.issue` reads a submitted form back through the same definitions.

A field's ``label`` is a contract: GitHub writes it as the ``### Label`` heading of the
issue body, and ``heritage import issue`` finds the value under it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Final

from heritage import vocabulary as v

INPUT, TEXTAREA, DROPDOWN, CHECKBOX = "input", "textarea", "dropdown", "checkboxes"
NO_RESPONSE: Final[str] = "_No response_"
SENSITIVE_OPTION: Final[str] = (
    "Publish only a generalised location: the exact place must not be made public"
)
APPROXIMATE_OPTION: Final[str] = "The date is approximate (circa)"


@dataclass(frozen=True)
class FormField:
    """One field of an issue form.

    Attributes
    ----------
    label
        The heading GitHub writes in the issue body (a contract).
    field
        The import field it fills (see :mod:`heritage.imports.fields`).
    kind
        ``input`` (one line), ``textarea``, ``dropdown`` or ``checkboxes``.
    description
        Help shown under the label.
    required
        Whether the form refuses to be submitted without it.
    options
        A dropdown's options, or the one checkbox's text.
    """

    label: str
    field: str
    kind: str = INPUT
    description: str = ""
    required: bool = False
    options: tuple[str, ...] = ()
    default: int | None = None


def _terms(terms: tuple[v.Term, ...]) -> str:
    return " ".join(f"**{t.code}**: {t.definition}" for t in terms)


EVENT_FIELDS: Final[tuple[FormField, ...]] = (
    FormField(
        "Date",
        "date",
        description="When it happened or was seen: YYYY, YYYY-MM or YYYY-MM-DD; "
        "A/B when it happened between A and B, ../B when by B, A/.. when after A.",
        required=True,
    ),
    FormField("Approximate date", "approximate", CHECKBOX, options=(APPROXIMATE_OPTION,)),
    FormField(
        "Type",
        "type",
        DROPDOWN,
        "What kind of report this is (condition when not chosen). " + _terms(v.EVENT_TYPE_TERMS),
        options=v.EVENT_TYPES,
        default=v.EVENT_TYPES.index(v.DEFAULT_EVENT_TYPE),
    ),
    FormField(
        "Status",
        "status",
        DROPDOWN,
        "The condition reported (required for a condition report). " + _terms(v.STATUS_TERMS),
        options=v.STATUSES,
    ),
    FormField(
        "Summary",
        "summary",
        TEXTAREA,
        "What the source reports, in neutral words: who reported what, not a verdict.",
        required=True,
    ),
    FormField(
        "Reported by",
        "reported_by",
        description="Who made the report: the organisation, outlet or person.",
        required=True,
    ),
    FormField(
        "Reporter type",
        "reporter_type",
        description="For example: monitoring body, government, media, researcher, witness.",
    ),
    FormField(
        "Confidence",
        "confidence",
        DROPDOWN,
        "How sure the report is. " + _terms(v.CONFIDENCE_TERMS),
        options=v.CONFIDENCES,
    ),
    FormField(
        "Source URL",
        "source_url",
        description="The page, document or image that reports it (https://...).",
        required=True,
    ),
    FormField("Source title", "source_title", description="The source's title, if it has one."),
    FormField("Source publisher", "source_publisher", description="Who published the source."),
    FormField(
        "Archived copy URL",
        "source_archived",
        description="A copy in a web archive, e.g. https://web.archive.org/web/...",
    ),
    FormField(
        "Other source URLs",
        "sources",
        TEXTAREA,
        "More pages reporting the same, one URL per line.",
    ),
    FormField(
        "Notes",
        "note",
        TEXTAREA,
        "Caveats: an uncertain date, accounts that disagree, what the source does not show.",
    ),
)

SITE_FIELDS: Final[tuple[FormField, ...]] = (
    FormField(
        "Site id",
        "id",
        description="Optional: a short lowercase id (letters, digits, hyphens). "
        "Left empty, it is made from the English name.",
    ),
    FormField("Name (English)", "name", required=True),
    FormField("Name (Armenian)", "name_hy"),
    FormField("Name (Azerbaijani)", "name_az"),
    FormField("Name (Russian)", "name_ru"),
    FormField("Other names", "alt_names", TEXTAREA, "Other names or spellings, one per line."),
    FormField("Kind", "kind", DROPDOWN, _terms(v.KIND_TERMS), required=True, options=v.KINDS),
    FormField("Region", "region", description="District, province or region."),
    FormField("Latitude", "latitude", description="Decimal degrees, e.g. 39.8432 (WGS84)."),
    FormField("Longitude", "longitude", description="Decimal degrees, e.g. 46.7123 (WGS84)."),
    FormField(
        "Location precision",
        "precision",
        DROPDOWN,
        "What the point is. " + _terms(v.PRECISION_TERMS),
        options=v.PRECISIONS,
    ),
    FormField(
        "Location source URL",
        "location_source",
        description="Where the coordinates come from (https://...).",
    ),
    FormField(
        "Sensitive location",
        "sensitive",
        CHECKBOX,
        "Tick when publishing the exact place could put the site at risk; then give at most "
        "2 decimals in Latitude and Longitude.",
        options=(SENSITIVE_OPTION,),
    ),
)

SITE_FIELD: Final[FormField] = FormField(
    "Site",
    "site_id",
    description="The site's id (as in its map link, e.g. amaras-monastery) or its name in "
    "any language.",
    required=True,
)


@dataclass(frozen=True)
class Form:
    """An issue form: its file, name, label and fields in order."""

    key: str
    filename: str
    name: str
    about: str
    label: str
    title: str
    intro: str
    fields: tuple[FormField, ...]

    def field(self, label: str) -> FormField | None:
        """Return the field with this label, or ``None``."""
        return next((f for f in self.fields if f.label == label), None)


REPORT_CHANGE: Final[Form] = Form(
    "report-change",
    "report-change.yml",
    "Report a change to a site",
    "A dated, sourced report about a site already in the catalogue.",
    "report-change",
    "[Report]: ",
    "Thank you! One report per issue. A maintainer checks it; when accepted, it is added "
    "to the catalogue by a pull request that links this issue. Write only what the source "
    "says, with its date; never publish the exact location of a sensitive site.",
    (SITE_FIELD, *EVENT_FIELDS),
)
NEW_SITE: Final[Form] = Form(
    "new-site",
    "new-site.yml",
    "Propose a new site",
    "A heritage site that is not in the catalogue yet, with its first sourced report.",
    "new-site",
    "[New site]: ",
    "Thank you! Please search the map first: if the site is there, use *Report a change to "
    "a site*. When accepted, the site is added by a pull request that links this issue.",
    (*SITE_FIELDS, *EVENT_FIELDS),
)
FORMS: Final[tuple[Form, ...]] = (REPORT_CHANGE, NEW_SITE)
TEMPLATE_FOLDER: Final[str] = ".github/ISSUE_TEMPLATE"


def _q(text: str) -> str:
    """Quote a YAML scalar: a JSON string is a valid double-quoted YAML string."""
    return json.dumps(text, ensure_ascii=False)


def _field_id(label: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")


def form_yaml(form: Form) -> str:
    """Return the GitHub issue-form YAML of a form (deterministic)."""
    lines = [
        "# Generated by 'heritage gen-docs' from heritage/imports/forms.py: edit that, not this.",
        f"name: {_q(form.name)}",
        f"description: {_q(form.about)}",
        f"title: {_q(form.title)}",
        f"labels: [{_q(form.label)}]",
        "body:",
        "  - type: markdown",
        "    attributes:",
        f"      value: {_q(form.intro)}",
    ]
    for f in form.fields:
        lines += [f"  - type: {f.kind}", f"    id: {_field_id(f.label)}", "    attributes:"]
        lines.append(f"      label: {_q(f.label)}")
        if f.description:
            lines.append(f"      description: {_q(f.description)}")
        if f.kind == DROPDOWN:
            lines.append("      options:")
            lines += [f"        - {_q(o)}" for o in f.options]
            if f.default is not None:
                lines.append(f"      default: {f.default}")
        elif f.kind == CHECKBOX:
            lines.append("      options:")
            lines += [f"        - label: {_q(o)}" for o in f.options]
        if f.kind != CHECKBOX:
            lines += ["    validations:", f"      required: {'true' if f.required else 'false'}"]
    return "\n".join(lines) + "\n"


def config_yaml() -> str:
    """Return ``config.yml``: blank issues stay possible; the forms come first."""
    return (
        "# Generated by 'heritage gen-docs' from heritage/imports/forms.py: edit that, not this.\n"
        "blank_issues_enabled: true\n"
    )


def generated_files() -> dict[str, str]:
    """Return ``{path: text}`` of every issue-template file, relative to the repository."""
    files = {f"{TEMPLATE_FOLDER}/{form.filename}": form_yaml(form) for form in FORMS}
    files[f"{TEMPLATE_FOLDER}/config.yml"] = config_yaml()
    return files
