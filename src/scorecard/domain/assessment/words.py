"""Shared wording: values with units, and which side of a reference a value lies."""

from __future__ import annotations

from decimal import Decimal

from scorecard.domain.catalogue import Polarity, Unit
from scorecard.domain.formatting import number, quantity


def shown(value: Decimal, unit: Unit) -> str:
    return quantity(value, unit)


def side(value: Decimal, reference: Decimal) -> str:
    if value > reference:
        return "above"
    if value < reference:
        return "below"
    return "equal to"


def at_least_as_good(value: Decimal, reference: Decimal, polarity: Polarity) -> bool | None:
    """Whether `value` is as good as `reference` or better; None when neither way is better."""
    match polarity:
        case Polarity.HIGHER_IS_BETTER:
            return value >= reference
        case Polarity.LOWER_IS_BETTER:
            return value <= reference
        case Polarity.NONE:
            return None


def better(value: Decimal, reference: Decimal, polarity: Polarity) -> bool | None:
    """Whether `value` is strictly better than `reference`."""
    match polarity:
        case Polarity.HIGHER_IS_BETTER:
            return value > reference
        case Polarity.LOWER_IS_BETTER:
            return value < reference
        case Polarity.NONE:
            return None


def distance(amount: Decimal, unit: Unit) -> str:
    """A difference in the unit: percentages differ by percentage points."""
    if unit is Unit.PERCENT:
        return f"{number(amount)} percentage point{'' if amount == 1 else 's'}"
    return shown(amount, unit)
