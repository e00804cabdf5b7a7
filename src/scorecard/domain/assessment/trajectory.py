"""Trajectories: the value expected each month on the way from the baseline to each year's
target (linear between known points), and whether a figure is on track."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from scorecard.domain.assessment.words import at_least_as_good, side
from scorecard.domain.catalogue import Accumulation, Plan, Polarity, Series, TargetState, Unit
from scorecard.domain.formatting import quantity, rounded
from scorecard.domain.periods import FinancialYear, Month


@dataclass(frozen=True)
class TrajectoryResult:
    expected: Decimal | None
    on_track: bool | None
    reason: str


def anchors(
    *,
    baseline: Decimal | None,
    baseline_month: Month,
    targets: Mapping[FinancialYear, Decimal],
    milestones: Mapping[Month, Decimal],
) -> dict[Month, Decimal]:
    """The known points of a trajectory: the baseline (at `baseline_month`), each year's target
    at the end of its year, and explicit milestones (which win where they coincide)."""
    points: dict[Month, Decimal] = {}
    if baseline is not None:
        points[baseline_month] = baseline
    for year, target in targets.items():
        points[year.last_month] = target
    points.update(milestones)
    return dict(sorted(points.items()))


def expected_value(*, points: Mapping[Month, Decimal], month: Month) -> Decimal | None:
    """Linear interpolation between the known points around `month`; None outside them."""
    if month in points:
        return points[month]
    before = [m for m in points if m < month]
    after = [m for m in points if m > month]
    if not before or not after:
        return None
    start, end = max(before), min(after)
    # multiply before dividing, so that an exact half stays exact and rounds as it should
    rise = (points[end] - points[start]) * month.months_since(start)
    return points[start] + rise / end.months_since(start)


def year_to_date_anchors(
    *, year: FinancialYear, target: Decimal, milestones: Mapping[Month, Decimal]
) -> dict[Month, Decimal]:
    """For targets met by the year's figures added up: from 0 before the year to the target at
    its end, through any milestones within the year."""
    inside = {m: v for m, v in milestones.items() if year.contains(m)}
    return dict(
        sorted({year.first_month.plus(-1): Decimal(0), **inside, year.last_month: target}.items())
    )


def on_trajectory(
    *,
    value: Decimal,
    month: Month,
    points: Mapping[Month, Decimal],
    polarity: Polarity,
    unit: Unit,
    decimals: int,
) -> TrajectoryResult:
    raw = expected_value(points=points, month=month)
    if raw is None:
        return TrajectoryResult(None, None, f"No trajectory for {month.label}.")
    expected = rounded(raw, decimals)
    shown = quantity(expected, unit)
    on_track = at_least_as_good(value, expected, polarity)
    if on_track is None:
        return TrajectoryResult(
            expected, None, f"Expected {shown} for {month.label}; neither direction is better."
        )
    verdict = "On track" if on_track else "Off track"
    where = "on" if value == expected else f"{side(value, expected)}"
    return TrajectoryResult(
        expected,
        on_track,
        f"{verdict}: {quantity(value, unit)} is {where} the trajectory of {shown} for "
        f"{month.label}.",
    )


def trajectory_points(*, plan: Plan, series: Series, month: Month) -> dict[Month, Decimal]:
    """The known points of the series' trajectory around `month`: for year-to-date targets, 0
    before the month's plan year and its target at the end (none without a target); otherwise
    the baseline (the month before the plan starts), milestones and every year's target."""
    milestones = {Month.parse(k): v for k, v in series.milestones.items()}
    if series.metric.accumulation is Accumulation.YEAR_TO_DATE:
        target = series.target_for(month.financial_year)
        if target.state is not TargetState.SET or target.value is None:
            return {}
        return year_to_date_anchors(
            year=month.financial_year, target=target.value, milestones=milestones
        )
    targets = {y: t.value for y in plan.years if (t := series.target_for(y)).value is not None}
    return anchors(
        baseline=series.baseline.value,
        baseline_month=plan.start.plus(-1),
        targets=targets,
        milestones=milestones,
    )


def expected_series(*, plan: Plan, series: Series, months: Sequence[Month]) -> dict[Month, Decimal]:
    """The trajectory's expected value for each of `months` that has one, rounded to the
    metric's decimal places."""
    expected: dict[Month, Decimal] = {}
    for month in months:
        points = trajectory_points(plan=plan, series=series, month=month)
        value = expected_value(points=points, month=month)
        if value is not None:
            expected[month] = rounded(value, series.metric.decimals)
    return expected
