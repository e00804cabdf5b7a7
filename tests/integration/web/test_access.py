"""Who may do what: every address and action of the site × every kind of person, as a matrix.

Each cell asserts allowed, denied, hidden (not found) or "sign in first"; a denied write changes
nothing. The published scorecard, the API and signing in are open to everyone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import NamedTuple
from urllib.parse import unquote

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from scorecard.domain.periods import Month
from scorecard.planfiles.reader import read_plan
from scorecard.web.accounts.models import PlanRole, RoleChange
from scorecard.web.catalogue.models import DefinitionChange
from scorecard.web.catalogue.services import load_plan
from scorecard.web.releases import services as releases
from scorecard.web.releases.models import ReleaseEvent, ReleaseVersion
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
OK, SIGN_IN, DENIED, HIDDEN = "ok", "sign in", "denied", "not found"
INSIDERS = {"viewer", "owner_a", "owner_b", "approver", "administrator"}
EVERYONE = {"stranger", *INSIDERS}
SEPTEMBER = f"{WS}/releases/2024-09"


@pytest.fixture
def people(db: None, settings: object) -> dict[str, User]:
    settings.RETURNS_TODAY = "2024-11-20"  # type: ignore[attr-defined]
    cache.clear()
    reading = read_plan(ROOT / "plans" / PLAN_ID)
    assert reading.plan is not None
    load_plan(reading.plan, reading.figures, source=PLAN_ID, loaded_by="tester")
    return make_people()


@pytest.fixture(autouse=True)
def quick_board_packs(monkeypatch: pytest.MonkeyPatch) -> None:
    """Who may see a release does not depend on what its files hold, and drawing the PDF board
    pack takes seconds: here it is a stub (test_releases.py and the golden files draw the real
    one)."""
    monkeypatch.setattr("scorecard.publish.pdf.render_pdf", lambda report: b"%PDF-1.7 stub")


def _client(people: dict[str, User], role: str) -> Client:
    return client_for(None if role == "anonymous" else people[role])


def _prepare(people: dict[str, User], state: str) -> None:
    """Put October 2024's 3.1 return in `state`, as its owner and an approver would, or
    September 2024's release ("release draft", "release published")."""
    if state == "none":
        return
    if state.startswith("release"):
        now = dt.datetime(2024, 10, 20, 9, 0, tzinfo=dt.UTC)
        draft = releases.prepare(PLAN_ID, Month.parse("2024-09"), by="approver", now=now)
        if state == "release published":
            releases.publish(draft, by="approver", now=now)
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
    if code == 404:
        return HIDDEN  # a draft release, to people without a role
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


def _chosen_in_the_list() -> dict[str, object]:
    """The returns list's approval form with October 2024's 3.1 return ticked."""
    found = Return.objects.get()
    return {"approve": [str(found.pk)], f"version-{found.pk}": str(found.version)}


Request = Callable[[Client], object]


class Case(NamedTuple):
    """The state beforehand, the request, who may; what the others and the anonymous get."""

    name: str
    state: str
    request: Request
    allowed: set[str]
    refused: str = DENIED
    anonymous: str = SIGN_IN


GRANT = {"who": "existing", "username": "stranger", "role": "viewer", "reason": "joined"}
REMOVE = {"username": "owner_b", "role": "data_owner", "reason": "moved team"}
REMOVE_PAGE = f"{WS}/people/remove/?username=owner_b&role=data_owner"
# An embargo must be in the future and within a year (docs/releases.md): a month from today.
EMBARGO = {
    "embargo_date": (dt.date.today() + dt.timedelta(days=30)).isoformat(),
    "embargo_time": "09:30",
    "reason": "",
    "change_note": "",
}

