"""A plan stored by an earlier release with a baseline its disclosure policy withholds (a
baseline of 2 under dfe_exclusions, refused when a plan is read since): no public output shows
it, and the partnership is told to load the plan again corrected (docs/disclosure.md)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models import QuerySet

from scorecard.domain.periods import Month
from scorecard.web.catalogue.models import PlanVersion
from scorecard.web.releases import services
from scorecard.web.releases.models import ReleaseFile
from tests.integration.web.collection import PLAN_ID, WS, client_for

pytestmark = pytest.mark.usefixtures("loaded")

NOW = dt.datetime(2024, 10, 20, 9, 0, tzinfo=dt.UTC)
STORED = "2 (Spring Census 23-24)"


@pytest.fixture(autouse=True)
def stored_by_an_earlier_release(loaded: None) -> None:
    """4.5's baseline written into the stored definition as an earlier release stored it."""
    version = PlanVersion.objects.filter(plan__plan_id=PLAN_ID).latest("number")
    definition = version.definition
    for metric in definition["metrics"]:
        if metric["id"] == "4.5":
            metric["baseline"]["value"] = "2"
    # the plain queryset update, past the append-only guard: the row as the store holds it
    QuerySet.update(PlanVersion.objects.filter(pk=version.pk), definition=definition)


def test_the_public_pages_do_not_show_it() -> None:
    page = client_for(None).get(f"{WS}/2024-09/metrics/4-5/").content.decode()

    assert STORED not in page
    assert "[c] withheld under disclosure control" in page


def test_the_api_does_not_show_it() -> None:
    answer = client_for(None).get(f"/api/v1/plans/{PLAN_ID}/metrics/4-5").json()

    assert answer["baseline"] == {
        "value": None,
        "label": "Spring Census 23-24",
        "note": "[c] withheld under disclosure control",
    }


def test_a_release_does_not_show_it_and_says_to_load_the_plan_again() -> None:
    found = services.check(PLAN_ID, Month.parse("2024-09"))
    version = services.publish_now(PLAN_ID, Month.parse("2024-09"), by="approver", now=NOW)

    page = ReleaseFile.objects.get(version=version, name="html").content.decode()
    assert STORED not in page
    assert any("load the plan again" in p.message for p in found.warnings if p.metric_id == "4.5")
