"""Reminder and overdue emails: who gets what, when, and once (Django's test mailbox)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.management import CommandError, call_command

from scorecard.domain.signoff import SignOff
from scorecard.web.catalogue.models import Plan as StoredPlan
from scorecard.web.catalogue.queries import current_plan
from scorecard.web.returns import reminders
from scorecard.web.returns.models import Reminder, Return
from tests.integration.web.collection import PLAN_ID

pytestmark = pytest.mark.usefixtures("loaded")
D = dt.date


def _run(day: dt.date) -> list[tuple[str, str, str, str]]:
    plan = current_plan(PLAN_ID)
    notices = reminders.due_notices(plan, today=day)
    found = [(n.kind.value, n.username, n.row.metric.id, str(n.row.due.period)) for n in notices]
    reminders.send(plan, notices, now=dt.datetime.combine(day, dt.time(7), dt.UTC))
    return found


def test_due_soon_then_overdue_then_weekly(people: dict[str, User]) -> None:
    # October 2024's figures are due on Thursday 14 November; Monday the 11th is 3 working
    # days before: owner_a (3.1), owner_b (3.2) and owner_approver (3.3) are reminded.
    found = _run(D(2024, 11, 11))
    assert ("due_soon", "owner_a", "3.1", "2024-10") in found
    assert {(u, m) for _, u, m, _ in found} == {
        ("owner_a", "3.1"),
        ("owner_b", "3.2"),
        ("owner_approver", "3.3"),
    }
    assert len(mail.outbox) == 3
    message = next(m for m in mail.outbox if m.to == ["owner_a@example.org"])
    assert message.subject == "Returns due soon: SEND Improvement Plan 2024-2027 Scorecard"
    assert "3.1 The percentage of Education" in message.body
    assert "October 2024's figures are due by Thursday 14 November 2024" in message.body
    assert "/plans/west-sussex-2024-27/returns/3-1/2024-10/" in message.body
    assert _run(D(2024, 11, 11)) == []  # once
    assert _run(D(2024, 11, 8)) == []  # four working days before: not yet (and already sent)

    overdue = _run(D(2024, 11, 15))
    assert ("overdue", "owner_a", "3.1", "2024-10") in overdue
    assert mail.outbox[-1].subject.startswith("1 overdue return")
    assert _run(D(2024, 11, 21)) == []  # six days later: not again
    assert ("overdue", "owner_a", "3.1", "2024-10") in _run(D(2024, 11, 22))


def test_submitted_returns_and_people_without_email_are_left_alone(people: dict[str, User]) -> None:
    Return.objects.create(
        plan=StoredPlan.objects.get(plan_id=PLAN_ID),
        metric_id="3.1",
        period="2024-10",
        state=SignOff.SUBMITTED.value,
        updated_at=dt.datetime(2024, 11, 1, tzinfo=dt.UTC),
    )
    User.objects.filter(username="owner_b").update(email="")
    found = _run(D(2024, 11, 15))
    assert ("owner_a", "3.1", "2024-10") not in [(u, m, p) for _, u, m, p in found]
    assert "owner_b" not in {u for _, u, _, _ in found}
    assert Reminder.objects.filter(username="owner_b").count() == 0


def test_the_management_command(people: dict[str, User], settings: object) -> None:
    settings.RETURNS_TODAY = "2024-11-15"  # type: ignore[attr-defined]
    out = io.StringIO()
    call_command("send_return_reminders", plan=PLAN_ID, stdout=out)
    assert "Sent 3 emails (3 reminders)" in out.getvalue()
    with pytest.raises(CommandError, match='no plan "nope"'):
        call_command("send_return_reminders", plan="nope")


def test_the_management_command_counts_one_email_in_the_singular(
    people: dict[str, User], settings: object
) -> None:
    settings.RETURNS_TODAY = "2024-11-15"  # type: ignore[attr-defined]
    User.objects.exclude(username="owner_a").update(email="")
    out = io.StringIO()
    call_command("send_return_reminders", plan=PLAN_ID, stdout=out)
    assert "Sent 1 email (1 reminder)" in out.getvalue()
