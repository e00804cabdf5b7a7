"""The session timeout warning (WCAG 2.2.1 Timing Adjustable): two minutes before an idle
session would end, someone signed in is told, in a modal dialog that has the focus, and can stay
signed in from the keyboard (Enter, or Escape) without losing what they typed; once the session
has ended, the dialog says so. The session lasts 124 seconds here, so the warning comes after 4."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import (
    NARROW,
    WIDE,
    WS,
    OpenPage,
    assert_focus_visible,
    axe_violations,
    describe_violations,
)
from tests.integration.web.collection import PASSWORD, make_people

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RETURN_31 = f"{WS}/returns/3-1/2024-10/"
WARNING = 15_000  # ms: the warning comes 4 seconds after the page opens


@pytest.fixture
def people(site: str, settings: Any) -> None:
    settings.RETURNS_TODAY = "2024-11-20"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.SESSION_COOKIE_AGE = 124
    make_people()


def _signed_in_at_the_return(open_page: OpenPage) -> Page:
    page = open_page(f"/sign-in/?next={RETURN_31}")
    expect(page.locator("#session-timeout")).to_have_count(0)  # not signed in: no warning
    page.get_by_label("User name").fill("owner_a")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("3.1")
    return page


def _no_violations(page: Page) -> None:
    for viewport in (WIDE, NARROW):
        page.set_viewport_size(viewport)
        violations = axe_violations(page)
        assert not violations, f"at {viewport['width']} px:\n" + describe_violations(violations)
        box = page.get_by_role("alertdialog").bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"], box
    page.set_viewport_size(WIDE)


@pytest.mark.usefixtures("people")
def test_the_warning_keeps_the_session_and_what_was_typed(open_page: OpenPage) -> None:
    page = _signed_in_at_the_return(open_page)
    figure = page.get_by_label("Figure", exact=True)
    figure.fill("14.2")

    dialog = page.get_by_role("alertdialog")
    expect(dialog).to_be_visible(timeout=WARNING)
    expect(dialog).to_have_accessible_name("You will be signed out in 2 minutes")
    expect(dialog).to_have_accessible_description(
        re.compile("signed out after 2 minutes without opening a page or sending a form")
    )
    stay = dialog.get_by_role("button", name="Stay signed in")
    expect(stay).to_be_focused()
    assert_focus_visible(page)
    _no_violations(page)

    with page.expect_response(re.compile(r"/stay-signed-in/$")) as kept:
        page.keyboard.press("Enter")
    assert kept.value.status == 204
    expect(dialog).to_be_hidden()
    expect(figure).to_be_focused()
    expect(figure).to_have_value("14.2")

    # it comes again, and Escape stays signed in too
    expect(dialog).to_be_visible(timeout=WARNING)
    with page.expect_response(re.compile(r"/stay-signed-in/$")) as kept:
        page.keyboard.press("Escape")
    assert kept.value.status == 204
    expect(dialog).to_be_hidden()

    # the figures are still saved: the session was kept
    page.get_by_role("button", name="Save as a draft").click()
    expect(page.get_by_role("alert")).to_contain_text("saved")
    expect(page.get_by_label("Figure", exact=True)).to_have_value("14.2")


@pytest.mark.usefixtures("people")
def test_a_session_that_has_ended_is_said_to_have_ended(open_page: OpenPage) -> None:
    from django.contrib.sessions.models import Session

    page = _signed_in_at_the_return(open_page)
    Session.objects.all().delete()  # ended meanwhile (another tab signed out, say)
    dialog = page.get_by_role("alertdialog")
    expect(dialog).to_be_visible(timeout=WARNING)
    with page.expect_response(re.compile(r"/stay-signed-in/$")) as kept:
        page.keyboard.press("Enter")
    assert kept.value.status == 403
    expect(dialog).to_have_accessible_name("You have been signed out")
    expect(dialog).to_contain_text("copy it before you sign in again")
    expect(dialog.get_by_role("link", name="sign in again")).to_have_attribute(
        "href", f"/sign-in/?next={RETURN_31.replace('/', '%2F')}"
    )
    expect(dialog.get_by_role("button", name="Close")).to_be_focused()
    _no_violations(page)
    page.keyboard.press("Enter")
    expect(dialog).to_be_hidden()


@pytest.mark.usefixtures("people")
def test_without_javascript_the_warning_never_shows(open_page: OpenPage) -> None:
    page = open_page(f"/sign-in/?next={RETURN_31}", javascript=False)
    page.get_by_label("User name").fill("owner_a")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("#session-timeout")).to_be_attached()
    expect(page.locator("#session-timeout")).to_be_hidden()
    expect(page.get_by_role("alertdialog")).to_have_count(0)
