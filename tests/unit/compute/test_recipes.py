"""The registry: every recipe the bundled plan names exists, takes the plan's parameters and
quotes the metric's published definition word for word."""

from __future__ import annotations

import datetime as dt
import inspect
from pathlib import Path
from typing import Literal, get_args, get_origin

import pytest
from pydantic import ValidationError

from scorecard.compute.contracts import contracts
from scorecard.compute.recipes.registry import PLAN_CHECK, RECIPES, recipe, recipe_problems
from scorecard.compute.recipes.words import in_words
from scorecard.compute.runner import plan_jobs
from scorecard.domain.catalogue import Metric, Unit
from scorecard.domain.errors import ScorecardError
from scorecard.planfiles.reader import read_plan
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
        assert found.unit in Unit


def test_every_recipe_gives_the_unit_of_the_bundled_metrics_naming_it() -> None:
    """So that the unit checked when a plan is read is the one the recipe's figures are in."""
    for metric in bundled().metrics:
        for series in metric.series:
            if series.recipe is not None:
                assert PLAN_CHECK.unit(series.recipe.name) is metric.unit, metric.id
    assert PLAN_CHECK.unit("no_such_recipe") is None


def test_a_unit_stored_by_an_earlier_release_that_the_recipe_does_not_give_is_refused() -> None:
    """Computed weeks would otherwise be stored, shown and assessed as days."""
    plan = bundled()
    stored = plan.metric("3.2").model_copy(update={"unit": Unit.DAYS})
    with pytest.raises(ScorecardError) as raised:
        plan_jobs(plan.model_copy(update={"metrics": (stored,)}))
    assert (
        "metric 3.2: recipe ehcp_weeks_to_plan gives figures in weeks, but the metric's unit "
        "is days; write unit: weeks"
    ) in str(raised.value)
    assert "load the plan again (scorecard plan load FOLDER)" in str(raised.value)


def test_bad_parameters_are_reported_by_metric() -> None:
    plan = bundled()
    metric = plan.metric("4.5")
    assert metric.recipe is not None
    broken = metric.model_copy(
        update={"recipe": metric.recipe.model_copy(update={"parameters": {"sen_status": "X"}})}
    )
    with pytest.raises(ScorecardError, match=r"metric 4\.5: recipe parameter sen_status"):
        plan_jobs(plan.model_copy(update={"metrics": (broken,)}))


def test_parameters_stored_by_an_earlier_release_say_to_load_the_plan_again() -> None:
    plan = bundled()
    metric = plan.metric("3.3")
    assert metric.recipe is not None
    parameters = {"advice_type": "EP", "weeks": "6.0"}  # as an earlier release stored it
    stored = metric.model_copy(
        update={"recipe": metric.recipe.model_copy(update={"parameters": parameters})}
    )
    with pytest.raises(ScorecardError) as raised:
        plan_jobs(plan.model_copy(update={"metrics": (stored,)}))
    assert 'metric 3.3: recipe parameter weeks: "6.0" is not a whole number' in str(raised.value)
    assert "load the plan again (scorecard plan load FOLDER)" in str(raised.value)


@pytest.mark.parametrize(
    ("name", "given", "field"),
    [
        ("camhs_waiting_within", {"excluded_teams": ["PERINATL"]}, "excluded_teams.0"),
        ("camhs_waiting_within", {"weeks": 0}, "weeks"),
        ("ehcp_within_weeks", {"weeks": -20}, "weeks"),
        ("ehcp_weeks_to_plan", {"rolling_months": 0}, "rolling_months"),
    ],
)
def test_parameters_outside_what_a_recipe_can_mean_are_refused(
    name: str, given: dict, field: str
) -> None:
    """A misspelt team would exclude nothing and a window of no months compute nothing,
    silently; both are refused when the plan is read."""
    with pytest.raises(ValidationError) as raised:
        recipe(name).parameters(given)
    assert [".".join(str(p) for p in e["loc"]) for e in raised.value.errors()] == [field]


