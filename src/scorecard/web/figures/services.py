"""Writes to figures. Each change is recorded in the history in the same transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.apps import apps
from django.db import transaction

from scorecard.domain.errors import ScorecardError
from scorecard.domain.figures import Figure
from scorecard.domain.periods import Month
from scorecard.web.catalogue.models import Plan
from scorecard.web.computations.models import ComputationRun
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
    return sync_figures(plan, figures, change, origin=models.Origin.PLAN_FILE, remove_missing=True)


def sync_figures(
    plan: Plan,
    figures: Iterable[Figure],
    change: Change,
    *,
    origin: models.Origin,
    remove_missing: bool,
    computation: ComputationRun | None = None,
) -> FigureCounts:
    """Create or update the figures of one origin, recording every change; with
    `remove_missing`, remove those of that origin not given. A figure that already comes from
    another origin is a conflict: nothing is written and the error lists them."""
    wanted = {f.key: f for f in figures}
    existing: dict[tuple[str, str, Month], models.Figure] = {}
    conflicts = []
    for stored in models.Figure.objects.filter(plan=plan):
        key = (stored.metric_id, stored.component, Month.parse(stored.period))
        if stored.origin == origin:
            existing[key] = stored
        elif key in wanted:
            conflicts.append((key, stored.get_origin_display().lower()))
    if origin is not models.Origin.SUBMITTED:
        taken = {key for key, _ in conflicts}
        conflicts += [c for c in _being_collected(plan, wanted) if c[0] not in taken]
    if conflicts:
        raise FigureConflictError(conflicts)
    counts = {"created": 0, "updated": 0, "removed": 0, "unchanged": 0}
    with transaction.atomic():
        for key, figure in wanted.items():
            row = existing.get(key)
            if row is None:
                _create(plan, figure, change, origin, computation)
                counts["created"] += 1
            elif not to_domain(row).same_content(figure):
                _update(row, figure, change, computation)
                counts["updated"] += 1
            else:
                counts["unchanged"] += 1
        for key, row in existing.items():
            if remove_missing and key not in wanted:
                _remove(row, change)
                counts["removed"] += 1
    return FigureCounts(**counts)


def _being_collected(
    plan: Plan, wanted: dict[tuple[str, str, Month], Figure]
) -> list[tuple[tuple[str, str, Month], str]]:
    """The figures wanted whose metric and month a data owner has a return for, in any state:
    storing them from elsewhere would leave that return impossible to approve."""
    returns = apps.get_model("returns", "Return").objects.filter(plan=plan)
    states = {(r.metric_id, Month.parse(r.period)): r.state for r in returns}
    return [
        (key, f"a data owner's return, {states[(key[0], key[2])]}")
        for key in wanted
        if (key[0], key[2]) in states
    ]


class FigureConflictError(ScorecardError):
    def __init__(self, conflicts: list[tuple[tuple[str, str, Month], str]]) -> None:
        shown = ", ".join(
            f"{metric}{' ' + component if component else ''} {month} ({origin})"
            for (metric, component, month), origin in conflicts[:8]
        )
        more = f" and {len(conflicts) - 8} more" if len(conflicts) > 8 else ""
        super().__init__(
            f"{len(conflicts)} figure{'s' * (len(conflicts) != 1)} already "
            f"come{'s' * (len(conflicts) == 1)} from another source: {shown}{more}; "
            "nothing was stored"
        )


def _create(
    plan: Plan,
    figure: Figure,
    change: Change,
    origin: models.Origin,
    computation: ComputationRun | None,
) -> None:
    models.Figure.objects.create(
        plan=plan,
        metric_id=figure.metric_id,
        component=figure.component,
        period=str(figure.period),
        origin=origin,
        computation=computation,
        recorded_by=change.by,
        recorded_at=change.at,
        **stored_fields(figure),
    )
    _record(plan, figure, models.Action.CREATED, None, snapshot(figure), change)


def _update(
    row: models.Figure, figure: Figure, change: Change, computation: ComputationRun | None
) -> None:
    before = snapshot(to_domain(row))
    for name, value in stored_fields(figure).items():
        setattr(row, name, value)
    row.recorded_by, row.recorded_at = change.by, change.at
    row.computation = computation
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
