"""Computing a plan's figures from extracts: every recipe the plan names, for every month due."""

from __future__ import annotations

import datetime as dt
import gc
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import ibis.expr.types as ir

from scorecard.compute.engines import Engine, Query, run_queries
from scorecard.compute.extracts import ExtractSet, LoadedExtract, open_extracts
from scorecard.compute.recipes.base import Aggregates, Context, Parameters, Recipe, Tables
from scorecard.compute.recipes.registry import RECIPES, recipe_problems
from scorecard.domain.catalogue import Plan, Series
from scorecard.domain.errors import ScorecardError
from scorecard.domain.figures import Figure, FigureStatus
from scorecard.domain.ids import did_you_mean
from scorecard.domain.periods import Month, month_range


@dataclass(frozen=True)
class Job:
    """One series of the plan and the recipe that computes it."""

    series: Series
    recipe: Recipe[Any]
    params: Parameters

    @property
    def lineage(self) -> dict[str, object]:
        return {
            "metric_id": self.series.metric.id,
            "component": self.series.component,
            "recipe": self.recipe.name,
            "version": self.recipe.version,
            "parameters": self.params.model_dump(mode="json"),
        }


@dataclass(frozen=True)
class ComputedFigure:
    la_code: str
    figure: Figure


@dataclass(frozen=True)
class Computation:
    engine: Engine
    first: Month
    last: Month
    la_codes: tuple[str, ...]
    extracts: tuple[LoadedExtract, ...]
    jobs: tuple[Job, ...]
    figures: tuple[ComputedFigure, ...]
    # what the person computing should know that is not an error (an extract without records
    # of an authority computed)
    notes: tuple[str, ...] = ()


def plan_jobs(plan: Plan, metric_ids: Sequence[str] | None = None) -> list[Job]:
    """The plan's series that have a recipe (of the metrics named, when some are); every
    unknown metric, unknown recipe or bad parameter at once."""
    jobs, problems = [], []
    known_ids = [m.id for m in plan.metrics]
    for metric_id in metric_ids or ():
        if metric_id not in known_ids:
            others = did_you_mean(metric_id, known_ids)
            problems.append(f'plan {plan.id} has no metric "{metric_id}"{others}')
    for metric in plan.metrics:
        if metric_ids and metric.id not in metric_ids:
            continue
        for series in metric.series:
            if series.recipe is None:
                continue
            where = f"metric {metric.id}{' ' + series.component if series.component else ''}"
            named = series.recipe
            found = recipe_problems(named.name, named.parameters)
            for place, message in found:
                field = ".".join(str(p) for p in place)
                problems.append(
                    f"{where}: recipe parameter {field}: {message}"
                    if place
                    else f"{where}: {message}"
                )
            if not found and RECIPES[named.name].unit is not metric.unit:
                gives = RECIPES[named.name].unit.value
                problems.append(
                    f"{where}: recipe {named.name} gives figures in {gives}, but the metric's "
                    f"unit is {metric.unit.value}; write unit: {gives}"
                )
            elif not found:
                recipe = RECIPES[named.name]
                jobs.append(Job(series, recipe, recipe.parameters(named.parameters)))
    if problems:
        raise ScorecardError(
            "the plan's recipes have problems:\n"
            + "\n".join(f"  {p}" for p in problems)
            + "\nCorrect them in metrics.yaml and load the plan again (scorecard plan load "
            "FOLDER): a plan stored by an earlier release may hold parameters refused since. "
            "Meanwhile --metric computes the other metrics."
        )
    if not jobs:
        which = "the metrics named have" if metric_ids else f"plan {plan.id} names"
        raise ScorecardError(f"{which} no recipes, so there is nothing to compute")
    return jobs


