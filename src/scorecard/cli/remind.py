"""`scorecard remind`: email data owners about returns due soon or overdue (for a scheduler)."""

from __future__ import annotations

import datetime as dt

import click

from scorecard.cli.options import plan_id_option
from scorecard.domain.errors import ScorecardError


@click.command()
@plan_id_option
@click.option("--today", metavar="YYYY-MM-DD", help="The day to judge due and overdue on (today).")
@click.option("--dry-run", is_flag=True, help="List the reminders without sending them.")
def remind(plan_id: str, today: str | None, dry_run: bool) -> None:
    """Email each data owner one message listing their returns due within a few working days
    or overdue (overdue ones again each week); run it daily from a scheduler. Emails go
    through SCORECARD_EMAIL_HOST, or are printed when it is not set."""
    try:
        day = dt.date.fromisoformat(today) if today else None
    except ValueError:
        raise ScorecardError(f'--today: "{today}" is not a date; write it as YYYY-MM-DD') from None
    from scorecard.web.store import open_store

    open_store()
    from django.utils import timezone

    from scorecard.web.catalogue.queries import current_plan
    from scorecard.web.returns import pages, reminders

    plan = current_plan(plan_id)
    notices = reminders.due_notices(plan, today=day or pages.today())
    for notice in notices:
        row = notice.row
        click.echo(
            f"{notice.kind.value}\t{notice.username}\t{row.metric.id}\t{row.due.period}",
            err=True,
        )
    if dry_run:
        would = "reminder would" if len(notices) == 1 else "reminders would"
        click.echo(f"{len(notices)} {would} be sent (dry run: none sent)", err=True)
        return
    emails = reminders.send(plan, notices, now=timezone.now())
    click.echo(reminders.sent_summary(emails, len(notices)), err=True)
