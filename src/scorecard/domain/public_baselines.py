"""Baselines as the public outputs show them (docs/disclosure.md).

A plan file whose baseline its metric's disclosure policy withholds or rounds is refused when it
is read (`planfiles.rules.baselines_disclosable`). A plan stored before that rule existed may
still hold one (a baseline of 2 under `dfe_exclusions`), so every public output is built from
the plan with such a baseline as the policy shows a number given on its own: withheld (no
value, and a note saying so) or rounded. What is assessed for the public (progress, ratings that
use the baseline) then rests only on what the public are shown. Internal views keep the
baseline as recorded.
"""

from __future__ import annotations

from dataclasses import dataclass

from scorecard.domain.catalogue import Baseline, Component, Metric, Plan
from scorecard.domain.disclosure import disclose_plain

WITHHELD_NOTE = "[c] withheld under disclosure control"


@dataclass(frozen=True)
class BaselineShown:
    """A baseline the public outputs do not show as recorded: which, and how they show it."""

    metric_id: str
    component: str
    recorded: Baseline
    shown: Baseline
    reason: str


def public_baseline(metric: Metric, baseline: Baseline) -> tuple[Baseline, str]:
    """The baseline as the public outputs show it under the metric's policy, and why it is
    not shown as recorded ("" when it is)."""
    if baseline.value is None:
        return baseline, ""
    shown = disclose_plain(metric, baseline.value)
    if shown.value == baseline.value:  # as recorded, or already as the policy rounds it
        return baseline, ""
    if shown.value is None:
        return Baseline(value=None, label=baseline.label, note=WITHHELD_NOTE), shown.reason
    return baseline.model_copy(update={"value": shown.value}), shown.reason


def baselines_not_shown(plan: Plan) -> list[BaselineShown]:
    """Every baseline of the plan that the public outputs withhold or round."""
    found = []
    for metric in plan.metrics:
        for series in metric.series:
            shown, reason = public_baseline(metric, series.baseline)
            if reason:
                found.append(
                    BaselineShown(metric.id, series.component, series.baseline, shown, reason)
                )
    return found


def disclose_baselines(plan: Plan) -> Plan:
    """The plan with each baseline as the public outputs show it; the same plan when every
    baseline is shown as recorded (as every plan read under the current rules is)."""
    if not baselines_not_shown(plan):
        return plan
    return plan.model_copy(update={"metrics": tuple(_metric(m) for m in plan.metrics)})


def _metric(metric: Metric) -> Metric:
    if metric.components:
        parts = tuple(_component(metric, c) for c in metric.components)
        return metric.model_copy(update={"components": parts})
    if metric.baseline is None:
        return metric
    shown, _ = public_baseline(metric, metric.baseline)
    return metric.model_copy(update={"baseline": shown})


def _component(metric: Metric, component: Component) -> Component:
    shown, _ = public_baseline(metric, component.baseline)
    return component.model_copy(update={"baseline": shown})
