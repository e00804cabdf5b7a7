"""The plan and its figures as tidy tables: the public columns of `plan export` and
`figures export` (documented in docs/exports.md; the column names are a contract)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from scorecard.domain.catalogue import Plan
from scorecard.domain.figures import Figure, figure_grid
from scorecard.domain.periods import MONTH_NAMES, FinancialYear

Cell = str | bool | int | Decimal | None
Table = tuple[tuple[str, ...], list[dict[str, Cell]]]

FIGURE_COLUMNS = (
    "plan_id",
    "metric_id",
    "component",
    "period",
    "status",
    "value",
    "unit",
    "numerator",
    "denominator",
    "reference_period",
    "quality",
    "source",
    "note",
)


def target_column(year: FinancialYear) -> str:
    """ "target_2024_25" for 2024-25."""
    return "target_" + str(year).replace("-", "_")


def plan_columns(plan: Plan) -> tuple[str, ...]:
    years = plan.years
    return (
        "plan_id",
        "metric_id",
        "component",
        "component_label",
        "areas",
        "kpi",
        "unit",
        "unit_label",
        "decimals",
        "frequency",
        "schedule",
        "polarity",
        "data_quality",
        "accumulation",
        "baseline_value",
        "baseline_label",
        "baseline_note",
        *(target_column(y) for y in years),
        *(target_column(y) + "_state" for y in years),
        "negative",
        "la_code",
    )


def plan_table(plan: Plan) -> Table:
    """One row per metric and component."""
    rows: list[dict[str, Cell]] = []
    for metric in plan.metrics:
        for series in metric.series:
            row: dict[str, Cell] = {
                "plan_id": plan.id,
                "metric_id": metric.id,
                "component": series.component,
                "component_label": series.component_label,
                "areas": ";".join(str(a) for a in metric.areas),
                "kpi": metric.kpi,
                "unit": metric.unit.value,
                "unit_label": metric.shown_unit,
                "decimals": metric.decimals,
                "frequency": metric.frequency.value,
                "schedule": ";".join(
                    MONTH_NAMES[n - 1] for n in sorted(metric.reporting_schedule.months)
                ),
                "polarity": metric.polarity.value,
                "data_quality": metric.data_quality.value,
                "accumulation": metric.accumulation.value,
                "baseline_value": series.baseline.value,
                "baseline_label": series.baseline.label or plan.baseline_label,
                "baseline_note": series.baseline.note,
            }
            for year in plan.years:
                target = series.target_for(year)
                row[target_column(year)] = target.value
                row[target_column(year) + "_state"] = target.state.value
            row["negative"] = metric.negative.value
            row["la_code"] = plan.la_code
            rows.append(row)
    return plan_columns(plan), rows


def figure_row(plan: Plan, figure: Figure) -> dict[str, Cell]:
    return {
        "plan_id": plan.id,
        "metric_id": figure.metric_id,
        "component": figure.component,
        "period": str(figure.period),
        "status": figure.status.value,
        "value": figure.value,
        "unit": plan.metric(figure.metric_id).unit.value,
        "numerator": figure.numerator,
        "denominator": figure.denominator,
        "reference_period": figure.reference_period,
        "quality": ";".join(sorted(q.value for q in figure.quality)),
        "source": figure.source,
        "note": figure.note,
    }


def computed_table(plan: Plan, figures: Sequence[tuple[str, Figure]], *, with_la: bool) -> Table:
    """Computed figures in the tidy export format, with an la_code column first when the
    figures cover several local authorities."""
    rows = []
    for la_code, figure in figures:
        row = figure_row(plan, figure)
        rows.append({"la_code": la_code, **row} if with_la else row)
    columns = ("la_code", *FIGURE_COLUMNS) if with_la else FIGURE_COLUMNS
    return columns, rows


def figures_table(plan: Plan, recorded: list[Figure]) -> Table:
    """One row per metric × component × month, from the plan's start to the last month with a
    recorded figure: recorded figures, and the derived not_due and not_available ones."""
    if not recorded:
        return FIGURE_COLUMNS, []
    last = max(f.period for f in recorded)
    grid = figure_grid(plan, recorded, plan.start, min(last, plan.end))
    return FIGURE_COLUMNS, [figure_row(plan, figure) for figure in grid]
