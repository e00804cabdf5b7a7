"""Properties of the assessment that must hold for any figures.

- Mirroring a metric (higher ↔ lower is better, every number negated) changes no rating, no
  trajectory verdict, no direction and no progress; reversing the polarity alone swaps
  improving and worsening.
- Months with no figure due are never figures: adding `not_due` figures, for months the
  schedule does not allow or for any month, changes no rating, trajectory or direction.
- A `not_available` figure is never read as zero: adding them changes no rating, trajectory,
  direction or progress.

The tolerance is a distance (never negative), so mirroring keeps it as it is.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scorecard.domain.assessment.rag import rag
from scorecard.domain.assessment.series import SeriesAssessment, assess_series
from scorecard.domain.assessment.trajectory import anchors, on_trajectory
from scorecard.domain.assessment.travel import Travel, direction_of_travel
from scorecard.domain.catalogue import Metric, Plan, Polarity, Series, Target, TargetState, Unit
from scorecard.domain.figures import Figure, FigureStatus
from scorecard.domain.periods import FinancialYear, Month, month_range
from scorecard.domain.ragrules import DEFAULT_RULES, Condition, RagRule, Rating
from scorecard.planfiles.reader import read_plan

BUNDLED_PLAN = Path(__file__).resolve().parents[4] / "plans" / "west-sussex-2024-27"
HIGHER, LOWER, NEITHER = Polarity.HIGHER_IS_BETTER, Polarity.LOWER_IS_BETTER, Polarity.NONE
FY24 = FinancialYear(2024)
MIRROR = {HIGHER: LOWER, LOWER: HIGHER, NEITHER: NEITHER}
SWAPPED = {Travel.IMPROVING: Travel.WORSENING, Travel.WORSENING: Travel.IMPROVING}
UP_DOWN = {Travel.UP: Travel.DOWN, Travel.DOWN: Travel.UP}
RULE_SETS = (
    DEFAULT_RULES,
    (
        RagRule(rating=Rating.GREEN, when=(Condition.MEETS_TARGET,)),
        RagRule(rating=Rating.AMBER, when=(Condition.BETTER_THAN_BASELINE,)),
        RagRule(rating=Rating.RED, when=(Condition.ALWAYS,)),
    ),
    (
        RagRule(rating=Rating.GREEN, when=(Condition.MEETS_TARGET, Condition.ON_TRAJECTORY)),
        RagRule(rating=Rating.AMBER, when=(Condition.WITHIN_TOLERANCE,)),
    ),
)

numbers = st.decimals(
    min_value=-1000, max_value=1000, places=1, allow_nan=False, allow_infinity=False
)
distances = st.decimals(min_value=0, max_value=200, places=1, allow_nan=False, allow_infinity=False)
months = st.builds(Month.from_index, st.integers(Month(2023, 1).index, Month(2026, 12).index))
periods = st.builds(Month.from_index, st.integers(Month(2024, 4).index, Month(2025, 12).index))


@cache
def bundled() -> tuple[Plan, tuple[Figure, ...]]:
    reading = read_plan(BUNDLED_PLAN)
    assert reading.plan is not None
    return reading.plan, tuple(reading.figures)


@cache
def all_series() -> tuple[Series, ...]:
    plan, _ = bundled()
    return tuple(s for metric in plan.metrics for s in metric.series)


def outcome(a: SeriesAssessment) -> tuple[object, ...]:
    return (
        a.figure_month,
        a.assessed_value,
        a.rag,
        a.trajectory,
        a.previous,
        a.year_ago,
        a.progress,
    )


# Mirroring.


@settings(max_examples=400, deadline=None)
@given(
    polarity=st.sampled_from([HIGHER, LOWER]),
    value=numbers,
    goal=numbers,
    baseline=st.none() | numbers,
    expected=st.none() | numbers,
    tolerance=st.none() | distances,
    rules=st.sampled_from(RULE_SETS),
)
def test_mirroring_keeps_the_rating(
    polarity: Polarity,
    value: Decimal,
    goal: Decimal,
    baseline: Decimal | None,
    expected: Decimal | None,
    tolerance: Decimal | None,
    rules: tuple[RagRule, ...],
) -> None:
    def rated(sign: int, which: Polarity) -> Rating:
        return rag(
            value=sign * value,
            unit=Unit.PERCENT,
            polarity=which,
            target=Target(FY24, TargetState.SET, sign * goal),
            baseline=None if baseline is None else sign * baseline,
            tolerance=tolerance,
            expected=None if expected is None else sign * expected,
            month=Month(2024, 9),
            rules=rules,
        ).rating

    assert rated(1, polarity) == rated(-1, MIRROR[polarity])


@settings(max_examples=300, deadline=None)
@given(
    polarity=st.sampled_from([HIGHER, LOWER]),
    value=numbers,
    baseline=numbers,
    goal=numbers,
    step=st.integers(min_value=0, max_value=12),
    decimals=st.integers(min_value=0, max_value=2),
)
def test_mirroring_keeps_the_trajectory_verdict(
    polarity: Polarity, value: Decimal, baseline: Decimal, goal: Decimal, step: int, decimals: int
) -> None:
    def judged(sign: int, which: Polarity) -> tuple[Decimal | None, bool | None]:
        points = anchors(
            baseline=sign * baseline,
            baseline_month=Month(2024, 3),
            targets={FY24: sign * goal},
            milestones={},
        )
        result = on_trajectory(
            value=sign * value,
            month=Month(2024, 3).plus(step),
            points=points,
            polarity=which,
            unit=Unit.PERCENT,
            decimals=decimals,
        )
        return result.expected, result.on_track

    expected, on_track = judged(1, polarity)
    mirrored_expected, mirrored_on_track = judged(-1, MIRROR[polarity])
    assert on_track == mirrored_on_track
    assert expected is not None and mirrored_expected == -expected


@settings(max_examples=300, deadline=None)
@given(
    polarity=st.sampled_from([HIGHER, LOWER, NEITHER]),
    now=numbers,
    then=numbers,
    threshold=distances,
)
def test_reversing_polarity_swaps_improving_and_worsening(
    polarity: Polarity, now: Decimal, then: Decimal, threshold: Decimal
) -> None:
    def travel(sign: int, which: Polarity) -> Travel:
        return direction_of_travel(
            values={Month(2024, 8): sign * then, Month(2024, 9): sign * now},
            month=Month(2024, 9),
            against=Month(2024, 8),
            polarity=which,
            unit=Unit.PERCENT,
            threshold=threshold,
        ).travel

    plain = travel(1, polarity)
    assert travel(1, MIRROR[polarity]) == SWAPPED.get(plain, plain)
    # Negating the values as well brings it back; with neither direction better, up and down
    # swap instead.
    mirrored = travel(-1, MIRROR[polarity])
    assert mirrored == (UP_DOWN.get(plain, plain) if polarity is NEITHER else plain)


def _mirrored_metric(metric: Metric) -> Metric:
    data = metric.model_dump()
    data["polarity"] = MIRROR[metric.polarity].value
    if data["baseline"] and data["baseline"]["value"] is not None:
        data["baseline"]["value"] = -metric.baseline.value  # type: ignore[union-attr]
    data["targets"] = {
        year: -value if isinstance(value, Decimal) else value
        for year, value in (metric.targets or {}).items()
    }
    data["trajectory"] = {month: -value for month, value in metric.trajectory.items()}
    return Metric.model_validate(data)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    metric_id=st.sampled_from(["1/2.2", "1/2.4", "3.1", "3.2", "3.5", "3.6", "4.5", "4.6", "5.1"]),
    recorded=st.dictionaries(months, numbers, max_size=15),
    period=periods,
    tolerance=st.none() | distances,
)
def test_mirroring_a_plan_metric_keeps_its_assessment(
    metric_id: str, recorded: dict[Month, Decimal], period: Month, tolerance: Decimal | None
) -> None:
    plan, _ = bundled()
    metric = plan.metric(metric_id).model_copy(update={"tolerance": tolerance})
    mirror = _mirrored_metric(metric)
    figures = [Figure(metric_id, "", k, FigureStatus.VALUE, v) for k, v in recorded.items()]
    negated = [Figure(metric_id, "", k, FigureStatus.VALUE, -v) for k, v in recorded.items()]
    (series,) = metric.series
    (mirrored,) = mirror.series
    a = assess_series(plan=plan, series=series, figures=figures, period=period)
    b = assess_series(plan=plan, series=mirrored, figures=negated, period=period)
    assert a.rag.rating == b.rag.rating
    assert a.trajectory.on_track == b.trajectory.on_track
    assert (a.previous.travel, a.year_ago.travel) == (b.previous.travel, b.year_ago.travel)
    assert a.progress.percent == b.progress.percent


# Months with nothing due.


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), index=st.integers(min_value=0), period=periods)
def test_not_due_months_the_schedule_does_not_allow_change_nothing(
    data: st.DataObject, index: int, period: Month
) -> None:
    plan, figures = bundled()
    series = all_series()[index % len(all_series())]
    schedule = series.metric.reporting_schedule
    not_due = [m for m in month_range(Month(2023, 1), Month(2026, 12)) if not schedule.is_due(m)]
    chosen = data.draw(st.lists(st.sampled_from(not_due), unique=True) if not_due else st.just([]))
    value = data.draw(st.sampled_from([None, Decimal(0)]))
    extra = [
        Figure(series.metric.id, series.component, m, FigureStatus.NOT_DUE, value) for m in chosen
    ]
    before = assess_series(plan=plan, series=series, figures=figures, period=period)
    after = assess_series(plan=plan, series=series, figures=[*figures, *extra], period=period)
    assert outcome(after) == outcome(before)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    index=st.integers(min_value=0),
    chosen=st.lists(months, unique=True, max_size=20),
    period=periods,
)
def test_not_due_figures_for_any_month_change_nothing(
    index: int, chosen: list[Month], period: Month
) -> None:
    plan, figures = bundled()
    series = all_series()[index % len(all_series())]
    extra = [Figure(series.metric.id, series.component, m, FigureStatus.NOT_DUE) for m in chosen]
    before = assess_series(plan=plan, series=series, figures=figures, period=period)
    after = assess_series(plan=plan, series=series, figures=[*extra, *figures], period=period)
    assert outcome(after) == outcome(before)


# Figures not available.


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    index=st.integers(min_value=0),
    chosen=st.lists(months, unique=True, max_size=20),
    period=periods,
)
def test_not_available_figures_are_never_zero_in_the_bundled_plan(
    index: int, chosen: list[Month], period: Month
) -> None:
    plan, figures = bundled()
    series = all_series()[index % len(all_series())]
    recorded = {
        f.period
        for f in figures
        if (f.metric_id, f.component) == (series.metric.id, series.component)
        and f.status is FigureStatus.VALUE
    }
    extra = [
        Figure(series.metric.id, series.component, m, FigureStatus.NOT_AVAILABLE)
        for m in chosen
        if m not in recorded
    ]
    before = assess_series(plan=plan, series=series, figures=figures, period=period)
    after = assess_series(plan=plan, series=series, figures=[*figures, *extra], period=period)
    assert outcome(after) == outcome(before)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    metric_id=st.sampled_from(["1/2.1", "3.1", "3.2", "3.6", "4.5", "5.6"]),
    recorded=st.dictionaries(months, numbers.filter(lambda v: v != 0), max_size=15),
    missing=st.lists(months, unique=True, max_size=15),
    period=periods,
)
def test_not_available_figures_are_never_zero_in_any_series(
    metric_id: str, recorded: dict[Month, Decimal], missing: list[Month], period: Month
) -> None:
    plan, _ = bundled()
    (series,) = plan.metric(metric_id).series
    figures = [Figure(metric_id, "", k, FigureStatus.VALUE, v) for k, v in recorded.items()]
    extra = [
        Figure(metric_id, "", k, FigureStatus.NOT_AVAILABLE) for k in missing if k not in recorded
    ]
    before = assess_series(plan=plan, series=series, figures=figures, period=period)
    after = assess_series(plan=plan, series=series, figures=[*figures, *extra], period=period)
    assert outcome(after) == outcome(before)
    assert (after.rag.rating, after.previous.travel, after.progress.percent) == (
        before.rag.rating,
        before.previous.travel,
        before.progress.percent,
    )


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    ssc=st.dictionaries(
        st.builds(Month.from_index, st.integers(Month(2024, 4).index, Month(2025, 3).index)),
        st.integers(min_value=1, max_value=40).map(Decimal),
        max_size=12,
    ),
    missing=st.lists(
        st.builds(Month.from_index, st.integers(Month(2024, 4).index, Month(2025, 3).index)),
        unique=True,
    ),
)
def test_not_available_adds_nothing_to_a_year_to_date_total(
    ssc: dict[Month, Decimal], missing: list[Month]
) -> None:
    """4.1 SSC places are added up over the year: a figure not available adds nothing."""
    plan, _ = bundled()
    series = plan.metric("4.1").series[0]
    period = Month(2025, 3)
    figures = [Figure("4.1", "ssc", k, FigureStatus.VALUE, v) for k, v in ssc.items()]
    extra = [Figure("4.1", "ssc", k, FigureStatus.NOT_AVAILABLE) for k in missing if k not in ssc]
    before = assess_series(plan=plan, series=series, figures=figures, period=period)
    after = assess_series(plan=plan, series=series, figures=[*figures, *extra], period=period)
    assert after.assessed_value == (sum(ssc.values(), Decimal(0)) if ssc else None)
    assert outcome(after) == outcome(before)
