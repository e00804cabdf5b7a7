"""Reminder and overdue emails to data owners, sent by `scorecard returns remind` (or the
`send_return_reminders` management command) from a daily scheduler; Django's email framework
sends them (docs/collection.md). One email per person per run, listing their returns:

- due soon: not yet submitted, due within REMINDER_WORKING_DAYS working days (once per return);
- overdue: past its due date and not submitted (or returned and not resubmitted); again every
  OVERDUE_REPEAT_DAYS days while it stays overdue.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.urls import reverse

from scorecard.domain.catalogue import Plan
from scorecard.domain.returns import ReturnState
from scorecard.domain.signoff import Role
from scorecard.domain.workdays import WorkingDays
from scorecard.web.accounts.models import PlanRole
from scorecard.web.catalogue.models import Plan as StoredPlan
from scorecard.web.returns import pages
from scorecard.web.returns.models import Reminder, ReminderKind


@dataclass(frozen=True)
class Notice:
    username: str
    email: str
    kind: ReminderKind
    row: pages.ReturnRow


def due_notices(plan: Plan, *, today: dt.date) -> list[Notice]:
    """The reminders to send today: to each data owner with an email address, about each of
    their returns that is due soon or overdue and has not had this reminder (lately)."""
    days = WorkingDays.with_closed(plan.returns.closed_days)
    owners = defaultdict(list)
    for role in PlanRole.objects.filter(plan__plan_id=plan.id, role=Role.DATA_OWNER.value):
        user: User = role.user
        if user.is_active and user.email:
            for metric_id in role.metrics:
                owners[metric_id].append(user)
    sent = _sent(plan.id)
    notices = []
    for row in pages.return_rows(plan, pages.EVERYONE, day=today):
        kind = _kind(row, today, days)
        if kind is None:
            continue
        for user in owners.get(row.metric.id, []):
            last = sent.get((user.username, row.metric.id, str(row.due.period), kind))
            repeat = dt.timedelta(days=settings.OVERDUE_REPEAT_DAYS)
            if last is None or (kind is ReminderKind.OVERDUE and today - last >= repeat):
                notices.append(Notice(user.username, user.email, kind, row))
    return notices


def _kind(row: pages.ReturnRow, today: dt.date, days: WorkingDays) -> ReminderKind | None:
    if row.state is ReturnState.OVERDUE or (
        row.state is ReturnState.RETURNED and today > row.due.due
    ):
        return ReminderKind.OVERDUE
    soon = days.between(today, row.due.due) <= settings.REMINDER_WORKING_DAYS
    if row.state in (ReturnState.DUE, ReturnState.RETURNED) and soon:
        return ReminderKind.DUE_SOON
    return None


def _sent(plan_id: str) -> dict[tuple[str, str, str, str], dt.date]:
    latest: dict[tuple[str, str, str, str], dt.date] = {}
    for r in Reminder.objects.filter(plan__plan_id=plan_id).order_by("sent_at"):
        latest[(r.username, r.metric_id, r.period, r.kind)] = r.sent_at.date()
    return latest


def send(plan: Plan, notices: list[Notice], *, now: dt.datetime) -> int:
    """Send one email per person and record every reminder in it; returns the emails sent."""
    by_person: dict[tuple[str, str], list[Notice]] = defaultdict(list)
    for notice in notices:
        by_person[(notice.username, notice.email)].append(notice)
    stored = StoredPlan.objects.get(plan_id=plan.id)
    messages = [_message(plan, email, found) for (_, email), found in sorted(by_person.items())]
    with transaction.atomic():
        Reminder.objects.bulk_create(
            Reminder(
                plan=stored,
                username=n.username,
                email=n.email,
                metric_id=n.row.metric.id,
                period=str(n.row.due.period),
                kind=n.kind,
                sent_at=now,
            )
            for n in notices
        )
        with get_connection() as connection:
            connection.send_messages(messages)
    return len(messages)


def _message(plan: Plan, email: str, notices: list[Notice]) -> EmailMessage:
    overdue = [n for n in notices if n.kind is ReminderKind.OVERDUE]
    subject = (
        f"{len(overdue)} overdue return{'s' * (len(overdue) != 1)}: {plan.title}"
        if overdue
        else f"Returns due soon: {plan.title}"
    )
    lines = [f"These returns for {plan.local_area}'s {plan.title} need your figures:", ""]
    for n in sorted(notices, key=lambda n: (n.row.due.due, n.row.metric.id)):
        url = settings.SITE_URL + reverse(
            "returns:return", args=[plan.id, n.row.metric.slug, str(n.row.due.period)]
        )
        lines += [
            f"- {n.row.metric.id} {n.row.metric.kpi}, {n.row.due.period.label}:",
            f"  {n.row.reason}.",
            f"  {url}",
        ]
    lines += [
        "",
        "You can also upload several returns at once from a spreadsheet:",
        settings.SITE_URL + reverse("returns:upload", args=[plan.id]),
        "",
        "You receive this email because you are a data owner for these metrics.",
    ]
    return EmailMessage(subject, "\n".join(lines), to=[email])


def sent_summary(emails: int, reminders: int) -> str:
    """What a run sent, counted in the singular for one: "Sent 1 email (1 reminder)"."""
    return f"Sent {_count(emails, 'email')} ({_count(reminders, 'reminder')})"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"
