"""Approving several submitted returns at once from the returns list, with the Django test
client on a real database: all or nothing, each return checked as on its own page, each
recorded as a single approval is; and every refusal shown in the page (400) with nothing stored."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.contrib.auth.models import User
from django.test import Client

from scorecard.web.catalogue.models import Plan
from scorecard.web.catalogue.queries import current_plan
from scorecard.web.catalogue.services import load_plan
from scorecard.web.figures.models import Figure, FigureChange, Origin
from scorecard.web.returns.models import Return, ReturnEvent
from tests.integration.web.collection import NOW, PLAN_ID, WS, client_for, make_people, return_url

pytestmark = pytest.mark.usefixtures("loaded")

LIST, APPROVE = f"{WS}/returns/", f"{WS}/returns/approve/"
# October 2024's returns, each submitted by its data owner (owner_approver is an approver too)
SUBMITTED = {"3.1": ("3-1", "owner_a", "14.2"), "3.2": ("3-2", "owner_b", "41.5")}
OWN = {"3.3": ("3-3", "owner_approver", "19.0")}


@pytest.fixture(autouse=True)
def fixed_today(settings: object) -> None:
    settings.RETURNS_TODAY = "2024-11-20"  # type: ignore[attr-defined]


@pytest.fixture
def people(db: None) -> dict[str, User]:
    made = make_people()
    for slug, owner, value in [*SUBMITTED.values(), *OWN.values()]:
        data = {"action": "submit", "version": "0", "figure-value": value}
        response = client_for(made[owner]).post(return_url(slug, "2024-10"), data)
        assert response.status_code == 302, response.content.decode()
    return made


def _text(html: bytes) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html.decode())).split())


def _id(metric_id: str, period: str = "2024-10") -> str:
    found = Return.objects.get(plan__plan_id=PLAN_ID, metric_id=metric_id, period=period)
    return str(found.pk)


def _form(client: Client, query: str = "") -> dict[str, str]:
    """The list's approval form as shown: each checkbox's return id → the version it carries."""
    html = client.get(LIST + query).content.decode()
    boxes = re.findall(r'name="approve" type="checkbox" value="(\d+)"', html)
    versions = dict(re.findall(r'name="version-(\d+)" value="(\d+)"', html))
    assert set(boxes) == set(versions)
    return versions


def _post(client: Client, versions: dict[str, str], chosen: list[str], **more: str) -> object:
    data: dict[str, object] = {f"version-{k}": v for k, v in versions.items()}
    return client.post(APPROVE, {**data, "approve": chosen, **more})


def _stored() -> tuple[list[object], ...]:
    """Everything an approval writes: states and versions, history, the figures store."""
    return (
        list(Return.objects.order_by("id").values_list("id", "state", "version")),
        list(ReturnEvent.objects.values_list("id", flat=True)),
        list(Figure.objects.order_by("id").values_list("id", "value", "origin")),
        list(FigureChange.objects.values_list("id", flat=True)),
    )


def test_an_approver_approves_two_returns_at_once(people: dict[str, User]) -> None:
    approver = client_for(people["approver"])
    page = approver.get(LIST).content.decode()
    label = re.search(r'<label[^>]*for="approve-' + _id("3.1") + r'">(.*?)</label>', page, re.S)
    assert label and _text(label.group(1).encode()).startswith(
        "Approve 3.1 The percentage of Education"
    )
    assert "October 2024, supplied by SEND Assessment Team performance lead" in label.group(1)
    versions = _form(approver)
    assert set(versions) == {_id("3.1"), _id("3.2"), _id("3.3")}
    chosen = [_id("3.1"), _id("3.2")]
    response = _post(approver, versions, chosen, reason="Checked against the case system.")
    assert response.status_code == 302  # type: ignore[attr-defined]
    assert response["Location"] == f"{LIST}?approved=2"  # type: ignore[index]
    banner = _text(approver.get(response["Location"]).content)  # type: ignore[index]
    assert "2 returns approved: their figures now show on the partnership’s scorecard" in banner

    for metric_id, (_, _, value) in SUBMITTED.items():
        stored = Return.objects.get(metric_id=metric_id, period="2024-10")
        assert stored.state == "approved"
        event = stored.events.order_by("id").last()
        assert event is not None
        assert (event.event, event.from_state, event.to_state, event.by, event.reason) == (
            "approved",
            "submitted",
            "approved",
            "approver",
            "Checked against the case system.",
        )
        assert event.through == "the returns list (2 returns approved together)"
        figure = Figure.objects.get(plan__plan_id=PLAN_ID, metric_id=metric_id, period="2024-10")
        assert (str(figure.value), figure.origin, figure.recorded_by) == (
            value,
            Origin.SUBMITTED,
            "approver",
        )
        change = FigureChange.objects.get(
            plan__plan_id=PLAN_ID, metric_id=metric_id, period="2024-10"
        )
        assert (change.changed_by, change.reason) == (
            "approver",
            "Checked against the case system.",
        )
    assert Return.objects.get(metric_id="3.3").state == "submitted"  # not chosen
    history = _text(approver.get(return_url("3-1", "2024-10")).content)
    assert "Approved (submitted to approved), from the returns list (2 returns approved" in history


def test_the_figures_stored_are_those_a_single_approval_stores(people: dict[str, User]) -> None:
    """3.1 approved from the list and 3.2 on its own page, each in the same store: the same
    figure fields, origin and change record (a return approved alone says nothing of the list)."""
    approver = client_for(people["approver"])
    versions = _form(approver)
    assert _post(approver, versions, [_id("3.1")]).status_code == 302  # type: ignore[attr-defined]
    single = approver.post(return_url("3-2", "2024-10"), {"action": "approve", "version": "2"})
    assert single.status_code == 302
    fields = ("status", "numerator", "denominator", "quality", "note", "origin", "recorded_by")
    listed, alone = (
        Figure.objects.filter(plan__plan_id=PLAN_ID, metric_id=m, period="2024-10")
        .values(*fields)
        .get()
        for m in ("3.1", "3.2")
    )
    assert listed == alone
    changes = [
        FigureChange.objects.filter(plan__plan_id=PLAN_ID, metric_id=m, period="2024-10")
        .values("action", "reason")
        .get()
        for m in ("3.1", "3.2")
    ]
    assert changes == [
        {"action": "created", "reason": f"return {PLAN_ID} 3.1 2024-10 approved"},
        {"action": "created", "reason": f"return {PLAN_ID} 3.2 2024-10 approved"},
    ]
    events = [
        ReturnEvent.objects.filter(entry__metric_id=m).values_list("event", "through").last()
        for m in ("3.1", "3.2")
    ]
    assert events == [("approved", "the returns list"), ("approved", "")]


def test_who_gets_checkboxes(people: dict[str, User]) -> None:
    """An approver who edited a return's figures last has no checkbox for it, and is told why;
    people who may not approve get no form."""
    both = client_for(people["owner_approver"])
    assert set(_form(both)) == {_id("3.1"), _id("3.2")}
    text = _text(both.get(LIST).content)
    assert "You edited it last: another approver approves it" in text
    for who in ("viewer", "owner_a"):
        html = client_for(people[who]).get(LIST).content.decode()
        assert 'name="approve"' not in html and "Approve selected returns" not in html


def test_nothing_chosen_is_refused_in_the_page(people: dict[str, User]) -> None:
    approver = client_for(people["approver"])
    versions = _form(approver)
    before = _stored()
    response = _post(approver, versions, [], reason="all fine")
    assert response.status_code == 400  # type: ignore[attr-defined]
    html = response.content.decode()  # type: ignore[attr-defined]
    first = min(versions, key=lambda k: html.index(f'id="approve-{k}"'))
    assert f'<a href="#approve-{first}">Select the returns to approve</a>' in html
    assert 'id="approve-error"' in html and "govuk-error-summary" in html
    assert "all fine</textarea>" in html  # the reason typed is kept
    assert "<title>Error: Returns" in html
    assert _stored() == before


def test_one_changed_since_the_list_was_shown_stops_them_all(people: dict[str, User]) -> None:
    approver = client_for(people["approver"])
    versions = _form(approver)  # the list as the approver saw it
    returned = client_for(people["administrator"]).post(
        return_url("3-2", "2024-10"), {"action": "return", "version": "2", "reason": "Check it."}
    )
    assert returned.status_code == 302
    before = _stored()
    response = _post(approver, versions, [_id("3.1"), _id("3.2")], reason="ok")
    assert response.status_code == 400  # type: ignore[attr-defined]
    html = response.content.decode()  # type: ignore[attr-defined]
    text = _text(html.encode())
    assert "Nothing was approved: 1 of the 2 returns chosen cannot be approved." in text
    assert (
        "3.2, October 2024: These figures were changed by administrator after the list was "
        "shown, so they were not approved: open the return to check them before approving it"
    ) in text
    assert f'<a href="{return_url("3-2", "2024-10")}">3.2, October 2024:' in html
    assert _stored() == before
    assert Return.objects.get(pk=_id("3.1")).state == "submitted"  # all or nothing
    # 3.1, which could be approved, stays ticked; sent again alone, it is approved
    assert re.search(f'id="approve-{_id("3.1")}"[^>]* checked', html)
    again = _post(approver, _form(approver), [_id("3.1")])
    assert again.status_code == 302  # type: ignore[attr-defined]
    assert Return.objects.get(pk=_id("3.1")).state == "approved"


def _early_return() -> str:
    """A return submitted for November 2024, before the month ended (as the service once let
    happen)."""
    plan = Plan.objects.get(plan_id=PLAN_ID)
    early = Return.objects.create(
        plan=plan, metric_id="3.1", period="2024-11", state="submitted", version=2,
        last_editor="owner_a", updated_at=NOW,
    )  # fmt: skip
    return str(early.pk)


def _from_the_plan_files() -> str:
    """A submitted return for September 2024, whose figures come from the plan's files."""
    plan = Plan.objects.get(plan_id=PLAN_ID)
    found = Return.objects.create(
        plan=plan, metric_id="3.1", period="2024-09", state="submitted", version=2,
        last_editor="owner_a", updated_at=NOW,
    )  # fmt: skip
    return str(found.pk)


