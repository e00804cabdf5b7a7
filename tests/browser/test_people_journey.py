"""Managing people in Chromium, as an administrator does it: open People from the navigation,
add someone new as a data owner (first with mistakes, told at each field), then take the role
away with a reason; the plan's only administrator cannot be taken away. axe-core checks each
page and each error state on the way."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import WS, OpenPage, axe_violations, describe_violations
from tests.integration.web.collection import PASSWORD, make_people

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def people(site: str, settings: Any) -> None:
    settings.RETURNS_TODAY = "2024-11-20"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    make_people()


def _no_violations(page: Page) -> None:
    violations = axe_violations(page)
    assert not violations, f"{page.url}:\n" + describe_violations(violations)


def _sign_in_as_administrator(open_page: OpenPage) -> Page:
    page = open_page(f"{WS}/returns/")
    page.get_by_label("User name").fill("administrator")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Returns", exact=True)).to_be_visible()
    return page


@pytest.mark.usefixtures("people")
def test_an_administrator_gives_and_takes_away_a_role(open_page: OpenPage) -> None:
    from scorecard.web.accounts.models import PlanRole

    page = _sign_in_as_administrator(open_page)
    page.get_by_role("link", name="People", exact=True).click()
    expect(page.get_by_role("heading", name="People", exact=True)).to_be_visible()
    expect(page.get_by_role("table", name="People with a role in this plan")).to_contain_text(
        "Data owner of 3.1, 4.1"
    )
    _no_violations(page)

    # Someone new, with mistakes: no name, no email, no metric, no reason.
    page.get_by_label("Someone new").check()
    page.get_by_label("New user name").fill("olive.owner")
    page.get_by_label("Data owner").check()
    page.get_by_role("button", name="Give the role").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter the person's full name")
    expect(summary).to_contain_text("Enter the person's work email address")
    expect(summary).to_contain_text("Choose at least one metric the data owner owns")
    expect(summary).to_contain_text("Say why they get this role")
    expect(page).to_have_title(re.compile("^Error: People"))
    # the summary has the focus and is in view (the page is not scrolled down to the form)
    expect(summary).to_be_focused()
    expect(summary).to_be_in_viewport()
    _no_violations(page)
    summary.get_by_role("link", name="Enter the person's full name").click()
    expect(page.get_by_label("Full name")).to_be_focused()
    expect(page.get_by_label("Work email address")).to_have_accessible_description(
        re.compile("Enter the person's work email address")
    )
    assert not PlanRole.objects.filter(user__username="olive.owner").exists()

    page.get_by_label("Full name").fill("Olive Owner")
    page.get_by_label("Work email address").fill("olive@nhs.example")
    page.get_by_role("checkbox", name=re.compile(r"^3\.1 ")).check()
    page.get_by_label("Why they get this role").fill("Joined the performance team")
    page.get_by_role("button", name="Give the role").click()
    expect(page.get_by_role("alert")).to_contain_text("olive.owner is now a data owner of 3.1")
    history = page.get_by_role("table", name=re.compile("Every role given"))
    expect(history).to_contain_text("Given: a data owner of 3.1")
    expect(history).to_contain_text("administrator: Joined the performance team")
    _no_violations(page)

    # Take it away: first without a reason.
    page.get_by_role("link", name="Take away olive.owner’s role data owner").click()
    expect(page.get_by_role("heading", name="Take away a role")).to_be_visible()
    _no_violations(page)
    page.get_by_role("button", name="Take the role away").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Say why the role is taken away")
    _no_violations(page)
    page.get_by_label("Why the role is taken away").fill("Moved to another team")
    page.get_by_role("button", name="Take the role away").click()
    expect(page.get_by_role("alert")).to_contain_text("olive.owner no longer has the role")
    expect(history).to_contain_text("Taken away: a data owner of 3.1")
    _no_violations(page)
    assert not PlanRole.objects.filter(user__username="olive.owner").exists()

    # The plan's only administrator keeps the role.
    page.get_by_role("link", name="Take away administrator’s role administrator").click()
    expect(page.locator(".govuk-warning-text")).to_contain_text("the plan’s only administrator")
    expect(page.get_by_role("button", name="Take the role away")).to_have_count(0)
    _no_violations(page)
