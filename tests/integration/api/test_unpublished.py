"""Before anything is published: the plan is there, its figures and assessments are not."""

from __future__ import annotations

from tests.integration.api.conftest import API, ApiClient


def test_figures_are_an_empty_list_with_a_note(loaded: None, api: ApiClient) -> None:
    answer = api.json(f"{API}/figures")
    assert answer["count"] == 0
    assert answer["results"] == []
    assert (answer["release"], answer["next"], answer["previous"]) == (None, None, None)
    assert answer["note"].startswith("Nothing has been published for this plan yet")


def test_assessments_are_an_empty_list_with_a_note(loaded: None, api: ApiClient) -> None:
    answer = api.json(f"{API}/assessments")
    assert (answer["count"], answer["results"], answer["period"]) == (0, [], None)
    assert answer["note"].startswith("Nothing has been published for this plan yet")


def test_a_month_asked_for_is_a_404_problem(loaded: None, api: ApiClient) -> None:
    problem = api.json(f"{API}/assessments?period=2024-09", 404)
    assert problem["detail"] == "plan west-sussex-2024-27 has no public release for September 2024"


def test_no_releases_are_listed(loaded: None, api: ApiClient) -> None:
    assert api.json(f"{API}/releases") == {"count": 0, "results": []}
    problem = api.json(f"{API}/releases/2024-09", 404)
    assert problem["detail"] == "plan west-sussex-2024-27 has no public release for September 2024"


def test_page_two_of_nothing_is_a_400_problem(loaded: None, api: ApiClient) -> None:
    problem = api.json(f"{API}/figures?page=2", 400)
    assert problem["detail"] == "page 2 is beyond the last: 0 results make 1 page of 100"
