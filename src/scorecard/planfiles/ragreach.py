"""The plan's RAG rules against the metrics they rate: a rule none of whose conditions can ever
hold for a metric never gives it its rating, which the plan's authors would not see until the
metric was never rated so. Two conditions cannot hold for some metrics whatever their figures:
`within_tolerance` for a metric without a tolerance, and `better_than_baseline` for a
year-to-date target (docs/assessment.md). A baseline not yet set is left out: it is set later,
and its own warning asks for a note until it is."""

from __future__ import annotations

from collections.abc import Callable

from scorecard.domain.catalogue import Accumulation, Metric, Plan, Polarity
from scorecard.domain.problems import Problem, warning
from scorecard.domain.ragrules import Condition, RagRule
from scorecard.planfiles.rules import Locator

# the conditions that cannot hold for some metrics: when not, and why not
NEVER: dict[Condition, tuple[Callable[[Metric], bool], str]] = {
    Condition.WITHIN_TOLERANCE: (
        lambda metric: metric.tolerance is None,
        "within_tolerance needs a tolerance, which {they} not give",
    ),
    Condition.BETTER_THAN_BASELINE: (
        lambda metric: metric.accumulation is Accumulation.YEAR_TO_DATE,
        "better_than_baseline does not apply to a target met by the year's figures added up "
        "(accumulation: year_to_date)",
    ),
}


def rag_rules_reach(plan: Plan, at: Locator) -> list[Problem]:
    """A warning for each rule that can never rate some metrics, naming them and why."""
    problems = []
    for position, rule in enumerate(plan.rag_rules):
        if any(condition not in NEVER for condition in rule.when):
            continue  # meets_target, on_trajectory and always can hold for every metric
        unreached = [
            metric
            for metric in plan.metrics
            if metric.polarity is not Polarity.NONE  # never rated at all
            and all(NEVER[condition][0](metric) for condition in rule.when)
        ]
        if unreached:
            problems.append(at.in_plan(_never_rated(rule, unreached), "rag_rules", position))
    return problems


def _never_rated(rule: RagRule, metrics: list[Metric]) -> Problem:
    ids = [m.id for m in metrics]
    one = len(ids) == 1
    named = f"metric {ids[0]}" if one else f"metrics {', '.join(ids[:-1])} and {ids[-1]}"
    they = "it does" if one else "they do"
    why = "; ".join(NEVER[c][1].format(they=they) for c in dict.fromkeys(rule.when))
    rating = rule.rating.value
    return warning(
        "rag-rule-never-applies",
        f"the {rating} rule can never rate {named} {rating}: {why}; to rate "
        f"{'it' if one else 'them'} {rating}, give the rule a condition that can hold, such as "
        "on_trajectory",
        field="rag_rules",
    )
