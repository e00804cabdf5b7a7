"""A return whose figures a later plan version no longer fits (the metric's components changed)
is not approved as it stands, which would put a figure for a component the metric no longer
has on the scorecard: it is returned, entered again and approved (docs/plan-format.md)."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.contrib.auth.models import User

from scorecard.web.catalogue.queries import current_plan
from scorecard.web.catalogue.services import load_plan
from scorecard.web.figures.models import Figure, Origin
from scorecard.web.returns.models import Return, ReturnEvent
from tests.integration.web.collection import PLAN_ID, client_for, return_url

pytestmark = pytest.mark.usefixtures("loaded")

JUNE = return_url("4-1", "2025-06")


@pytest.fixture(autouse=True)
def fixed_today(settings: object) -> None:
    settings.RETURNS_TODAY = "2025-07-20"  # type: ignore[attr-defined]


def _text(response: object) -> str:
    html = response.content.decode()  # type: ignore[attr-defined]
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _rename_component(old: str, new: str) -> None:
    plan = current_plan(PLAN_ID)
    metrics = []
    for metric in plan.metrics:
        if metric.id == "4.1":
            parts = tuple(
                c.model_copy(update={"id": new}) if c.id == old else c for c in metric.components
            )
            metric = metric.model_copy(update={"components": parts})
        metrics.append(metric)
    changed = plan.model_copy(update={"metrics": tuple(metrics)})
    result = load_plan(changed, [], source="components changed", loaded_by="administrator")
    [left] = result.left
    assert (left.held.metric_id, str(left.held.period), left.held.state) == (
        "4.1", "2025-06", "submitted"
    )  # fmt: skip


def _version() -> str:
    return str(Return.objects.get(metric_id="4.1", period="2025-06").version)


def _submitted_figures() -> list[tuple[str, str]]:
    rows = Figure.objects.filter(metric_id="4.1", period="2025-06", origin=Origin.SUBMITTED)
    return sorted((r.component, str(r.value)) for r in rows)


def test_figures_for_components_the_metric_no_longer_has_are_not_approved(
    people: dict[str, User],
) -> None:
    owner, approver = client_for(people["owner_a"]), client_for(people["approver"])
    entered = {"ssc-value": "5", "special_school-value": "3", "confirmation": "checked"}
    response = owner.post(JUNE, {"action": "submit", "version": "0", **entered})
    assert response.status_code == 302, _text(response)
    _rename_component("special_school", "special")
    events = ReturnEvent.objects.count()
    refused = approver.post(JUNE, {"action": "approve", "version": _version()})
    assert refused.status_code == 403
    assert (
        "This return cannot be approved as it stands: its figures name component "
        "special_school, which metric 4.1 no longer has, and component special has no figure "
        "in it; return it to the data owner to enter the figures again" in _text(refused)
    )
    assert _submitted_figures() == []  # before, special_school's 3 reached the scorecard
    assert ReturnEvent.objects.count() == events
    why = {"action": "return", "version": _version(), "reason": "4.1 has new components"}
    assert approver.post(JUNE, why).status_code == 302
    again = {"ssc-value": "5", "special-value": "3", "confirmation": "checked"}
    response = owner.post(JUNE, {"action": "submit", "version": _version(), **again})
    assert response.status_code == 302, _text(response)
    approved = approver.post(JUNE, {"action": "approve", "version": _version()})
    assert approved.status_code == 302, _text(approved)
    assert _submitted_figures() == [("special", "3"), ("ssc", "5")]
