"""Assessing one series (a metric, or one component) for a reporting month."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from scorecard.domain.assessment.progress import ProgressResult, progress
from scorecard.domain.assessment.rag import RagResult, rag
from scorecard.domain.assessment.spc_series import SpcSummary, series_spc
from scorecard.domain.assessment.trajectory import (
    TrajectoryResult,
    on_trajectory,
    trajectory_points,
)
from scorecard.domain.assessment.travel import (
    Travel,
    TravelResult,
    direction_of_travel,
    previous_reported,
)
from scorecard.domain.assessment.words import shown
from scorecard.domain.catalogue import Accumulation, Plan, Series, Target, TargetState, Unit
from scorecard.domain.figures import Figure, FigureStatus
from scorecard.domain.periods import FinancialYear, Month


@dataclass(frozen=True)
class SeriesAssessment:
    series: Series
    period: Month
    figure_month: Month | None  # the month of the latest figure at or before the period
    value: Decimal | None  # that figure
    assessed_value: Decimal | None  # the figure, or the year to date for cumulative targets
    target: Target
    rag: RagResult
    trajectory: TrajectoryResult
    previous: TravelResult
    year_ago: TravelResult
    progress: ProgressResult
    spc: SpcSummary


def series_values(series: Series, figures: Iterable[Figure], period: Month) -> dict[Month, Decimal]:
    """The series' recorded values up to `period`; not-due and not-available months are absent."""
    return {
        f.period: f.value
        for f in figures
        if f.metric_id == series.metric.id
        and f.component == series.component
        and f.status is FigureStatus.VALUE
        and f.value is not None
        and f.period <= period
    }


def assess_series(
    *, plan: Plan, series: Series, figures: Iterable[Figure], period: Month
) -> SeriesAssessment:
    metric = series.metric
    recorded = list(figures)
    values = series_values(series, recorded, period)
    latest = max(values) if values else None
    year = (latest or period).financial_year
    target = series.target_for(year)
    goal = target.value if target.state is TargetState.SET else None
    cumulative = metric.accumulation is Accumulation.YEAR_TO_DATE
    value = values[latest] if latest else None
    assessed = _year_to_date(values, year) if cumulative and value is not None else value
    baseline = Decimal(0) if cumulative else series.baseline.value
    trajectory = _trajectory(plan, series, year, latest, assessed)
    subject = None
    if assessed is not None and latest is not None:
        withheld = _withheld_months(series, recorded, year, latest) if cumulative else 0
        subject = _subject(
            assessed, metric.unit, latest, period, year if cumulative else None, withheld
        )
    rating = rag(
        value=assessed,
        unit=metric.unit,
        polarity=metric.polarity,
        target=target,
        baseline=None if cumulative else baseline,
        tolerance=metric.tolerance,
        expected=trajectory.expected,
        month=latest,
        rules=plan.rag_rules,
        subject=subject,
    )
    earlier = previous_reported(values, latest) if latest else None
    return SeriesAssessment(
        series=series,
        period=period,
        figure_month=latest,
        value=value,
        assessed_value=assessed,
        target=target,
        rag=rating,
        trajectory=trajectory,
        previous=_travel(series, values, latest, earlier),
        year_ago=_travel(series, values, latest, latest.plus(-12) if latest else None),
        progress=progress(
            value=assessed,
            baseline=baseline,
            target=target,
            unit=metric.unit,
            polarity=metric.polarity,
            year_to_date=cumulative,
        ),
        spc=series_spc(series=series, values=values, period=period, target=goal),
    )


def _year_to_date(values: dict[Month, Decimal], year: FinancialYear) -> Decimal:
    return sum((v for m, v in values.items() if year.contains(m)), Decimal(0))


def _trajectory(
    plan: Plan,
    series: Series,
    year: FinancialYear,
    latest: Month | None,
    assessed: Decimal | None,
) -> TrajectoryResult:
    """Where the figure stands against the trajectory: for cumulative targets within the year
    from 0, otherwise from the baseline (the month before the plan starts) through each target."""
    if latest is None or assessed is None:
        return TrajectoryResult(None, None, "No trajectory: there is no figure yet.")
    metric = series.metric
    points = trajectory_points(plan=plan, series=series, month=latest)
    if not points and metric.accumulation is Accumulation.YEAR_TO_DATE:
        return TrajectoryResult(None, None, f"No trajectory: no target for {year}.")
    return on_trajectory(
        value=assessed,
        month=latest,
        points=points,
        polarity=metric.polarity,
        unit=metric.unit,
        decimals=metric.decimals,
    )


def _withheld_months(
    series: Series, figures: Iterable[Figure], year: FinancialYear, latest: Month
) -> int:
    """The months of the year up to `latest` whose figure a public output withholds."""
    return sum(
        1
        for f in figures
        if f.metric_id == series.metric.id
        and f.component == series.component
        and f.status is FigureStatus.SUPPRESSED
        and year.contains(f.period)
        and f.period <= latest
    )


def _subject(
    value: Decimal,
    unit: Unit,
    latest: Month,
    period: Month,
    year: FinancialYear | None,
    withheld: int = 0,
) -> str:
    """How the reason names the figure: "12.8%", "12 so far in 2024-25", "(the latest figure,
    for July 2024)"; a year to date adds up the months shown, and says how many withheld months
    it leaves out (docs/disclosure.md)."""
    text = shown(value, unit)
    if year is not None:
        text = f"{text} so far in {year}"
    notes = []
    if withheld:
        notes.append(f"not counting {withheld} month{'s' if withheld > 1 else ''} withheld")
    if latest != period:
        notes.append(f"the latest figure, for {latest.label}")
    return f"{text} ({'; '.join(notes)})" if notes else text


def _travel(
    series: Series, values: dict[Month, Decimal], latest: Month | None, against: Month | None
) -> TravelResult:
    if latest is None:
        return TravelResult(Travel.NOT_COMPARABLE, None, "No comparison: there is no figure yet.")
    metric = series.metric
    return direction_of_travel(
        values=values,
        month=latest,
        against=against,
        polarity=metric.polarity,
        unit=metric.unit,
        threshold=metric.no_change_threshold,
    )


def assess_plan(
    *, plan: Plan, figures: Iterable[Figure], period: Month
) -> tuple[SeriesAssessment, ...]:
    recorded = list(figures)
    return tuple(
        assess_series(plan=plan, series=series, figures=recorded, period=period)
        for metric in plan.metrics
        for series in metric.series
    )
