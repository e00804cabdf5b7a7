"""SPC at the edges of arithmetic: no limits to compare a target with, a target that is not a
number, and values so large that their moving ranges or limits overflow."""

from __future__ import annotations

import datetime as dt
import math

import pytest

from scorecard.domain.errors import ScorecardError
from scorecard.domain.spc import AssuranceIcon, Direction, plain_number, xmr


def days(n: int) -> list[dt.date]:
    return [dt.date(2024 + m // 12, m % 12 + 1, 1) for m in range(n)]


@pytest.mark.parametrize(
    "values",
    [
        pytest.param([16.5, 16.5], id="figures-that-never-vary"),
        pytest.param([1.0, 2.0, 3.0], id="a-rebase-on-the-last-point"),
    ],
)
def test_no_limits_says_so_rather_than_claiming_hit_and_miss(values: list[float]) -> None:
    """With no limits the reference shows "inconsistent", but the words must not claim the
    process sometimes meets the target: 16.5 every month never meets a target of 16 (lower
    is better)."""
    dates = days(len(values))
    result = xmr(
        dates=dates,
        values=values,
        direction=Direction.DECREASE,
        target=16.0,
        rebase=[dates[-1]] if len(values) == 3 else [],
    )
    assert result.points[-1].upl is None
    assert result.assurance_icon is AssuranceIcon.INCONSISTENT
    assert result.assurance_reason == (
        "The target of 16 cannot be compared with the process limits, as there are none "
        "(too few points, or points that never vary): shown as hit and miss."
    )


@pytest.mark.parametrize("target", [math.nan, math.inf, -math.inf])
def test_a_target_that_is_not_a_number_is_refused(target: float) -> None:
    with pytest.raises(ScorecardError, match="the target must be a number"):
        xmr(dates=days(3), values=[1.0, 2.0, 3.0], direction=Direction.INCREASE, target=target)


@pytest.mark.parametrize(
    "values",
    [
        pytest.param([1.7e308, -1.7e308, 1.7e308], id="moving-range-overflows"),
        pytest.param([1.7e308, 1.0e308, 1.7e308], id="upper-limit-overflows"),
    ],
)
def test_values_too_large_to_chart_are_refused_by_name(values: list[float]) -> None:
    """|-1.7e308 - 1.7e308| is infinite; 1.47e308 + 2.66 × 7e307 is too."""
    with pytest.raises(ScorecardError, match="the values are too large to chart"):
        xmr(dates=days(3), values=values, direction=Direction.INCREASE)


def test_the_largest_values_that_fit_are_charted() -> None:
    result = xmr(dates=days(3), values=[1e307, 2e307, 1e307], direction=Direction.INCREASE)
    assert result.points[0].upl == pytest.approx(4 / 3 * 1e307 + 2.66e307)


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        pytest.param(
            314.0,
            "The target of 314 is below the lower process limit of 314 (314.02 before "
            "rounding): the process will consistently meet it.",
            id="rounds-to-the-target",
        ),
        pytest.param(
            313.0,
            "The target of 313 is below the lower process limit of 314: the process will "
            "consistently meet it.",
            id="reads-apart-when-rounded",
        ),
        pytest.param(
            326.0,
            "The target of 326 is above the upper process limit of 326 (325.99 before "
            "rounding): the process will not meet it without change.",
            id="upper-rounds-to-the-target",
        ),
    ],
)
def test_a_limit_that_rounds_to_the_target_shows_its_unrounded_value(
    target: float, expected: str
) -> None:
    """Limits 314.015 and 325.985, shown in whole numbers as a plan's metric would: "the target
    of 314 is below the lower limit of 314" would contradict itself."""
    values = [320.0, 322, 318, 321, 319, 320, 322, 318, 321, 319, 320, 321, 319]
    result = xmr(
        dates=days(len(values)),
        values=values,
        direction=Direction.INCREASE,
        target=target,
        number_words=lambda x: f"{x:,.0f}",
    )
    assert (result.points[-1].lpl, result.points[-1].upl) == pytest.approx((314.015, 325.985))
    assert result.assurance_reason == expected


@pytest.mark.parametrize(
    ("value", "words"),
    [(-0.001, "0"), (-0.0, "0"), (-0.004, "0"), (-0.005, "-0.01"), (-12.001, "-12"), (0.5, "0.5")],
)
def test_numbers_in_words_never_read_minus_zero(value: float, words: str) -> None:
    assert plain_number(value) == words