@pytest.mark.parametrize(
    ("who", "make", "message"),
    [
        (
            "owner_approver",
            lambda: _id("3.3"),
            "3.3, October 2024: The person who last edited the figures cannot approve or return "
            "them; another approver must",
        ),
        (
            "approver",
            _early_return,
            "3.1, November 2024: November 2024 has not ended, so its figures cannot be approved "
            "yet; they can be from 1 December 2024",
        ),
        (
            "approver",
            _from_the_plan_files,
            "3.1, September 2024: These figures come from the plan's files or its extracts",
        ),
    ],
    ids=["own figures", "month not ended", "plan files"],
)
def test_a_return_the_approver_may_not_approve_stops_them_all(
    people: dict[str, User], who: str, make: object, message: str
) -> None:
    """Sent without the list's checkbox (which such a return does not have): refused as on the
    return's own page, and the other return chosen is not approved either."""
    client = client_for(people[who])
    refused = make()  # type: ignore[operator]
    versions = {**_form(client), refused: str(Return.objects.get(pk=refused).version)}
    before = _stored()
    response = _post(client, versions, [_id("3.1"), refused])
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert message in _text(response.content)  # type: ignore[attr-defined]
    assert _stored() == before


def test_a_draft_is_not_approved(people: dict[str, User]) -> None:
    plan = Plan.objects.get(plan_id=PLAN_ID)
    found = Return.objects.create(
        plan=plan, metric_id="3.4", period="2024-10", state="draft", version=1,
        last_editor="someone", updated_at=NOW,
    )  # fmt: skip
    approver = client_for(people["approver"])
    before = _stored()
    response = _post(approver, {str(found.pk): "1"}, [str(found.pk)])
    assert response.status_code == 400  # type: ignore[attr-defined]
    text = _text(response.content)  # type: ignore[attr-defined]
    assert "3.4, October 2024: A draft return cannot become approved" in text
    assert "Nothing was approved: the return chosen cannot be approved." in text
    assert _stored() == before


