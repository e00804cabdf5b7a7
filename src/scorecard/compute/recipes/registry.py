"""Recipes by name, as plan files name them."""

from __future__ import annotations

from typing import Any

from scorecard.compute.recipes.base import Recipe
from scorecard.compute.recipes.camhs import CamhsWaitingWithin
from scorecard.compute.recipes.ehcp import EhcpWeeksToPlan, EhcpWithinWeeks
from scorecard.compute.recipes.therapy import TherapyWaitWeeks
from scorecard.domain.errors import ScorecardError

RECIPES: dict[str, Recipe[Any]] = {
    recipe.name: recipe
    for recipe in (
        TherapyWaitWeeks(),
        CamhsWaitingWithin(),
        EhcpWithinWeeks(),
        EhcpWeeksToPlan(),
    )
}


def recipe(name: str) -> Recipe[Any]:
    try:
        return RECIPES[name]
    except KeyError:
        known = ", ".join(sorted(RECIPES))
        raise ScorecardError(f'there is no recipe "{name}"; the recipes are: {known}') from None
