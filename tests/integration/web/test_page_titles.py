"""Page titles (WCAG 2.4.2): every page inside a plan names the plan once, so the same kind of
page of two plans (say, Returns of the scorecard and of its synthetic variant) reads differently
in a tab, a history list or a screen reader's window list."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.test import Client

from scorecard.domain.signoff import Role
from scorecard.web.accounts.services import grant
from tests.integration.web.collection import NOW, client_for, make_people

pytestmark = pytest.mark.usefixtures("loaded")

PLANS = {
    "west-sussex-2024-27": "SEND Improvement Plan 2024-2027 Scorecard",
    "west-sussex-2024-27-synthetic": "SEND Improvement Plan 2024-2027 Scorecard (synthetic data)",
}
ORGANISATION = "West Sussex Local Area SEND Partnership"
# each kind of page inside a plan, for the public and for an administrator of the plan
PUBLIC = [
    "2024-09/",
    "2024-09/areas/3/",
    "2024-09/metrics/3-1/",
    "definitions/",
    "symbols/",
    "releases/",
]
PARTNERSHIP = [
    "returns/",
    "returns/?state=overdue",
    "returns/upload/",
    "returns/3-1/2024-10/",
    "owners/",
    "owners/3-1/",
    "history/",
    "people/",
    "people/remove/?username=administrator&role=administrator",
]


def _title(client: Client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, url
    found = re.search(r"<title>(.*?)</title>", response.content.decode(), re.S)
    assert found is not None, url
    return unescape(" ".join(found.group(1).split()))


def _administrator() -> Client:
    person = make_people()["administrator"]
    grant(
        plan_id="west-sussex-2024-27-synthetic",
        username="administrator",
        role=Role.ADMINISTRATOR,
        metrics=(),
        by="tester",
        at=NOW,
        reason="test",
    )
    return client_for(person)


@pytest.mark.parametrize("page", PUBLIC + PARTNERSHIP)
def test_a_page_inside_a_plan_names_the_plan(page: str) -> None:
    client = _administrator()
    titles = {}
    for plan_id, plan_title in PLANS.items():
        title = _title(client, f"/plans/{plan_id}/{page}")
        assert plan_title in title and title.endswith(f" – {ORGANISATION}"), title
        assert title.count("SEND Improvement Plan 2024-2027 Scorecard") == 1, title
        titles[plan_id] = title
    assert len(set(titles.values())) == len(PLANS), titles


def test_the_public_pages_name_the_plan(client: Client) -> None:
    for page in PUBLIC:
        titles = {_title(client, f"/plans/{plan_id}/{page}") for plan_id in PLANS}
        assert len(titles) == len(PLANS), titles


def test_filters_not_understood_are_an_error_in_the_title(client: Client) -> None:
    """The page shows an error summary, so its title starts "Error:", as GOV.UK's does."""
    title = _title(client, "/plans/west-sussex-2024-27/2024-09/?rating=purple", status=400)
    assert title.startswith("Error: SEND Improvement Plan 2024-2027 Scorecard: September 2024")
    assert not _title(client, "/plans/west-sussex-2024-27/2024-09/").startswith("Error")


def test_a_page_outside_any_plan_names_the_site_once(client: Client) -> None:
    assert (
        _title(client, "/accessibility/") == "Accessibility statement – SEND improvement scorecards"
    )


def test_a_metric_page_title_has_no_full_stop_before_its_month(client: Client) -> None:
    """3.1's KPI ends with a full stop; the title reads "…within 20 weeks: September 2024"."""
    title = _title(client, "/plans/west-sussex-2024-27/2024-09/metrics/3-1/")
    assert title.startswith("3.1 ") and ".:" not in title, title
    assert "20 weeks: September 2024" in title, title
