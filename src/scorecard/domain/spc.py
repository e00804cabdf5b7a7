"""Statistical process control: XmR charts in the NHS "Making Data Count" standard.

Matches the reference implementation, the R package NHSRplotthedots (0.2.x), with its defaults:
- the mean of the points (of the first `fix_after` points when limits are fixed);
- moving ranges |x[i] - x[i-1]|, screened by default: a moving range at or above 3.267 times
  their mean is left out, and the mean moving range is taken again;
- process limits at the mean ± 2.66 × mean moving range, and "near" limits at two thirds of that
  (two sigma);
- special-cause rules, in this order of precedence: a point outside the limits; a trend of 7
  points each strictly above (or below) the one before; 2 of 3 consecutive points beyond two sigma
  on the same side of the mean (only the points beyond two sigma are flagged); 7 points in a row
  on the same side of the mean (a point on the mean breaks the run);
- each rule applies within a rebase group and never across a rebase;
- the variation icon comes from the latest point, the assurance icon from the target against the
  latest group's limits.

Deliberate deviations (docs/spc.md): a missing value breaks every run and window that contains it
(the reference does the same, but stops with an error when the other steps of a 7-point window
holding a missing value all go the same way); a missing point has no point type (the reference
calls it common cause); the variation icon comes from the latest point with a value; a trend's
last point followed by a flat step into another trend keeps its own trend's direction (the
reference calls it decreasing).
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from fractions import Fraction

from scorecard.domain.errors import ScorecardError

LIMIT = 2.66
NEAR_LIMIT = 2 * (LIMIT / 3)
SCREEN_FACTOR = 3.267
SHORT_SERIES = 13
MIN_FIX_AFTER = 12
RUN = 7


class Direction(StrEnum):
    """Which way is improvement."""

    INCREASE = "increase"
    DECREASE = "decrease"
    NEUTRAL = "neutral"

    @property
    def sign(self) -> int:
        return {Direction.INCREASE: 1, Direction.DECREASE: -1, Direction.NEUTRAL: 0}[self]


class PointType(StrEnum):
    COMMON_CAUSE = "common_cause"
    IMPROVEMENT = "special_cause_improvement"
    CONCERN = "special_cause_concern"
    NEUTRAL_HIGH = "special_cause_neutral_high"
    NEUTRAL_LOW = "special_cause_neutral_low"


class VariationIcon(StrEnum):
    COMMON_CAUSE = "common_cause"
    IMPROVEMENT_HIGH = "improvement_high"
    IMPROVEMENT_LOW = "improvement_low"
    CONCERN_HIGH = "concern_high"
    CONCERN_LOW = "concern_low"
    NEUTRAL_HIGH = "neutral_high"
    NEUTRAL_LOW = "neutral_low"


class AssuranceIcon(StrEnum):
    PASS = "pass"
    FAIL = "fail"
    INCONSISTENT = "inconsistent"


@dataclass(frozen=True)
class SpcPoint:
    date: dt.date
    value: float | None
    mean: float | None
    lpl: float | None
    upl: float | None
    point_type: PointType | None
    special_cause_type: str | None
    rebase_group: int


@dataclass(frozen=True)
class SpcResult:
    points: tuple[SpcPoint, ...]
    variation_icon: VariationIcon | None
    assurance_icon: AssuranceIcon | None
    warnings: tuple[str, ...]
    variation_reason: str
    assurance_reason: str


@dataclass(frozen=True)
class _Group:
    values: list[float | None]
    mean: float
    lpl: float
    upl: float
    near_lower: float
    near_upper: float


def plain_number(value: float) -> str:
    """12630.4512 → "12,630.45"; 49.0 → "49"; -0.001 → "0" (never "-0")."""
    text = f"{value:,.2f}"
    text = text.rstrip("0").rstrip(".") if "." in text else text
    return "0" if text == "-0" else text


DateWords = Callable[[dt.date], str]
NumberWords = Callable[[float], str]


def xmr(
    *,
    dates: Sequence[dt.date],
    values: Sequence[float | None],
    direction: Direction,
    target: float | None = None,
    rebase: Sequence[dt.date] = (),
    screen_outliers: bool = True,
    fix_after: int | None = None,
    date_words: DateWords = dt.date.isoformat,
    number_words: NumberWords = plain_number,
) -> SpcResult:
    """An XmR chart of `values` by `dates` (sorted here), with its icons and their reasons;
    `date_words` and `number_words` write dates and numbers in the reasons and warnings."""
    _check_inputs(dates, values, fix_after)
    if target is not None and not math.isfinite(target):
        raise ScorecardError(f"the target must be a number, not {target}")
    order = sorted(range(len(dates)), key=lambda i: dates[i])
    ordered_dates = [dates[i] for i in order]
    ordered_values = [_finite(values[i]) for i in order]
    starts = set(rebase)
    warnings = [
        f"the rebase date {date_words(d)} matches no point and was ignored"
        for d in sorted(starts - set(ordered_dates))
    ]
    points: list[SpcPoint] = []
    for group, rows in enumerate(_groups(ordered_dates, starts)):
        limits = _limits([ordered_values[i] for i in rows], screen_outliers, fix_after)
        types = _special_cause_types(limits)
        for row, cause in zip(rows, types, strict=True):
            points.append(
                _point(ordered_dates[row], limits, row - rows[0], cause, direction, group)
            )
        if len(rows) < SHORT_SERIES:
            warnings.append(
                f"the group starting {date_words(ordered_dates[rows[0]])} has {len(rows)} "
                f"point{'s' * (len(rows) != 1)}; limits from fewer than {SHORT_SERIES} points are "
                "provisional and will change with each new point"
            )
    missing = sum(v is None for v in ordered_values)
    if missing:
        warnings.append(
            "1 point without a value breaks the runs"
            if missing == 1
            else f"{missing} points without a value break the runs"
        )
    variation, variation_reason = variation_icon(
        points=points, direction=direction, date_words=date_words
    )
    assurance, assurance_reason = assurance_icon(
        points=points, direction=direction, target=target, number_words=number_words
    )
    return SpcResult(
        tuple(points), variation, assurance, tuple(warnings), variation_reason, assurance_reason
    )


def _groups(dates: Sequence[dt.date], starts: set[dt.date]) -> list[list[int]]:
    """Row numbers by rebase group: a rebase date starts a new group (at the first point it
    changes nothing)."""
    groups: list[list[int]] = [[]]
    for index, day in enumerate(dates):
        if day in starts and index > 0:
            groups.append([])
        groups[-1].append(index)
    return groups


def _check_inputs(
    dates: Sequence[dt.date], values: Sequence[float | None], fix_after: int | None
) -> None:
    if len(dates) != len(values):
        raise ScorecardError(f"{len(dates)} dates but {len(values)} values")
    if not dates:
        raise ScorecardError("there are no points to chart")
    seen: set[dt.date] = set()
    for day in dates:
        if day in seen:
            raise ScorecardError(f"the date {day.isoformat()} appears more than once")
        seen.add(day)
    if fix_after is not None and fix_after < MIN_FIX_AFTER:
        raise ScorecardError(
            f"limits can be fixed after {MIN_FIX_AFTER} or more points, not {fix_after}"
        )


def _finite(value: float | None) -> float | None:
    if value is None or math.isnan(value):
        return None
    if math.isinf(value):
        raise ScorecardError(f"{value} is not a finite number")
    return float(value)


def _mean(values: Sequence[float | None]) -> float:
    """The mean of the values present, exact and rounded once to a float, as R's mean() gives
    it (its long-double sum with a correction pass); NaN when there are none, as in
    mean(na.rm = TRUE). Rounding twice (sum, then divide) can move the mean by one unit in the
    last place, and a point exactly on the mean would then break, or not break, a run."""
    present = [v for v in values if v is not None]
    if not present:
        return math.nan
    return float(sum(map(Fraction, present)) / len(present))


TOO_LARGE = (
    "the values are too large to chart: the differences between them, or the process limits, "
    "go beyond the largest number that can be held (about 1.8e308)"
)


def _limits(values: list[float | None], screen: bool, fix_after: int | None) -> _Group:
    fixed = [v if fix_after is None or i < fix_after else None for i, v in enumerate(values)]
    mean = _mean(fixed)
    ranges: list[float | None] = [None]
    ranges += [
        abs(b - a) if a is not None and b is not None else None
        for a, b in itertools.pairwise(fixed)
    ]
    if any(r is not None and math.isinf(r) for r in ranges):
        raise ScorecardError(TOO_LARGE)
    mean_range = _mean(ranges)
    if screen:
        # math.nan compares False, as NA drops out in the reference
        ranges = [r if r is not None and r < SCREEN_FACTOR * mean_range else None for r in ranges]
        mean_range = _mean(ranges)
    lpl, upl = mean - LIMIT * mean_range, mean + LIMIT * mean_range
    if math.isinf(lpl) or math.isinf(upl):
        raise ScorecardError(TOO_LARGE)
    return _Group(
        values=values,
        mean=mean,
        lpl=lpl,
        upl=upl,
        near_lower=mean - NEAR_LIMIT * mean_range,
        near_upper=mean + NEAR_LIMIT * mean_range,
    )


def _side(value: float | None, mean: float) -> int | None:
    """+1 above the mean, -1 below, 0 on it, None when missing."""
    if value is None or math.isnan(mean):
        return None
    return (value > mean) - (value < mean)


def _outside(value: float | None, group: _Group) -> bool | None:
    if value is None or math.isnan(group.upl):
        return None
    return value > group.upl or value < group.lpl


def _near(value: float | None, group: _Group) -> bool | None:
    """Beyond two sigma but within the limits."""
    outside = _outside(value, group)
    if outside is None or value is None:
        return None
    return not outside and (value < group.near_lower or value > group.near_upper)


def _special_cause_types(group: _Group) -> list[str | None]:
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


def _point(
    day: dt.date, group: _Group, index: int, cause: str | None, direction: Direction, rebase: int
) -> SpcPoint:
    value = group.values[index]
    return SpcPoint(
        date=day,
        value=value,
        mean=_number(group.mean),
        lpl=_number(group.lpl),
        upl=_number(group.upl),
        point_type=None if cause is None else point_type(cause=cause, direction=direction),
        special_cause_type=cause,
        rebase_group=rebase,
    )


def _number(value: float) -> float | None:
    return None if math.isnan(value) else value


def point_type(*, cause: str, direction: Direction) -> PointType:
    """A point's type from its special cause and the direction of improvement."""
    side = 1 if ("Above" in cause or "Increasing" in cause) else 0
    side = -1 if ("Below" in cause or "Decreasing" in cause) else side
    if side == 0:
        return PointType.COMMON_CAUSE
    if direction is Direction.NEUTRAL:
        return PointType.NEUTRAL_HIGH if side > 0 else PointType.NEUTRAL_LOW
    return PointType.IMPROVEMENT if side * direction.sign > 0 else PointType.CONCERN


