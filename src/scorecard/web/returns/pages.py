"""What the returns pages show, built from the plan, the return calendar, the returns entered and
the figures stored."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from scorecard.domain.catalogue import Metric, Plan
from scorecard.domain.figures import FigureStatus
from scorecard.domain.periods import Month
from scorecard.domain.returns import Return, ReturnState, return_calendar, return_state
from scorecard.domain.signoff import Role, SignOff
from scorecard.web.accounts.queries import Standing
from scorecard.web.figures import models as figure_models
from scorecard.web.returns.queries import sign_offs

# The order returns are listed in: what needs doing first.
STATE_ORDER = (
    ReturnState.RETURNED,
    ReturnState.OVERDUE,
    ReturnState.DUE,
    ReturnState.SUBMITTED,
    ReturnState.UPCOMING,
    ReturnState.APPROVED,
)
STATE_TAGS = {
    ReturnState.RETURNED: "govuk-tag--red",
    ReturnState.OVERDUE: "govuk-tag--red",
    ReturnState.DUE: "govuk-tag--yellow",
    ReturnState.SUBMITTED: "govuk-tag--blue",
    ReturnState.UPCOMING: "govuk-tag--grey",
    ReturnState.APPROVED: "govuk-tag--green",
}


def today() -> dt.date:
    fixed = settings.RETURNS_TODAY
    return dt.date.fromisoformat(fixed) if fixed else timezone.localdate()


@dataclass(frozen=True)
class ReturnRow:
    due: Return
    metric: Metric
    state: ReturnState
    reason: str

    @property
    def tag(self) -> str:
        return STATE_TAGS[self.state]


def recorded_origins(plan_id: str) -> dict[tuple[str, Month], str]:
    """(metric, month) → the origin of the figures already stored for it."""
    rows = figure_models.Figure.objects.filter(plan__plan_id=plan_id).exclude(
        status=FigureStatus.NOT_DUE.value
    )
    return {(r.metric_id, Month.parse(r.period)): r.origin for r in rows}


def from_elsewhere(origin: str | None) -> bool:
    """Whether figures of this origin came from the plan's files or a computation, so that
    they are not entered or changed through returns."""
    return origin is not None and origin != figure_models.Origin.SUBMITTED


def recorded_origin(plan_id: str, metric_id: str, month: Month) -> str | None:
    """The origin of the figures already stored for one metric and month, if any."""
    found = (
        figure_models.Figure.objects.filter(
            plan__plan_id=plan_id, metric_id=metric_id, period=str(month)
        )
        .exclude(status=FigureStatus.NOT_DUE.value)
        .values_list("origin", flat=True)
        .first()
    )
    return str(found) if found is not None else None


def return_rows(plan: Plan, person: Standing, *, day: dt.date) -> list[ReturnRow]:
    """The returns this person deals with, up to the current month: a data owner's metrics, or
    every metric for approvers, administrators and viewers; what needs doing first."""
    last = min(plan.end, Month(day.year, day.month))
    calendar = return_calendar(plan, last=last) if plan.start <= last else ()
    states = sign_offs(plan.id)
    origins = recorded_origins(plan.id)
    everyone = bool(person.roles - {Role.DATA_OWNER})
    rows = []
    for due in calendar:
        if not everyone and not person.owns(due.metric_id):
            continue
        key = (due.metric_id, due.period)
        sign_off = states.get(key)
        if sign_off is None and key in origins:
            sign_off = SignOff.APPROVED
        state, reason = return_state(due, today=day, sign_off=sign_off)
        rows.append(ReturnRow(due, plan.metric(due.metric_id), state, reason))
    # the same order on every request of the same day, so that the list's pages neither skip nor
    # repeat a return
    rows.sort(key=lambda r: (STATE_ORDER.index(r.state), r.due.due, r.due.metric_id, r.due.period))
    return rows


EVERYONE = Standing(frozenset({Role.VIEWER}), frozenset())


def overdue_counts(plan: Plan) -> dict[str, int]:
    """Overdue returns (returned ones past their due date included) per metric, as of today."""
    day = today()
    counts: dict[str, int] = {}
    for row in return_rows(plan, EVERYONE, day=day):
        late = row.state is ReturnState.OVERDUE or (
            row.state is ReturnState.RETURNED and day > row.due.due
        )
        if late:
            counts[row.metric.id] = counts.get(row.metric.id, 0) + 1
    return counts
