"""Apply a submitted issue form to the catalogue: ``heritage import issue``.

The body is read with :mod:`heritage.imports.issue_body`, its values are turned into the
same fields as ``heritage add-event`` and ``heritage new-site`` and inserted with
:func:`~heritage.imports.merge.import_events` / :func:`~heritage.imports.merge.import_sites`,
so a form passes exactly the checks of the commands. Every problem names the form field
(its label) and what to write there; the caller writes the catalogue only when there is
none. The body is a stranger's text: it only ever becomes field values, never markup,
code or a path.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from heritage.imports import forms as f
from heritage.imports.fields import parse_number, slugify
from heritage.imports.issue_body import MAX_BODY, Body, parse_body
from heritage.imports.issue_fields import FormProblem, label_of, read_field
from heritage.imports.merge import ImportResult, Row, import_events, import_sites
from heritage.issues import Severity
from heritage.site_lookup import describe_miss, excerpt, fold, match_site, site_index


@dataclass
class IssueImport:
    """The outcome of reading a form: the new catalogue, or the problems.

    Attributes
    ----------
    form
        The form recognised, or ``None``.
    data
        The new catalogue (write it only when :attr:`ok`).
    problems
        What must be fixed before anything is written.
    notes
        What the reader should know (ignored sections, warnings); never blocking.
    site_id
        The site added or reported on.
    added_site
        True when the form added a site.
    events_added
        How many events were added (0 or 1).
    added
        What was added, as written in the catalogue: the new site, or the new event.
    """

    form: f.Form | None
    data: dict[str, Any]
    problems: list[FormProblem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    site_id: str | None = None
    added_site: bool = False
    events_added: int = 0
    added: list[dict[str, Any]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when nothing blocks writing :attr:`data`."""
        return not self.problems


def _all_labels() -> tuple[str, ...]:
    return tuple(dict.fromkeys(fl.label for form in f.FORMS for fl in form.fields))


def _which_form(body: Body) -> f.Form | FormProblem:
    has_site = "Site" in body.values or "Site" in body.repeated
    has_name = "Name (English)" in body.values or "Name (English)" in body.repeated
    if has_site and has_name:
        return FormProblem(
            None,
            "this body has both '### Site' (Report a change to a site) and '### Name (English)' "
            "(Propose a new site); keep the fields of one form.",
            "form-unknown",
        )
    if has_name:
        return f.NEW_SITE
    if has_site:
        return f.REPORT_CHANGE
    # Neither key field: recognise the form by its other fields, so that the missing one is
    # reported by name ("Site: the field is missing") instead of "this is no form".
    found = set(body.values) | set(body.repeated)
    if found & {fl.label for fl in f.SITE_FIELDS}:
        return f.NEW_SITE
    if found & {fl.label for fl in f.EVENT_FIELDS}:
        return f.REPORT_CHANGE
    return FormProblem(
        None,
        "this is not one of the issue forms: it has no '### Site' field (Report a change to a "
        "site) and no '### Name (English)' field (Propose a new site). Open the issue with "
        "one of the forms.",
        "form-unknown",
    )


def _mapped(result: ImportResult, form: f.Form, out: IssueImport) -> None:
    # A field already refused by the form's own checks was left empty: the validator's
    # "missing" about it would only repeat the first message.
    refused = {p.label for p in out.problems}
    for issue in result.issues:
        if issue.code == "site-exists":
            continue  # said in the form's own words by _new_site_id
        label = label_of(issue.pointer, form, issue.code, issue.message)
        if label is not None and label in refused:
            continue
        # A form is public: exact coordinates of a sensitive site are refused, not warned.
        if issue.severity is Severity.ERROR or issue.code == "sensitive-precision":
            out.problems.append(FormProblem(label, issue.message, issue.code))
        elif issue.code == "duplicate-event":
            out.problems.append(
                FormProblem(
                    None,
                    "this report is already in the site's history: there is nothing to add.",
                    issue.code,
                )
            )
        else:
            out.notes.append(f"{label}: {issue.message}" if label else issue.message)


def import_issue(data: dict[str, Any], text: str, today: date | None = None) -> IssueImport:
    """Read a submitted issue form and apply it to a copy of the catalogue.

    Parameters
    ----------
    data
        The parsed catalogue (not modified).
    text
        The issue body, as GitHub stores it.
    today
        The day that counts as today for validation.

    Returns
    -------
    IssueImport
        The new catalogue and what was added, or the problems (by form field).
    """
    out = IssueImport(None, data)
    if len(text) > MAX_BODY:
        out.problems.append(
            FormProblem(None, f"the body is longer than {MAX_BODY} characters.", "form-too-long")
        )
        return out
    body = parse_body(text, _all_labels())
    form = _which_form(body)
    if isinstance(form, FormProblem):
        out.problems.append(form)
        return out
    out.form = form
    _notes_on_body(body, form, out)
    values = {fl.field: read_field(fl, body, out.problems) for fl in form.fields}
    event = {fl.field: values[fl.field] for fl in f.EVENT_FIELDS}
    if form is f.REPORT_CHANGE:
        _report(data, values, event, out, today)
    else:
        _new_site(data, values, event, out, today)
    return out


