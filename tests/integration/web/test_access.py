"""Who may do what: every returns address and action × every kind of person, as a matrix.

Each cell asserts allowed or denied; a denied write changes nothing. The published scorecard
and signing in are open to everyone.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from scorecard.planfiles.reader import read_plan
from scorecard.web.catalogue.models import DefinitionChange
from scorecard.web.catalogue.services import load_plan
from scorecard.web.returns.models import Return, ReturnEvent
from tests.conftest import ROOT
from tests.integration.web.collection import (
    PLAN_ID,
    WS,
    client_for,
    make_people,
    return_url,
)

ROLES = ("anonymous", "stranger", "viewer", "owner_a", "owner_b", "approver", "administrator")
URL = return_url("3-1", "2024-10")
OK, SIGN_IN, DENIED = "ok", "sign in", "denied"


@pytest.fixture
def people(db: None, settings: object) -> dict[str, User]:
    settings.RETURNS_TODAY = "2024-11-20"  # type: ignore[attr-defined]
    cache.clear()
    reading = read_plan(ROOT / "plans" / PLAN_ID)
    assert reading.plan is not None
    load_plan(reading.plan, reading.figures, source=PLAN_ID, loaded_by="tester")
    return make_people()


def _client(people: dict[str, User], role: str) -> Client:
    return client_for(None if role == "anonymous" else people[role])


def _prepare(people: dict[str, User], state: str) -> None:
    """Put October 2024's 3.1 return in `state`, as its owner and an approver would."""
    if state == "none":
        return
    owner = client_for(people["owner_a"])
    action = "save" if state == "draft" else "submit"
    owner.post(URL, {"action": action, "version": "0", "figure-value": "14"})
    if state == "returned":
        client_for(people["approver"]).post(
            URL, {"action": "return", "version": "2", "reason": "check it"}
        )
    if state == "approved":
        client_for(people["approver"]).post(URL, {"action": "approve", "version": "2"})
    assert Return.objects.get().state == state


def _outcome(code: int, location: str = "") -> str:
    if code == 302 and location.startswith("/sign-in/"):
        return SIGN_IN
    if code in (200, 302):
        return OK
    assert code in (400, 403), code  # 400: an upload of another owner's metric
    return DENIED


OWNERS = {
    "organisation": "wscc-send",
    "data_owner": "Head of SEND Assessment",
    "accountable_lead": "Assistant Director, SEND",
    "reason": "reorganised",
}


def _upload(client: Client) -> object:
    content = b"metric_id,component,period,version,status,value\r\n3.1,,2024-10,0,value,15\r\n"
    return client.post(f"{WS}/returns/upload/", {"file": SimpleUploadedFile("r.csv", content)})


# (name, the state beforehand, the request, who may)
Request = Callable[[Client], object]
CASES: list[tuple[str, str, Request, set[str]]] = [
    (
        "list returns",
        "none",
        lambda c: c.get(f"{WS}/returns/"),
        {"viewer", "owner_a", "owner_b", "approver", "administrator"},
    ),
    (
        "upload page",
        "none",
        lambda c: c.get(f"{WS}/returns/upload/"),
        {"owner_a", "owner_b", "administrator"},
    ),
    (
        "download the template",
        "none",
        lambda c: c.get(f"{WS}/returns/template.xlsx"),
        {"viewer", "owner_a", "owner_b", "approver", "administrator"},
    ),
    ("upload a return", "none", _upload, {"owner_a", "administrator"}),
    (
        "see the owners",
        "none",
        lambda c: c.get(f"{WS}/owners/"),
        {"viewer", "owner_a", "owner_b", "approver", "administrator"},
    ),
    ("open an owners form", "none", lambda c: c.get(f"{WS}/owners/3-1/"), {"administrator"}),
    (
        "change the owners",
        "none",
        lambda c: c.post(f"{WS}/owners/3-1/", OWNERS),
        {"administrator"},
    ),
    (
        "see the plan's history",
        "none",
        lambda c: c.get(f"{WS}/history/"),
        {"viewer", "owner_a", "owner_b", "approver", "administrator"},
    ),
    (
        "open a return",
        "none",
        lambda c: c.get(URL),
        {"viewer", "owner_a", "owner_b", "approver", "administrator"},
    ),
    (
        "save a new return",
        "none",
        lambda c: c.post(URL, {"action": "save", "version": "0", "figure-value": "15"}),
        {"owner_a", "administrator"},
    ),
    (
        "change a draft",
        "draft",
        lambda c: c.post(URL, {"action": "save", "version": "1", "figure-value": "15"}),
        {"owner_a", "administrator"},
    ),
    (
        "submit a draft",
        "draft",
        lambda c: c.post(URL, {"action": "submit", "version": "1", "figure-value": "15"}),
        {"owner_a", "administrator"},
    ),
    (
        "change submitted figures",
        "submitted",
        lambda c: c.post(URL, {"action": "save", "version": "2", "figure-value": "15"}),
        set(),
    ),
    (
        "approve",
        "submitted",
        lambda c: c.post(URL, {"action": "approve", "version": "2"}),
        {"approver", "administrator"},
    ),
    (
        "return",
        "submitted",
        lambda c: c.post(URL, {"action": "return", "version": "2", "reason": "why"}),
        {"approver", "administrator"},
    ),
    (
        "correct returned figures",
        "returned",
        lambda c: c.post(URL, {"action": "submit", "version": "3", "figure-value": "15"}),
        {"owner_a", "administrator"},
    ),
    (
        "return approved figures for correction",
        "approved",
        lambda c: c.post(URL, {"action": "return", "version": "3", "reason": "late count"}),
        {"approver", "administrator"},
    ),
    (
        "approve returned figures",
        "returned",
        lambda c: c.post(URL, {"action": "approve", "version": "3"}),
        set(),
    ),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "state", "request_", "allowed"), CASES, ids=[c[0] for c in CASES])
def test_access_matrix(
    people: dict[str, User], role: str, name: str, state: str, request_: Request, allowed: set[str]
) -> None:
    _prepare(people, state)
    before = list(ReturnEvent.objects.values_list("id", flat=True))
    response = request_(_client(people, role))
    code = response.status_code  # type: ignore[attr-defined]
    location = response.get("Location", "")  # type: ignore[attr-defined]
    expected = SIGN_IN if role == "anonymous" else OK if role in allowed else DENIED
    assert _outcome(code, location) == expected, f"{role} {name}: {code}"
    if expected != OK and response.wsgi_request.method == "POST":  # type: ignore[attr-defined]
        assert list(ReturnEvent.objects.values_list("id", flat=True)) == before
        assert not DefinitionChange.objects.exists()


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    "url", ["/", f"{WS}/2024-09/", f"{WS}/2024-09/metrics/3-1/", "/sign-in/", "/accessibility/"]
)
def test_public_pages_are_open_to_everyone(people: dict[str, User], role: str, url: str) -> None:
    assert _client(people, role).get(url).status_code == 200


@pytest.mark.parametrize("role", ROLES)
def test_only_owners_and_administrators_see_the_form(people: dict[str, User], role: str) -> None:
    response = _client(people, role).get(URL)
    has_form = b'name="figure-value"' in response.content
    assert has_form == (role in ("owner_a", "administrator"))
