"""Single sign-on through OpenID Connect (Microsoft Entra ID, or any provider with a discovery
document), on mozilla-django-oidc (docs/collection.md).

Turned on by SCORECARD_OIDC_DISCOVERY_URL with a client id and secret. The provider's endpoints
come from its discovery document, fetched when first needed (not at start-up, so the site runs
while the provider is unreachable and password sign-in keeps working). People are matched by
email address to the people the administrators added: no one gets in by the provider alone.
Beyond the library's checks (signature by the provider's published keys, state, nonce, PKCE),
the ID token's issuer and audience are checked too.
"""

from __future__ import annotations

import logging
from functools import cache
from typing import Any

import jwt
import requests
from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import SuspiciousOperation
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import timezone
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from scorecard.web.accounts import signin
from scorecard.web.accounts.models import SignInOutcome

LOG = logging.getLogger(__name__)
FAILED = "/sign-in/?single-sign-on=failed"
UNREACHABLE = "/sign-in/?single-sign-on=unreachable"

# The settings the library reads, and where the discovery document gives them.
DISCOVERED = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
}


class DiscoveryError(Exception):
    """The provider's discovery document cannot be read."""


def enabled() -> bool:
    return bool(getattr(settings, "OIDC_DISCOVERY_URL", ""))


@cache
def discovery(url: str) -> dict[str, Any]:
    try:
        response = requests.get(url, timeout=settings.OIDC_TIMEOUT)
        response.raise_for_status()
        found = response.json()
    except (requests.RequestException, ValueError) as exc:
        raise DiscoveryError(f"the discovery document at {url} cannot be read: {exc}") from exc
    missing = [key for key in ("issuer", *DISCOVERED.values()) if not found.get(key)]
    if missing:
        raise DiscoveryError(f"the discovery document at {url} lacks {', '.join(missing)}")
    return dict(found)


def setting(attr: str, *default: Any) -> Any:
    """A setting for the library: an endpoint from the discovery document, else Django's."""
    if attr in DISCOVERED and enabled():
        return discovery(settings.OIDC_DISCOVERY_URL)[DISCOVERED[attr]]
    return import_from_settings(attr, *default)


class SignInWithProvider(OIDCAuthenticationRequestView):
    """Sends the browser to the provider to sign in."""

    get_settings = staticmethod(setting)

    def __init__(self, *args: Any, **kwargs: Any) -> None:  # endpoints are read in get()
        super(OIDCAuthenticationRequestView, self).__init__(*args, **kwargs)

    def get(self, request: HttpRequest) -> HttpResponse:
        if not enabled():
            raise Http404("Single sign-on is not set up.")
        try:
            self.OIDC_OP_AUTH_ENDPOINT = setting("OIDC_OP_AUTHORIZATION_ENDPOINT")
        except DiscoveryError as exc:
            LOG.warning("single sign-on: %s", exc)
            return HttpResponseRedirect(UNREACHABLE)
        self.OIDC_RP_CLIENT_ID = setting("OIDC_RP_CLIENT_ID")
        response: HttpResponse = super().get(request)
        return response


class ProviderCallback(OIDCAuthenticationCallbackView):
    """Where the provider sends the browser back; any failure goes back to the sign-in page
    with a message, never an error page."""

    get_settings = staticmethod(setting)

    def get(self, request: HttpRequest) -> HttpResponse:
        if not enabled():
            raise Http404("Single sign-on is not set up.")
        try:
            response: HttpResponse = super().get(request)
        except (SuspiciousOperation, requests.RequestException, DiscoveryError) as exc:
            LOG.warning("single sign-on failed: %s", exc)
            self._record(SignInOutcome.FAILED, "")
            return HttpResponseRedirect(FAILED)
        return response

    @property
    def failure_url(self) -> str:
        return FAILED

    def login_success(self) -> HttpResponse:
        response: HttpResponse = super().login_success()
        self._record(SignInOutcome.SIGNED_IN, self.user.get_username())
        return response

    def login_failure(self) -> HttpResponse:
        """No one added has the address the provider gave, or the provider said no: who it was
        is not known."""
        self._record(SignInOutcome.FAILED, "")
        response: HttpResponse = super().login_failure()
        return response

    def _record(self, outcome: SignInOutcome, username: str) -> None:
        signin.record(
            self.request,
            outcome,
            username=username,
            method=signin.SINGLE_SIGN_ON,
            now=timezone.now(),
        )


class SingleSignOnBackend(OIDCAuthenticationBackend):
    """Signs in a person the administrators added, matched by email address."""

    get_settings = staticmethod(setting)

    def __init__(self, *args: Any, **kwargs: Any) -> None:  # nothing is fetched until needed
        self.UserModel = User

    def __getattr__(self, name: str) -> Any:
        if name.startswith("OIDC_"):
            defaults = {"OIDC_OP_JWKS_ENDPOINT": None, "OIDC_RP_IDP_SIGN_KEY": None}
            default = (defaults[name],) if name in defaults else ()
            return setting(name, *default)
        raise AttributeError(name)

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> User | None:
        if request is None or "code" not in request.GET or not enabled():
            return None
        user: User | None = super().authenticate(request, **kwargs)
        return user

    def filter_users_by_claims(self, claims: dict[str, Any]) -> QuerySet[User]:
        email = claims.get("email") or claims.get("preferred_username")
        if not email:
            return User.objects.none()
        return User.objects.filter(email__iexact=email, is_active=True)

    def get_userinfo(
        self, access_token: str, id_token: str, payload: dict[str, Any]
    ) -> dict[str, Any]:
        """The person's claims from the provider's userinfo, which must be about the person the
        verified ID token names (OpenID Connect Core 5.3.2), with an email address the provider
        has not said is unverified."""
        claims: dict[str, Any] = super().get_userinfo(access_token, id_token, payload)
        if claims.get("sub") != payload.get("sub"):
            raise SuspiciousOperation("the userinfo is about someone other than the ID token")
        if str(claims.get("email_verified", "")).lower() == "false":
            raise SuspiciousOperation("the provider has not verified the email address")
        return claims

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        return bool(claims.get("email") or claims.get("preferred_username"))

    def _verify_jws(self, payload: bytes | str, key: Any) -> dict[str, Any]:
        header = jwt.get_unverified_header(payload)
        if header.get("alg") != self.OIDC_RP_SIGN_ALGO:
            raise SuspiciousOperation("the ID token is not signed with the expected algorithm")
        try:
            claims: dict[str, Any] = jwt.decode(
                payload,
                key,
                algorithms=[self.OIDC_RP_SIGN_ALGO],
                audience=self.OIDC_RP_CLIENT_ID,
                issuer=discovery(settings.OIDC_DISCOVERY_URL)["issuer"],
            )
        except jwt.PyJWTError as exc:
            raise SuspiciousOperation(f"the ID token is not valid: {exc}") from exc
        return claims
