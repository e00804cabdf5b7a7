"""Writes to returns: saving an owner's figures and moving a return between states. Each checks
permission for this return and this target state (scorecard.domain.signoff), refuses a change
made on an out-of-date copy (optimistic locking), and records the event in the same
transaction. Approval copies the figures into the figures store, which the scorecard shows."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction

from scorecard.domain.errors import ScorecardError
from scorecard.domain.figures import Figure, QualityFlag
from scorecard.domain.periods import Month
from scorecard.domain.returns_left import HeldReturn, components_problem, not_expected
from scorecard.domain.signoff import SignOff, decide, may_edit
from scorecard.web.accounts.queries import Standing, standing
from scorecard.web.catalogue.models import Plan
from scorecard.web.catalogue.queries import current_plan
from scorecard.web.figures import models as figure_models
from scorecard.web.figures.convert import snapshot, stored_fields, to_domain
from scorecard.web.figures.services import Change, sync_figures
from scorecard.web.returns.entries import Entry
from scorecard.web.returns.models import Event, Return, ReturnEvent, ReturnFigure
from scorecard.web.returns.pages import from_elsewhere, recorded_origin
from scorecard.web.returns.queries import entry_figures


class NotAllowedError(ScorecardError):
    """The person may not make this change; the message says why, and `field` names the form
    field at fault when the refusal is about what was entered rather than who asks."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


LOCKED = "These figures come from the plan's files or its extracts, so they are not changed here."


class StaleReturnError(ScorecardError):
    """The return changed after the person opened it; nothing was saved."""


EVENTS = {
    SignOff.SUBMITTED: Event.SUBMITTED,
    SignOff.RETURNED: Event.RETURNED,
    SignOff.APPROVED: Event.APPROVED,
    SignOff.PUBLISHED: Event.PUBLISHED,
}


def save_entry(
    *,
    plan_id: str,
    metric_id: str,
    period: Month,
    user: User,
    figures: list[Figure],
    entry: Entry,
    version: int,
    now: dt.datetime,
    today: dt.date,
    through: str = "",
) -> Return:
    """Save checked figures and commentary as the return's working copy (draft or returned).
    `today` is the day the returns pages go by (scorecard.web.returns.pages.today): a month's
    figures are entered once it has ended. `through` says how, when not on the return's page
    ("an upload of returns.xlsx"), for the return's history."""
    person = standing(user, plan_id)
    _ended(period, today, "entered")
    with transaction.atomic():
        found = _locked(plan_id, metric_id, period, version)
        _not_from_elsewhere(plan_id, metric_id, period)
        gone = not_expected(current_plan(plan_id), metric_id, period)
        if gone is not None:  # kept as it stands (docs/plan-format.md), as its page is not found
            raise NotAllowedError(f"These figures can no longer be changed: {gone[1]}")
        if found is None:
            found = Return(
                plan=Plan.objects.get(plan_id=plan_id),
                metric_id=metric_id,
                period=str(period),
                version=0,
                updated_at=now,
            )
        current = SignOff(found.state)
        refused = _edit_refused(person, found, user, metric_id)
        if refused:
            raise NotAllowedError(refused)
        before = _content(found) if found.pk else None
        found.commentary, found.actions = entry.commentary.strip(), entry.actions.strip()
        found.last_editor = user.get_username()
        found.version += 1
        found.updated_at = now
        found.save()
        found.figures.all().delete()
        ReturnFigure.objects.bulk_create(
            ReturnFigure(entry=found, component=f.component, **_figure_fields(f)) for f in figures
        )
        ReturnEvent.objects.create(
            entry=found,
            event=Event.SAVED,
            from_state=current,
            to_state=current,
            before=before,
            after=_content(found),
            reason=entry.confirmation.strip(),
            by=user.get_username(),
            at=now,
            through=through,
        )
    return found


def edit_refused(*, plan_id: str, metric_id: str, period: Month, user: User) -> str:
    """Why this person may not enter figures in the return now, or "" when they may. The page
    asks before checking the figures, so that someone who may not edit is told that first;
    save_entry asks again as it writes."""
    found = Return.objects.filter(
        plan__plan_id=plan_id, metric_id=metric_id, period=str(period)
    ).first()
    return _edit_refused(standing(user, plan_id), found or Return(), user, metric_id)


def _edit_refused(person: Standing, found: Return, user: User, metric_id: str) -> str:
    last = found.last_editor == user.get_username()
    decision = may_edit(
        current=SignOff(found.state), actor=person.actor(metric_id, last_editor=last)
    )
    return "" if decision.allowed else decision.reason[:1].upper() + decision.reason[1:]


