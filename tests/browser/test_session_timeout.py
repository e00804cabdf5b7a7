"""The session timeout warning (WCAG 2.2.1 Timing Adjustable): two minutes before an idle
session would end, someone signed in is told, in a modal dialog that has the focus, and can stay
signed in from the keyboard (Enter, or Escape) without losing what they typed; once the session
has ended, the dialog says so. The session lasts 124 seconds here, so the warning comes after 4.

Tabs of the same browser count from the latest request the server saw: a tab left alone while
another is used does not warn, and its warning closes when another tab stays signed in; and a
page says the session has ended only once the server, asked without keeping it going, says so."""

from __future__ import annotations

import re
import time
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
RETURNS = f"{WS}/returns/"
WARNING = 15_000  # ms: the warning comes 4 seconds after the page opens
CHECKED = re.compile(r"/session-time-left/$")


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
    dialog = page.get_by_role("alertdialog")
    expect(dialog).to_be_visible(timeout=WARNING)
    expect(dialog).to_have_accessible_name("You will be signed out in 2 minutes")
    Session.objects.all().delete()  # ended meanwhile (another tab signed out, say)
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
def test_a_session_ended_before_the_warning_is_said_to_have_ended(open_page: OpenPage) -> None:
    """Asked when the warning is due, the server says the session has ended (signed out in
    another tab, say): the page says so at once, rather than offering to stay signed in."""
    from django.contrib.sessions.models import Session

    page = _signed_in_at_the_return(open_page)
    Session.objects.all().delete()
    dialog = page.get_by_role("alertdialog")
    with page.expect_response(CHECKED, timeout=WARNING) as checked:
        pass
    assert checked.value.status == 403
    expect(dialog).to_have_accessible_name("You have been signed out")
    expect(dialog.get_by_role("button", name="Close")).to_be_focused()


@pytest.mark.usefixtures("people")
def test_a_tab_left_alone_does_not_warn_while_another_is_used(
    open_page: OpenPage, site: str, settings: Any
) -> None:
    """The return is left open while the person opens pages in a second tab: the return's
    warning comes only once the session would really end, counted from the second tab."""
    settings.SESSION_COOKIE_AGE = 130  # the warning comes 10 seconds after the latest request
    page = _signed_in_at_the_return(open_page)
    opened = time.monotonic()
    page.get_by_label("Figure", exact=True).fill("14.2")
    other = page.context.new_page()
    page.wait_for_timeout(5_000)
    other.goto(site + RETURNS)
    expect(other.get_by_role("heading", level=1)).to_be_visible()
    # the return's own warning would have come 10 seconds after it opened
    page.wait_for_timeout(max(0, (opened + 12 - time.monotonic()) * 1000))
    dialog = page.get_by_role("alertdialog")
    expect(dialog).to_be_hidden()
    expect(other.get_by_role("alertdialog")).to_be_hidden()
    # and it comes, in both tabs, 10 seconds after the second tab's page
    expect(dialog).to_be_visible(timeout=WARNING)
    expect(dialog).to_have_accessible_name("You will be signed out in 2 minutes")
    expect(other.get_by_role("alertdialog")).to_be_visible(timeout=WARNING)
    expect(page.get_by_label("Figure", exact=True)).to_have_value("14.2")


@pytest.mark.usefixtures("people")
def test_a_warning_closes_when_another_tab_stays_signed_in(open_page: OpenPage, site: str) -> None:
    page = _signed_in_at_the_return(open_page)
    page.get_by_label("Figure", exact=True).fill("14.2")
    other = page.context.new_page()
    other.goto(site + RETURNS)
    dialog = page.get_by_role("alertdialog")
    other_dialog = other.get_by_role("alertdialog")
    expect(dialog).to_be_visible(timeout=WARNING)
    expect(other_dialog).to_be_visible(timeout=WARNING)

    with other.expect_response(re.compile(r"/stay-signed-in/$")) as kept:
        other_dialog.get_by_role("button", name="Stay signed in").click()
    assert kept.value.status == 204
    expect(other_dialog).to_be_hidden()
    expect(dialog).to_be_hidden(timeout=3_000)
    expect(page.get_by_label("Figure", exact=True)).to_have_value("14.2")
    # counted from the second tab's "Stay signed in", the warning comes again in both
    expect(dialog).to_be_visible(timeout=WARNING)
    expect(dialog).to_have_accessible_name("You will be signed out in 2 minutes")


