"""The sign-in history (accounts.models.SignInEvent): every sign-in, failed sign-in, sign-in
refused while locked out, and sign-out, with whose account, how, from where and when, kept for
good (the failures the throttle counts are forgotten after its window, or at a success). What
was typed as a user name that names no one is not kept: it may be a password typed in the
wrong box. Single sign-on is in test_single_sign_on.py."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client

from scorecard.web.accounts.models import FailedSignIn, SignInEvent
from tests.integration.web.collection import PASSWORD

pytestmark = pytest.mark.usefixtures("loaded")


def _sign_in(client: Client, username: str, password: str, address: str = "192.0.2.1") -> int:
    response = client.post(
        "/sign-in/", {"username": username, "password": password}, REMOTE_ADDR=address
    )
    return int(response.status_code)


def _history() -> list[tuple[str, str, str, str]]:
    return list(SignInEvent.objects.values_list("username", "outcome", "method", "address"))


def test_a_failure_a_sign_in_and_a_sign_out_are_kept(people: dict[str, User]) -> None:
    client = Client()
    assert _sign_in(client, "owner_a", "wrong password") == 400
    assert _sign_in(client, "owner_a", PASSWORD) == 302
    assert not FailedSignIn.objects.exists()  # the throttle forgets the failure at a success
    assert client.post("/sign-out/", REMOTE_ADDR="192.0.2.1").status_code == 200
    assert client.post("/sign-out/").status_code == 200  # signed out already: nothing to keep
    assert _history() == [
        ("owner_a", "failed", "password", "192.0.2.1"),
        ("owner_a", "signed_in", "password", "192.0.2.1"),
        ("owner_a", "signed_out", "", "192.0.2.1"),
    ]
    times = list(SignInEvent.objects.values_list("at", flat=True))
    assert all(t.utcoffset() is not None for t in times)


def test_a_user_name_no_one_has_is_not_kept(people: dict[str, User]) -> None:
    typed = "my secret passphrase"  # a password typed in the user name box
    assert _sign_in(Client(), typed, PASSWORD) == 400
    assert _history() == [("", "failed", "password", "192.0.2.1")]
    assert not SignInEvent.objects.filter(username__icontains="secret").exists()


def test_a_deactivated_persons_attempt_is_kept_as_failed(people: dict[str, User]) -> None:
    User.objects.filter(username="viewer").update(is_active=False)
    assert _sign_in(Client(), "viewer", PASSWORD) == 400
    assert _history() == [("viewer", "failed", "password", "192.0.2.1")]


def test_a_refusal_while_locked_out_is_kept_once_a_window(people: dict[str, User]) -> None:
    client = Client()
    for _ in range(settings.SIGN_IN_FAILURES_PER_NAME):
        assert _sign_in(client, "owner_a", "wrong password") == 400
    for _ in range(3):
        assert _sign_in(client, "owner_a", PASSWORD) == 429
    assert _sign_in(client, "owner_a", PASSWORD, address="192.0.2.9") == 429
    outcomes = [(name, outcome, address) for name, outcome, _, address in _history()]
    assert outcomes == [
        *[("owner_a", "failed", "192.0.2.1")] * settings.SIGN_IN_FAILURES_PER_NAME,
        ("owner_a", "locked_out", "192.0.2.1"),
        ("owner_a", "locked_out", "192.0.2.9"),  # another address: kept too
    ]


def test_failures_from_one_address_stop_being_kept_once_they_lock_it_out(db: None) -> None:
    """Someone trying names no one has from one address is locked out after as many failures
    as the history keeps from it in a window."""
    limit = settings.SIGN_IN_FAILURES_PER_ADDRESS
    client = Client()
    for number in range(limit):
        assert _sign_in(client, f"nobody{number}", "wrong password") == 400
    assert _sign_in(client, "nobody", "wrong password") == 429
    assert [outcome for _, outcome, _, _ in _history()] == ["failed"] * limit + ["locked_out"]