@pytest.mark.parametrize("forged", ["other plan", "abc", "9" * 5000, "-1", ""])
def test_a_forged_id_is_refused_and_nothing_stored(people: dict[str, User], forged: str) -> None:
    """An id that names no return of this plan (one of another plan's, or not a number): refused
    in the page; neither this plan's returns nor the other plan's change."""
    if forged == "other plan":
        other = Return.objects.create(
            plan=Plan.objects.get(plan_id="west-sussex-2024-27-synthetic"), metric_id="3.1",
            period="2024-10", state="submitted", version=2, last_editor="owner_a",
            updated_at=NOW,
        )  # fmt: skip
        forged = str(other.pk)
    approver = client_for(people["approver"])
    versions = _form(approver)  # (no version for the forged id: it names no return anyway)
    before = _stored()
    response = _post(approver, versions, [_id("3.1"), forged])
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert f'There is no return "{forged[:40]}" in this plan' in _text(response.content)  # type: ignore[attr-defined]
    assert _stored() == before


@pytest.mark.parametrize("who", ["approver", "owner_approver"])
def test_a_return_of_a_metric_the_plan_no_longer_has_is_refused(
    people: dict[str, User], who: str
) -> None:
    """A plan version that takes out 3.3 after its return was submitted (the list was shown
    before): its return's page is not found, so it is not approved from the list either, and
    the refusal is shown in the page (its owner_approver, who also edited it last, used to get
    a server error)."""
    client = client_for(people[who])
    versions = _form(client)
    plan = current_plan(PLAN_ID)
    fewer = plan.model_copy(update={"metrics": tuple(m for m in plan.metrics if m.id != "3.3")})
    load_plan(fewer, [], source="a plan without 3.3", loaded_by="administrator")
    chosen = _id("3.3")
    versions[chosen] = str(Return.objects.get(pk=chosen).version)
    before = _stored()
    response = _post(client, versions, [_id("3.1"), chosen])
    assert response.status_code == 400  # type: ignore[attr-defined]
    text = _text(response.content)  # type: ignore[attr-defined]
    assert "Nothing was approved: 1 of the 2 returns chosen cannot be approved." in text
    assert "3.3, October 2024: the plan no longer has metric 3.3" in text
    assert _stored() == before


