"""Working days in England and Wales: weekdays that are not bank holidays or declared closures.

Bank holidays follow the standing rules (New Year's Day, Good Friday, Easter Monday, the early
May, spring and summer bank holidays, Christmas Day and Boxing Day, with substitute days when
these fall at a weekend) and the one-off changes announced so far, listed below. A change
announced later (a holiday moved, or an extra one) is added to a plan as a closed day
(docs/returns.md), so that no plan waits for a new version of the product.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

DAY = dt.timedelta(days=1)
MONDAY, FRIDAY, SATURDAY, SUNDAY = 0, 4, 5, 6

# Standing holidays moved in a year: (year, the rule's date) -> the date it moved to.
MOVED = {
    (1995, dt.date(1995, 5, 1)): dt.date(1995, 5, 8),  # VE Day, 50 years
    (2002, dt.date(2002, 5, 27)): dt.date(2002, 6, 4),  # Golden Jubilee
    (2012, dt.date(2012, 5, 28)): dt.date(2012, 6, 4),  # Diamond Jubilee
    (2020, dt.date(2020, 5, 4)): dt.date(2020, 5, 8),  # VE Day, 75 years
    (2022, dt.date(2022, 5, 30)): dt.date(2022, 6, 2),  # Platinum Jubilee
}
# Extra, one-off bank holidays.
EXTRA = (
    dt.date(1999, 12, 31),  # the millennium
    dt.date(2002, 6, 3),  # Golden Jubilee
    dt.date(2011, 4, 29),  # a royal wedding
    dt.date(2012, 6, 5),  # Diamond Jubilee
    dt.date(2022, 6, 3),  # Platinum Jubilee
    dt.date(2022, 9, 19),  # the state funeral of Queen Elizabeth II
    dt.date(2023, 5, 8),  # the coronation of King Charles III
)


def easter_sunday(year: int) -> dt.date:
    """Easter Day in the Gregorian calendar (the anonymous Gregorian computus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def _first_monday(year: int, month: int) -> dt.date:
    day = dt.date(year, month, 1)
    return day + (MONDAY - day.weekday()) % 7 * DAY


def _last_monday(year: int, month: int) -> dt.date:
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    last = following - DAY
    return last - (last.weekday() - MONDAY) % 7 * DAY


def _christmas(year: int) -> tuple[dt.date, dt.date]:
    """Christmas Day and Boxing Day, or their substitutes (the next weekdays not taken)."""
    christmas = dt.date(year, 12, 25)
    match christmas.weekday():
        case 5:  # Saturday: Monday and Tuesday
            return christmas + 2 * DAY, christmas + 3 * DAY
        case 6:  # Sunday: Boxing Day on Monday, Christmas on Tuesday
            return christmas + 1 * DAY, christmas + 2 * DAY
        case 4:  # Friday: Boxing Day on Monday
            return christmas, christmas + 3 * DAY
        case _:
            return christmas, christmas + DAY


def _new_year(year: int) -> dt.date:
    day = dt.date(year, 1, 1)
    return day + (MONDAY - day.weekday()) % 7 * DAY if day.weekday() >= SATURDAY else day


@cache
def bank_holidays(year: int) -> frozenset[dt.date]:
    """England and Wales bank holidays in a calendar year."""
    easter = easter_sunday(year)
    standing = [
        _new_year(year),
        easter - 2 * DAY,
        easter + DAY,
        _first_monday(year, 5),
        _last_monday(year, 5),
        _last_monday(year, 8),
        *_christmas(year),
    ]
    days = {MOVED.get((year, day), day) for day in standing}
    days.update(day for day in EXTRA if day.year == year)
    return frozenset(days)


@dataclass(frozen=True)
class WorkingDays:
    """Weekdays other than bank holidays and the closed days declared (a plan's own)."""

    closed: frozenset[dt.date] = frozenset()

    @classmethod
    def with_closed(cls, days: Iterable[dt.date]) -> WorkingDays:
        return cls(frozenset(days))

    def is_working_day(self, day: dt.date) -> bool:
        return (
            day.weekday() < SATURDAY
            and day not in bank_holidays(day.year)
            and day not in self.closed
        )

    def after(self, day: dt.date, count: int) -> dt.date:
        """The `count`th working day after `day` (`day` itself is not counted); count >= 1."""
        if count < 1:
            raise ValueError(f"count working days from 1, not {count}")
        found = 0
        while found < count:
            day += DAY
            found += self.is_working_day(day)
        return day

    def between(self, start: dt.date, end: dt.date) -> int:
        """Working days after `start`, up to and including `end` (0 when end <= start)."""
        count, day = 0, start
        while day < end:
            day += DAY
            count += self.is_working_day(day)
        return count
