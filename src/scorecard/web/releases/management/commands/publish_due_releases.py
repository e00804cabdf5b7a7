"""`python -m django publish_due_releases`: publish every scheduled release version whose
embargo has passed, for a scheduler (run every few minutes). The public already see such a
version from its embargo on; this records it as published and moves its returns on."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from scorecard.web.releases.services import release_due


class Command(BaseCommand):
    help = "Publish scheduled release versions whose embargo has passed."

    def handle(self, *args: Any, **options: Any) -> None:
        published = release_due(by="scheduler", now=timezone.now())
        for version in published:
            self.stdout.write(f"Published {version}")
        versions = "release version" if len(published) == 1 else "release versions"
        self.stdout.write(f"{len(published)} {versions} published")