@pytest.mark.usefixtures("people")
def test_signed_out_is_said_only_once_the_server_says_so(
    open_page: OpenPage, site: str, settings: Any
) -> None:
    """A request that opens no page (a download) keeps the session going without the page
    knowing: when the page's own count runs out, the server is asked, and the warning stays
    until the session has really ended."""
    settings.SESSION_COOKIE_AGE = 20  # shorter than the warning: it comes at once
    page = _signed_in_at_the_return(open_page)
    answers: list[int] = []
    page.on("response", lambda r: answers.append(r.status) if CHECKED.search(r.url) else None)
    opened = time.monotonic()
    dialog = page.get_by_role("alertdialog")
    expect(dialog).to_be_visible(timeout=WARNING)
    page.wait_for_timeout(8_000)
    download = page.context.request.get(site + f"{WS}/returns/template.csv")
    assert download.status == 200  # the session now ends 20 seconds after this
    downloaded = time.monotonic()
    # the page's own count ran out at 20 seconds; the server said the session had not ended
    page.wait_for_timeout(max(0, (opened + 24 - time.monotonic()) * 1000))
    expect(dialog).to_have_accessible_name("You will be signed out in 2 minutes")
    expect(dialog).to_have_accessible_name("You have been signed out", timeout=WARNING)
    assert time.monotonic() >= downloaded + 19
    assert answers[-1] == 403 and 200 in answers, answers  # "not yet", then "ended"
    expect(dialog.get_by_role("button", name="Close")).to_be_focused()


@pytest.mark.usefixtures("people")
def test_without_javascript_the_warning_never_shows(open_page: OpenPage) -> None:
    page = open_page(f"/sign-in/?next={RETURN_31}", javascript=False)
    page.get_by_label("User name").fill("owner_a")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("#session-timeout")).to_be_attached()
    expect(page.locator("#session-timeout")).to_be_hidden()
    expect(page.get_by_role("alertdialog")).to_have_count(0)


@pytest.mark.usefixtures("people")
def test_when_the_scorecard_cannot_be_reached_the_warning_stays(
    open_page: OpenPage, settings: Any
) -> None:
    """Neither kept nor known to have ended: the warning stays, saying that the scorecard could
    not be reached; the page asks again, and says the session has ended once the server does."""
    settings.SESSION_COOKIE_AGE = 20  # shorter than the warning: it comes at once
    page = _signed_in_at_the_return(open_page)
    opened = time.monotonic()
    page.route(re.compile(r"/(stay-signed-in|session-time-left)/$"), lambda route: route.abort())
    dialog = page.get_by_role("alertdialog")
    expect(dialog).to_be_visible(timeout=WARNING)
    page.keyboard.press("Enter")
    expect(dialog.get_by_role("status")).to_have_text(
        "The scorecard could not be reached to keep you signed in. Check your connection, "
        "then choose Stay signed in."
    )
    expect(dialog).to_have_accessible_name("You will be signed out in 2 minutes")
    _no_violations(page)
    page.wait_for_timeout(max(0, (opened + 24 - time.monotonic()) * 1000))
    expect(dialog).to_have_accessible_name("You will be signed out in 2 minutes")
    page.unroute(re.compile(r"/(stay-signed-in|session-time-left)/$"))
    expect(dialog).to_have_accessible_name("You have been signed out", timeout=WARNING)


@pytest.mark.usefixtures("people")
def test_without_local_storage_each_tab_counts_for_itself(open_page: OpenPage) -> None:
    page = open_page(f"/sign-in/?next={RETURN_31}")
    page.context.add_init_script(
        "Object.defineProperty(window, 'localStorage', {get() {"
        " throw new DOMException('blocked', 'SecurityError'); }});"
    )
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.get_by_label("User name").fill("owner_a")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("3.1")
    assert page.evaluate("() => { try { return !localStorage; } catch { return true; } }")
    dialog = page.get_by_role("alertdialog")
    expect(dialog).to_be_visible(timeout=WARNING)
    with page.expect_response(re.compile(r"/stay-signed-in/$")) as kept:
        page.keyboard.press("Enter")
    assert kept.value.status == 204
    expect(dialog).to_be_hidden()
    expect(dialog).to_be_visible(timeout=WARNING)
    assert not errors, errors
