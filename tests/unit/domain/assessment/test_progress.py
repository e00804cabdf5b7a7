"""Progress: (value - baseline) / (target - baseline), shown as a whole percentage rounded half
up. Every share is worked out by hand."""

from __future__ import annotations

from decimal import Decimal

import pytest

from scorecard.domain.assessment.progress import ProgressResult, progress
from scorecard.domain.catalogue import Polarity, Target, TargetState, Unit
from scorecard.domain.periods import FinancialYear

D = Decimal
FY24, FY25 = FinancialYear(2024), FinancialYear(2025)


def target(value: str) -> Target:
    return Target(FY24, TargetState.SET, D(value))


def test_3_1_share_by_hand() -> None:
    """(12.8 - 8.4) / (49 - 8.4) = 4.4 / 40.6 = 0.10837… → 11%."""
    result = progress(value=D("12.8"), baseline=D("8.4"), target=target("49"), unit=Unit.PERCENT)
    assert result.share is not None
    assert abs(result.share - D("0.108374")) < D("0.000001")
    assert result.percent == D("11")
    assert result.reason == (
        "Progress: 11% of the way from the baseline of 8.4% to the 2024-25 target of 49%."
    )


def test_lower_is_better_half_way() -> None:
    """1/2.2: (22.55 - 27.1) / (18 - 27.1) = -4.55 / -9.1 = 0.5."""
    result = progress(value=D("22.55"), baseline=D("27.1"), target=target("18"), unit=Unit.WEEKS)
    assert result.share == D("0.5")
    assert result.percent == D("50")
    assert result.reason == (
        "Progress: 50% of the way from the baseline of 27.1 to the 2024-25 target of 18."
    )


def test_at_the_baseline_is_zero() -> None:
    result = progress(value=D("8.4"), baseline=D("8.4"), target=target("49"), unit=Unit.PERCENT)
    assert result.share == 0
    assert result.percent == D("0")
    assert result.reason == (
        "Progress: 0% of the way from the baseline of 8.4% to the 2024-25 target of 49%."
    )


def test_at_the_target_is_a_hundred() -> None:
    result = progress(value=D("49"), baseline=D("8.4"), target=target("49"), unit=Unit.PERCENT)
    assert result.share == 1
    assert result.percent == D("100")
    assert result.reason == (
        "Progress: 100% of the way from the baseline of 8.4% to the 2024-25 target of 49%."
    )


def test_negative_progress_higher_is_better() -> None:
    """(7.4 - 8.4) / 40.6 = -0.0246… → -2%."""
    result = progress(value=D("7.4"), baseline=D("8.4"), target=target("49"), unit=Unit.PERCENT)
    assert result.share is not None and result.share < 0
    assert result.percent == D("-2")
    assert result.reason == (
        "Progress: -2%: 7.4% is further from the 2024-25 target of 49% than the baseline of "
        "8.4% was."
    )


def test_negative_progress_lower_is_better() -> None:
    """4.6: (14 - 9) / (7 - 9) = 5 / -2 = -2.5 → -250%."""
    result = progress(value=D("14"), baseline=D("9"), target=target("7"), unit=Unit.COUNT)
    assert result.share == D("-2.5")
    assert result.percent == D("-250")
    assert result.reason == (
        "Progress: -250%: 14 is further from the 2024-25 target of 7 than the baseline of 9 was."
    )


def test_past_the_target() -> None:
    """3.6: (43 - 30) / (40 - 30) = 1.3 → 130%."""
    result = progress(value=D("43"), baseline=D("30"), target=target("40"), unit=Unit.PERCENT)
    assert result.share == D("1.3")
    assert result.percent == D("130")
    assert result.reason == (
        "Progress: 130%: 43% has gone past the 2024-25 target of 40%, from the baseline of 30%."
    )


def test_past_the_target_lower_is_better() -> None:
    """(16 - 18) / (17 - 18) = 2 → 200%."""
    result = progress(value=D("16"), baseline=D("18"), target=target("17"), unit=Unit.YEARS)
    assert result.percent == D("200")
    assert result.reason.startswith("Progress: 200%: 16 has gone past the 2024-25 target of 17")


def test_thousands_in_the_reason() -> None:
    """(1570 - 1565) / (1575 - 1565) = 0.5."""
    result = progress(value=D("1570"), baseline=D("1565"), target=target("1575"), unit=Unit.COUNT)
    assert result.reason == (
        "Progress: 50% of the way from the baseline of 1,565 to the 2024-25 target of 1,575."
    )


