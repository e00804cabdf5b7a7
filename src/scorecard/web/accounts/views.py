"""Signing in and out. Failed sign-ins are throttled (signin.py); the form's errors are shown in
the page; sign-out is a form (POST), so a link cannot sign anyone out."""

from __future__ import annotations

import datetime as dt
import math

from django.conf import settings
from django.contrib.auth import authenticate, login, logout
from django.contrib.sessions.models import Session
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from scorecard.web.accounts import oidc, signin
from scorecard.web.accounts.models import SignInOutcome
from scorecard.web.middleware import leaves_the_session_as_it_is

SINGLE_SIGN_ON_PROBLEMS = {
    "failed": (
        "Signing in with your organisation's account did not work. If it keeps happening, ask "
        "your scorecard administrator to check that the scorecard has your work email address."
    ),
    "unreachable": (
        "Your organisation's sign-in service cannot be reached just now. Try again later, or "
        "sign in with your user name and password."
    ),
}


def _next(request: HttpRequest) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return wanted if wanted and safe else reverse("dashboard:home")


@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    context: dict[str, object] = {
        "next": _next(request),
        "errors": {},
        "username": "",
        "single_sign_on": oidc.enabled(),
        "provider": settings.OIDC_PROVIDER_NAME,
        "single_sign_on_problem": SINGLE_SIGN_ON_PROBLEMS.get(
            request.GET.get("single-sign-on", "")
        ),
    }
    if request.method == "GET":
        return render(request, "accounts/sign_in.html", context)
    username = request.POST.get("username", "").strip()
    password = request.POST.get("password", "")
    context["username"] = username
    address = signin.client_address(request)
    now = timezone.now()
    errors: dict[str, str] = {}
    if not username:
        errors["username"] = "Enter your user name"
    if not password:
        errors["password"] = "Enter your password"
    status = 400
    if not errors and signin.locked_out(username=username, address=address, now=now):
        minutes = signin.window().seconds // 60
        errors["username"] = (
            "There have been too many failed attempts to sign in. "
            f"Wait {minutes} minutes, then try again"
        )
        status = 429
        _record(request, SignInOutcome.LOCKED_OUT, signin.account(username), now)
    if not errors:
        user = authenticate(request, username=username, password=password)
        if user is None:
            signin.record_failure(username=username, address=address, now=now)
            _record(request, SignInOutcome.FAILED, signin.account(username), now)
            errors["username"] = "The user name or password is not right"
        else:
            signin.clear_failures(username=username)
            login(request, user)
            _record(request, SignInOutcome.SIGNED_IN, user.get_username(), now)
            return redirect(_next(request))
    context["errors"] = errors
    return render(request, "accounts/sign_in.html", context, status=status)


def _record(request: HttpRequest, outcome: SignInOutcome, username: str, now: dt.datetime) -> None:
    """A password sign-in's entry in the sign-in history."""
    signin.record(request, outcome, username=username, method=signin.PASSWORD, now=now)


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        signin.record(
            request,
            SignInOutcome.SIGNED_OUT,
            username=request.user.get_username(),
            method="",
            now=timezone.now(),
        )
    logout(request)
    return render(request, "accounts/signed_out.html", {})


@require_GET
def stay_signed_in(request: HttpRequest) -> HttpResponse:
    """What the session timeout warning's "Stay signed in" asks for: like every request, it keeps
    the session going for another SESSION_COOKIE_AGE (SESSION_SAVE_EVERY_REQUEST). 204 while
    signed in; 403 once the session has ended, so the warning says so."""
    response = HttpResponse(status=204 if request.user.is_authenticated else 403)
    response["Cache-Control"] = "no-store"
    return response


@require_GET
@leaves_the_session_as_it_is
def session_time_left(request: HttpRequest) -> HttpResponse:
    """What the session timeout warning asks before it warns, and before it says the session has
    ended: how many seconds the session has left, `{"seconds_left": N}` (200), or 403 once it has
    ended. Asking does not keep the session going: the answer does not save the session (the
    view is left out by scorecard.web.middleware.SessionMiddleware), and the time is the stored
    session's own end (SESSION_ENGINE is the database's; `request.session.get_expiry_date()`
    would count from now), so a request made elsewhere, a download say, counts as well."""
    ends = None
    if request.user.is_authenticated:
        key = request.session.session_key
        ends = Session.objects.filter(session_key=key).values_list("expire_date", flat=True).first()
    if ends is None:
        response = HttpResponse(status=403)
    else:
        left = math.ceil((ends - timezone.now()).total_seconds())
        response = JsonResponse({"seconds_left": max(left, 0)})
    response["Cache-Control"] = "no-store"
    return response


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent without its security token (usually a page left open too long)."""
    return render(request, "accounts/csrf.html", {}, status=403)
