"""RAG rules that can never rate some metrics (scorecard.planfiles.ragreach)."""

from __future__ import annotations

from pathlib import Path

from scorecard.planfiles.reader import read_plan

WITHIN_TOLERANCE_ONLY = (
    "rag_rules:\n  - {rating: green, when: [meets_target]}\n"
    "  - {rating: amber, when: [within_tolerance]}\n"
    "  - {rating: red, when: [always]}\n"
)


def _never(folder: Path) -> list[str]:
    reading = read_plan(folder)
    assert reading.ok
    return [p.message for p in reading.problems if p.rule == "rag-rule-never-applies"]


def test_a_rule_no_metric_can_meet_names_every_metric_it_never_rates(plan_copy: Path) -> None:
    plan = plan_copy / "plan.yaml"
    plan.write_text(plan.read_text(encoding="utf-8") + WITHIN_TOLERANCE_ONLY, encoding="utf-8")
    [message] = _never(plan_copy)
    assert message.startswith("the amber rule can never rate metrics 1/2.1, 1/2.2, ")
    assert " and 5.6 amber: within_tolerance needs a tolerance, which they do not give; " in (
        message
    )


def test_a_metric_with_a_tolerance_can_be_rated_by_it(plan_copy: Path) -> None:
    plan = plan_copy / "plan.yaml"
    plan.write_text(plan.read_text(encoding="utf-8") + WITHIN_TOLERANCE_ONLY, encoding="utf-8")
    metrics = plan_copy / "metrics.yaml"
    text = metrics.read_text(encoding="utf-8")
    metrics.write_text(
        text.replace("  baseline: {value: 8.4}\n", "  baseline: {value: 8.4}\n  tolerance: 2\n", 1),
        encoding="utf-8",
    )
    [message] = _never(plan_copy)
    assert " 3.1," not in message and " 3.2," in message


def test_the_default_rules_can_rate_every_metric(plan_copy: Path) -> None:
    """on_trajectory can hold for every metric, year-to-date ones included."""
    assert _never(plan_copy) == []
