"""Disclosure control: the public version of figures about children (docs/disclosure.md).

Each metric names a policy (`Metric.disclosure`). Under it every number is shown as recorded,
rounded, or withheld, each with its reason in words:

- counts: withheld in the policy's range, otherwise rounded to the nearest 5 where it rounds;
- percentages with their numerator and denominator: computed from the unrounded counts (whole
  numbers, half up, where the policy rounds), withheld when either count is withheld (and, under
  `nhs_mhsds`, when the percentage is below 5); never recomputed from rounded counts;
- percentages recorded without their counts: shown as recorded, withheld only below the policy's
  percentage threshold (nothing else to judge them by);
- means (weeks, days, years): withheld when the number of children they average over (the
  denominator) is withheld; that number rounded as a count; the sum of durations (the
  numerator) withheld where the policy rounds, as it would give away the unrounded number.

Then no withheld part may be worked out from the others: not from the value and one count of its
own figure (`derivable_part`), nor from the other components of a multi-part count metric and
their sum (`protect_group`: a month with a component withheld has every component withheld).
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from math import floor
from typing import assert_never

from scorecard.domain.catalogue import DisclosurePolicy, Metric, Plan, Unit
from scorecard.domain.figures import Figure, FigureStatus
from scorecard.domain.periods import Month

VALUE, NUMERATOR, DENOMINATOR = "value", "numerator", "denominator"
FIVE = Decimal(5)


@dataclass(frozen=True)
class Rules:
    """What a policy does, as numbers: counts from `withhold_from` up to (not including)
    `withhold_below` are withheld; shown counts are rounded to `round_to` when it is set."""

    name: str
    withhold_from: Decimal
    withhold_below: Decimal
    round_to: Decimal | None
    percent_below: Decimal | None
    summary: str

    def withholds(self, count: Decimal) -> bool:
        return self.withhold_from <= count < self.withhold_below


def rules_for(policy: DisclosurePolicy) -> Rules | None:
    """The rules of a policy; None for `none` (figures are shown as recorded)."""
    match policy:
        case DisclosurePolicy.NHS_MHSDS:
            summary = "counts below 5 are withheld and others rounded to the nearest 5"
            return Rules("NHS mental health data", Decimal(0), FIVE, FIVE, FIVE, summary)
        case DisclosurePolicy.HES:
            summary = "counts from 1 to 7 are withheld and others rounded to the nearest 5"
            return Rules("NHS hospital data", Decimal(1), Decimal(8), FIVE, None, summary)
        case DisclosurePolicy.DFE_EXCLUSIONS:
            summary = "numbers of 1 or 2 are withheld"
            return Rules("DfE exclusions data", Decimal(1), Decimal(3), None, None, summary)
        case DisclosurePolicy.NONE:
            return None
        case _:
            assert_never(policy)


@dataclass(frozen=True)
class Shown:
    """One number as a public output shows it: None when withheld; `rounded` when it is not
    the number recorded; with the reason in words."""

    value: Decimal | None
    reason: str
    rounded: bool = False

    @property
    def withheld(self) -> bool:
        return self.value is None

    @property
    def exact(self) -> bool:
        return self.value is not None and not self.rounded


def round_half_up(value: Fraction | Decimal) -> Decimal:
    """To a whole number, halves up (exactly; only counts and percentages, which are never
    negative, are rounded this way): 12.5 → 13."""
    return Decimal(floor(Fraction(value) + Fraction(1, 2)))


def round_to_multiple(count: Decimal, step: Decimal) -> Decimal:
    """To the nearest multiple of `step`, halves up; a net change below zero by its size,
    keeping its sign (-12 → -10, -13 → -15), so that a fall is rounded as a rise would be."""
    size = round_half_up(abs(count) / step) * step
    return -size if count < 0 and size else size


def round_to_five(count: Decimal) -> Decimal:
    """To the nearest multiple of 5, halves up: 12 → 10, 13 → 15, 12.5 → 15."""
    return round_to_multiple(count, FIVE)


def disclose_count(rules: Rules, count: Decimal) -> Shown:
    """A count, or a net change of a count (a metric with `negative: allowed`) by its size: a
    fall of 3 says as much about 3 children as a rise of 3."""
    if rules.withholds(abs(count)):
        return Shown(None, f"{count} is withheld: in {rules.name}, {rules.summary}")
    if rules.round_to is None:
        return Shown(count, f"{count} is shown as recorded: in {rules.name}, {rules.summary}")
    shown = round_to_multiple(count, rules.round_to)
    return Shown(shown, f"{count} is shown as {shown}: in {rules.name}, {rules.summary}", True)


def disclose_percentage(
    rules: Rules, *, value: Decimal, numerator: Decimal, denominator: Decimal
) -> Shown:
    """A percentage with its counts: from the unrounded counts, never from rounded ones."""
    if denominator == 0:
        return Shown(None, "there is no percentage of a denominator of 0")
    for name, count in ((NUMERATOR, numerator), (DENOMINATOR, denominator)):
        if rules.withholds(count):
            return Shown(
                None, f"the {name} {count} is withheld ({rules.summary}), so the percentage is too"
            )
    exact = Fraction(100) * Fraction(numerator) / Fraction(denominator)
    below = _below_threshold(rules, exact)
    if below:
        return Shown(None, below)
    if rules.round_to is None:
        return Shown(value, f"shown as recorded: in {rules.name}, {rules.summary}")
    shown = round_half_up(exact)
    reason = f"{numerator} / {denominator} = {float(exact):.2f}%, shown to a whole number"
    return Shown(shown, reason, shown != value)


def disclose_recorded_percentage(rules: Rules, value: Decimal) -> Shown:
    """A percentage recorded without its counts (transcribed from a publication): there is
    nothing to recompute it from, so it stays as recorded unless below the threshold."""
    below = _below_threshold(rules, Fraction(value))
    if below:
        return Shown(None, below)
    return Shown(value, "recorded without its numerator and denominator: shown as recorded")


def disclose_plain(metric: Metric, value: Decimal) -> Shown:
    """A number of the metric given on its own, without counts (a baseline), as every public
    output would show it under the metric's policy: a count withheld or rounded as a count, a
    percentage withheld below the policy's threshold, a mean as given."""
    rules = rules_for(metric.disclosure)
    if rules is None:
        return Shown(value, "no disclosure control: shown as recorded")
    match metric.unit:
        case Unit.COUNT:
            return disclose_count(rules, value)
        case Unit.PERCENT:
            return disclose_recorded_percentage(rules, value)
        case Unit.WEEKS | Unit.DAYS | Unit.YEARS:
            return Shown(value, "a mean given without the number of children: shown as given")
        case _:
            assert_never(metric.unit)


