"""Metrics of net changes (`negative: allowed`): figures below zero accepted only there, checked
at the boundaries, and shown alike everywhere (a hyphen-minus, never "-0"); disclosure control
by size; assessments that read a fall as a fall."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from pydantic import ValidationError

from scorecard.domain.assessment.progress import progress
from scorecard.domain.assessment.travel import Travel, direction_of_travel
from scorecard.domain.catalogue import (
    DisclosurePolicy,
    Metric,
    NegativeFigures,
    Plan,
    Polarity,
    Target,
    TargetState,
    Unit,
)
from scorecard.domain.disclosure import Rules, disclose_count, protect_group, rules_for
from scorecard.domain.figures import Figure, FigureStatus, check_figure
from scorecard.domain.formatting import number, quantity, rounded
from scorecard.domain.periods import FinancialYear, Month
from scorecard.domain.release_notes import Undisclosed, named_undisclosed
from scorecard.planfiles.reader import read_plan

PLAN_FOLDER = Path(__file__).resolve().parents[3] / "plans" / "west-sussex-2024-27"
D = Decimal
JUNE = Month(2025, 6)


@pytest.fixture(scope="module")
def plan() -> Plan:
    found = read_plan(PLAN_FOLDER).plan
    assert found is not None
    return found


def _with(plan: Plan, metric_id: str, **changes: object) -> Plan:
    metrics = tuple(m.model_copy(update=changes) if m.id == metric_id else m for m in plan.metrics)
    return plan.model_copy(update={"metrics": metrics})


def _figure(metric_id: str, month: Month, value: str, component: str = "", **parts: str) -> Figure:
    fraction = {k: D(v) for k, v in parts.items()}
    return Figure(metric_id, component, month, FigureStatus.VALUE, D(value), **fraction)


def _rules(plan: Plan, figure: Figure) -> list[tuple[str, str | None]]:
    return [(p.rule, p.field) for p in check_figure(plan, figure)]


def test_the_bundled_plan_allows_4_1_only(plan: Plan) -> None:
    allowing = [m.id for m in plan.metrics if m.allows_negative]
    assert allowing == ["4.1"]
    assert plan.metric("3.1").negative is NegativeFigures.NOT_ALLOWED


@pytest.mark.parametrize("value", ["-1", "0", "-0", "1", "-1565"])
def test_a_net_change_may_be_below_zero(plan: Plan, value: str) -> None:
    assert _rules(plan, _figure("4.1", JUNE, value, "ssc")) == []


def test_a_net_change_that_counts_places_is_still_whole(plan: Plan) -> None:
    assert _rules(plan, _figure("4.1", JUNE, "-1.5", "ssc")) == [
        ("figure-count-not-whole", "value")
    ]


def test_a_negative_decimal_where_the_unit_allows_it(plan: Plan) -> None:
    days = _with(plan, "4.3", negative=NegativeFigures.ALLOWED)
    assert _rules(days, _figure("4.3", JUNE, "-0.5")) == []
    # a mean of net changes: its numerator (a sum of changes) may be below zero, not its count
    assert _rules(days, _figure("4.3", JUNE, "-0.5", numerator="-1", denominator="2")) == []
    assert _rules(days, _figure("4.3", JUNE, "-0.5", numerator="1", denominator="-2")) == [
        ("figure-negative", "denominator")
    ]


def test_other_metrics_refuse_minus_one_naming_the_metric(plan: Plan) -> None:
    (problem,) = check_figure(plan, _figure("4.5", Month(2024, 8), "-1"))
    assert (problem.rule, problem.field, problem.metric_id) == ("figure-negative", "value", "4.5")
    assert problem.message.startswith("-1 is negative, which a figure of metric 4.5 (count)")
    assert _rules(plan, _figure("4.5", Month(2024, 8), "0")) == []


def test_counts_behind_a_net_change_are_never_negative(plan: Plan) -> None:
    found = check_figure(plan, _figure("4.1", JUNE, "-1", "ssc", numerator="-1", denominator="1"))
    assert [(p.rule, p.field) for p in found] == [("figure-negative", "numerator")]
    assert "the numerator -1 cannot be negative: it counts children or cases" in found[0].message


def test_a_percentage_cannot_allow_negative_figures(plan: Plan) -> None:
    data = plan.metric("3.1").model_dump(mode="json") | {"negative": "allowed"}
    with pytest.raises(ValidationError, match="a percentage is 0 to 100"):
        Metric.model_validate(data)
    assert _rules(plan, _figure("3.1", JUNE, "-0.1")) == [("figure-percent-range", "value")]


@pytest.mark.parametrize(
    ("value", "decimals", "shown"),
    [("-0.04", 1, "0.0"), ("-0.4", 0, "0"), ("-0.05", 1, "-0.1"), ("-1565", 0, "-1565")],
)
def test_rounding_never_gives_minus_zero(value: str, decimals: int, shown: str) -> None:
    assert str(rounded(D(value), decimals)) == shown


def test_numbers_are_written_with_a_hyphen_minus() -> None:
    assert number(D("-1565")) == "-1,565"
    assert number(D("-0")) == "0" and number(D("-0.0")) == "0.0"
    assert quantity(D("-3"), Unit.COUNT) == "-3"
    assert quantity(D("-2.5"), Unit.WEEKS) == "-2.5"


HES = rules_for(DisclosurePolicy.HES)
DFE = rules_for(DisclosurePolicy.DFE_EXCLUSIONS)
MHSDS = rules_for(DisclosurePolicy.NHS_MHSDS)


@pytest.mark.parametrize(
    ("rules", "count", "shown"),
    [
        (HES, "-1", None),
        (HES, "-7", None),
        (HES, "-8", "-10"),
        (HES, "-12", "-10"),
        (HES, "-13", "-15"),
        (HES, "-12.5", "-15"),
        (HES, "12.5", "15"),
        (HES, "0", "0"),
        (DFE, "-2", None),
        (DFE, "-3", "-3"),
        (MHSDS, "-4", None),
        (MHSDS, "-5", "-5"),
    ],
)
def test_a_net_change_is_controlled_by_its_size(
    rules: Rules, count: str, shown: str | None
) -> None:
    result = disclose_count(rules, D(count))
    assert result.value == (None if shown is None else D(shown))
    assert str(result.value) != "-0"


def test_a_withheld_net_change_beside_a_published_total_withholds_every_part() -> None:
    parts = {"a": D(2), "b": D(-9), "c": D(5)}
    assert protect_group(parts, {"a"}, total_can_be_withheld=False).withheld == {"a", "b", "c"}


def test_a_note_may_not_give_a_withheld_net_change_by_its_size() -> None:
    hidden = [Undisclosed(D(-3), ("4.1", "ssc", JUNE), "withheld")]
    assert named_undisclosed("places fell by 3 this quarter", hidden) is not None
    assert named_undisclosed("corrected to -3", hidden) is not None
    assert named_undisclosed("corrected in 2024-25", hidden) is None


def test_progress_of_a_year_that_lost_places() -> None:
    target = Target(FinancialYear(2024), TargetState.SET, D(10))
    result = progress(
        value=D(-1),
        baseline=D(0),
        target=target,
        unit=Unit.COUNT,
        polarity=Polarity.HIGHER_IS_BETTER,
        year_to_date=True,
    )
    assert result.percent == D(-10)
    assert result.reason == (
        "Progress: -10%: -1 so far in 2024-25, further from the target of 10 than at the start "
        "of the year."
    )
    met = progress(value=D(0), baseline=D(0), target=target, unit=Unit.COUNT, year_to_date=True)
    assert met.reason == "Progress: 0% of the 2024-25 target of 10 (0 so far)."


def test_travel_reads_a_smaller_fall_as_improving() -> None:
    june_2024 = Month(2024, 6)
    result = direction_of_travel(
        values={june_2024: D(-4), JUNE: D(-2)},
        month=JUNE,
        against=june_2024,
        polarity=Polarity.HIGHER_IS_BETTER,
        unit=Unit.COUNT,
    )
    assert result.travel is Travel.IMPROVING
    assert result.reason == "Improving: -2, up from -4 in June 2024."
