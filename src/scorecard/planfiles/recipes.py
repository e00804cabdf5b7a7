"""The recipes a plan names, checked when the plan is read: that each exists and takes the
parameters given, and that a recipe which can give a figure below zero is named by a metric
whose figures may go below zero. The recipes belong to the computation layer, above the plan
files, so the reader is handed a RecipeCheck (scorecard.compute.recipes.registry.PLAN_CHECK)
rather than importing them."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from scorecard.domain.catalogue import Metric, Plan, RecipeRef
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
    return problems


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
