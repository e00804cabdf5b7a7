"""Assessment words at boundaries the bundled figures do not reach: a target the baseline
already meets, and a year-to-date target beside the process limits of single figures.

Expected values are worked out by hand from plans/west-sussex-2024-27."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from scorecard.domain.assessment.series import SeriesAssessment, assess_series
from scorecard.domain.catalogue import Metric, Plan
from scorecard.domain.figures import Figure, FigureStatus
from scorecard.domain.periods import Month
from scorecard.domain.spc import VariationIcon
from scorecard.planfiles.reader import read_plan

ROOT = Path(__file__).resolve().parents[4]
D = Decimal


@pytest.fixture(scope="module")
def plan() -> Plan:
    reading = read_plan(ROOT / "plans" / "west-sussex-2024-27")
    assert reading.plan is not None
    return reading.plan


def value(metric_id: str, month: str, number: str, component: str = "") -> Figure:
    return Figure(metric_id, component, Month.parse(month), FigureStatus.VALUE, D(number))


def test_5_3_a_ceiling_above_the_baseline_is_no_progress_measure(plan: Plan) -> None:
    """5.3: lower is better, baseline 17.1, target 17.5 (a ceiling). 17.4 meets the target but
    is worse than the baseline: (17.4 - 17.1) / (17.5 - 17.1) = 75% would call it progress."""
    (series,) = plan.metric("5.3").series
    figures = [value("5.3", "2024-08", "17.2"), value("5.3", "2024-09", "17.4")]
    a = assess_series(plan=plan, series=series, figures=figures, period=Month(2024, 9))
    assert a.rag.reason == "Green: 17.4 meets the 2024-25 target of 17.5."
    assert a.previous.reason == "Worsening: 17.4, up from 17.2 in August 2024."
    assert a.progress.percent is None
    assert a.progress.reason == (
        "No progress measure: the baseline of 17.1 already meets the 2024-25 target of 17.5."
    )


def _quarterly_4_1(plan: Plan) -> tuple[Plan, Metric]:
    given = plan.metric("4.1").model_dump()
    metric = Metric.model_validate({**given, "schedule": None})  # quarterly: Jun, Sep, Dec, Mar
    metrics = tuple(metric if m.id == "4.1" else m for m in plan.metrics)
    return plan.model_copy(update={"metrics": metrics}), metric


def test_4_1_a_year_to_date_target_gets_no_assurance_icon(plan: Plan) -> None:
    """SSC places 12, 10, 15 in June, September, December 2024: 37 so far against 63 for the
    year. The limits are those of single quarters (mean 37/3 = 12.33, mean moving range
    (2 + 5) / 2 = 3.5, upper limit 12.33 + 2.66 × 3.5 = 21.64): comparing the year's 63 with
    them said "will not meet it without change", of a target that is never a single figure."""
    quarterly, metric = _quarterly_4_1(plan)
    ssc = next(s for s in metric.series if s.component == "ssc")
    figures = [
        value("4.1", "2024-06", "12", "ssc"),
        value("4.1", "2024-09", "10", "ssc"),
        value("4.1", "2024-12", "15", "ssc"),
    ]
    a: SeriesAssessment = assess_series(
        plan=quarterly, series=ssc, figures=figures, period=Month(2024, 12)
    )
    assert a.assessed_value == D("37")
    assert (a.spc.variation, a.spc.assurance, a.spc.points) == (
        VariationIcon.COMMON_CAUSE,
        None,
        3,
    )
    assert a.spc.reason == (
        "Common cause variation: the latest point (December 2024) shows no special cause. "
        "No assurance icon: the target of 63 is for the year's figures added up, not for each "
        "figure."
    )
