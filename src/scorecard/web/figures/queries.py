"""Reads of figures, returned as domain objects."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Min

from scorecard.domain.catalogue import DisclosurePolicy
from scorecard.domain.figures import Figure
from scorecard.domain.kept_policies import FigureKey, PolicyVersion, policies_kept
from scorecard.domain.periods import Month
from scorecard.web.catalogue.models import PlanVersion
from scorecard.web.catalogue.queries import disclosure_policies
from scorecard.web.figures import models
from scorecard.web.figures.convert import to_domain


def recorded_figures(plan_id: str, *, origins: Iterable[str] | None = None) -> list[Figure]:
    """The plan's stored figures; with `origins`, only those that came from them."""
    rows = models.Figure.objects.filter(plan__plan_id=plan_id).select_related("plan")
    if origins is not None:
        rows = rows.filter(origin__in=list(origins))
    return [to_domain(row) for row in rows]


def figure_count(plan_id: str, *, origins: Iterable[str]) -> int:
    """How many of the plan's stored figures came from `origins`."""
    return models.Figure.objects.filter(plan__plan_id=plan_id, origin__in=list(origins)).count()


def history(plan_id: str) -> list[models.FigureChange]:
    return list(models.FigureChange.objects.filter(plan__plan_id=plan_id).order_by("id"))


def kept_policies(
    plan_id: str, figures: Iterable[Figure], *, up_to: int | None = None
) -> dict[FigureKey, frozenset[DisclosurePolicy]]:
    """The disclosure policies each of `figures` keeps: its metric's policy in every version of
    the plan since the figure was first recorded, up to version `up_to` (a release's own; the
    latest when not given), so that no plan edit loosens it (docs/disclosure.md)."""
    versions = [
        PolicyVersion(number, loaded_at, disclosure_policies(definition))
        for number, loaded_at, definition in PlanVersion.objects.filter(
            plan__plan_id=plan_id
        ).values_list("number", "loaded_at", "definition")
    ]
    first = (
        models.FigureChange.objects.filter(plan__plan_id=plan_id)
        .values_list("metric_id", "component", "period")
        .annotate(first=Min("changed_at"))
        .order_by()
    )
    recorded = {(metric, part, Month.parse(month)): at for metric, part, month, at in first}
    return policies_kept(versions, recorded, (f.key for f in figures), up_to=up_to)
