"""Recipes by name, as plan files name them."""

from __future__ import annotations

from typing import Any

from scorecard.compute.recipes.adulthood import SupportedInternshipsCount, TransitionAverageAge
from scorecard.compute.recipes.assessment import AdviceWithinWeeks, AuditsGoodOrBetter
from scorecard.compute.recipes.autism import AutismOpenWeeks
from scorecard.compute.recipes.base import Recipe
from scorecard.compute.recipes.camhs import CamhsWaitingWithin
from scorecard.compute.recipes.ehcp import EhcpWeeksToPlan, EhcpWithinWeeks
from scorecard.compute.recipes.exclusions import ExclusionsInLastTerm
from scorecard.compute.recipes.provision import (
    ApDaysInProvision,
    EhcpMainstreamShare,
    PlacesCreated,
)
from scorecard.compute.recipes.therapy import TherapyWaitWeeks
from scorecard.domain.errors import ScorecardError

RECIPES: dict[str, Recipe[Any]] = {
    recipe.name: recipe
    for recipe in (
        AutismOpenWeeks(),
        TherapyWaitWeeks(),
        CamhsWaitingWithin(),
        EhcpWithinWeeks(),
        EhcpWeeksToPlan(),
        AdviceWithinWeeks(),
        AuditsGoodOrBetter(),
        PlacesCreated(),
        EhcpMainstreamShare(),
        ApDaysInProvision(),
        ExclusionsInLastTerm(),
        TransitionAverageAge(),
        SupportedInternshipsCount(),
    )
}


def recipe(name: str) -> Recipe[Any]:
    try:
        return RECIPES[name]
    except KeyError:
        known = ", ".join(sorted(RECIPES))
        raise ScorecardError(f'there is no recipe "{name}"; the recipes are: {known}') from None
