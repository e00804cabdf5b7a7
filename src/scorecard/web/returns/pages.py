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
    sign_off: SignOff | None
    recorded_origin: str | None  # the origin of figures stored from elsewhere, if any

    @property
    def tag(self) -> str:
        return STATE_TAGS[self.state]


def recorded_origins(plan_id: str) -> dict[tuple[str, Month], str]:
    """(metric, month) → the origin of the figures already stored for it."""
    rows = figure_models.Figure.objects.filter(plan__plan_id=plan_id).exclude(
        status=FigureStatus.NOT_DUE.value
    )
    return {(r.metric_id, Month.parse(r.period)): r.origin for r in rows}


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
        origin = origins.get(key)
        sign_off = states.get(key)
        if sign_off is None and origin is not None:
            sign_off = SignOff.APPROVED
        state, reason = return_state(due, today=day, sign_off=sign_off)
        metric = plan.metric(due.metric_id)
        shown_origin = None if origin == figure_models.Origin.SUBMITTED else origin
        rows.append(ReturnRow(due, metric, state, reason, sign_off, shown_origin))
    rows.sort(key=lambda r: (STATE_ORDER.index(r.state), r.due.due, r.due.metric_id))
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