CASES: list[Case] = [
    Case(
        "list returns",
        "none",
        lambda c: c.get(f"{WS}/returns/"),
        {"viewer", "owner_a", "owner_b", "approver", "administrator"},
    ),
    Case(
        "upload page",
        "none",
        lambda c: c.get(f"{WS}/returns/upload/"),
        {"owner_a", "owner_b", "administrator"},
    ),
    Case(
        "download the template",
        "none",
        lambda c: c.get(f"{WS}/returns/template.xlsx"),
        {"viewer", "owner_a", "owner_b", "approver", "administrator"},
    ),
    Case("upload a return", "none", _upload, {"owner_a", "administrator"}),
    Case(
        "see the owners",
        "none",
        lambda c: c.get(f"{WS}/owners/"),
        {"viewer", "owner_a", "owner_b", "approver", "administrator"},
    ),
    Case("open an owners form", "none", lambda c: c.get(f"{WS}/owners/3-1/"), {"administrator"}),
    Case(
        "change the owners",
        "none",
        lambda c: c.post(f"{WS}/owners/3-1/", OWNERS),
        {"administrator"},
    ),
    Case(
        "see the plan's history",
        "none",
        lambda c: c.get(f"{WS}/history/"),
        {"viewer", "owner_a", "owner_b", "approver", "administrator"},
    ),
    Case(
        "open a return",
        "none",
        lambda c: c.get(URL),
        {"viewer", "owner_a", "owner_b", "approver", "administrator"},
    ),
    Case(
        "save a new return",
        "none",
        lambda c: c.post(URL, {"action": "save", "version": "0", "figure-value": "15"}),
        {"owner_a", "administrator"},
    ),
    Case(
        "change a draft",
        "draft",
        lambda c: c.post(URL, {"action": "save", "version": "1", "figure-value": "15"}),
        {"owner_a", "administrator"},
    ),
    Case(
        "submit a draft",
        "draft",
        lambda c: c.post(URL, {"action": "submit", "version": "1", "figure-value": "15"}),
        {"owner_a", "administrator"},
    ),
    Case(
        "change submitted figures",
        "submitted",
        lambda c: c.post(URL, {"action": "save", "version": "2", "figure-value": "15"}),
        set(),
    ),
    Case(
        "approve",
        "submitted",
        lambda c: c.post(URL, {"action": "approve", "version": "2"}),
        {"approver", "administrator"},
    ),
    Case(
        "approve from the returns list",
        "submitted",
        lambda c: c.post(f"{WS}/returns/approve/", _chosen_in_the_list()),
        {"approver", "administrator"},
    ),
    Case(
        "return",
        "submitted",
        lambda c: c.post(URL, {"action": "return", "version": "2", "reason": "why"}),
        {"approver", "administrator"},
    ),
    Case(
        "correct returned figures",
        "returned",
        lambda c: c.post(URL, {"action": "submit", "version": "3", "figure-value": "15"}),
        {"owner_a", "administrator"},
    ),
    Case(
        "return approved figures for correction",
        "approved",
        lambda c: c.post(URL, {"action": "return", "version": "3", "reason": "late count"}),
        {"approver", "administrator"},
    ),
    Case(
        "approve returned figures",
        "returned",
        lambda c: c.post(URL, {"action": "approve", "version": "3"}),
        set(),
    ),
    Case("see the people", "none", lambda c: c.get(f"{WS}/people/"), {"administrator"}),
    Case("give a role", "none", lambda c: c.post(f"{WS}/people/", GRANT), {"administrator"}),
    Case("open a take-away page", "none", lambda c: c.get(REMOVE_PAGE), {"administrator"}),
    Case(
        "take a role away",
        "none",
        lambda c: c.post(f"{WS}/people/remove/", REMOVE),
        {"administrator"},
    ),
    Case(
        "see the releases",
        "release draft",
        lambda c: c.get(f"{WS}/releases/"),
        EVERYONE,
        anonymous=OK,
    ),
    Case(
        "go to the latest release",
        "release published",
        lambda c: c.get(f"{WS}/releases/latest/"),
        EVERYONE,
        anonymous=OK,
    ),
    Case(
        "go to a month's latest release",
        "release published",
        lambda c: c.get(f"{SEPTEMBER}/"),
        EVERYONE,
        anonymous=OK,
    ),
    Case(
        "open a published version",
        "release published",
        lambda c: c.get(f"{SEPTEMBER}/v1/"),
        EVERYONE,
        anonymous=OK,
    ),
    Case(
        "download a published file",
        "release published",
        lambda c: c.get(f"{SEPTEMBER}/v1/files/{_filename('csv')}"),
        EVERYONE,
        anonymous=OK,
    ),
    Case(
        "open a draft version",
        "release draft",
        lambda c: c.get(f"{SEPTEMBER}/v1/"),
        INSIDERS,
        refused=HIDDEN,
        anonymous=HIDDEN,
    ),
    Case(
        "the internal board pack",
        "release published",
        lambda c: c.get(f"{SEPTEMBER}/v1/board-pack.pdf"),
        INSIDERS,
        anonymous=DENIED,
    ),
    Case(
        "prepare a release",
        "none",
        lambda c: c.post(f"{WS}/releases/prepare/", {"period": "2024-09"}),
        {"approver", "administrator"},
        anonymous=DENIED,
    ),
    Case(
        "publish a draft",
        "release draft",
        lambda c: c.post(f"{SEPTEMBER}/v1/publish/", {"reason": "", "change_note": ""}),
        {"approver", "administrator"},
        anonymous=DENIED,
    ),
    Case(
        "release a draft now (the version page's form)",
        "release draft",
        lambda c: c.post(f"{SEPTEMBER}/v1/release/", {"when": "now", "reason": ""}),
        {"approver", "administrator"},
        anonymous=DENIED,
    ),
    Case(
        "schedule a draft",
        "release draft",
        lambda c: c.post(f"{SEPTEMBER}/v1/schedule/", EMBARGO),
        {"approver", "administrator"},
        anonymous=DENIED,
    ),
]


def _filename(name: str) -> str:
    return str(ReleaseVersion.objects.get().files.get(name=name).filename)


