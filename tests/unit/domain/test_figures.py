"""Checking recorded figures against their plan, and the full grid of figures for a period.

The bundled West Sussex plan runs from 2024-04 to 2027-03. Metrics used here: 3.1 (percent,
every month), 3.6 (percent, May only), 4.1 (count, June only; components ssc and
special_school), 4.3 (days, every month), 4.5 (count, April and August), 1/2.2 (weeks, every
month).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scorecard.domain.catalogue import Plan
from scorecard.domain.figures import (
    Figure,
    FigureStatus,
    check_figure,
    figure_grid,
    half_last_digit,
)
from scorecard.domain.periods import Month
from scorecard.domain.problems import Severity
from scorecard.planfiles.reader import read_plan

PLAN_FOLDER = Path(__file__).resolve().parents[3] / "plans" / "west-sussex-2024-27"
VALUE, NOT_DUE, NOT_AVAILABLE = FigureStatus.VALUE, FigureStatus.NOT_DUE, FigureStatus.NOT_AVAILABLE
D = Decimal


@pytest.fixture(scope="module")
def plan() -> Plan:
    return read_plan(PLAN_FOLDER).plan


def m(text: str) -> Month:
    year, month = text.split("-")
    return Month(int(year), int(month))


def fig(
    metric: str,
    month: str,
    status: FigureStatus = VALUE,
    value: str | None = None,
    fraction: tuple[str | None, str | None] = (None, None),
    component: str = "",
    note: str | None = None,
) -> Figure:
    num, den = (None if x is None else D(x) for x in fraction)
    number = None if value is None else D(value)
    return Figure(metric, component, m(month), status, number, num, den, note=note)


# Each case: the figure, then (rule, field, words the message must contain) for each problem.
PROBLEMS = {
    "unknown metric": (
        fig("9.9", "2024-09", value="1"),
        [("figure-unknown-metric", "metric_id", ['"9.9"', "west-sussex-2024-27"])],
    ),
    "4.1 without component": (
        fig("4.1", "2024-06", value="10"),
        [("figure-unknown-component", "component", ["4.1", "ssc, special_school"])],
    ),
    "4.1 unknown component": (
        fig("4.1", "2024-06", value="10", component="academies"),
        [("figure-unknown-component", "component", ['"academies"', "ssc, special_school"])],
    ),
    "component on single-part metric": (
        fig("3.1", "2024-09", value="50", component="ssc"),
        [("figure-unknown-component", "component", ["3.1", "leave the component empty", '"ssc"'])],
    ),
    "before the plan": (
        fig("3.1", "2024-03", value="50"),
        [("figure-outside-plan", "period", ["2024-03", "2024-04 to 2027-03"])],
    ),
    "after the plan": (
        fig("3.1", "2027-04", value="50"),
        [("figure-outside-plan", "period", ["2027-04", "2024-04 to 2027-03"])],
    ),
    "3.6 in June": (
        fig("3.6", "2024-06", value="50"),
        [("figure-not-scheduled", "period", ["June 2024", "3.6", "reported in May"])],
    ),
    "4.1 in September": (
        fig("4.1", "2024-09", value="10", component="ssc"),
        [("figure-not-scheduled", "period", ["September 2024", "reported in June"])],
    ),
    "4.1 not_available in September": (
        fig("4.1", "2024-09", NOT_AVAILABLE, component="ssc"),
        [("figure-not-scheduled", "period", ["September 2024", "reported in June"])],
    ),
    "not_due in a due month": (
        fig("3.1", "2024-09", NOT_DUE),
        [("figure-not-due-but-due", "status", ["September 2024", "every month"])],
    ),
    "value status without value": (
        fig("3.1", "2024-09", VALUE),
        [("figure-missing-value", "value", ["no value"])],
    ),
    "not_available with a value": (
        fig("3.1", "2024-09", NOT_AVAILABLE, "50"),
        [("figure-value-not-expected", "value", ["not_available"])],
    ),
    "not_available with a numerator": (
        fig("3.1", "2024-09", NOT_AVAILABLE, fraction=("1", None)),
        [("figure-value-not-expected", "value", ["not_available"])],
    ),
    "percent above 100": (
        fig("3.1", "2024-09", value="100.1"),
        [("figure-percent-range", "value", ["100.1%"])],
    ),
    "percent below 0": (
        fig("3.1", "2024-09", value="-0.1"),
        [("figure-percent-range", "value", ["-0.1%"])],
    ),
    "negative count": (
        fig("4.5", "2024-08", value="-3"),
        [("figure-negative", "value", ["-3", "count"])],
    ),
    "negative days": (
        fig("4.3", "2024-09", value="-1"),
        [("figure-negative", "value", ["-1", "days"])],
    ),
    "numerator above denominator": (
        fig("3.1", "2024-09", value="50", fraction=("4", "3")),
        [("figure-numerator-above-denominator", "numerator", ["4", "3"])],
    ),
    "numerator without denominator": (
        fig("3.1", "2024-09", value="50", fraction=("1", None)),
        [("figure-half-fraction", "denominator", ["denominator is missing"])],
    ),
    "denominator without numerator": (
        fig("3.1", "2024-09", value="50", fraction=(None, "2")),
        [("figure-half-fraction", "numerator", ["numerator is missing"])],
    ),
    "negative numerator": (
        fig("3.1", "2024-09", value="50", fraction=("-1", "2")),
        [("figure-negative", "numerator", ["negative"])],
    ),
    "zero denominator": (
        fig("3.1", "2024-09", value="0", fraction=("0", "0")),
        [("figure-zero-denominator", "denominator", ["denominator is 0"])],
    ),
    "fraction mismatch": (
        fig("3.1", "2024-09", value="50.0", fraction=("1", "3")),
        [("figure-fraction-mismatch", "value", ["50.0%", "1 / 3", "33.33%"])],
    ),
    "33.4 is not 1/3": (
        fig("3.1", "2024-09", value="33.4", fraction=("1", "3")),
        [("figure-fraction-mismatch", "value", ["33.4%"])],
    ),
    "34 is not 1/3": (
        fig("3.1", "2024-09", value="34", fraction=("1", "3")),
        [("figure-fraction-mismatch", "value", ["34%"])],
    ),
    "several at once": (
        fig("4.5", "2024-03", value="-1", component="x"),
        [
            ("figure-unknown-component", "component", ['"x"']),
            ("figure-outside-plan", "period", ["2024-03"]),
            ("figure-negative", "value", ["-1"]),
        ],
    ),
}


@pytest.mark.parametrize(("figure", "expected"), PROBLEMS.values(), ids=PROBLEMS.keys())
def test_check_figure_finds_the_problem(
    plan: Plan, figure: Figure, expected: list[tuple[str, str, list[str]]]
) -> None:
    problems = check_figure(plan, figure)
    assert [(p.rule, p.field) for p in problems] == [(rule, f) for rule, f, _ in expected]
    for problem, (rule, _, words) in zip(problems, expected, strict=True):
        assert all(word in problem.message for word in words), problem.message
        assert problem.metric_id == figure.metric_id
        warns = rule == "figure-fraction-mismatch"
        assert problem.severity is (Severity.WARNING if warns else Severity.ERROR)


@pytest.mark.parametrize(
    "figure",
    [
        fig("3.1", "2024-09", value="0"),
        fig("3.1", "2024-09", value="100"),
        fig("3.1", "2027-03", value="44.35"),  # last month of the plan
        fig("3.1", "2024-04", NOT_AVAILABLE),  # first month of the plan
        fig("3.6", "2024-05", value="83"),
        fig("3.6", "2024-06", NOT_DUE),  # not_due in a month with nothing due
        fig("4.1", "2024-06", value="120", component="ssc"),
        fig("4.1", "2025-06", NOT_AVAILABLE, component="special_school"),
        fig("4.5", "2024-04", value="0"),
        fig("3.1", "2024-09", value="33.3", fraction=("1", "3")),
        fig("3.1", "2024-09", value="33", fraction=("1", "3")),
        fig("3.1", "2024-09", value="33.33", fraction=("1", "3")),
        fig("3.1", "2024-09", value="50.0", fraction=("1", "2")),
        fig("3.1", "2024-09", value="66.7", fraction=("2", "3")),  # rounded half up
        fig("3.1", "2024-09", value="100", fraction=("7", "7")),
        fig("1/2.2", "2024-09", value="10", fraction=("5", "2")),  # weeks: any fraction
        fig("4.3", "2024-09", value="1565"),
    ],
    ids=lambda f: f"{f.metric_id}-{f.period}-{f.status}-{f.value}",
)
def test_check_figure_accepts(plan: Plan, figure: Figure) -> None:
    assert check_figure(plan, figure) == []


@pytest.mark.parametrize(
    ("value", "half"),
    [
        ("77.7", "0.05"),
        ("83", "0.5"),
        ("0.05", "0.005"),
        ("12.80", "0.005"),
        ("-3.25", "0.005"),
        ("100", "0.5"),
        ("1E+2", "50"),
    ],
)
def test_half_last_digit(value: str, half: str) -> None:
    assert half_last_digit(D(value)) == D(half)


# figure_grid over 2024-25: (metric, component) -> the months where a figure is due.
FY_2024_25 = [*(f"2024-{n:02d}" for n in range(4, 13)), "2025-01", "2025-02", "2025-03"]
DUE_IN_2024_25 = {
    ("3.6", ""): ["2024-05"],
    ("4.1", "ssc"): ["2024-06"],
    ("4.1", "special_school"): ["2024-06"],
    ("4.5", ""): ["2024-04", "2024-08"],
    ("5.4", ""): ["2024-07"],
    ("5.6", ""): ["2024-09"],
    ("3.1", ""): FY_2024_25,
    ("1/2.2", ""): FY_2024_25,
}


def test_figure_grid_fills_each_series_from_its_schedule(plan: Plan) -> None:
    grid = figure_grid(plan, [], m("2024-04"), m("2025-03"))
    assert len(grid) == 23 * 12  # 22 metrics, 4.1 counting twice; 12 months
    for (metric, component), due in DUE_IN_2024_25.items():
        row = [f for f in grid if (f.metric_id, f.component) == (metric, component)]
        assert [str(f.period) for f in row] == FY_2024_25
        assert [str(f.period) for f in row if f.status is NOT_AVAILABLE] == due
        assert {f.status for f in row if str(f.period) not in due} <= {NOT_DUE}
        assert all(f.value is None for f in row)


def test_figure_grid_order_follows_the_plan(plan: Plan) -> None:
    grid = figure_grid(plan, [], m("2024-06"), m("2024-07"))
    series = list(dict.fromkeys((f.metric_id, f.component) for f in grid))
    assert series[:2] == [("1/2.1", ""), ("1/2.2", "")]
    assert series[10:12] == [("4.1", "ssc"), ("4.1", "special_school")]
    assert [str(f.period) for f in grid[:2]] == ["2024-06", "2024-07"]


def test_figure_grid_keeps_recorded_figures(plan: Plan) -> None:
    recorded = [
        fig("3.1", "2024-09", value="44.35", note="from the dashboard"),
        fig("4.1", "2024-06", value="120", component="special_school"),
        fig("3.6", "2024-05", NOT_AVAILABLE, note="late"),
        fig("3.1", "2025-04", value="50"),  # outside the grid's months
        fig("9.9", "2024-09", value="1"),  # not a metric of the plan
    ]
    grid = figure_grid(plan, recorded, m("2024-04"), m("2025-03"))
    found = {f.key: f for f in grid}
    assert found[("3.1", "", m("2024-09"))] is recorded[0]
    assert found[("4.1", "special_school", m("2024-06"))] is recorded[1]
    assert found[("4.1", "ssc", m("2024-06"))].status is NOT_AVAILABLE
    assert found[("3.6", "", m("2024-05"))] is recorded[2]
    assert found[("3.1", "", m("2024-10"))].status is NOT_AVAILABLE
    assert ("3.1", "", m("2025-04")) not in found
    assert all(f.metric_id != "9.9" for f in grid)
    assert len(grid) == 23 * 12


def test_figure_grid_ignores_recorded_not_due_figures(plan: Plan) -> None:
    recorded = [
        fig("3.1", "2024-09", NOT_DUE, note="wrongly not due"),
        fig("3.6", "2024-06", NOT_DUE, note="recorded anyway"),
    ]
    grid = figure_grid(plan, recorded, m("2024-04"), m("2025-03"))
    found = {f.key: f for f in grid}
    assert found[("3.1", "", m("2024-09"))] == fig("3.1", "2024-09", NOT_AVAILABLE)
    assert found[("3.6", "", m("2024-06"))] == fig("3.6", "2024-06", NOT_DUE)
    assert all(f.note is None for f in grid)


def test_figure_grid_of_no_months_is_empty(plan: Plan) -> None:
    assert figure_grid(plan, [fig("3.1", "2024-09", value="1")], m("2024-10"), m("2024-09")) == []


# Properties

plan_months = st.integers(0, 35).map(lambda i: Month(2024, 4).plus(i))


@given(plan_months, plan_months)
def test_grid_statuses_follow_each_schedule(plan: Plan, a: Month, b: Month) -> None:
    first, last = min(a, b), max(a, b)
    grid = figure_grid(plan, [], first, last)
    assert len(grid) == 23 * (last.months_since(first) + 1)
    for f in grid:
        due = f.period.month in plan.metric(f.metric_id).reporting_schedule.months
        assert f.status is (NOT_AVAILABLE if due else NOT_DUE)
        assert first <= f.period <= last


@given(st.integers(1, 10_000), st.integers(0, 10_000), st.integers(0, 3))
def test_a_percentage_from_its_fraction_is_accepted(
    plan: Plan, den: int, n: int, places: int
) -> None:
    num = n % (den + 1)  # 0 <= numerator <= denominator
    exact = D(num) * 100 / D(den)
    value = exact.quantize(D(1).scaleb(-places), rounding=ROUND_HALF_UP)
    figure = Figure("3.1", "", m("2024-09"), VALUE, value, D(num), D(den))
    assert check_figure(plan, figure) == []


@given(st.decimals(min_value=-1000, max_value=1000, places=1))
def test_percent_range(plan: Plan, value: Decimal) -> None:
    rules = [p.rule for p in check_figure(plan, Figure("3.1", "", m("2024-09"), VALUE, value))]
    assert rules == ([] if 0 <= value <= 100 else ["figure-percent-range"])
