"""Single sign-on through OpenID Connect against a local test provider (oidc_provider.py): the
whole code flow with state, nonce and PKCE, and every way it can fail, each ending on the
sign-in page with a message and nobody signed in."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import parse_qs, urlparse

import pytest
from django.contrib.auth.models import User
from django.test import Client

from scorecard.web.accounts import oidc
from scorecard.web.accounts.models import SignInEvent
from tests.integration.web.collection import PASSWORD, WS, make_people
from tests.integration.web.oidc_provider import (
    CLIENT_ID,
    CLIENT_SECRET,
    Grant,
    Provider,
    running_provider,
)

pytestmark = pytest.mark.usefixtures("loaded")
RETURNS = f"{WS}/returns/"


@pytest.fixture
def provider(settings: object, db: None) -> Iterator[Provider]:
    make_people()
    with running_provider() as found:
        settings.OIDC_DISCOVERY_URL = found.discovery_url  # type: ignore[attr-defined]
        settings.OIDC_RP_CLIENT_ID = CLIENT_ID  # type: ignore[attr-defined]
        settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET  # type: ignore[attr-defined]
        settings.OIDC_PROVIDER_NAME = "Microsoft"  # type: ignore[attr-defined]
        oidc.discovery.cache_clear()
        yield found
    oidc.discovery.cache_clear()


def _start(client: Client) -> dict[str, str]:
    """Ask to sign in with the provider; the parameters of the redirect to it."""
    response = client.get(f"/oidc/authenticate/?next={RETURNS}")
    assert response.status_code == 302
    location = urlparse(response["Location"])
    assert location.path == "/authorize"
    return {k: v[0] for k, v in parse_qs(location.query).items()}


def _signed_in(client: Client) -> bool:
    return client.get(RETURNS).status_code == 200


def test_a_person_signs_in_with_their_organisation_account(provider: Provider) -> None:
    client = Client()
    assert "Sign in with Microsoft" in client.get("/sign-in/").content.decode()
    asked = _start(client)
    assert asked["client_id"] == CLIENT_ID
    assert asked["redirect_uri"] == "http://testserver/oidc/callback/"
    assert asked["code_challenge_method"] == "S256"
    provider.grant("code-1", Grant("Owner_A@Example.org", asked["nonce"], asked["code_challenge"]))
    response = client.get(f"/oidc/callback/?code=code-1&state={asked['state']}")
    assert (response.status_code, response["Location"]) == (302, RETURNS)
    assert _signed_in(client)
    assert int(client.session["_auth_user_id"]) == User.objects.get(username="owner_a").pk
    (entry,) = SignInEvent.objects.values_list("username", "outcome", "method", "address")
    assert entry == ("owner_a", "signed_in", "single sign-on", "127.0.0.1")


@pytest.mark.parametrize(
    "spoil",
    [
        "unknown email",
        "other audience",
        "other issuer",
        "wrong nonce",
        "wrong verifier",
        "bad state",
        "userinfo for someone else",
        "unverified email",
    ],
)
def test_every_failure_ends_on_the_sign_in_page(provider: Provider, spoil: str) -> None:
    client = Client()
    asked = _start(client)
    grant = Grant("owner_a@example.org", asked["nonce"], asked["code_challenge"])
    match spoil:
        case "unknown email":
            grant.email = "someone@example.org"
        case "other audience":
            grant.audience = "another-client"
        case "other issuer":
            grant.issuer = "https://login.example.com/other-tenant/"
        case "wrong nonce":
            grant.nonce = "not-the-nonce"
        case "wrong verifier":
            grant.challenge = "not-the-challenge"
        case "userinfo for someone else":  # OpenID Connect Core 5.3.2: its sub must match
            grant.userinfo = {"sub": "administrator@example.org"}
        case "unverified email":
            grant.userinfo = {"email_verified": False}
    provider.grant("code-2", grant)
    state = "a-state-never-issued" if spoil == "bad state" else asked["state"]
    response = client.get(f"/oidc/callback/?code=code-2&state={state}")
    assert (response.status_code, response["Location"]) == (302, oidc.FAILED)
    page = client.get(response["Location"]).content.decode()
    assert "Signing in with your organisation&#x27;s account did not work" in page
    assert not _signed_in(client)
    # in the sign-in history, without whose account it was (the provider's word is not taken)
    (entry,) = SignInEvent.objects.values_list("username", "outcome", "method")
    assert entry == ("", "failed", "single sign-on")


def test_failed_callbacks_from_one_address_are_kept_as_often_as_they_would_lock_it_out(
    provider: Provider, settings: object
) -> None:
    """Someone opening the callback over and over does not fill the sign-in history."""
    limit = settings.SIGN_IN_FAILURES_PER_ADDRESS  # type: ignore[attr-defined]
    client = Client()
    for _ in range(limit + 5):
        response = client.get("/oidc/callback/?code=made-up&state=made-up")
        assert (response.status_code, response["Location"]) == (302, oidc.FAILED)
    assert SignInEvent.objects.filter(outcome="failed").count() == limit


def test_an_unreachable_provider_leaves_password_sign_in_working(
    settings: object, db: None
) -> None:
    make_people()
    settings.OIDC_DISCOVERY_URL = "http://127.0.0.1:9/.well-known/openid-configuration"  # type: ignore[attr-defined]
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID  # type: ignore[attr-defined]
    oidc.discovery.cache_clear()
    client = Client()
    response = client.get("/oidc/authenticate/")
    assert (response.status_code, response["Location"]) == (302, oidc.UNREACHABLE)
    assert "cannot be reached just now" in client.get(oidc.UNREACHABLE).content.decode()
    response = client.post(
        "/sign-in/", {"username": "owner_a", "password": PASSWORD, "next": RETURNS}
    )
    assert response.status_code == 302
    assert _signed_in(client)
    oidc.discovery.cache_clear()


def test_without_a_provider_there_is_no_single_sign_on(db: None) -> None:
    client = Client()
    assert client.get("/oidc/authenticate/").status_code == 404
    assert client.get("/oidc/callback/?code=x&state=y").status_code == 404
    assert "Sign in with" not in client.get("/sign-in/").content.decode()
