"""The HTTP side every API view shares: GET and HEAD only, problems instead of error pages, a
strong ETag (SHA-256 of the body) and Last-Modified on every answer, conditional requests
answered 304, and open CORS (the data are public open data; no credentials are ever used)."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
from collections.abc import Callable
from http import HTTPStatus

from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.http import http_date, parse_etags, parse_http_date_safe
from django.views.decorators.csrf import csrf_exempt
from pydantic import BaseModel

from scorecard.web.api.problems import ProblemError, problem_response

JSON_TYPE = "application/json"
METHODS = ("GET", "HEAD")
CACHE_CONTROL = "public, max-age=300"
EXPOSED = "ETag, Last-Modified"

Answer = tuple[BaseModel | dict[str, object], dt.datetime | None]
View = Callable[..., Answer]


def api_view(view: View) -> Callable[..., HttpResponse]:
    """Wrap a view that returns (body, last modified) into one that answers HTTP."""

    @functools.wraps(view)
    def answer(request: HttpRequest, **kwargs: str) -> HttpResponse:
        try:
            if request.method not in METHODS:
                raise ProblemError(
                    HTTPStatus.METHOD_NOT_ALLOWED,
                    f"{request.method} is not allowed: the API is read-only (GET and HEAD)",
                )
            body, modified = view(request, **kwargs)
            response = json_response(request, body, modified)
        except ProblemError as problem:
            response = problem_response(request, problem)
        return finish(request, response)

    return csrf_exempt(answer)


def finish(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """Headers on every answer, and no body for HEAD."""
    if response.status_code == HTTPStatus.METHOD_NOT_ALLOWED:
        response["Allow"] = ", ".join(METHODS)
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Expose-Headers"] = EXPOSED
    response["X-Content-Type-Options"] = "nosniff"
    if request.method == "HEAD":
        response.content = b""
    return response


def problem_answer(
    request: HttpRequest, status: HTTPStatus, detail: str, parameter: str | None = None
) -> HttpResponse:
    """A problem document with the API's headers, for a request refused or failed before any
    API view answered it (by Django, a middleware or the error handlers)."""
    return finish(request, problem_response(request, ProblemError(status, detail, parameter)))


def encode(body: BaseModel | dict[str, object]) -> bytes:
    data = body.model_dump(mode="json") if isinstance(body, BaseModel) else body
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


def json_response(
    request: HttpRequest, body: BaseModel | dict[str, object], modified: dt.datetime | None
) -> HttpResponse:
    content = encode(body)
    etag = f'"{hashlib.sha256(content).hexdigest()}"'
    seconds = None if modified is None else int(modified.timestamp())
    response: HttpResponse
    if _not_modified(request, etag, seconds):
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(content, content_type=JSON_TYPE)
    response["ETag"] = etag
    if seconds is not None:
        response["Last-Modified"] = http_date(seconds)
    response["Cache-Control"] = CACHE_CONTROL
    return response


def _not_modified(request: HttpRequest, etag: str, seconds: int | None) -> bool:
    """If-None-Match (weak comparison, as RFC 9110 asks) wins; If-Modified-Since is used only
    without it."""
    given = request.headers.get("If-None-Match")
    if given is not None:
        tags = [t.removeprefix("W/") for t in parse_etags(given)]
        return "*" in tags or etag in tags
    since = request.headers.get("If-Modified-Since")
    if since is None or seconds is None:
        return False
    limit = parse_http_date_safe(since)
    return limit is not None and seconds <= limit
