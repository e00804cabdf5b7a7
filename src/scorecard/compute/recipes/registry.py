"""Recipes by name, as plan files name them."""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

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
from scorecard.domain.catalogue import Unit
from scorecard.domain.errors import ScorecardError
from scorecard.domain.periods import Month, Term, TermCalendar
from scorecard.planfiles.pydantic_problems import plain_words
from scorecard.planfiles.recipes import RecipeCheck

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


def recipe_problems(
    name: str, parameters: Mapping[str, Any]
) -> list[tuple[tuple[str | int, ...], str]]:
    """What is wrong with naming recipe `name` with `parameters`: (where in the parameters,
    what) for each problem; an empty place for an unknown recipe. Plan files are checked
    with it (scorecard.planfiles.recipes)."""
    found = RECIPES.get(name)
    if found is None:
        close = difflib.get_close_matches(name, RECIPES, n=1)
        known = (
            f'is "{close[0]}" meant?' if close else f"the recipes are: {', '.join(sorted(RECIPES))}"
        )
        return [((), f'there is no recipe "{name}"; {known} (docs/recipes.md)')]
    try:
        found.parameters(parameters)
    except ValidationError as exc:
        return [
            (_place(e["loc"], e["msg"], found), plain_words(e, tuple(e["loc"])))
            for e in exc.errors(include_url=False)
        ]
    return []


def may_go_below_zero(name: str) -> bool:
    """Whether recipe `name` can give a figure below zero (False for an unknown name, which
    recipe_problems reports)."""
    found = RECIPES.get(name)
    return found is not None and found.may_go_below_zero


def unit_of(name: str) -> Unit | None:
    """The unit recipe `name` gives its figures in (None for an unknown name)."""
    found = RECIPES.get(name)
    return found.unit if found is not None else None


def terms_counted(name: str, calendar: TermCalendar, month: Month) -> tuple[Term, ...]:
    """The school terms recipe `name` counts for `month`'s figure (none for an unknown name)."""
    found = RECIPES.get(name)
    return found.terms_counted(calendar, month) if found is not None else ()


# what plan files are checked with when they are read (scorecard.planfiles.reader.read_plan)
PLAN_CHECK = RecipeCheck(
    problems=recipe_problems,
    may_go_below_zero=may_go_below_zero,
    unit=unit_of,
    terms_counted=terms_counted,
)


def _place(loc: tuple[str | int, ...], message: str, found: Recipe[Any]) -> tuple[str | int, ...]:
    """Where a problem is: a rule over several parameters ("max_age must not be below
    min_age") has no place of its own, so it is placed at the parameter its message begins
    with; never at the recipe's name, which is reserved for an unknown recipe."""
    if loc:
        return tuple(loc)
    words = message.removeprefix("Value error, ").split()
    named = words[0] if words else ""
    return (named,) if named in found.Params.model_fields else ("",)


def recipe(name: str) -> Recipe[Any]:
    try:
        return RECIPES[name]
    except KeyError:
        known = ", ".join(sorted(RECIPES))
        raise ScorecardError(f'there is no recipe "{name}"; the recipes are: {known}') from None