def variation_icon(
    *,
    points: Sequence[SpcPoint],
    direction: Direction,
    date_words: DateWords = dt.date.isoformat,
) -> tuple[VariationIcon | None, str]:
    """The icon of the latest point with a value, and why; `date_words` names its date."""
    latest = next((p for p in reversed(points) if p.point_type is not None), None)
    if latest is None or latest.point_type is None:
        return None, "No variation icon: there is no point with a value."
    when = date_words(latest.date)
    high = direction is not Direction.DECREASE
    match latest.point_type:
        case PointType.COMMON_CAUSE:
            return VariationIcon.COMMON_CAUSE, (
                f"Common cause variation: the latest point ({when}) shows no special cause."
            )
        case PointType.IMPROVEMENT:
            icon = VariationIcon.IMPROVEMENT_HIGH if high else VariationIcon.IMPROVEMENT_LOW
            kind = "improvement"
        case PointType.CONCERN:
            icon = VariationIcon.CONCERN_LOW if high else VariationIcon.CONCERN_HIGH
            kind = "concern"
        case PointType.NEUTRAL_HIGH:
            icon, kind = VariationIcon.NEUTRAL_HIGH, "neither improvement nor concern"
        case PointType.NEUTRAL_LOW:
            icon, kind = VariationIcon.NEUTRAL_LOW, "neither improvement nor concern"
    return icon, (
        f"Special cause variation ({kind}): the latest point ({when}) is "
        f"{_cause_words(latest.special_cause_type or '')}."
    )


