"""What the returns list shows of each return's figures (docs/collection.md, "What the list
shows of each return"), with the Django test client on a real database: the figures as entered
with their unit, numerator and denominator, or why they are not available; each component of a
multi-part metric; the last figure on the scorecard before the month; the confirmation given with
a warning; the start of the commentary; only to the people who see the return's page, and read
in the same few queries whether the page holds one return or fifty."""

from __future__ import annotations

import re
from decimal import Decimal
from html import unescape

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from scorecard.domain.figures import Figure, FigureStatus
from scorecard.domain.returns import ReturnState
from scorecard.domain.signoff import SignOff
from scorecard.web.accounts.queries import standing
from scorecard.web.returns import pages, services
from scorecard.web.returns.common import plan_or_404
from scorecard.web.returns.entries import Entry
from tests.integration.web.collection import NOW, PLAN_ID, WS, client_for, return_url

pytestmark = pytest.mark.usefixtures("loaded")

LIST = f"{WS}/returns/"
COMMENTARY = (
    "The backlog of requests from the summer was cleared in October, so more plans were "
    "issued on time than in any month since April; the team expects November to fall back."
)
# The list's queries: the session, the user, the plan, their roles (twice: the list and its
# navigation), the sign-offs, the figures' origins (twice: the rows and the checkboxes), the
# submitted returns, the session's renewal (three statements), and three for what the list
# shows of the figures: the returns with their latest confirmation, their figures, and the
# figures on the scorecard.
MOST_QUERIES = 15
CONFIRMATION = "A backlog cleared: checked against the case system."


@pytest.fixture(autouse=True)
def fixed_today(settings: object) -> None:
    settings.RETURNS_TODAY = "2024-11-20"  # type: ignore[attr-defined]


def _text(html: bytes) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html.decode())).split())


def _row(html: bytes, metric_slug: str, period: str) -> str:
    """The text of the list's row of one return."""
    rows = re.findall(r'<tr class="govuk-table__row">.*?</tr>', html.decode(), re.S)
    link = f'href="{return_url(metric_slug, period)}"'
    found = [r for r in rows if link in r]
    assert len(found) == 1, f"{metric_slug} {period} is not on the page once"
    return _text(found[0].encode())


def _listed_row(client: Client, metric_slug: str, period: str, **query: str) -> str:
    """The text of a return's row, on whichever page of the list it is."""
    for number in range(1, 20):
        html = client.get(LIST, {**query, "page": str(number)}).content
        if return_url(metric_slug, period) in html.decode():
            return _row(html, metric_slug, period)
    raise AssertionError(f"{metric_slug} {period} is not in the list")


def _enter(client: Client, slug: str, period: str, action: str = "submit", **fields: str) -> None:
    url = return_url(slug, period)
    version = re.search(rb'name="version" value="(\d+)"', client.get(url).content)
    assert version, "the return has no form"
    data = {"action": action, "version": version.group(1).decode(), **fields}
    response = client.post(url, data)
    assert response.status_code == 302, _text(response.content)


def test_an_approver_sees_the_figures_they_approve(people: dict[str, User]) -> None:
    owner_a, owner_b = client_for(people["owner_a"]), client_for(people["owner_b"])
    _enter(
        owner_a,
        "3-1",
        "2024-10",
        **{
            "figure-numerator": "125",
            "figure-denominator": "500",
            "figure-value": "25.0",
            "quality": "provisional",
            "commentary": COMMENTARY,
            "actions": "Weekly panel meetings continue.",
            "confirmation": CONFIRMATION,  # 25.0 is 95% higher than September's 12.8
        },
    )
    _enter(owner_b, "3-2", "2024-10", **{"figure-value": "41.5"})
    page = client_for(people["approver"]).get(LIST, {"state": "submitted"}).content

    first = _row(page, "3-1", "2024-10")
    assert "25.0% (125 / 500), provisional" in first
    assert "September 2024: 12.8%" in first  # the last figure on the scorecard
    assert f"Confirmed on entry: “{CONFIRMATION}”" in first
    start = "Commentary: “The backlog of requests from the summer was cleared in October, so more "
    assert f"{start}plans were issued on time…”" in first
    assert COMMENTARY not in first  # whole on the return's page only
    assert "Actions given" in first

    second = _row(page, "3-2", "2024-10")
    assert "41.5 weeks" in second
    assert "September 2024: 41.71 weeks" in second
    assert "No commentary or actions" in second
    assert "Confirmed on entry" not in second
    headers = re.findall(r'<th scope="col" class="govuk-table__header">(.*?)</th>', page.decode())
    assert headers[:5] == ["Approve", "Metric", "Month", "Figures", "From the data owner"]


def test_not_available_and_a_draft(people: dict[str, User]) -> None:
    both = client_for(people["owner_approver"])
    _enter(
        both,
        "3-3",
        "2024-10",
        action="save",
        **{"figure-available": "no", "figure-note": "The case system was down for a week."},
    )
    row = _row(client_for(people["viewer"]).get(LIST).content, "3-3", "2024-10")
    assert "Not available (The case system was down for a week.)" in row
    assert "A draft, not submitted" in row
    assert "September 2024: 18.3%" in row
    nothing = _row(client_for(people["viewer"]).get(LIST).content, "3-1", "2024-10")
    assert "Nothing entered" in nothing


