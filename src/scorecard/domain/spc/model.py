"""What an XmR chart says: which way is improvement, each point's type, the variation and
assurance icons, and the chart's points and result."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum


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
