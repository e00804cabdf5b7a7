"""Writes to figures. Each change is recorded in the history in the same transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction

from scorecard.domain.figures import Figure
from scorecard.web.catalogue.models import Plan
from scorecard.web.figures import models
from scorecard.web.figures.convert import snapshot, stored_fields, to_domain


@dataclass(frozen=True)
class FigureCounts:
    created: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.removed)


@dataclass(frozen=True)
class Change:
    by: str
    at: dt.datetime
    reason: str


def replace_plan_file_figures(
    plan: Plan, figures: Iterable[Figure], change: Change
) -> FigureCounts:
    """Make the plan's plan-file figures equal `figures`: create, update or remove each one
    that differs, leave the rest untouched, and record every change."""
    wanted = {f.key: f for f in figures}
    existing = {
        (row.metric_id, row.component, to_domain(row).period): row
        for row in models.Figure.objects.filter(plan=plan, origin=models.Origin.PLAN_FILE)
    }
    counts = {"created": 0, "updated": 0, "removed": 0, "unchanged": 0}
    with transaction.atomic():
        for key, figure in wanted.items():
            row = existing.get(key)
            if row is None:
                _create(plan, figure, change)
                counts["created"] += 1
            elif not to_domain(row).same_content(figure):
                _update(row, figure, change)
                counts["updated"] += 1
            else:
                counts["unchanged"] += 1
        for key, row in existing.items():
            if key not in wanted:
                _remove(row, change)
                counts["removed"] += 1
    return FigureCounts(**counts)


def _create(plan: Plan, figure: Figure, change: Change) -> None:
    models.Figure.objects.create(
        plan=plan,
        metric_id=figure.metric_id,
        component=figure.component,
        period=str(figure.period),
        origin=models.Origin.PLAN_FILE,
        recorded_by=change.by,
        recorded_at=change.at,
        **stored_fields(figure),
    )
    _record(plan, figure, models.Action.CREATED, None, snapshot(figure), change)


def _update(row: models.Figure, figure: Figure, change: Change) -> None:
    before = snapshot(to_domain(row))
    for name, value in stored_fields(figure).items():
        setattr(row, name, value)
    row.recorded_by, row.recorded_at = change.by, change.at
    row.save()
    _record(row.plan, figure, models.Action.UPDATED, before, snapshot(figure), change)


def _remove(row: models.Figure, change: Change) -> None:
    figure = to_domain(row)
    row.delete()
    _record(row.plan, figure, models.Action.REMOVED, snapshot(figure), None, change)


def _record(
    plan: Plan,
    figure: Figure,
    action: models.Action,
    before: dict[str, object] | None,
    after: dict[str, object] | None,
    change: Change,
) -> None:
    models.FigureChange.objects.create(
        plan=plan,
        metric_id=figure.metric_id,
        component=figure.component,
        period=str(figure.period),
        action=action,
        before=before,
        after=after,
        reason=change.reason,
        changed_by=change.by,
        changed_at=change.at,
    )
