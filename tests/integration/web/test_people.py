"""Managing people in the browser (administrators of the plan only): everyone with a role, giving
a role to someone who has a user name or to someone new, taking a role away, the role history;
each refusal with its message at its field, storing nothing."""

from __future__ import annotations

import re
from html import unescape
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from scorecard.domain.errors import ScorecardError
from scorecard.domain.signoff import Role
from scorecard.web.accounts import services
from scorecard.web.accounts.models import PersonEvent, PlanRole, RoleChange
from scorecard.web.catalogue.models import Plan as StoredPlan
from tests.integration.web.collection import NOW, PLAN_ID, WS, client_for

pytestmark = pytest.mark.usefixtures("loaded")
PEOPLE = f"{WS}/people/"
REMOVE = f"{WS}/people/remove/"
EXISTING = {"who": "existing", "username": "stranger", "role": "approver", "reason": "New lead"}
NEW = {
    "who": "new",
    "new_username": "olive.owner",
    "name": "Olive  Owner",
    "email": "olive@nhs.example",
    "role": "data_owner",
    "metrics": ["3.1", "3.2"],
    "organisation": "nhs-sussex",
    "reason": "Joined the performance team",
}


@pytest.fixture
def admin(people: dict[str, User]) -> Client:
    return client_for(people["administrator"])


def _text(html: bytes) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html.decode())).split())


def _stored() -> tuple[list[tuple[Any, ...]], ...]:
    """Everything a write could change."""
    return (
        list(User.objects.order_by("id").values_list("id", "username", "email", "password")),
        list(PlanRole.objects.order_by("id").values_list("id", "user_id", "role", "metrics")),
        list(RoleChange.objects.values_list("id", flat=True)),
        list(PersonEvent.objects.values_list("id", flat=True)),
    )


# The page ----------------------------------------------------------------------------------


def test_the_page_lists_everyone_with_a_role_and_the_history(
    people: dict[str, User], admin: Client
) -> None:
    services.grant(
        plan_id=PLAN_ID,
        username="owner_b",
        role=Role.DATA_OWNER,
        metrics=("3.2",),
        organisation="scft",
        by="tester",
        at=NOW,
        reason="Moved to the trust",
    )
    response = admin.get(PEOPLE)
    assert response.status_code == 200
    text = _text(response.content)
    assert "People with a role in this plan" in text
    for name in ("viewer", "owner_a", "owner_b", "approver", "administrator", "owner_approver"):
        assert name in text
    assert "stranger" not in text.split("Give a person a role")[0]  # no role, not listed
    assert "Data owner of 3.1, 4.1" in text
    assert "Sussex Community NHS Foundation Trust" in text  # owner_b's organisation
    assert "Not recorded" in text
    assert "Changed: a data owner of 3.2, now a data owner of 3.2 (Sussex Community" in text
    assert "tester: Moved to the trust" in text
    assert "Given: an approver" in text
    html = response.content.decode()
    assert 'name="csrfmiddlewaretoken"' in html
    assert f'href="{REMOVE}?username=owner_a&amp;role=data_owner"' in html
    assert "scorecard users add" in text and "--password-file" in text
    assert "Single sign-on is not set up on this site" in text


def test_the_page_says_when_each_person_last_signed_in(
    people: dict[str, User], admin: Client
) -> None:
    """So that administrators can spot roles held by people who no longer use the scorecard."""
    html = admin.get(PEOPLE).content.decode()
    rows = {
        row.split("</th>")[0]: _text(row.split("</tr>")[0].encode())
        for row in html.split("<tr")
        if 'scope="row"' in row
    }
    signed_in = User.objects.get(username="administrator").last_login
    assert signed_in is not None  # the administrator's own session
    when = timezone.localtime(signed_in).strftime("%-d %B %Y")
    administrator = next(text for head, text in rows.items() if "administrator<" in head)
    viewer = next(text for head, text in rows.items() if ">viewer<" in head)
    assert administrator.endswith(when), administrator
    assert viewer.endswith("Never"), viewer


def test_people_is_in_the_navigation_of_administrators_only(people: dict[str, User]) -> None:
    link = f'href="{PEOPLE}"'
    admin_page = client_for(people["administrator"]).get(f"{WS}/owners/").content.decode()
    assert link in admin_page
    for name in ("viewer", "owner_a", "approver", "owner_approver"):
        page = client_for(people[name]).get(f"{WS}/owners/").content.decode()
        assert link not in page, name
        assert f'href="{WS}/returns/"' in page and f'href="{WS}/history/"' in page
    here = client_for(people["administrator"]).get(PEOPLE).content.decode()
    assert re.search(rf'href="{PEOPLE}" aria-current="page"', here)


def test_an_unknown_plan_is_not_found(admin: Client) -> None:
    assert admin.get("/plans/no-such-plan/people/").status_code == 404
    assert admin.post("/plans/no-such-plan/people/", EXISTING).status_code == 404


