"""The icons of an XmR chart and their reasons: the variation icon from the latest point with a
value, and the assurance icon from the target against the latest group's limits."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from scorecard.domain.spc.model import AssuranceIcon, Direction, PointType, SpcPoint, VariationIcon
from scorecard.domain.spc.words import (
    DateWords,
    NumberWords,
    cause_words,
    limit_words,
    plain_number,
)

NEITHER = "neither improvement nor concern"
VERDICTS = {
    AssuranceIcon.PASS: "the process will consistently meet it",
    AssuranceIcon.FAIL: "the process will not meet it without change",
    AssuranceIcon.INCONSISTENT: "the process will sometimes meet it and sometimes not",
}


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
            icon, kind = VariationIcon.NEUTRAL_HIGH, NEITHER
        case PointType.NEUTRAL_LOW:
            icon, kind = VariationIcon.NEUTRAL_LOW, NEITHER
    return icon, (
        f"Special cause variation ({kind}): the latest point ({when}) is "
        f"{cause_words(latest.special_cause_type or '')}."
    )


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
    lpl, upl = points[-1].lpl, points[-1].upl
    if lpl is None or upl is None:
        return AssuranceIcon.INCONSISTENT, (
            f"The target of {number_words(target)} cannot be compared with the process limits, "
            "as there are none (too few points, or points that never vary): shown as hit and miss."
        )
    icon, where = _target_against_limits(
        target, lpl, upl, increasing=direction is Direction.INCREASE, number_words=number_words
    )
    return icon, f"The target of {number_words(target)} is {where}: {VERDICTS[icon]}."


def _target_against_limits(
    target: float, lpl: float, upl: float, *, increasing: bool, number_words: NumberWords
) -> tuple[AssuranceIcon, str]:
    """The icon, and where the target lies: above the upper limit, below the lower, or between."""
    if target > upl:
        icon = AssuranceIcon.FAIL if increasing else AssuranceIcon.PASS
        return icon, f"above the upper process limit of {limit_words(upl, target, number_words)}"
    if target < lpl:
        icon = AssuranceIcon.PASS if increasing else AssuranceIcon.FAIL
        return icon, f"below the lower process limit of {limit_words(lpl, target, number_words)}"
    return AssuranceIcon.INCONSISTENT, "between the process limits"
