"""`python -m django send_return_reminders --plan ID`: the reminders of `scorecard remind`, as a
Django management command for schedulers that run those."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from scorecard.domain.errors import ScorecardError
from scorecard.web.catalogue.queries import current_plan
from scorecard.web.returns import pages, reminders


class Command(BaseCommand):
    help = "Email data owners about returns due soon or overdue (run daily)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--plan", required=True, help="The plan's id.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            plan = current_plan(options["plan"])
        except ScorecardError as exc:
            raise CommandError(str(exc)) from exc
        notices = reminders.due_notices(plan, today=pages.today())
        emails = reminders.send(plan, notices, now=timezone.now())
        self.stdout.write(reminders.sent_summary(emails, len(notices)))
