"""The recipes a plan names, checked when the plan is read: that each exists and takes the
parameters given. The recipes belong to the computation layer, above the plan files, so the
reader is handed a checker (scorecard.compute.recipes.registry.recipe_problems) rather than
importing them."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from scorecard.domain.catalogue import Plan, RecipeRef
from scorecard.domain.problems import Problem, error
from scorecard.planfiles.rules import Locator
from scorecard.planfiles.yamlfile import Location

# (recipe name, parameters) -> (where in the parameters, what is wrong) for each problem; an
# empty location means the recipe itself (an unknown name)
RecipeCheck = Callable[[str, Mapping[str, Any]], list[tuple[Location, str]]]


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
        metric_id = plan.metrics[index].id
        for location, message in check(named.name, named.parameters):
            path: Location = (*where, "parameters", *location) if location else (*where, "name")
            field = ".".join(str(p) for p in path if p != "")
            if location:
                problem = error("recipe-parameter", message, metric_id=metric_id, field=field)
            else:
                problem = error("recipe-unknown", message, metric_id=metric_id, field=field)
            problems.append(at.in_metric(problem, index, *path))
    return problems