def test_an_administrator_of_one_plan_does_not_manage_another(admin: Client) -> None:
    other = "/plans/west-sussex-2024-27-synthetic/people/"
    assert admin.get(other).status_code == 403
    before = _stored()
    assert admin.post(other, EXISTING).status_code == 403
    assert _stored() == before


def test_the_page_says_when_single_sign_on_is_set_up(admin: Client, settings: Any) -> None:
    settings.OIDC_DISCOVERY_URL = "https://login.example/.well-known/openid-configuration"
    assert "Single sign-on is not set up" not in _text(admin.get(PEOPLE).content)


# Giving a role -----------------------------------------------------------------------------


def test_an_administrator_gives_someone_with_a_user_name_a_role(admin: Client) -> None:
    response = admin.post(PEOPLE, EXISTING)
    assert response.status_code == 302
    held = PlanRole.objects.get(user__username="stranger")
    assert (held.role, held.metrics, held.organisation) == ("approver", [], "")
    change = RoleChange.objects.latest("id")
    assert (change.username, change.role, change.before) == ("stranger", "approver", None)
    assert (change.changed_by, change.reason) == ("administrator", "New lead")
    assert response["Location"] == f"{PEOPLE}?changed={change.pk}"
    page = _text(admin.get(response["Location"]).content)
    assert "stranger is now an approver. The role history records" in page


def test_an_administrator_adds_someone_new_who_signs_in_with_single_sign_on(
    admin: Client,
) -> None:
    response = admin.post(PEOPLE, NEW)
    assert response.status_code == 302
    person = User.objects.get(username="olive.owner")
    assert (person.first_name, person.last_name, person.email) == (
        "Olive",
        "Owner",
        "olive@nhs.example",
    )
    assert not person.has_usable_password()  # the browser never sets a password
    held = PlanRole.objects.get(user=person)
    assert (held.role, held.metrics) == ("data_owner", ["3.1", "3.2"])
    assert held.organisation == "nhs-sussex"
    change = RoleChange.objects.latest("id")
    assert change.after == {
        "role": "data_owner",
        "metrics": ["3.1", "3.2"],
        "organisation": "nhs-sussex",
    }
    page = _text(admin.get(response["Location"]).content)
    assert "olive.owner is now a data owner of 3.1, 3.2 (NHS Sussex)" in page
    assert "Olive Owner" in page
    added = PersonEvent.objects.get(username="olive.owner")
    assert (added.action, added.name, added.email, added.by, added.through) == (
        "added",
        "Olive Owner",
        "olive@nhs.example",
        "administrator",
        "the People page of plan west-sussex-2024-27",
    )
    assert added.at == change.changed_at


def test_giving_the_data_owner_role_again_changes_the_metrics(admin: Client) -> None:
    form = {**EXISTING, "username": "owner_a", "role": "data_owner", "metrics": ["3.1", "3.4"]}
    assert admin.post(PEOPLE, form).status_code == 302
    assert PlanRole.objects.get(user__username="owner_a").metrics == ["3.1", "3.4"]
    change = RoleChange.objects.latest("id")
    assert change.before["metrics"] == ["3.1", "4.1"]  # type: ignore[index]
    assert "Changed: a data owner of 3.1, 4.1, now a data owner of 3.1, 3.4" in _text(
        admin.get(PEOPLE).content
    )


def test_boxes_left_ticked_for_another_role_are_ignored(admin: Client) -> None:
    assert admin.post(PEOPLE, {**EXISTING, "metrics": ["3.1"]}).status_code == 302
    assert PlanRole.objects.get(user__username="stranger").metrics == []