def compute(
    plan: Plan,
    folder: Path,
    *,
    first: Month,
    last: Month,
    engine: Engine = Engine.DUCKDB,
    la_codes: Sequence[str] | None = None,
    metric_ids: Sequence[str] | None = None,
) -> Computation:
    """Check the extracts, run every recipe once per distinct parameter set, and return the
    figures for every series, local authority and due month from `first` to `last`."""
    months = _months(plan, first, last)
    jobs = plan_jobs(plan, metric_ids)
    metrics_of: dict[str, list[str]] = defaultdict(list)
    for job in jobs:
        for name in job.recipe.extracts:
            metrics_of[name].append(job.series.metric.id)
    extracts = open_extracts(folder, metrics_of, dict(metrics_of))
    try:
        chosen = _chosen_las(extracts, la_codes, plan)
        notes = _without_records(extracts.la_codes_by_extract, chosen, metrics_of)
        sums = _aggregates(plan, jobs, extracts, engine, chosen, months)
    finally:
        extracts.close()
    with _cycle_collector_paused():
        # once per job, not per figure: its aggregates, context and due months
        figures = [
            ComputedFigure(la, _figure(job, context, job_sums, la, month))
            for job in jobs
            for job_sums in [sums[_signature(job)]]
            for context in [Context(job.series.metric.decimals, plan.term_calendar)]
            for due in [job.series.metric.reporting_schedule.due_months(months)]
            for la in chosen
            for month in due
        ]
    _refuse_negative(jobs, figures)
    return Computation(
        engine,
        months[0],
        months[-1],
        tuple(chosen),
        tuple(extracts.loaded.values()),
        tuple(jobs),
        tuple(figures),
        tuple(notes),
    )


def _without_records(
    held: Mapping[str, frozenset[str]], chosen: Sequence[str], metrics_of: Mapping[str, list[str]]
) -> list[str]:
    """An extract holding no records of an authority computed gives it counts of 0 and no
    other figures, which would look like a quiet month: each such extract is named."""
    notes = []
    for name in sorted(metrics_of):
        lacking = [la for la in chosen if la not in held.get(name, frozenset())]
        if not lacking:
            continue
        which = (
            f"local authority {lacking[0]}"
            if len(lacking) == 1
            else f"{len(lacking)} local authorities ({', '.join(lacking[:5])}"
            + (", …)" if len(lacking) > 5 else ")")
        )
        ids = list(dict.fromkeys(metrics_of[name]))
        metrics = f"metrics {', '.join(ids)} are" if len(ids) > 1 else f"metric {ids[0]} is"
        notes.append(
            f"{name} holds no records of {which}, so {metrics} computed from none (counts of "
            "0, other figures not available); check that the extract is complete"
        )
    return notes


def _refuse_negative(jobs: Sequence[Job], figures: Sequence[ComputedFigure]) -> None:
    """A figure below zero (a recipe of net changes, such as places_created) only for a metric
    that allows it, as plan files and returns are checked; the first few are named."""
    allowed = {j.series.metric.id for j in jobs if j.series.metric.allows_negative}
    refused = [
        c
        for c in figures
        if c.figure.value is not None and c.figure.value < 0 and c.figure.metric_id not in allowed
    ]
    if not refused:
        return
    named = [
        f"  metric {f.metric_id}{' ' + f.component if f.component else ''}, {f.period.label}"
        f"{' (' + c.la_code + ')' if c.la_code else ''}: {f.value}"
        for c in refused[:5]
        for f in [c.figure]
    ]
    more = f"\n  and {len(refused) - 5} more" if len(refused) > 5 else ""
    raise ScorecardError(
        f"{len(refused)} computed figure{'s' * (len(refused) != 1)} below zero, which "
        "the metric's figures cannot be; if they are net changes, add negative: allowed to the "
        "metric in metrics.yaml (docs/plan-format.md). Nothing was stored or written:\n"
        + "\n".join(named)
        + more
    )


