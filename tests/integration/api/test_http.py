"""What every answer shares: caching headers and conditional requests, HEAD, CORS, GET only,
problems instead of error pages, and the OpenAPI document."""

from __future__ import annotations

import json

from django.test import Client
from django.utils.http import http_date

from scorecard.web.api.openapi import OPERATIONS
from scorecard.web.releases.models import ReleaseVersion
from tests.integration.api.conftest import API, PUBLISHED_AT, ApiClient

FIGURES = f"{API}/figures"


def test_the_etag_is_the_sha256_of_the_body_and_answers_304(
    published: ReleaseVersion, api: ApiClient
) -> None:
    import hashlib

    first = api.get(FIGURES)
    assert first["ETag"] == f'"{hashlib.sha256(first.content).hexdigest()}"'
    again = api.get(FIGURES, if_none_match=first["ETag"])
    assert again.status_code == 304
    assert again["ETag"] == first["ETag"]
    assert api.get(FIGURES, if_none_match=f'"other", W/{first["ETag"]}').status_code == 304
    assert api.get(FIGURES, if_none_match="*").status_code == 304
    assert api.get(FIGURES, if_none_match='"other"').status_code == 200
    assert api.get(f"{FIGURES}?page_size=5", if_none_match=first["ETag"]).status_code == 200


def test_last_modified_is_the_publication_and_answers_304(
    published: ReleaseVersion, api: ApiClient
) -> None:
    published_on = http_date(PUBLISHED_AT.timestamp())
    first = api.get(FIGURES)
    assert first["Last-Modified"] == published_on
    assert api.get(FIGURES, if_modified_since=published_on).status_code == 304
    earlier = http_date(PUBLISHED_AT.timestamp() - 1)
    assert api.get(FIGURES, if_modified_since=earlier).status_code == 200
    assert api.get(FIGURES, if_modified_since="not a date").status_code == 200
    # If-None-Match wins over If-Modified-Since
    assert api.get(FIGURES, if_none_match='"x"', if_modified_since=published_on).status_code == 200


def test_plan_answers_change_with_the_plans_loading(
    published: ReleaseVersion, api: ApiClient
) -> None:
    loaded_at = published.plan_version.loaded_at
    answer = api.get(f"{API}/metrics")
    assert answer["Last-Modified"] == http_date(int(loaded_at.timestamp()))
    assert api.get(f"{API}/metrics", if_modified_since=answer["Last-Modified"]).status_code == 304


def test_every_answer_has_caching_and_cors_headers(
    published: ReleaseVersion, api: ApiClient
) -> None:
    for path in ("/api/v1/plans", API, f"{API}/releases", f"{API}/releases/2024-09/versions/1"):
        answer = api.get(path)
        assert answer.status_code == 200
        assert answer["Content-Type"] == "application/json"
        assert answer["Access-Control-Allow-Origin"] == "*"
        assert answer["Cache-Control"] == "public, max-age=300"
        assert answer.has_header("ETag")
        assert answer.has_header("Last-Modified")


def test_head_answers_the_headers_without_the_body(
    published: ReleaseVersion, api: ApiClient
) -> None:
    head = api.head(FIGURES)
    assert head.status_code == 200
    assert head.content == b""
    assert head["ETag"] == api.get(FIGURES)["ETag"]


def test_other_methods_are_405_problems(published: ReleaseVersion, client: Client) -> None:
    for method in ("post", "put", "patch", "delete", "options"):
        answer = getattr(client, method)(FIGURES)
        assert answer.status_code == 405, method
        assert answer["Allow"] == "GET, HEAD"
        assert answer["Content-Type"] == "application/problem+json"
        problem = json.loads(answer.content)
        assert problem["title"] == "Method Not Allowed"
        assert problem["detail"] == (
            f"{method.upper()} is not allowed: the API is read-only (GET and HEAD)"
        )


def test_unknown_addresses_under_the_api_are_404_problems(db: None, api: ApiClient) -> None:
    for path in ("/api/", "/api/v2/plans", "/api/v1/plans/", "/api/v1/plans/a/b/c/d/e"):
        answer = api.get(path)
        assert answer.status_code == 404
        assert answer["Content-Type"] == "application/problem+json"
        assert json.loads(answer.content)["detail"].startswith(f"there is nothing at {path}")
    # a line break in a plan or metric id (found by the schema fuzzer) matches no address's
    # pattern: still the API's problem, never the site's HTML page
    for path in ("/api/v1/plans/x/metrics/a%0A", "/api/v1/plans/x%0A/metrics", "/api/%0A"):
        answer = api.client.get(path)  # no operation of the document: not checked against one
        assert answer.status_code == 404, path
        assert answer["Content-Type"] == "application/problem+json", path


def test_the_document_describes_every_address(db: None, api: ApiClient) -> None:
    document = api.json("/api/v1/openapi.json")
    assert document["openapi"] == "3.1.0"
    assert set(document["paths"]) == {o.path for o in OPERATIONS}
    for path in document["paths"].values():
        responses = path["get"]["responses"]
        assert {"200", "304", "400"} <= set(responses)
        assert "ETag" in responses["200"]["headers"]
    assert "Problem" in document["components"]["schemas"]
    assert api.json("/api/v1/openapi.json?x=1", 400)["parameter"] == "x"


def test_a_nul_in_the_query_is_a_problem_with_the_apis_headers(db: None, api: ApiClient) -> None:
    answer = api.get(f"{FIGURES}?metric=%00")
    assert answer.status_code == 400
    assert json.loads(answer.content)["parameter"] == "metric"
    assert answer["Access-Control-Allow-Origin"] == "*"
    assert answer["Access-Control-Expose-Headers"] == "ETag, Last-Modified"
    assert answer["X-Content-Type-Options"] == "nosniff"


def test_a_server_error_in_the_api_is_a_problem_with_the_apis_headers(db: None) -> None:
    from django.test import RequestFactory
    from django.urls import get_resolver

    handler = get_resolver().resolve_error_handler(500)
    answer = handler(RequestFactory().get(FIGURES))
    assert answer.status_code == 500
    assert answer["Content-Type"] == "application/problem+json"
    assert answer["Access-Control-Allow-Origin"] == "*"
    problem = json.loads(answer.content)
    assert (problem["status"], problem["title"]) == (500, "Internal Server Error")
    assert problem["detail"] == "Sorry, there is a problem with the service: try again later."
    assert problem["instance"] == FIGURES
    page = handler(RequestFactory().get("/plans/"))
    assert page["Content-Type"].startswith("text/html")


def test_a_problem_names_the_address_as_a_uri_reference(db: None, api: ApiClient) -> None:
    for path in ("/api/v1/plans/%E2%82%AC", "/api/v1/plans/a%20b/figures", "/api/%C3%A9t%C3%A9"):
        problem = api.json(path, 404)
        assert problem["instance"] == path
