"""The returns list in pages of 50 (docs/collection.md, "Returns"): the boundaries, the words that
count what is shown, the page links keeping the state filter, and every page number that cannot
be shown refused in the page (400 with the error summary), on a real database."""

from __future__ import annotations

import re
from decimal import Decimal
from html import unescape

import pytest
from django.contrib.auth.models import User
from django.test import Client

from scorecard.domain.figures import Figure, FigureStatus
from scorecard.domain.returns import ReturnState
from scorecard.web.accounts.queries import standing
from scorecard.web.returns import pages, services
from scorecard.web.returns.common import plan_or_404
from scorecard.web.returns.entries import Entry
from tests.integration.web.collection import NOW, PLAN_ID, WS, client_for

pytestmark = pytest.mark.usefixtures("loaded")

LIST = f"{WS}/returns/"
TODAY = "2025-06-20"


@pytest.fixture(autouse=True)
def fixed_today(settings: object) -> None:
    settings.RETURNS_TODAY = TODAY  # type: ignore[attr-defined]


@pytest.fixture
def administrator(people: dict[str, User]) -> Client:
    return client_for(people["administrator"])


def _text(html: bytes) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html.decode())).split())


def _title(html: bytes) -> str:
    found = re.search(rb"<title>(.*?)</title>", html, re.S)
    assert found
    return " ".join(unescape(found.group(1).decode()).split())


def _listed(html: bytes) -> list[str]:
    """The returns on the page, as "metric month" (each row's link to its return)."""
    return re.findall(r'href="/plans/[^/]+/returns/([^/"]+/\d{4}-\d\d)/"', html.decode())


def _page_links(html: bytes) -> list[str]:
    nav = re.search(rb'<nav class="govuk-pagination".*?</nav>', html, re.S)
    assert nav, "no pagination"
    return [unescape(h) for h in re.findall(r'href="([^"]+)"', nav.group(0).decode())]


def _open_rows(people: dict[str, User]) -> list[pages.ReturnRow]:
    plan = plan_or_404(PLAN_ID)
    person = standing(people["administrator"], PLAN_ID)
    rows = pages.return_rows(plan, person, day=pages.today())
    return [r for r in rows if r.state is not ReturnState.APPROVED]


def _submit(people: dict[str, User], count: int) -> None:
    """The first `count` overdue returns of single-figure metrics, entered and submitted."""
    owner = people["administrator"]
    rows = [r for r in _open_rows(people) if r.state is ReturnState.OVERDUE]
    rows = [r for r in rows if not r.metric.components][:count]
    assert len(rows) == count
    for row in rows:
        month = row.due.period
        common = {"plan_id": PLAN_ID, "metric_id": row.metric.id, "period": month, "now": NOW}
        figure = Figure(row.metric.id, "", month, FigureStatus.VALUE, Decimal("13"))
        saved = services.save_entry(
            **common,
            user=owner,
            figures=[figure],
            entry=Entry(parts=()),
            version=0,
            today=pages.today(),
        )
        services.move(
            **common,
            user=owner,
            target=services.SignOff.SUBMITTED,
            reason="",
            version=saved.version,
            today=pages.today(),
        )


