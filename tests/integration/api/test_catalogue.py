"""The plans and their metrics, as the latest version of each plan's definition has them."""

from __future__ import annotations

from decimal import Decimal

from scorecard.planfiles.reader import read_plan
from scorecard.web.api.present import number
from tests.conftest import BUNDLED_PLAN
from tests.integration.api.conftest import API, PLAN_ID, ApiClient

PLAN = read_plan(BUNDLED_PLAN).plan
assert PLAN is not None


def test_the_plans_are_listed_with_their_addresses(loaded: None, api: ApiClient) -> None:
    answer = api.json("/api/v1/plans")
    assert answer["count"] == 1
    [plan] = answer["results"]
    assert plan["id"] == PLAN_ID
    assert plan["local_area"] == PLAN.local_area
    assert plan["organisation"] == {"name": PLAN.organisation.name, "contact": None}
    assert (plan["start"], plan["end"]) == ("2024-04", "2027-03")
    assert plan["url"] == API


def test_a_plan_naming_a_contact_gives_it(loaded: None, api: ApiClient) -> None:
    from django.core.cache import cache

    from scorecard.domain.catalogue import Contact
    from scorecard.web.catalogue.services import load_plan

    reading = read_plan(BUNDLED_PLAN)
    assert reading.plan is not None
    contact = Contact(team="SEND Performance", email="send.data@example.gov.uk", phone="01234 567")
    organisation = reading.plan.organisation.model_copy(update={"contact": contact})
    plan = reading.plan.model_copy(update={"organisation": organisation})
    load_plan(plan, reading.figures, source="test", loaded_by="tester")
    cache.clear()
    expected = {
        "name": PLAN.organisation.name,
        "contact": {
            "team": "SEND Performance",
            "email": "send.data@example.gov.uk",
            "phone": "01234 567",
        },
    }
    assert api.json(API)["organisation"] == expected
    assert api.json("/api/v1/plans")["results"][0]["organisation"] == expected


def test_a_plan_has_its_areas_recommendations_and_working_groups(
    loaded: None, api: ApiClient
) -> None:
    answer = api.json(API)
    assert answer["title"] == PLAN.title
    assert answer["version"] == 1
    assert [a["recommendation"] for a in answer["areas"]] == [a.recommendation for a in PLAN.areas]
    assert [a["working_groups"] for a in answer["areas"]] == [
        list(a.working_groups) for a in PLAN.areas
    ]
    assert answer["working_groups"] == [{"id": g.id, "title": g.title} for g in PLAN.working_groups]
    assert answer["links"]["figures"] == f"{API}/figures"


def test_every_metric_is_listed_with_its_definition(loaded: None, api: ApiClient) -> None:
    answer = api.json(f"{API}/metrics")
    assert answer["count"] == len(PLAN.metrics)
    by_id = {m["id"]: m for m in answer["results"]}
    for metric in PLAN.metrics:
        shown = by_id[metric.id]
        assert shown["definition"] == metric.definition
        assert shown["polarity"] == metric.polarity.value
        assert shown["disclosure"]["policy"] == metric.disclosure.value
        assert shown["url"] == f"{API}/metrics/{metric.slug}"


def test_a_metric_has_its_baseline_and_targets_as_recorded(loaded: None, api: ApiClient) -> None:
    metric = PLAN.metric("1/2.2")
    answer = api.json(f"{API}/metrics/1-2-2")
    assert answer["baseline"]["value"] == number(metric.series[0].baseline.value)
    targets = {t["year"]: t for t in answer["targets"]}
    assert targets["2024-25"] == {"year": "2024-25", "state": "set", "value": 18}
    assert answer["components"] == []
    assert answer["schedule"][0] == "January"


def test_a_multi_part_metric_has_its_components(loaded: None, api: ApiClient) -> None:
    metric = next(m for m in PLAN.metrics if m.components)
    answer = api.json(f"{API}/metrics/{metric.slug}")
    assert answer["baseline"] is None
    assert answer["targets"] == []
    assert [c["id"] for c in answer["components"]] == [c.id for c in metric.components]
    first = metric.series[0]
    value = answer["components"][0]["baseline"]["value"]
    assert value is None or Decimal(str(value)) == first.baseline.value


def test_a_metric_is_found_by_its_id_as_well(loaded: None, api: ApiClient) -> None:
    assert api.json(f"{API}/metrics/3.1")["id"] == "3.1"


def test_an_unknown_plan_or_metric_is_a_404_problem(loaded: None, api: ApiClient) -> None:
    for path, words in (
        ("/api/v1/plans/nowhere", 'there is no plan "nowhere"'),
        ("/api/v1/plans/nowhere/metrics", 'there is no plan "nowhere"'),
        ("/api/v1/plans/NOT_A_PLAN/figures", 'there is no plan "NOT_A_PLAN"'),
        (f"{API}/metrics/9-9", f'plan {PLAN_ID} has no metric "9-9"'),
    ):
        problem = api.json(path, 404)
        assert problem["title"] == "Not Found"
        assert problem["status"] == 404
        assert problem["type"] == "about:blank"
        assert problem["instance"] == path
        assert problem["detail"].startswith(words)


def test_an_empty_store_lists_no_plans(db: None, api: ApiClient) -> None:
    assert api.json("/api/v1/plans") == {"count": 0, "results": []}


def test_a_metric_whose_id_has_a_slash_is_found_by_its_id(loaded: None, api: ApiClient) -> None:
    for path in (f"{API}/metrics/1/2.1", f"{API}/metrics/1%2F2.1"):
        assert api.json(path)["slug"] == "1-2-1"
    assert api.json(f"{API}/metrics/1/2.9", 404)["detail"] == (
        f'plan {PLAN_ID} has no metric "1/2.9"; name it by its slug (1-2-1) or its id (1/2.1), '
        f"as listed at /api/v1/plans/{PLAN_ID}/metrics"
    )