def _notes_on_body(body: Body, form: f.Form, out: IssueImport) -> None:
    for label in body.repeated:
        if form.field(label) is None:
            continue  # not a field of this form: ignored below, however often it appears
        out.problems.append(
            FormProblem(
                label,
                f"the field appears more than once; keep one '### {label}'. (A line starting "
                "with '###' in a text box starts a new field: remove the '###'.)",
                "form-repeated-field",
            )
        )
    others = [label for label in body.values if form.field(label) is None]
    for label in [*others, *body.unknown]:
        out.notes.append(f"'### {label}' is not a field of '{form.name}'; ignored.")
    if body.comments:
        out.notes.append(
            f"{body.comments} HTML comment(s) removed: GitHub does not show them, so they are "
            "never imported."
        )
    if body.preamble:
        out.notes.append("text before the first field ignored.")


def _report(
    data: dict[str, Any],
    values: dict[str, str],
    event: dict[str, str],
    out: IssueImport,
    today: date | None,
) -> None:
    typed = values.get("site_id", "")
    match = match_site(data.get("features") or [], typed) if typed else None
    if match is None or match.site_id is None:
        if match is not None:
            out.problems.append(FormProblem("Site", describe_miss(typed, match), "unknown-site"))
        # Check the event anyway, on a stand-in site, so every problem is said at once.
        stand_in: dict[str, Any] = {"type": "Feature", "id": "site", "geometry": None}
        alone = {"type": "FeatureCollection", "features": [stand_in]}
        checked = import_events(alone, [Row(0, {"site_id": "site", **event})], today=today)
        _mapped(checked, f.REPORT_CHANGE, out)
        return
    out.site_id = match.site_id
    if match.matched == "name":
        out.notes.append(f"Site: '{excerpt(typed)}' is the site '{match.site_id}'.")
    result = import_events(data, [Row(0, {"site_id": match.site_id, **event})], today=today)
    _mapped(result, f.REPORT_CHANGE, out)
    if out.problems:
        return
    out.data, out.events_added = result.data, result.events_added
    out.added = _added_events(data, result.data, match.site_id)


def _new_site_id(data: dict[str, Any], values: dict[str, str], out: IssueImport) -> str:
    given = values.get("id", "")
    site = given or slugify(values.get("name", ""))
    if not site:
        if values.get("name"):
            out.problems.append(
                FormProblem(
                    "Site id",
                    "the English name has no Latin letters to make an id from; write an id "
                    "(lowercase letters, digits and hyphens).",
                    "form-empty-field",
                )
            )
        return ""
    ids, by_key = site_index(data.get("features") or [])
    if site in ids:
        made = "" if given else " (made from Name (English))"
        out.problems.append(
            FormProblem(
                "Site id",
                f"'{site}'{made} is already a site in the catalogue. If it is the same "
                "site, use the form 'Report a change to a site'; otherwise write another id.",
                "site-exists",
            )
        )
    names = [values.get(k, "") for k in ("name", "name_hy", "name_az", "name_ru")]
    names += values.get("alt_names", "").split("; ")
    same = sorted({s for n in names if n for s in by_key.get(fold(n), [])})
    if same:
        out.notes.append(
            "a site with one of these names is already in the catalogue ("
            + ", ".join(same)
            + "): check that this is not the same site."
        )
    return site


def _new_site(
    data: dict[str, Any],
    values: dict[str, str],
    event: dict[str, str],
    out: IssueImport,
    today: date | None,
) -> None:
    site = _new_site_id(data, values, out)
    lat, lon = values.get("latitude", ""), values.get("longitude", "")
    if bool(lat) != bool(lon):
        missing = "Latitude" if lon else "Longitude"
        out.problems.append(
            FormProblem(
                missing, "give both Latitude and Longitude, or neither.", "form-empty-field"
            )
        )
    for label, text, limit in (("Latitude", lat, 90), ("Longitude", lon, 180)):
        if not text:
            continue
        number, wrong = parse_number(text, label, "", None)
        if not wrong and not -limit <= float(number) <= limit:
            out.problems.append(
                FormProblem(
                    label,
                    f"{excerpt(text)} is not between -{limit} and {limit}; write decimal "
                    "degrees (WGS84), and check that Latitude and Longitude are not swapped.",
                    "invalid-coordinates",
                )
            )
        elif wrong:
            hint = " (use a point, not a comma, for decimals)" if "," in text else ""
            out.problems.append(
                FormProblem(
                    label,
                    f"'{excerpt(text)}' is not a number{hint}; write decimal degrees, "
                    "e.g. 39.8432.",
                    "wrong-type",
                )
            )
    if not site:
        return
    site_fields = {fl.field: values[fl.field] for fl in f.SITE_FIELDS}
    site_fields["id"] = site
    if any(p.label in ("Latitude", "Longitude") for p in out.problems):
        site_fields["latitude"] = site_fields["longitude"] = ""
    added = import_sites(data, [Row(0, site_fields)], today=today)
    _mapped(added, f.NEW_SITE, out)
    if site not in added.added:
        return
    # Even when the site has problems, check the event too: every problem is said at once.
    result = import_events(added.data, [Row(0, {"site_id": site, **event})], today=today)
    _mapped(result, f.NEW_SITE, out)
    if out.problems:
        return
    out.data, out.site_id, out.added_site = result.data, site, True
    out.added = [_feature(result.data, site)]
    out.events_added = result.events_added


def _feature(data: dict[str, Any], site: str) -> dict[str, Any]:
    found: dict[str, Any] = next(x for x in data["features"] if x.get("id") == site)
    return found


def _added_events(old: dict[str, Any], new: dict[str, Any], site: str) -> list[dict[str, Any]]:
    before = _feature(old, site)["properties"].get("history") or []
    after = _feature(new, site)["properties"].get("history") or []
    return [event for event in after if event not in before]