@contextmanager
def _cycle_collector_paused() -> Iterator[None]:
    """Tens of thousands of new figures make no reference cycles, but they set Python's cycle
    collector off again and again over every object the process holds: a third of the time
    building them (docs/performance.md). It is paused meanwhile."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _months(plan: Plan, first: Month, last: Month) -> tuple[Month, ...]:
    if last < first:
        raise ScorecardError(f"--to {last} is before --from {first}")
    inside = [m for m in month_range(first, last) if plan.start <= m <= plan.end]
    if not inside:
        raise ScorecardError(
            f"{first} to {last} is outside plan {plan.id}, "
            f"which runs from {plan.start} to {plan.end}"
        )
    return tuple(inside)


def _chosen_las(extracts: ExtractSet, wanted: Sequence[str] | None, plan: Plan) -> list[str]:
    present = extracts.la_codes()
    if wanted is None:
        if not present:
            raise ScorecardError("the extracts hold no records at all: there is nothing to compute")
        return present
    unknown = [code for code in wanted if code not in present]
    if unknown:
        shown = ", ".join(present[:10]) + (" …" if len(present) > 10 else "")
        held = f"they hold: {shown}" if present else "they hold no records at all"
        whose = (
            f" (plan {plan.id} is for local authority {plan.la_code}, as its plan.yaml says)"
            if plan.la_code in unknown
            else ""
        )
        raise ScorecardError(
            f"the extracts hold no records for local authority {', '.join(unknown)}{whose}; " + held
        )
    return list(wanted)


def _signature(job: Job) -> tuple[str, str]:
    return (job.recipe.name, job.params.model_dump_json())


def _aggregates(
    plan: Plan,
    jobs: Sequence[Job],
    extracts: ExtractSet,
    engine: Engine,
    la_codes: Sequence[str],
    months: Sequence[Month],
) -> dict[tuple[str, str], Aggregates]:
    """Each distinct recipe and parameter set, run once for all the authorities chosen."""
    distinct: dict[tuple[str, str], Job] = {}
    for job in jobs:
        distinct.setdefault(_signature(job), job)

    def query(job: Job) -> Query:
        def build(tables: Tables) -> ir.Table:
            window = job.recipe.window_for(months[0], months[-1], job.params)
            context = Context(job.series.metric.decimals, plan.term_calendar)
            expression = job.recipe.aggregates(tables, job.params, window, context)
            return expression.filter(expression.la_code.isin(list(la_codes)))

        return build

    answers = run_queries(engine, extracts, [query(job) for job in distinct.values()])
    return {signature: _collect(a) for signature, a in zip(distinct, answers, strict=True)}


def _collect(columns: dict[str, list[Any]]) -> Aggregates:
    """Aggregates by (la_code, key) from a query's columns."""
    las, keys = columns.pop("la_code"), columns.pop("key")
    names = list(columns)
    sums: dict[tuple[str, dt.date], dict[str, int]] = {}
    for la_code, key, *values in zip(las, keys, *columns.values(), strict=True):
        day = key.date() if isinstance(key, dt.datetime) else key
        sums[(str(la_code), day)] = {n: int(v or 0) for n, v in zip(names, values, strict=True)}
    return sums


def _figure(job: Job, context: Context, sums: Aggregates, la_code: str, month: Month) -> Figure:
    outcome = job.recipe.outcome(sums, la_code, month, job.params, context)
    status = FigureStatus.VALUE if outcome.value is not None else FigureStatus.NOT_AVAILABLE
    return Figure(
        metric_id=job.series.metric.id,
        component=job.series.component,
        period=month,
        status=status,
        value=outcome.value,
        numerator=outcome.numerator if status is FigureStatus.VALUE else None,
        denominator=outcome.denominator if status is FigureStatus.VALUE else None,
        source=f"computed by recipe {job.recipe.name} version {job.recipe.version}",
        note=None
        if status is FigureStatus.VALUE
        else "no records qualify, so there is nothing to compute it from",
    )