def _below_threshold(rules: Rules, percentage: Fraction) -> str:
    if rules.percent_below is not None and percentage < rules.percent_below:
        return f"the percentage is below {rules.percent_below}: {rules.name} never shows one"
    return ""


def disclose_mean(rules: Rules, *, value: Decimal, denominator: Decimal) -> Shown:
    """A mean (weeks, days, years) over `denominator` children: withheld when that number is."""
    if denominator == 0:
        return Shown(None, "there is no mean of no children")
    if rules.withholds(denominator):
        return Shown(
            None, f"it averages over {denominator} children, withheld as a count: {rules.summary}"
        )
    return Shown(value, f"a mean over {denominator} children: shown as recorded")


def derivable_part(value: Shown, numerator: Shown, denominator: Shown) -> str:
    """Why a withheld part of a percentage or mean could be worked out from the parts shown
    ("" when none can): the value with a count shown unrounded gives the other count; both
    counts unrounded give the value."""
    if value.withheld:
        if numerator.exact and denominator.exact:
            return "the value could be worked out from its numerator and denominator"
        return ""
    for hidden, other, other_name in (
        (numerator, denominator, DENOMINATOR),
        (denominator, numerator, NUMERATOR),
    ):
        if hidden.withheld and other.exact:
            return f"a withheld count could be worked out from the value and the {other_name}"
    return ""


