"""The return calendar: which metric's figures are due for which month, by when, from whom, and
how each return stands (docs/returns.md)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from scorecard.domain.catalogue import Plan
from scorecard.domain.ownership import Ownership, ReturnSettings
from scorecard.domain.periods import Month
from scorecard.domain.signoff import SignOff
from scorecard.domain.workdays import WorkingDays


@dataclass(frozen=True)
class Return:
    """One metric's figures (all its components) for one reporting month."""

    metric_id: str
    period: Month
    due: dt.date
    ownership: Ownership | None


class ReturnState(StrEnum):
    UPCOMING = "upcoming"
    DUE = "due"
    OVERDUE = "overdue"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    APPROVED = "approved"


def due_date(month: Month, settings: ReturnSettings) -> dt.date:
    """The day a month's figures are due: the plan's number of working days after the month's
    last day (England and Wales bank holidays and the plan's closed days are not working days)."""
    days = WorkingDays.with_closed(settings.closed_days)
    return days.after(month.last_day, settings.lag_working_days)


def return_calendar(
    plan: Plan, *, first: Month | None = None, last: Month | None = None
) -> tuple[Return, ...]:
    """Every return of the plan from `first` to `last` (the plan's months by default), in
    month order, then in the plan's metric order."""
    months = [
        m for m in plan.months if (first is None or m >= first) and (last is None or m <= last)
    ]
    found = [
        Return(metric.id, month, due_date(month, plan.returns), metric.ownership)
        for metric in plan.metrics
        for month in metric.reporting_schedule.due_months(months)
    ]
    order = {metric.id: i for i, metric in enumerate(plan.metrics)}
    return tuple(sorted(found, key=lambda r: (r.period, order[r.metric_id])))


def return_state(
    due: Return, *, today: dt.date, sign_off: SignOff | None
) -> tuple[ReturnState, str]:
    """How a return stands on `today`, given the sign-off state of its figures (None: nothing
    entered yet), with the reason in words."""
    when = f"{due.period.label}'s figures"
    by = f"due by {_day(due.due)}"
    match sign_off:
        case SignOff.APPROVED | SignOff.PUBLISHED:
            return ReturnState.APPROVED, f"{when} are approved"
        case SignOff.SUBMITTED:
            return ReturnState.SUBMITTED, f"{when} are submitted and await approval"
        case SignOff.RETURNED:
            now = "; now overdue" if today > due.due else ""
            return ReturnState.RETURNED, f"{when} were returned for correction ({by}{now})"
        case SignOff.DRAFT | None:
            if today <= due.period.last_day:
                return ReturnState.UPCOMING, f"{when} can be entered once the month ends ({by})"
            if today <= due.due:
                return ReturnState.DUE, f"{when} are {by}"
            days = (today - due.due).days
            return ReturnState.OVERDUE, f"{when} were {by}: {days} day{'s' * (days != 1)} overdue"


def _day(day: dt.date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"
