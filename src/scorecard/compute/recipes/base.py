"""What a recipe is: an Ibis expression giving whole-number aggregates per local authority and
period key, and a finishing step that turns them into a figure for a reporting month.

Engines only count and add whole numbers (rows, people, days), so DuckDB and Spark give the same
aggregates exactly; means and percentages are then taken in exact decimals and rounded once, to
the metric's decimal places, half away from zero.
"""

from __future__ import annotations

import datetime as dt
import re
from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from typing import Annotated, Any, ClassVar, Generic, TypeVar

import ibis
import ibis.expr.types as ir
from pydantic import BaseModel, BeforeValidator, ConfigDict
from pydantic_core import PydanticCustomError

from scorecard.domain.catalogue import Unit
from scorecard.domain.periods import Month, Term, TermCalendar

Tables = Mapping[str, ir.Table]
# aggregates[(la_code, key)] = {column: whole number}; key is a period's first day
Aggregates = Mapping[tuple[str, dt.date], Mapping[str, int]]


class Parameters(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


# The furthest a parameter counting weeks, months or years of age may go: a wait or a window of
# more than ten years, or an age over 120, means nothing in a monthly scorecard, and beyond them
# the engines' whole numbers or the calendar would overflow. Plan files are refused past them.
MAX_WEEKS = 520
MAX_MONTHS = 120
MAX_AGE = 120


def _whole_number(value: Any) -> Any:
    """A whole number as a plan file writes it (digits, `-` before one below zero), or an
    int: not 6.0, true or a list, which are refused rather than read as a number."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and re.fullmatch(r"-?[0-9]+", value.strip()):
        return int(value.strip())
    raise PydanticCustomError("int_parsing", "not a whole number")


def _true_or_false(value: Any) -> Any:
    """true or false as a plan file writes it (in any case), or a bool: not yes, 1 or on."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    raise PydanticCustomError("bool_parsing", "not true or false")


def _day(value: Any) -> Any:
    """A date as a plan file writes it, YYYY-MM-DD, or a date: not a number of seconds since
    1970 (0 would be read as 1 January 1970) nor a date and time."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise PydanticCustomError("date_parsing", "not a date")


# Parameter types: what docs/recipes.md calls int, bool and date.
WholeNumber = Annotated[int, BeforeValidator(_whole_number)]
TrueOrFalse = Annotated[bool, BeforeValidator(_true_or_false)]
Day = Annotated[dt.date, BeforeValidator(_day)]


@dataclass(frozen=True)
class Window:
    """The months to aggregate over, lookback included."""

    first: Month
    last: Month

    @property
    def start(self) -> dt.date:
        return self.first.first_day

    @property
    def end(self) -> dt.date:
        return self.last.last_day

    def month_ends(self) -> ir.Table:
        """One row per month: its first and last day and its index (Month.index), for joins
        with records open at month end."""
        months = [Month.from_index(i) for i in range(self.first.index, self.last.index + 1)]
        return ibis.memtable(
            {
                "month": [m.first_day for m in months],
                "month_end": [m.last_day for m in months],
                "month_index": [m.index for m in months],
            },
            schema={"month": "date", "month_end": "date", "month_index": "int64"},
        )


@dataclass(frozen=True)
class Outcome:
    """A figure from a recipe: a value, or None when there is nothing to compute it from."""

    value: Decimal | None
    numerator: Decimal | None = None
    denominator: Decimal | None = None


@dataclass(frozen=True)
class Context:
    """What a recipe may need beyond its parameters."""

    decimals: int
    terms: TermCalendar


P = TypeVar("P", bound=Parameters)


class Recipe(ABC, Generic[P]):
    """One definition, executable. Subclasses quote the definition they implement."""

    name: ClassVar[str]
    version: ClassVar[str]
    extracts: ClassVar[tuple[str, ...]]
    Params: type[P]
    # the unit its figures are in: a metric naming it must have the same unit, or its
    # figures would be shown and assessed as another (docs/plan-format.md)
    unit: ClassVar[Unit]
    # a recipe of net changes can give a figure below zero; plan files then warn about a metric
    # that does not allow one (docs/plan-format.md, negative)
    may_go_below_zero: ClassVar[bool] = False

    def parameters(self, given: Mapping[str, Any]) -> P:
        return self.Params.model_validate(dict(given))

    def lookback(self, params: P) -> int:
        """How many months before the first reporting month the aggregates must start."""
        return 0

    def terms_counted(self, calendar: TermCalendar, month: Month) -> tuple[Term, ...]:
        """The school terms the figure for `month` counts, by the plan's term calendar: none
        for a recipe that does not count by term."""
        return ()

    def window_for(self, first: Month, last: Month, params: P) -> Window:
        return Window(first.plus(-self.lookback(params)), last)

    @abstractmethod
    def aggregates(self, tables: Tables, params: P, window: Window, context: Context) -> ir.Table:
        """la_code, key (a date) and whole-number columns."""

    @abstractmethod
    def outcome(
        self, sums: Aggregates, la_code: str, month: Month, params: P, context: Context
    ) -> Outcome:
        """The figure for one authority and reporting month."""


def month_key(column: ir.DateValue) -> ir.DateValue:
    return column.truncate("M")


def month_index(column: ir.DateValue) -> ir.IntegerValue:
    """The month of a date as Month.index counts it, so that months compare as whole numbers."""
    return column.year() * 12 + column.month() - 1


def open_at_month_ends(
    records: ir.Table, window: Window, opened: str, closed: Sequence[str]
) -> ir.Table:
    """Each record joined to every month of the window (Window.month_ends) at whose last day it
    is open: `opened` on or before that day, and every `closed` column empty or after it.

    On or before a month's last day is in that month or before it, and after its last day is in
    a later month, so those months run from the month opened to the month before the earliest
    closing: the join compares month indexes, whole numbers, and yields only the months open."""
    last = ibis.literal(window.last.index)
    for name in closed:
        column = records[name]
        last = ibis.least(last, column.isnull().ifelse(window.last.index, month_index(column) - 1))
    spans = records.mutate(_opened_in=month_index(records[opened]), _open_until=last)
    spans = spans.filter(
        spans._opened_in <= window.last.index, spans._open_until >= window.first.index
    )
    months = window.month_ends()
    joined = spans.join(
        months,
        [months.month_index >= spans._opened_in, months.month_index <= spans._open_until],
    )
    return joined.drop("_opened_in", "_open_until")


def days_between(later: ir.DateValue, earlier: ir.DateValue) -> ir.IntegerValue:
    return later.delta(earlier, unit="day")


def age_in_years(on: ir.DateValue, born: ir.DateValue) -> ir.IntegerValue:
    """Whole years of age on a date (a birthday counts from its day; one on 29 February
    counts from 1 March in a year without that day)."""
    before_birthday = (on.month() < born.month()) | (
        (on.month() == born.month()) & (on.day() < born.day())
    )
    return on.year() - born.year() - before_birthday.ifelse(1, 0)


def in_window(column: ir.DateValue, window: Window) -> ir.BooleanValue:
    return column.between(window.start, window.end)


def total(sums: Aggregates, la_code: str, keys: list[dt.date], column: str) -> int:
    """The sum of one aggregate over the keys (0 where a key has no row)."""
    found = 0
    for key in keys:
        row = sums.get((la_code, key))
        if row is not None:
            found += row.get(column, 0)
    return found


def rounded(value: Decimal, decimals: int) -> Decimal:
    return value.quantize(_quantum(decimals), rounding=ROUND_HALF_UP)


@cache
def _quantum(decimals: int) -> Decimal:
    return Decimal(1).scaleb(-decimals)


def percentage(numerator: int, denominator: int, decimals: int) -> Outcome:
    if denominator == 0:
        return Outcome(None, Decimal(numerator), Decimal(denominator))
    value = Decimal(numerator) * 100 / Decimal(denominator)
    return Outcome(rounded(value, decimals), Decimal(numerator), Decimal(denominator))


def mean(total_amount: int, count: int, divisor: Decimal, decimals: int) -> Outcome:
    """The mean of amounts (days) in units of `divisor` days: weeks (7), years (365.25).
    The numerator is the total in those units, exact to 6 places."""
    if count == 0:
        return Outcome(None, Decimal(0), Decimal(0))
    in_units = Decimal(total_amount) / divisor
    value = Decimal(total_amount) / divisor / Decimal(count)
    return Outcome(rounded(value, decimals), rounded(in_units, 6), Decimal(count))
