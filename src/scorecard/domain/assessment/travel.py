"""Direction of travel: a figure against the previous reported figure, or against the same
month a year earlier. Months with nothing due or nothing available are skipped, never zero."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from scorecard.domain.assessment.words import distance, shown
from scorecard.domain.catalogue import Polarity, Unit
from scorecard.domain.periods import Month


class Travel(StrEnum):
    IMPROVING = "improving"
    WORSENING = "worsening"
    NO_CHANGE = "no_change"
    UP = "up"  # when neither direction is better
    DOWN = "down"
    NOT_COMPARABLE = "not_comparable"


@dataclass(frozen=True)
class TravelResult:
    travel: Travel
    compared_with: Month | None
    reason: str
    change: Decimal | None = None  # the figure minus the one compared with


def previous_reported(values: Mapping[Month, Decimal], month: Month) -> Month | None:
    """The latest month before `month` with a value."""
    earlier = [m for m in values if m < month]
    return max(earlier) if earlier else None


def direction_of_travel(
    *,
    values: Mapping[Month, Decimal],
    month: Month,
    against: Month | None,
    polarity: Polarity,
    unit: Unit,
    threshold: Decimal = Decimal(0),
) -> TravelResult:
    """Compare the value of `month` with the value of `against` (a month with a value, or None
    when there is nothing to compare with). A change no larger than `threshold` is no change."""
    current = values.get(month)
    if current is None:
        return TravelResult(
            Travel.NOT_COMPARABLE, None, f"No comparison: no figure for {month.label}."
        )
    if against is None or against not in values:
        what = "no earlier figure" if against is None else f"no figure for {against.label}"
        return TravelResult(Travel.NOT_COMPARABLE, against, f"No comparison: {what}.")
    earlier = values[against]
    change = current - earlier
    now, then = shown(current, unit), shown(earlier, unit)
    if abs(change) <= threshold:
        words = "the same as" if change == 0 else f"within {distance(threshold, unit)} of"
        reason = f"No change: {now} is {words} {then} in {against.label}."
        return TravelResult(Travel.NO_CHANGE, against, reason, change)
    movement = "up" if change > 0 else "down"
    travel = _judged(change, polarity)
    label = {
        Travel.IMPROVING: "Improving",
        Travel.WORSENING: "Worsening",
        Travel.UP: "Up",
        Travel.DOWN: "Down",
    }[travel]
    reason = f"{label}: {now}, {movement} from {then} in {against.label}."
    return TravelResult(travel, against, reason, change)


def _judged(change: Decimal, polarity: Polarity) -> Travel:
    match polarity:
        case Polarity.HIGHER_IS_BETTER:
            return Travel.IMPROVING if change > 0 else Travel.WORSENING
        case Polarity.LOWER_IS_BETTER:
            return Travel.IMPROVING if change < 0 else Travel.WORSENING
        case Polarity.NONE:
            return Travel.UP if change > 0 else Travel.DOWN
