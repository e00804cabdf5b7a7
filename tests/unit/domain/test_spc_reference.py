"""Cases mined from the reference's own tests and snapshots (NHSRplotthedots, tests/testthat/),
with the expected values copied from the reference's expectations, never from our code.

- _snaps/ptd_spc.md: summaries of ptd_spc() on set.seed(123); rnorm(20) (test-ptd_spc.R).
- _snaps/integration_tests.md: the data frames that ptd_spc() returned on NHSRdatasets'
  ae_attendances (test-integration_tests.R), stored with serialize(); the values, means and
  limits below are the exact doubles decoded from those snapshots. The snapshots predate 0.2's
  special_cause_type column, so only point_type is compared; for these series the 0.2.x rules give
  the same point types (no trend, and no 2-in-3 window across the mean).
- test-ptd_spc_standard.R, test-ptd_add_rebase_column.R, test-ptd_calculate_assurance_type.R.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest

from scorecard.domain.spc import (
    AssuranceIcon,
    Direction,
    PointType,
    SpcPoint,
    SpcResult,
    VariationIcon,
    assurance_icon,
    xmr,
)

INCREASE = Direction.INCREASE
CC = "Common Cause"

# R 4.x: set.seed(123); rnorm(20), printed with 17 significant digits; the snapshot
# _snaps/ptd_spc_standard.md shows them to 3 significant digits (-0.560, -0.230, 1.56, ...).
RNORM_123 = [
    -0.5604756465522126,
    -0.23017748948327996,
    1.558708314149124,
    0.070508391424576003,
    0.12928773516094624,
    1.715064986883281,
    0.4609162059892023,
    -1.265061234606534,
    -0.68685285189352607,
    -0.44566197009995806,
    1.2240817974394615,
    0.35981382705736381,
    0.40077145059405217,
    0.11068271594511971,
    -0.55584113475407493,
    1.7869131368030782,
    0.49785047822923939,
    -1.9666171566296382,
    0.70135590156368555,
    -0.47279140772793404,
]
# test-ptd_spc.R: x = as.Date("2020-01-01") + 1:20
RNORM_DATES = [dt.date(2020, 1, 1) + dt.timedelta(days=i) for i in range(1, 21)]


def rnorm_chart(**kw) -> SpcResult:
    return xmr(dates=RNORM_DATES, values=RNORM_123, direction=INCREASE, **kw)


def test_rnorm_summary_snapshot() -> None:
    # summary(s1): mean_col 0.141624, lpl -3.01138, upl 3.294627, common_cause 20
    result = rnorm_chart()
    for p in result.points:
        assert p.mean == pytest.approx(0.141624, abs=5e-7)
        assert p.lpl == pytest.approx(-3.01138, abs=5e-6)
        assert p.upl == pytest.approx(3.294627, abs=5e-7)
    assert [p.special_cause_type for p in result.points] == [CC] * 20
    assert result.variation_icon is VariationIcon.COMMON_CAUSE


def test_rnorm_with_a_target_snapshot() -> None:
    # "summary with a target": target 0.5 -> assurance_type inconsistent
    assert rnorm_chart(target=0.5).assurance_icon is AssuranceIcon.INCONSISTENT


def test_rnorm_with_a_rebase_date_before_the_first_point_snapshot() -> None:
    # summary(s2): rebase = as.Date("2020-01-01"), a day before the first point: rebase_group 0
    # and the same mean and limits as without the rebase
    result = rnorm_chart(rebase=[dt.date(2020, 1, 1)])
    assert {p.rebase_group for p in result.points} == {0}
    assert result.points == rnorm_chart().points


def test_rnorm_halves_snapshot() -> None:
    # summary(s3): facet = rep(c(0, 1), each = 10): each half is charted on its own, as a rebase
    # at the 11th point does: means 0.074626 / 0.208622, lpl -2.600585 / -3.279005,
    # upl 2.749837 / 3.696249, all common cause
    result = rnorm_chart(rebase=[RNORM_DATES[10]])
    first, second = result.points[0], result.points[10]
    assert (first.mean, first.lpl, first.upl) == pytest.approx(
        (0.074626, -2.600585, 2.749837), abs=5e-7
    )
    assert (second.mean, second.lpl, second.upl) == pytest.approx(
        (0.208622, -3.279005, 3.696249), abs=5e-7
    )
    assert [p.rebase_group for p in result.points] == [0] * 10 + [1] * 10
    assert [p.special_cause_type for p in result.points] == [CC] * 20


# ae_all(): monthly sums of ae_attendances over all trusts, April 2016 to March 2019
AE_MONTHS = [dt.date(2016 + (3 + i) // 12, (3 + i) % 12 + 1, 1) for i in range(36)]
AE_ATTENDANCES = [
    *(1867781.0, 2070340.0, 1958802.0, 2079034.0, 1932901.0, 1952464.0),
    *(2001816.0, 1907871.0, 1944567.0, 1895272.0, 1735619.0, 2015834.0),
    *(1949762.0, 2066789.0, 1994056.0, 2073944.0, 1924663.0, 1925961.0),
    *(2044137.0, 1976971.0, 2003954.0, 2000086.0, 1820012.0, 2049785.0),
    *(1984369.0, 2164458.0, 2093942.0, 2179896.0, 1997854.0, 2005695.0),
    *(2079492.0, 2037847.0, 2047518.0, 2113413.0, 1954947.0, 2167550.0),
]
AE_PERFORMANCE = [  # 1 - breaches / attendances
    *(0.9003512724457525, 0.9027555860390081, 0.9055994429248081, 0.9028524786030435),
    *(0.909763097023593, 0.9064786853944554, 0.8905308979446662, 0.8837903610883545),
    *(0.8617594559611471, 0.851413411900772, 0.8753090395991286, 0.9000949482943537),
    *(0.9051525263083392, 0.8970035160821932, 0.9072518525056468, 0.9034785895858326),
    *(0.9029928875860346, 0.8966609396555797, 0.8994186788850258, 0.8876655246839736),
    *(0.8498503458662225, 0.8529918213516818, 0.8504476893558943, 0.8462121637147311),
    *(0.8857248828216929, 0.9039011151983545, 0.9076297242234981, 0.8931949047110505),
    *(0.8972702710007838, 0.8894368286304747, 0.8900933497219513, 0.8760446687116353),
    *(0.8644632183941728, 0.843525141560121, 0.8422525009629417, 0.8660427671795345),
]
IMP, C, N = PointType.IMPROVEMENT, PointType.CONCERN, PointType.COMMON_CAUSE


def limits_of(result: SpcResult, index: int) -> tuple[float | None, ...]:
    p = result.points[index]
    return (p.mean, p.lpl, p.upl)


def test_ae_all_attendances_snapshot() -> None:
    # "ae_all attendances spc returns expected values": mean 0x413e869af1c71c72,
    # lpl 0x413a6d045d4c3b2a, upl 0x41415018c320fedd, every point common_cause
    result = xmr(dates=AE_MONTHS, values=AE_ATTENDANCES, direction=INCREASE)
    expected = (2000538.9444444445, 1731844.3644444444, 2269233.5244444446)
    assert {limits_of(result, i) for i in range(36)} == {expected}
    assert [p.point_type for p in result.points] == [N] * 36


def test_ae_all_attendances_rebase_snapshot() -> None:
    # rebase = as.Date("2017-04-01"): groups of 12 and 24 points, each with its own limits
    result = xmr(
        dates=AE_MONTHS, values=AE_ATTENDANCES, direction=INCREASE, rebase=[dt.date(2017, 4, 1)]
    )
    first = (1946858.4166666667, 1639947.374848485, 2253769.4584848485)
    second = (2027379.2083333333, 1772921.0639855072, 2281837.3526811595)
    assert {limits_of(result, i) for i in range(12)} == {first}
    assert {limits_of(result, i) for i in range(12, 36)} == {second}
    assert [p.point_type for p in result.points] == [N] * 36
    # the first group has 12 points, fewer than 13 (0.2.x threshold)
    assert any("2016-04-01 has 12 points" in w for w in result.warnings)


def test_ae_all_performance_fixed_after_12_snapshot() -> None:
    # "ae_all performance spc returns expected values": fix_after_n_points = 12;
    # mean 0x3fec822f02657506, lpl 0x3feb90a12ca09b5a, upl 0x3fed73bcd82a4eb2
    result = xmr(dates=AE_MONTHS, values=AE_PERFORMANCE, direction=INCREASE, fix_after=12)
    expected = (0.8908915564349236, 0.8614049789074258, 0.9203781339624213)
    assert {limits_of(result, i) for i in range(36)} == {expected}
    # point_type as stored in the snapshot
    assert [p.point_type for p in result.points] == (
        [N] * 9 + [C, N] + [IMP] * 8 + [N] + [C] * 4 + [N] * 5 + [C] * 7
    )


def test_ae_all_performance_snapshot() -> None:
    # "plot arguments behave as expected": ptd_spc(ae_all(), performance, period);
    # mean 0x3fec4f824ada4be8, lpl 0x3feb88c897e7653d, upl 0x3fed163bfdcd3293
    result = xmr(dates=AE_MONTHS, values=AE_PERFORMANCE, direction=INCREASE)
    expected = (0.8847056829421236, 0.8604472128746817, 0.9089641530095655)
    assert {limits_of(result, i) for i in range(36)} == {expected}
    assert [p.point_type for p in result.points] == (
        [IMP] * 7 + [N, N, C, N] + [IMP] * 9 + [C] * 4 + [IMP] * 7 + [N, N, C, C, N]
    )
    assert result.variation_icon is VariationIcon.COMMON_CAUSE


# ---------------------------------------------------------------------------------------------
# R's mean(): long-double sum, divide, then add the mean of the residuals; for these inputs it is
# the exact mean of the doubles rounded once (checked against R 4.2 running the reference code)
# ---------------------------------------------------------------------------------------------


def test_the_mean_is_the_exact_mean_as_r_computes_it() -> None:
    # R's mean() sums in 80-bit long double, divides, then adds the mean of the residuals, so
    # for [2^53, 1, 0] it returns the exact mean (2^53 + 1) / 3 = 3002399751580331, a whole
    # number below 2^53 and so a double. Summing in doubles first rounds 2^53 + 1 to 2^53 (ties
    # to even) and gives 2^53 / 3 rounded = 3002399751580330.5 instead.
    result = xmr(dates=RNORM_DATES[:3], values=[2.0**53, 1.0, 0.0], direction=INCREASE)
    assert result.points[0].mean == 3002399751580331.0


@pytest.mark.parametrize(
    "values",
    [
        # everyday decimals; the exact mean of the doubles, rounded once, is what R returns
        # (checked against R 4.2 with the reference's code): 0.085187, 0.4634052, 0.05
        [0.22, -0.45, 0.485561],
        [0.082082, 0.8, -1.166232, 2.9, -0.298824],
        [2.02, 1.87, 2.48, 2.73, 2.34, -1.95, -1.41, -2.97, -1.14, -1.98, -1.44, 0.05],
    ],
)
def test_the_mean_of_decimals_is_correctly_rounded_like_r(values: list[float]) -> None:
    exact = float(sum(map(Fraction, values), Fraction(0)) / len(values))
    result = xmr(dates=RNORM_DATES[: len(values)], values=values, direction=INCREASE)
    assert result.points[0].mean == exact


def test_a_point_on_rs_mean_breaks_a_run() -> None:
    # Twelve decimals whose exact mean is 0.60 / 12 = 0.05, and the exact mean of the doubles,
    # rounded once, is the double 0.05: the last point is ON the mean in the reference (R's
    # mean() is correctly rounded here), so it is on neither side and the six points below the
    # mean before it are no run of 7. Moving ranges 0.15, 0.61, 0.25, 0.39, 4.29, 0.54, 1.56,
    # 1.83, 0.84, 0.54, 1.49 (mean 12.49 / 11 = 1.1355); 4.29 >= 3.267 × 1.1355 = 3.71 is
    # screened out: mean moving range 8.20 / 10 = 0.82; limits 0.05 ± 2.1812, two sigma
    # 0.05 ± 1.4541. So 2.48, 2.73, 2.34 and -2.97 are outside; 2.02 and 1.87, -1.95 and -1.41,
    # -1.98 and -1.44 are 2 in 3 on one side; -1.14 and 0.05 are common cause.
    values = [2.02, 1.87, 2.48, 2.73, 2.34, -1.95, -1.41, -2.97, -1.14, -1.98, -1.44, 0.05]
    assert float(sum(map(Fraction, values), Fraction(0)) / 12) == 0.05
    dates = [dt.date(2024, 1, 1) + dt.timedelta(days=i) for i in range(12)]
    result = xmr(dates=dates, values=values, direction=INCREASE)
    a23, b23, ucl = "2 in 3 Above CL", "2 in 3 Below CL", "Above UCL"
    assert [p.special_cause_type for p in result.points] == [
        *(a23, a23, ucl, ucl, ucl, b23, b23, "Below LCL", CC, b23, b23, CC)
    ]
    assert result.variation_icon is VariationIcon.COMMON_CAUSE


def test_two_close_points_on_opposite_sides_of_the_mean() -> None:
    # test-ptd_spc_standard.R, "it only reports special cause for 2 of 3 points close to limits
    # when they are on the same side of the mean": rep(c(1, -1), 8) with data[15] = 5.5 and
    # data[16] = -5.5; the last two point types are common_cause
    values = [1.0, -1.0] * 8
    values[14], values[15] = 5.5, -5.5
    dates = [dt.date(2020, 1, 1) + dt.timedelta(days=i) for i in range(1, 17)]
    result = xmr(dates=dates, values=values, direction=INCREASE)
    assert [p.point_type for p in result.points[-2:]] == [N, N]


def test_rebase_groups_from_rebase_dates() -> None:
    # test-ptd_add_rebase_column.R: dates 2020-01-02 .. 2020-01-11, rebase on 2020-01-03 and
    # 2020-01-08 -> rebase c(0, 1, 0, 0, 0, 0, 1, 0, 0, 0), so cumsum: 0, 1 x 5, 2 x 4
    dates = [dt.date(2020, 1, 1) + dt.timedelta(days=i) for i in range(1, 11)]
    result = xmr(
        dates=dates,
        values=[float(i % 3) for i in range(10)],
        direction=INCREASE,
        rebase=[dt.date(2020, 1, 3), dt.date(2020, 1, 8)],
    )
    assert [p.rebase_group for p in result.points] == [0, 1, 1, 1, 1, 1, 2, 2, 2, 2]


@pytest.mark.parametrize(
    ("direction", "expected"),
    [
        # test-ptd_calculate_assurance_type.R: lpl c(1, 5, 1), upl c(3, 7, 5), target 4
        (Direction.INCREASE, [AssuranceIcon.FAIL, AssuranceIcon.PASS, AssuranceIcon.INCONSISTENT]),
        (Direction.DECREASE, [AssuranceIcon.PASS, AssuranceIcon.FAIL, AssuranceIcon.INCONSISTENT]),
        (Direction.NEUTRAL, [None, None, None]),
    ],
)
def test_assurance_type_table(direction: Direction, expected: list[AssuranceIcon | None]) -> None:
    rows = [(1.0, 2.0, 3.0), (5.0, 6.0, 7.0), (1.0, 4.0, 5.0)]
    icons = []
    for lpl, mean, upl in rows:
        point = SpcPoint(dt.date(2024, 1, 1), mean, mean, lpl, upl, N, CC, 0)
        icons.append(assurance_icon(points=[point], direction=direction, target=4.0)[0])
    assert icons == expected


def test_assurance_uses_the_last_row() -> None:
    # "it returns correct values for assurance when rebase": the last row decides
    rows = {1: (1.0, 3.0), 2: (5.0, 7.0), 3: (1.0, 5.0)}
    for order, icon in [
        ((1, 2, 3), AssuranceIcon.INCONSISTENT),
        ((2, 3, 1), AssuranceIcon.PASS),
        ((3, 1, 2), AssuranceIcon.FAIL),
    ]:
        points = [
            SpcPoint(dt.date(2024, 1, i + 1), 0.0, 0.0, *rows[k], N, CC, i)
            for i, k in enumerate(order)
        ]
        assert assurance_icon(points=points, direction=Direction.DECREASE, target=4.0)[0] is icon
