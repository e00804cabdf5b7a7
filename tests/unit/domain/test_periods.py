"""Months, financial years and quarters, academic years and terms.

Expected values are worked out by hand from the calendar, never by the code under test.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scorecard.domain.errors import PeriodError
from scorecard.domain.periods import (
    AcademicYear,
    FinancialYear,
    Month,
    Quarter,
    Term,
    TermCalendar,
    TermName,
    TermStarts,
    default_term_starts,
    month_range,
)

AUTUMN, SPRING, SUMMER = TermName.AUTUMN, TermName.SPRING, TermName.SUMMER
AY23, AY24, AY25 = AcademicYear(2023), AcademicYear(2024), AcademicYear(2025)
FY24 = FinancialYear(2024)


def m(text: str) -> Month:
    year, month = text.split("-")
    return Month(int(year), int(month))


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


# Years well inside the supported range, so that neighbouring years and months always exist.
years = st.integers(1902, 2997)
months = st.builds(Month, years, st.integers(1, 12))
dates = st.dates(min_value=dt.date(1902, 1, 1), max_value=dt.date(2997, 12, 31))


@st.composite
def month_and_shift(draw: st.DrawFn) -> tuple[Month, int]:
    month = draw(months)
    low, high = Month(1902, 1).months_since(month), Month(2997, 12).months_since(month)
    return month, draw(st.integers(low, high))


# Month: parsing and text
@pytest.mark.parametrize(
    ("text", "year", "month"),
    [("2024-09", 2024, 9), ("2025-01", 2025, 1), ("1999-12", 1999, 12), (" 2024-09 ", 2024, 9)],
)
def test_month_parse(text: str, year: int, month: int) -> None:
    parsed = Month.parse(text)
    assert (parsed.year, parsed.month) == (year, month)
    assert str(parsed) == text.strip()


@pytest.mark.parametrize(
    "text", ["2024-13", "2024-1", "24-09", "", "2024/09", "2024-00", "2024-091", "Sep 2024"]
)
def test_month_parse_rejects_bad_text_naming_it(text: str) -> None:
    with pytest.raises(PeriodError) as caught:
        Month.parse(text)
    assert f'"{text}"' in str(caught.value)
    assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize(("year", "month"), [(2024, 0), (2024, 13)])
def test_month_constructor_rejects_out_of_range(year: int, month: int) -> None:
    with pytest.raises(PeriodError):
        Month(year, month)


@pytest.mark.parametrize(
    ("parse", "text"),
    [
        (Month.parse, "1899-12"),
        (Month.parse, "3000-01"),
        (Month.parse, "２０２４-09"),
        (FinancialYear.parse, "1899-00"),
        (FinancialYear.parse, "3000-01"),
        (AcademicYear.parse, "3000/01"),
    ],
)
def test_text_outside_the_supported_years_is_refused_naming_it(parse, text: str) -> None:
    """Years read from text are 1900 to 2999, in ASCII digits; periods derived from them
    (the financial year of January 1900) are not limited."""
    with pytest.raises(PeriodError) as caught:
        parse(text)
    assert f'"{text}"' in str(caught.value)


@pytest.mark.parametrize(
    ("month", "label", "short", "name"),
    [
        (Month(2024, 9), "September 2024", "Sep 24", "September"),
        (Month(2025, 1), "January 2025", "Jan 25", "January"),
        (Month(2000, 12), "December 2000", "Dec 00", "December"),
        (Month(2009, 5), "May 2009", "May 09", "May"),
    ],
)
def test_month_labels(month: Month, label: str, short: str, name: str) -> None:
    assert (month.label, month.short_label, month.name) == (label, short, name)


@pytest.mark.parametrize(
    ("month", "first", "last"),
    [
        (Month(2024, 2), "2024-02-01", "2024-02-29"),  # leap year
        (Month(2023, 2), "2023-02-01", "2023-02-28"),
        (Month(2000, 2), "2000-02-01", "2000-02-29"),  # divisible by 400: leap
        (Month(2100, 2), "2100-02-01", "2100-02-28"),  # divisible by 100 only: not leap
        (Month(2024, 4), "2024-04-01", "2024-04-30"),
        (Month(2024, 12), "2024-12-01", "2024-12-31"),
    ],
)
def test_month_first_and_last_day(month: Month, first: str, last: str) -> None:
    assert (month.first_day, month.last_day) == (d(first), d(last))


def test_month_of_date_and_arithmetic() -> None:
    assert Month.of(d("2024-02-29")) == Month(2024, 2)
    assert Month(2024, 11).plus(3) == Month(2025, 2)
    assert Month(2025, 1).plus(-1) == Month(2024, 12)
    assert Month(2025, 3).months_since(Month(2024, 4)) == 11
    assert Month(2024, 4).months_since(Month(2025, 3)) == -11
    assert Month(2024, 12) < Month(2025, 1) < Month(2025, 2)


# Month: its financial year, quarter and academic year
@pytest.mark.parametrize(
    ("month", "fy", "quarter", "ay"),
    [
        ("2025-03", "2024-25", 4, "2024/25"),
        ("2025-04", "2025-26", 1, "2024/25"),
        ("2024-04", "2024-25", 1, "2023/24"),
        ("2024-06", "2024-25", 1, "2023/24"),
        ("2024-07", "2024-25", 2, "2023/24"),
        ("2024-09", "2024-25", 2, "2024/25"),
        ("2024-10", "2024-25", 3, "2024/25"),
        ("2024-12", "2024-25", 3, "2024/25"),
        ("2025-01", "2024-25", 4, "2024/25"),
        ("2025-08", "2025-26", 2, "2024/25"),
        ("2025-09", "2025-26", 2, "2025/26"),
    ],
)
def test_month_conversions_at_boundaries(month: str, fy: str, quarter: int, ay: str) -> None:
    mo = m(month)
    assert str(mo.financial_year) == fy
    assert mo.quarter == Quarter(FinancialYear.parse(fy), quarter)
    assert str(mo.academic_year) == ay


def test_month_range() -> None:
    expected = ("2024-11", "2024-12", "2025-01", "2025-02")
    assert month_range(m("2024-11"), m("2025-02")) == tuple(m(x) for x in expected)
    assert month_range(m("2024-09"), m("2024-09")) == (m("2024-09"),)
    assert month_range(m("2024-09"), m("2024-08")) == ()


# FinancialYear and Quarter
YEAR_TYPES = {"fy": FinancialYear, "ay": AcademicYear}


@pytest.mark.parametrize(
    ("kind", "text", "start"),
    [
        ("fy", "2024-25", 2024),
        ("fy", "1999-00", 1999),
        ("ay", "2024/25", 2024),
        ("ay", "2099/00", 2099),
    ],
)
def test_year_parse(kind: str, text: str, start: int) -> None:
    year = YEAR_TYPES[kind].parse(text)
    assert (type(year), year.start_year, str(year)) == (YEAR_TYPES[kind], start, text)


@pytest.mark.parametrize(
    ("kind", "text"),
    [
        *[("fy", x) for x in ("2024-26", "2024/25", "2024-2025", "24-25", "", "2024-24")],
        *[("ay", x) for x in ("2024-25", "2024/26", "24/25", "2024/2025", "")],
    ],
)
def test_year_parse_rejects_bad_text_naming_it(kind: str, text: str) -> None:
    with pytest.raises(PeriodError) as caught:
        YEAR_TYPES[kind].parse(text)
    assert f'"{text}"' in str(caught.value)


def test_financial_year_months_and_quarters() -> None:
    assert FY24.first_month == m("2024-04")
    assert FY24.last_month == m("2025-03")
    assert (FY24.months[0], FY24.months[-1], len(FY24.months)) == (m("2024-04"), m("2025-03"), 12)
    assert [str(q) for q in FY24.quarters] == [f"2024-25 Q{n}" for n in (1, 2, 3, 4)]
    assert Quarter(FY24, 1).months == (m("2024-04"), m("2024-05"), m("2024-06"))
    assert Quarter(FY24, 3).months == (m("2024-10"), m("2024-11"), m("2024-12"))
    assert Quarter(FY24, 4).months == (m("2025-01"), m("2025-02"), m("2025-03"))
    assert Quarter(FY24, 2).last_month == m("2024-09")
    assert FY24.contains(m("2025-03"))
    assert not FY24.contains(m("2025-04"))
    assert not FY24.contains(m("2024-03"))


@pytest.mark.parametrize("number", [0, 5, -1])
def test_quarter_number_must_be_1_to_4(number: int) -> None:
    with pytest.raises(PeriodError):
        Quarter(FY24, number)


def test_academic_year_days_and_months() -> None:
    assert (AY24.first_day, AY24.last_day) == (d("2024-09-01"), d("2025-08-31"))
    assert (AY24.months[0], AY24.months[-1], len(AY24.months)) == (m("2024-09"), m("2025-08"), 12)
    assert AcademicYear.of(d("2025-08-31")) == AY24
    assert AcademicYear.of(d("2025-09-01")) == AY25


# Terms
def t(text: str) -> Term:
    """ "2024 autumn" is the autumn term of 2024/25."""
    year, name = text.split()
    return Term(AcademicYear(int(year)), TermName(name))


def test_default_term_starts() -> None:
    starts = default_term_starts(AY24)
    assert starts == TermStarts(d("2024-09-01"), d("2025-01-01"), d("2025-04-01"))
    assert starts.start_of(SUMMER) == d("2025-04-01")
    assert starts.start_of(SPRING) == d("2025-01-01")


@pytest.mark.parametrize(
    ("term", "previous", "following"),
    [
        ("2024 autumn", "2023 summer", "2024 spring"),
        ("2024 spring", "2024 autumn", "2024 summer"),
        ("2024 summer", "2024 spring", "2025 autumn"),
    ],
)
def test_term_previous_and_next(term: str, previous: str, following: str) -> None:
    assert (t(term).previous, t(term).next) == (t(previous), t(following))


def test_term_text_and_order() -> None:
    assert str(t("2024 autumn")) == "Autumn term 2024/25"
    shuffled = ["2024 summer", "2025 autumn", "2024 autumn", "2024 spring"]
    in_order = ["2024 autumn", "2024 spring", "2024 summer", "2025 autumn"]
    assert sorted(t(x) for x in shuffled) == [t(x) for x in in_order]


DEFAULT = TermCalendar()
# Local dates for 2024/25 only; 2023/24 and 2025/26 fall back to the defaults.
LOCAL = TermCalendar({AY24: TermStarts(d("2024-09-04"), d("2025-01-06"), d("2025-04-22"))})


@pytest.mark.parametrize(
    ("calendar", "day", "term"),
    [
        (DEFAULT, "2024-08-31", "2023 summer"),  # the summer holiday belongs to summer term
        (DEFAULT, "2024-09-01", "2024 autumn"),
        (DEFAULT, "2024-12-31", "2024 autumn"),
        (DEFAULT, "2025-01-01", "2024 spring"),
        (DEFAULT, "2025-03-31", "2024 spring"),
        (DEFAULT, "2025-04-01", "2024 summer"),
        (DEFAULT, "2025-08-31", "2024 summer"),
        (LOCAL, "2024-09-01", "2023 summer"),
        (LOCAL, "2024-09-03", "2023 summer"),
        (LOCAL, "2024-09-04", "2024 autumn"),
        (LOCAL, "2025-01-01", "2024 autumn"),  # the Christmas holiday belongs to autumn
        (LOCAL, "2025-01-05", "2024 autumn"),
        (LOCAL, "2025-01-06", "2024 spring"),
        (LOCAL, "2025-04-21", "2024 spring"),
        (LOCAL, "2025-04-22", "2024 summer"),
        (LOCAL, "2025-08-31", "2024 summer"),
        (LOCAL, "2025-09-01", "2025 autumn"),  # 2025/26: defaults
        (LOCAL, "2023-12-31", "2023 autumn"),  # 2023/24: defaults
        (LOCAL, "2024-01-01", "2023 spring"),
        (LOCAL, "2024-04-01", "2023 summer"),
    ],
)
def test_term_of(calendar: TermCalendar, day: str, term: str) -> None:
    assert calendar.term_of(d(day)) == t(term)


def test_term_of_with_an_autumn_term_starting_in_august() -> None:
    early = TermCalendar({AY25: TermStarts(d("2025-08-28"), d("2026-01-05"), d("2026-04-20"))})
    assert early.term_of(d("2025-08-27")) == t("2024 summer")
    assert early.term_of(d("2025-08-28")) == t("2025 autumn")
    assert early.last_day(t("2024 summer")) == d("2025-08-27")


@pytest.mark.parametrize(
    ("calendar", "term", "first", "last", "months"),
    [
        (DEFAULT, "2024 autumn", "2024-09-01", "2024-12-31", ("2024-09", "2024-12")),
        (DEFAULT, "2024 spring", "2025-01-01", "2025-03-31", ("2025-01", "2025-03")),
        (DEFAULT, "2024 summer", "2025-04-01", "2025-08-31", ("2025-04", "2025-08")),
        (LOCAL, "2023 summer", "2024-04-01", "2024-09-03", ("2024-04", "2024-09")),
        (LOCAL, "2024 autumn", "2024-09-04", "2025-01-05", ("2024-09", "2025-01")),
        (LOCAL, "2024 spring", "2025-01-06", "2025-04-21", ("2025-01", "2025-04")),
        (LOCAL, "2024 summer", "2025-04-22", "2025-08-31", ("2025-04", "2025-08")),
        (LOCAL, "2025 autumn", "2025-09-01", "2025-12-31", ("2025-09", "2025-12")),
    ],
)
def test_term_days_and_months(
    calendar: TermCalendar, term: str, first: str, last: str, months: tuple[str, str]
) -> None:
    assert (calendar.first_day(t(term)), calendar.last_day(t(term))) == (d(first), d(last))
    assert calendar.months(t(term)) == month_range(m(months[0]), m(months[1]))


@pytest.mark.parametrize(
    ("calendar", "first", "last", "expected"),
    [
        (DEFAULT, "2024-10-01", "2024-10-02", "2024 autumn"),
        (DEFAULT, "2024-12-31", "2025-01-01", "2024 autumn, 2024 spring"),
        (DEFAULT, "2024-08-31", "2024-09-01", "2023 summer, 2024 autumn"),
        (DEFAULT, "2024-10-01", "2025-09-01", "2024 autumn, 2024 spring, 2024 summer, 2025 autumn"),
        (LOCAL, "2024-09-02", "2024-09-03", "2023 summer"),
        (LOCAL, "2024-09-02", "2024-09-04", "2023 summer, 2024 autumn"),
    ],
)
def test_terms_between(calendar: TermCalendar, first: str, last: str, expected: str) -> None:
    assert list(calendar.terms_between(d(first), d(last))) == [t(x) for x in expected.split(", ")]


# The ends of the supported range: every value the types accept answers every question about it.
@pytest.mark.parametrize(
    ("make", "check"),
    [
        (lambda: Month(1900, 1), lambda mo: mo in mo.financial_year.months),
        (lambda: Month(1900, 3), lambda mo: mo in mo.quarter.months),
        (lambda: Month(1900, 8), lambda mo: mo in mo.academic_year.months),
        (lambda: FinancialYear(2999), lambda fy: len(fy.months) == 12),
        (lambda: AcademicYear(2999), lambda ay: len(ay.months) == 12),
        (lambda: d("2999-09-15"), lambda day: DEFAULT.term_of(day) == t("2999 autumn")),
    ],
    ids=["fy", "quarter", "ay", "fy-months", "ay-months", "term-of"],
)
def test_every_accepted_period_answers_every_question(
    make: Callable[[], object], check: Callable[[object], bool]
) -> None:
    try:
        value = make()
    except PeriodError:
        return  # rejected outright: consistent
    assert check(value)


# Properties
@given(months)
def test_month_text_round_trip(month: Month) -> None:
    assert Month.parse(str(month)) == month


@given(month_and_shift())
def test_month_shift_round_trip(case: tuple[Month, int]) -> None:
    month, k = case
    assert month.plus(k).plus(-k) == month
    assert month.plus(k).months_since(month) == k


@given(months, months)
def test_month_order_is_year_then_month(a: Month, b: Month) -> None:
    assert (a < b) == ((a.year, a.month) < (b.year, b.month))
    assert (a == b) == ((a.year, a.month) == (b.year, b.month))


@given(months)
def test_every_month_is_in_exactly_one_year_and_quarter(month: Month) -> None:
    fy, quarter, ay = month.financial_year, month.quarter, month.academic_year
    assert month in fy.months
    assert fy.contains(month)
    assert month in quarter.months
    assert quarter.financial_year == fy
    assert month in ay.months
    assert ay.first_day <= month.first_day <= month.last_day <= ay.last_day
    for other in (-1, 1):
        assert month not in FinancialYear(fy.start_year + other).months
        assert month not in AcademicYear(ay.start_year + other).months
    others = [q for q in fy.quarters if q != quarter]
    assert all(month not in q.months for q in others)


@given(years)
def test_financial_year_quarters_cover_its_months_in_order(start: int) -> None:
    fy = FinancialYear(start)
    assert len(fy.months) == 12
    assert len(fy.quarters) == 4
    assert fy.months[0] == Month(start, 4)
    assert fy.months[-1] == Month(start + 1, 3)
    assert tuple(mo for q in fy.quarters for mo in q.months) == fy.months
    assert [q.number for q in fy.quarters] == [1, 2, 3, 4]


@given(months, months)
def test_month_range_is_consecutive(a: Month, b: Month) -> None:
    span = month_range(a, b)
    if b >= a:
        assert len(span) == b.months_since(a) + 1
        assert (span[0], span[-1]) == (a, b)
    else:
        assert span == ()
    assert all(later.months_since(earlier) == 1 for earlier, later in itertools.pairwise(span))


@given(dates)
def test_every_date_is_in_the_term_term_of_gives(day: dt.date) -> None:
    term = DEFAULT.term_of(day)
    assert DEFAULT.first_day(term) <= day <= DEFAULT.last_day(term)
    assert Month.of(day) in DEFAULT.months(term)


@given(dates)
def test_terms_tile_time(day: dt.date) -> None:
    term = DEFAULT.term_of(day)
    assert DEFAULT.last_day(term) + dt.timedelta(days=1) == DEFAULT.first_day(term.next)
    assert DEFAULT.last_day(term.previous) + dt.timedelta(days=1) == DEFAULT.first_day(term)
    assert term.next.previous == term
    assert term < term.next


@given(years)
def test_year_text_round_trips(start: int) -> None:
    assert FinancialYear.parse(str(FinancialYear(start))) == FinancialYear(start)
    assert AcademicYear.parse(str(AcademicYear(start))) == AcademicYear(start)


def test_terms_between_is_empty_when_the_end_comes_first() -> None:
    assert list(TermCalendar().terms_between(d("2025-01-10"), d("2024-12-01"))) == []
