"""A rebase group's mean and process limits: the mean of the points, the moving ranges
(screened by default), and the limits at the mean ± 2.66 mean moving ranges, with "near"
limits at two thirds of that (two sigma)."""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from scorecard.domain.errors import ScorecardError

LIMIT = 2.66
NEAR_LIMIT = 2 * (LIMIT / 3)
SCREEN_FACTOR = 3.267

TOO_LARGE = (
    "the values are too large to chart: the differences between them, or the process limits, "
    "go beyond the largest number that can be held (about 1.8e308)"
)


@dataclass(frozen=True)
class Group:
    """A rebase group's values with their mean and limits (NaN when they have none)."""

    values: list[float | None]
    mean: float
    lpl: float
    upl: float
    near_lower: float
    near_upper: float


def mean(values: Sequence[float | None]) -> float:
    """The mean of the values present, exact and rounded once to a float, as R's mean() gives
    it (its long-double sum with a correction pass); NaN when there are none, as in
    mean(na.rm = TRUE). Rounding twice (sum, then divide) can move the mean by one unit in the
    last place, and a point exactly on the mean would then break, or not break, a run."""
    present = [v for v in values if v is not None]
    if not present:
        return math.nan
    return float(sum(map(Fraction, present)) / len(present))


def group_limits(values: list[float | None], screen: bool, fix_after: int | None) -> Group:
    """The mean and limits of a group's values, from the first `fix_after` of them if given."""
    fixed = [v if fix_after is None or i < fix_after else None for i, v in enumerate(values)]
    centre = mean(fixed)
    mean_range = _mean_moving_range(fixed, screen)
    lpl, upl = centre - LIMIT * mean_range, centre + LIMIT * mean_range
    if math.isinf(lpl) or math.isinf(upl):
        raise ScorecardError(TOO_LARGE)
    return Group(
        values=values,
        mean=centre,
        lpl=lpl,
        upl=upl,
        near_lower=centre - NEAR_LIMIT * mean_range,
        near_upper=centre + NEAR_LIMIT * mean_range,
    )


def _mean_moving_range(values: list[float | None], screen: bool) -> float:
    """The mean of the moving ranges |x[i] - x[i-1]|; screened, a moving range at or above
    3.267 times their mean is left out and the mean taken again."""
    ranges: list[float | None] = [None]
    ranges += [
        abs(b - a) if a is not None and b is not None else None
        for a, b in itertools.pairwise(values)
    ]
    if any(r is not None and math.isinf(r) for r in ranges):
        raise ScorecardError(TOO_LARGE)
    mean_range = mean(ranges)
    if screen:
        # math.nan compares False, as NA drops out in the reference
        ranges = [r if r is not None and r < SCREEN_FACTOR * mean_range else None for r in ranges]
        mean_range = mean(ranges)
    return mean_range
