from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from heritage import dates


@pytest.mark.parametrize(
    ("text", "earliest", "effective"),
    [
        ("2020", date(2020, 1, 1), date(2020, 12, 31)),
        ("2020-11", date(2020, 11, 1), date(2020, 11, 30)),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29)),
        ("2023-02", date(2023, 2, 1), date(2023, 2, 28)),
        ("2020-11-09", date(2020, 11, 9), date(2020, 11, 9)),
        ("2019/2021-03", date(2019, 1, 1), date(2021, 3, 31)),
        ("2020/2020-06", date(2020, 1, 1), date(2020, 6, 30)),
        ("../2024-02-27", None, date(2024, 2, 27)),
        ("1992-05/..", date(1992, 5, 1), date(1992, 5, 31)),
    ],
)
def test_effective_is_the_latest_day_allowed(
    text: str, earliest: date | None, effective: date
) -> None:
    span = dates.parse(text)
    assert span.earliest == earliest
    assert span.effective == effective
    assert dates.effective_date(text) == effective


@pytest.mark.parametrize(
    "text",
    [
        "20",
        "2020-13",
        "2021-02-29",
        "2020-1-5",
        "2020/2021/2022",
        "../..",
        "2020 ",
        "0000",
        "2020-00",
    ],
)
def test_invalid_forms(text: str) -> None:
    with pytest.raises(dates.DateFormatError):
        dates.parse(text)
    assert dates.effective_date(text) is None


def test_reversed_interval() -> None:
    with pytest.raises(dates.ReversedIntervalError, match="write it as 2020/2021"):
        dates.parse("2021/2020")


def test_describe_keeps_precision() -> None:
    assert dates.describe(None) == "undated"
    assert dates.describe("2020") == "2020"
    assert dates.describe("2019/2021-03") == "between 2019 and 2021-03"
    assert dates.describe("../2024-02-27") == "by 2024-02-27"
    assert dates.describe("1992-05/..") == "after 1992-05"


def test_parse_day_takes_latest_day() -> None:
    assert dates.parse_day("2021") == date(2021, 12, 31)
    assert dates.parse_day("2021-06-30") == date(2021, 6, 30)
    with pytest.raises(dates.DateFormatError):
        dates.parse_day("2020/2021")


def test_day_numbers() -> None:
    assert dates.day_number(date(1970, 1, 1)) == 0
    assert dates.day_number(date(1969, 12, 31)) == -1
    assert dates.day_number(date(2020, 1, 1)) == 18262


days = st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31))


@given(days)
def test_any_day_round_trips(day: date) -> None:
    text = day.isoformat()
    assert dates.parse(text).earliest == day == dates.parse(text).effective


@given(days)
def test_month_and_year_cover_the_day(day: date) -> None:
    year, month = dates.parse(f"{day.year:04d}"), dates.parse(f"{day.year:04d}-{day.month:02d}")
    assert year.earliest is not None and month.earliest is not None
    assert year.earliest <= month.earliest <= day <= month.effective <= year.effective
    assert (year.effective.month, year.effective.day) == (12, 31)
    if month.effective < date(9999, 12, 31):
        assert (month.effective + timedelta(days=1)).day == 1  # the month's last day


@given(days, days)
def test_interval_effective_is_end(a: date, b: date) -> None:
    lo, hi = sorted((a, b))
    span = dates.parse(f"{lo.isoformat()}/{hi.isoformat()}")
    assert (span.earliest, span.effective) == (lo, hi)


#: The same dates in other scripts' digits: Python's \d and int() accept them all.
NON_ASCII_DIGITS = [
    "٢٠٢٠",  # Arabic-Indic
    "۲۰۲۰-۰۱",  # Extended Arabic-Indic (Persian)
    "२०२०",  # Devanagari
    "２０２０-01-01",  # fullwidth
    "2020-0١",
    "2019/٢٠٢٠",
    "../٢٠٢٠",
    "𝟐𝟎𝟐𝟎",  # mathematical bold digits
]


@pytest.mark.parametrize("text", NON_ASCII_DIGITS)
def test_dates_are_ascii_digits_only(text: str) -> None:
    with pytest.raises(dates.DateFormatError):
        dates.parse(text)
    assert dates.effective_date(text) is None
    with pytest.raises(dates.DateFormatError):
        dates.parse_day(text.split("/")[-1])


@pytest.mark.parametrize("text", NON_ASCII_DIGITS)
def test_validate_and_the_schema_refuse_non_ascii_digits(text: str) -> None:
    import re

    from heritage.schema import DATE_PATTERN
    from heritage.validate import validate_text

    assert re.search(DATE_PATTERN, text) is None
    site = {
        "type": "Feature",
        "id": "a",
        "geometry": None,
        "properties": {
            "name": {"en": "A"},
            "kind": "church",
            "history": [
                {
                    "date": text,
                    "type": "condition",
                    "status": "destroyed",
                    "summary": "Reported destroyed.",
                    "reported_by": "A monitor",
                    "sources": [{"url": "https://example.org/a"}],
                }
            ],
        },
    }
    import json

    result = validate_text(json.dumps({"type": "FeatureCollection", "features": [site]}))
    assert [i.code for i in result.errors] == ["invalid-date"]


def test_a_trailing_newline_is_no_date() -> None:
    with pytest.raises(dates.DateFormatError):
        dates.parse("2020\n")


def test_imported_numbers_are_ascii_digits_only() -> None:
    from heritage.imports.fields import parse_number

    for text in ("٤٦.٥", "46.5٠", "४६", "1_000", "４６"):
        value, issues = parse_number(text, "longitude", "/0", "a")
        assert value is None and [i.code for i in issues] == ["wrong-type"], text
    for text, expected in (("+46.5", 46.5), (".5", 0.5), ("046", 46.0), ("1e2", 100.0)):
        value, issues = parse_number(text, "longitude", "/0", "a")
        assert float(value) == expected and issues == [], text
