"""The special-cause rules of scorecard.domain.spc at their boundaries, and their precedence,
against NHSRplotthedots 0.2.x (R/ptd_calculate_point_type.R: ptd_special_cause_type).

Every case is judged against fixed limits so that the numbers stay simple: a baseline of twelve
points alternating 75 and 125 (mean 1200 / 12 = 100, eleven moving ranges of 50, mean 50) fixes
the limits with fix_after=12 at

    mean 100, limits 100 ± 2.66 × 50 = -33 and 233,
    two sigma 100 ± (2 × 2.66 / 3) × 50 = 11.33 and 188.67;

then a separator exactly on the mean (100: it is on neither side, so it cannot extend a run of
points on one side or a 2-in-3 window), then the points under test. Expected labels are worked
out by hand from the rules.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pytest

from scorecard.domain.spc import Direction, PointType, SpcResult, xmr

BASELINE = [75.0, 125.0] * 6
SEPARATOR = 100.0
JUDGED = len(BASELINE) + 1  # index of the first point under test

CC = "Common Cause"
UCL, LCL = "Above UCL", "Below LCL"
UP, DOWN = "7 Point Trend (Increasing)", "7 Point Trend (Decreasing)"
A23, B23 = "2 in 3 Above CL", "2 in 3 Below CL"
ABOVE7, BELOW7 = "7 Points Above CL", "7 Points Below CL"


def judged(values: Sequence[float | None], direction: Direction = Direction.INCREASE) -> SpcResult:
    series = [*BASELINE, SEPARATOR, *values]
    dates = [dt.date(2024, 1, 1) + dt.timedelta(days=i) for i in range(len(series))]
    return xmr(dates=dates, values=series, direction=direction, fix_after=12)


def labels(values: Sequence[float | None]) -> list[str | None]:
    return [p.special_cause_type for p in judged(values).points[JUDGED:]]


def test_the_fixed_limits_and_the_quiet_baseline() -> None:
    result = judged([])
    assert {(p.mean, p.lpl, p.upl) for p in result.points} == {(100.0, -33.0, 233.0)}
    assert [p.special_cause_type for p in result.points] == [CC] * JUDGED


RULE_CASES = [
    # -- outside the limits: strictly beyond them ------------------------------------------
    # 233 and -33 are exactly on the limits (close to them, but alone): not outside
    pytest.param(
        [233, 100, 234, 100, -33, 100, -34], [CC, CC, UCL, CC, CC, CC, LCL], id="at limit"
    ),
    # -- 7 point trend: 6 steps each strictly up (or down) -----------------------------------
    # 6 rising points (5 steps) then a fall; they straddle the mean, so no run on one side
    pytest.param([97, 98, 99, 101, 102, 103, 90], [CC] * 7, id="6 rising"),
    pytest.param([97, 98, 99, 101, 102, 103, 104], [UP] * 7, id="7 rising"),
    # a tie is not a step up
    pytest.param([97, 98, 99, 99, 101, 102, 103], [CC] * 7, id="tie breaks trend"),
    pytest.param([103, 102, 101, 99, 98, 97, 110], [CC] * 7, id="6 falling"),
    pytest.param([103, 102, 101, 99, 98, 97, 96], [DOWN] * 7, id="7 falling"),
    # a rise of 7 then a fall of 7 sharing the peak (104): the peak is in both trends, and a
    # point whose next point is in a trend takes the direction of the step to it (down)
    pytest.param(
        [90, 92, 94, 96, 98, 102, 104, 103, 101, 99, 97, 95, 93],
        [UP] * 6 + [DOWN] * 7,
        id="rise then fall",
    ),
    # two peaks of 104: the first closes the rise, the second opens the fall; the step between
    # them is flat, so the first keeps the direction of its own trend (up). The reference labels
    # it "Decreasing" (ifelse(sdy == 1, "In", "De") on a step of 0): a deliberate deviation.
    pytest.param(
        [90, 92, 94, 96, 98, 102, 104, 104, 103, 101, 99, 97, 95, 93],
        [UP] * 7 + [DOWN] * 7,
        id="tie at the peak",
    ),
    # two rises joined by a flat step (104, 104): nothing falls, and every point is in a rising
    # trend (the reference calls the first 104 "Decreasing", a concern when higher is better)
    pytest.param(
        [90, 92, 94, 96, 98, 102, 104, 104, 106, 108, 110, 112, 114, 116],
        [UP] * 14,
        id="two rises joined by a flat step",
    ),
    # the same falling: the first 96 ends a fall and stays "Decreasing"
    pytest.param(
        [110, 108, 106, 104, 102, 99, 96, 96, 94, 92, 90, 88, 86, 84],
        [DOWN] * 14,
        id="two falls joined by a flat step",
    ),
    # -- 7 points on one side of the mean -------------------------------------------------------
    pytest.param([101] * 6 + [99], [CC] * 7, id="6 above"),
    pytest.param([101] * 7, [ABOVE7] * 7, id="7 above"),
    pytest.param([99] * 7, [BELOW7] * 7, id="7 below"),
    pytest.param([101] * 8 + [99], [ABOVE7] * 8 + [CC], id="8 above"),
    pytest.param([99] * 8 + [101], [BELOW7] * 8 + [CC], id="8 below"),
    # a point exactly on the mean is on neither side: it breaks the run
    pytest.param([101, 101, 101, 100, 101, 101, 101], [CC] * 7, id="on the mean breaks"),
    pytest.param([99, 99, 99, 100, 99, 99, 99], [CC] * 7, id="on the mean breaks below"),
    # -- 2 of 3 beyond two sigma (188.67 / 11.33), all 3 on the same side -----------------------
    # only the points beyond two sigma are flagged, not the third point of the window
    pytest.param([190, 110, 195], [A23, CC, A23], id="2 in 3 outer"),
    pytest.param([110, 190, 195], [CC, A23, A23], id="2 in 3 last two"),
    pytest.param([190, 195, 110], [A23, A23, CC], id="2 in 3 first two"),
    pytest.param([10, 90, 5], [B23, CC, B23], id="2 in 3 below"),
    # the middle point is below the mean: the window is not all on one side
    pytest.param([190, 90, 195], [CC] * 3, id="2 in 3 split by the mean"),
    # the two points beyond two sigma are on opposite sides
    pytest.param([110, 10, 190], [CC] * 3, id="2 in 3 opposite sides"),
    pytest.param([190, 10, 110], [CC] * 3, id="2 in 3 opposite sides 2"),
    # two points beyond two sigma 3 apart are in no window of 3 together
    pytest.param([190, 110, 110, 190], [CC] * 4, id="2 in 4"),
    # a point beyond the limits is not "beyond two sigma": 240 does not pair with 190
    pytest.param([190, 240, 110], [CC, UCL, CC], id="outside is not close"),
]


@pytest.mark.parametrize(("values", "expected"), RULE_CASES)
def test_special_cause_rules(values: list[float], expected: list[str]) -> None:
    assert labels(values) == expected


def test_precedence_outside_then_trend_then_two_in_three_then_shift() -> None:
    values = [99, 150, 170, 190, 195, 200, 240, 205, 150]
    # 99 .. 240: 7 points each above the one before: a rising trend, all 7 in it
    # 190, 195, 200, 205 are beyond two sigma (188.67) and within the limits, all above the mean
    # 150 .. 150: 8 points in a row above the mean
    # 240 > 233: outside, which wins over the trend (and the run above the mean)
    # 190, 195, 200 are in the trend, which wins over 2 in 3 and the run
    # 205: not in the trend (a fall), one of 2 in 3 with 200 (240 is outside, not close): 2 in 3
    # the last 150: only in the run above the mean
    assert labels(values) == [UP, UP, UP, UP, UP, UP, UCL, A23, ABOVE7]


def test_two_in_three_wins_over_a_run_on_one_side() -> None:
    # 7 points above the mean; 190 and 195 are 2 in 3 with the 101 between them
    assert labels([101, 101, 190, 101, 195, 101, 101]) == [
        ABOVE7,
        ABOVE7,
        A23,
        ABOVE7,
        A23,
        ABOVE7,
        ABOVE7,
    ]


def test_a_trend_wins_over_a_run_on_one_side() -> None:
    # 101 .. 107: 7 points rising, all above the mean, so also a run on one side; the trend
    # wins. The separator 100 is in the trend too: 100, 101 .. 106 are 7 rising points.
    result = judged([101, 102, 103, 104, 105, 106, 107])
    assert [p.special_cause_type for p in result.points[JUDGED - 1 :]] == [UP] * 8


# ---------------------------------------------------------------------------------------------
# Missing values break every run and window (a documented deviation: the reference stops)
# ---------------------------------------------------------------------------------------------


def test_a_missing_value_breaks_a_trend() -> None:
    # 6 rising, a missing point, 1 more rising: no 7 consecutive points rise
    assert labels([97, 98, 99, 101, 102, 103, None, 104]) == [CC] * 6 + [None, CC]
    # the same with a value in the gap is a trend of 8
    assert labels([97, 98, 99, 101, 102, 103, 103.5, 104]) == [UP] * 8


def test_a_missing_value_breaks_a_run_on_one_side() -> None:
    assert labels([101, 101, 101, None, 101, 101, 101]) == [CC] * 3 + [None] + [CC] * 3


def test_a_missing_value_breaks_a_two_in_three_window() -> None:
    # 190, missing, 195: the only window holding both also holds the missing point
    assert labels([190, None, 195]) == [CC, None, CC]


def test_a_missing_value_has_no_point_type() -> None:
    result = judged([101, None, 99])
    assert [p.point_type for p in result.points[JUDGED:]] == [
        PointType.COMMON_CAUSE,
        None,
        PointType.COMMON_CAUSE,
    ]


# ---------------------------------------------------------------------------------------------
# Point types come from the label (ptd_point_type: "Above|Increasing" high, "Below|Decreasing"
# low), oriented by the direction of improvement
# ---------------------------------------------------------------------------------------------

HIGH = {
    Direction.INCREASE: PointType.IMPROVEMENT,
    Direction.DECREASE: PointType.CONCERN,
    Direction.NEUTRAL: PointType.NEUTRAL_HIGH,
}
LOW = {
    Direction.INCREASE: PointType.CONCERN,
    Direction.DECREASE: PointType.IMPROVEMENT,
    Direction.NEUTRAL: PointType.NEUTRAL_LOW,
}


@pytest.mark.parametrize("direction", list(Direction))
@pytest.mark.parametrize(
    ("values", "high"),
    [
        ([234], True),  # Above UCL
        ([-34], False),  # Below LCL
        ([97, 98, 99, 101, 102, 103, 104], True),  # 7 Point Trend (Increasing)
        ([103, 102, 101, 99, 98, 97, 96], False),  # 7 Point Trend (Decreasing)
        ([110, 190, 195], True),  # 2 in 3 Above CL (190, 195)
        ([90, 10, 5], False),  # 2 in 3 Below CL (10, 5)
        ([101] * 7, True),  # 7 Points Above CL
        ([99] * 7, False),  # 7 Points Below CL
    ],
)
def test_point_type_from_label_and_direction(
    values: list[float], high: bool, direction: Direction
) -> None:
    result = judged(values, direction)
    points = [p for p in result.points[JUDGED:] if p.special_cause_type != CC]
    assert points, "the case must produce a special cause"
    expected = HIGH[direction] if high else LOW[direction]
    assert {p.point_type for p in points} == {expected}


def test_the_first_of_two_peaks_closes_the_rise() -> None:
    # the tie-at-the-peak case: the first 104 closes a rise and the step to the second is flat,
    # so it is "Increasing" and, when higher is better, an improvement (the reference labels it
    # "Decreasing", a concern); the second 104 opens the fall
    result = judged([90, 92, 94, 96, 98, 102, 104, 104, 103, 101, 99, 97, 95, 93])
    first, second = result.points[JUDGED + 6], result.points[JUDGED + 7]
    assert first.value == 104 and first.special_cause_type == UP
    assert first.point_type is PointType.IMPROVEMENT
    assert second.value == 104 and second.special_cause_type == DOWN
    assert second.point_type is PointType.CONCERN


# ---------------------------------------------------------------------------------------------
# Cases from the reference's tests/testthat/test-ptd_calculate_point_type.R, whose helpers work
# on flags; each vector becomes values around the fixed mean of 100 (y + 96 for the trend
# vectors; 190/195 beyond two sigma above, 10/5 below, 110/90 within two sigma above/below;
# 101/99 for relative_to_mean 1/-1).
# ---------------------------------------------------------------------------------------------

REFERENCE_CASES = [
    # ptd_seven_point_trend(1:6) == 0: no trend
    pytest.param([97, 98, 99, 100, 101, 102], [CC] * 6, id="trend 1:6"),
    # ptd_seven_point_trend(c(1:3, 3:6)) == 0: the tie breaks it
    pytest.param([97, 98, 99, 99, 100, 101, 102], [CC] * 7, id="trend c(1:3, 3:6)"),
    # ptd_seven_point_trend(1:7) == c(0, 0, 0, 0, 0, 0, 1): all 7 are part of it
    pytest.param([97, 98, 99, 100, 101, 102, 103], [UP] * 7, id="trend 1:7"),
    # ptd_seven_point_trend(c(2, 1:7, 3)): the trend ends at the 8th point
    pytest.param(
        [98, 97, 98, 99, 100, 101, 102, 103, 99], [CC] + [UP] * 7 + [CC], id="trend c(2, 1:7, 3)"
    ),
    # ptd_seven_point_trend(7:1) == c(0, 0, 0, 0, 0, 0, -1)
    pytest.param([103, 102, 101, 100, 99, 98, 97], [DOWN] * 7, id="trend 7:1"),
    # ptd_seven_point_trend(c(2, 7:1, 3))
    pytest.param(
        [98, 103, 102, 101, 100, 99, 98, 97, 99], [CC] + [DOWN] * 7 + [CC], id="trend c(2, 7:1, 3)"
    ),
    # ptd_seven_point_one_side_mean(rep(1, 6)) == 0
    pytest.param([101] * 6, [CC] * 6, id="one side rep(1, 6)"),
    # ptd_seven_point_one_side_mean(c(rep(1, 6), -1)) == 0
    pytest.param([101] * 6 + [99], [CC] * 7, id="one side c(rep(1, 6), -1)"),
    # ptd_seven_point_one_side_mean(c(rep(1, 8), -1)) == c(0, 0, 0, 0, 0, 0, 1, 1, 0)
    pytest.param([101] * 8 + [99], [ABOVE7] * 8 + [CC], id="one side c(rep(1, 8), -1)"),
    pytest.param([99] * 8 + [101], [BELOW7] * 8 + [CC], id="one side c(rep(-1, 8), 1)"),
    # ptd_part_of_two_in_three: close c(1, 0, 1), c(0, 1, 1), c(1, 1, 0), all above the mean:
    # the close points are flagged
    pytest.param([190, 110, 195], [A23, CC, A23], id="2in3 c(1, 0, 1)"),
    pytest.param([110, 190, 195], [CC, A23, A23], id="2in3 c(0, 1, 1)"),
    pytest.param([190, 195, 110], [A23, A23, CC], id="2in3 c(1, 1, 0)"),
    # close c(0, 0, 1, 0, 1, 0, 0): points 3 and 5 (the others are put below the mean so that
    # the 7 are not a run on one side; no window with two close points holds them)
    pytest.param([90, 90, 190, 110, 195, 90, 90], [CC, CC, A23, CC, A23, CC, CC], id="2in3 g"),
    # close c(0, 0, 1, 1, 0, 0, 0): points 3 and 4
    pytest.param([90, 110, 190, 195, 110, 90, 90], [CC, CC, A23, A23, CC, CC, CC], id="2in3 h"),
    # close c(1, 0, 0, 1): no window of 3 holds two close points
    pytest.param([190, 110, 110, 195], [CC] * 4, id="2in3 c(1, 0, 0, 1)"),
    # close c(1, 0, 0, 1, 1) -> c(0, 0, 0, 1, 1)
    pytest.param([190, 110, 110, 190, 195], [CC, CC, CC, A23, A23], id="2in3 c(1, 0, 0, 1, 1)"),
    # "when points are on opposite sides of the mean": relative_to_mean c(1, -1, 1)
    pytest.param([190, 90, 195], [CC] * 3, id="2in3 opposite c(1, 0, 1)"),
    pytest.param([110, 10, 190], [CC] * 3, id="2in3 opposite c(0, 1, 1)"),
    pytest.param([190, 10, 110], [CC] * 3, id="2in3 opposite c(1, 1, 0)"),
    # g with sides c(1, -1, 1, -1, 1, -1, 1); h with sides c(-1, 1, -1, 1, -1, 1, -1)
    pytest.param([110, 90, 190, 90, 195, 90, 110], [CC] * 7, id="2in3 opposite g"),
    pytest.param([90, 110, 10, 190, 90, 110, 90], [CC] * 7, id="2in3 opposite h"),
]


@pytest.mark.parametrize(("values", "expected"), REFERENCE_CASES)
def test_reference_rule_cases(values: list[float], expected: list[str]) -> None:
    assert labels(values) == expected
