"""What a data owner enters for a return, checked field by field: each problem is keyed by the
form field it belongs to, in words the owner can act on."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from scorecard.domain.catalogue import Metric, Plan, Unit
from scorecard.domain.entrychecks import entry_warnings
from scorecard.domain.figures import Figure, FigureStatus, QualityFlag, check_figure
from scorecard.domain.formatting import rounded
from scorecard.domain.periods import Month
from scorecard.domain.problems import Severity

NUMBER_FIELDS = ("value", "numerator", "denominator")
# A number as a person writes it: ASCII digits, an optional minus (the hyphen key; refused
# later with its own message unless the metric allows negative figures) and an optional decimal
# part. Not "+12", "12.", "1_2", "1e3", "١٢".
NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
# Minus signs a word processor or a web page may give instead of the hyphen key's.
OTHER_MINUS = ("\u2212", "\u2013", "\u2014")
MAX_DECIMALS = 6  # the most decimal places a metric publishes (Metric.decimals)
MAX_WHOLE_DIGITS = 9  # below 1,000,000,000: far above any count, percentage or average here
# The most characters in each text: commentary and actions are a paragraph or two on the board's
# scorecard; a note, a confirmation or a reason is a sentence or two (as on the People page).
TEXT_LIMITS = {"commentary": 2000, "actions": 2000, "note": 500, "confirmation": 500}
REASON_LIMIT = 500
TEXT_WORDS = {
    "commentary": "What the figures tell us",
    "actions": "The actions being taken",
    "note": "Why it is not available",
    "confirmation": "The confirmation",
    "reason": "The reason",
}


def too_long(name: str, text: str, limit: int) -> str | None:
    """Why a text is refused for its length, or None."""
    if len(text.strip()) <= limit:
        return None
    return (
        f"{TEXT_WORDS[name]} is {len(text.strip()):,} characters long; "
        f"shorten it to {limit:,} characters or fewer"
    )


@dataclass(frozen=True)
class PartEntry:
    """One component's figure as typed (the component is empty for a single-part metric)."""

    component: str
    available: bool = True
    value: str = ""
    numerator: str = ""
    denominator: str = ""
    note: str = ""

    @property
    def prefix(self) -> str:
        return self.component or "figure"


@dataclass(frozen=True)
class Entry:
    parts: tuple[PartEntry, ...]
    quality: frozenset[QualityFlag] = frozenset()
    commentary: str = ""
    actions: str = ""
    confirmation: str = ""


