"""Reads of returns, as domain figures and sign-off states."""

from __future__ import annotations

from scorecard.domain.figures import Figure, FigureStatus, QualityFlag
from scorecard.domain.periods import Month
from scorecard.domain.returns_left import HeldReturn
from scorecard.domain.signoff import SignOff
from scorecard.web.figures import models as figure_models
from scorecard.web.figures.convert import exact, to_domain
from scorecard.web.returns.models import Return, ReturnFigure


def entry_figures(found: Return) -> list[Figure]:
    """A return's figures as domain figures."""
    return [return_figure(found, row) for row in found.figures.order_by("component")]


def return_figure(found: Return, row: ReturnFigure) -> Figure:
    """One figure of a return as a domain figure."""
    return Figure(
        metric_id=found.metric_id,
        component=row.component,
        period=Month.parse(found.period),
        status=FigureStatus(row.status),
        value=exact(row.value),
        numerator=exact(row.numerator),
        denominator=exact(row.denominator),
        quality=frozenset(QualityFlag(q) for q in row.quality.split(";") if q),
        note=row.note or None,
    )


def find_return(plan_id: str, metric_id: str, period: Month) -> Return | None:
    return (
        Return.objects.filter(plan__plan_id=plan_id, metric_id=metric_id, period=str(period))
        .prefetch_related("figures", "events")
        .first()
    )


def sign_offs(plan_id: str) -> dict[tuple[str, Month], SignOff]:
    """The sign-off state of every return entered for the plan."""
    rows = Return.objects.filter(plan__plan_id=plan_id).values_list("metric_id", "period", "state")
    return {(m, Month.parse(p)): SignOff(s) for m, p, s in rows}


def metric_history(plan_id: str, metric_id: str) -> dict[str, list[Figure]]:
    """The recorded (published or approved) figures of a metric, by component."""
    found: dict[str, list[Figure]] = {}
    rows = figure_models.Figure.objects.filter(plan__plan_id=plan_id, metric_id=metric_id)
    for row in rows:
        found.setdefault(row.component, []).append(to_domain(row))
    return found


def figure_changes(plan_id: str, metric_id: str, period: Month) -> list[figure_models.FigureChange]:
    """Every change to the figures of a metric for a month on the scorecard, oldest first."""
    return list(
        figure_models.FigureChange.objects.filter(
            plan__plan_id=plan_id, metric_id=metric_id, period=str(period)
        ).order_by("id")
    )


def submitted_returns(plan_id: str) -> dict[tuple[str, Month], Return]:
    """The plan's submitted returns, awaiting approval, by metric and month."""
    rows = Return.objects.filter(plan__plan_id=plan_id, state=SignOff.SUBMITTED.value)
    return {(r.metric_id, Month.parse(r.period)): r for r in rows}


def held_returns(plan_id: str) -> list[HeldReturn]:
    """Every return of the plan as the store holds it: metric, month, state and the components
    its figures name (for what a new plan version leaves behind)."""
    rows = Return.objects.filter(plan__plan_id=plan_id).prefetch_related("figures")
    return [
        HeldReturn(
            r.metric_id,
            Month.parse(r.period),
            SignOff(r.state),
            frozenset(f.component for f in r.figures.all()),
        )
        for r in rows
    ]