def test_each_component_of_a_metric_with_components(
    people: dict[str, User], settings: object
) -> None:
    """4.1 is reported each June: June 2025's places, against June 2024's SSC places (its
    special school places were not available then, so there is no figure before for them)."""
    settings.RETURNS_TODAY = "2025-07-20"  # type: ignore[attr-defined]
    _enter(
        client_for(people["owner_a"]),
        "4-1",
        "2025-06",
        **{"ssc-value": "15", "special_school-value": "-2", "confirmation": "Two closed."},
    )
    row = _listed_row(client_for(people["approver"]), "4-1", "2025-06", state="submitted")
    assert "Specialist support centre (SSC) places: 15 Special school places: -2" in row
    assert "Specialist support centre (SSC) places, June 2024: 12" in row
    assert "Special school places, June" not in row
    assert "Confirmed on entry: “Two closed.”" in row


def test_a_correction_shows_the_figures_it_would_replace(people: dict[str, User]) -> None:
    owner, approver = client_for(people["owner_a"]), client_for(people["approver"])
    _enter(owner, "3-1", "2024-10", **{"figure-value": "14.2"})
    _enter(approver, "3-1", "2024-10", action="approve")
    assert "Correcting" not in _listed_row(approver, "3-1", "2024-10", state="approved")
    _enter(approver, "3-1", "2024-10", action="return", reason="The count was late.")
    _enter(owner, "3-1", "2024-10", **{"figure-value": "14.6"})
    row = _row(approver.get(LIST).content, "3-1", "2024-10")
    assert "14.6%" in row
    assert "Correcting the figures on the scorecard now: 14.2%" in row
    assert "September 2024: 12.8%" in row


def test_figures_from_the_plans_files_say_so(people: dict[str, User]) -> None:
    viewer = client_for(people["viewer"])
    row = _listed_row(viewer, "3-1", "2024-09", state="approved")
    assert "12.8%" in row
    assert "From the plan’s files" in row
    assert "August 2024: 9.3%" in row
    assert "None: not entered as a return" in row
    assert "Last on the scorecard: none before this month" in _listed_row(
        viewer, "3-1", "2024-04", state="approved"
    )


def test_only_the_people_who_see_a_return_see_its_figures(people: dict[str, User]) -> None:
    _enter(client_for(people["owner_a"]), "3-1", "2024-10", **{"figure-value": "14.2"})
    for who in ("viewer", "approver", "administrator", "owner_a"):
        page = client_for(people[who]).get(LIST).content
        assert "14.2%" in _row(page, "3-1", "2024-10"), who
        # as on the return's page
        assert "14.2" in _text(client_for(people[who]).get(return_url("3-1", "2024-10")).content)
    # a data owner's list holds their own metrics only
    assert "14.2%" not in _text(client_for(people["owner_b"]).get(LIST).content)
    refused = client_for(people["stranger"]).get(LIST)
    assert refused.status_code == 403
    assert "14.2" not in _text(refused.content)
    public = Client().get(LIST)
    assert public.status_code == 302 and public["Location"].startswith("/sign-in/")


def _submit_many(people: dict[str, User], count: int) -> None:
    """The first `count` overdue returns of single-figure metrics, saved with a numerator and
    denominator, commentary and a confirmation, and submitted (as of 20 June 2025)."""
    plan = plan_or_404(PLAN_ID)
    user = people["administrator"]
    rows = pages.return_rows(plan, standing(user, PLAN_ID), day=pages.today())
    rows = [r for r in rows if r.state is ReturnState.OVERDUE and not r.metric.components]
    assert len(rows) >= count
    for row in rows[:count]:
        month = row.due.period
        common = {"plan_id": PLAN_ID, "metric_id": row.metric.id, "period": month, "now": NOW}
        figure = Figure(
            row.metric.id,
            "",
            month,
            FigureStatus.VALUE,
            Decimal("13"),
            Decimal("13"),
            Decimal("100"),
        )
        entry = Entry(parts=(), commentary=COMMENTARY, actions="Act.", confirmation="Checked.")
        saved = services.save_entry(
            **common, user=user, figures=[figure], entry=entry, version=0, today=pages.today()
        )
        services.move(
            **common,
            user=user,
            target=SignOff.SUBMITTED,
            reason="",
            version=saved.version,
            today=pages.today(),
        )


def _queries(client: Client) -> tuple[int, bytes]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST, {"state": "submitted"})
    assert response.status_code == 200
    return len(queries), response.content


def test_a_page_of_50_returns_reads_their_figures_in_a_few_queries(
    people: dict[str, User], settings: object, django_assert_max_num_queries: object
) -> None:
    """The same number of queries for a page of one return as for a page of 50, each showing
    its figures, the figure before and its confirmation and commentary."""
    settings.RETURNS_TODAY = "2025-06-20"  # type: ignore[attr-defined]
    _submit_many(people, 1)
    approver = client_for(people["approver"])
    one, page = _queries(approver)
    assert _text(page).count("(13 / 100)") == 1
    _submit_many(people, 49)  # the next 49 overdue returns
    fifty, page = _queries(approver)
    assert _text(page).count("(13 / 100)") == 50
    assert _text(page).count("Confirmed on entry: “Checked.”") == 50
    assert fifty == one, f"{fifty} queries for 50 returns, {one} for one"
    with django_assert_max_num_queries(MOST_QUERIES):  # type: ignore[operator]
        approver.get(LIST, {"state": "submitted"})
