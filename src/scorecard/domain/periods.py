"""Reporting periods: months, financial years and quarters, academic years and terms.

A scorecard reports by calendar month. Plans set targets by financial year (April to March,
"2024-25"); schools and exclusions run by academic year (September to August, "2024/25") and
term. Term dates differ by year and by local area, so they come from a `TermCalendar`.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from scorecard.domain.errors import PeriodError

MONTH_NAMES = tuple(calendar.month_name)[1:]
MONTH_ABBREVIATIONS = tuple(calendar.month_abbr)[1:]
_MONTH_RE = re.compile(r"([0-9]{4})-([0-9]{2})")
_FINANCIAL_YEAR_RE = re.compile(r"([0-9]{4})-([0-9]{2})")
_ACADEMIC_YEAR_RE = re.compile(r"([0-9]{4})/([0-9]{2})")
MIN_YEAR, MAX_YEAR = 1900, 2999


def _check_year(year: int, text: str) -> None:
    """Years read from text must be in the supported range; periods derived from them (the
    financial year of January 1900, the months of 2999-00) are not limited."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise PeriodError(f'"{text}": the year must be between {MIN_YEAR} and {MAX_YEAR}')


@dataclass(frozen=True, order=True)
class Month:
    """A calendar month, written "YYYY-MM"."""

    year: int
    month: int

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12:
            raise PeriodError(f"month must be 1 to 12, not {self.month}")

    @classmethod
    def parse(cls, text: str) -> Month:
        """Read "YYYY-MM" (for example "2024-09")."""
        match = _MONTH_RE.fullmatch(text.strip())
        if not match:
            raise PeriodError(f'"{text}" is not a month; write it as YYYY-MM, for example 2024-09')
        year, month = int(match[1]), int(match[2])
        if not 1 <= month <= 12:
            raise PeriodError(f'"{text}" is not a month: the month part must be 01 to 12')
        _check_year(year, text)
        return cls(year, month)

    @classmethod
    def of(cls, day: dt.date) -> Month:
        return cls(day.year, day.month)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def index(self) -> int:
        """Months since year 0, so that month arithmetic is integer arithmetic."""
        return self.year * 12 + self.month - 1

    @classmethod
    def from_index(cls, index: int) -> Month:
        return cls(index // 12, index % 12 + 1)

    def plus(self, months: int) -> Month:
        return Month.from_index(self.index + months)

    def months_since(self, other: Month) -> int:
        return self.index - other.index

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month, 1)

    @property
    def last_day(self) -> dt.date:
        return dt.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    @property
    def name(self) -> str:
        return MONTH_NAMES[self.month - 1]

    @property
    def label(self) -> str:
        """ "September 2024"."""
        return f"{self.name} {self.year}"

    @property
    def short_label(self) -> str:
        """ "Sep 24", as scorecard column headings are written."""
        return f"{MONTH_ABBREVIATIONS[self.month - 1]} {self.year % 100:02d}"

    @property
    def financial_year(self) -> FinancialYear:
        return FinancialYear(self.year if self.month >= 4 else self.year - 1)

    @property
    def quarter(self) -> Quarter:
        return Quarter(self.financial_year, (self.month - 4) % 12 // 3 + 1)

    @property
    def academic_year(self) -> AcademicYear:
        return AcademicYear(self.year if self.month >= 9 else self.year - 1)


def month_range(first: Month, last: Month) -> tuple[Month, ...]:
    """Every month from `first` to `last`, both included; empty when `last` is before `first`."""
    return tuple(Month.from_index(i) for i in range(first.index, last.index + 1))


@dataclass(frozen=True, order=True)
class FinancialYear:
    """1 April to 31 March, written "2024-25"; the plan year that targets are set for."""

    start_year: int

    @classmethod
    def parse(cls, text: str) -> FinancialYear:
        match = _FINANCIAL_YEAR_RE.fullmatch(text.strip())
        if not match or (int(match[1]) + 1) % 100 != int(match[2]):
            raise PeriodError(
                f'"{text}" is not a financial year; write it as YYYY-YY, for example 2024-25'
            )
        _check_year(int(match[1]), text)
        return cls(int(match[1]))

    def __str__(self) -> str:
        return f"{self.start_year}-{(self.start_year + 1) % 100:02d}"

    @property
    def first_month(self) -> Month:
        return Month(self.start_year, 4)

    @property
    def last_month(self) -> Month:
        return Month(self.start_year + 1, 3)

    @property
    def months(self) -> tuple[Month, ...]:
        return month_range(self.first_month, self.last_month)

    @property
    def quarters(self) -> tuple[Quarter, ...]:
        return tuple(Quarter(self, n) for n in (1, 2, 3, 4))

    def contains(self, month: Month) -> bool:
        return month.financial_year == self


@dataclass(frozen=True, order=True)
class Quarter:
    """A quarter of a financial year: Q1 is April to June."""

    financial_year: FinancialYear
    number: int

    def __post_init__(self) -> None:
        if self.number not in (1, 2, 3, 4):
            raise PeriodError(f"a quarter is 1 to 4, not {self.number}")

    def __str__(self) -> str:
        return f"{self.financial_year} Q{self.number}"

    @property
    def months(self) -> tuple[Month, ...]:
        first = self.financial_year.first_month.plus(3 * (self.number - 1))
        return month_range(first, first.plus(2))

    @property
    def last_month(self) -> Month:
        return self.months[-1]


@dataclass(frozen=True, order=True)
class AcademicYear:
    """1 September to 31 August, written "2024/25"."""

    start_year: int

    @classmethod
    def parse(cls, text: str) -> AcademicYear:
        match = _ACADEMIC_YEAR_RE.fullmatch(text.strip())
        if not match or (int(match[1]) + 1) % 100 != int(match[2]):
            raise PeriodError(
                f'"{text}" is not an academic year; write it as YYYY/YY, for example 2024/25'
            )
        _check_year(int(match[1]), text)
        return cls(int(match[1]))

    @classmethod
    def of(cls, day: dt.date) -> AcademicYear:
        return Month.of(day).academic_year

    def __str__(self) -> str:
        return f"{self.start_year}/{(self.start_year + 1) % 100:02d}"

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.start_year, 9, 1)

    @property
    def last_day(self) -> dt.date:
        return dt.date(self.start_year + 1, 8, 31)

    @property
    def months(self) -> tuple[Month, ...]:
        return month_range(Month(self.start_year, 9), Month(self.start_year + 1, 8))


