"""Figures: one per plan × metric × component × reporting month, with a status.

Only `value` and `not_available` figures are ever recorded. `not_due` is derived from the
metric's reporting schedule, and a due month with nothing recorded reads as `not_available`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from scorecard.domain.catalogue import Metric, Plan, Unit
from scorecard.domain.ids import did_you_mean
from scorecard.domain.periods import Month, month_range
from scorecard.domain.problems import Problem, error, warning


class FigureStatus(StrEnum):
    VALUE = "value"
    NOT_DUE = "not_due"
    NOT_AVAILABLE = "not_available"
    # Only in public outputs: a value withheld by disclosure control; never recorded.
    SUPPRESSED = "suppressed"


# Units whose figures are means: a numerator (a sum of durations) over a number of children.
MEANS = (Unit.WEEKS, Unit.DAYS, Unit.YEARS)

# The statuses a recorded figure can have.
RECORDED_STATUSES = (FigureStatus.VALUE, FigureStatus.NOT_AVAILABLE)


class QualityFlag(StrEnum):
    PROVISIONAL = "provisional"
    REVISED = "revised"
    ESTIMATED = "estimated"


# The plan's own symbols, kept in the scorecard views with their legend.
SYMBOLS: dict[FigureStatus, str] = {
    FigureStatus.NOT_DUE: "/",
    FigureStatus.NOT_AVAILABLE: "-",
    FigureStatus.SUPPRESSED: "[c]",
}
SYMBOL_MEANINGS: dict[FigureStatus, str] = {
    FigureStatus.NOT_DUE: "no figure is scheduled for this month at this frequency of reporting",
    FigureStatus.NOT_AVAILABLE: "the figure was not available at the time of publishing",
    FigureStatus.SUPPRESSED: "withheld to protect confidentiality: a small number about children",
}


def symbol_legend(*, suppressed: bool = False) -> tuple[tuple[str, str], ...]:
    """The symbols a scorecard view uses, with their meanings; "[c]" only where figures may
    have been withheld (public outputs)."""
    shown = [s for s in SYMBOLS if suppressed or s is not FigureStatus.SUPPRESSED]
    return tuple((SYMBOLS[s], SYMBOL_MEANINGS[s]) for s in shown)


@dataclass(frozen=True)
class Figure:
    metric_id: str
    component: str
    period: Month
    status: FigureStatus
    value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    reference_period: str | None = None
    quality: frozenset[QualityFlag] = field(default_factory=frozenset)
    source: str | None = None
    note: str | None = None
    recorded_by: str | None = None
    recorded_at: dt.datetime | None = None
    # Parts withheld by disclosure control in a public output ("value", "numerator",
    # "denominator"); always empty for recorded figures.
    withheld: frozenset[str] = field(default_factory=frozenset)

    @property
    def key(self) -> tuple[str, str, Month]:
        return (self.metric_id, self.component, self.period)

    def same_content(self, other: Figure) -> bool:
        """Equal in everything but who recorded it and when."""
        return self.content() == other.content()

    def content(self) -> tuple[object, ...]:
        """What the figure says; numbers as written, so that 83 and 83.0 differ."""
        return (
            self.key,
            self.status,
            *(
                None if n is None else str(n)
                for n in (self.value, self.numerator, self.denominator)
            ),
            self.reference_period,
            self.quality,
            self.source,
            self.note,
        )


def check_figure(plan: Plan, figure: Figure) -> list[Problem]:
    """Every problem with one recorded figure against its plan, each with a plain reason."""
    metric = next((m for m in plan.metrics if m.id == figure.metric_id), None)
    if metric is None:
        return [
            error(
                "figure-unknown-metric",
                f'plan {plan.id} has no metric "{figure.metric_id}"'
                + did_you_mean(figure.metric_id, (m.id for m in plan.metrics)),
                metric_id=figure.metric_id,
                field="metric_id",
            )
        ]
    return [
        *_check_component(metric, figure),
        *_check_period(plan, metric, figure),
        *_check_status(metric, figure),
        *(_check_numbers(metric, figure, figure.value) if figure.value is not None else []),
    ]


def _check_component(metric: Metric, figure: Figure) -> list[Problem]:
    known = metric.component_ids()
    if figure.component in known:
        return []
    if not metric.components:
        reason = (
            f"metric {metric.id} has no components, so leave the component empty "
            f'(found "{figure.component}")'
        )
    elif not figure.component:
        reason = f"metric {metric.id} has components, so name one of: {', '.join(known)}"
    else:
        reason = (
            f'metric {metric.id} has no component "{figure.component}"; '
            f"its components are: {', '.join(known)}"
        )
    return [error("figure-unknown-component", reason, metric_id=metric.id, field="component")]


def _check_period(plan: Plan, metric: Metric, figure: Figure) -> list[Problem]:
    month = figure.period
    if not plan.start <= month <= plan.end:
        return [
            error(
                "figure-outside-plan",
                f"{month} is outside the plan period {plan.start} to {plan.end}",
                metric_id=metric.id,
                field="period",
            )
        ]
    schedule = metric.reporting_schedule
    if figure.status is not FigureStatus.NOT_DUE and not schedule.is_due(month):
        return [
            error(
                "figure-not-scheduled",
                f"no figure is due in {month.label}: metric {metric.id} is reported in "
                f"{schedule.describe()}",
                metric_id=metric.id,
                field="period",
            )
        ]
    if figure.status is FigureStatus.NOT_DUE and schedule.is_due(month):
        return [
            error(
                "figure-not-due-but-due",
                f"a figure is due in {month.label} (metric {metric.id} is reported in "
                f"{schedule.describe()}); record a value or not_available",
                metric_id=metric.id,
                field="status",
            )
        ]
    return []


def _check_status(metric: Metric, figure: Figure) -> list[Problem]:
    has_numbers = any(v is not None for v in (figure.value, figure.numerator, figure.denominator))
    if figure.status is FigureStatus.VALUE and figure.value is None:
        reason = "the status is value but no value is given"
        return [error("figure-missing-value", reason, metric_id=metric.id, field="value")]
    if figure.status is not FigureStatus.VALUE and has_numbers:
        reason = f"a {figure.status.value} figure must not carry a value, numerator or denominator"
        return [error("figure-value-not-expected", reason, metric_id=metric.id, field="value")]
    return []


def _check_numbers(metric: Metric, figure: Figure, value: Decimal) -> list[Problem]:
    if metric.unit is Unit.PERCENT and not Decimal(0) <= value <= Decimal(100):
        reason = f"{value}% is not a percentage between 0 and 100"
        return [error("figure-percent-range", reason, metric_id=metric.id, field="value")]
    if value < 0 and not metric.allows_negative:
        reason = (
            f"{value} is negative, which a figure of metric {metric.id} ({metric.unit.value}) "
            "cannot be: only a metric of net changes may go below zero"
        )
        return [error("figure-negative", reason, metric_id=metric.id, field="value")]
    if metric.unit is Unit.COUNT and value != value.to_integral_value():
        reason = f"{value} is not a whole number, as a count must be"
        return [error("figure-count-not-whole", reason, metric_id=metric.id, field="value")]
    return _check_fraction(metric, figure, value)


def _check_fraction(metric: Metric, figure: Figure, value: Decimal) -> list[Problem]:
    """Numerator and denominator come together; for a percentage the numerator is at most the
    denominator and the value matches them to the precision it is written with."""
    numerator, denominator = figure.numerator, figure.denominator
    if numerator is None and denominator is None:
        return []
    if numerator is None or denominator is None:
        missing = "numerator" if numerator is None else "denominator"
        reason = f"the {missing} is missing: give both numerator and denominator, or neither"
        return [error("figure-half-fraction", reason, metric_id=metric.id, field=missing)]
    if denominator < 0:
        reason = f"the denominator {denominator} cannot be negative: it counts children or cases"
        return [error("figure-negative", reason, metric_id=metric.id, field="denominator")]
    if numerator < 0 and not (metric.allows_negative and metric.unit in MEANS):
        reason = f"the numerator {numerator} cannot be negative: it counts children or cases"
        return [error("figure-negative", reason, metric_id=metric.id, field="numerator")]
    if metric.unit is not Unit.PERCENT:
        return []
    if numerator > denominator:
        reason = f"the numerator {numerator} is above the denominator {denominator}"
        return [
            error(
                "figure-numerator-above-denominator", reason, metric_id=metric.id, field="numerator"
            )
        ]
    if denominator == 0:
        reason = "the denominator is 0, so there is no percentage: record not_available instead"
        return [error("figure-zero-denominator", reason, metric_id=metric.id, field="denominator")]
    implied = numerator * 100 / denominator
    if abs(implied - value) > half_last_digit(value):
        reason = (
            f"{value}% does not match {numerator} / {denominator} = {implied:.2f}%; "
            "check the figure"
        )
        return [warning("figure-fraction-mismatch", reason, metric_id=metric.id, field="value")]
    return []


def half_last_digit(value: Decimal) -> Decimal:
    """Half a unit of the last digit written: 0.05 for 77.7, 0.5 for 83."""
    exponent = value.as_tuple().exponent
    places = exponent if isinstance(exponent, int) else 0
    return Decimal(1).scaleb(places) / 2


def figure_grid(plan: Plan, recorded: Iterable[Figure], first: Month, last: Month) -> list[Figure]:
    """Every metric × component × month from `first` to `last`: the recorded figure, or
    `not_due` where the schedule has nothing due, or `not_available` where a figure was due
    and none was recorded."""
    by_key = {f.key: f for f in recorded if f.status is not FigureStatus.NOT_DUE}
    months: Sequence[Month] = month_range(first, last)
    grid: list[Figure] = []
    for metric in plan.metrics:
        schedule = metric.reporting_schedule
        for component in metric.component_ids():
            for month in months:
                found = by_key.get((metric.id, component, month))
                if found is not None:
                    grid.append(found)
                else:
                    status = (
                        FigureStatus.NOT_AVAILABLE
                        if schedule.is_due(month)
                        else FigureStatus.NOT_DUE
                    )
                    grid.append(Figure(metric.id, component, month, status))
    return grid
