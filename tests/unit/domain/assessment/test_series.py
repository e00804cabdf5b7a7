"""Assessing the bundled West Sussex plan for September 2024, hand-checked series by series.

Every expected value below is worked out by hand from plans/west-sussex-2024-27 (metrics.yaml
and figures.csv), never taken from the code under test.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from scorecard.domain.assessment.series import SeriesAssessment, assess_plan, assess_series
from scorecard.domain.assessment.spc_series import series_spc
from scorecard.domain.assessment.travel import Travel
from scorecard.domain.catalogue import Metric, Plan, Target, TargetState
from scorecard.domain.figures import Figure, FigureStatus
from scorecard.domain.periods import FinancialYear, Month
from scorecard.domain.ragrules import Condition, RagRule, Rating
from scorecard.domain.spc import AssuranceIcon, Direction, VariationIcon, xmr
from scorecard.planfiles.reader import read_plan

ROOT = Path(__file__).resolve().parents[4]
BUNDLED_PLAN = ROOT / "plans" / "west-sussex-2024-27"
D = Decimal
FY24 = FinancialYear(2024)
SEP24 = Month(2024, 9)


def m(text: str) -> Month:
    return Month.parse(text)


@pytest.fixture(scope="module")
def bundled() -> tuple[Plan, list[Figure]]:
    reading = read_plan(BUNDLED_PLAN)
    assert reading.plan is not None and not reading.problems
    return reading.plan, list(reading.figures)


@pytest.fixture(scope="module")
def september(bundled: tuple[Plan, list[Figure]]) -> dict[tuple[str, str], SeriesAssessment]:
    plan, figures = bundled
    return {
        (a.series.metric.id, a.series.component): a
        for a in assess_plan(plan=plan, figures=figures, period=SEP24)
    }


def test_every_metric_and_component_in_plan_order(
    bundled: tuple[Plan, list[Figure]],
) -> None:
    plan, figures = bundled
    assessments = assess_plan(plan=plan, figures=figures, period=SEP24)
    assert [(a.series.metric.id, a.series.component) for a in assessments] == [
        ("1/2.1", ""),
        ("1/2.2", ""),
        ("1/2.3", ""),
        ("1/2.4", ""),
        ("3.1", ""),
        ("3.2", ""),
        ("3.3", ""),
        ("3.4", ""),
        ("3.5", ""),
        ("3.6", ""),
        ("4.1", "ssc"),
        ("4.1", "special_school"),
        ("4.2", ""),
        ("4.3", ""),
        ("4.4", ""),
        ("4.5", ""),
        ("4.6", ""),
        ("5.1", ""),
        ("5.2", ""),
        ("5.3", ""),
        ("5.4", ""),
        ("5.5", ""),
        ("5.6", ""),
    ]
    assert all(a.period == SEP24 for a in assessments)


def test_every_rating(september: dict[tuple[str, str], SeriesAssessment]) -> None:
    """Figure against target, then against the trajectory (September: half-way from the
    baseline to the 2024-25 target, rounded to the metric's decimals)."""
    red, amber, green, none = Rating.RED, Rating.AMBER, Rating.GREEN, Rating.NONE
    assert {key: a.rag.rating for key, a in september.items()} == {
        ("1/2.1", ""): none,  # no target available
        ("1/2.2", ""): red,  # 30 > 18; trajectory 27.1 - 9.1/2 = 22.55 → 22.6
        ("1/2.3", ""): red,  # 19.9 > 18; trajectory 20.8 - 2.8/2 = 19.4
        ("1/2.4", ""): red,  # 14.6 < 80; trajectory 9 + 71/2 = 44.5
        ("3.1", ""): red,  # 12.8 < 49; trajectory 28.7
        ("3.2", ""): red,  # 41.71 > 34; trajectory 39.175 → 39.18
        ("3.3", ""): red,  # 18.3 < 50; trajectory 21.2 + 28.8/2 = 35.6
        ("3.4", ""): red,  # 30.8 < 90; trajectory 34.3 + 55.7/2 = 62.15 → 62.2
        ("3.5", ""): amber,  # 94 < 95 but above the trajectory 83.3 + 11.7/2 = 89.15 → 89.2
        ("3.6", ""): green,  # May: 43 ≥ 40
        ("4.1", "ssc"): red,  # 12 so far < 63; trajectory for June 16
        ("4.1", "special_school"): none,  # no figure
        ("4.2", ""): green,  # 50.2 ≥ 50
        ("4.3", ""): none,  # not available
        ("4.4", ""): none,  # not available
        ("4.5", ""): green,  # August: 55 ≤ 94
        ("4.6", ""): red,  # August: 14 > 7; trajectory 9 - 2 × 5/12 = 8.17 → 8
        ("5.1", ""): red,  # 16.5 > 16; trajectory 16.1 - 0.1/2 = 16.05 → 16.1
        ("5.2", ""): none,  # not available
        ("5.3", ""): none,  # not available
        ("5.4", ""): red,  # July: 90.2 < 92; trajectory 91 + 1 × 4/12 = 91.33 → 91.3
        ("5.5", ""): red,  # July: 78.4 < 89.4; trajectory 88.4 + 1 × 4/12 = 88.73 → 88.7
        ("5.6", ""): red,  # 21 < 50; trajectory 28 + 22/2 = 39
    }


def test_3_1(september: dict[tuple[str, str], SeriesAssessment]) -> None:
    a = september[("3.1", "")]
    assert (a.figure_month, a.value, a.assessed_value) == (SEP24, D("12.8"), D("12.8"))
    assert a.target == Target(FY24, TargetState.SET, D("49"))
    assert a.rag.rating is Rating.RED
    assert a.rag.reason == (
        "Red: 12.8% is below the 2024-25 target of 49% and below the trajectory of 28.7% for "
        "September 2024."
    )
    # 8.4 + (49 - 8.4) × 6/12 = 28.7
    assert (a.trajectory.expected, a.trajectory.on_track) == (D("28.7"), False)
    assert (
        a.trajectory.reason
        == "Off track: 12.8% is below the trajectory of 28.7% for September 2024."
    )
    assert (a.previous.travel, a.previous.compared_with) == (Travel.IMPROVING, m("2024-08"))
    assert a.previous.reason == "Improving: 12.8%, up from 9.3% in August 2024."
    assert (a.year_ago.travel, a.year_ago.compared_with) == (Travel.NOT_COMPARABLE, m("2023-09"))
    assert a.year_ago.reason == "No comparison: no figure for September 2023."
    # (12.8 - 8.4) / (49 - 8.4) = 4.4 / 40.6 = 0.108 → 11%
    assert a.progress.percent == D("11")
    assert a.progress.reason == (
        "Progress: 11% of the way from the baseline of 8.4% to the 2024-25 target of 49%."
    )
    # Mean 63 / 6 = 10.5; moving ranges 1.4, 0.2, 2.3, 3.1, 3.5: mean 2.1;
    # limits 10.5 ± 2.66 × 2.1 = 4.914 to 16.086; 12.8 inside; the target 49 above them.
    assert a.spc.variation is VariationIcon.COMMON_CAUSE
    assert a.spc.assurance is AssuranceIcon.FAIL
    assert a.spc.points == 6
    assert a.spc.reason.startswith(
        "Common cause variation: the latest point (September 2024) shows no special cause. "
    )
    assert "above the upper process limit of 16.1%" in a.spc.reason
    assert a.spc.reason.endswith("the process will not meet it without change.")
    assert any("6 points" in w for w in a.spc.warnings)
    # every public output gives the reason with its notes, each a sentence
    assert a.spc.in_words == (
        f"{a.spc.reason} Note: The group starting April 2024 has 6 points; limits from fewer "
        "than 13 points are provisional and will change with each new point."
    )


def _limits(values: list[str], direction: Direction) -> tuple[float, float, float]:
    months = [m("2024-04").plus(i) for i in range(len(values))]
    result = xmr(
        dates=[x.first_day for x in months], values=[float(v) for v in values], direction=direction
    )
    last = result.points[-1]
    assert last.mean is not None and last.lpl is not None and last.upl is not None
    return last.mean, last.lpl, last.upl


def test_3_1_process_limits_by_hand() -> None:
    mean, lower, upper = _limits(["8.5", "9.9", "10.1", "12.4", "9.3", "12.8"], Direction.INCREASE)
    assert mean == pytest.approx(10.5)
    assert lower == pytest.approx(4.914)
    assert upper == pytest.approx(16.086)


def test_1_2_1_process_limits_by_hand() -> None:
    """Mean 496.3 / 6 = 82.7167; moving ranges 2.1, 1.3, 1.9, 2.8, 3.1: mean 2.24;
    upper limit 82.7167 + 2.66 × 2.24 = 88.675, below September's 88.9."""
    mean, _, upper = _limits(["77.7", "79.8", "81.1", "83", "85.8", "88.9"], Direction.DECREASE)
    assert mean == pytest.approx(82.716667)
    assert upper == pytest.approx(88.675067)


def test_3_6_latest_figure_is_may(september: dict[tuple[str, str], SeriesAssessment]) -> None:
    a = september[("3.6", "")]
    assert (a.figure_month, a.value, a.assessed_value) == (m("2024-05"), D("43"), D("43"))
    assert a.rag.rating is Rating.GREEN
    assert a.rag.reason == (
        "Green: 43% (the latest figure, for May 2024) meets the 2024-25 target of 40%."
    )
    # 30 + 10 × 2/12 = 31.67 → 32 (no decimals)
    assert (a.trajectory.expected, a.trajectory.on_track) == (D("32"), True)
    assert a.trajectory.reason == "On track: 43% is above the trajectory of 32% for May 2024."
    assert (a.previous.travel, a.previous.compared_with) == (Travel.NOT_COMPARABLE, None)
    assert a.previous.reason == "No comparison: no earlier figure."
    assert a.year_ago.compared_with == m("2023-05")
    assert a.year_ago.reason == "No comparison: no figure for May 2023."
    # (43 - 30) / (40 - 30) = 1.3
    assert a.progress.percent == D("130")
    assert (a.spc.variation, a.spc.assurance, a.spc.points) == (None, None, 1)
    assert a.spc.reason == "No SPC: it needs at least 2 figures and there is 1."


def test_4_1_ssc_is_cumulative(september: dict[tuple[str, str], SeriesAssessment]) -> None:
    a = september[("4.1", "ssc")]
    assert (a.figure_month, a.value, a.assessed_value) == (m("2024-06"), D("12"), D("12"))
    assert a.target == Target(FY24, TargetState.SET, D("63"))
    assert a.rag.rating is Rating.RED
    assert a.rag.reason == (
        "Red: 12 so far in 2024-25 (the latest figure, for June 2024) is below the 2024-25 "
        "target of 63 and below the trajectory of 16 for June 2024."
    )
    # 63 × 3/12 = 15.75 → 16
    assert (a.trajectory.expected, a.trajectory.on_track) == (D("16"), False)
    assert a.trajectory.reason == "Off track: 12 is below the trajectory of 16 for June 2024."
    # 12 new places of 63: 0.19 → 19%
    assert a.progress.percent == D("19")
    assert a.previous.travel is Travel.NOT_COMPARABLE
    assert (a.spc.variation, a.spc.points) == (None, 1)


def test_4_1_ssc_progress_does_not_call_zero_the_baseline(
    september: dict[tuple[str, str], SeriesAssessment],
) -> None:
    """The published baseline of SSC places is 372 (places existing in March 2024); the target
    counts new places. A reason saying "from the baseline of 0" contradicts the scorecard."""
    reason = september[("4.1", "ssc")].progress.reason
    assert reason.startswith("Progress: 19%")
    assert "baseline of 0" not in reason, reason


def test_4_1_special_school_has_no_figure(
    september: dict[tuple[str, str], SeriesAssessment],
) -> None:
    a = september[("4.1", "special_school")]
    assert (a.figure_month, a.value, a.assessed_value) == (None, None, None)
    assert a.target == Target(FY24, TargetState.SET, D("10"))
    assert a.rag.rating is Rating.NONE
    assert a.rag.reason == "No rating: there is no figure yet."
    assert (a.trajectory.expected, a.trajectory.on_track) == (None, None)
    assert a.trajectory.reason == "No trajectory: there is no figure yet."
    assert a.previous.travel is a.year_ago.travel is Travel.NOT_COMPARABLE
    assert a.previous.reason == "No comparison: there is no figure yet."
    assert a.progress.percent is None
    assert a.progress.reason == "No progress measure: there is no figure yet."
    assert (a.spc.variation, a.spc.assurance, a.spc.points) == (None, None, 0)
    assert a.spc.reason == "No SPC: there are no figures yet."


def test_1_2_1_no_target(september: dict[tuple[str, str], SeriesAssessment]) -> None:
    a = september[("1/2.1", "")]
    assert (a.figure_month, a.value) == (SEP24, D("88.9"))
    assert a.target == Target(FY24, TargetState.NO_TARGET)
    assert a.rag.rating is Rating.NONE
    assert a.rag.reason == "No rating: there is no target for 2024-25."
    assert (a.trajectory.expected, a.trajectory.on_track) == (None, None)
    assert a.trajectory.reason == "No trajectory for September 2024."
    # Lower is better: 85.8 → 88.9 is worse.
    assert (a.previous.travel, a.previous.compared_with) == (Travel.WORSENING, m("2024-08"))
    assert a.previous.reason == "Worsening: 88.9%, up from 85.8% in August 2024."
    assert a.progress.percent is None
    assert a.progress.reason == "No progress measure: no target for 2024-25."
    # 88.9 is above the upper limit 88.675: special cause, a concern as lower is better.
    assert a.spc.variation is VariationIcon.CONCERN_HIGH
    assert a.spc.assurance is None
    assert a.spc.points == 6
    assert a.spc.reason == (
        "Special cause variation (concern): the latest point (September 2024) is above the "
        "upper process limit. No assurance icon: there is no target."
    )


def test_5_2_no_baseline_no_figures(september: dict[tuple[str, str], SeriesAssessment]) -> None:
    a = september[("5.2", "")]
    assert (a.figure_month, a.value, a.assessed_value) == (None, None, None)
    assert a.target == Target(FY24, TargetState.SET, D("17.5"))
    assert a.rag.rating is Rating.NONE
    assert a.rag.reason == "No rating: there is no figure yet."
    assert a.trajectory.expected is None
    assert a.progress.percent is None
    assert a.progress.reason == "No progress measure: the baseline is not set."
    assert a.spc.reason == "No SPC: there are no figures yet."


def test_3_5_amber_on_trajectory(september: dict[tuple[str, str], SeriesAssessment]) -> None:
    a = september[("3.5", "")]
    assert a.rag.reason == (
        "Amber: 94% is below the 2024-25 target of 95% but above the trajectory of 89.2% for "
        "September 2024."
    )
    # (94 - 83.3) / (95 - 83.3) = 10.7 / 11.7 = 0.9145 → 91%
    assert a.progress.percent == D("91")


def test_3_2_two_decimals(september: dict[tuple[str, str], SeriesAssessment]) -> None:
    a = september[("3.2", "")]
    assert a.trajectory.expected == D("39.18")
    assert a.rag.reason == (
        "Red: 41.71 is above the 2024-25 target of 34 and above the trajectory of 39.18 for "
        "September 2024."
    )
    assert a.previous.reason == "Improving: 41.71, down from 42.19 in August 2024."


def test_5_1_trajectory_rounds_half_up(september: dict[tuple[str, str], SeriesAssessment]) -> None:
    """16.1 + (16 - 16.1) × 6/12 = 16.05 → 16.1 half up (half-even would give 16.0)."""
    a = september[("5.1", "")]
    assert a.trajectory.expected == D("16.1")
    assert a.rag.reason == (
        "Red: 16.5 is above the 2024-25 target of 16 and above the trajectory of 16.1 for "
        "September 2024."
    )


def test_4_5_termly_compares_with_april(
    september: dict[tuple[str, str], SeriesAssessment],
) -> None:
    a = september[("4.5", "")]
    assert a.figure_month == m("2024-08")
    assert a.rag.reason == (
        "Green: 55 (the latest figure, for August 2024) meets the 2024-25 target of 94."
    )
    # 99 - 5 × 5/12 = 96.92 → 97
    assert (a.trajectory.expected, a.trajectory.on_track) == (D("97"), True)
    assert (a.previous.travel, a.previous.compared_with) == (Travel.IMPROVING, m("2024-04"))
    assert a.previous.reason == "Improving: 55, down from 62 in April 2024."
    # (55 - 99) / (94 - 99) = 8.8
    assert a.progress.percent == D("880")
    # April and August are due; 2 points: mean 58.5, limits 58.5 ± 2.66 × 7 = 39.88 to 77.12;
    # the target 94 is above them and lower is better: the process will consistently meet it.
    assert a.spc.points == 2
    assert a.spc.variation is VariationIcon.COMMON_CAUSE
    assert a.spc.assurance is AssuranceIcon.PASS


def test_4_6_and_5_6(september: dict[tuple[str, str], SeriesAssessment]) -> None:
    a = september[("4.6", "")]
    assert a.rag.reason == (
        "Red: 14 (the latest figure, for August 2024) is above the 2024-25 target of 7 and above "
        "the trajectory of 8 for August 2024."
    )
    assert a.previous.reason == "Worsening: 14, up from 10 in April 2024."
    assert a.progress.percent == D("-250")
    b = september[("5.6", "")]
    assert b.rag.reason == (
        "Red: 21 is below the 2024-25 target of 50 and below the trajectory of 39 for "
        "September 2024."
    )
    # (21 - 28) / (50 - 28) = -0.318 → -32%
    assert b.progress.percent == D("-32")


def test_figures_after_the_period_are_ignored(bundled: tuple[Plan, list[Figure]]) -> None:
    plan, figures = bundled
    a = _assess(plan, figures, "3.1", m("2024-06"))
    assert (a.figure_month, a.value) == (m("2024-06"), D("10.1"))
    # 8.4 + 40.6 × 3/12 = 18.55 → 18.6
    assert a.trajectory.expected == D("18.6")
    assert a.rag.reason == (
        "Red: 10.1% is below the 2024-25 target of 49% and below the trajectory of 18.6% for "
        "June 2024."
    )
    assert a.previous.reason == "Improving: 10.1%, up from 9.9% in May 2024."
    assert a.spc.points == 3


def test_year_ago_uses_the_same_month_a_year_earlier(bundled: tuple[Plan, list[Figure]]) -> None:
    plan, figures = bundled
    earlier = [
        Figure("3.1", "", m("2023-08"), FigureStatus.VALUE, D("14")),
        Figure("3.1", "", m("2023-10"), FigureStatus.VALUE, D("15")),
    ]
    a = _assess(plan, [*figures, *earlier], "3.1", SEP24)
    assert a.year_ago.travel is Travel.NOT_COMPARABLE
    assert a.year_ago.reason == "No comparison: no figure for September 2023."
    same_month = Figure("3.1", "", m("2023-09"), FigureStatus.VALUE, D("10"))
    b = _assess(plan, [*figures, *earlier, same_month], "3.1", SEP24)
    assert (b.year_ago.travel, b.year_ago.compared_with) == (Travel.IMPROVING, m("2023-09"))
    assert b.year_ago.reason == "Improving: 12.8%, up from 10% in September 2023."


def _assess(plan: Plan, figures: list[Figure], metric_id: str, period: Month) -> SeriesAssessment:
    (series,) = plan.metric(metric_id).series
    return assess_series(plan=plan, series=series, figures=figures, period=period)


def _with_metric(plan: Plan, metric: Metric) -> Plan:
    metrics = tuple(metric if x.id == metric.id else x for x in plan.metrics)
    return plan.model_copy(update={"metrics": metrics})


def test_the_plans_rules_are_used(bundled: tuple[Plan, list[Figure]]) -> None:
    plan, figures = bundled
    rules = (
        RagRule(rating=Rating.GREEN, when=(Condition.MEETS_TARGET,)),
        RagRule(rating=Rating.AMBER, when=(Condition.BETTER_THAN_BASELINE,)),
        RagRule(rating=Rating.RED, when=(Condition.ALWAYS,)),
    )
    a = _assess(plan.model_copy(update={"rag_rules": rules}), figures, "3.1", SEP24)
    assert a.rag.rating is Rating.AMBER
    assert a.rag.reason == (
        "Amber: 12.8% is below the 2024-25 target of 49% but better than the baseline of 8.4%."
    )


def test_the_metrics_tolerance_is_used(bundled: tuple[Plan, list[Figure]]) -> None:
    plan, figures = bundled
    metric = plan.metric("3.1").model_copy(update={"tolerance": D("40")})
    a = _assess(_with_metric(plan, metric), figures, "3.1", SEP24)
    # |12.8 - 49| = 36.2 ≤ 40
    assert a.rag.rating is Rating.AMBER
    assert a.rag.reason == (
        "Amber: 12.8% is below the 2024-25 target of 49% but within the tolerance of 40 "
        "percentage points of the target."
    )


def test_the_metrics_no_change_threshold_is_used(bundled: tuple[Plan, list[Figure]]) -> None:
    plan, figures = bundled
    metric = plan.metric("3.1").model_copy(update={"no_change_threshold": D("3.5")})
    a = _assess(_with_metric(plan, metric), figures, "3.1", SEP24)
    # 12.8 - 9.3 = 3.5: equal to the threshold
    assert a.previous.travel is Travel.NO_CHANGE


def test_the_metrics_milestones_are_used(bundled: tuple[Plan, list[Figure]]) -> None:
    plan, figures = bundled
    metric = plan.metric("3.1").model_copy(update={"trajectory": {"2024-09": D("12")}})
    a = _assess(_with_metric(plan, metric), figures, "3.1", SEP24)
    assert (a.trajectory.expected, a.trajectory.on_track) == (D("12"), True)
    assert a.rag.rating is Rating.AMBER


def test_spc_reason_shows_large_limits_in_plain_numbers(
    bundled: tuple[Plan, list[Figure]],
) -> None:
    """A count in the tens of thousands (children with an EHC plan, say) must not appear in a
    reason in scientific notation ("1.254e+04")."""
    plan, _ = bundled
    given = plan.metric("5.6").model_dump()
    metric = Metric.model_validate({**given, "frequency": "monthly", "schedule": None})
    (series,) = metric.series
    counts = ["12100", "12250", "12300", "12420", "12510", "12600"]
    values = {m("2024-04").plus(i): D(v) for i, v in enumerate(counts)}
    summary = series_spc(series=series, values=values, period=SEP24, target=D("15000"))
    assert summary.assurance is AssuranceIcon.FAIL
    assert "e+" not in summary.reason, summary.reason


def test_spc_reason_shows_the_target_in_the_metrics_unit(
    september: dict[tuple[str, str], SeriesAssessment],
) -> None:
    """The RAG reason of 3.1 calls the target "49%"; the SPC reason should too."""
    reason = september[("3.1", "")].spc.reason
    assert "target of 49%" in reason, reason


def test_spc_counts_only_due_months(bundled: tuple[Plan, list[Figure]]) -> None:
    """4.5 is due in April and August: two points from April to September, none missing."""
    plan, figures = bundled
    a = _assess(plan, figures, "4.5", SEP24)
    assert a.spc.points == 2
    assert not any("without a value" in w for w in a.spc.warnings)


def test_a_year_to_date_says_how_many_withheld_months_it_leaves_out(
    bundled: tuple[Plan, list[Figure]],
) -> None:
    """A public year to date adds up the months shown: it says so when months are withheld,
    rather than passing the months shown off as the year (docs/disclosure.md)."""
    plan, _ = bundled
    ssc = next(s for s in plan.metric("4.1").series if s.component == "ssc")

    def quarter(month: str, status: FigureStatus, value: str | None) -> Figure:
        return Figure("4.1", "ssc", m(month), status, None if value is None else D(value))

    public = [
        quarter("2024-06", FigureStatus.SUPPRESSED, None),
        quarter("2024-09", FigureStatus.VALUE, "20"),
    ]
    a = assess_series(plan=plan, series=ssc, figures=iter(public), period=SEP24)
    assert a.assessed_value == D("20")
    assert a.rag.reason.startswith(
        "Red: 20 so far in 2024-25 (not counting 1 month withheld) is below"
    )
    public.insert(0, quarter("2024-03", FigureStatus.SUPPRESSED, None))  # another year
    a = assess_series(plan=plan, series=ssc, figures=public, period=Month(2024, 10))
    assert a.rag.reason.startswith(
        "Red: 20 so far in 2024-25 (not counting 1 month withheld; the latest figure, for "
        "September 2024)"
    )
