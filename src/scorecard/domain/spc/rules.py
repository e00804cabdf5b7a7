"""The special-cause rules, in this order of precedence: a point outside the limits; a trend of
7 points each strictly above (or below) the one before; 2 of 3 consecutive points beyond two
sigma on the same side of the mean (only the points beyond two sigma are flagged); 7 points in
a row on the same side of the mean (a point on the mean breaks the run). A missing value breaks
every run and window that contains it. And a point's type, from its special cause and the
direction of improvement."""

from __future__ import annotations

import itertools
import math

from scorecard.domain.spc.limits import Group
from scorecard.domain.spc.model import Direction, PointType

RUN = 7


def special_cause_types(group: Group) -> list[str | None]:
    """Each point's special cause as the reference names it ("Above UCL", "7 Point Trend
    (Increasing)", "2 in 3 Below CL", "7 Points Above CL", "Common Cause"); None when missing."""
    values = group.values
    sides = [_side(v, group.mean) for v in values]
    outside = [_outside(v, group) for v in values]
    near = [_near(v, group) for v in values]
    in_trend = _part_of_run(_trend_ends(values))
    in_two_of_three = _two_in_three(near, sides)
    in_shift = _part_of_run(_shift_ends(sides))
    types: list[str | None] = []
    for i, value in enumerate(values):
        above = "Above" if (sides[i] or 0) > 0 else "Below"
        if value is None:
            types.append(None)
        elif outside[i]:
            types.append("Above UCL" if sides[i] == 1 else "Below LCL")
        elif in_trend[i]:
            rising = _trend_step(values, in_trend, i) == 1
            types.append(f"7 Point Trend ({'Increasing' if rising else 'Decreasing'})")
        elif in_two_of_three[i]:
            types.append(f"2 in 3 {above} CL")
        elif in_shift[i]:
            types.append(f"7 Points {above} CL")
        else:
            types.append("Common Cause")
    return types


def point_type(*, cause: str, direction: Direction) -> PointType:
    """A point's type from its special cause and the direction of improvement."""
    side = 1 if ("Above" in cause or "Increasing" in cause) else 0
    side = -1 if ("Below" in cause or "Decreasing" in cause) else side
    if side == 0:
        return PointType.COMMON_CAUSE
    if direction is Direction.NEUTRAL:
        return PointType.NEUTRAL_HIGH if side > 0 else PointType.NEUTRAL_LOW
    return PointType.IMPROVEMENT if side * direction.sign > 0 else PointType.CONCERN


def _side(value: float | None, mean: float) -> int | None:
    """+1 above the mean, -1 below, 0 on it, None when missing."""
    if value is None or math.isnan(mean):
        return None
    return (value > mean) - (value < mean)


def _outside(value: float | None, group: Group) -> bool | None:
    if value is None or math.isnan(group.upl):
        return None
    return value > group.upl or value < group.lpl


def _near(value: float | None, group: Group) -> bool | None:
    """Beyond two sigma but within the limits."""
    outside = _outside(value, group)
    if outside is None or value is None:
        return None
    return not outside and (value < group.near_lower or value > group.near_upper)


def _trend_ends(values: list[float | None]) -> list[bool]:
    """True at the last point of 7 points each strictly above (or each below) the one before."""
    ends = []
    for i in range(len(values)):
        window = values[i - RUN + 1 : i + 1] if i >= RUN - 1 else []
        steps = [_step(a, b) for a, b in itertools.pairwise(window)]
        ends.append(
            len(steps) == RUN - 1 and (all(s == 1 for s in steps) or all(s == -1 for s in steps))
        )
    return ends


def _step(a: float | None, b: float | None) -> int | None:
    if a is None or b is None:
        return None
    return (b > a) - (b < a)


def _trend_step(values: list[float | None], in_trend: list[bool], i: int) -> int | None:
    """The direction of a trend at point i: towards the next point when that is in a trend too
    and differs (where a rise turns into a fall), otherwise from the previous point (as the
    reference labels it). A flat step to the next point is in no trend: the point ends its own
    trend and takes that trend's direction, where the reference calls it decreasing whichever
    way its trend went (docs/spc.md, deliberate deviations)."""
    if i + 1 < len(values) and in_trend[i + 1]:
        step = _step(values[i], values[i + 1])
        if step:
            return step
    return _step(values[i - 1], values[i]) if i > 0 else 0


def _shift_ends(sides: list[int | None]) -> list[bool]:
    """True at the last of 7 points in a row on the same side of the mean."""
    ends = []
    for i in range(len(sides)):
        window = sides[i - RUN + 1 : i + 1] if i >= RUN - 1 else []
        first = window[0] if window else None
        ends.append(bool(first) and len(window) == RUN and all(s == first for s in window))
    return ends


def _part_of_run(ends: list[bool]) -> list[bool]:
    """A point is part of a run when a run ends at it or at one of the next 6 points."""
    return [any(ends[i : i + RUN]) for i in range(len(ends))]


def _two_in_three(near: list[bool | None], sides: list[int | None]) -> list[bool]:
    """Points beyond two sigma that are 2 of 3 consecutive points on the same side of the mean."""
    n = len(near)
    flagged = []
    for i in range(n):
        satisfied = False
        for start in (i - 2, i - 1, i):
            indices = range(start, start + 3)
            if start < 0 or start + 3 > n:
                continue
            flags = [near[j] for j in indices]
            window_sides = [sides[j] for j in indices]
            if any(f is None for f in flags) or any(s is None for s in window_sides):
                continue
            same_side = abs(sum(s or 0 for s in window_sides)) == 3
            if same_side and sum(bool(f) for f in flags) >= 2:
                satisfied = True
        flagged.append(satisfied and near[i] is True)
    return flagged