def move(
    *,
    plan_id: str,
    metric_id: str,
    period: Month,
    user: User,
    target: SignOff,
    reason: str,
    version: int,
    now: dt.datetime,
    today: dt.date,
    through: str = "",
) -> Return:
    """Submit, return, approve or publish a return, if this person may. Figures are submitted
    or approved only for a month that has ended (on `today`); returning them is always allowed,
    so that figures wrongly entered early can be corrected."""
    person = standing(user, plan_id)
    if target in (SignOff.SUBMITTED, SignOff.APPROVED):
        _ended(period, today, "submitted" if target is SignOff.SUBMITTED else "approved")
    with transaction.atomic():
        found = _locked(plan_id, metric_id, period, version)
        _not_from_elsewhere(plan_id, metric_id, period)
        if found is None:
            raise NotAllowedError("Enter the figures and save them before submitting")
        _still_fits(plan_id, found, target)
        current = SignOff(found.state)
        last = found.last_editor == user.get_username()
        actor = person.actor(metric_id, last_editor=last)
        decision = decide(current=current, target=target, actor=actor, reason=reason)
        if not decision.allowed:
            message = decision.reason[:1].upper() + decision.reason[1:]
            raise NotAllowedError(message, decision.field)
        if target is SignOff.APPROVED:
            _publish_figures(found, user.get_username(), now, reason)
        found.state = target.value
        found.version += 1
        found.updated_at = now
        found.save()
        ReturnEvent.objects.create(
            entry=found,
            event=EVENTS[target],
            from_state=current,
            to_state=target,
            before=None,
            after=None,
            reason=reason.strip(),
            by=user.get_username(),
            at=now,
            through=through,
        )
    return found


def _still_fits(plan_id: str, found: Return, target: SignOff) -> None:
    """A return the plan no longer expects (a later plan version took out its metric or month)
    is not moved at all; one whose figures no longer fit its metric's components (a later
    version changed them) is not submitted or approved, which would put figures the metric
    no longer has on the scorecard: it can be returned, for its data owner to enter them
    again (docs/plan-format.md)."""
    plan = current_plan(plan_id)
    period = Month.parse(found.period)
    gone = not_expected(plan, found.metric_id, period)
    if gone is not None:
        raise NotAllowedError(f"This return can no longer be {target.value}: {gone[1]}")
    if target not in (SignOff.SUBMITTED, SignOff.APPROVED):
        return
    parts = frozenset(found.figures.values_list("component", flat=True))
    problem = components_problem(plan, HeldReturn(found.metric_id, period, SignOff.DRAFT, parts))
    if problem is None:
        return
    if target is SignOff.SUBMITTED:
        advice = "enter the figures again for the components it now has"
    else:
        advice = "return it to the data owner to enter the figures again"
    raise NotAllowedError(f"This return cannot be {target.value} as it stands: {problem}; {advice}")


def month_ended(period: Month, today: dt.date) -> bool:
    """Whether the month is over on `today`, so that its figures can be entered."""
    return today > period.last_day


def not_ended_message(period: Month, what: str) -> str:
    opens = period.last_day + dt.timedelta(days=1)
    return (
        f"{period.label} has not ended, so its figures cannot be {what} yet; "
        f"they can be from {opens.day} {opens:%B %Y}"
    )


def _ended(period: Month, today: dt.date, what: str) -> None:
    if not month_ended(period, today):
        raise NotAllowedError(not_ended_message(period, what))


def _locked(plan_id: str, metric_id: str, period: Month, version: int) -> Return | None:
    found = (
        Return.objects.select_for_update()
        .filter(plan__plan_id=plan_id, metric_id=metric_id, period=str(period))
        .first()
    )
    current = found.version if found else 0
    if current != version:
        latest = found.events.order_by("-id").first() if found else None
        who = f" by {latest.by}" if latest is not None else ""
        raise StaleReturnError(
            f"These figures were changed{who} after you opened them, so your change was not "
            "saved. The page now shows the latest version: check it and make your change again."
        )
    return found


def _not_from_elsewhere(plan_id: str, metric_id: str, period: Month) -> None:
    """Figures from the plan's files or a computation are not entered, submitted or approved
    through returns (the pages lock them too; this holds for every caller, checked in the same
    transaction as the write)."""
    if from_elsewhere(recorded_origin(plan_id, metric_id, period)):
        raise NotAllowedError(LOCKED)


def _publish_figures(found: Return, by: str, now: dt.datetime, reason: str) -> None:
    """Copy the return's figures to the figures store. A figure that a release has published
    and that was already there with other content (a correction of a published figure) is
    marked revised: [r] means revised since it was first published, so a figure corrected before
    any release showed it is not."""
    was_public = found.events.filter(to_state=SignOff.PUBLISHED.value).exists()
    shown = {
        (row.component): to_domain(row)
        for row in figure_models.Figure.objects.filter(
            plan=found.plan, metric_id=found.metric_id, period=found.period
        )
    }
    figures = []
    for figure in entry_figures(found):
        before = shown.get(figure.component)
        if was_public and before is not None and not before.same_content(figure):
            figure = replace(figure, quality=figure.quality | {QualityFlag.REVISED})
        figures.append(figure)
    change = Change(by=by, at=now, reason=reason.strip() or f"return {found} approved")
    sync_figures(
        found.plan, figures, change, origin=figure_models.Origin.SUBMITTED, remove_missing=False
    )


def _figure_fields(figure: Figure) -> dict[str, Any]:
    stored = stored_fields(figure)
    return {
        k: stored[k] for k in ("status", "value", "numerator", "denominator", "quality", "note")
    }


def _content(found: Return) -> dict[str, Any]:
    return {
        "figures": [{"component": f.component, **snapshot(f)} for f in entry_figures(found)],
        "commentary": found.commentary,
        "actions": found.actions,
    }