@dataclass(frozen=True)
class Disclosed:
    """A figure as a public output shows it, with the reason."""

    figure: Figure
    reason: str


def disclose_figure(
    metric: Metric, figure: Figure, kept: AbstractSet[DisclosurePolicy] = frozenset()
) -> Disclosed:
    """One figure under its metric's policy and the policies it keeps from earlier plan
    versions (`kept`: scorecard.domain.kept_policies), each part as the strictest of them shows
    it (components of a group are protected afterwards, by `disclose`)."""
    policies = [metric.disclosure, *sorted(set(kept) - {metric.disclosure})]
    all_rules = [rules for policy in policies if (rules := rules_for(policy)) is not None]
    if not all_rules:
        return Disclosed(figure, "no disclosure control: shown as recorded")
    if figure.status is not FigureStatus.VALUE or figure.value is None:
        return Disclosed(figure, f"no figure to control ({figure.status.value})")
    value, numerator, denominator = (
        strictest(shown)
        for shown in zip(
            *(_parts(rules, metric.unit, figure, figure.value) for rules in all_rules),
            strict=True,
        )
    )
    derivable = "" if metric.unit is Unit.COUNT else derivable_part(value, numerator, denominator)
    if value.withheld or derivable:
        return Disclosed(withhold(figure), derivable or value.reason)
    withheld = frozenset(
        name
        for name, shown, recorded in (
            (NUMERATOR, numerator, figure.numerator),
            (DENOMINATOR, denominator, figure.denominator),
        )
        if shown.withheld and recorded is not None
    )
    shown_figure = dataclasses.replace(
        figure,
        value=value.value,
        numerator=numerator.value,
        denominator=denominator.value,
        withheld=withheld,
    )
    return Disclosed(shown_figure, value.reason)


def strictest(shown: Sequence[Shown]) -> Shown:
    """One number as the strictest of several policies shows it: withheld if any withholds it,
    else rounded if any rounds it, else as recorded."""
    for chosen in shown:
        if chosen.withheld:
            return chosen
    return next((chosen for chosen in shown if chosen.rounded), shown[0])


def _parts(rules: Rules, unit: Unit, figure: Figure, value: Decimal) -> tuple[Shown, Shown, Shown]:
    """The value, numerator and denominator as shown, before checking what they give away."""
    numerator, denominator = figure.numerator, figure.denominator
    if numerator is None or denominator is None:
        return _without_counts(rules, unit, figure, value)
    match unit:
        case Unit.PERCENT:
            shown = disclose_percentage(
                rules, value=value, numerator=numerator, denominator=denominator
            )
            return shown, disclose_count(rules, numerator), disclose_count(rules, denominator)
        case Unit.WEEKS | Unit.DAYS | Unit.YEARS:
            shown = disclose_mean(rules, value=value, denominator=denominator)
            total = (
                Shown(numerator, "a sum of durations, shown as recorded")
                if rules.round_to is None
                else Shown(None, "withheld: with the mean it would give the unrounded count")
            )
            return shown, total, disclose_count(rules, denominator)
        case Unit.COUNT:
            hidden = Shown(None, "a count's numerator and denominator are not published")
            return disclose_count(rules, value), hidden, hidden
        case _:
            assert_never(unit)


def _without_counts(
    rules: Rules, unit: Unit, figure: Figure, value: Decimal
) -> tuple[Shown, Shown, Shown]:
    """A figure without both its counts: there is no fraction to control, and a lone count
    (recorded by mistake) is withheld."""
    match unit:
        case Unit.PERCENT:
            shown = disclose_recorded_percentage(rules, value)
        case Unit.COUNT:
            shown = disclose_count(rules, value)
        case Unit.WEEKS | Unit.DAYS | Unit.YEARS:
            shown = Shown(value, "recorded without the number of children: shown as recorded")
        case _:
            assert_never(unit)
    absent, loose = Shown(None, "not recorded"), Shown(None, "a count without its pair is withheld")
    return (
        shown,
        absent if figure.numerator is None else loose,
        absent if figure.denominator is None else loose,
    )


