"""Computed figures and data owners' returns never take the same metric and month: computing
stops, storing nothing, while a return for it is in progress, so the return can still be
approved."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.test import Client

from scorecard.domain.figures import Figure, FigureStatus
from scorecard.domain.periods import Month
from scorecard.domain.signoff import SignOff
from scorecard.web.computations.models import ComputationRun
from scorecard.web.computations.services import Lineage, record_computation
from scorecard.web.figures.models import Figure as StoredFigure
from scorecard.web.figures.services import FigureConflictError
from scorecard.web.returns import services
from scorecard.web.returns.entries import Entry
from scorecard.web.returns.models import Return
from tests.integration.web.collection import PLAN_ID, client_for, return_url

pytestmark = pytest.mark.usefixtures("loaded")
OCTOBER = Month(2024, 10)
URL = return_url("3-1", str(OCTOBER))
FIGURES = {"figure-value": "14.2", "figure-numerator": "71", "figure-denominator": "500"}


@pytest.fixture(autouse=True)
def fixed_today(settings: object) -> None:
    settings.RETURNS_TODAY = "2024-11-20"  # type: ignore[attr-defined]


def _post(client: Client, action: str, **fields: str) -> None:
    found = re.search(rb'name="version" value="(\d+)"', client.get(URL).content)
    assert found, "the page has no form"
    response = client.post(URL, {"action": action, "version": found.group(1).decode(), **fields})
    errors = re.findall(r'govuk-error-message">(.*?)</p>', response.content.decode(), re.S)
    assert response.status_code == 302, [" ".join(e.split()) for e in errors]


def _compute() -> None:
    figure = Figure(
        metric_id="3.1",
        component="",
        period=OCTOBER,
        status=FigureStatus.VALUE,
        value=Decimal("21.4"),
        numerator=Decimal("107"),
        denominator=Decimal("500"),
        source="computed by recipe ehcp_within_weeks version 1",
    )
    lineage = Lineage("938", OCTOBER, OCTOBER, "duckdb", [], [])
    record_computation(PLAN_ID, lineage, [figure], run_by="analyst", now=dt.datetime.now(dt.UTC))


def test_a_submitted_return_stops_the_computation_and_is_approved_after(
    people: dict[str, User],
) -> None:
    owner, approver = client_for(people["owner_a"]), client_for(people["approver"])
    _post(owner, "submit", **FIGURES)
    stored = list(StoredFigure.objects.values())
    with pytest.raises(FigureConflictError) as raised:
        _compute()
    assert str(raised.value).startswith("1 figure already comes from another source: ")
    assert "3.1 2024-10 (a data owner's return, submitted)" in str(raised.value)
    assert "nothing was stored" in str(raised.value)
    assert list(StoredFigure.objects.values()) == stored
    assert not ComputationRun.objects.exists()
    _post(approver, "approve")
    assert Return.objects.get(metric_id="3.1", period="2024-10").state == "approved"
    figure = StoredFigure.objects.get(plan__plan_id=PLAN_ID, metric_id="3.1", period="2024-10")
    assert figure.value == Decimal("14.2") and figure.origin == "submitted"


def test_a_return_only_saved_stops_it_too(people: dict[str, User]) -> None:
    _post(client_for(people["owner_a"]), "save", **FIGURES)
    with pytest.raises(FigureConflictError, match=r"a data owner's return, draft"):
        _compute()


def test_without_a_return_the_figure_is_computed(people: dict[str, User]) -> None:
    _compute()
    figure = StoredFigure.objects.get(plan__plan_id=PLAN_ID, metric_id="3.1", period="2024-10")
    assert figure.origin == "computed" and figure.value == Decimal("21.4")


def test_the_returns_service_refuses_a_computed_month_for_every_caller(
    people: dict[str, User],
) -> None:
    """The pages lock a computed month; the service that every write goes through (the form, the
    upload) refuses it too, in the transaction that would write, and changes nothing."""
    _compute()
    stored = list(StoredFigure.objects.values())
    figure = Figure("3.1", "", OCTOBER, FigureStatus.VALUE, Decimal("14.2"))
    common = {"plan_id": PLAN_ID, "metric_id": "3.1", "period": OCTOBER, "version": 0}
    when = {"now": dt.datetime.now(dt.UTC), "today": dt.date(2024, 11, 20)}
    with pytest.raises(services.NotAllowedError, match="come from the plan's files or its"):
        services.save_entry(
            **common, user=people["owner_a"], figures=[figure], entry=Entry(parts=()), **when
        )
    with pytest.raises(services.NotAllowedError, match="come from the plan's files or its"):
        services.move(**common, user=people["approver"], target=SignOff.APPROVED, reason="", **when)
    assert not Return.objects.exists()
    assert list(StoredFigure.objects.values()) == stored
