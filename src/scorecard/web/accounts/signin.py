"""Slowing down guessing: after too many failed sign-ins for a user name, or from one address,
within a window, sign-in is refused until the window has passed (docs/collection.md)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.http import HttpRequest

from scorecard.web.accounts.models import FailedSignIn


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
