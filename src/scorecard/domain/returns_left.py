"""The returns a new plan version leaves behind (docs/plan-format.md, "Loading a new version").

A plan version can take out a metric, take a month out of a metric's schedule, move the plan's
end before a month, or change a metric's components, while data owners and approvers are
working on that metric's returns. The plan's owners decide the plan, so the version is stored;
nothing of the returns is deleted, and what becomes of each is said here, in words, for the
loader to print.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from scorecard.domain.catalogue import Plan
from scorecard.domain.periods import Month
from scorecard.domain.signoff import SignOff

# A published return's figures are in a release already: a plan version changes nothing of
# what the public was given, so only returns still being worked on, or approved and waiting
# for their release, are left behind.
AFFECTED = (SignOff.DRAFT, SignOff.SUBMITTED, SignOff.RETURNED, SignOff.APPROVED)


class Why(StrEnum):
    METRIC_TAKEN_OUT = "metric_taken_out"
    OUTSIDE_PLAN = "outside_plan"
    NOT_DUE = "not_due"
    COMPONENTS_CHANGED = "components_changed"


@dataclass(frozen=True)
class HeldReturn:
    """A return as the store holds it: its metric, month, state and the components its
    figures name ("" for a single-part metric's figure)."""

    metric_id: str
    period: Month
    state: SignOff
    components: frozenset[str]


@dataclass(frozen=True)
class LeftReturn:
    """A return a plan version no longer expects as it stands, and why."""

    held: HeldReturn
    why: Why
    detail: str

    def describe(self) -> str:
        held = self.held
        where = f"metric {held.metric_id}, {held.period.label}"
        return f"{where}: its return is {held.state.value}, but {self.detail}. {self.outcome()}"

    def outcome(self) -> str:
        """What becomes of the return, as the product handles it."""
        state = self.held.state
        if self.why is Why.COMPONENTS_CHANGED:
            return _components_outcome(state)
        kept = "The return is kept as it stands, with its figures, commentary and history"
        if state is SignOff.APPROVED:
            return (
                f"{kept}, and its approved figures stay in the figures store; but the "
                "scorecard and the releases no longer show them and the return is not "
                "marked published. A later plan version that expects it again brings it back"
            )
        return (
            f"{kept}; but it leaves the returns list, its page is not found, and it can no "
            "longer be changed, submitted, approved or returned, nor does it hold back the "
            "month's release. A later plan version that expects it again brings it back as it is"
        )


def _components_outcome(state: SignOff) -> str:
    kept = "The return is kept with its figures, commentary and history"
    match state:
        case SignOff.DRAFT | SignOff.RETURNED:
            return f"{kept}; its data owner enters the figures again on its page"
        case SignOff.SUBMITTED:
            return (
                f"{kept}, but it cannot be approved as it stands: an approver returns it to its "
                "data owner to enter the figures again"
            )
        case SignOff.APPROVED | SignOff.PUBLISHED:
            return (
                f"{kept}; its approved figures stay in the figures store, but the scorecard "
                "shows only the components the metric now has: an approver returns it for "
                "correction to give their figures"
            )


def not_expected(plan: Plan, metric_id: str, period: Month) -> tuple[Why, str] | None:
    """Why `plan` no longer expects a return of the metric for the month, or None when it
    does: the metric is not in the plan, the month is outside it or not due in its schedule."""
    metric = next((m for m in plan.metrics if m.id == metric_id), None)
    if metric is None:
        return Why.METRIC_TAKEN_OUT, f"the plan no longer has metric {metric_id}"
    if not plan.start <= period <= plan.end:
        return Why.OUTSIDE_PLAN, (
            f"the plan now runs from {plan.start.label} to {plan.end.label}, without {period.label}"
        )
    if not metric.reporting_schedule.is_due(period):
        return Why.NOT_DUE, f"metric {metric_id} is no longer due in {period.label}"
    return None


def components_problem(plan: Plan, held: HeldReturn) -> str | None:
    """How the return's figures no longer fit its metric's components, or None when they do
    (or the return has no figures)."""
    wanted = frozenset(plan.metric(held.metric_id).component_ids())
    if not held.components or held.components == wanted:
        return None
    gone = sorted(c or "(the whole metric)" for c in held.components - wanted)
    missing = sorted(c or "(the whole metric)" for c in wanted - held.components)
    parts = []
    if gone:
        parts.append(
            f"its figures name {_counted(gone, 'component')}, which metric {held.metric_id} "
            "no longer has"
        )
    if missing:
        have = "has" if len(missing) == 1 else "have"
        parts.append(f"{_counted(missing, 'component')} {have} no figure in it")
    return ", and ".join(parts)


def returns_left(plan: Plan, held: Iterable[HeldReturn]) -> tuple[LeftReturn, ...]:
    """The returns, draft to approved, that `plan` no longer expects or whose figures no longer
    fit its metric's components, in month then metric order."""
    left = []
    for one in sorted(held, key=lambda h: (h.period, h.metric_id)):
        if one.state not in AFFECTED:
            continue
        found = not_expected(plan, one.metric_id, one.period)
        if found is not None:
            left.append(LeftReturn(one, *found))
            continue
        problem = components_problem(plan, one)
        if problem is not None:
            left.append(LeftReturn(one, Why.COMPONENTS_CHANGED, problem))
    return tuple(left)


def newly_left(
    previous: Plan | None, plan: Plan, held: Iterable[HeldReturn]
) -> tuple[LeftReturn, ...]:
    """The returns `plan` leaves behind that the `previous` version did not, or leaves behind
    for another reason (what becomes of them changes: a return whose components changed can be
    returned for correction, one whose metric is taken out cannot): what loading it changes
    for the people working on returns."""
    held = tuple(held)
    before = set() if previous is None else {(r.held, r.why) for r in returns_left(previous, held)}
    return tuple(r for r in returns_left(plan, held) if (r.held, r.why) not in before)


def _counted(names: list[str], noun: str) -> str:
    return f"{noun}{'' if len(names) == 1 else 's'} {', '.join(names)}"