@pytest.mark.parametrize(
    ("form", "field", "message"),
    [
        ({**EXISTING, "who": ""}, "who", "Choose whether the person already has a user name"),
        ({**EXISTING, "username": " "}, "username", "Enter the person's user name"),
        ({**EXISTING, "username": "nobody"}, "username", 'no one with the user name "nobody"'),
        ({**NEW, "new_username": ""}, "new_username", "Enter a user name for the new person"),
        ({**NEW, "new_username": "olive owner"}, "new_username", "A user name has at most 150"),
        ({**NEW, "new_username": "x" * 151}, "new_username", "A user name has at most 150"),
        ({**NEW, "new_username": "viewer"}, "new_username", 'someone with the user name "viewer"'),
        ({**NEW, "name": ""}, "name", "Enter the person's full name"),
        ({**NEW, "name": "N" * 151}, "name", "Enter the full name in 150 characters or fewer"),
        ({**NEW, "name": "Olive\x01Owner"}, "name", "without control characters"),
        ({**NEW, "email": "e" * 300 + "@example.org"}, "email", "254 characters or fewer"),
        ({**NEW, "email": "e" * 243 + "@example.org"}, "email", "254 characters or fewer"),
        ({**NEW, "email": ""}, "email", "Enter the person's work email address"),
        ({**NEW, "email": "olive at nhs"}, "email", "Enter an email address in the right form"),
        ({**NEW, "email": "VIEWER@example.org"}, "email", "viewer already has the email address"),
        ({**EXISTING, "role": ""}, "role", "Choose the role to give"),
        ({**EXISTING, "role": "superuser"}, "role", "Choose the role to give"),
        ({**EXISTING, "role": "data_owner"}, "metrics", "Choose at least one metric"),
        ({**NEW, "metrics": []}, "metrics", "Choose at least one metric"),
        ({**NEW, "metrics": ["3.1", "9.9"]}, "metrics", "The plan has no metric 9.9"),
        (
            {**EXISTING, "username": "viewer", "role": "viewer"},
            "role",
            "viewer is already a viewer",
        ),
        (
            {**EXISTING, "username": "administrator", "role": "administrator"},
            "role",
            "already an administrator",
        ),
        (
            {**EXISTING, "username": "owner_a", "role": "data_owner", "metrics": ["4.1", "3.1"]},
            "metrics",
            "owner_a is already the data owner of 3.1, 4.1",
        ),
        ({**EXISTING, "organisation": "acme"}, "organisation", "Choose one of the plan's partners"),
        ({**EXISTING, "reason": "  "}, "reason", "Say why they get this role"),
        ({**NEW, "reason": ""}, "reason", "Say why they get this role"),
        ({**EXISTING, "reason": "x" * 501}, "reason", "500 characters or fewer"),
    ],
)
def test_each_problem_is_told_at_its_field_and_nothing_is_stored(
    admin: Client, form: dict[str, Any], field: str, message: str
) -> None:
    before = _stored()
    response = admin.post(PEOPLE, form)
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html and "<title>Error: People" in html
    assert f'href="#{field}"' in html and f'id="{field}-error"' in html
    assert re.search(rf'id="{field}"', html), "the summary links to a field on the page"
    assert message in _text(response.content)
    assert _stored() == before


def test_every_problem_is_listed_at_once_and_what_was_entered_is_kept(admin: Client) -> None:
    form = {**NEW, "name": "", "email": "nope", "metrics": [], "reason": ""}
    response = admin.post(PEOPLE, form)
    assert response.status_code == 400
    html = response.content.decode()
    for field in ("name", "email", "metrics", "reason"):
        assert f'href="#{field}"' in html
    assert 'value="olive.owner"' in html and 'value="nope"' in html
    assert 'value="new" checked' in html and 'value="data_owner" checked' in html


