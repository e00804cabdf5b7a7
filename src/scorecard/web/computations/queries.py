"""Reads of computation runs and their lineage."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count

from scorecard.web.computations.models import ComputationRun


@dataclass(frozen=True)
class Run:
    """One computation run: what it read and ran, and how many of the stored figures it set
    (a figure a later run changed counts there; one it left unchanged stays here)."""

    computation: int  # its number, as `scorecard compute` said it
    run_at: str
    run_by: str
    la_code: str
    first_month: str
    last_month: str
    engine: str
    figures: int
    extracts: list[dict[str, Any]]
    recipes: list[dict[str, Any]]


def computation_runs(plan_id: str) -> list[Run]:
    """The plan's computation runs, oldest first."""
    rows = (
        ComputationRun.objects.filter(plan__plan_id=plan_id)
        .annotate(standing=Count("figures"))
        .order_by("id")
    )
    return [
        Run(
            row.pk,
            row.run_at.isoformat(timespec="seconds"),
            row.run_by,
            row.la_code,
            row.first_month,
            row.last_month,
            row.engine,
            row.standing,
            [_ordered(e, EXTRACT_KEYS) for e in row.extracts],
            [_ordered(r, RECIPE_KEYS) for r in row.recipes],
        )
        for row in rows
    ]


# The keys of the lineage in the order they are written (a store may keep JSON keys in another
# order: PostgreSQL sorts them by length).
EXTRACT_KEYS = ("name", "file", "sha256", "rows", "duplicates_dropped")
RECIPE_KEYS = ("metric_id", "component", "recipe", "version", "parameters")


def _ordered(found: dict[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
    return {
        **{k: found[k] for k in keys if k in found},
        **{k: v for k, v in found.items() if k not in keys},
    }