def _cause_words(cause: str) -> str:
    return {
        "Above UCL": "above the upper process limit",
        "Below LCL": "below the lower process limit",
        "7 Point Trend (Increasing)": "part of 7 points rising in a row",
        "7 Point Trend (Decreasing)": "part of 7 points falling in a row",
        "2 in 3 Above CL": "one of 2 in 3 points close to the upper limit",
        "2 in 3 Below CL": "one of 2 in 3 points close to the lower limit",
        "7 Points Above CL": "part of 7 points in a row above the mean",
        "7 Points Below CL": "part of 7 points in a row below the mean",
    }.get(cause, cause)


def _limit_words(limit: float, target: float, number_words: NumberWords) -> str:
    """A limit as shown, with its unrounded value when rounding makes it read as the target."""
    shown = number_words(limit)
    if shown != number_words(target):
        return shown
    exact, wanted = Decimal(repr(limit)), Decimal(repr(target))
    for places in range(1, 16):
        step = Decimal(1).scaleb(-places)
        finer = exact.quantize(step, ROUND_HALF_UP)
        if finer != wanted.quantize(step, ROUND_HALF_UP):
            break
    return f"{shown} ({finer:,} before rounding)"


def assurance_icon(
    *,
    points: Sequence[SpcPoint],
    direction: Direction,
    target: float | None,
    number_words: NumberWords = plain_number,
) -> tuple[AssuranceIcon | None, str]:
    """Whether the process will meet the target: from the target against the latest limits."""
    if target is None:
        return None, "No assurance icon: there is no target."
    if direction is Direction.NEUTRAL:
        return None, "No assurance icon: neither direction is better."
    if not points:
        return None, "No assurance icon: there are no points."
    latest = points[-1]
    lpl, upl = latest.lpl, latest.upl
    increasing = direction is Direction.INCREASE
    if lpl is not None and upl is not None and target > upl:
        icon = AssuranceIcon.FAIL if increasing else AssuranceIcon.PASS
        where = f"above the upper process limit of {_limit_words(upl, target, number_words)}"
    elif lpl is not None and upl is not None and target < lpl:
        icon = AssuranceIcon.PASS if increasing else AssuranceIcon.FAIL
        where = f"below the lower process limit of {_limit_words(lpl, target, number_words)}"
    elif lpl is None or upl is None:
        return AssuranceIcon.INCONSISTENT, (
            f"The target of {number_words(target)} cannot be compared with the process limits, "
            "as there are none (too few points, or points that never vary): shown as hit and miss."
        )
    else:
        icon = AssuranceIcon.INCONSISTENT
        where = "between the process limits"
    verdict = {
        AssuranceIcon.PASS: "the process will consistently meet it",
        AssuranceIcon.FAIL: "the process will not meet it without change",
        AssuranceIcon.INCONSISTENT: "the process will sometimes meet it and sometimes not",
    }[icon]
    return icon, f"The target of {number_words(target)} is {where}: {verdict}."
