"""Trajectories: known points (baseline, each year's target, milestones), linear interpolation
between them, rounding to the metric's decimals half-up, and whether a figure is on track.

Expected values are worked out by hand (or, in the property test, with exact fractions).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from scorecard.domain.assessment.trajectory import (
    anchors,
    expected_value,
    on_trajectory,
    year_to_date_anchors,
)
from scorecard.domain.catalogue import Polarity, Unit
from scorecard.domain.periods import FinancialYear, Month

D = Decimal
FY24, FY25 = FinancialYear(2024), FinancialYear(2025)
MAR24 = Month(2024, 3)
HIGHER, LOWER, NEITHER = Polarity.HIGHER_IS_BETTER, Polarity.LOWER_IS_BETTER, Polarity.NONE


def m(text: str) -> Month:
    return Month.parse(text)


def points_3_1(**milestones: str) -> dict[Month, Decimal]:
    """3.1: baseline 8.4 at March 2024, 2024-25 target 49 (at March 2025)."""
    return anchors(
        baseline=D("8.4"),
        baseline_month=MAR24,
        targets={FY24: D("49")},
        milestones={m(k): D(v) for k, v in milestones.items()},
    )


def test_anchors_are_baseline_then_each_year_end() -> None:
    assert anchors(
        baseline=D("8.4"),
        baseline_month=MAR24,
        targets={FY25: D("61"), FY24: D("49")},
        milestones={},
    ) == {m("2024-03"): D("8.4"), m("2025-03"): D("49"), m("2026-03"): D("61")}


def test_anchors_without_baseline_start_at_the_first_target() -> None:
    points = anchors(baseline=None, baseline_month=MAR24, targets={FY24: D("49")}, milestones={})
    assert points == {m("2025-03"): D("49")}
    assert expected_value(points=points, month=m("2024-09")) is None
    assert expected_value(points=points, month=m("2025-03")) == D("49")


def test_anchors_sorted_by_month() -> None:
    points = points_3_1(**{"2024-09": "20"})
    assert list(points) == [m("2024-03"), m("2024-09"), m("2025-03")]


@pytest.mark.parametrize(
    ("month", "expected"),
    [
        ("2024-03", "8.4"),  # the baseline itself
        ("2024-06", "18.55"),  # 8.4 + 40.6 × 3/12
        ("2024-09", "28.7"),  # 8.4 + 40.6 × 6/12
        ("2024-12", "38.85"),  # 8.4 + 40.6 × 9/12
        ("2025-03", "49"),  # the target itself
    ],
)
def test_linear_interpolation_3_1(month: str, expected: str) -> None:
    assert expected_value(points=points_3_1(), month=m(month)) == D(expected)


@pytest.mark.parametrize("month", ["2024-02", "2023-03", "2025-04", "2026-03"])
def test_outside_the_anchors_there_is_no_expected_value(month: str) -> None:
    assert expected_value(points=points_3_1(), month=m(month)) is None


def test_second_year_interpolates_from_the_first_years_target() -> None:
    points = anchors(
        baseline=D("8.4"),
        baseline_month=MAR24,
        targets={FY24: D("49"), FY25: D("61")},
        milestones={},
    )
    # 49 + 12 × 6/12 = 55; 49 + 12 × 3/12 = 52
    assert expected_value(points=points, month=m("2025-09")) == D("55")
    assert expected_value(points=points, month=m("2025-06")) == D("52")
    assert expected_value(points=points, month=m("2024-09")) == D("28.7")
    assert expected_value(points=points, month=m("2026-04")) is None


def test_milestones_bend_the_line() -> None:
    points = points_3_1(**{"2024-09": "20"})
    assert expected_value(points=points, month=m("2024-09")) == D("20")
    # 8.4 + (20 - 8.4) × 3/6 = 14.2; 20 + (49 - 20) × 3/6 = 34.5
    assert expected_value(points=points, month=m("2024-06")) == D("14.2")
    assert expected_value(points=points, month=m("2024-12")) == D("34.5")


def test_a_milestone_at_the_year_end_overrides_the_target() -> None:
    points = points_3_1(**{"2025-03": "45"})
    assert points[m("2025-03")] == D("45")
    # 8.4 + (45 - 8.4) × 6/12 = 26.7
    assert expected_value(points=points, month=m("2024-09")) == D("26.7")


def test_a_milestone_at_the_baseline_month_overrides_the_baseline() -> None:
    points = points_3_1(**{"2024-03": "10.4"})
    # 10.4 + 38.6 × 6/12 = 29.7
    assert expected_value(points=points, month=m("2024-09")) == D("29.7")


def test_a_milestone_can_extend_beyond_the_last_target() -> None:
    points = points_3_1(**{"2025-09": "55"})
    # 49 + 6 × 3/6 = 52
    assert expected_value(points=points, month=m("2025-06")) == D("52")


# Year-to-date anchors: targets met by the year's figures added up (4.1 SSC: 63 new places).


def test_year_to_date_anchors_run_from_zero_before_the_year() -> None:
    assert year_to_date_anchors(year=FY24, target=D("63"), milestones={}) == {
        m("2024-03"): D("0"),
        m("2025-03"): D("63"),
    }


def test_year_to_date_june_is_a_quarter_of_the_target() -> None:
    points = year_to_date_anchors(year=FY24, target=D("63"), milestones={})
    assert expected_value(points=points, month=m("2024-06")) == D("15.75")  # 63 × 3/12
    result = on_trajectory(
        value=D("12"),
        month=m("2024-06"),
        points=points,
        polarity=HIGHER,
        unit=Unit.COUNT,
        decimals=0,
    )
    assert result.expected == D("16")
    assert result.on_track is False
    assert result.reason == "Off track: 12 is below the trajectory of 16 for June 2024."


def test_year_to_date_milestones_outside_the_year_are_ignored() -> None:
    points = year_to_date_anchors(
        year=FY24,
        target=D("63"),
        milestones={m("2024-09"): D("40"), m("2025-06"): D("5"), m("2024-02"): D("7")},
    )
    assert points == {m("2024-03"): D("0"), m("2024-09"): D("40"), m("2025-03"): D("63")}
    # 0 + 40 × 3/6 = 20
    assert expected_value(points=points, month=m("2024-06")) == D("20")


def test_year_to_date_second_year_restarts_from_zero() -> None:
    points = year_to_date_anchors(year=FY25, target=D("12"), milestones={})
    assert points == {m("2025-03"): D("0"), m("2026-03"): D("12")}
    assert expected_value(points=points, month=m("2025-06")) == D("3")


# Rounding to the metric's decimals, half up (away from zero).


@pytest.mark.parametrize(
    ("baseline", "target", "month", "decimals", "expected"),
    [
        ("0", "10", "2024-06", 0, "3"),  # 2.5 → 3 (half-even would give 2)
        ("0", "1", "2024-06", 1, "0.3"),  # 0.25 → 0.3 (half-even would give 0.2)
        ("0", "-10", "2024-06", 0, "-3"),  # -2.5 → -3
        ("8.4", "49", "2024-06", 1, "18.6"),  # 18.55 → 18.6
        ("44.35", "34", "2024-09", 2, "39.18"),  # 3.2: 44.35 - 10.35 / 2 = 39.175 → 39.18
        ("30", "40", "2024-05", 0, "32"),  # 3.6: 30 + 10 × 2/12 = 31.67 → 32
        ("8.4", "49", "2024-07", 1, "21.9"),  # 8.4 + 40.6 / 3 = 21.93 → 21.9
    ],
)
def test_expected_is_rounded_half_up(
    baseline: str, target: str, month: str, decimals: int, expected: str
) -> None:
    points = anchors(
        baseline=D(baseline), baseline_month=MAR24, targets={FY24: D(target)}, milestones={}
    )
    result = on_trajectory(
        value=D("0"),
        month=m(month),
        points=points,
        polarity=HIGHER,
        unit=Unit.COUNT,
        decimals=decimals,
    )
    assert result.expected == D(expected)
    assert str(result.expected) == expected  # to the metric's decimal places


@pytest.mark.parametrize(
    ("target", "month", "expected"),
    [
        ("18", "2024-04", "2"),  # 18 × 1/12 = 1.5 exactly → 2
        ("6", "2024-10", "4"),  # 6 × 7/12 = 3.5 exactly → 4
        ("9", "2025-01", "8"),  # 9 × 10/12 = 7.5 exactly → 8
        ("162", "2024-10", "95"),  # 162 × 7/12 = 94.5 exactly → 95
        ("1506", "2024-10", "879"),  # 1506 × 7/12 = 878.5 exactly → 879
    ],
)
def test_year_to_date_halves_round_up_when_the_share_of_the_year_is_a_recurring_decimal(
    target: str, month: str, expected: str
) -> None:
    """The month's share of the year (1/12, 7/12, 10/12) is a recurring decimal; the expected
    value itself is exactly a half and must round up."""
    points = year_to_date_anchors(year=FY24, target=D(target), milestones={})
    result = on_trajectory(
        value=D("0"),
        month=m(month),
        points=points,
        polarity=HIGHER,
        unit=Unit.COUNT,
        decimals=0,
    )
    assert result.expected == D(expected)


@pytest.mark.parametrize(
    ("baseline", "target", "month", "decimals", "expected"),
    [
        ("5", "167", "2024-10", 0, "100"),  # 5 + 162 × 7/12 = 99.5 exactly → 100
        ("162", "0", "2024-08", 0, "95"),  # 162 - 162 × 5/12 = 94.5 exactly → 95
        ("0.5", "16.7", "2024-10", 1, "10.0"),  # 0.5 + 16.2 × 7/12 = 9.95 exactly → 10.0
        ("323", "-1612", "2024-05", 0, "1"),  # 323 - 1935 × 2/12 = 0.5 exactly → 1
    ],
)
def test_exact_halves_between_baseline_and_target_round_up(
    baseline: str, target: str, month: str, decimals: int, expected: str
) -> None:
    points = anchors(
        baseline=D(baseline), baseline_month=MAR24, targets={FY24: D(target)}, milestones={}
    )
    result = on_trajectory(
        value=D("0"),
        month=m(month),
        points=points,
        polarity=HIGHER,
        unit=Unit.COUNT,
        decimals=decimals,
    )
    assert result.expected == D(expected)


def _half_up(value: Fraction, decimals: int) -> Decimal:
    scaled = value * 10**decimals
    sign = -1 if scaled < 0 else 1
    whole = int(abs(scaled) + Fraction(1, 2))
    return (D(sign * whole) / D(10) ** decimals).quantize(
        D(1).scaleb(-decimals), rounding=ROUND_HALF_UP
    )


@settings(max_examples=300, deadline=None)
@example(start=323, end=-1612, step=2, decimals=0)
@example(start=0, end=162, step=7, decimals=0)
@given(
    start=st.integers(min_value=-5000, max_value=5000),
    end=st.integers(min_value=-5000, max_value=5000),
    step=st.integers(min_value=1, max_value=11),
    decimals=st.integers(min_value=0, max_value=2),
)
def test_expected_matches_exact_arithmetic(start: int, end: int, step: int, decimals: int) -> None:
    """Values with the metric's decimals; the expected value equals the exact fraction
    baseline + (target - baseline) × step/12, rounded half up."""
    baseline, target = D(start).scaleb(-decimals), D(end).scaleb(-decimals)
    points = anchors(baseline=baseline, baseline_month=MAR24, targets={FY24: target}, milestones={})
    exact = Fraction(baseline) + (Fraction(target) - Fraction(baseline)) * Fraction(step, 12)
    result = on_trajectory(
        value=D(0),
        month=MAR24.plus(step),
        points=points,
        polarity=HIGHER,
        unit=Unit.COUNT,
        decimals=decimals,
    )
    assert result.expected == _half_up(exact, decimals)


# On or off track.


@pytest.mark.parametrize(
    ("value", "on_track", "reason"),
    [
        ("30", True, "On track: 30% is above the trajectory of 28.7% for September 2024."),
        ("28.7", True, "On track: 28.7% is on the trajectory of 28.7% for September 2024."),
        ("28.6", False, "Off track: 28.6% is below the trajectory of 28.7% for September 2024."),
        ("12.8", False, "Off track: 12.8% is below the trajectory of 28.7% for September 2024."),
    ],
)
def test_on_track_higher_is_better(value: str, on_track: bool, reason: str) -> None:
    result = on_trajectory(
        value=D(value),
        month=m("2024-09"),
        points=points_3_1(),
        polarity=HIGHER,
        unit=Unit.PERCENT,
        decimals=1,
    )
    assert (result.expected, result.on_track, result.reason) == (D("28.7"), on_track, reason)


@pytest.mark.parametrize(
    ("value", "on_track", "reason"),
    [
        ("39", True, "On track: 39 is below the trajectory of 39.18 for September 2024."),
        ("39.18", True, "On track: 39.18 is on the trajectory of 39.18 for September 2024."),
        ("39.19", False, "Off track: 39.19 is above the trajectory of 39.18 for September 2024."),
        ("41.71", False, "Off track: 41.71 is above the trajectory of 39.18 for September 2024."),
    ],
)
def test_on_track_lower_is_better(value: str, on_track: bool, reason: str) -> None:
    """3.2: baseline 44.35 weeks, target 34; September: 44.35 - 10.35 × 6/12 = 39.175 → 39.18."""
    points = anchors(
        baseline=D("44.35"), baseline_month=MAR24, targets={FY24: D("34")}, milestones={}
    )
    result = on_trajectory(
        value=D(value),
        month=m("2024-09"),
        points=points,
        polarity=LOWER,
        unit=Unit.WEEKS,
        decimals=2,
    )
    assert (result.expected, result.on_track, result.reason) == (D("39.18"), on_track, reason)


def test_neutral_polarity_has_an_expected_value_but_no_verdict() -> None:
    result = on_trajectory(
        value=D("12.8"),
        month=m("2024-09"),
        points=points_3_1(),
        polarity=NEITHER,
        unit=Unit.PERCENT,
        decimals=1,
    )
    assert result.expected == D("28.7")
    assert result.on_track is None
    assert result.reason == "Expected 28.7% for September 2024; neither direction is better."


@pytest.mark.parametrize("month", ["2024-02", "2025-04"])
def test_no_trajectory_outside_the_anchors(month: str) -> None:
    result = on_trajectory(
        value=D("12.8"),
        month=m(month),
        points=points_3_1(),
        polarity=HIGHER,
        unit=Unit.PERCENT,
        decimals=1,
    )
    assert (result.expected, result.on_track) == (None, None)
    assert result.reason == f"No trajectory for {m(month).label}."


def test_no_trajectory_with_only_a_baseline() -> None:
    """1/2.1: a baseline and no target: nothing to interpolate towards."""
    points = anchors(baseline=D("88"), baseline_month=MAR24, targets={}, milestones={})
    result = on_trajectory(
        value=D("88.9"),
        month=m("2024-09"),
        points=points,
        polarity=LOWER,
        unit=Unit.PERCENT,
        decimals=1,
    )
    assert (result.expected, result.on_track) == (None, None)
    assert result.reason == "No trajectory for September 2024."
