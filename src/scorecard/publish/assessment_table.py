"""Assessments as a tidy table: the columns of `scorecard assess` (docs/assessment.md)."""

from __future__ import annotations

from collections.abc import Sequence

from scorecard.domain.assessment.series import SeriesAssessment
from scorecard.publish.tables import Cell, Table

ASSESSMENT_COLUMNS = (
    "plan_id",
    "metric_id",
    "component",
    "period",
    "figure_period",
    "value",
    "assessed_value",
    "unit",
    "polarity",
    "target_year",
    "target",
    "target_state",
    "rag",
    "rag_reason",
    "trajectory_value",
    "on_track",
    "trajectory_reason",
    "direction_previous",
    "previous_period",
    "direction_previous_reason",
    "direction_year_ago",
    "year_ago_period",
    "direction_year_ago_reason",
    "progress_percent",
    "progress_reason",
    "spc_variation",
    "spc_assurance",
    "spc_points",
    "spc_reason",
    "spc_warnings",
)


def assessment_table(plan_id: str, assessments: Sequence[SeriesAssessment]) -> Table:
    return ASSESSMENT_COLUMNS, [_row(plan_id, a) for a in assessments]


def _month(month: object) -> str | None:
    return None if month is None else str(month)


def _row(plan_id: str, a: SeriesAssessment) -> dict[str, Cell]:
    metric = a.series.metric
    return {
        "plan_id": plan_id,
        "metric_id": metric.id,
        "component": a.series.component,
        "period": str(a.period),
        "figure_period": _month(a.figure_month),
        "value": a.value,
        "assessed_value": a.assessed_value,
        "unit": metric.unit.value,
        "polarity": metric.polarity.value,
        "target_year": str(a.target.year),
        "target": a.target.value,
        "target_state": a.target.state.value,
        "rag": a.rag.rating.value,
        "rag_reason": a.rag.reason,
        "trajectory_value": a.trajectory.expected,
        "on_track": a.trajectory.on_track,
        "trajectory_reason": a.trajectory.reason,
        "direction_previous": a.previous.travel.value,
        "previous_period": _month(a.previous.compared_with),
        "direction_previous_reason": a.previous.reason,
        "direction_year_ago": a.year_ago.travel.value,
        "year_ago_period": _month(a.year_ago.compared_with),
        "direction_year_ago_reason": a.year_ago.reason,
        "progress_percent": a.progress.percent,
        "progress_reason": a.progress.reason,
        "spc_variation": a.spc.variation.value if a.spc.variation else None,
        "spc_assurance": a.spc.assurance.value if a.spc.assurance else None,
        "spc_points": a.spc.points,
        "spc_reason": a.spc.reason,
        "spc_warnings": "; ".join(a.spc.warnings) or None,
    }
