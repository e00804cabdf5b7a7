"""The registry: every recipe the bundled plan names exists, takes the plan's parameters and
quotes the metric's published definition word for word."""

from __future__ import annotations

import pytest

from scorecard.compute.recipes.registry import RECIPES, recipe
from scorecard.compute.runner import plan_jobs
from scorecard.domain.catalogue import Metric
from scorecard.domain.errors import ScorecardError
from tests.unit.compute.helpers import bundled


def words(text: str) -> str:
    return " ".join(text.split())


def test_every_series_of_the_bundled_plan_has_a_recipe_with_valid_parameters() -> None:
    jobs = plan_jobs(bundled())
    assert len(jobs) == 21
    assert {job.recipe.name for job in jobs} == set(RECIPES)


@pytest.mark.parametrize("metric", [m for m in bundled().metrics if m.series[0].recipe])
def test_the_recipe_quotes_the_definition(metric: Metric) -> None:
    for series in metric.series:
        assert series.recipe is not None
        doc = recipe(series.recipe.name).__doc__ or ""
        assert f'"{words(metric.definition)}' in words(doc)


def test_recipes_declare_what_they_read() -> None:
    for found in RECIPES.values():
        assert found.version
        assert found.extracts
        assert found.__doc__


def test_bad_parameters_are_reported_by_metric() -> None:
    plan = bundled()
    metric = plan.metric("4.5")
    assert metric.recipe is not None
    broken = metric.model_copy(
        update={"recipe": metric.recipe.model_copy(update={"parameters": {"sen_status": "X"}})}
    )
    with pytest.raises(ScorecardError, match=r"metric 4\.5: recipe parameter sen_status"):
        plan_jobs(plan.model_copy(update={"metrics": (broken,)}))