@dataclass
class Checked:
    figures: list[Figure] = field(default_factory=list)
    errors: dict[str, list[str]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def add(self, name: str, message: str) -> None:
        self.errors.setdefault(name, []).append(message)


def component_ids(metric: Metric) -> tuple[str, ...]:
    return metric.component_ids() if metric.components else ("",)


def check_entry(
    plan: Plan,
    metric: Metric,
    period: Month,
    entry: Entry,
    history: Mapping[str, Sequence[Figure]] | None = None,
) -> Checked:
    """The figures the entry makes, or every problem with it; `history` holds the recorded
    figures of each component, for the warnings about changes and SPC limits."""
    checked = Checked()
    for name in ("commentary", "actions", "confirmation"):
        long = too_long(name, getattr(entry, name), TEXT_LIMITS[name])
        if long:
            checked.add(name, long)
    given = {part.component: part for part in entry.parts}
    for component in component_ids(metric):
        part = given.get(component, PartEntry(component))
        figure = _part_figure(checked, metric, period, part, entry.quality)
        if figure is None:
            continue
        problems = check_figure(plan, figure)
        errors = [p for p in problems if p.severity is Severity.ERROR]
        for problem in errors:
            name = problem.field if problem.field in NUMBER_FIELDS else "value"
            checked.add(f"{part.prefix}-{name}", _sentence(problem.message))
        checked.warnings += [_sentence(p.message) for p in problems if p not in errors]
        if not errors:
            checked.figures.append(figure)
            label = f"{_label(metric, component)}: " if component else ""
            checked.warnings += [
                label + _sentence(w)
                for w in entry_warnings(
                    figure=figure,
                    history=(history or {}).get(component, ()),
                    change_percent=plan.returns.change_warning_percent,
                    decimals=metric.decimals,
                )
            ]
    if checked.warnings and not checked.errors and not entry.confirmation.strip():
        checked.add(
            "confirmation",
            "Check the warnings; if the figures are right, say why in “Confirm the figures”",
        )
    return checked


def _part_figure(
    checked: Checked,
    metric: Metric,
    period: Month,
    part: PartEntry,
    quality: frozenset[QualityFlag],
) -> Figure | None:
    """One component's figure, or None with its problems added to `checked`."""
    label = f"{_label(metric, part.component)}: " if part.component else ""
    long = too_long("note", part.note, TEXT_LIMITS["note"])
    if long:
        checked.add(f"{part.prefix}-note", f"{label}{long}")
    if not part.available:
        return _not_available(checked, metric, period, part, quality, label)
    numbers = _numbers(checked, metric, part, label)
    if any(k.startswith(f"{part.prefix}-") for k in checked.errors):
        return None
    return Figure(
        metric.id,
        part.component,
        period,
        FigureStatus.VALUE,
        numbers["value"],
        numbers["numerator"],
        numbers["denominator"],
        quality=quality,
    )


def _not_available(
    checked: Checked,
    metric: Metric,
    period: Month,
    part: PartEntry,
    quality: frozenset[QualityFlag],
    label: str,
) -> Figure | None:
    """A figure marked not available: no numbers, and a note saying why."""
    if any((part.value, part.numerator, part.denominator)):
        checked.add(
            f"{part.prefix}-value", f"{label}Leave the figures empty when it is not available"
        )
    if not part.note.strip():
        checked.add(f"{part.prefix}-note", f"{label}Say why the figure is not available")
    if f"{part.prefix}-value" in checked.errors or f"{part.prefix}-note" in checked.errors:
        return None
    return Figure(
        metric.id,
        part.component,
        period,
        FigureStatus.NOT_AVAILABLE,
        quality=quality,
        note=part.note.strip(),
    )


def _numbers(
    checked: Checked, metric: Metric, part: PartEntry, label: str
) -> dict[str, Decimal | None]:
    """The value, numerator and denominator as numbers (the value from the other two when only
    they are given), with each problem added at its field."""
    numbers: dict[str, Decimal | None] = {}
    for name in NUMBER_FIELDS:
        number, problem = read_number(getattr(part, name).strip(), metric, name)
        if problem:
            checked.add(f"{part.prefix}-{name}", f"{label}{_sentence(problem)}")
        numbers[name] = number
    numerator, denominator = numbers["numerator"], numbers["denominator"]
    if numbers["value"] is None and numerator is not None and denominator:
        numbers["value"] = value_of_fraction(metric, numerator, denominator)
    if numbers["value"] is None and numerator is not None and denominator == 0:
        checked.add(
            f"{part.prefix}-denominator",
            f"{label}The denominator is 0, so there is no figure to work out from it: enter "
            "the figure, or choose “Not available” and say why",
        )
    elif numbers["value"] is None and f"{part.prefix}-value" not in checked.errors:
        unit = " (a percentage, 0 to 100)" if metric.unit is Unit.PERCENT else ""
        checked.add(
            f"{part.prefix}-value",
            f"{label}Enter the figure{unit} (or its numerator and denominator), or choose "
            "“Not available” and say why",
        )
    if (numerator is None) != (denominator is None):
        missing = "denominator" if denominator is None else "numerator"
        if not getattr(part, missing).strip():  # one written but not a number is said above
            checked.add(
                f"{part.prefix}-{missing}",
                f"{label}Enter the {missing} too, or leave both numerator and denominator empty",
            )
    return numbers


def read_number(text: str, metric: Metric, name: str) -> tuple[Decimal | None, str | None]:
    """A number field as an exact Decimal (None when empty), or why it is not one: digits only,
    at most MAX_DECIMALS decimal places and MAX_WHOLE_DIGITS before the point, and whole for a
    count (a count metric's figure; any denominator; the numerator of a percentage or count)."""
    if not text:
        return None, None
    if text[:1] in OTHER_MINUS and NUMBER.fullmatch("-" + text[1:]):
        hyphen = "-" + text[1:]
        return (
            None,
            f'"{text}" starts with a dash or minus sign: type it with the hyphen key, "{hyphen}"',
        )
    if not NUMBER.fullmatch(text):
        return None, f'"{text}" is not a number; write digits only, without units or commas'
    whole, _, decimals = text.lstrip("-").partition(".")
    if len(decimals) > MAX_DECIMALS:
        return None, (
            f'"{text}" has more than {MAX_DECIMALS} decimal places; '
            f"round it to {MAX_DECIMALS} or fewer"
        )
    if len(whole.lstrip("0")) > MAX_WHOLE_DIGITS:
        return None, (
            f'"{text}" is too large to be a figure (at most {MAX_WHOLE_DIGITS} digits before '
            "the decimal point): check it"
        )
    number = Decimal(text)
    if number.is_zero():
        number = abs(number)  # "-0" is 0
    counted = (
        metric.unit is Unit.COUNT
        if name == "value"
        else name == "denominator" or metric.unit in (Unit.PERCENT, Unit.COUNT)
    )
    if counted and number != number.to_integral_value():
        if name == "value":
            return None, f'"{text}" is not a whole number, as a count must be'
        return None, f'"{text}" is not a whole number: the {name} counts children or cases'
    return number, None


def plain(value: Decimal | str | None) -> str:
    """A stored number as it is written on the form: never in exponent form ("1E-7")."""
    if value is None or value == "":
        return ""
    number = Decimal(value)
    return format(number, "f") if number.is_finite() else str(value)


def value_of_fraction(metric: Metric, numerator: Decimal, denominator: Decimal) -> Decimal:
    """The figure a numerator and denominator give, rounded to the metric's decimal places
    (half away from zero): a percentage for a percent metric, else their ratio (an average)."""
    ratio = numerator / denominator * (100 if metric.unit is Unit.PERCENT else 1)
    return rounded(ratio, metric.decimals)


def _label(metric: Metric, component: str) -> str:
    for part in metric.components:
        if part.id == component:
            return part.label
    return component


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]