# Each recipe parameter naming codes, and the extract column holding them.
CODE_PARAMETERS = {
    ("advice_within_weeks", "advice_type"): ("advice_requests", "advice_type"),
    ("ap_days_in_provision", "provision"): ("ap_episodes", "provision"),
    ("audits_good_or_better", "grades"): ("ehcp_audits", "grade"),
    ("camhs_waiting_within", "excluded_teams"): ("camhs_referrals", "team"),
    ("ehcp_mainstream_share", "settings"): ("ehcp_placements", "setting_type"),
    ("exclusions_in_last_term", "sen_status"): ("exclusions", "census_sen_status"),
    ("exclusions_in_last_term", "exclusion_type"): ("exclusions", "exclusion_type"),
    ("places_created", "provision_type"): ("specialist_places", "provision_type"),
    ("therapy_wait_weeks", "service"): ("therapy_referrals", "service"),
    ("transition_average_age", "event_type"): ("transition_events", "event_type"),
    ("transition_average_age", "teams"): ("transition_events", "team"),
}


def _codes(annotation: object) -> set[str]:
    """The values of the Literal in a parameter's type (inside a tuple, when it is one)."""
    if get_origin(annotation) is Literal:
        return {str(a) for a in get_args(annotation)}
    return {code for inner in get_args(annotation) for code in _codes(inner)}


def test_parameters_naming_codes_take_only_the_extracts_codes() -> None:
    found = {}
    for name, known in RECIPES.items():
        for field, info in known.Params.model_fields.items():
            codes = _codes(info.annotation)
            if codes:
                found[(name, field)] = codes
    assert set(found) == set(CODE_PARAMETERS)
    for (name, field), codes in found.items():
        extract, column = CODE_PARAMETERS[(name, field)]
        assert codes <= set(contracts()[extract].column(column).codes), (name, field)


def test_an_unknown_recipe_is_named_with_the_one_meant_or_all_of_them() -> None:
    assert recipe_problems("ehcp_within_week", {}) == [
        (
            (),
            'there is no recipe "ehcp_within_week"; is "ehcp_within_weeks" meant? '
            "(docs/recipes.md)",
        )
    ]
    [(place, message)] = recipe_problems("school_meals", {})
    assert place == () and message.endswith(", transition_average_age (docs/recipes.md)")
    assert "the recipes are: advice_within_weeks, " in message
    assert recipe_problems("ehcp_within_weeks", {"weeks": 20}) == []


def test_every_recipe_explains_itself_after_quoting_its_definition() -> None:
    """Metric pages show what follows the quoted definition (`docs.in_words`)."""
    for name, known in RECIPES.items():
        first = inspect.cleandoc(known.__doc__ or "").split("\n\n")[0]
        assert first.startswith('"'), name
        words = in_words(name)
        assert words is not None and words.version == known.version
        assert words.paragraphs and all("\n" not in p for p in words.paragraphs)
        assert first not in words.paragraphs
    assert in_words("no_such_recipe") is None


@pytest.mark.parametrize(
    ("name", "parameters"),
    [
        ("autism_open_13_weeks", {"weeks": 13, "min_age": 17, "max_age": 3}),
        ("ehcp_mainstream_share", {"min_age": 16, "max_age": 5, "settings": ["MAINSTREAM"]}),
    ],
)
def test_a_rule_over_two_parameters_is_placed_at_the_parameter_it_names(
    name: str, parameters: dict[str, object], plan_copy: Path
) -> None:
    """Not at `recipe.name`, which would read as an unknown recipe."""
    assert recipe_problems(name, parameters) == [
        (("max_age",), "max_age must not be below min_age")
    ]
    metrics = plan_copy / "metrics.yaml"
    text = metrics.read_text()
    old = "{weeks: 13, min_age: 0, max_age: 17}"
    assert old in text
    metrics.write_text(text.replace(old, "{weeks: 13, min_age: 17, max_age: 3}"))
    reading = read_plan(plan_copy, recipes=PLAN_CHECK)
    [problem] = reading.problems
    assert (problem.file, problem.field, problem.message) == (
        "metrics.yaml",
        "recipe.parameters.max_age",
        "max_age must not be below min_age",
    )
    assert problem.line == 1 + text[: text.index(old)].count("\n")


