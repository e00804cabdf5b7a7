"""What a metric chart shows, as plain data, so that the web page and the PDF draw the same
chart (scorecard.publish.charts renders it)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from scorecard.domain.assessment.series import series_values
from scorecard.domain.assessment.spc_series import DIRECTIONS, MIN_POINTS
from scorecard.domain.assessment.trajectory import expected_series
from scorecard.domain.catalogue import Plan, Series, TargetState, Unit
from scorecard.domain.figures import Figure, FigureStatus, figure_grid
from scorecard.domain.periods import Month, month_range
from scorecard.domain.spc import PointType, xmr


@dataclass(frozen=True)
class ChartPoint:
    month: Month
    status: FigureStatus  # value, not_due or not_available
    value: Decimal | None
    target: Decimal | None  # the target of the month's plan year, if set
    trajectory: Decimal | None  # the value expected that month, if there is a trajectory
    mean: float | None = None  # SPC, where computed
    lower_limit: float | None = None
    upper_limit: float | None = None
    point_type: PointType | None = None


@dataclass(frozen=True)
class ChartData:
    title: str  # "3.1 The percentage of EHCPs completed within 20 weeks"
    unit: Unit
    unit_label: str
    decimals: int
    polarity_text: str  # "Higher is better."
    baseline: Decimal | None
    baseline_label: str
    points: tuple[ChartPoint, ...]  # every month from the plan's start to the period

    @property
    def reported(self) -> tuple[ChartPoint, ...]:
        """The months with a figure due (value or not available)."""
        return tuple(p for p in self.points if p.status is not FigureStatus.NOT_DUE)


def chart_data(plan: Plan, series: Series, figures: Iterable[Figure], period: Month) -> ChartData:
    metric = series.metric
    recorded = list(figures)
    months = month_range(plan.start, period)
    grid = {
        f.period: f
        for f in figure_grid(plan, recorded, plan.start, period)
        if f.metric_id == metric.id and f.component == series.component
    }
    expected = expected_series(plan=plan, series=series, months=months)
    spc = _spc(series, recorded, period)
    points = []
    for month in months:
        figure = grid[month]
        target = series.target_for(month.financial_year)
        limits = spc.get(month)
        points.append(
            ChartPoint(
                month=month,
                status=figure.status,
                value=figure.value,
                target=target.value if target.state is TargetState.SET else None,
                trajectory=expected.get(month),
                mean=limits[0] if limits else None,
                lower_limit=limits[1] if limits else None,
                upper_limit=limits[2] if limits else None,
                point_type=limits[3] if limits else None,
            )
        )
    title = f"{metric.id} {series.component_label + ': ' if series.component else ''}{metric.kpi}"
    return ChartData(
        title=title,
        unit=metric.unit,
        unit_label=metric.shown_unit,
        decimals=metric.decimals,
        polarity_text=metric.polarity_text,
        baseline=series.baseline.value,
        baseline_label=series.baseline.label or plan.baseline_label,
        points=tuple(points),
    )


def _spc(
    series: Series, figures: list[Figure], period: Month
) -> dict[Month, tuple[float | None, float | None, float | None, PointType | None]]:
    """The SPC mean, limits and point type of each due month from the first figure, when
    there are enough figures (as in the assessment)."""
    values = series_values(series, figures, period)
    if len(values) < MIN_POINTS:
        return {}
    months = series.metric.reporting_schedule.due_months(month_range(min(values), period))
    result = xmr(
        dates=[m.first_day for m in months],
        values=[float(values[m]) if m in values else None for m in months],
        direction=DIRECTIONS[series.metric.polarity],
    )
    return {Month.of(p.date): (p.mean, p.lpl, p.upl, p.point_type) for p in result.points}
