"""The returns a plan version leaves behind, version after version (docs/plan-format.md,
"Loading a new version")."""

from __future__ import annotations

from scorecard.domain.catalogue import Plan
from scorecard.domain.periods import Month
from scorecard.domain.returns_left import HeldReturn, Why, newly_left
from scorecard.domain.signoff import SignOff
from scorecard.planfiles.reader import read_plan
from tests.conftest import BUNDLED_PLAN

JUNE = Month.parse("2025-06")


def _bundled() -> Plan:
    reading = read_plan(BUNDLED_PLAN)
    assert reading.plan is not None
    return reading.plan


def _renamed(plan: Plan) -> Plan:
    """4.1's special school places given another component id."""
    metrics = []
    for metric in plan.metrics:
        if metric.id == "4.1":
            parts = tuple(
                c.model_copy(update={"id": "special"}) if c.id == "special_school" else c
                for c in metric.components
            )
            metric = metric.model_copy(update={"components": parts})
        metrics.append(metric)
    return plan.model_copy(update={"metrics": tuple(metrics)})


def _without_4_1(plan: Plan) -> Plan:
    return plan.model_copy(update={"metrics": tuple(m for m in plan.metrics if m.id != "4.1")})


def test_a_return_left_behind_again_for_another_reason_is_named_again() -> None:
    held = [HeldReturn("4.1", JUNE, SignOff.APPROVED, frozenset({"ssc", "special_school"}))]
    renamed = _renamed(_bundled())
    (first,) = newly_left(_bundled(), renamed, held)
    assert first.why is Why.COMPONENTS_CHANGED
    # before, taking 4.1 out named nothing: the return had been left behind already, though
    # it can now no longer be returned for correction
    (second,) = newly_left(renamed, _without_4_1(renamed), held)
    assert second.why is Why.METRIC_TAKEN_OUT
    assert "the plan no longer has metric 4.1" in second.describe()
    assert newly_left(_without_4_1(renamed), _without_4_1(renamed), held) == ()
