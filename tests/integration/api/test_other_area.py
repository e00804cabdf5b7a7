"""Another local area's plan (tests/fixtures/other-area) in the API: its answers give examples
from its own metrics, not West Sussex's."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from scorecard.planfiles.reader import read_plan
from scorecard.web.catalogue.services import load_plan
from tests.conftest import ROOT
from tests.integration.api.conftest import ApiClient

PLAN_ID = "dyffryn-gwyr-2025-27"
API = f"/api/v1/plans/{PLAN_ID}"


@pytest.fixture
def other_area(db: None) -> None:
    cache.clear()
    reading = read_plan(ROOT / "tests" / "fixtures" / "other-area")
    assert reading.plan is not None, reading.problems
    load_plan(reading.plan, reading.figures, source="other-area", loaded_by="tester")


def test_an_unknown_metric_is_answered_with_one_of_the_plans_own(
    other_area: None, api: ApiClient
) -> None:
    """C/4 is the plan's metric whose slug (C-4) is not its id, as 1/2.1 is West Sussex's."""
    assert api.json(f"{API}/metrics/C/4")["slug"] == "C-4"
    assert api.json(f"{API}/metrics/C/5", 404)["detail"] == (
        f'plan {PLAN_ID} has no metric "C/5"; name it by its slug (C-4) or its id (C/4), '
        f"as listed at {API}/metrics"
    )


def test_a_metric_id_in_other_case_is_answered_with_the_id_meant(
    other_area: None, api: ApiClient
) -> None:
    """Ids are case-sensitive: "b1" is not B1, but the problem says which was meant."""
    assert api.json(f"{API}/metrics/b1", 404)["detail"] == (
        f'plan {PLAN_ID} has no metric "b1" (ids are case-sensitive); did you mean B1?'
    )
    assert api.json(f"{API}/metrics/c-4", 404)["detail"].endswith("; did you mean C-4?")
    assert api.json(f"{API}/figures?metric=d3", 400)["detail"] == (
        f'metric: plan {PLAN_ID} has no metric "d3" (give its id or slug); did you mean D3?'
    )
