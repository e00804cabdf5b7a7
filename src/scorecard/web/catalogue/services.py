"""Loading a plan into the store: all of it, or nothing at all."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from scorecard.domain.catalogue import Plan as PlanDefinition
from scorecard.domain.figures import Figure
from scorecard.web.catalogue import models
from scorecard.web.figures.services import Change, FigureCounts, replace_plan_file_figures


@dataclass(frozen=True)
class LoadResult:
    plan_id: str
    version: int
    new_version: bool
    figures: FigureCounts

    @property
    def changed(self) -> bool:
        return self.new_version or self.figures.changed


def definition_json(plan: PlanDefinition) -> dict[str, object]:
    return plan.model_dump(mode="json")


def digest(definition: dict[str, object]) -> str:
    canonical = json.dumps(definition, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def load_plan(
    plan: PlanDefinition,
    figures: list[Figure],
    *,
    source: str,
    loaded_by: str,
    now: dt.datetime | None = None,
) -> LoadResult:
    """Store a validated plan and its figures in one transaction. Loading the same plan again
    changes nothing; a changed definition becomes a new version; changed figures are updated
    with their history kept."""
    at = now or timezone.now()
    definition = definition_json(plan)
    fingerprint = digest(definition)
    with transaction.atomic():
        row, _ = models.Plan.objects.select_for_update().get_or_create(
            plan_id=plan.id, defaults={"title": plan.title}
        )
        latest = row.versions.order_by("-number").first()
        new_version = latest is None or latest.digest != fingerprint
        number = latest.number if latest is not None else 0
        if new_version:
            number += 1
            models.PlanVersion.objects.create(
                plan=row,
                number=number,
                definition=definition,
                digest=fingerprint,
                source=source,
                loaded_by=loaded_by,
                loaded_at=at,
            )
            if row.title != plan.title:
                row.title = plan.title
                row.save(update_fields=["title"])
        reason = f"plan load from {source}"
        counts = replace_plan_file_figures(row, figures, Change(loaded_by, at, reason))
    return LoadResult(plan.id, number, new_version, counts)
