"""What the pages read: a stored plan with its figures, and the version of its data (the
cache key: a new plan version or any figure change makes a new one)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Max
from django.http import Http404

from scorecard.domain.catalogue import Plan
from scorecard.domain.errors import PlanNotFoundError
from scorecard.domain.figures import Figure, FigureStatus
from scorecard.domain.periods import Month, month_range
from scorecard.web.catalogue import models as catalogue_models
from scorecard.web.catalogue.queries import current_plan, plan_ids
from scorecard.web.figures import models as figure_models
from scorecard.web.figures.queries import recorded_figures


@dataclass(frozen=True)
class StoredPlan:
    plan: Plan
    figures: list[Figure]

    @property
    def latest(self) -> Month:
        """The latest month with a figure (within the plan), or the plan's first month."""
        months = [
            f.period
            for f in self.figures
            if f.status is FigureStatus.VALUE and self.plan.start <= f.period <= self.plan.end
        ]
        return max(months) if months else self.plan.start

    @property
    def months(self) -> tuple[Month, ...]:
        """The months a reader can choose: the plan's first to its latest with a figure."""
        return month_range(self.plan.start, self.latest)


def data_version(plan_id: str) -> str:
    version = catalogue_models.PlanVersion.objects.filter(plan__plan_id=plan_id).aggregate(
        number=Max("number")
    )["number"]
    change = figure_models.FigureChange.objects.filter(plan__plan_id=plan_id).aggregate(
        last=Max("id")
    )["last"]
    return f"{version}.{change}"


def stored_plan(plan_id: str) -> StoredPlan:
    try:
        plan = current_plan(plan_id)
    except PlanNotFoundError:
        raise Http404(f'There is no plan "{plan_id}".') from None
    return StoredPlan(plan, recorded_figures(plan_id))


def stored_plans() -> list[StoredPlan]:
    return [stored_plan(plan_id) for plan_id in plan_ids()]


def month_in(stored: StoredPlan, text: str) -> Month:
    """A month of the plan from the address; anything else is not found."""
    try:
        month = Month.parse(text)
    except ValueError:
        raise Http404(f'"{text}" is not a month.') from None
    plan = stored.plan
    if not plan.start <= month <= plan.end:
        raise Http404(f"{month.label} is outside the plan, which runs from {plan.start.label}.")
    return month
