"""Slowing down guessing: after too many failed sign-ins for a user name, or from one address,
within a window, sign-in is refused until the window has passed (docs/collection.md). And the
sign-in history: every sign-in, failure, refusal and sign-out, kept for good (the failures
counted for the throttle are kept only for the window)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth.models import User
from django.http import HttpRequest

from scorecard.web.accounts.models import FailedSignIn, SignInEvent, SignInOutcome

PASSWORD = "password"
SINGLE_SIGN_ON = "single sign-on"


def client_address(request: HttpRequest) -> str:
    """The address the sign-in came from. Behind the TLS proxy (SIGN_IN_BEHIND_PROXY) every
    request reaches gunicorn from the proxy's own address, so that one address would lock
    everyone out after twenty failures: the client's is the last one the proxy added to
    X-Forwarded-For. Without a proxy the header is anyone's to write, and is ignored."""
    remote = str(request.META.get("REMOTE_ADDR", ""))
    if not settings.SIGN_IN_BEHIND_PROXY:
        return remote
    forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",")[-1].strip()
    return forwarded or remote


def window() -> dt.timedelta:
    return dt.timedelta(minutes=settings.SIGN_IN_WINDOW_MINUTES)


def locked_out(*, username: str, address: str, now: dt.datetime) -> bool:
    since = now - window()
    recent = FailedSignIn.objects.filter(at__gte=since)
    return (
        recent.filter(username=username.lower()).count() >= settings.SIGN_IN_FAILURES_PER_NAME
        or recent.filter(address=address).count() >= settings.SIGN_IN_FAILURES_PER_ADDRESS
    )


def record_failure(*, username: str, address: str, now: dt.datetime) -> None:
    FailedSignIn.objects.filter(at__lt=now - window()).delete()
    FailedSignIn.objects.create(username=username.lower()[:150], address=address[:64], at=now)


def clear_failures(*, username: str) -> None:
    FailedSignIn.objects.filter(username=username.lower()).delete()


def account(typed: str) -> str:
    """The user name of the account `typed` names, or "" when it names no one: what was typed
    is not kept then, as it may be a password typed in the user name box."""
    found = User.objects.filter(username=typed).values_list("username", flat=True).first()
    return found or ""


def record(
    request: HttpRequest,
    outcome: SignInOutcome,
    *,
    username: str,
    method: str,
    now: dt.datetime,
) -> None:
    """One entry of the sign-in history. Someone hammering the sign-in page or the single
    sign-on callback does not fill the store: a refusal while locked out is kept once per
    account and address in each window, and failures as many times from one address as lock
    it out (SIGN_IN_FAILURES_PER_ADDRESS)."""
    address = client_address(request)[:64]
    recent = SignInEvent.objects.filter(outcome=outcome, address=address, at__gte=now - window())
    if outcome is SignInOutcome.LOCKED_OUT and recent.filter(username=username).exists():
        return
    limit = settings.SIGN_IN_FAILURES_PER_ADDRESS
    if outcome is SignInOutcome.FAILED and recent.count() >= limit:
        return
    SignInEvent.objects.create(
        username=username, outcome=outcome, method=method, address=address, at=now
    )
