"""Figures written for people: the same words and numbers in every output."""

from __future__ import annotations

import re
import unicodedata
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


# The unit in words after a value, where its sign is not written with it ("41.5 weeks").
UNIT_WORDS: dict[Unit, tuple[str, str]] = {
    Unit.WEEKS: ("week", "weeks"),
    Unit.DAYS: ("day", "days"),
    Unit.YEARS: ("year", "years"),
}


def amount(value: Decimal, unit: Unit) -> str:
    """A value with its unit, in words where the unit has no sign: "12.8%", "41.5 weeks",
    "1 week", "17.5 years", "1,565" (a count)."""
    return with_unit(number(value), unit)


def with_unit(written: str, unit: Unit) -> str:
    """A number already written out, followed by its unit: "12.8%", "41.50 weeks", "1 week";
    a count as it is."""
    if unit is Unit.PERCENT:
        return f"{written}%"
    words = UNIT_WORDS.get(unit)
    if words is None:
        return written
    one, many = words
    return f"{written} {one if written == '1' else many}"


def figure_in_full(figure: Figure, unit: Unit) -> str:
    """A figure as entered, in full, for the internal pages: its value with its unit, its
    numerator and denominator when given, why it is not available, and its quality flags:
    "14.2% (71 / 500)", "41.5 weeks, provisional", "Not available (system outage)". Exact:
    nothing is rounded or withheld (public outputs go through disclosure control instead)."""
    if figure.status is FigureStatus.VALUE and figure.value is not None:
        shown = amount(figure.value, unit)
        if figure.numerator is not None and figure.denominator is not None:
            shown += f" ({number(figure.numerator)} / {number(figure.denominator)})"
    else:
        shown = "Not available" + (f" ({figure.note})" if figure.note else "")
    flags = sorted(q.value for q in figure.quality)
    return ", ".join([shown, *flags])


# How much of a commentary or a confirmation a list shows; the return's page has it whole.
EXCERPT = 100
_SPACE = re.compile(r"\s+")


def excerpt(text: str, limit: int = EXCERPT) -> str:
    """The start of a text for a list, on one line: whole when it is at most `limit` characters,
    else cut after the last whole word that fits (mid-word only when no space falls in its
    second half, never between a letter and its accent) and ended with "…"."""
    flat = _SPACE.sub(" ", text).strip()
    if len(flat) <= limit:
        return flat
    space = flat.rfind(" ", 0, limit + 1)  # a space just after the limit ends a whole word
    end = space if space > limit // 2 else limit
    while end > 1 and unicodedata.combining(flat[end]):
        end -= 1
    return flat[:end].rstrip(" ,;:.-–—") + "…"


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
