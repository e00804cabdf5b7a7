"""The recipes a plan names, checked when the plan is read: that each exists and takes the
parameters given, that it gives figures in its metric's unit, that a recipe which can give a
figure below zero is named by a metric whose figures may go below zero, and that a plan giving
its own term dates gives them for every school year a recipe counts terms of. The recipes
belong to the computation layer, above the plan files, so the reader is handed a RecipeCheck
(scorecard.compute.recipes.registry.PLAN_CHECK) rather than importing them."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from scorecard.domain.catalogue import Metric, Plan, RecipeRef, Unit
from scorecard.domain.periods import AcademicYear, Month, Term, TermCalendar
from scorecard.domain.problems import Problem, error, warning
from scorecard.planfiles.rules import Locator
from scorecard.planfiles.yamlfile import Location


@dataclass(frozen=True)
class RecipeCheck:
    # (recipe name, parameters) -> (where in the parameters, what is wrong) for each problem;
    # an empty location means the recipe itself (an unknown name)
    problems: Callable[[str, Mapping[str, Any]], list[tuple[Location, str]]]
    # whether the recipe named can give a figure below zero (a net change)
    may_go_below_zero: Callable[[str], bool]
    # the unit the recipe named gives its figures in (None for an unknown name)
    unit: Callable[[str], Unit | None]
    # the school terms the recipe named counts for a month's figure, by a term calendar
    terms_counted: Callable[[str, TermCalendar, Month], tuple[Term, ...]]


def _named(plan: Plan) -> Iterator[tuple[int, Location, RecipeRef]]:
    """Each recipe the plan names: its metric's place and where in the metric it stands."""
    for index, metric in enumerate(plan.metrics):
        if metric.recipe is not None:
            yield index, ("recipe",), metric.recipe
        for j, component in enumerate(metric.components):
            if component.recipe is not None:
                yield index, ("components", j, "recipe"), component.recipe


def recipe_problems(plan: Plan, at: Locator, check: RecipeCheck) -> list[Problem]:
    problems = []
    for index, where, named in _named(plan):
        metric = plan.metrics[index]
        found = check.problems(named.name, named.parameters)
        for location, message in found:
            path: Location = (*where, "parameters", *location) if location else (*where, "name")
            field = ".".join(str(p) for p in path if p != "")
            if location:
                problem = error("recipe-parameter", message, metric_id=metric.id, field=field)
            else:
                problem = error("recipe-unknown", message, metric_id=metric.id, field=field)
            problems.append(at.in_metric(problem, index, *path))
        if not found and check.may_go_below_zero(named.name) and not metric.allows_negative:
            path = (*where, "name")
            problem = _below_zero(metric, named.name, ".".join(str(p) for p in path))
            problems.append(at.in_metric(problem, index, *path))
    return problems + _units(plan, at, check) + _term_years(plan, at, check)


def _units(plan: Plan, at: Locator, check: RecipeCheck) -> list[Problem]:
    """Each recipe named that gives its figures in another unit than its metric's, once per
    metric (components naming the same recipe make one problem)."""
    found: dict[tuple[int, str], Problem] = {}
    for index, _, named in _named(plan):
        metric = plan.metrics[index]
        gives = check.unit(named.name)
        if gives is not None and gives is not metric.unit:
            problem = _other_unit(metric, named.name, gives)
            found.setdefault((index, named.name), at.in_metric(problem, index, "unit"))
    return list(found.values())


UNIT_WORDS = {
    Unit.PERCENT: "percentages",
    Unit.WEEKS: "weeks",
    Unit.DAYS: "days",
    Unit.YEARS: "years",
    Unit.COUNT: "counts",
}


def _other_unit(metric: Metric, recipe_name: str, gives: Unit) -> Problem:
    return error(
        "recipe-unit",
        f"recipe {recipe_name} gives {UNIT_WORDS[gives]}, but the metric's unit is "
        f"{metric.unit.value}, so every figure it computed would be shown and assessed as "
        f"{UNIT_WORDS[metric.unit]}; write unit: {gives.value}, or name a recipe that gives "
        f"{UNIT_WORDS[metric.unit]}",
        metric_id=metric.id,
        field="unit",
    )


def _term_years(plan: Plan, at: Locator, check: RecipeCheck) -> list[Problem]:
    """A plan that gives its own term dates, but not for a school year whose dates a term
    counted by a recipe depends on, would have that term counted from the default dates:
    a warning for each such year, naming the first figure it affects."""
    if not plan.term_dates:
        return []
    given = {str(AcademicYear.parse(label)) for label in plan.term_dates}
    calendar = plan.term_calendar
    first_use: dict[str, tuple[Metric, str, Month, Term, str]] = {}
    for metric, named in _series_recipes(plan):
        for month in metric.reporting_schedule.due_months(plan.months):
            for term in check.terms_counted(named.name, calendar, month):
                start, end = str(term.academic_year), str(term.next.academic_year)
                for year in dict.fromkeys((start, end)):
                    if year not in given and year not in first_use:
                        part = (
                            "start and end" if start == end else "start" if year == start else "end"
                        )
                        first_use[year] = (metric, named.name, month, term, part)
    return [
        at.in_plan(_default_terms(year, *used), "term_dates")
        for year, used in sorted(first_use.items())
    ]


def _series_recipes(plan: Plan) -> Iterator[tuple[Metric, RecipeRef]]:
    for metric in plan.metrics:
        for series in metric.series:
            if series.recipe is not None:
                yield metric, series.recipe


def _default_terms(
    year: str, metric: Metric, recipe_name: str, month: Month, term: Term, part: str
) -> Problem:
    counted = str(term)[0].lower() + str(term)[1:]
    return warning(
        "term-dates-missing",
        f"no dates are given for {year}, but metric {metric.id}'s figure for "
        f"{month.label} counts the {counted} (recipe {recipe_name}), so its {part} would be "
        "taken from the default dates (autumn from 1 September, spring from 1 January, "
        f"summer from 1 April) rather than the area's own; add {year} to term_dates",
        field="term_dates",
    )


def _below_zero(metric: Metric, recipe_name: str, field: str) -> Problem:
    return warning(
        "recipe-below-zero",
        f"recipe {recipe_name} gives a figure below zero when a period removes more than it "
        f"adds, and metric {metric.id}'s figures may not go below zero, so computing such a "
        "month would stop; if its figures are net changes, add negative: allowed to the metric "
        "(docs/plan-format.md)",
        metric_id=metric.id,
        field=field,
    )