def test_a_new_person_is_not_kept_when_the_role_cannot_be_given(
    admin: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(**kwargs: object) -> None:
        raise ScorecardError("plan west-sussex-2024-27 has no metric 3.1")

    monkeypatch.setattr(services, "grant", refuse)
    before = _stored()
    response = admin.post(PEOPLE, NEW)
    assert response.status_code == 400
    assert "Plan west-sussex-2024-27 has no metric 3.1" in _text(response.content)
    assert _stored() == before


@pytest.mark.parametrize(
    "form",
    [
        {},
        {"who": "new"},
        {"who": "existing", "username": "\x00"},
        {"who": ["existing", "new"], "role": ["viewer", "approver"], "metrics": ["", " "]},
        {**NEW, "new_username": "ölive", "name": "Ö " * 200, "email": "a@b"},
    ],
)
def test_odd_forms_are_refused_never_an_error_page(admin: Client, form: dict[str, Any]) -> None:
    before = _stored()
    assert admin.post(PEOPLE, form).status_code == 400
    assert _stored() == before


def test_the_success_message_names_only_this_plans_changes(admin: Client) -> None:
    other = RoleChange.objects.create(
        plan=StoredPlan.objects.get(plan_id="west-sussex-2024-27-synthetic"),
        username="viewer",
        role="viewer",
        after={"role": "viewer", "metrics": [], "organisation": ""},
        changed_by="tester",
        changed_at=NOW,
        reason="another plan",
    )
    for query in (
        "?changed=abc",
        "?changed=99999",
        "?changed=-1",
        "?changed=²",
        "?changed=" + "9" * 40,
        f"?changed={other.pk}",
    ):
        response = admin.get(PEOPLE + query)
        assert response.status_code == 200
        assert "Success" not in _text(response.content)


def test_the_forms_need_their_csrf_token(people: dict[str, User]) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(people["administrator"])
    before = _stored()
    assert client.post(PEOPLE, EXISTING).status_code == 403
    removal = {"username": "viewer", "role": "viewer", "reason": "left"}
    assert client.post(REMOVE, removal).status_code == 403
    assert _stored() == before


# Taking a role away --------------------------------------------------------------------------


def test_an_administrator_takes_a_role_away_with_a_reason(admin: Client) -> None:
    page = admin.get(f"{REMOVE}?username=owner_a&role=data_owner")
    assert page.status_code == 200
    text = _text(page.content)
    assert "Take away a role" in text and "Data owner of 3.1, 4.1" in text
    assert 'name="csrfmiddlewaretoken"' in page.content.decode()
    form = {"username": "owner_a", "role": "data_owner", "reason": "Moved to another team"}
    response = admin.post(REMOVE, form)
    assert response.status_code == 302
    assert not PlanRole.objects.filter(user__username="owner_a").exists()
    change = RoleChange.objects.latest("id")
    assert (change.username, change.after, change.changed_by, change.reason) == (
        "owner_a",
        None,
        "administrator",
        "Moved to another team",
    )
    assert change.before == {"role": "data_owner", "metrics": ["3.1", "4.1"], "organisation": ""}
    listing = _text(admin.get(response["Location"]).content)
    assert "owner_a no longer has the role a data owner of 3.1, 4.1" in listing
    assert "Taken away: a data owner of 3.1, 4.1 administrator: Moved to another team" in listing


def test_taking_a_role_away_needs_a_reason(admin: Client) -> None:
    before = _stored()
    response = admin.post(REMOVE, {"username": "viewer", "role": "viewer", "reason": " "})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'href="#reason"' in html and 'id="reason-error"' in html
    assert "Say why the role is taken away" in _text(response.content)
    assert _stored() == before


@pytest.mark.parametrize(
    "query",
    [
        "",
        "?username=nobody&role=viewer",
        "?username=viewer&role=approver",
        "?username=viewer&role=superuser",
    ],
)
def test_a_role_not_held_is_not_found(admin: Client, query: str) -> None:
    before = _stored()
    assert admin.get(REMOVE + query).status_code == 404
    fields = dict(part.split("=") for part in query.lstrip("?").split("&") if part)
    assert admin.post(REMOVE, {**fields, "reason": "gone"}).status_code == 404
    assert _stored() == before


def test_the_last_administrator_keeps_their_role(admin: Client) -> None:
    page = admin.get(f"{REMOVE}?username=administrator&role=administrator")
    assert page.status_code == 200
    assert "the plan’s only administrator" in _text(page.content)
    assert "Take the role away" not in _text(page.content)
    before = _stored()
    form = {"username": "administrator", "role": "administrator", "reason": "Leaving"}
    response = admin.post(REMOVE, form)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'href="#role"' in html and 'id="role-error"' in html
    assert "administrator is the last administrator of plan west-sussex-2024-27" in _text(
        response.content
    )
    assert _stored() == before


def test_the_service_never_leaves_a_plan_without_an_administrator(
    people: dict[str, User],
) -> None:
    before = _stored()
    with pytest.raises(services.LastAdministratorError, match="give someone else"):
        services.revoke(
            plan_id=PLAN_ID,
            username="administrator",
            role=Role.ADMINISTRATOR,
            by="tester",
            at=NOW,
            reason="leaving",
        )
    assert _stored() == before


def test_an_administrator_may_give_up_the_role_when_another_keeps_it(
    admin: Client, people: dict[str, User]
) -> None:
    assert admin.post(PEOPLE, {**EXISTING, "role": "administrator"}).status_code == 302
    form = {"username": "administrator", "role": "administrator", "reason": "Handed over"}
    response = admin.post(REMOVE, form)
    assert response.status_code == 302
    assert response["Location"] == f"{WS}/"
    assert admin.get(PEOPLE).status_code == 403
    successor = client_for(people["stranger"])
    assert successor.get(PEOPLE).status_code == 200
    last = {"username": "stranger", "role": "administrator", "reason": "Leaving"}
    assert successor.post(REMOVE, last).status_code == 400


def test_the_role_history_shows_every_change(people: dict[str, User], admin: Client) -> None:
    """The page showed the newest 500 role changes and left the older ones out without a word."""
    plan = StoredPlan.objects.get(plan_id=PLAN_ID)
    RoleChange.objects.bulk_create(
        RoleChange(
            plan=plan,
            username=f"person{n:03}",
            role="viewer",
            before=None,
            after={"role": "viewer", "metrics": [], "organisation": ""},
            changed_by="tester",
            changed_at=NOW,
            reason=f"joined {n}",
        )
        for n in range(1, 501)
    )
    text = _text(admin.get(PEOPLE).content)
    history = text[text.index("Role history") :]
    assert "person500 Given: a viewer tester: joined 500" in history
    assert "person001 Given: a viewer tester: joined 1" in history
    # and the grants made before them, the oldest last
    assert (
        history.rstrip().split(" Support links")[0].endswith("viewer Given: a viewer tester: test")
    )
