"""Deactivating someone who has left (accounts.services.set_active, `scorecard users
deactivate`): they cannot sign in, their session ends, their roles and history stay, the People
page marks them, and a plan always keeps an administrator who can sign in."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from scorecard.domain.errors import ScorecardError
from scorecard.domain.signoff import Role
from scorecard.web.accounts import services
from scorecard.web.accounts.models import PersonEvent, PlanRole
from tests.integration.web.collection import NOW, PASSWORD, WS, client_for

pytestmark = pytest.mark.usefixtures("loaded")


def _set(username: str, active: bool, reason: str = "Left the trust") -> User:
    return services.set_active(
        username=username, active=active, by="ada", at=NOW, through="the tests", reason=reason
    )


def test_a_deactivated_person_cannot_sign_in_and_their_session_ends(
    people: dict[str, User],
) -> None:
    session = client_for(people["owner_a"])
    assert session.get(f"{WS}/returns/").status_code == 200
    roles = list(PlanRole.objects.filter(user=people["owner_a"]).values_list("role", "metrics"))
    _set("owner_a", active=False)
    assert session.get(f"{WS}/returns/").status_code == 302  # to sign in: the session ended
    refused = Client().post("/sign-in/", {"username": "owner_a", "password": PASSWORD})
    assert refused.status_code == 400 and "_auth_user_id" not in Client().session
    same = PlanRole.objects.filter(user=people["owner_a"]).values_list("role", "metrics")
    assert list(same) == roles  # the roles stay, for a reactivation
    _set("owner_a", active=True, reason="Came back")
    again = Client().post("/sign-in/", {"username": "owner_a", "password": PASSWORD})
    assert again.status_code == 302
    events = PersonEvent.objects.filter(username="owner_a").values_list("action", "reason")
    assert list(events) == [
        ("added", ""),
        ("deactivated", "Left the trust"),
        ("reactivated", "Came back"),
    ]


def test_the_people_page_marks_a_deactivated_person(people: dict[str, User]) -> None:
    _set("viewer", active=False, reason="Moved away")
    _set("viewer", active=True, reason="Came back")
    _set("viewer", active=False)
    html = client_for(people["administrator"]).get(f"{WS}/people/").content.decode()
    row = next(r for r in html.split("<tr") if ">viewer<" in r.split("</th>")[0])
    assert "Deactivated" in row.split("</tr>")[0]
    # when, by whom and why, from the history of people: the latest deactivation
    assert "deactivated 20 Nov 2024 09:00 GMT by ada, Left the trust" in row.split("</tr>")[0]
    other = next(r for r in html.split("<tr") if ">approver<" in r.split("</th>")[0])
    assert "Deactivated" not in other.split("</tr>")[0]


def test_the_last_administrator_who_can_sign_in_stays(people: dict[str, User]) -> None:
    before = list(PersonEvent.objects.values_list("id", flat=True))
    with pytest.raises(ScorecardError, match="last administrator who can sign in of plan"):
        _set("administrator", active=False)
    assert User.objects.get(username="administrator").is_active
    assert list(PersonEvent.objects.values_list("id", flat=True)) == before
    services.grant(
        plan_id="west-sussex-2024-27",
        username="approver",
        role=Role.ADMINISTRATOR,
        by="ada",
        at=NOW,
        reason="Second administrator",
    )
    _set("approver", active=False)  # an administrator who cannot sign in does not count
    with pytest.raises(services.LastAdministratorError):
        services.revoke(
            plan_id="west-sussex-2024-27",
            username="administrator",
            role=Role.ADMINISTRATOR,
            by="ada",
            at=NOW,
            reason="Moving on",
        )
    with pytest.raises(ScorecardError, match="last administrator who can sign in"):
        _set("administrator", active=False)
    _set("approver", active=True, reason="Back")
    _set("administrator", active=False)  # now someone else can manage the plan


@pytest.mark.parametrize(
    ("username", "active", "message"),
    [
        ("nobody", False, 'there is no person with the user name "nobody"'),
        ("viewer", True, "viewer is active: they can sign in; nothing changed"),
    ],
)
def test_refusals_change_nothing(
    people: dict[str, User], username: str, active: bool, message: str
) -> None:
    before = list(PersonEvent.objects.values_list("id", flat=True))
    with pytest.raises(ScorecardError, match=message):
        _set(username, active=active)
    assert list(PersonEvent.objects.values_list("id", flat=True)) == before
