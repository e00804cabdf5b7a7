"""RAG ratings against a year's target, by the plan's rule set.

Every expected rating and reason is worked out by hand from the rules: Green when the figure
meets the year's target; Amber when it is on the trajectory or within the tolerance of the
target; Red otherwise; no rating without a target, a figure, or a better direction.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from scorecard.domain.assessment.rag import rag
from scorecard.domain.catalogue import Polarity, Target, TargetState, Unit
from scorecard.domain.periods import FinancialYear, Month
from scorecard.domain.ragrules import DEFAULT_RULES, Condition, RagRule, Rating

D = Decimal
FY24, FY25 = FinancialYear(2024), FinancialYear(2025)
SEP24 = Month(2024, 9)
HIGHER, LOWER, NEITHER = Polarity.HIGHER_IS_BETTER, Polarity.LOWER_IS_BETTER, Polarity.NONE
GREEN, AMBER, RED, NONE = Rating.GREEN, Rating.AMBER, Rating.RED, Rating.NONE
TARGET_49 = Target(FY24, TargetState.SET, D("49"))  # 3.1: % of EHC plans within 20 weeks
TARGET_18 = Target(FY24, TargetState.SET, D("18"))  # 1/2.2: weeks waiting, lower is better


# (id, keyword arguments besides unit/polarity/target, rating, reason)
HIGHER_CASES = [
    ("equal-to-target", {"value": D("49")}, GREEN, "Green: 49% meets the 2024-25 target of 49%."),
    ("above-target", {"value": D("55")}, GREEN, "Green: 55% meets the 2024-25 target of 49%."),
    (
        "above-target-off-trajectory-still-green",
        {"value": D("49.1"), "expected": D("60"), "month": SEP24},
        GREEN,
        "Green: 49.1% meets the 2024-25 target of 49%.",
    ),
    (
        "exactly-on-trajectory",
        {"value": D("28.7"), "expected": D("28.7"), "month": SEP24},
        AMBER,
        "Amber: 28.7% is below the 2024-25 target of 49% but on the trajectory of 28.7% for "
        "September 2024.",
    ),
    (
        "ahead-of-trajectory",
        {"value": D("30"), "expected": D("28.7"), "month": SEP24},
        AMBER,
        "Amber: 30% is below the 2024-25 target of 49% but above the trajectory of 28.7% for "
        "September 2024.",
    ),
    (
        "just-behind-trajectory",
        {"value": D("28.6"), "expected": D("28.7"), "month": SEP24},
        RED,
        "Red: 28.6% is below the 2024-25 target of 49% and below the trajectory of 28.7% for "
        "September 2024.",
    ),
    (
        "3.1-september-2024",
        {"value": D("12.8"), "expected": D("28.7"), "month": SEP24},
        RED,
        "Red: 12.8% is below the 2024-25 target of 49% and below the trajectory of 28.7% for "
        "September 2024.",
    ),
    (
        "within-tolerance",
        {"value": D("45"), "tolerance": D("5")},
        AMBER,
        "Amber: 45% is below the 2024-25 target of 49% but within the tolerance of 5 percentage "
        "points of the target.",
    ),
    (
        "exactly-at-tolerance",
        {"value": D("44"), "tolerance": D("5")},
        AMBER,
        "Amber: 44% is below the 2024-25 target of 49% but within the tolerance of 5 percentage "
        "points of the target.",
    ),
    (
        "just-beyond-tolerance",
        {"value": D("43.9"), "tolerance": D("5")},
        RED,
        "Red: 43.9% is below the 2024-25 target of 49% and more than the tolerance of 5 "
        "percentage points from the target.",
    ),
    (
        "tolerance-of-one-point-is-singular",
        {"value": D("48.5"), "tolerance": D("1")},
        AMBER,
        "Amber: 48.5% is below the 2024-25 target of 49% but within the tolerance of 1 "
        "percentage point of the target.",
    ),
    (
        "no-trajectory-no-tolerance",
        {"value": D("12.8")},
        RED,
        "Red: 12.8% is below the 2024-25 target of 49%.",
    ),
    (
        "off-trajectory-and-beyond-tolerance",
        {"value": D("12.8"), "expected": D("28.7"), "month": SEP24, "tolerance": D("5")},
        RED,
        "Red: 12.8% is below the 2024-25 target of 49% and below the trajectory of 28.7% for "
        "September 2024 and more than the tolerance of 5 percentage points from the target.",
    ),
    (
        "off-trajectory-but-within-tolerance",
        {"value": D("45"), "expected": D("46"), "month": SEP24, "tolerance": D("5")},
        AMBER,
        "Amber: 45% is below the 2024-25 target of 49% but within the tolerance of 5 percentage "
        "points of the target.",
    ),
    (
        "trajectory-without-month",
        {"value": D("30"), "expected": D("28.7")},
        AMBER,
        "Amber: 30% is below the 2024-25 target of 49% but above the trajectory of 28.7%.",
    ),
]

LOWER_CASES = [
    ("equal-to-target", {"value": D("18")}, GREEN, "Green: 18 meets the 2024-25 target of 18."),
    ("below-target", {"value": D("17.2")}, GREEN, "Green: 17.2 meets the 2024-25 target of 18."),
    (
        "exactly-on-trajectory",
        {"value": D("22.55"), "expected": D("22.55"), "month": SEP24},
        AMBER,
        "Amber: 22.55 is above the 2024-25 target of 18 but on the trajectory of 22.55 for "
        "September 2024.",
    ),
    (
        "ahead-of-trajectory",
        {"value": D("20"), "expected": D("22.55"), "month": SEP24},
        AMBER,
        "Amber: 20 is above the 2024-25 target of 18 but below the trajectory of 22.55 for "
        "September 2024.",
    ),
    (
        "just-behind-trajectory",
        {"value": D("22.56"), "expected": D("22.55"), "month": SEP24},
        RED,
        "Red: 22.56 is above the 2024-25 target of 18 and above the trajectory of 22.55 for "
        "September 2024.",
    ),
    (
        "exactly-at-tolerance",
        {"value": D("20"), "tolerance": D("2")},
        AMBER,
        "Amber: 20 is above the 2024-25 target of 18 but within the tolerance of 2 of the target.",
    ),
    (
        "just-beyond-tolerance",
        {"value": D("20.1"), "tolerance": D("2")},
        RED,
        "Red: 20.1 is above the 2024-25 target of 18 and more than the tolerance of 2 "
        "from the target.",
    ),
    (
        "1/2.2-september-2024",
        {"value": D("30"), "expected": D("22.55"), "month": SEP24},
        RED,
        "Red: 30 is above the 2024-25 target of 18 and above the trajectory of 22.55 for "
        "September 2024.",
    ),
]


@pytest.mark.parametrize(
    ("kwargs", "rating", "reason"),
    [pytest.param(k, r, t, id=i) for i, k, r, t in HIGHER_CASES],
)
def test_higher_is_better(kwargs: dict, rating: Rating, reason: str) -> None:
    result = rag(unit=Unit.PERCENT, polarity=HIGHER, target=TARGET_49, **kwargs)
    assert (result.rating, result.reason) == (rating, reason)


@pytest.mark.parametrize(
    ("kwargs", "rating", "reason"),
    [pytest.param(k, r, t, id=i) for i, k, r, t in LOWER_CASES],
)
def test_lower_is_better(kwargs: dict, rating: Rating, reason: str) -> None:
    result = rag(unit=Unit.WEEKS, polarity=LOWER, target=TARGET_18, **kwargs)
    assert (result.rating, result.reason) == (rating, reason)


@pytest.mark.parametrize(
    ("polarity", "target", "value", "reason"),
    [
        pytest.param(
            NEITHER,
            TARGET_49,
            D("12.8"),
            "No rating: neither a higher nor a lower figure is better.",
            id="polarity-none",
        ),
        pytest.param(
            NEITHER,
            Target(FY24, TargetState.NO_TARGET),
            None,
            "No rating: neither a higher nor a lower figure is better.",
            id="polarity-none-comes-first",
        ),
        pytest.param(
            HIGHER,
            Target(FY24, TargetState.NO_TARGET),
            D("88.9"),
            "No rating: there is no target for 2024-25.",
            id="no-target-available",
        ),
        pytest.param(
            LOWER,
            Target(FY25, TargetState.NOT_SET),
            D("88.9"),
            "No rating: no target is set for 2025-26.",
            id="target-not-set",
        ),
        pytest.param(
            LOWER,
            Target(FY25, TargetState.NOT_SET),
            None,
            "No rating: no target is set for 2025-26.",
            id="target-not-set-and-no-figure",
        ),
        pytest.param(HIGHER, TARGET_49, None, "No rating: there is no figure yet.", id="no-figure"),
        pytest.param(LOWER, TARGET_18, None, "No rating: there is no figure yet.", id="no-fig-lo"),
    ],
)
def test_no_rating(polarity: Polarity, target: Target, value: Decimal | None, reason: str) -> None:
    result = rag(
        value=value,
        unit=Unit.PERCENT,
        polarity=polarity,
        target=target,
        expected=D("28.7"),
        month=SEP24,
        tolerance=D("100"),
        baseline=D("8.4"),
    )
    assert result.rating is NONE
    assert result.reason == reason


def test_default_rules_are_green_amber_red() -> None:
    assert [(r.rating, r.when) for r in DEFAULT_RULES] == [
        (GREEN, (Condition.MEETS_TARGET,)),
        (AMBER, (Condition.ON_TRAJECTORY, Condition.WITHIN_TOLERANCE)),
        (RED, (Condition.ALWAYS,)),
    ]


def _rules(*pairs: tuple[Rating, tuple[Condition, ...]]) -> tuple[RagRule, ...]:
    return tuple(RagRule(rating=r, when=w) for r, w in pairs)


AMBER_ON_BASELINE = _rules(
    (GREEN, (Condition.MEETS_TARGET,)),
    (AMBER, (Condition.BETTER_THAN_BASELINE,)),
    (RED, (Condition.ALWAYS,)),
)
NO_FALLBACK = _rules(
    (GREEN, (Condition.MEETS_TARGET,)),
    (AMBER, (Condition.ON_TRAJECTORY,)),
)


@pytest.mark.parametrize(
    ("rules", "kwargs", "rating", "reason"),
    [
        pytest.param(
            AMBER_ON_BASELINE,
            {"value": D("12.8"), "baseline": D("8.4")},
            AMBER,
            "Amber: 12.8% is below the 2024-25 target of 49% but better than the baseline of 8.4%.",
            id="amber-better-than-baseline",
        ),
        pytest.param(
            AMBER_ON_BASELINE,
            {"value": D("8.4"), "baseline": D("8.4")},
            RED,
            "Red: 8.4% is below the 2024-25 target of 49% and no better than the baseline of 8.4%.",
            id="equal-to-baseline-is-not-better",
        ),
        pytest.param(
            AMBER_ON_BASELINE,
            {"value": D("7"), "baseline": D("8.4"), "expected": D("5"), "month": SEP24},
            RED,
            "Red: 7% is below the 2024-25 target of 49% and no better than the baseline of 8.4%.",
            id="trajectory-not-in-the-rules-is-ignored",
        ),
        pytest.param(
            AMBER_ON_BASELINE,
            {"value": D("12.8")},
            RED,
            "Red: 12.8% is below the 2024-25 target of 49%.",
            id="no-baseline-so-condition-does-not-apply",
        ),
        pytest.param(
            AMBER_ON_BASELINE,
            {"value": D("50"), "baseline": D("8.4")},
            GREEN,
            "Green: 50% meets the 2024-25 target of 49%.",
            id="green-first",
        ),
        pytest.param(
            NO_FALLBACK,
            {"value": D("12.8"), "expected": D("28.7"), "month": SEP24},
            NONE,
            "No rating: no rule of the plan applies.",
            id="no-always-rule-nothing-holds",
        ),
        pytest.param(
            NO_FALLBACK,
            {"value": D("12.8")},
            NONE,
            "No rating: no rule of the plan applies.",
            id="no-always-rule-no-trajectory",
        ),
        pytest.param(
            NO_FALLBACK,
            {"value": D("30"), "expected": D("28.7"), "month": SEP24},
            AMBER,
            "Amber: 30% is below the 2024-25 target of 49% but above the trajectory of 28.7% for "
            "September 2024.",
            id="no-always-rule-amber-holds",
        ),
        pytest.param(
            _rules(
                (GREEN, (Condition.MEETS_TARGET,)),
                (AMBER, (Condition.BETTER_THAN_BASELINE,)),
                (AMBER, (Condition.ON_TRAJECTORY,)),
                (RED, (Condition.ALWAYS,)),
            ),
            {"value": D("5"), "baseline": D("8.4"), "expected": D("28.7"), "month": SEP24},
            RED,
            "Red: 5% is below the 2024-25 target of 49% and no better than the baseline of 8.4% "
            "and below the trajectory of 28.7% for September 2024.",
            id="red-lists-every-earlier-failure-in-rule-order",
        ),
    ],
)
def test_custom_rule_sets(
    rules: tuple[RagRule, ...], kwargs: dict, rating: Rating, reason: str
) -> None:
    result = rag(unit=Unit.PERCENT, polarity=HIGHER, target=TARGET_49, rules=rules, **kwargs)
    assert (result.rating, result.reason) == (rating, reason)


GREEN_ON_TRAJECTORY = _rules(
    (GREEN, (Condition.ON_TRAJECTORY,)),
    (RED, (Condition.ALWAYS,)),
)


@pytest.mark.parametrize(
    ("kwargs", "rating", "reason"),
    [
        pytest.param(
            {"value": D("50"), "expected": D("30"), "month": SEP24},
            GREEN,
            "Green: 50% meets the 2024-25 target of 49% and is above the trajectory of 30% for "
            "September 2024.",
            id="meets-and-on-trajectory",
        ),
        pytest.param(
            {"value": D("49"), "expected": D("49"), "month": SEP24},
            GREEN,
            "Green: 49% meets the 2024-25 target of 49% and is on the trajectory of 49% for "
            "September 2024.",
            id="exactly-on-target-and-trajectory",
        ),
        pytest.param(
            {"value": D("50"), "expected": D("60"), "month": SEP24},
            RED,
            "Red: 50% meets the 2024-25 target of 49% but is below the trajectory of 60% for "
            "September 2024.",
            id="meets-but-off-trajectory",
        ),
        pytest.param(
            {"value": D("49")},
            RED,
            "Red: 49% meets the 2024-25 target of 49%, but none of the plan's conditions for "
            "another rating holds.",
            id="meets-but-no-trajectory",
        ),
    ],
)
def test_a_figure_meeting_the_target_rated_by_other_conditions_is_said_to_meet_it(
    kwargs: dict, rating: Rating, reason: str
) -> None:
    # a plan that rates by the trajectory alone: the reason used to read "50% is above the
    # 2024-25 target of 49% but above the trajectory", or "49% is equal to the target but on
    # the trajectory", setting a target met against the condition that decided
    result = rag(
        unit=Unit.PERCENT, polarity=HIGHER, target=TARGET_49, rules=GREEN_ON_TRAJECTORY, **kwargs
    )
    assert (result.rating, result.reason) == (rating, reason)


def test_custom_rules_lower_is_better_baseline() -> None:
    result = rag(
        value=D("25"),
        unit=Unit.WEEKS,
        polarity=LOWER,
        target=TARGET_18,
        baseline=D("27.1"),
        rules=AMBER_ON_BASELINE,
    )
    assert result.rating is AMBER
    assert result.reason == (
        "Amber: 25 is above the 2024-25 target of 18 but better than the baseline of 27.1."
    )
    worse = rag(
        value=D("27.2"),
        unit=Unit.WEEKS,
        polarity=LOWER,
        target=TARGET_18,
        baseline=D("27.1"),
        rules=AMBER_ON_BASELINE,
    )
    assert worse.rating is RED


def test_the_first_rule_that_holds_wins_even_before_green() -> None:
    rules = _rules(
        (AMBER, (Condition.WITHIN_TOLERANCE,)),
        (GREEN, (Condition.MEETS_TARGET,)),
        (RED, (Condition.ALWAYS,)),
    )
    result = rag(
        value=D("49"),
        unit=Unit.PERCENT,
        polarity=HIGHER,
        target=TARGET_49,
        tolerance=D("5"),
        rules=rules,
    )
    assert result.rating is AMBER
    assert result.reason == (
        "Amber: 49% meets the 2024-25 target of 49% and is within the tolerance of 5 percentage "
        "points of the target."
    )


def test_subject_names_the_figure_in_the_reason() -> None:
    result = rag(
        value=D("12"),
        unit=Unit.COUNT,
        polarity=HIGHER,
        target=Target(FY24, TargetState.SET, D("63")),
        expected=D("16"),
        month=Month(2024, 6),
        subject="12 so far in 2024-25",
    )
    assert result.rating is RED
    assert result.reason == (
        "Red: 12 so far in 2024-25 is below the 2024-25 target of 63 and below the trajectory "
        "of 16 for June 2024."
    )


def test_thousands_are_grouped_in_the_reason() -> None:
    result = rag(
        value=D("1565"),
        unit=Unit.COUNT,
        polarity=HIGHER,
        target=Target(FY24, TargetState.SET, D("1575")),
    )
    assert result.reason == "Red: 1,565 is below the 2024-25 target of 1,575."
