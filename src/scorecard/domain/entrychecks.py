"""Checks on a figure as its data owner enters it, against the metric's own history: warnings
that need a confirming note, not errors (docs/collection.md).

- a change from the last figure larger than the plan's threshold (a share of the last figure);
- a value outside the SPC process limits of the figures before it, once there are enough of them
  for the limits to mean something (13, the point below which SPC warns of a short series).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from scorecard.domain.figures import Figure
from scorecard.domain.formatting import number, rounded
from scorecard.domain.spc import Direction, xmr

MIN_SPC_POINTS = 13


def entry_warnings(
    *, figure: Figure, history: Sequence[Figure], change_percent: Decimal, decimals: int
) -> list[str]:
    """Warnings about `figure` given the recorded figures of the same metric and component."""
    if figure.value is None:
        return []
    earlier = sorted(
        (f for f in history if f.value is not None and f.period < figure.period),
        key=lambda f: f.period,
    )
    found = []
    if earlier:
        found += _change(figure, earlier[-1], change_percent)
    if len(earlier) >= MIN_SPC_POINTS:
        found += _outside_limits(figure, earlier, decimals)
    return found


def _change(figure: Figure, last: Figure, change_percent: Decimal) -> list[str]:
    assert figure.value is not None and last.value is not None
    if last.value == 0:
        return []
    change = (figure.value - last.value) / abs(last.value) * 100
    if abs(change) <= change_percent:
        return []
    way = "higher" if change > 0 else "lower"
    return [
        f"{figure.value} is {number(rounded(abs(change), 0))}% {way} than the last figure, "
        f"{last.value} for {last.period.label}: check it"
    ]


def _outside_limits(figure: Figure, earlier: Sequence[Figure], decimals: int) -> list[str]:
    values = [float(f.value) for f in earlier if f.value is not None]
    chart = xmr(
        dates=[f.period.first_day for f in earlier], values=values, direction=Direction.NEUTRAL
    )
    latest = chart.points[-1]
    if latest.lpl is None or latest.upl is None:
        return []
    value = float(figure.value) if figure.value is not None else 0.0
    if latest.lpl <= value <= latest.upl:
        return []
    low = number(rounded(Decimal(str(latest.lpl)), decimals + 1))
    high = number(rounded(Decimal(str(latest.upl)), decimals + 1))
    return [
        f"{figure.value} is outside the range the last {len(values)} figures make usual "
        f"({low} to {high}, their SPC process limits): check it"
    ]
