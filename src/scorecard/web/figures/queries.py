"""Reads of figures, returned as domain objects."""

from __future__ import annotations

from collections.abc import Iterable

from scorecard.domain.figures import Figure
from scorecard.web.figures import models
from scorecard.web.figures.convert import to_domain


def recorded_figures(plan_id: str, *, origins: Iterable[str] | None = None) -> list[Figure]:
    """The plan's stored figures; with `origins`, only those that came from them."""
    rows = models.Figure.objects.filter(plan__plan_id=plan_id).select_related("plan")
    if origins is not None:
        rows = rows.filter(origin__in=list(origins))
    return [to_domain(row) for row in rows]


def history(plan_id: str) -> list[models.FigureChange]:
    return list(models.FigureChange.objects.filter(plan__plan_id=plan_id).order_by("id"))