def withhold(figure: Figure) -> Figure:
    """The figure withheld whole: no numbers, and no note (notes often restate the number)."""
    parts = {VALUE: figure.value, NUMERATOR: figure.numerator, DENOMINATOR: figure.denominator}
    return dataclasses.replace(
        figure,
        status=FigureStatus.SUPPRESSED,
        value=None,
        numerator=None,
        denominator=None,
        note=None,
        withheld=frozenset(name for name, n in parts.items() if n is not None) | {VALUE},
    )


@dataclass(frozen=True)
class GroupProtection:
    """What a group of parts with a published total withholds, and why."""

    withheld: frozenset[str]
    total_withheld: bool
    reason: str


def protect_group(
    parts: Mapping[str, Decimal],
    withheld: AbstractSet[str],
    *,
    total_can_be_withheld: bool = True,
) -> GroupProtection:
    """Withhold more so that the total and the parts shown give no withheld part away.

    Any part shown beside a published total narrows down the parts withheld: their sum is the
    total less the parts shown, and the rules say what a withheld part can be (1 or 2, under
    DfE's rule) and that the part added to hide it is the smallest one shown. Parts of 1 and 1
    beside 40, with a total of 42, are both 1; a withheld 7 beside 12 and 12, under the NHS
    hospital rule, is pinned by the rounding of the 12 shown as 10. So when a part is withheld,
    the total is withheld, or, when it cannot be (it is published elsewhere), every part is.
    """
    hidden = set(withheld) & set(parts)
    if not hidden:
        return GroupProtection(frozenset(), False, "no part is withheld")
    if total_can_be_withheld:
        reason = "the total less the parts shown would narrow down a withheld part: total withheld"
        return GroupProtection(frozenset(hidden), True, reason)
    if hidden == set(parts):
        return GroupProtection(frozenset(hidden), False, "every part is withheld")
    reason = (
        "a published total less the parts shown would narrow down a withheld part: every part "
        "is withheld"
    )
    return GroupProtection(frozenset(parts), False, reason)


def disclose(
    plan: Plan,
    figures: Iterable[Figure],
    kept: Mapping[tuple[str, str, Month], AbstractSet[DisclosurePolicy]] | None = None,
) -> list[Figure]:
    """The figures as a public output shows them, each under its metric's policy and, by
    figure, the policies it keeps from earlier plan versions (`kept`, docs/disclosure.md)."""
    metrics = {m.id: m for m in plan.metrics}
    keeps = kept or {}
    recorded = list(figures)
    shown = [
        disclose_figure(metrics[f.metric_id], f, keeps.get(f.key, frozenset())).figure
        if f.metric_id in metrics
        else f
        for f in recorded
    ]
    for metric in plan.metrics:
        if metric.components and metric.unit is Unit.COUNT:
            _protect_components(metric, recorded, shown)
    return shown


def _protect_components(metric: Metric, recorded: Sequence[Figure], shown: list[Figure]) -> None:
    """Each month's components as a group whose sum is treated as published (it may be, by the
    partnership or elsewhere): secondary suppression, in place."""
    months: dict[Month, list[int]] = defaultdict(list)
    for i, figure in enumerate(recorded):
        if figure.metric_id == metric.id and figure.status is FigureStatus.VALUE:
            months[figure.period].append(i)
    for indexes in months.values():
        parts = {recorded[i].component: recorded[i].value or Decimal(0) for i in indexes}
        primary = {
            recorded[i].component for i in indexes if shown[i].status is not FigureStatus.VALUE
        }
        protection = protect_group(parts, primary, total_can_be_withheld=False)
        for i in indexes:
            if recorded[i].component in protection.withheld:
                shown[i] = withhold(recorded[i])