@pytest.mark.parametrize(
    ("name", "given", "message"),
    [
        # past these a plan was stored, then computing it stopped with an internal error
        ("ehcp_within_weeks", {"weeks": "100000000000000000000"}, "must be 520 or less"),
        ("camhs_waiting_within", {"weeks": "521"}, "must be 520 or less, not 521"),
        ("audits_good_or_better", {"window_months": "121"}, "must be 120 or less, not 121"),
        ("ehcp_weeks_to_plan", {"rolling_months": "100000"}, "must be 120 or less"),
        ("places_created", {"provision_type": "SSC", "window_months": "121"}, "120 or less"),
        ("autism_open_13_weeks", {"max_age": "9223372036854775808"}, "must be 120 or less"),
        ("ehcp_mainstream_share", {"max_age": "121"}, "must be 120 or less"),
        ("supported_internships_count", {"max_age": "121"}, "must be 120 or less"),
        (
            "transition_average_age",
            {"event_type": "INITIAL_CONTACT", "teams": ["CWD"], "min_age": "121"},
            "must be 120 or less",
        ),
        # read as a number or a date that was not meant
        ("advice_within_weeks", {"advice_type": "EP", "weeks": "6.0"}, '"6.0" is not a whole'),
        ("ap_days_in_provision", {"provision": "IAP", "ehcp_only": "yes"}, "not true or false"),
        ("ehcp_within_weeks", {"exclude_exceptions": "1"}, '"1" is not true or false'),
        ("therapy_wait_weeks", {"service": "OT", "referrals_from": "0"}, '"0" is not a date'),
        (
            "therapy_wait_weeks",
            {"service": "OT", "referrals_from": "1522540800"},
            "write it as YYYY-MM-DD",
        ),
        (
            "therapy_wait_weeks",
            {"service": "OT", "referrals_from": "2018-04-01T00:00:00"},
            "is not a date",
        ),
        # excluding every team leaves nothing ever to count
        (
            "camhs_waiting_within",
            {"excluded_teams": ["COMMUNITY", "ED", "PERINATAL", "SPOA", "OTHER"]},
            "excluded_teams leaves no team",
        ),
    ],
)
def test_parameters_a_recipe_cannot_use_are_refused_by_name(
    name: str, given: dict[str, object], message: str
) -> None:
    [(place, said)] = recipe_problems(name, given)
    assert place == (list(given)[-1],)  # the parameter given last is the one refused
    assert message in said


@pytest.mark.parametrize(
    ("name", "given", "field", "value"),
    [
        ("ehcp_within_weeks", {"weeks": "520"}, "weeks", 520),
        ("ehcp_weeks_to_plan", {"rolling_months": "120"}, "rolling_months", 120),
        ("autism_open_13_weeks", {"min_age": "0", "max_age": "120"}, "max_age", 120),
        ("ap_days_in_provision", {"provision": "IAP", "ehcp_only": "True"}, "ehcp_only", True),
        ("ehcp_within_weeks", {"exclude_exceptions": "false"}, "exclude_exceptions", False),
        ("ehcp_within_weeks", {"exclude_exceptions": True}, "exclude_exceptions", True),
        ("ehcp_within_weeks", {"weeks": 18}, "weeks", 18),
        (
            "therapy_wait_weeks",
            {"service": "OT", "referrals_from": "2024-02-29"},
            "referrals_from",
            dt.date(2024, 2, 29),
        ),
        (
            "therapy_wait_weeks",
            {"service": "OT", "referrals_from": dt.date(2019, 1, 1)},
            "referrals_from",
            dt.date(2019, 1, 1),
        ),
        (
            "camhs_waiting_within",
            {"excluded_teams": ["COMMUNITY", "ED", "PERINATAL", "SPOA"]},
            "excluded_teams",
            ("COMMUNITY", "ED", "PERINATAL", "SPOA"),
        ),
    ],
)
def test_parameters_as_a_plan_file_writes_them_are_read(
    name: str, given: dict[str, object], field: str, value: object
) -> None:
    """Plan files are read as text: "520" is 520, "True" is true, "2024-02-29" a date."""
    assert recipe_problems(name, given) == []
    assert getattr(recipe(name).parameters(given), field) == value
