"""How often a metric is reported and the months in which a figure is due."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from scorecard.domain.periods import MONTH_NAMES, Month


class Frequency(StrEnum):
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    TERMLY = "termly"
    ANNUAL = "annual"


# The months a figure is due when a metric declares no schedule of its own: every month; the
# last month of each financial quarter; the month each term ends in under the default term
# dates (December, March, August); the last month of the financial year.
DEFAULT_MONTHS: dict[Frequency, tuple[int, ...]] = {
    Frequency.MONTHLY: tuple(range(1, 13)),
    Frequency.QUARTERLY: (6, 9, 12, 3),
    Frequency.TERMLY: (12, 3, 8),
    Frequency.ANNUAL: (3,),
}


def month_number(name: str) -> int:
    """1 for "January" (any case); raises ValueError naming the allowed names otherwise."""
    for number, full in enumerate(MONTH_NAMES, start=1):
        if name.strip().lower() == full.lower():
            return number
    raise ValueError(f'"{name}" is not a month name; use one of {", ".join(MONTH_NAMES)}')


@dataclass(frozen=True)
class Schedule:
    """The months of the year in which a figure is due, the same every year."""

    months: frozenset[int]

    @classmethod
    def of(cls, frequency: Frequency, months: Iterable[int] | None = None) -> Schedule:
        chosen = DEFAULT_MONTHS[frequency] if months is None else tuple(months)
        if not chosen or any(not 1 <= m <= 12 for m in chosen):
            raise ValueError(f"a schedule needs months numbered 1 to 12, not {list(chosen)}")
        return cls(frozenset(chosen))

    def is_due(self, month: Month) -> bool:
        return month.month in self.months

    def due_months(self, months: Iterable[Month]) -> tuple[Month, ...]:
        return tuple(m for m in months if self.is_due(m))

    def due_words(self) -> str:
        """ "due every month", "due in June", "due in April and August"."""
        described = self.describe()
        return f"due {described}" if described == "every month" else f"due in {described}"

    def describe(self) -> str:
        """ "every month", or the month names in financial-year order: "April and August"."""
        if len(self.months) == 12:
            return "every month"
        ordered = sorted(self.months, key=lambda m: (m - 4) % 12)
        names = [MONTH_NAMES[m - 1] for m in ordered]
        if len(names) == 1:
            return names[0]
        return ", ".join(names[:-1]) + " and " + names[-1]