def test_a_version_not_as_the_list_wrote_it_is_a_change_since(people: dict[str, User]) -> None:
    approver = client_for(people["approver"])
    before = _stored()
    for version in ("abc", "²", "9" * 5000, ""):
        response = _post(approver, {_id("3.1"): version}, [_id("3.1")])
        assert response.status_code == 400  # type: ignore[attr-defined]
        text = _text(response.content)  # type: ignore[attr-defined]
        assert "3.1, October 2024: These figures were changed by owner_a after the list" in text
    response = approver.post(APPROVE, {"approve": [_id("3.1")]})  # no version at all
    assert response.status_code == 400
    assert _stored() == before


def test_too_long_a_reason_is_refused_at_its_field(people: dict[str, User]) -> None:
    approver = client_for(people["approver"])
    versions = _form(approver)
    before = _stored()
    response = _post(approver, versions, [_id("3.1")], reason="r" * 501)
    assert response.status_code == 400  # type: ignore[attr-defined]
    html = response.content.decode()  # type: ignore[attr-defined]
    assert "The reason is 501 characters long; shorten it to 500 characters or fewer" in _text(
        html.encode()
    )
    assert 'href="#reason"' in html and 'id="reason-error"' in html
    assert 'aria-describedby="reason-error"' in html
    assert re.search(f'id="approve-{_id("3.1")}"[^>]* checked', html)  # still ticked
    assert _stored() == before


def test_more_than_a_page_of_ids_is_refused(people: dict[str, User]) -> None:
    approver = client_for(people["approver"])
    before = _stored()
    response = _post(approver, {}, [str(n) for n in range(1, 60)])
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert "Select at most 50 returns to approve at once" in _text(response.content)  # type: ignore[attr-defined]
    assert _stored() == before


def test_the_same_return_twice_is_approved_once(people: dict[str, User]) -> None:
    approver = client_for(people["approver"])
    versions = _form(approver)
    response = _post(approver, versions, [_id("3.1"), _id("3.1")])
    assert response.status_code == 302  # type: ignore[attr-defined]
    assert ReturnEvent.objects.filter(entry__metric_id="3.1", event="approved").count() == 1


def test_a_refusal_keeps_the_list_it_was_sent_from(people: dict[str, User]) -> None:
    """Sent from the submitted returns, a refused approval shows them again; a success goes
    back to them."""
    approver = client_for(people["approver"])
    versions = _form(approver, "?state=submitted")
    response = _post(approver, versions, [], state="submitted")
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert "Submitted returns (3)" in _text(response.content)  # type: ignore[attr-defined]
    response = _post(approver, versions, [_id("3.1")], state="submitted")
    assert response["Location"] == f"{LIST}?approved=1&state=submitted"  # type: ignore[index]
    banner = _text(approver.get(response["Location"]).content)  # type: ignore[index]
    assert "1 return approved: its figures now show" in banner


def test_the_form_needs_its_csrf_token(people: dict[str, User]) -> None:
    """As every form of the site: refused with "The form had expired" (403), nothing stored."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(people["approver"])
    versions = _form(client)
    before = _stored()
    response = _post(client, versions, [_id("3.1")])
    assert response.status_code == 403  # type: ignore[attr-defined]
    assert "The form had expired" in _text(response.content)  # type: ignore[attr-defined]
    assert _stored() == before


@pytest.mark.parametrize("who", ["viewer", "owner_a"])
def test_people_who_may_not_approve_are_refused(people: dict[str, User], who: str) -> None:
    before = _stored()
    response = _post(client_for(people[who]), {_id("3.2"): "2"}, [_id("3.2")])
    assert response.status_code == 403  # type: ignore[attr-defined]
    assert "Only approvers and administrators approve returns." in _text(response.content)  # type: ignore[attr-defined]
    assert _stored() == before


def test_the_address_opened_goes_to_the_list(people: dict[str, User]) -> None:
    response = client_for(people["approver"]).get(APPROVE)
    assert (response.status_code, response["Location"]) == (302, LIST)
