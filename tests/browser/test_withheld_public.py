"""What disclosure control withholds, as the public read it in Chromium: a baseline withheld in
a plan stored by an earlier release (2 under dfe_exclusions, as
tests/integration/web/test_stored_baselines.py stores it) on the metric's and its area's pages
and in the API, and a year to date that leaves out a withheld month. Each in words (never by
colour alone), passing axe-core at 1280 and 320 px, every control reached by Tab in order, with
and without JavaScript."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from decimal import Decimal

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from scorecard.domain.periods import Month
from tests.browser.conftest import WS, OpenPage, assert_tab_order
from tests.browser.test_release_journey import accessible
from tests.integration.web.collection import PLAN_ID

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WITHHELD = "[c] withheld under disclosure control"


@pytest.fixture
def stored_by_an_earlier_release(site: str) -> Iterator[None]:
    """4.5 (exclusions of pupils on SEN support, under dfe_exclusions) stored with a baseline of
    2 and counted year to date, and its April 2024 figure corrected to 2. The stored definition
    is changed in place (as an earlier release stored it), which the page cache cannot see: it
    is emptied before and after."""
    from django.db.models import QuerySet

    from scorecard.domain.figures import Figure, FigureStatus
    from scorecard.web.catalogue.models import Plan as StoredPlan
    from scorecard.web.catalogue.models import PlanVersion
    from scorecard.web.figures.models import Origin
    from scorecard.web.figures.services import Change, sync_figures

    version = PlanVersion.objects.filter(plan__plan_id=PLAN_ID).latest("number")
    definition = version.definition
    for metric in definition["metrics"]:
        if metric["id"] == "4.5":
            metric["baseline"]["value"] = "2"
            metric["accumulation"] = "year_to_date"
    # the plain queryset update, past the append-only guard: the row as the store holds it
    QuerySet.update(PlanVersion.objects.filter(pk=version.pk), definition=definition)
    figure = Figure("4.5", "", Month.parse("2024-04"), FigureStatus.VALUE, Decimal(2))
    change = Change(by="approver", at=dt.datetime(2024, 5, 1, tzinfo=dt.UTC), reason="test")
    plan = StoredPlan.objects.get(plan_id=PLAN_ID)
    sync_figures(plan, [figure], change, origin=Origin.PLAN_FILE, remove_missing=False)
    cache.clear()
    yield
    cache.clear()


@pytest.mark.usefixtures("stored_by_an_earlier_release")
@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_a_withheld_baseline_and_a_year_to_date_leaving_out_a_withheld_month(
    open_page: OpenPage, javascript: bool
) -> None:
    page = open_page(f"{WS}/2024-09/metrics/4-5/", javascript=javascript)
    main = page.locator("main")
    expect(main).to_contain_text(WITHHELD)
    expect(main).not_to_contain_text("2 (Spring Census 23-24)")
    expect(main).to_contain_text("55 so far in 2024-25 (not counting 1 month withheld;")
    rating = main.locator(".app-rag").first
    expect(rating).to_have_text(re.compile(r"\w"))  # the rating in words, not its colour alone
    if javascript:
        accessible(page)
    assert_tab_order(page)

    page.goto(page.url.split("/plans/")[0] + f"{WS}/2024-09/areas/4/")
    expect(main).to_contain_text(WITHHELD)
    expect(main).not_to_contain_text("2 (Spring Census 23-24)")
    if javascript:
        accessible(page)
    assert_tab_order(page)

    answer = page.request.get(page.url.split("/plans/")[0] + f"/api/v1/plans/{PLAN_ID}/metrics/4-5")
    assert answer.status == 200
    assert answer.json()["baseline"] == {
        "value": None,
        "label": "Spring Census 23-24",
        "note": WITHHELD,
    }
