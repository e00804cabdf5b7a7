"""A NUL character anywhere in an address's query or a form is refused before any view sees it:
a page in the site's design (or a problem document for the API) with 400, and nothing stored.
PostgreSQL cannot hold one; SQLite would, so this is checked on both."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from scorecard.web.releases.models import Release
from tests.integration.web.collection import WS, client_for

pytestmark = pytest.mark.usefixtures("loaded")


@pytest.mark.parametrize(
    "address",
    [f"{WS}/2024-09/?rating=\x00", f"{WS}/month/?period=2024-09\x00", "/?\x00=1"],
)
def test_a_query_with_a_nul_is_refused_with_a_page(address: str) -> None:
    from django.test import Client

    response = Client().get(address)
    assert response.status_code == 400
    text = response.content.decode()
    assert "holds a NUL character" in text and "Nothing was changed" in text


def test_the_api_refuses_a_nul_with_a_problem() -> None:
    from django.test import Client

    response = Client().get("/api/v1/plans?page=\x00")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert "NUL character" in problem["detail"]
    assert (problem["instance"], problem["parameter"]) == ("/api/v1/plans", "page")


def test_a_form_with_a_nul_stores_nothing(people: dict[str, User]) -> None:
    approver = client_for(people["approver"])
    response = approver.post(f"{WS}/releases/prepare/", {"period": "2024-09\x00"})
    assert response.status_code == 400
    assert not Release.objects.exists()
    owner = client_for(people["owner_a"])
    response = owner.post(f"{WS}/returns/3-1/2024-10/", {"commentary": "\x00", "action": "save"})
    assert response.status_code == 400


@pytest.mark.parametrize(
    "address",
    ["/sign-out/", f"{WS}/releases/2024-10/v2/files/", f"{WS}/releases/prepare/"],
)
def test_a_form_address_opened_from_a_link_gives_a_page_with_a_way_back(
    people: dict[str, User], address: str
) -> None:
    from django.test import Client

    for client in (Client(), client_for(people["approver"])):
        response = client.get(address)
        assert response.status_code == 405
        assert response["Allow"] == "POST"
        text = response.content.decode()
        assert "<title>This page cannot be opened" in text
        assert "Nothing was changed" in text and 'href="/"' in text
        assert client.head(address).content == b""


@pytest.mark.parametrize("address", [f"{WS}/2024-09/", "/oidc/callback/", "/oidc/authenticate/"])
def test_a_form_sent_to_a_page_that_only_opens_says_so(address: str) -> None:
    """The other way round: a page sent a form (POST) says it is a page to open, not where a
    button sends its form."""
    from django.test import Client

    response = Client().post(address, {"x": "1"})
    assert response.status_code == 405
    assert "GET" in response["Allow"]
    text = response.content.decode()
    assert "This address is a page to open from a link, not a form to send to" in text
    assert "where a button on another page sends its form" not in text
    assert "Nothing was changed" in text


def test_the_api_answers_a_wrong_method_with_a_problem() -> None:
    from django.test import Client

    response = Client().post("/api/v1/plans")
    assert response.status_code == 405
    assert response["Content-Type"] == "application/problem+json"
    assert "the API is read-only" in response.json()["detail"]


MANY = "&".join(f"k{i}=v" for i in range(1001))


def test_an_address_with_too_many_values_gets_a_page() -> None:
    """Django refuses more than 1,000 values before any view sees them: the site's 400 page in
    its design, saying why, not Django's bare "Bad Request (400)"."""
    from django.test import Client

    response = Client().get(f"{WS}/2024-09/?{MANY}")
    assert response.status_code == 400
    text = response.content.decode()
    assert "<title>Error: the request cannot be used" in text
    assert "holds more than 1,000 values" in text and "Nothing was read" in text


def test_a_form_too_large_stores_nothing(people: dict[str, User]) -> None:
    owner = client_for(people["owner_a"])
    commentary = "c" * (3 * 1024 * 1024)
    response = owner.post(f"{WS}/returns/3-1/2024-10/", {"commentary": commentary})
    assert response.status_code == 400
    assert "The form is larger than 2.5 MB" in response.content.decode()
    approver = client_for(people["approver"])
    data = {f"k{i}": "v" for i in range(1001)} | {"period": "2024-09"}
    response = approver.post(f"{WS}/releases/prepare/", data)
    assert response.status_code == 400
    assert "holds more than 1,000 values" in response.content.decode()
    assert not Release.objects.exists()


def test_the_api_answers_too_many_values_with_a_problem() -> None:
    from django.test import Client

    response = Client().get(f"/api/v1/plans?{MANY}")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response["Access-Control-Allow-Origin"] == "*"
    problem = response.json()
    assert "more than 1,000 values" in problem["detail"]
    assert problem["instance"] == "/api/v1/plans"
