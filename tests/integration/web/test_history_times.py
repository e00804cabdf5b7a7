"""Every history the pages show gives each time in UK time with its zone (BST or GMT), so that
a time is never ambiguous, not even in the hour the clocks go back: 01:30 happened twice on
27 October 2024, at 00:30 and at 01:30 UTC."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from html import unescape

import pytest
from django.contrib.auth.models import User
from django.template import Context, Template

from scorecard.domain.figures import Figure, FigureStatus
from scorecard.domain.ownership import Ownership
from scorecard.domain.periods import Month
from scorecard.domain.signoff import Role
from scorecard.web.accounts.services import grant
from scorecard.web.catalogue.models import Plan as StoredPlan
from scorecard.web.catalogue.services import change_ownership
from scorecard.web.figures.models import Origin
from scorecard.web.figures.services import Change, sync_figures
from scorecard.web.releases import services as releases
from scorecard.web.returns.models import Return, ReturnEvent
from tests.integration.web.collection import PLAN_ID, WS, client_for

FIRST = dt.datetime(2024, 10, 27, 0, 30, tzinfo=dt.UTC)  # 01:30 BST
SECOND = dt.datetime(2024, 10, 27, 1, 30, tzinfo=dt.UTC)  # 01:30 GMT, an hour later
BOTH = ("27 Oct 2024 01:30 BST", "27 Oct 2024 01:30 GMT")


def page_text(response: object) -> str:
    return unescape(response.content.decode())  # type: ignore[attr-defined]


def _render(moment: dt.datetime | None) -> str:
    return Template("{% load when %}{{ moment|when }}").render(Context({"moment": moment}))


def test_a_time_is_written_with_its_zone() -> None:
    assert (_render(FIRST), _render(SECOND)) == BOTH
    assert _render(dt.datetime(2024, 12, 1, 9, 5, tzinfo=dt.UTC)) == "1 Dec 2024 09:05 GMT"
    assert _render(dt.datetime(2024, 7, 1, 9, 5, tzinfo=dt.UTC)) == "1 Jul 2024 10:05 BST"
    assert _render(None) == ""


@pytest.fixture
def viewer(loaded: None, people: dict[str, User], settings: object) -> User:
    settings.RETURNS_TODAY = "2024-11-20"  # type: ignore[attr-defined]
    return people["viewer"]


def _both_shown(page: str) -> None:
    for moment in BOTH:
        assert moment in page


def test_a_returns_history_and_its_figures_history(viewer: User) -> None:
    plan = StoredPlan.objects.get(plan_id=PLAN_ID)
    entry = Return.objects.create(plan=plan, metric_id="3.1", period="2024-10", updated_at=FIRST)
    for at in (FIRST, SECOND):
        ReturnEvent.objects.create(
            entry=entry, event="saved", from_state="draft", to_state="draft", by="owner_a", at=at
        )
    page = page_text(client_for(viewer).get(f"{WS}/returns/3-1/2024-10/"))
    _both_shown(page)
    for at, value in ((FIRST, 80), (SECOND, 81)):
        figure = Figure("1/2.1", "", Month.parse("2024-10"), FigureStatus.VALUE, Decimal(value))
        change = Change(by="tester", at=at, reason="corrected")
        sync_figures(plan, [figure], change, origin=Origin.PLAN_FILE, remove_missing=False)
    _both_shown(page_text(client_for(viewer).get(f"{WS}/returns/1-2-1/2024-10/")))


def test_the_plans_history(viewer: User) -> None:
    for at, team in ((FIRST, "Team one"), (SECOND, "Team two")):
        owners = Ownership(
            organisation="wscc-send", team=team, data_owner="Lead", accountable_lead="Director"
        )
        change_ownership(
            plan_id=PLAN_ID, metric_id="3.1", ownership=owners, by="tester", at=at, reason="r"
        )
    _both_shown(page_text(client_for(viewer).get(f"{WS}/history/")))


def test_the_role_history(viewer: User, people: dict[str, User]) -> None:
    for at, metrics in ((FIRST, ("3.1",)), (SECOND, ("3.1", "3.2"))):
        grant(
            plan_id=PLAN_ID,
            username="viewer",
            role=Role.DATA_OWNER,
            metrics=metrics,
            by="tester",
            at=at,
            reason="r",
        )
    _both_shown(page_text(client_for(people["administrator"]).get(f"{WS}/people/")))


def test_a_release_versions_history(viewer: User) -> None:
    september = Month.parse("2024-09")
    releases.prepare(PLAN_ID, september, by="approver", now=FIRST)
    releases.prepare(PLAN_ID, september, by="approver", now=SECOND)
    _both_shown(page_text(client_for(viewer).get(f"{WS}/releases/2024-09/v1/")))
