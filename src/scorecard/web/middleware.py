"""What every request and response passes through: headers Django does not set itself (a
signed-in person's pages kept out of caches), the refusal of NUL characters, which no database
column can hold, a page for an address opened with a method it does not answer (Django's
405 has no body), and sessions (Django's, except for an address that must not keep one going)."""

from __future__ import annotations

from collections.abc import Callable
from http import HTTPStatus
from typing import Any, TypeVar

from django.conf import settings
from django.contrib.sessions.middleware import SessionMiddleware as DjangoSessionMiddleware
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


class SecurityHeadersMiddleware:
    """Content-Security-Policy and Permissions-Policy on every response."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()"
        )
        return response


View = TypeVar("View", bound=Callable[..., HttpResponse])


def leaves_the_session_as_it_is(view: View) -> View:
    """Marks a view whose answers do not save the session (SessionMiddleware below)."""
    view.leaves_the_session_as_it_is = True  # type: ignore[attr-defined]
    return view


class SessionMiddleware(DjangoSessionMiddleware):
    """Django's, except that the answer of a view marked `leaves_the_session_as_it_is` does not
    save the session or set its cookie. Every other request saves it (SESSION_SAVE_EVERY_REQUEST),
    which moves the session's end on by SESSION_COOKIE_AGE; asking how long a session has left
    (accounts.views.session_time_left) must not."""

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        match = getattr(request, "resolver_match", None)
        if match is not None and getattr(match.func, "leaves_the_session_as_it_is", False):
            return response
        return super().process_response(request, response)


class PrivatePagesMiddleware:
    """A page served to someone signed in may hold exact figures, small numbers about children
    included (the internal scorecard, returns): `Cache-Control: private, no-store`, so that no
    shared cache keeps it for the public and the browser does not keep it after signing out.
    An answer that sets its own Cache-Control (the API's) is left as it is; a request without a
    session cookie is not even looked at, so public pages keep no Vary: Cookie."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            settings.SESSION_COOKIE_NAME in request.COOKIES
            and request.user.is_authenticated
            and not response.has_header("Cache-Control")
        ):
            response["Cache-Control"] = "private, no-store"
        return response


class MethodNotAllowedPageMiddleware:
    """A 405 without a body (a form's address opened from a link or a bookmark, such as
    /sign-out/) becomes a page in the site's design with a link back, keeping its Allow header.
    The API answers its own 405s with a problem document, which is left as it is."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.status_code != HTTPStatus.METHOD_NOT_ALLOWED
            or response.content
            or request.path.startswith("/api/")
        ):
            return response
        allowed = {m.strip().upper() for m in response.get("Allow", "").split(",")}
        # a page sent a form it does not take (a POST to a page that only opens), or a form's
        # address opened from a link: each has its own words
        context = {"opens": "GET" in allowed}
        page = render(request, "dashboard/405.html", context, status=HTTPStatus.METHOD_NOT_ALLOWED)
        if "Allow" in response:
            page["Allow"] = response["Allow"]
        if request.method == "HEAD":
            page.content = b""
        return page


NUL = "\x00"
NUL_MESSAGE = (
    "The address or the form holds a NUL character, which cannot be stored or searched for. "
    "Type the text again, or paste it from somewhere else."
)


class RefuseNulMiddleware:
    """A NUL character in a query or a form is refused with 400 and a message, before any view
    (or the database, which cannot hold one) sees it; nothing is stored. After CSRF's check."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        if NUL not in request.path and not _holds_nul(request):
            return None
        if request.path.startswith("/api/"):
            from scorecard.web.api.http import problem_answer

            where = _nul_parameter(request)
            return problem_answer(request, HTTPStatus.BAD_REQUEST, NUL_MESSAGE, where)
        return render(request, "dashboard/400.html", {"reason": NUL_MESSAGE}, status=400)


def _holds_nul(request: HttpRequest) -> bool:
    return _nul_parameter(request) is not None


def _nul_parameter(request: HttpRequest) -> str | None:
    """The first query or form parameter whose name or value holds a NUL, if one does."""
    forms = [request.GET]
    if request.method == "POST":
        forms.append(request.POST)
    for form in forms:
        for key in form:
            if NUL in key or any(NUL in value for value in form.getlist(key)):
                return key
    return None
