"""Working days: England and Wales bank holidays against GOV.UK's published lists, written out by
hand (never generated from the rules), and due dates counted by hand on a calendar."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scorecard.domain.workdays import WorkingDays, bank_holidays, easter_sunday

D = dt.date

# GOV.UK's published bank holidays for England and Wales, year by year.
PUBLISHED = {
    2018: "01-01 03-30 04-02 05-07 05-28 08-27 12-25 12-26",
    2019: "01-01 04-19 04-22 05-06 05-27 08-26 12-25 12-26",
    2020: "01-01 04-10 04-13 05-08 05-25 08-31 12-25 12-28",
    2021: "01-01 04-02 04-05 05-03 05-31 08-30 12-27 12-28",
    2022: "01-03 04-15 04-18 05-02 06-02 06-03 08-29 09-19 12-26 12-27",
    2023: "01-02 04-07 04-10 05-01 05-08 05-29 08-28 12-25 12-26",
    2024: "01-01 03-29 04-01 05-06 05-27 08-26 12-25 12-26",
    2025: "01-01 04-18 04-21 05-05 05-26 08-25 12-25 12-26",
    2026: "01-01 04-03 04-06 05-04 05-25 08-31 12-25 12-28",
    2027: "01-01 03-26 03-29 05-03 05-31 08-30 12-27 12-28",
}


@pytest.mark.parametrize("year", sorted(PUBLISHED))
def test_bank_holidays_are_the_published_ones(year: int) -> None:
    expected = {D(year, int(md[:2]), int(md[3:])) for md in PUBLISHED[year].split()}
    assert bank_holidays(year) == expected


@pytest.mark.parametrize(
    ("year", "easter"),
    [
        (2000, D(2000, 4, 23)),
        (2008, D(2008, 3, 23)),
        (2011, D(2011, 4, 24)),
        (2038, D(2038, 4, 25)),
    ],
)
def test_easter_at_its_earliest_and_latest(year: int, easter: dt.date) -> None:
    assert easter_sunday(year) == easter


PLAIN = WorkingDays()


@pytest.mark.parametrize(
    ("month_end", "lag", "due"),
    [
        # April 2024 ends on a Tuesday; 6 May is a bank holiday: 1,2,3,7,8,9,10,13,14,15 May.
        (D(2024, 4, 30), 10, D(2024, 5, 15)),
        # March 2024 ends on a Sunday after Good Friday; 1 April is Easter Monday.
        (D(2024, 3, 31), 1, D(2024, 4, 2)),
        (D(2024, 3, 31), 10, D(2024, 4, 15)),
        # December 2026: 1 January 2027 is a bank holiday, then the weekend.
        (D(2026, 12, 31), 1, D(2027, 1, 4)),
        (D(2026, 12, 31), 10, D(2027, 1, 15)),
        # August 2026 ends on the summer bank holiday (Monday 31 August).
        (D(2026, 8, 31), 1, D(2026, 9, 1)),
        # A month ending on a Friday: the next working day is Monday.
        (D(2025, 10, 31), 1, D(2025, 11, 3)),
    ],
)
def test_due_dates_counted_by_hand(month_end: dt.date, lag: int, due: dt.date) -> None:
    assert PLAIN.after(month_end, lag) == due


def test_a_closed_day_is_skipped() -> None:
    closed = WorkingDays.with_closed([D(2024, 5, 15)])
    assert closed.after(D(2024, 4, 30), 10) == D(2024, 5, 16)
    assert not closed.is_working_day(D(2024, 5, 15))


def test_counting_starts_at_one() -> None:
    with pytest.raises(ValueError, match="from 1"):
        PLAIN.after(D(2024, 4, 30), 0)


days = st.dates(min_value=D(2000, 1, 1), max_value=D(2060, 12, 31))


@given(day=days, count=st.integers(min_value=1, max_value=40))
def test_after_lands_on_a_working_day_that_many_working_days_on(day: dt.date, count: int) -> None:
    found = PLAIN.after(day, count)
    assert PLAIN.is_working_day(found)
    assert PLAIN.between(day, found) == count
    assert PLAIN.between(day, found - dt.timedelta(days=1)) == count - 1


@given(year=st.integers(min_value=1996, max_value=2100))
def test_eight_standing_holidays_every_year_on_weekdays(year: int) -> None:
    found = bank_holidays(year)
    assert all(day.weekday() < 5 and day.year == year for day in found)
    assert len(found) >= 8
