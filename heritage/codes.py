"""The one registry of issue codes: each code's severity, title, area and where it is documented.

Every :class:`~heritage.issues.Issue` is built by :func:`issue`, which takes the severity from
here, so a code's severity is stated once. A code that is not registered raises at once
(:class:`UnregisteredCodeError`), and ``tests/test_codes.py`` checks that every code the
package emits is registered and documented on its page. To add a code: add a :class:`Code`
to :data:`CODES` below and a row to the table of its doc page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

from heritage.issues import Issue, Severity

#: Where a code is emitted: the validator, the spreadsheet and list imports, the issue forms,
#: the map, the diff.
Area = Literal["validate", "import", "form", "map", "diff"]

_E, _W = Severity.ERROR, Severity.WARNING
_VALIDATION: Final = "docs/data-model.md#validation-codes"
_IMPORTS: Final = "docs/imports.md#import-codes"
_MAP: Final = "docs/map.md#map-warnings"
_DIFF: Final = "docs/reports.md#diff-findings"


@dataclass(frozen=True)
class Code:
    """One issue code.

    Attributes
    ----------
    code
        The stable kebab-case code (a contract: never renamed).
    severity
        Errors fail the command; warnings do not.
    title
        What it means, in one sentence.
    area
        Which part of the tool emits it.
    docs
        The doc page and anchor that document it (``docs/page.md#anchor``).
    """

    code: str
    severity: Severity
    title: str
    area: Area
    docs: str

    @property
    def page(self) -> str:
        """The doc page (``docs/page.md``) without the anchor."""
        return self.docs.split("#", 1)[0]


def _validation(code: str, severity: Severity, title: str) -> Code:
    return Code(code, severity, title, "validate", _VALIDATION)


#: Every code, in the order of the doc tables.
ALL: Final[tuple[Code, ...]] = (
    _validation("invalid-json", _E, "The file is not valid JSON."),
    _validation("duplicate-key", _E, "An object has the same key twice."),
    _validation("non-finite-number", _E, "NaN, Infinity or a number too large for a double."),
    _validation("not-feature-collection", _E, "The top level is not a GeoJSON FeatureCollection."),
    _validation("not-a-feature", _E, "An item of features is not a GeoJSON Feature."),
    _validation("missing-member", _E, "A required member is missing."),
    _validation("wrong-type", _E, "A value has the wrong JSON type."),
    _validation("empty-value", _E, "A text is empty."),
    _validation("invalid-id", _E, "An id is not a lowercase slug."),
    _validation("duplicate-id", _E, "Two features share an id."),
    _validation("missing-english-name", _E, "name has no en entry."),
    _validation("unknown-kind", _E, "kind is not in the vocabulary."),
    _validation("unknown-status", _E, "status is not in the vocabulary."),
    _validation("unknown-event-type", _E, "An event type is not in the vocabulary."),
    _validation("unknown-confidence", _E, "confidence is not high, medium or low."),
    _validation("unknown-precision", _E, "location.precision is not in the vocabulary."),
    _validation("missing-status", _E, "A condition event has no status."),
    _validation("missing-reported-by", _E, "An event with a status, or a claim, says not who."),
    _validation("unsourced-damage", _E, "A damaged/destroyed/altered condition cites no source."),
    _validation("invalid-url", _E, "A URL is not an absolute http(s) URL."),
    _validation("invalid-date", _E, "A date is not an accepted form or does not exist."),
    _validation("reversed-interval", _E, "An interval ends before it starts."),
    _validation("future-date", _E, "A date lies in the future."),
    _validation("history-order", _E, "History is not in chronological order."),
    _validation("invalid-geometry", _E, "Geometry is not a valid Point, Polygon or MultiPolygon."),
    _validation("unclosed-ring", _E, "A polygon ring is not closed or too short."),
    _validation("self-intersection", _E, "A polygon crosses itself."),
    _validation("coordinate-out-of-range", _E, "Longitude or latitude out of range."),
    _validation("schema-violation", _E, "Any other breach of the JSON Schema."),
    _validation("unknown-property", _E, "A member outside the data model (not x_)."),
    _validation("foreign-member", _W, "A feature member outside GeoJSON and the model."),
    _validation("outside-usual-extent", _W, "A point far from the catalogue's other sites."),
    _validation("sensitive-precision", _W, "A sensitive site has over 2 decimals."),
    _validation("copy-host-source", _W, "A citation of a known copy of Wikipedia."),
    _validation("invisible-character", _W, "An id or name holds a bidi or zero-width character."),
    _validation("invalid-character", _E, "A text holds a control or other forbidden character."),
    _validation("text-too-long", _E, "A text is longer than its field's limit."),
    _validation("unknown-place", _E, "place is not an id of the gazetteer (data/places.json)."),
    # Imports of spreadsheets, command-line values and the World Heritage List.
    Code("site-exists", _E, "A new site's id is already taken.", "import", _IMPORTS),
    Code("unknown-site", _E, "An event names a site the catalogue lacks.", "import", _IMPORTS),
    Code("duplicate-row", _E, "Two rows give the same site.", "import", _IMPORTS),
    Code("duplicate-event", _W, "The event is already in the history.", "import", _IMPORTS),
    Code("unknown-event", _E, "replaces names no event, or several.", "import", _IMPORTS),
    Code("markup-removed", _W, "HTML markup was removed from a name.", "import", _IMPORTS),
    # Issue forms (heritage import issue): problems named by the form field to fix.
    Code("form-unknown", _E, "No issue form was recognised.", "form", _IMPORTS),
    Code("form-missing-field", _E, "A field of the form is missing.", "form", _IMPORTS),
    Code("form-empty-field", _E, "A required field is empty.", "form", _IMPORTS),
    Code("form-multiline", _E, "A one-line field has several lines.", "form", _IMPORTS),
    Code("form-not-an-option", _E, "A value is not an option of its dropdown.", "form", _IMPORTS),
    Code("form-not-a-checkbox", _E, "A checkbox is not - [X] or - [ ].", "form", _IMPORTS),
    Code("form-bad-list", _E, "A list field is not one item per line.", "form", _IMPORTS),
    Code("form-repeated-field", _E, "A field appears more than once.", "form", _IMPORTS),
    Code("form-too-long", _E, "The body is too long.", "form", _IMPORTS),
    Code("form-control-character", _E, "A control or bidi character.", "form", _IMPORTS),
    Code("invalid-coordinates", _E, "Coordinates are not numbers in range.", "form", _IMPORTS),
    # The map: values it cannot show (warnings; the pages are still written).
    Code("map-skipped-feature", _W, "A feature without a text id.", "map", _MAP),
    Code("map-unusable-geometry", _W, "A geometry the map cannot draw.", "map", _MAP),
    Code("map-invalid-date", _W, "An event date the map cannot place.", "map", _MAP),
    Code("map-no-features", _W, "The file has no features list.", "map", _MAP),
    # heritage diff: findings between two versions of the catalogue.
    Code("site-removed", _E, "A site was deleted instead of withdrawn.", "diff", _DIFF),
    Code("past-event-edited", _W, "A past event was edited.", "diff", _DIFF),
    Code("past-event-deleted", _W, "A past event was deleted.", "diff", _DIFF),
)

#: The registry by code.
BY_CODE: Final[dict[str, Code]] = {c.code: c for c in ALL}


class UnregisteredCodeError(LookupError):
    """An issue code that is not in the registry: a bug in the package, not in the data."""


def lookup(code: str) -> Code:
    """Return the registered :class:`Code`.

    Raises
    ------
    UnregisteredCodeError
        When ``code`` is not registered.
    """
    try:
        return BY_CODE[code]
    except KeyError:
        raise UnregisteredCodeError(
            f"issue code {code!r} is not registered: add it to heritage/codes.py (code, "
            "severity, title, area, doc page) and document it on that page"
        ) from None


def issue(
    code: str,
    message: str,
    site_id: str | None = None,
    pointer: str = "",
    line: int | None = None,
    column: int | None = None,
    row: int | None = None,
) -> Issue:
    """Build an :class:`~heritage.issues.Issue` with the severity the registry gives ``code``.

    Parameters
    ----------
    code
        A registered code.
    message
        What is wrong and how to fix it.
    site_id, pointer, line, column, row
        Where (see :class:`~heritage.issues.Issue`).

    Returns
    -------
    Issue

    Raises
    ------
    UnregisteredCodeError
        When ``code`` is not registered.
    """
    return Issue(code, lookup(code).severity, message, site_id, pointer, line, column, row)


def of_area(*areas: Area) -> tuple[Code, ...]:
    """Return the codes of the given areas, in registry order."""
    return tuple(c for c in ALL if c.area in areas)


__all__ = [
    "ALL",
    "BY_CODE",
    "Code",
    "UnregisteredCodeError",
    "issue",
    "lookup",
    "of_area",
]
