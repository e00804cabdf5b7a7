"""The workbook's Cover explains the ratings by the plan's own RAG rules, as the page and the
board pack do: another local area whose Amber means "better than the baseline" is not told it
means "on the trajectory"."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl

from scorecard.domain.periods import Month
from scorecard.domain.ragrules import Condition, RagRule, Rating
from scorecard.planfiles.reader import read_plan
from scorecard.publish.report import build_report
from scorecard.publish.xlsx import render_xlsx

OTHER_AREA = Path(__file__).parents[2] / "fixtures" / "other-area"


def _cover_ratings(rules: tuple[RagRule, ...] | None) -> list[tuple[str, str]]:
    reading = read_plan(OTHER_AREA)
    assert reading.plan is not None, reading.problems
    plan = reading.plan
    if rules is not None:
        plan = plan.model_copy(update={"rag_rules": rules})
    book = openpyxl.load_workbook(io.BytesIO(render_xlsx(build_report(plan, [], Month(2025, 10)))))
    rows = [
        (str(a or ""), str(b or ""))
        for a, b in book["Cover"].iter_rows(max_col=2, values_only=True)
    ]
    start = [label for label, _ in rows].index("Ratings") + 1
    return rows[start : start + 4]


def test_the_cover_gives_the_plans_own_rules() -> None:
    rules = (
        RagRule(rating=Rating.GREEN, when=(Condition.MEETS_TARGET,)),
        RagRule(rating=Rating.AMBER, when=(Condition.BETTER_THAN_BASELINE,)),
        RagRule(rating=Rating.RED, when=(Condition.ALWAYS,)),
    )
    assert _cover_ratings(rules) == [
        ("✓ Green", "The figure meets the year's target."),
        ("▲ Amber", "It is better than the baseline."),
        ("✗ Red", "Otherwise."),
        (
            "– No rating",
            "There is no target for the year, no figure yet, or neither direction is better.",
        ),
    ]


def test_the_default_rules_are_given_in_the_same_words() -> None:
    assert _cover_ratings(None)[1] == (
        "▲ Amber",
        "It is on the trajectory from the baseline towards the target or it is within the "
        "metric's tolerance of the target.",
    )
