"""Figures written for people: the same words and numbers in every output."""

from __future__ import annotations

from decimal import Decimal

from scorecard.domain.catalogue import Baseline, Target, TargetState, Unit
from scorecard.domain.figures import SYMBOLS, Figure, FigureStatus


def number(value: Decimal) -> str:
    """As recorded, with thousands separators: Decimal("1565") → "1,565", "44.35" stays."""
    sign = "-" if value < 0 else ""
    digits = format(abs(value), "f")
    whole, _, fraction = digits.partition(".")
    grouped = f"{int(whole):,}"
    return f"{sign}{grouped}.{fraction}" if fraction else f"{sign}{grouped}"


def quantity(value: Decimal, unit: Unit) -> str:
    """A value with its unit sign where the unit has one: "12.8%", "27.1", "1,565"."""
    match unit:
        case Unit.PERCENT:
            return f"{number(value)}%"
        case Unit.WEEKS | Unit.DAYS | Unit.YEARS | Unit.COUNT:
            return number(value)


def rounded(value: Decimal, decimals: int) -> Decimal:
    """Rounded half away from zero to the metric's decimal places, as published tables do;
    never "-0" (-0.04 to one place is 0.0)."""
    result = value.quantize(Decimal(1).scaleb(-decimals), rounding="ROUND_HALF_UP")
    return abs(result) if result.is_zero() else result


def figure_text(figure: Figure, unit: Unit) -> str:
    if figure.status is FigureStatus.VALUE and figure.value is not None:
        return quantity(figure.value, unit)
    return SYMBOLS.get(figure.status, SYMBOLS[FigureStatus.NOT_AVAILABLE])


def baseline_text(baseline: Baseline, unit: Unit) -> str:
    if baseline.value is None:
        return baseline.note or "Not set"
    shown = quantity(baseline.value, unit)
    return f"{shown} ({baseline.label})" if baseline.label else shown


def target_text(target: Target, unit: Unit) -> str:
    if target.state is TargetState.SET and target.value is not None:
        return quantity(target.value, unit)
    return target.describe()