def _stored() -> tuple[list[object], ...]:
    """Every record a write in the matrix could add or change."""
    return (
        list(ReturnEvent.objects.values_list("id", flat=True)),
        list(DefinitionChange.objects.values_list("id", flat=True)),
        list(RoleChange.objects.values_list("id", flat=True)),
        list(PlanRole.objects.order_by("id").values_list("id", "role", "metrics")),
        list(ReleaseEvent.objects.values_list("id", flat=True)),
        list(ReleaseVersion.objects.order_by("id").values_list("id", "state")),
    )


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_access_matrix(people: dict[str, User], role: str, case: Case) -> None:
    _prepare(people, case.state)
    before = _stored()
    response = case.request(_client(people, role))
    code = response.status_code  # type: ignore[attr-defined]
    location = response.get("Location", "")  # type: ignore[attr-defined]
    if role == "anonymous":
        expected = case.anonymous
    else:
        expected = OK if role in case.allowed else case.refused
    assert _outcome(code, location) == expected, f"{role} {case.name}: {code}"
    if expected != OK and response.wsgi_request.method == "POST":  # type: ignore[attr-defined]
        assert _stored() == before
    if expected == OK and response.wsgi_request.method == "POST":  # type: ignore[attr-defined]
        assert _stored() != before, f"{role} {case.name}: nothing was stored"


def test_the_matrix_covers_every_address_of_the_site() -> None:
    """Every URL pattern but the open ones (public pages, the API, signing in and out, single
    sign-on) is requested by some case above."""
    from django.urls import URLPattern, URLResolver, get_resolver

    def names(patterns: list[URLPattern | URLResolver], namespace: str = "") -> set[str]:
        found: set[str] = set()
        for p in patterns:
            if isinstance(p, URLResolver):
                found |= names(p.url_patterns, p.namespace or namespace)
            elif p.name:
                found.add(f"{namespace}:{p.name}" if namespace else p.name)
        return found

    open_to_all = {n for n in names(get_resolver().url_patterns) if n.split(":")[0] in OPEN_APPS}
    covered = {
        "returns:list", "returns:upload", "returns:template", "returns:owners", "returns:owner",
        "returns:history", "returns:return", "returns:approve", "accounts:people",
        "accounts:remove-role",
        "releases:list", "releases:latest", "releases:prepare", "releases:month",
        "releases:version", "releases:board-pack", "releases:act", "releases:file",
    }  # fmt: skip
    everything = names(get_resolver().url_patterns) - open_to_all - OPEN_NAMES
    assert everything == covered


OPEN_APPS = {"dashboard", "api"}  # the public scorecard and the open data API
OPEN_NAMES = {
    "accounts:sign-in",
    "accounts:sign-out",
    "accounts:stay-signed-in",  # 204 or 403, nothing else: tests/integration/web/test_sign_in.py
    "accounts:session-time-left",  # 200 or 403, the same for every role: below and test_sign_in
    "oidc_authentication_init",
    "oidc_authentication_callback",
}


@pytest.mark.parametrize("role", ROLES)
def test_how_long_a_session_has_left_is_told_to_anyone_signed_in(
    people: dict[str, User], role: str
) -> None:
    """The session timeout warning's question is the same for every role (a person's own
    session); the public get 403 and nothing else."""
    response = _client(people, role).get("/session-time-left/")
    expected = 403 if role == "anonymous" else 200
    assert response.status_code == expected, f"{role}: {response.status_code}"
    if expected == 200:
        assert 0 < response.json()["seconds_left"] <= 2 * 60 * 60
    else:
        assert response.content == b""


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    "url",
    [
        "/",
        f"{WS}/2024-09/",
        f"{WS}/2024-09/areas/3/",
        f"{WS}/2024-09/metrics/3-1/",
        f"{WS}/definitions/",
        f"{WS}/symbols/",
        "/sign-in/",
        "/accessibility/",
        "/api/v1/plans",
        "/api/v1/openapi.json",
    ],
)
def test_public_pages_are_open_to_everyone(people: dict[str, User], role: str, url: str) -> None:
    assert _client(people, role).get(url).status_code == 200


def test_a_refusal_to_someone_signed_out_offers_to_sign_in(people: dict[str, User]) -> None:
    """The public refused the board pack or a release action are not shown as "Signed in as"
    nobody with a button to sign out: they are offered to sign in."""
    _prepare(people, "release published")
    for response in (
        Client().get(f"{SEPTEMBER}/v1/board-pack.pdf"),
        Client().post(f"{WS}/releases/prepare/", {"period": "2024-09"}),
    ):
        assert response.status_code == 403
        html = response.content.decode()
        assert "Signed in as" not in html and "Sign out" not in html
        assert 'href="/sign-in/' in html and "sign in</a> first" in html
    board_pack = Client().get(f"{SEPTEMBER}/v1/board-pack.pdf").content.decode()
    assert (
        "/sign-in/?next=/plans/west-sussex-2024-27/releases/2024-09/v1/board-pack.pdf"
        in unquote(board_pack)
    )


@pytest.mark.parametrize("role", ROLES)
def test_only_owners_and_administrators_see_the_form(people: dict[str, User], role: str) -> None:
    response = _client(people, role).get(URL)
    has_form = b'name="figure-value"' in response.content
    assert has_form == (role in ("owner_a", "administrator"))
