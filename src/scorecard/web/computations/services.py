"""Storing computed figures with their lineage, in one transaction."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from scorecard.domain.errors import ScorecardError
from scorecard.domain.figures import Figure
from scorecard.domain.periods import Month
from scorecard.web.catalogue.models import Plan
from scorecard.web.computations.models import ComputationRun
from scorecard.web.figures.models import Origin
from scorecard.web.figures.services import Change, FigureCounts, sync_figures


@dataclass(frozen=True)
class Lineage:
    """What a computation ran: for one authority and months, on an engine, the extracts
    ({name, file, sha256, rows, duplicates_dropped}) and recipes ({metric_id, component,
    recipe, version, parameters})."""

    la_code: str
    first: Month
    last: Month
    engine: str
    extracts: list[dict[str, object]]
    recipes: list[dict[str, object]]


@dataclass(frozen=True)
class Recorded:
    run: int
    figures: FigureCounts


def record_computation(
    plan_id: str,
    lineage: Lineage,
    figures: list[Figure],
    *,
    run_by: str,
    now: dt.datetime | None = None,
) -> Recorded:
    """Store the figures of a computation for one local authority, with its lineage."""
    plan = Plan.objects.filter(plan_id=plan_id).first()
    if plan is None:
        raise ScorecardError(f'no plan "{plan_id}" in the store; load it first')
    at = now or timezone.now()
    with transaction.atomic():
        run = ComputationRun.objects.create(
            plan=plan,
            la_code=lineage.la_code,
            first_month=str(lineage.first),
            last_month=str(lineage.last),
            engine=lineage.engine,
            extracts=lineage.extracts,
            recipes=lineage.recipes,
            run_by=run_by,
            run_at=at,
        )
        change = Change(run_by, at, f"computed from extracts (computation {run.pk})")
        counts = sync_figures(
            plan,
            figures,
            change,
            origin=Origin.COMPUTED,
            remove_missing=False,
            computation=run,
        )
    return Recorded(run.pk, counts)