class TermName(StrEnum):
    AUTUMN = "autumn"
    SPRING = "spring"
    SUMMER = "summer"


TERM_ORDER = (TermName.AUTUMN, TermName.SPRING, TermName.SUMMER)


@dataclass(frozen=True, order=True)
class Term:
    academic_year: AcademicYear
    name: TermName

    def __str__(self) -> str:
        return f"{self.name.value.capitalize()} term {self.academic_year}"

    @property
    def previous(self) -> Term:
        position = TERM_ORDER.index(self.name)
        if position == 0:
            return Term(AcademicYear(self.academic_year.start_year - 1), TermName.SUMMER)
        return Term(self.academic_year, TERM_ORDER[position - 1])

    @property
    def next(self) -> Term:
        position = TERM_ORDER.index(self.name)
        if position == 2:
            return Term(AcademicYear(self.academic_year.start_year + 1), TermName.AUTUMN)
        return Term(self.academic_year, TERM_ORDER[position + 1])


@dataclass(frozen=True)
class TermStarts:
    """The first day of each term in one academic year."""

    autumn: dt.date
    spring: dt.date
    summer: dt.date

    def start_of(self, name: TermName) -> dt.date:
        return {
            TermName.AUTUMN: self.autumn,
            TermName.SPRING: self.spring,
            TermName.SUMMER: self.summer,
        }[name]


def default_term_starts(year: AcademicYear) -> TermStarts:
    """Without local term dates: autumn from 1 September, spring from 1 January, summer from
    1 April. A term runs until the day before the next one starts, so holidays belong to the
    term they follow."""
    return TermStarts(
        autumn=dt.date(year.start_year, 9, 1),
        spring=dt.date(year.start_year + 1, 1, 1),
        summer=dt.date(year.start_year + 1, 4, 1),
    )


@dataclass(frozen=True)
class TermCalendar:
    """Term dates by academic year; years not given use `default_term_starts`."""

    starts: Mapping[AcademicYear, TermStarts] = field(default_factory=dict)

    def starts_for(self, year: AcademicYear) -> TermStarts:
        return self.starts.get(year) or default_term_starts(year)

    def first_day(self, term: Term) -> dt.date:
        return self.starts_for(term.academic_year).start_of(term.name)

    def last_day(self, term: Term) -> dt.date:
        return self.first_day(term.next) - dt.timedelta(days=1)

    def term_of(self, day: dt.date) -> Term:
        """The term a date falls in (holidays count with the term before them)."""
        year = AcademicYear.of(day)
        for candidate in (year.start_year + 1, year.start_year, year.start_year - 1):
            for name in reversed(TERM_ORDER):
                term = Term(AcademicYear(candidate), name)
                if self.first_day(term) <= day:
                    return term
        raise PeriodError(f"no term in the calendar contains {day.isoformat()}")

    def months(self, term: Term) -> tuple[Month, ...]:
        """The months a term touches, first to last."""
        return month_range(Month.of(self.first_day(term)), Month.of(self.last_day(term)))

    def terms_between(self, first: dt.date, last: dt.date) -> Iterator[Term]:
        """The terms touching the days from `first` to `last`; none when `last` comes first."""
        if last < first:
            return
        term = self.term_of(first)
        while self.first_day(term) <= last:
            yield term
            term = term.next
