"""XmR charts (scorecard.domain.spc): the mean, moving ranges, screening, limits, fixed limits,
rebasing, short-series warnings, missing values, input checks, point types and the icons.

The reference is NHSRplotthedots 0.2.x with its defaults (R/ptd_spc_standard.R,
R/ptd_calculate_point_type.R, R/ptd_calculate_assurance_type.R, R/ptd_add_rebase_column.R,
R/ptd_add_short_group_warnings.R). Every expected number is worked out by hand in the comments,
never by the code under test. The special-cause rules are in test_spc_rules.py, cases taken from
the reference's own tests and snapshots in test_spc_reference.py, properties in
test_spc_properties.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pytest

from scorecard.domain.errors import ScorecardError
from scorecard.domain.spc import (
    AssuranceIcon,
    Direction,
    PointType,
    SpcResult,
    VariationIcon,
    xmr,
)

INCREASE, DECREASE, NEUTRAL = Direction.INCREASE, Direction.DECREASE, Direction.NEUTRAL
CC = "Common Cause"
ABOVE7 = "7 Points Above CL"
START = dt.date(2024, 1, 1)


def days(n: int, start: dt.date = START) -> list[dt.date]:
    return [start + dt.timedelta(days=i) for i in range(n)]


def chart(values: Sequence[float | None], direction: Direction = INCREASE, **kw) -> SpcResult:
    return xmr(dates=days(len(values)), values=list(values), direction=direction, **kw)


def labels(result: SpcResult) -> list[str | None]:
    return [p.special_cause_type for p in result.points]


def limits(result: SpcResult, index: int = 0) -> tuple[float | None, float | None, float | None]:
    point = result.points[index]
    return point.mean, point.lpl, point.upl


# ---------------------------------------------------------------------------------------------
# The mean, the moving ranges, screening and the limits (R/ptd_spc_standard.R)
# ---------------------------------------------------------------------------------------------

LIMIT_CASES = [
    pytest.param(
        # mean = 60 / 5 = 12; moving ranges 2, 1, 2, 1: mean 6 / 4 = 1.5;
        # none is at or above 3.267 × 1.5 = 4.9005, so nothing is screened;
        # limits 12 ± 2.66 × 1.5 = 12 ± 3.99
        [10, 12, 11, 13, 14],
        True,
        12.0,
        8.01,
        15.99,
        id="plain",
    ),
    pytest.param(
        # a missing value drops out of the mean and out of both moving ranges that touch it:
        # mean = (10 + 12 + 11) / 3 = 11; moving ranges -, -, |11 - 12| = 1: mean 1;
        # limits 11 ± 2.66
        [10, None, 12, 11],
        True,
        11.0,
        8.34,
        13.66,
        id="missing value",
    ),
    pytest.param(
        # screening AT the boundary: mean = 5465 / 5 = 1093; moving ranges 244, 244, 245, 3267:
        # mean 4000 / 4 = 1000; 3267 < 3.267 × 1000 = 3267 is false, so 3267 is left out and
        # the mean moving range is (244 + 244 + 245) / 3 = 733 / 3;
        # limits 1093 ± 2.66 × 733 / 3 = 1093 ± 649.92666...
        [0, 244, 488, 733, 4000],
        True,
        1093.0,
        443.0733333333333,
        1742.9266666666667,
        id="screened at 3.267",
    ),
    pytest.param(
        # screening just BELOW the boundary: mean = 5464 / 5 = 1092.8; moving ranges
        # 244, 244, 245, 3266: mean 3999 / 4 = 999.75; 3.267 × 999.75 = 3266.18325 > 3266, so
        # all are kept; limits 1092.8 ± 2.66 × 999.75 = 1092.8 ± 2659.335
        [0, 244, 488, 733, 3999],
        True,
        1092.8,
        -1566.535,
        3752.135,
        id="kept below 3.267",
    ),
    pytest.param(
        # no screening: the 3267 stays in, mean moving range 1000; limits 1093 ± 2660
        [0, 244, 488, 733, 4000],
        False,
        1093.0,
        -1567.0,
        3753.0,
        id="no screening",
    ),
]


@pytest.mark.parametrize(("values", "screen", "mean", "lpl", "upl"), LIMIT_CASES)
def test_mean_moving_ranges_screening_and_limits(
    values: list[float | None], screen: bool, mean: float, lpl: float, upl: float
) -> None:
    result = chart(values, screen_outliers=screen)
    for point in result.points:
        assert point.mean == pytest.approx(mean, rel=1e-12)
        assert point.lpl == pytest.approx(lpl, rel=1e-12)
        assert point.upl == pytest.approx(upl, rel=1e-12)


def test_a_constant_series_has_no_limits_and_only_common_cause() -> None:
    # every moving range is 0, and 0 < 3.267 × 0 is false, so all are screened out: the mean
    # moving range is the mean of nothing (NaN in R) and so are the limits
    result = chart([5.0] * 15, target=6.0)
    assert {limits(result, i) for i in range(15)} == {(5.0, None, None)}
    assert labels(result) == [CC] * 15
    assert {p.point_type for p in result.points} == {PointType.COMMON_CAUSE}
    assert result.variation_icon is VariationIcon.COMMON_CAUSE
    # with no limits, neither `target > upl` nor `target < lpl` holds: inconsistent
    assert result.assurance_icon is AssuranceIcon.INCONSISTENT


def test_a_constant_series_without_screening_still_has_no_limits() -> None:
    # no screening: the mean moving range is 0, so the limits collapse onto the mean (5 ± 0);
    # no point is beyond them (5 > 5 is false) and every point is on the mean
    result = chart([5.0] * 15, screen_outliers=False)
    assert limits(result) == (5.0, 5.0, 5.0)
    assert labels(result) == [CC] * 15


# ---------------------------------------------------------------------------------------------
# Fixing the limits after n points (fix_after_n_points)
# ---------------------------------------------------------------------------------------------

BASELINE = [75.0, 125.0] * 6  # mean 1200 / 12 = 100, eleven moving ranges of 50: mean 50


def test_fixed_limits_come_from_the_first_n_points_only() -> None:
    values = [*BASELINE, 300.0, 300.0]
    fixed = chart(values, fix_after=12)
    # first 12: mean 100, mean moving range 50, limits 100 ± 2.66 × 50 = 100 ± 133
    assert {limits(fixed, i) for i in range(14)} == {(100.0, -33.0, 233.0)}
    # the later points are judged against them: 300 > 233
    assert labels(fixed)[12:] == ["Above UCL", "Above UCL"]
    free = chart(values)
    # all 14: mean (1200 + 600) / 14 = 128.5714...; moving ranges 11 × 50, |300 - 125| = 175
    # and 0: mean 725 / 13 = 55.769...; 175 < 3.267 × 55.769 = 182.2, kept;
    # limits 128.5714 ± 2.66 × 55.769 = 128.5714 ± 148.3462
    assert limits(free) == pytest.approx(
        (1800 / 14, 1800 / 14 - 2.66 * 725 / 13, 1800 / 14 + 2.66 * 725 / 13)
    )


def test_fix_after_beyond_the_series_changes_nothing() -> None:
    values = [*BASELINE, 300.0]
    assert chart(values, fix_after=20) == chart(values)


@pytest.mark.parametrize("n", [0, 5, 11])
def test_fix_after_fewer_than_12_points_is_refused(n: int) -> None:
    with pytest.raises(ScorecardError, match="12"):
        chart([*BASELINE, 300.0], fix_after=n)


def test_fix_after_applies_to_each_rebase_group() -> None:
    # group A: the baseline then 300, 300 (fixed: 100 ± 133); group B: 0, 50 alternating
    # (mean 300 / 12 = 25, moving ranges 50: limits 25 ± 133) then 400
    group_b = [0.0, 50.0] * 6 + [400.0]
    values = [*BASELINE, 300.0, 300.0, *group_b]
    dates = days(len(values))
    result = xmr(dates=dates, values=values, direction=INCREASE, fix_after=12, rebase=[dates[14]])
    assert {limits(result, i) for i in range(14)} == {(100.0, -33.0, 233.0)}
    assert {limits(result, i) for i in range(14, 27)} == {(25.0, -108.0, 158.0)}
    assert labels(result)[-1] == "Above UCL"


# ---------------------------------------------------------------------------------------------
# Rebasing (R/ptd_add_rebase_column.R; rebase_group = cumsum(rebase))
# ---------------------------------------------------------------------------------------------

GROUP_A = [90.0, 110.0] * 5 + [105.0] * 4  # 14 points
GROUP_B = [105.0] * 3 + [90.0, 110.0] * 5  # 13 points
REBASED = [*GROUP_A, *GROUP_B]


def test_each_rebase_group_has_its_own_limits() -> None:
    dates = days(len(REBASED))
    result = xmr(dates=dates, values=REBASED, direction=INCREASE, rebase=[dates[14]])
    # A: mean 1420 / 14; moving ranges 9 × 20, 5, 0, 0, 0: mean 185 / 13
    a_mean, a_amr = 1420 / 14, 185 / 13
    # B: mean 1315 / 13; moving ranges 0, 0, 15, 9 × 20: mean 195 / 12 = 16.25
    b_mean, b_amr = 1315 / 13, 16.25
    for i in range(14):
        assert limits(result, i) == pytest.approx(
            (a_mean, a_mean - 2.66 * a_amr, a_mean + 2.66 * a_amr)
        )
        assert result.points[i].rebase_group == 0
    for i in range(14, 27):
        assert limits(result, i) == pytest.approx(
            (b_mean, b_mean - 2.66 * b_amr, b_mean + 2.66 * b_amr)
        )
        assert result.points[i].rebase_group == 1
    assert not any("provisional" in w for w in result.warnings)  # 14 and 13 points


def test_a_run_across_a_rebase_is_not_flagged() -> None:
    # without a rebase: mean 2735 / 27 = 101.3; the 110 at index 9 and the seven 105s after it
    # are 8 points in a row above it
    whole = chart(REBASED)
    assert labels(whole) == [CC] * 9 + [ABOVE7] * 8 + [CC] * 10
    # rebased at index 14: A ends with 5 points above its mean (101.43), B starts with 3 above
    # its mean (101.15), then 90 below it: no run of 7 in either group
    dates = days(len(REBASED))
    split = xmr(dates=dates, values=REBASED, direction=INCREASE, rebase=[dates[14]])
    assert labels(split) == [CC] * 27


def test_a_rebase_at_the_first_point_changes_nothing() -> None:
    dates = days(len(REBASED))
    plain = xmr(dates=dates, values=REBASED, direction=INCREASE)
    rebased = xmr(dates=dates, values=REBASED, direction=INCREASE, rebase=[dates[0]])
    assert rebased == plain


def test_a_rebase_date_that_matches_no_point_warns_and_changes_nothing() -> None:
    dates = days(len(REBASED))
    plain = xmr(dates=dates, values=REBASED, direction=INCREASE)
    stray = xmr(dates=dates, values=REBASED, direction=INCREASE, rebase=[dt.date(2030, 6, 15)])
    assert stray.points == plain.points
    assert stray.variation_icon == plain.variation_icon
    assert any("2030-06-15" in w for w in stray.warnings)
    assert not any("2030-06-15" in w for w in plain.warnings)


# ---------------------------------------------------------------------------------------------
# Short groups (R/ptd_add_short_group_warnings.R: n() < 13)
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("n", "warns"), [(1, True), (12, True), (13, False), (20, False)])
def test_a_group_of_fewer_than_13_points_warns(n: int, warns: bool) -> None:
    result = chart([float(i % 3) for i in range(n)])
    assert any("provisional" in w for w in result.warnings) is warns


def test_only_the_short_group_warns() -> None:
    # 40 points rebased at index 35: groups of 35 and 5 points; only the second warns
    dates = days(40)
    result = xmr(
        dates=dates,
        values=[float(i % 4) for i in range(40)],
        direction=INCREASE,
        rebase=[dates[35]],
    )
    short = [w for w in result.warnings if "provisional" in w]
    assert len(short) == 1
    assert dates[35].isoformat() in short[0] and "5 points" in short[0]


# ---------------------------------------------------------------------------------------------
# Missing values (a documented deviation: they break runs and have no point type)
# ---------------------------------------------------------------------------------------------


def test_a_missing_value_has_no_point_type_and_is_counted_in_the_warnings() -> None:
    result = chart([10, 12, None, 11, 13, None, 14])
    missing = [p for p in result.points if p.value is None]
    assert len(missing) == 2
    assert all(p.point_type is None and p.special_cause_type is None for p in missing)
    assert all(p.point_type is PointType.COMMON_CAUSE for p in result.points if p.value is not None)
    assert any(w.startswith("2 points without a value") for w in result.warnings)


def test_one_missing_value_is_counted_in_the_singular() -> None:
    result = chart([10, 12, None, 11, 13])
    assert "1 point without a value breaks the runs" in result.warnings


def test_nan_is_a_missing_value() -> None:
    assert chart([10, float("nan"), 12, 11]) == chart([10, None, 12, 11])


def test_the_variation_icon_comes_from_the_latest_point_with_a_value() -> None:
    # documented deviation: the latest point is missing, so the icon comes from the one before,
    # the last of seven points above the (fixed) mean of 100
    result = chart([*BASELINE, 100.0, *[101.0] * 7, None], fix_after=12)
    assert result.points[-2].special_cause_type == ABOVE7
    assert result.variation_icon is VariationIcon.IMPROVEMENT_HIGH


def test_a_series_without_values_has_no_icons() -> None:
    result = chart([None, None, None], target=1.0)
    assert result.variation_icon is None
    assert {p.mean for p in result.points} == {None}


# ---------------------------------------------------------------------------------------------
# Input checks and ordering
# ---------------------------------------------------------------------------------------------


def test_duplicate_dates_are_refused_naming_the_date() -> None:
    dates = [dt.date(2024, 1, 1), dt.date(2024, 1, 2), dt.date(2024, 1, 2)]
    with pytest.raises(ScorecardError, match="2024-01-02"):
        xmr(dates=dates, values=[1.0, 2.0, 3.0], direction=INCREASE)


def test_dates_and_values_must_pair_up() -> None:
    with pytest.raises(ScorecardError, match="3 dates but 2 values"):
        xmr(dates=days(3), values=[1.0, 2.0], direction=INCREASE)


def test_an_infinite_value_is_refused() -> None:
    with pytest.raises(ScorecardError, match="inf"):
        chart([1.0, float("inf"), 2.0])


def test_input_out_of_date_order_is_sorted() -> None:
    values = [*BASELINE, 100.0, *[101.0] * 7]
    dates = days(len(values))
    in_order = xmr(dates=dates, values=values, direction=INCREASE)
    backwards = xmr(dates=dates[::-1], values=values[::-1], direction=INCREASE)
    assert [p.date for p in backwards.points] == dates
    assert backwards == in_order


# ---------------------------------------------------------------------------------------------
# Point types, the variation icon and the assurance icon
# ---------------------------------------------------------------------------------------------

ABOVE = [*BASELINE, 100.0, *[101.0] * 7]  # ends with 7 points above the fixed mean of 100
BELOW = [*BASELINE, 100.0, *[99.0] * 7]  # ends with 7 points below it


@pytest.mark.parametrize(
    ("values", "direction", "point_type", "icon"),
    [
        (ABOVE, INCREASE, PointType.IMPROVEMENT, VariationIcon.IMPROVEMENT_HIGH),
        (BELOW, INCREASE, PointType.CONCERN, VariationIcon.CONCERN_LOW),
        (ABOVE, DECREASE, PointType.CONCERN, VariationIcon.CONCERN_HIGH),
        (BELOW, DECREASE, PointType.IMPROVEMENT, VariationIcon.IMPROVEMENT_LOW),
        (ABOVE, NEUTRAL, PointType.NEUTRAL_HIGH, VariationIcon.NEUTRAL_HIGH),
        (BELOW, NEUTRAL, PointType.NEUTRAL_LOW, VariationIcon.NEUTRAL_LOW),
    ],
)
def test_point_type_and_variation_icon_follow_the_direction(
    values: list[float], direction: Direction, point_type: PointType, icon: VariationIcon
) -> None:
    result = chart(values, direction, fix_after=12)
    assert [p.point_type for p in result.points[13:]] == [point_type] * 7
    assert {p.point_type for p in result.points[:13]} == {PointType.COMMON_CAUSE}
    assert result.variation_icon is icon


def test_the_variation_icon_is_from_the_latest_point_only() -> None:
    # seven points above, then one below the mean: the run is over, the latest point is common
    result = chart([*ABOVE, 99.0], fix_after=12)
    assert result.points[-2].point_type is PointType.IMPROVEMENT
    assert result.points[-1].point_type is PointType.COMMON_CAUSE
    assert result.variation_icon is VariationIcon.COMMON_CAUSE


@pytest.mark.parametrize(
    ("direction", "target", "icon"),
    [
        # the latest limits are the fixed ones, -33 and 233
        (INCREASE, 300.0, AssuranceIcon.FAIL),  # target above the upper limit
        (INCREASE, -50.0, AssuranceIcon.PASS),  # target below the lower limit
        (INCREASE, 150.0, AssuranceIcon.INCONSISTENT),
        (INCREASE, 233.0, AssuranceIcon.INCONSISTENT),  # 233 > 233 is false
        (INCREASE, -33.0, AssuranceIcon.INCONSISTENT),  # -33 < -33 is false
        (DECREASE, 300.0, AssuranceIcon.PASS),
        (DECREASE, -50.0, AssuranceIcon.FAIL),
        (DECREASE, 150.0, AssuranceIcon.INCONSISTENT),
        (NEUTRAL, 300.0, None),  # neither direction is better
        (INCREASE, None, None),  # no target
        (DECREASE, None, None),
    ],
)
def test_assurance_icon(
    direction: Direction, target: float | None, icon: AssuranceIcon | None
) -> None:
    result = chart(ABOVE, direction, fix_after=12, target=target)
    assert result.assurance_icon is icon


def test_assurance_uses_the_latest_group_limits() -> None:
    # group A: 1000, 1100 alternating: mean 1050, thirteen moving ranges of 100, limits
    # 1050 ± 266 = 784 and 1316; group B (the latest): the baseline, limits -33 and 233.
    # Against A, targets of 150 and 500 are both below the lower limit (pass when higher is
    # better); against B, 150 is between the limits and 500 above them.
    group_a = [1000.0, 1100.0] * 7
    values = [*group_a, *BASELINE]
    dates = days(len(values))
    for target, icon in [(150.0, AssuranceIcon.INCONSISTENT), (500.0, AssuranceIcon.FAIL)]:
        result = xmr(
            dates=dates, values=values, direction=INCREASE, target=target, rebase=[dates[14]]
        )
        assert limits(result, 0) == (1050.0, 784.0, 1316.0)
        assert limits(result, 14) == (100.0, -33.0, 233.0)
        assert result.assurance_icon is icon
