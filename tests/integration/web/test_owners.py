"""Changing a metric's owners in the browser (administrators only), and the history of the
plan's definition: who, when, what, before, after and why, for owners and for plan loads."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from scorecard.planfiles.reader import read_plan
from scorecard.web.catalogue.models import DefinitionChange, PlanVersion
from scorecard.web.catalogue.models import Plan as StoredPlan
from scorecard.web.catalogue.queries import current_plan
from scorecard.web.catalogue.services import load_plan
from tests.conftest import ROOT
from tests.integration.web.collection import NOW, PLAN_ID, WS, client_for

pytestmark = pytest.mark.usefixtures("loaded")
EDIT = f"{WS}/owners/3-1/"
GOOD = {
    "organisation": "wscc-send",
    "team": "SEND Assessment Team",
    "data_owner": "Head of SEND Assessment",
    "accountable_lead": "Assistant Director, SEND",
    "reason": "The team was reorganised in October.",
}


def _text(html: bytes) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html.decode())).split())


def test_an_administrator_changes_the_owners(people: dict[str, User]) -> None:
    admin = client_for(people["administrator"])
    before = PlanVersion.objects.filter(plan__plan_id=PLAN_ID).count()
    response = admin.post(EDIT, GOOD)
    assert response.status_code == 302
    assert current_plan(PLAN_ID).metric("3.1").ownership.data_owner == "Head of SEND Assessment"  # type: ignore[union-attr]
    assert PlanVersion.objects.filter(plan__plan_id=PLAN_ID).count() == before + 1
    (change,) = DefinitionChange.objects.filter(plan__plan_id=PLAN_ID)
    assert change.path == "metrics/3.1/ownership/data_owner"
    assert (change.before, change.after) == (
        "SEND Assessment Team performance lead",
        "Head of SEND Assessment",
    )
    assert (change.changed_by, change.reason) == ("administrator", GOOD["reason"])
    history = _text(client_for(people["viewer"]).get(f"{WS}/history/").content)
    assert "metrics/3.1/ownership/data_owner" in history
    assert "administrator: The team was reorganised in October." in history
    owners = _text(client_for(people["owner_b"]).get(f"{WS}/owners/").content)
    assert "Head of SEND Assessment" in owners


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"reason": ""}, "reason", "Say why the owners change"),
        ({"organisation": "acme"}, "organisation", "Choose the organisation"),
        ({"data_owner": ""}, "data_owner", "Enter the data owner's role"),
        # too long: refused at the field, never stored cut short
        ({"team": "t" * 301}, "team", "The team or service is 301 characters long; shorten"),
        ({"accountable_lead": "a" * 10_000}, "accountable_lead", "is 10,000 characters long"),
        ({"reason": "r" * 501}, "reason", "The reason is 501 characters long; shorten it to 500"),
    ],
)
def test_bad_changes_are_refused(
    people: dict[str, User], change: dict[str, str], field: str, message: str
) -> None:
    versions = PlanVersion.objects.count()
    response = client_for(people["administrator"]).post(EDIT, {**GOOD, **change})
    assert response.status_code == 400
    assert message in _text(response.content)
    assert f'href="#{field}"' in response.content.decode()
    assert PlanVersion.objects.count() == versions


@pytest.mark.parametrize("role", ["viewer", "owner_a", "approver"])
def test_only_administrators_change_owners(people: dict[str, User], role: str) -> None:
    client = client_for(people[role])
    assert client.get(EDIT).status_code == 403
    assert client.post(EDIT, GOOD).status_code == 403
    assert not DefinitionChange.objects.exists()


def test_the_history_names_every_version_who_made_it_when_and_from_what(
    people: dict[str, User],
) -> None:
    """The first load too, which changed no field: who loaded the plan, when and from where."""
    first = PlanVersion.objects.get(plan__plan_id=PLAN_ID, number=1)
    unchanged = _text(client_for(people["viewer"]).get(f"{WS}/history/").content)
    assert "The plan has not changed since it was first loaded." in unchanged
    loaded = f"1 (first loaded) {_when(first)} tester {PLAN_ID}"
    assert loaded in unchanged
    assert client_for(people["administrator"]).post(EDIT, GOOD).status_code == 302
    second = PlanVersion.objects.get(plan__plan_id=PLAN_ID, number=2)
    history = _text(client_for(people["viewer"]).get(f"{WS}/history/").content)
    made = f"2 {_when(second)} administrator owners of metric 3.1 changed in the application"
    assert made in history and loaded in history
    assert history.index(made) < history.index(loaded)  # newest first


def _when(version: PlanVersion) -> str:
    local = timezone.localtime(version.loaded_at)
    return f"{local.day} {local:%b %Y %H:%M} {local.tzname()}"


def test_a_plan_load_records_each_changed_field_with_its_reason(db: None) -> None:
    reading = read_plan(ROOT / "plans" / PLAN_ID)
    assert reading.plan is not None
    plan = reading.plan
    metrics = tuple(
        m.model_copy(update={"targets": {"2024-25": "55"}}) if m.id == "3.1" else m
        for m in plan.metrics
    )
    changed = plan.model_copy(update={"metrics": metrics})
    load_plan(
        changed, reading.figures, source="tester", loaded_by="analyst", reason="Board set 55%"
    )
    (change,) = DefinitionChange.objects.filter(plan__plan_id=PLAN_ID)
    assert change.path == "metrics/3.1/targets/2024-25"
    assert (change.before, change.after, change.reason) == ("49", "55", "Board set 55%")


def test_saving_the_same_owners_changes_nothing_and_says_so(people: dict[str, User]) -> None:
    admin = client_for(people["administrator"])
    assert admin.post(EDIT, GOOD).status_code == 302
    versions = PlanVersion.objects.filter(plan__plan_id=PLAN_ID).count()
    response = admin.post(EDIT, {**GOOD, "reason": "Saved again."})
    assert response.status_code == 302
    text = _text(admin.get(response["Location"]).content)
    assert "Nothing changed: the owners of 3.1 are as they were" in text
    assert "The owners are changed" not in text
    assert PlanVersion.objects.filter(plan__plan_id=PLAN_ID).count() == versions
    assert DefinitionChange.objects.filter(plan__plan_id=PLAN_ID).count() == 1


def _many_changes(count: int) -> None:
    """`count` changes in the plan's history, numbered in the order they were made."""
    plan = StoredPlan.objects.get(plan_id=PLAN_ID)
    DefinitionChange.objects.bulk_create(
        DefinitionChange(
            plan=plan,
            version=2,
            path=f"metrics/3.1/notes/change-{n:03}",
            before=None,
            after=f"after {n}",
            changed_by="loader",
            changed_at=NOW,
            reason=f"reason {n}",
        )
        for n in range(1, count + 1)
    )