@pytest.mark.parametrize(
    ("value", "baseline", "goal", "percent"),
    [
        ("1", "0", "8", "13"),  # 0.125 → 12.5% → 13 (half-even would give 12)
        ("3", "0", "8", "38"),  # 0.375 → 37.5% → 38
        ("-1", "0", "8", "-13"),  # -0.125 → -12.5% → -13 (away from zero)
        ("1", "0", "200", "1"),  # 0.005 → 0.5% → 1
        ("1", "0", "3", "33"),  # 0.333… → 33
        ("2", "0", "3", "67"),  # 0.666… → 67
        ("12", "0", "63", "19"),  # 4.1 SSC: 12 / 63 = 0.1905 → 19
    ],
)
def test_percent_rounds_half_up(value: str, baseline: str, goal: str, percent: str) -> None:
    result = progress(value=D(value), baseline=D(baseline), target=target(goal), unit=Unit.COUNT)
    assert result.percent == D(percent)
    assert str(result.percent) == percent


@pytest.mark.parametrize(
    ("value", "baseline", "the_target", "reason"),
    [
        pytest.param(
            D("12.8"),
            D("8.4"),
            Target(FY24, TargetState.NO_TARGET),
            "No progress measure: no target for 2024-25.",
            id="no-target-available",
        ),
        pytest.param(
            D("12.8"),
            D("8.4"),
            Target(FY25, TargetState.NOT_SET),
            "No progress measure: no target for 2025-26.",
            id="target-not-set",
        ),
        pytest.param(
            D("12.8"),
            None,
            target("17.5"),
            "No progress measure: the baseline is not set.",
            id="no-baseline",
        ),
        pytest.param(
            None,
            None,
            target("17.5"),
            "No progress measure: the baseline is not set.",
            id="no-baseline-no-figure",
        ),
        pytest.param(
            None,
            D("8.4"),
            target("49"),
            "No progress measure: there is no figure yet.",
            id="no-figure",
        ),
        pytest.param(
            D("12.8"),
            D("49"),
            target("49"),
            "No progress measure: the target equals the baseline.",
            id="target-equals-baseline",
        ),
        pytest.param(
            D("12.8"),
            D("49.0"),
            target("49"),
            "No progress measure: the target equals the baseline.",
            id="target-equals-baseline-written-differently",
        ),
    ],
)
def test_no_progress_measure(
    value: Decimal | None, baseline: Decimal | None, the_target: Target, reason: str
) -> None:
    result = progress(value=value, baseline=baseline, target=the_target, unit=Unit.PERCENT)
    assert result.share is None
    assert result.percent is None
    assert result.reason == reason


def test_percent_of_no_share_is_none() -> None:
    assert ProgressResult(None, "").percent is None


@pytest.mark.parametrize(
    ("value", "baseline", "goal", "polarity", "reason"),
    [
        pytest.param(
            "17.4",
            "17.1",
            "17.3",
            Polarity.LOWER_IS_BETTER,
            "No progress measure: the baseline of 17.1 already meets the 2024-25 target of 17.3.",
            id="lower-is-better-ceiling-above-the-baseline",
        ),
        pytest.param(
            "91",
            "95",
            "90",
            Polarity.HIGHER_IS_BETTER,
            "No progress measure: the baseline of 95 already meets the 2024-25 target of 90.",
            id="higher-is-better-floor-below-the-baseline",
        ),
        pytest.param(
            "31",
            "30",
            "30",
            Polarity.LOWER_IS_BETTER,
            "No progress measure: the baseline of 30 already meets the 2024-25 target of 30.",
            id="target-equals-baseline",
        ),
    ],
)
def test_no_progress_when_the_baseline_already_meets_the_target(
    value: str, baseline: str, goal: str, polarity: Polarity, reason: str
) -> None:
    """(17.4 - 17.1) / (17.3 - 17.1) = 150% would say a figure worse than the target "has gone
    past" it; and 17.3 from 17.1 towards 17.5 would be called 50% progress while it worsened."""
    result = progress(
        value=D(value),
        baseline=D(baseline),
        target=target(goal),
        unit=Unit.COUNT,
        polarity=polarity,
    )
    assert (result.share, result.percent, result.reason) == (None, None, reason)


def test_neither_direction_better_keeps_the_share() -> None:
    """(13 - 10) / (12 - 10) = 1.5: with no better direction the target alone sets the way."""
    result = progress(
        value=D("13"),
        baseline=D("10"),
        target=target("12"),
        unit=Unit.COUNT,
        polarity=Polarity.NONE,
    )
    assert result.percent == D("150")


@pytest.mark.parametrize(("value", "share"), [("100", D("0")), ("100.04", D("-0.0033"))])
def test_no_change_from_the_baseline_is_0_percent_never_minus_0(value: str, share: Decimal) -> None:
    """(100 - 100) / (88 - 100) is -0 in decimal arithmetic; -0.33% rounds to -0."""
    result = progress(
        value=D(value),
        baseline=D("100"),
        target=target("88"),
        unit=Unit.COUNT,
        polarity=Polarity.LOWER_IS_BETTER,
    )
    assert result.share is not None and abs(result.share - share) < D("0.0001")
    assert str(result.percent) == "0"
    assert result.reason.startswith("Progress: 0%"), result.reason