def test_the_open_returns_in_pages_of_50_in_one_order(
    people: dict[str, User], administrator: Client
) -> None:
    expected = [f"{r.metric.slug}/{r.due.period}" for r in _open_rows(people)]
    total = len(expected)
    last = -(-total // 50)
    assert total > 100, "the test needs three pages or more"
    seen: list[str] = []
    for number in range(1, last + 1):
        response = administrator.get(LIST, {"page": str(number)} if number > 1 else {})
        assert response.status_code == 200
        html = response.content
        listed = _listed(html)
        seen += listed
        first, upto = (number - 1) * 50 + 1, min(number * 50, total)
        assert len(listed) == upto - first + 1
        assert f"Showing {first} to {upto} of {total} open returns." in _text(html)
        assert _title(html).startswith(f"Returns (page {number} of {last})")
    assert seen == expected  # every open return once, in the list's order, none skipped
    assert len(set(seen)) == total


def test_the_page_links(people: dict[str, User], administrator: Client) -> None:
    total = len(_open_rows(people))
    last = -(-total // 50)
    html = administrator.get(LIST, {"page": "2"}).content
    links = _page_links(html)
    assert links[0] == LIST  # Previous: page 1 has no page number in its address
    assert links[-1] == f"{LIST}?page=3"  # Next
    assert f"{LIST}?page={last}" in links
    assert 'aria-current="page">2</a>' in html.decode()
    assert 'rel="prev"' in html.decode() and 'rel="next"' in html.decode()
    first = administrator.get(LIST).content.decode()
    assert 'rel="prev"' not in first
    final = administrator.get(LIST, {"page": str(last)}).content.decode()
    assert 'rel="next"' not in final


@pytest.mark.parametrize(("count", "last"), [(50, 1), (51, 2)])
def test_a_filtered_list_of_exactly_50_and_of_51(
    people: dict[str, User], administrator: Client, count: int, last: int
) -> None:
    _submit(people, count)
    response = administrator.get(LIST, {"state": "submitted"})
    html = response.content
    assert response.status_code == 200
    assert len(_listed(html)) == 50
    assert f"Submitted returns ({count})" in _text(html)
    if last == 1:
        assert b"govuk-pagination" not in html
        assert "Showing" not in _text(html)
        assert "page" not in _title(html)
        return
    assert _title(html).startswith("Returns: submitted (page 1 of 2)")
    assert _page_links(html) == [
        f"{LIST}?state=submitted",
        f"{LIST}?state=submitted&page=2",
        f"{LIST}?state=submitted&page=2",  # Next
    ]
    second = administrator.get(LIST, {"state": "submitted", "page": "2"})
    assert second.status_code == 200
    assert len(_listed(second.content)) == 1
    assert "Showing 51 to 51 of 51 submitted returns." in _text(second.content)
    assert _title(second.content).startswith("Returns: submitted (page 2 of 2)")
    assert _page_links(second.content) == [
        f"{LIST}?state=submitted",  # Previous
        f"{LIST}?state=submitted",
        f"{LIST}?state=submitted&page=2",
    ]


@pytest.mark.parametrize(
    ("page", "problem"),
    [
        ("0", "There is no page 0: there are {total} open returns, on {last} pages"),
        ("{beyond}", "There is no page {beyond}: there are {total} open returns, on {last} pages"),
        ("99999999999999999999", "There is no page 99999999999999999999: there are {total}"),
        ("9" * 5000, "There is no page " + "9" * 40 + ":"),
        ("abc", '"abc" is not a page number: there are {total} open returns, on {last} pages'),
        ("-1", '"-1" is not a page number'),
        ("1.5", '"1.5" is not a page number'),
        ("٢", '"٢" is not a page number'),
    ],
    ids=["zero", "beyond", "huge", "5000-digits", "abc", "negative", "fraction", "arabic-two"],
)
def test_a_page_that_cannot_be_shown_is_an_error_in_the_page(
    people: dict[str, User], administrator: Client, page: str, problem: str
) -> None:
    total = len(_open_rows(people))
    last = -(-total // 50)
    words = {"total": total, "last": last, "beyond": last + 1}
    response = administrator.get(LIST, {"page": page.format(**words)})
    assert response.status_code == 400
    html = response.content
    assert b'class="govuk-error-summary"' in html
    assert problem.format(**words) in _text(html)
    assert "so page 1 is shown" in _text(html) or len(page) > 40
    assert _title(html).startswith(f"Error: Returns (page 1 of {last})")
    assert len(_listed(html)) == 50  # the first page, to carry on from


def test_no_page_beyond_an_empty_list(people: dict[str, User], administrator: Client) -> None:
    response = administrator.get(LIST, {"state": "submitted", "page": "2"})
    assert response.status_code == 400
    assert "There is no page 2: there are no submitted returns." in _text(response.content)
    assert "There are no submitted returns." in _text(response.content)


@pytest.mark.parametrize("state", ["overdu", "Overdue", "x" * 500])
def test_a_state_that_is_not_one_is_an_error_in_the_page(
    people: dict[str, User], administrator: Client, state: str
) -> None:
    """Refused as a bad page number is: 400, the error summary naming the states, and the open
    returns shown; with a bad page number too, both are said."""
    plain = administrator.get(LIST)
    response = administrator.get(LIST, {"state": state})
    assert response.status_code == 400
    text = _text(response.content)
    assert f'There is no state "{state[:40]}": the states are returned, overdue, due,' in text
    assert "so the open returns are shown." in text
    assert _title(response.content).startswith("Error: Returns (page 1 of ")
    assert _listed(response.content) == _listed(plain.content)
    both = administrator.get(LIST, {"state": state, "page": "abc"})
    assert both.status_code == 400
    assert f'There is no state "{state[:40]}"' in _text(both.content)
    assert '"abc" is not a page number' in _text(both.content)
    assert _listed(both.content) == _listed(plain.content)


def test_page_1_and_leading_zeros_are_the_first_pages(administrator: Client) -> None:
    plain = administrator.get(LIST)
    for asked in ("1", "01", " 1 "):
        response = administrator.get(LIST, {"page": asked})
        assert response.status_code == 200
        assert _listed(response.content) == _listed(plain.content)
    assert administrator.get(LIST, {"page": "002"}).status_code == 200


def _numbers(html: bytes) -> list[str]:
    """The page numbers in the pagination, with "…" for each gap."""
    nav = re.search(rb'<ul class="govuk-pagination__list">.*?</ul>', html, re.S)
    assert nav
    items = re.findall(r'aria-label="Page (\d+)"|(&ctdot;)', nav.group(0).decode())
    return [number or "…" for number, _ in items]


@pytest.mark.parametrize(
    ("page", "numbers"),
    [
        ("1", "1 2 … 9"),
        ("3", "1 2 3 4 … 9"),
        ("5", "1 … 4 5 6 … 9"),
        ("8", "1 … 7 8 9"),
        ("9", "1 … 8 9"),
    ],
)
def test_a_long_list_links_the_first_last_and_neighbouring_pages(
    people: dict[str, User], administrator: Client, settings: object, page: str, numbers: str
) -> None:
    """December 2026: an administrator's 423 open returns, on 9 pages."""
    settings.RETURNS_TODAY = "2026-12-05"  # type: ignore[attr-defined]
    html = administrator.get(LIST, {"page": page}).content
    assert "of 423 open returns." in _text(html)
    assert " ".join(_numbers(html)) == numbers
    assert f'aria-current="page">{page}</a>' in html.decode()