def test_the_history_shows_every_change_a_page_at_a_time(people: dict[str, User]) -> None:
    """The page showed the newest 500 changes and left the older ones out without a word."""
    _many_changes(501)
    viewer = client_for(people["viewer"])
    first = _text(viewer.get(f"{WS}/history/").content)
    assert "History of the plan (page 1 of 11)" in first
    assert "Showing 1 to 50 of 501 changes." in first
    assert "change-501" in first and "change-452" in first and "change-451" not in first
    last = viewer.get(f"{WS}/history/", {"page": "11"})
    assert last.status_code == 200
    assert "metrics/3.1/notes/change-001 (none) after 1 loader: reason 1" in _text(last.content)
    shown = [
        int(n)
        for page in range(1, 12)
        for n in re.findall(
            r"change-(\d+)", viewer.get(f"{WS}/history/", {"page": str(page)}).content.decode()
        )
    ]
    assert shown == list(range(501, 0, -1))  # each once, newest first


def test_a_history_page_that_is_not_there_is_an_error_in_the_page(
    people: dict[str, User],
) -> None:
    _many_changes(60)
    response = client_for(people["viewer"]).get(f"{WS}/history/", {"page": "3"})
    assert response.status_code == 400
    text = _text(response.content)
    assert text.startswith("Error: History of the plan")
    assert "There is no page 3: there are 60 changes, on 2 pages, so page 1 is shown." in text
    assert "change-060" in text


@pytest.mark.django_db(transaction=True)
def test_owners_changed_at_the_same_moment_both_stand() -> None:
    """Two administrators change the owners of two metrics at once: the second waits for the
    first's lock and then builds on its change, never storing the plan as it was before it."""
    import threading
    import time

    from django.db import connection, transaction

    from scorecard.domain.ownership import Ownership
    from scorecard.web.catalogue import services

    if connection.vendor != "postgresql":
        pytest.skip("SQLite lets one writer in at a time; row locks are PostgreSQL's")
    first = Ownership(organisation="wscc-send", data_owner="First owner", accountable_lead="A")
    second = Ownership(organisation="wscc-send", data_owner="Second owner", accountable_lead="B")
    locked, go_on = threading.Event(), threading.Event()

    def first_administrator() -> None:  # holds the plan's lock until told to commit
        try:
            with transaction.atomic():
                row = StoredPlan.objects.select_for_update().get(plan_id=PLAN_ID)
                changed = services.with_owners(current_plan(PLAN_ID), "3.2", first)
                services.store_version(row, changed, source="t", by="one", at=NOW, reason="r")
                locked.set()
                go_on.wait(30)
        finally:
            connection.close()

    def second_administrator() -> None:
        try:
            services.change_ownership(
                plan_id=PLAN_ID, metric_id="3.1", ownership=second, by="two", at=NOW, reason="r"
            )
        finally:
            connection.close()

    one = threading.Thread(target=first_administrator)
    one.start()
    assert locked.wait(30)
    two = threading.Thread(target=second_administrator)
    two.start()
    time.sleep(1)  # the second is waiting for the lock by now (it never gets it before go_on)
    go_on.set()
    one.join(30)
    two.join(30)
    latest = current_plan(PLAN_ID)
    assert latest.metric("3.2").ownership == first  # type: ignore[union-attr]
    assert latest.metric("3.1").ownership == second  # type: ignore[union-attr]
