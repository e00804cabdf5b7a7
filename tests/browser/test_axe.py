"""axe-core on every type of page: no violation of the WCAG 2.0, 2.1 and 2.2 A and AA rules."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import (
    NARROW,
    SYNTHETIC,
    WIDE,
    WS,
    OpenPage,
    axe_violations,
    describe_violations,
)
from tests.integration.web.collection import NOW, PASSWORD, PLAN_ID, make_people

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# each type of page, with words that show it is that page (and not, say, an error)
PAGES = {
    "home": ("/", "Choose a scorecard"),
    "overview": (f"{WS}/2024-09/", "Showing 22 metrics."),
    "overview-synthetic": (f"{SYNTHETIC}/2027-03/", "Figures for March 2027"),
    "overview-filtered": (f"{WS}/2024-09/?area=3&group=&rating=red", "Clear filters"),
    "overview-malformed-filters": (
        f"{WS}/2024-09/?rating=purple&group=x",
        'There is no rating "purple"',
    ),
    "overview-unknown-month": (f"{WS}/2024-09/?unknown-month=1", "is not one of this plan"),
    "area": (f"{WS}/2024-09/areas/3/", "Area of improvement 3"),
    "metric-3.1": (f"{WS}/2024-09/metrics/3-1/", "Metric 3.1, September 2024"),
    "metric-1/2.1": (f"{WS}/2024-09/metrics/1-2-1/", "Metric 1/2.1, September 2024"),
    "metric-4.1-components": (f"{WS}/2024-09/metrics/4-1/", "SS: figures and assessment"),
    "metric-5.2-no-figures": (f"{WS}/2024-09/metrics/5-2/", "There are no figures yet."),
    "definitions": (f"{WS}/definitions/", "Metric definitions"),
    "symbols": (f"{WS}/symbols/", "Symbols and legend"),
    "accessibility": ("/accessibility/", "Accessibility statement"),
    "not-found": (f"{WS}/2024-09/metrics/9-9/", "Page not found"),
    "method-not-allowed": ("/sign-out/", "This page cannot be opened"),
    "bad-request": ("/?q=%00", "The request cannot be used"),
    "sign-in": ("/sign-in/", "Data owners, approvers and board members sign in"),
    "releases-none": (f"{WS}/releases/", "Nothing has been published yet."),
}
CASES = [pytest.param(*page, WIDE, id=f"{name}-1280") for name, page in PAGES.items()] + [
    pytest.param(*PAGES[name], NARROW, id=f"{name}-320") for name in ("overview", "metric-3.1")
]


@pytest.mark.parametrize(("path", "words", "viewport"), CASES)
def test_no_axe_violations(
    open_page: OpenPage, path: str, words: str, viewport: dict[str, int]
) -> None:
    page = open_page(path, viewport=viewport)
    expect(page.locator("main").get_by_text(words).first).to_be_visible()
    violations = axe_violations(page)
    assert not violations, f"{path} at {viewport['width']} px:\n" + describe_violations(violations)


def _error_summary_leads_to(page: Page, field: str) -> None:
    """The error summary has the focus when the page opens, and its link moves it to the field."""
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(page).to_have_title(re.compile("^Error: "))
    summary.get_by_role("link").first.click()
    expect(page.locator(f"#{field}")).to_be_focused()


@pytest.mark.parametrize("viewport", [WIDE, NARROW], ids=["1280", "320"])
def test_the_sign_in_errors_and_an_expired_form(
    open_page: OpenPage, viewport: dict[str, int]
) -> None:
    """Sign-in with nothing entered, then with a wrong password (each error prefixed "Error:"
    for screen readers); then a form sent without its token: "The form had expired"."""
    page = open_page("/sign-in/", viewport=viewport)
    page.get_by_role("button", name="Sign in").press("Enter")
    expect(page.locator(".govuk-error-message").first).to_contain_text("Error:")
    violations = axe_violations(page)
    assert not violations, describe_violations(violations)
    _error_summary_leads_to(page, "username")

    page.get_by_label("User name").fill("nobody")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").press("Enter")
    expect(page.get_by_label("User name")).to_have_value("nobody")
    violations = axe_violations(page)
    assert not violations, describe_violations(violations)
    _error_summary_leads_to(page, "username")

    page.evaluate("() => document.querySelector('[name=csrfmiddlewaretoken]').remove()")
    page.get_by_role("button", name="Sign in").press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("The form had expired")
    violations = axe_violations(page)
    assert not violations, describe_violations(violations)


def _return_in(metric_id: str, state: str) -> None:
    """A return for October 2024, saved by its data owner and moved on to `state`."""
    from django.contrib.auth.models import User

    from scorecard.domain.figures import Figure, FigureStatus
    from scorecard.domain.periods import Month
    from scorecard.domain.signoff import SignOff
    from scorecard.web.returns import services
    from scorecard.web.returns.entries import Entry
    from scorecard.web.returns.models import Return

    october, today = Month.parse("2024-10"), NOW.date()
    owner, approver = User.objects.get(username="owner_a"), User.objects.get(username="approver")
    figure = Figure(metric_id, "", october, FigureStatus.VALUE, Decimal("13"))
    common = {"plan_id": PLAN_ID, "metric_id": metric_id, "period": october, "now": NOW}
    found = services.save_entry(
        **common, user=owner, figures=[figure], entry=Entry(parts=()), version=0, today=today
    )
    moves = {
        "submitted": [(owner, SignOff.SUBMITTED)],
        "published": [(owner, SignOff.SUBMITTED), (approver, SignOff.APPROVED)],
    }
    for person, target in moves.get(state, []):
        found = services.move(
            **common, user=person, target=target, reason="", version=found.version, today=today
        )
    if state == "published":  # as a release of the month would (docs/returns.md)
        Return.objects.filter(pk=found.pk).update(state="published")


RETURN_31 = f"{WS}/returns/3-1/2024-10/"


@pytest.mark.parametrize(
    ("username", "state", "path", "words"),
    [
        pytest.param("stranger", "", f"{WS}/returns/", "You cannot see this page", id="denied"),
        pytest.param("owner_a", "", RETURN_31, "Nothing has been entered yet.", id="not-started"),
        pytest.param("owner_a", "draft", RETURN_31, "Nothing entered", id="draft"),
        pytest.param("approver", "submitted", RETURN_31, "Approve or return", id="submitted"),
        pytest.param(
            "approver", "published", RETURN_31, "Correct published figures", id="published"
        ),
        pytest.param("owner_a", "", f"{WS}/returns/upload/", "Upload returns", id="upload"),
        pytest.param("owner_a", "", f"{WS}/history/", "History of the plan", id="history"),
    ],
)
def test_partnership_pages(
    open_page: OpenPage, settings: Any, username: str, state: str, path: str, words: str
) -> None:
    """The pages people with a role see, each return state among them, at 1280 and 320 px."""
    settings.RETURNS_TODAY = "2024-11-20"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    make_people()
    if state:
        _return_in("3.1", state)
    page = open_page(f"/sign-in/?next={path}")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").press("Enter")
    expect(page.locator("main").get_by_text(words, exact=True).first).to_be_visible()
    for viewport in (WIDE, NARROW):
        page.set_viewport_size(viewport)
        violations = axe_violations(page)
        assert not violations, f"{path} at {viewport['width']} px:\n" + describe_violations(
            violations
        )


def _sign_in(page: Page, username: str) -> None:
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").press("Enter")


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_the_returns_list_in_pages(open_page: OpenPage, settings: Any, javascript: bool) -> None:
    """An administrator's 423 open returns of December 2026, in pages of 50 (docs/collection.md):
    page 2 and the error for a page beyond the last pass axe at 1280 and 320 px, and the page
    links work from the keyboard, with or without JavaScript."""
    settings.RETURNS_TODAY = "2026-12-05"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    make_people()
    page = open_page(f"/sign-in/?next={WS}/returns/", javascript=javascript)
    _sign_in(page, "administrator")
    expect(page.get_by_text("Showing 1 to 50 of 423 open returns.", exact=True)).to_be_visible()
    page.get_by_role("link", name="Next page").press("Enter")
    expect(page.get_by_text("Showing 51 to 100 of 423 open returns.", exact=True)).to_be_visible()
    expect(page).to_have_title(re.compile(r"^Returns \(page 2 of 9\)"))
    expect(page.get_by_role("link", name="Page 2")).to_have_attribute("aria-current", "page")
    page.get_by_role("link", name="Page 9").press("Enter")
    expect(page.get_by_text("Showing 401 to 423 of 423 open returns.", exact=True)).to_be_visible()
    if not javascript:
        return
    for path in (f"{WS}/returns/?page=2", f"{WS}/returns/?state=overdue&page=10"):
        page.goto(page.url.split("/plans/")[0] + path)
        for viewport in (WIDE, NARROW):
            page.set_viewport_size(viewport)
            violations = axe_violations(page)
            assert not violations, f"{path} at {viewport['width']} px:\n" + describe_violations(
                violations
            )
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    expect(page.locator(".govuk-error-summary")).to_contain_text("There is no page 10")
    expect(page).to_have_title(re.compile(r"^Error: Returns: overdue \(page 1 of "))
