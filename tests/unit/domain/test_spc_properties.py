"""Properties of scorecard.domain.spc.xmr that hold for any series.

The series are random walks of whole numbers (steps of 0 to 6 up or down, so neighbours may be
equal), with some values missing, rebases, fixed limits, screening on or off and whole targets.
Equal neighbours matter: the reference labels a trend point whose step to the next point is 0
"Decreasing" whichever way its trend went (ifelse(sdy == 1, "In", "De")), which is not
symmetric under negation; here such a point keeps its own trend's direction (see
test_spc_rules.py, "tie at the peak"), and the chart mirrors exactly.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import random
from dataclasses import dataclass
from fractions import Fraction

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from scorecard.domain.spc import (
    AssuranceIcon,
    Direction,
    PointType,
    SpcResult,
    VariationIcon,
    xmr,
)

START = dt.date(2023, 4, 1)


@dataclass(frozen=True)
class Case:
    values: list[float | None]
    direction: Direction
    rebase: list[int]  # indices of points that start a new group
    fix_after: int | None
    screen: bool
    target: float | None

    @property
    def dates(self) -> list[dt.date]:
        return [START + dt.timedelta(days=i) for i in range(len(self.values))]

    def run(self, values: list[float | None] | None = None, **changes) -> SpcResult:
        options = {
            "direction": self.direction,
            "target": self.target,
            "screen_outliers": self.screen,
            "fix_after": self.fix_after,
            **changes,
        }
        return xmr(
            dates=self.dates,
            values=self.values if values is None else values,
            rebase=[self.dates[i] for i in self.rebase],
            **options,
        )


@st.composite
def cases(draw: st.DrawFn) -> Case:
    n = draw(st.integers(1, 40))
    steps = draw(st.lists(st.integers(-6, 6), min_size=n - 1, max_size=n - 1))
    value = draw(st.integers(-50, 50))
    walk: list[float | None] = [float(value)]
    for step in steps:
        value += step
        walk.append(float(value))
    gaps = draw(st.sets(st.integers(0, n - 1), max_size=n // 8))
    values = [None if i in gaps else v for i, v in enumerate(walk)]
    rebase = sorted(draw(st.sets(st.integers(0, n - 1), max_size=2)))
    fix_after = draw(st.none() | st.integers(12, 20))
    target = draw(st.none() | st.integers(-300, 300).map(float))
    return Case(
        values,
        draw(st.sampled_from(list(Direction))),
        rebase,
        fix_after,
        draw(st.booleans()),
        target,
    )


LABEL_MIRROR = {
    "Above UCL": "Below LCL",
    "Below LCL": "Above UCL",
    "7 Point Trend (Increasing)": "7 Point Trend (Decreasing)",
    "7 Point Trend (Decreasing)": "7 Point Trend (Increasing)",
    "2 in 3 Above CL": "2 in 3 Below CL",
    "2 in 3 Below CL": "2 in 3 Above CL",
    "7 Points Above CL": "7 Points Below CL",
    "7 Points Below CL": "7 Points Above CL",
    "Common Cause": "Common Cause",
    None: None,
}
TYPE_SWAP = {
    PointType.IMPROVEMENT: PointType.CONCERN,
    PointType.CONCERN: PointType.IMPROVEMENT,
    PointType.NEUTRAL_HIGH: PointType.NEUTRAL_LOW,
    PointType.NEUTRAL_LOW: PointType.NEUTRAL_HIGH,
    PointType.COMMON_CAUSE: PointType.COMMON_CAUSE,
    None: None,
}
# negating the values with the same direction: an improvement above becomes a concern below
ICON_UNDER_NEGATION = {
    VariationIcon.IMPROVEMENT_HIGH: VariationIcon.CONCERN_LOW,
    VariationIcon.CONCERN_LOW: VariationIcon.IMPROVEMENT_HIGH,
    VariationIcon.IMPROVEMENT_LOW: VariationIcon.CONCERN_HIGH,
    VariationIcon.CONCERN_HIGH: VariationIcon.IMPROVEMENT_LOW,
    VariationIcon.NEUTRAL_HIGH: VariationIcon.NEUTRAL_LOW,
    VariationIcon.NEUTRAL_LOW: VariationIcon.NEUTRAL_HIGH,
    VariationIcon.COMMON_CAUSE: VariationIcon.COMMON_CAUSE,
    None: None,
}
# reversing the direction with the same values: the same side, the other meaning
ICON_UNDER_REVERSAL = {
    VariationIcon.IMPROVEMENT_HIGH: VariationIcon.CONCERN_HIGH,
    VariationIcon.CONCERN_HIGH: VariationIcon.IMPROVEMENT_HIGH,
    VariationIcon.IMPROVEMENT_LOW: VariationIcon.CONCERN_LOW,
    VariationIcon.CONCERN_LOW: VariationIcon.IMPROVEMENT_LOW,
    VariationIcon.COMMON_CAUSE: VariationIcon.COMMON_CAUSE,
    None: None,
}
ASSURANCE_SWAP = {
    AssuranceIcon.PASS: AssuranceIcon.FAIL,
    AssuranceIcon.FAIL: AssuranceIcon.PASS,
    AssuranceIcon.INCONSISTENT: AssuranceIcon.INCONSISTENT,
    None: None,
}
REVERSED = {Direction.INCREASE: Direction.DECREASE, Direction.DECREASE: Direction.INCREASE}


def negated(values: list[float | None]) -> list[float | None]:
    return [None if v is None else -v for v in values]


@given(cases())
def test_negating_the_values_mirrors_the_chart(case: Case) -> None:
    plain = case.run()
    target = None if case.target is None else -case.target
    mirror = case.run(negated(case.values), target=target)
    for p, m in zip(plain.points, mirror.points, strict=True):
        # negation is exact in floating point, and so is every rounding after it
        assert (m.mean, m.lpl, m.upl) == tuple(
            None if x is None else -x for x in (p.mean, p.upl, p.lpl)
        )
        assert m.special_cause_type == LABEL_MIRROR[p.special_cause_type]
        assert m.point_type == TYPE_SWAP[p.point_type]
    assert mirror.variation_icon == ICON_UNDER_NEGATION[plain.variation_icon]
    assert mirror.assurance_icon == ASSURANCE_SWAP[plain.assurance_icon]


@given(cases().filter(lambda c: c.direction is not Direction.NEUTRAL))
def test_reversing_the_direction_swaps_improvement_and_concern(case: Case) -> None:
    plain = case.run()
    reverse = case.run(direction=REVERSED[case.direction])
    for p, r in zip(plain.points, reverse.points, strict=True):
        assert r.special_cause_type == p.special_cause_type
        assert r.point_type == TYPE_SWAP[p.point_type]
    assert reverse.variation_icon == ICON_UNDER_REVERSAL[plain.variation_icon]
    assert reverse.assurance_icon == ASSURANCE_SWAP[plain.assurance_icon]


@given(cases())
def test_reversing_the_direction_and_negating_keeps_the_meaning(case: Case) -> None:
    plain = case.run()
    direction = REVERSED.get(case.direction, Direction.NEUTRAL)
    target = None if case.target is None else -case.target
    both = case.run(negated(case.values), direction=direction, target=target)
    for p, b in zip(plain.points, both.points, strict=True):
        assert b.special_cause_type == LABEL_MIRROR[p.special_cause_type]
        if case.direction is Direction.NEUTRAL:
            assert b.point_type == TYPE_SWAP[p.point_type]
        else:
            assert b.point_type == p.point_type
    assert both.assurance_icon == plain.assurance_icon


# Scaling by a power of two multiplies every intermediate result exactly (no rounding changes),
# so nothing may change at all, not even at a boundary.
@given(cases(), st.integers(-4, 6))
def test_scaling_by_a_power_of_two_changes_no_point_type_and_no_icon(case: Case, k: int) -> None:
    factor = 2.0**k
    plain = case.run()
    scaled = case.run(
        [None if v is None else v * factor for v in case.values],
        target=None if case.target is None else case.target * factor,
    )
    assert [p.special_cause_type for p in scaled.points] == [
        p.special_cause_type for p in plain.points
    ]
    assert [p.point_type for p in scaled.points] == [p.point_type for p in plain.points]
    for p, s in zip(plain.points, scaled.points, strict=True):
        assert s.upl == (None if p.upl is None else p.upl * factor)
    assert (scaled.variation_icon, scaled.assurance_icon) == (
        plain.variation_icon,
        plain.assurance_icon,
    )


def exact_tie(case: Case) -> bool:
    """Whether a value (or the target) is exactly on a limit or a two-sigma line, or a moving
    range exactly at the screening boundary, in exact arithmetic with 2.66 = 266/100.

    With whole values (at most 40 per group) any other comparison misses by at least
    1 / (300 × 40 × 40), far more than the rounding error of doubles near 1000; so away from
    exact ties the doubles decide every comparison as exact arithmetic does, and exact
    arithmetic does not move when a whole number is added to every value and the target."""
    starts = sorted({0, *case.rebase})
    bounds = [*starts[1:], len(case.values)]
    for begin, end in zip(starts, bounds, strict=True):
        group = case.values[begin:end]
        kept = group[: case.fix_after] if case.fix_after else group
        present = [Fraction(v) for v in kept if v is not None]
        pairs = itertools.pairwise(kept)
        ranges = [
            abs(Fraction(b) - Fraction(a)) for a, b in pairs if a is not None and b is not None
        ]
        if not present or not ranges:
            continue
        mean, amr = sum(present) / len(present), sum(ranges) / len(ranges)
        if case.screen:
            if any(r == Fraction(3267, 1000) * amr for r in ranges):
                return True
            ranges = [r for r in ranges if r < Fraction(3267, 1000) * amr]
            if not ranges:
                continue
            amr = sum(ranges) / len(ranges)
        offsets = {Fraction(266, 100) * amr, Fraction(532, 300) * amr}
        judged = [Fraction(v) for v in group if v is not None]
        if end == len(case.values) and case.target is not None:
            judged.append(Fraction(case.target))
        if any(abs(y - mean) in offsets for y in judged):
            return True
    return False


@given(cases(), st.integers(-1000, 1000))
def test_adding_a_constant_changes_no_point_type_and_no_icon(case: Case, c: int) -> None:
    assume(not exact_tie(case))
    plain = case.run()
    shifted = case.run(
        [None if v is None else v + c for v in case.values],
        target=None if case.target is None else case.target + c,
    )
    assert [p.special_cause_type for p in shifted.points] == [
        p.special_cause_type for p in plain.points
    ]
    assert [p.point_type for p in shifted.points] == [p.point_type for p in plain.points]
    assert (shifted.variation_icon, shifted.assurance_icon) == (
        plain.variation_icon,
        plain.assurance_icon,
    )


@given(cases())
def test_the_limits_are_symmetric_about_the_mean(case: Case) -> None:
    for p in case.run().points:
        if p.upl is None or p.lpl is None or p.mean is None:
            assert (p.lpl, p.upl) == (None, None)
            continue
        assert p.lpl <= p.mean <= p.upl
        assert math.isclose(p.upl - p.mean, p.mean - p.lpl, rel_tol=1e-9, abs_tol=1e-9)


@settings(max_examples=50)
@given(cases(), st.randoms(use_true_random=False))
def test_points_come_out_in_date_order_whatever_the_input_order(
    case: Case, rng: random.Random
) -> None:
    order = list(range(len(case.values)))
    rng.shuffle(order)
    dates = case.dates
    shuffled = xmr(
        dates=[dates[i] for i in order],
        values=[case.values[i] for i in order],
        direction=case.direction,
        target=case.target,
        rebase=[dates[i] for i in case.rebase][::-1],
        screen_outliers=case.screen,
        fix_after=case.fix_after,
    )
    assert [p.date for p in shuffled.points] == dates
    assert shuffled == case.run()
