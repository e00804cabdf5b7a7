"""Baselines as the public outputs show them: a plan stored before baselines its policy
withholds or rounds were refused is shown to the public as the policy would show the number."""

from __future__ import annotations

from decimal import Decimal
from functools import cache

from scorecard.domain.catalogue import Baseline, DisclosurePolicy, Metric, Plan
from scorecard.domain.periods import Month
from scorecard.domain.public_baselines import (
    WITHHELD_NOTE,
    baselines_not_shown,
    disclose_baselines,
)
from scorecard.domain.releases import readiness
from scorecard.planfiles.reader import read_plan
from tests.conftest import ROOT


@cache
def bundled() -> Plan:
    plan = read_plan(ROOT / "plans" / "west-sussex-2024-27").plan
    assert plan is not None
    return plan


def with_metric(metric_id: str, **update: object) -> Plan:
    """The bundled plan with one metric changed as an earlier release let it be stored."""
    plan = bundled()
    metrics = tuple(m.model_copy(update=update) if m.id == metric_id else m for m in plan.metrics)
    return plan.model_copy(update={"metrics": metrics})


def metric(plan: Plan, metric_id: str) -> Metric:
    return next(m for m in plan.metrics if m.id == metric_id)


def test_a_baseline_the_policy_withholds_is_withheld_for_the_public() -> None:
    stored = with_metric("4.5", baseline=Baseline(value=Decimal(2), label="Spring Census 23-24"))

    public = metric(disclose_baselines(stored), "4.5")

    assert public.baseline == Baseline(value=None, label="Spring Census 23-24", note=WITHHELD_NOTE)
    assert metric(stored, "4.5").baseline.value == Decimal(2)  # the stored plan is unchanged


def test_a_baseline_the_policy_rounds_is_rounded_for_the_public() -> None:
    stored = with_metric(
        "1/2.1", unit=metric(bundled(), "4.5").unit, baseline=Baseline(value=Decimal(12))
    )

    assert metric(disclose_baselines(stored), "1/2.1").baseline.value == Decimal(10)


def test_a_component_baseline_is_disclosed_as_well() -> None:
    four_one = metric(bundled(), "4.1")
    parts = (four_one.components[0].model_copy(update={"baseline": Baseline(value=Decimal(1))}),)
    stored = with_metric(
        "4.1", components=(*parts, *four_one.components[1:]), disclosure=DisclosurePolicy.HES
    )

    public = metric(disclose_baselines(stored), "4.1")

    assert public.series[0].baseline.value is None
    assert public.series[1].baseline.value == Decimal(1565)  # a multiple of 5 is shown
    assert [(b.metric_id, b.component) for b in baselines_not_shown(stored)] == [("4.1", "ssc")]


def test_a_plan_read_under_the_current_rules_is_shown_as_it_is() -> None:
    assert disclose_baselines(bundled()) is bundled()


def test_a_release_warns_of_a_baseline_its_public_outputs_withhold() -> None:
    stored = with_metric("4.5", baseline=Baseline(value=Decimal(2)))

    found = readiness(stored, [], Month.parse("2024-09"), [])

    words = [p.message for p in found.warnings if p.field == "baseline"]
    assert words == [
        "the baseline 2 is withheld ([c]) in public outputs, as its disclosure policy shows such "
        "a number (the plan was stored before such baselines were refused); load the plan again "
        "with the baseline as the public outputs show it, or as a note"
    ]
