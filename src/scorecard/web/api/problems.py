"""Errors the API answers with, as RFC 9457 problem details (application/problem+json)."""

from __future__ import annotations

import json
from http import HTTPStatus

from django.http import HttpRequest, HttpResponse
from django.utils.encoding import escape_uri_path

from scorecard.domain.errors import ScorecardError

PROBLEM_TYPE = "application/problem+json"


class ProblemError(ScorecardError):
    """A request the API cannot answer: `status` 400 names the query `parameter` at fault."""

    def __init__(self, status: HTTPStatus, detail: str, parameter: str | None = None) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.parameter = parameter


def bad_parameter(parameter: str, detail: str) -> ProblemError:
    return ProblemError(HTTPStatus.BAD_REQUEST, detail, parameter)


def not_found(detail: str) -> ProblemError:
    return ProblemError(HTTPStatus.NOT_FOUND, detail)


def problem_body(request: HttpRequest, problem: ProblemError) -> dict[str, object]:
    body: dict[str, object] = {
        "type": "about:blank",
        "title": problem.status.phrase,
        "status": problem.status.value,
        "detail": problem.detail,
        "instance": escape_uri_path(request.path),  # a URI reference, as RFC 9457 asks
    }
    if problem.parameter is not None:
        body["parameter"] = problem.parameter
    return body


def problem_response(request: HttpRequest, problem: ProblemError) -> HttpResponse:
    content = json.dumps(problem_body(request, problem), ensure_ascii=False)
    response = HttpResponse(content, status=problem.status.value, content_type=PROBLEM_TYPE)
    response["Cache-Control"] = "no-store"
    return response
