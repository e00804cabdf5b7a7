"""Signing in and out: wrong passwords, throttling, where it goes next, sessions that end."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from scorecard.web.accounts.models import FailedSignIn
from tests.integration.web.collection import PASSWORD, WS

pytestmark = pytest.mark.usefixtures("loaded")


def _sign_in(client: Client, username: str, password: str, next_url: str = "") -> object:
    return client.post("/sign-in/", {"username": username, "password": password, "next": next_url})


def test_signing_in_goes_where_the_person_was_going(people: dict[str, User]) -> None:
    client = Client()
    response = _sign_in(client, "owner_a", PASSWORD, f"{WS}/returns/")
    assert (response.status_code, response["Location"]) == (302, f"{WS}/returns/")
    assert client.get(f"{WS}/returns/").status_code == 200


def test_a_link_elsewhere_is_not_followed(people: dict[str, User]) -> None:
    response = _sign_in(Client(), "owner_a", PASSWORD, "https://example.com/")
    assert response["Location"] == "/"


@pytest.mark.parametrize(
    ("username", "password", "message"),
    [
        ("owner_a", "wrong password", "The user name or password is not right"),
        ("nobody", PASSWORD, "The user name or password is not right"),
        ("", PASSWORD, "Enter your user name"),
        ("owner_a", "", "Enter your password"),
    ],
)
def test_a_failed_sign_in_says_why_in_the_page(
    people: dict[str, User], username: str, password: str, message: str
) -> None:
    response = _sign_in(Client(), username, password)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "There is a problem" in response.content.decode()
    assert "_auth_user_id" not in Client().session


def test_too_many_failures_lock_the_name_for_a_while(people: dict[str, User]) -> None:
    client = Client()
    for _ in range(settings.SIGN_IN_FAILURES_PER_NAME):
        assert _sign_in(client, "owner_a", "wrong password").status_code == 400
    response = _sign_in(client, "owner_a", PASSWORD)
    assert response.status_code == 429
    assert "too many failed attempts" in response.content.decode()
    # another person is not locked out by someone guessing at owner_a
    assert _sign_in(Client(), "owner_b", PASSWORD).status_code == 302


def test_a_success_clears_the_failures(people: dict[str, User]) -> None:
    client = Client()
    _sign_in(client, "owner_a", "wrong password")
    assert _sign_in(client, "owner_a", PASSWORD).status_code == 302
    assert not FailedSignIn.objects.filter(username="owner_a").exists()


def test_signing_out_is_a_form_not_a_link(people: dict[str, User]) -> None:
    client = Client()
    _sign_in(client, "owner_a", PASSWORD)
    assert client.get("/sign-out/").status_code == 405
    response = client.post("/sign-out/")
    assert response.status_code == 200
    assert "You have signed out" in response.content.decode()
    assert client.get(f"{WS}/returns/").status_code == 302


def test_forms_need_the_csrf_token(people: dict[str, User]) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post("/sign-in/", {"username": "owner_a", "password": PASSWORD})
    assert response.status_code == 403
    assert "The form had expired" in response.content.decode()
    assert 'class="govuk-template"' in response.content.decode()


def test_an_idle_session_ends(people: dict[str, User]) -> None:
    client = Client()
    _sign_in(client, "owner_a", PASSWORD)
    assert client.get(f"{WS}/returns/").status_code == 200
    Session.objects.update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    assert client.get(f"{WS}/returns/").status_code == 302


def test_sessions_end_after_two_idle_hours_or_with_the_browser() -> None:
    assert settings.SESSION_COOKIE_AGE == 2 * 60 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


def test_stay_signed_in_keeps_the_session_going(people: dict[str, User]) -> None:
    """What the session timeout warning's "Stay signed in" asks for: the session's end moves on
    by two hours; once it has ended, the answer says so, and nothing else is read or sent."""
    client = Client()
    _sign_in(client, "owner_a", PASSWORD)
    soon = timezone.now() + dt.timedelta(minutes=1)
    Session.objects.update(expire_date=soon)
    response = client.get("/stay-signed-in/")
    assert response.status_code == 204 and response["Cache-Control"] == "no-store"
    assert Session.objects.get().expire_date > soon + dt.timedelta(hours=1, minutes=58)
    assert client.get(f"{WS}/returns/").status_code == 200

    Session.objects.update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    ended = client.get("/stay-signed-in/")
    assert (ended.status_code, ended["Cache-Control"], ended.content) == (403, "no-store", b"")
    assert client.get(f"{WS}/returns/").status_code == 302
    assert Client().get("/stay-signed-in/").status_code == 403
    assert client.post("/stay-signed-in/").status_code == 405


def test_session_time_left_says_how_long_without_keeping_the_session(
    people: dict[str, User],
) -> None:
    """What the session timeout warning asks before it warns or says the session has ended: the
    seconds the stored session has left (a request that loads no page counts), without moving
    its end on or setting the cookie; 403 once it has ended or for someone not signed in."""
    client = Client()
    _sign_in(client, "owner_a", PASSWORD)
    soon = timezone.now() + dt.timedelta(seconds=90)
    Session.objects.update(expire_date=soon)
    response = client.get("/session-time-left/")
    assert (response.status_code, response["Cache-Control"]) == (200, "no-store")
    assert response["Content-Type"] == "application/json"
    assert 85 <= response.json()["seconds_left"] <= 90
    assert settings.SESSION_COOKIE_NAME not in response.cookies
    assert Session.objects.get().expire_date == soon  # not kept going
    assert client.get("/session-time-left/").json()["seconds_left"] <= 90

    assert client.get(f"{WS}/returns/template.csv").status_code == 200  # a download, say
    longer = client.get("/session-time-left/").json()["seconds_left"]
    assert 2 * 60 * 60 - 5 <= longer <= 2 * 60 * 60

    Session.objects.update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    ended = client.get("/session-time-left/")
    assert (ended.status_code, ended["Cache-Control"], ended.content) == (403, "no-store", b"")
    assert Client().get("/session-time-left/").status_code == 403
    assert client.post("/session-time-left/").status_code == 405


def test_a_signed_in_page_carries_the_timeout_warning(people: dict[str, User]) -> None:
    """Closed until static/dashboard/timeout.js opens it, with the session's length in words;
    public pages have none."""
    client = Client()
    assert 'id="session-timeout"' not in client.get("/sign-in/").content.decode()
    _sign_in(client, "owner_a", PASSWORD)
    page = client.get(f"{WS}/returns/").content.decode()
    assert '<dialog class="app-timeout" id="session-timeout" role="alertdialog"' in page
    assert (
        'data-session-seconds="7200" data-keep-url="/stay-signed-in/" '
        'data-check-url="/session-time-left/"'
    ) in page
    assert "You are signed out after 2 hours without opening a page" in page


def _from(client: Client, username: str, password: str, address: str) -> int:
    """A sign-in as it reaches gunicorn through the proxy: from the proxy's own address, with
    the client's appended to X-Forwarded-For."""
    response = client.post(
        "/sign-in/",
        {"username": username, "password": password},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR=f"203.0.113.99, {address}",
    )
    return int(response.status_code)  # type: ignore[attr-defined]


def test_behind_the_proxy_failures_elsewhere_lock_no_one_else_out(
    people: dict[str, User], settings: object
) -> None:
    settings.SIGN_IN_BEHIND_PROXY = True  # type: ignore[attr-defined]
    for n in range(settings.SIGN_IN_FAILURES_PER_ADDRESS):  # type: ignore[attr-defined]
        assert _from(Client(), f"guess{n}", "wrong password", "198.51.100.7") == 400
    assert _from(Client(), "owner_a", PASSWORD, "192.0.2.10") == 302
    assert _from(Client(), "owner_b", PASSWORD, "198.51.100.7") == 429


def test_without_a_proxy_a_forwarded_address_is_not_believed(
    people: dict[str, User], settings: object
) -> None:
    settings.SIGN_IN_BEHIND_PROXY = False  # type: ignore[attr-defined]
    for n in range(settings.SIGN_IN_FAILURES_PER_ADDRESS):  # type: ignore[attr-defined]
        assert _from(Client(), f"guess{n}", "wrong password", f"198.51.100.{n}") == 400
    assert _from(Client(), "owner_a", PASSWORD, "192.0.2.10") == 429
