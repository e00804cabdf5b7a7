"""RAG ratings against a year's target, by a declarative rule set.

A plan lists rules in order; the first whose conditions hold (any of them) gives the rating.
The default: Green when the figure meets the year's target; Amber when it does not, but is on
the trajectory towards it or within the metric's tolerance of it; Red otherwise. There is no
rating without a target, without a figure, or when neither direction is better.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from scorecard.domain.assessment.words import at_least_as_good, better, distance, shown, side
from scorecard.domain.catalogue import Polarity, Target, TargetState, Unit
from scorecard.domain.periods import FinancialYear, Month
from scorecard.domain.ragrules import DEFAULT_RULES, Condition, RagRule, Rating


@dataclass(frozen=True)
class RagResult:
    rating: Rating
    reason: str


@dataclass(frozen=True)
class _Check:
    holds: bool | None  # None: does not apply (no trajectory, no tolerance, no baseline)
    if_true: str
    if_false: str


def rag(
    *,
    value: Decimal | None,
    unit: Unit,
    polarity: Polarity,
    target: Target,
    baseline: Decimal | None = None,
    tolerance: Decimal | None = None,
    expected: Decimal | None = None,
    month: Month | None = None,
    rules: Sequence[RagRule] = DEFAULT_RULES,
    subject: str | None = None,
) -> RagResult:
    """Rate `value` against `target`. `expected` is the trajectory's value for `month`;
    `subject` names the figure in the reason (default: the value itself)."""
    if polarity is Polarity.NONE:
        return RagResult(Rating.NONE, "No rating: neither a higher nor a lower figure is better.")
    if target.state is not TargetState.SET or target.value is None:
        why = "there is no target" if target.state is TargetState.NO_TARGET else "no target is set"
        return RagResult(Rating.NONE, f"No rating: {why} for {target.year}.")
    if value is None:
        return RagResult(Rating.NONE, "No rating: there is no figure yet.")
    checks = _checks(value, unit, polarity, target.year, target.value, baseline, tolerance)
    checks[Condition.ON_TRAJECTORY] = _trajectory_check(value, unit, polarity, expected, month)
    for position, rule in enumerate(rules):
        held = [c for c in rule.when if c is Condition.ALWAYS or checks[c].holds]
        if held:
            earlier = [c for r in rules[:position] for c in r.when]
            reason = _reason(rule, held, earlier, checks, subject or shown(value, unit))
            return RagResult(rule.rating, reason)
    return RagResult(Rating.NONE, "No rating: no rule of the plan applies.")


def _checks(
    value: Decimal,
    unit: Unit,
    polarity: Polarity,
    year: FinancialYear,
    goal: Decimal,
    baseline: Decimal | None,
    tolerance: Decimal | None,
) -> dict[Condition, _Check]:
    target_words = f"the {year} target of {shown(goal, unit)}"
    allowed = distance(tolerance or Decimal(0), unit)
    start = shown(baseline or Decimal(0), unit)
    return {
        Condition.ALWAYS: _Check(True, "", ""),
        Condition.MEETS_TARGET: _Check(
            at_least_as_good(value, goal, polarity),
            f"meets {target_words}",
            f"is {side(value, goal)} {target_words}",
        ),
        Condition.WITHIN_TOLERANCE: _Check(
            None if tolerance is None else abs(value - goal) <= tolerance,
            f"within the tolerance of {allowed} of the target",
            f"more than the tolerance of {allowed} from the target",
        ),
        Condition.BETTER_THAN_BASELINE: _Check(
            None if baseline is None else better(value, baseline, polarity),
            f"better than the baseline of {start}",
            f"no better than the baseline of {start}",
        ),
    }


def _trajectory_check(
    value: Decimal, unit: Unit, polarity: Polarity, expected: Decimal | None, month: Month | None
) -> _Check:
    if expected is None:
        return _Check(None, "", "")
    when = f" for {month.label}" if month else ""
    words = f"the trajectory of {shown(expected, unit)}{when}"
    placed = f"on {words}" if value == expected else f"{side(value, expected)} {words}"
    return _Check(at_least_as_good(value, expected, polarity), placed, placed)


def _reason(
    rule: RagRule,
    held: Sequence[Condition],
    earlier: Sequence[Condition],
    checks: dict[Condition, _Check],
    subject: str,
) -> str:
    """The rating, the figure against the target, then what decided it: the conditions that
    held, or (for a rule that always applies) those of earlier rules that did not. A figure
    that meets the target but is rated by other conditions (a plan whose rules rate by the
    trajectory, say) is said to meet it, never set against them with "but"."""
    head = f"{rule.rating.value.capitalize()}: {subject} "
    target = checks[Condition.MEETS_TARGET]
    if Condition.MEETS_TARGET in held:
        return head + target.if_true + "."
    met = target.holds is True
    main = target.if_true if met else target.if_false
    supports = [checks[c].if_true for c in held if c is not Condition.ALWAYS]
    if supports:
        return head + main + (" and is " if met else " but ") + " and ".join(supports) + "."
    failures = [
        checks[c].if_false
        for c in dict.fromkeys(earlier)
        if c not in (Condition.MEETS_TARGET, Condition.ALWAYS) and checks[c].holds is False
    ]
    if met and failures:
        return head + main + " but is " + " and ".join(failures) + "."
    if met:
        return head + main + ", but none of the plan's conditions for another rating holds."
    return head + main + "".join(f" and {f}" for f in failures) + "."
