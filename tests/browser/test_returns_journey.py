"""The collection journey in Chromium, as its people do it: a data owner signs in, enters
October's figures, gets an error and corrects it, and submits; the approver returns them with a
reason; the owner corrects and submits again; the approver approves; the figure shows on the
partnership's scorecard (the public see it with the month's release). axe-core checks every
form page on the way, its error states included."""

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
    axe_violations,
    describe_violations,
    tab_to,
)
from tests.integration.web.collection import PASSWORD, PLAN_ID, make_people

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def people(site: str, settings: Any) -> None:
    settings.RETURNS_TODAY = "2024-11-20"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    make_people()


def _no_violations(page: Page) -> None:
    violations = axe_violations(page)
    assert not violations, f"{page.url}:\n" + describe_violations(violations)


def _sign_in(open_page: OpenPage, username: str, viewport: dict[str, int] = WIDE) -> Page:
    page = open_page(f"{WS}/returns/", viewport=viewport)
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    _no_violations(page)
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Returns", exact=True)).to_be_visible()
    return page


def _open_october(page: Page) -> None:
    page.get_by_role("link", name="3.1 The percentage of Education").filter(
        has_text="October 2024"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("3.1")
    expect(page.locator(".govuk-caption-l")).to_have_text("October 2024")


@pytest.mark.usefixtures("people")
def test_enter_return_correct_approve_publish(open_page: OpenPage) -> None:
    owner = _sign_in(open_page, "owner_a")
    _no_violations(owner)
    _open_october(owner)
    _no_violations(owner)

    owner.get_by_label("Figure", exact=True).fill("14.2%")
    owner.get_by_role("button", name="Save and submit for approval").click()
    summary = owner.locator(".govuk-error-summary")
    expect(summary).to_contain_text('"14.2%" is not a number')
    _no_violations(owner)
    summary.get_by_role("link").first.click()
    expect(owner.get_by_label("Figure", exact=True)).to_be_focused()

    owner.get_by_label("Figure", exact=True).fill("14.2")
    owner.get_by_label("What the figures tell us").fill("Better than September.")
    owner.get_by_role("button", name="Save and submit for approval").click()
    expect(owner.get_by_role("alert")).to_contain_text("submitted for approval")
    _no_violations(owner)

    approver = _sign_in(open_page, "approver")
    approver.get_by_role("link", name="Submitted: 1").click()
    _open_october(approver)
    _no_violations(approver)
    approver.get_by_role("button", name="Return for correction").click()
    expect(approver.locator(".govuk-error-summary")).to_contain_text("Say why")
    _no_violations(approver)
    approver.locator(".govuk-error-summary").get_by_role("link").first.click()
    expect(approver.get_by_label("Reason")).to_be_focused()
    expect(approver.get_by_label("Reason")).to_have_accessible_description(re.compile("Say why"))
    approver.get_by_label("Reason").fill("The figure for October looks high; check the count.")
    approver.get_by_role("button", name="Return for correction").click()
    expect(approver.get_by_role("alert")).to_contain_text("returned to their data owner")

    owner.goto(owner.url.split("?")[0])
    expect(owner.locator(".govuk-summary-list")).to_contain_text("returned for correction")
    owner.get_by_label("Figure", exact=True).fill("13.9")
    owner.get_by_role("button", name="Save and submit for approval").click()
    expect(owner.get_by_role("alert")).to_contain_text("submitted for approval")

    approver.goto(approver.url.split("?")[0])
    approver.get_by_role("button", name="Approve").click()
    expect(approver.get_by_role("alert")).to_contain_text("now show on the partnership's scorecard")
    history = approver.locator("table").last
    expect(history).to_contain_text("Returned (submitted to returned)")
    expect(history).to_contain_text("The figure for October looks high")

    approver.goto(approver.url.split("/plans/")[0] + f"{WS}/2024-10/metrics/3-1/")
    expect(approver.locator("main")).to_contain_text("13.9%")
    public = open_page(f"{WS}/2024-10/metrics/3-1/")  # the public see it with the release
    expect(public.locator("main")).not_to_contain_text("13.9%")


@pytest.mark.usefixtures("people")
def test_sign_out_ends_the_session(open_page: OpenPage) -> None:
    page = _sign_in(open_page, "viewer")
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="You have signed out")).to_be_visible()
    _no_violations(page)
    page.goto(page.url.replace("/sign-out/", f"{WS}/returns/"))
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()


@pytest.mark.usefixtures("people")
def test_an_upload_with_errors_shows_them_all_and_stores_nothing(open_page: OpenPage) -> None:
    from scorecard.web.returns.models import Return

    owner = _sign_in(open_page, "owner_a")
    owner.get_by_role("link", name="Upload several returns from a spreadsheet").click()
    expect(owner.get_by_role("heading", name="Upload returns")).to_be_visible()
    _no_violations(owner)
    bad = (
        "metric_id,component,period,version,status,value\r\n"
        "3.1,,2024-10,0,value,12.8%\r\n"
        "3.2,,2024-10,0,value,40\r\n"
        "3.1,,Oct 2024,0,value,13\r\n"
    )
    owner.get_by_label("The filled-in template").set_input_files(
        files=[{"name": "returns.csv", "mimeType": "text/csv", "buffer": bad.encode()}]
    )
    owner.get_by_role("button", name="Upload").click()
    expect(owner.locator(".govuk-error-summary")).to_contain_text("3 problems")
    problems = owner.locator("#problems")
    expect(problems).to_contain_text('"12.8%" is not a number')
    expect(problems).to_contain_text("You do not own metric 3.2")
    expect(problems).to_contain_text('"Oct 2024" is not a month')
    _no_violations(owner)
    # the summary's link takes the focus to the problems, whose region is named by its caption
    expect(owner.locator(".govuk-error-summary")).to_be_focused()
    owner.locator(".govuk-error-summary").get_by_role("link").click()
    expect(problems).to_be_focused()
    expect(problems).to_have_accessible_name("Problems in the file")
    expect(problems.get_by_role("rowheader", name="2", exact=True).first).to_be_visible()
    assert not Return.objects.exists()


@pytest.mark.usefixtures("people")
def test_the_internal_scorecard_flags_overdue_returns(open_page: OpenPage) -> None:
    page = _sign_in(open_page, "viewer")
    page.goto(page.url.split("/plans/")[0] + f"{WS}/2024-09/")
    expect(page.locator("main").get_by_text("⚠ 1 return overdue").first).to_be_visible()
    _no_violations(page)


@pytest.mark.usefixtures("people")
def test_an_administrator_changes_owners(open_page: OpenPage) -> None:
    page = _sign_in(open_page, "administrator")
    page.get_by_role("link", name="Owners", exact=True).click()
    expect(page.get_by_role("heading", name="Owners")).to_be_visible()
    _no_violations(page)
    page.get_by_role("link", name="Change the owners of 3.1").click()
    page.get_by_label("Data owner: the role that submits the figures").fill("")
    page.get_by_role("button", name="Save the owners").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the data owner's role")
    _no_violations(page)
    page.get_by_label("Data owner: the role that submits the figures").fill(
        "Head of SEND Assessment"
    )
    page.get_by_label("Why they change").fill("The team was reorganised.")
    page.get_by_role("button", name="Save the owners").click()
    expect(page.get_by_role("alert")).to_contain_text("The owners are changed")
    page.get_by_role("link", name="History", exact=True).click()
    expect(page.locator("main")).to_contain_text("metrics/3.1/ownership/data_owner")
    _no_violations(page)


WIDER_THAN_THE_SCREEN = """() => ({
  scrollWidth: document.documentElement.scrollWidth,
  innerWidth: window.innerWidth,
  wider: [...document.querySelectorAll('main *')]
    .filter(el => !el.closest('.app-table-scroll, .govuk-visually-hidden'))
    .filter(el => el.getBoundingClientRect().right > window.innerWidth + 0.5)
    .slice(0, 3)
    .map(el => el.outerHTML.slice(0, 120)),
})"""


def _fits(page: Page) -> None:
    found = page.evaluate(WIDER_THAN_THE_SCREEN)
    assert found["scrollWidth"] <= found["innerWidth"] and not found["wider"], (page.url, found)
    for region in page.locator(".app-table-scroll").all():
        expect(region).to_have_attribute("role", "region")
        expect(region).to_have_attribute("tabindex", "0")
        expect(region).to_have_accessible_name(re.compile(r"\w"))


@pytest.mark.usefixtures("people")
def test_the_returns_pages_fit_a_320_px_screen(open_page: OpenPage) -> None:
    """The returns table, a return's figures and history, and the owners table (with its
    visually hidden "Change" texts) scroll in their own regions."""
    administrator = _sign_in(open_page, "administrator", viewport=NARROW)
    administrator.goto(administrator.url.replace("/returns/", "/owners/"))
    expect(administrator.get_by_role("link", name="Change the owners of 3.1")).to_be_attached()
    _fits(administrator)
    owner = _sign_in(open_page, "owner_a", viewport=NARROW)
    _fits(owner)
    _open_october(owner)
    owner.get_by_label("Figure", exact=True).fill("14.2")
    owner.get_by_label("Numerator (optional)").fill("71")
    owner.get_by_label("Denominator (optional)").fill("500")
    owner.get_by_role("button", name="Save and submit for approval").click()
    expect(owner.get_by_role("alert")).to_contain_text("submitted for approval")
    expect(owner.get_by_role("region", name="The figures entered for October 2024")).to_be_visible()
    expect(owner.get_by_role("region", name="Every change to this return")).to_be_visible()
    _fits(owner)
    _no_violations(owner)


def _submitted(metric_id: str, owner: str, value: str, commentary: str = "") -> None:
    """October 2024's return of a metric, saved and submitted by its data owner, with
    `commentary` and, when there is commentary, a confirmation."""
    import datetime as dt
    from decimal import Decimal

    from django.contrib.auth.models import User

    from scorecard.domain.figures import Figure, FigureStatus
    from scorecard.domain.periods import Month
    from scorecard.domain.signoff import SignOff
    from scorecard.web.returns import services
    from scorecard.web.returns.entries import Entry

    october, now = Month.parse("2024-10"), dt.datetime(2024, 11, 20, 9, 0, tzinfo=dt.UTC)
    user = User.objects.get(username=owner)
    common = {"plan_id": PLAN_ID, "metric_id": metric_id, "period": october, "now": now}
    figure = Figure(metric_id, "", october, FigureStatus.VALUE, Decimal(value))
    confirmation = "Checked against the case system." if commentary else ""
    entry = Entry(parts=(), commentary=commentary, confirmation=confirmation)
    saved = services.save_entry(
        **common, user=user, figures=[figure], entry=entry, version=0, today=now.date()
    )
    services.move(
        **common,
        user=user,
        target=SignOff.SUBMITTED,
        reason="",
        version=saved.version,
        today=now.date(),
    )


# Long enough to be cut in the list, with a word as long as a web address.
COMMENTARY = (
    "Fewer requests than usual: https://www.westsussex.gov.uk/education-children-and-families/"
    "send Regional panel backlog cleared in the month, so more plans met the deadline."
)


def _box(page: Page, metric_id: str) -> str:
    """The selector of the approval checkbox of a metric's October 2024 return."""
    label = page.get_by_role("checkbox", name=re.compile(rf"^Approve {re.escape(metric_id)} "))
    return f"#{label.get_attribute('id')}"


@pytest.mark.usefixtures("people")
@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_an_approver_approves_two_returns_at_once_by_keyboard(
    open_page: OpenPage, javascript: bool
) -> None:
    """The returns list's checkboxes, reason and button, by keyboard only, with and without
    JavaScript: first with nothing ticked (the error summary leads to the first checkbox), then
    two returns ticked and approved together; axe-core at 1280 and 320 px on the way (with
    JavaScript: axe-core is a script)."""
    from scorecard.web.returns.models import Return

    _submitted("3.1", "owner_a", "14.2", commentary=COMMENTARY)
    _submitted("3.2", "owner_b", "41.5")
    page = open_page(f"/sign-in/?next={WS}/returns/%3Fstate%3Dsubmitted", javascript=javascript)
    page.get_by_label("User name").fill("approver")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").press("Enter")
    expect(page.get_by_role("table")).to_have_accessible_name("Submitted returns (2)")
    first = page.get_by_role("row", name=re.compile(r"^Approve 3\.1 "))
    for shown in ("14.2%", "September 2024: 12.8%", "Confirmed on entry", "families/send…"):
        expect(first).to_contain_text(shown)
    expect(page.get_by_role("row", name=re.compile(r"^Approve 3\.2 "))).to_contain_text(
        "41.5 weeks"
    )
    for name in ("3.1 The percentage of Education", "3.2 Average number of weeks"):
        box = page.get_by_role("checkbox", name=re.compile(rf"^Approve {re.escape(name)}"))
        expect(box).to_have_accessible_name(re.compile(r", October 2024, supplied by \w"))
    _each_width(page, axe=javascript)

    button = "form[action$='/returns/approve/'] button"
    tab_to(page, button)
    page.keyboard.press("Enter")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Select the returns to approve")
    expect(page).to_have_title(re.compile("^Error: Returns"))
    _each_width(page, axe=javascript)
    summary.get_by_role("link", name="Select the returns to approve").press("Enter")
    first = _box(page, "3.1")
    expect(page.locator(first)).to_be_focused()
    expect(page.locator(first)).to_have_accessible_description(
        re.compile("Select the returns to approve")
    )

    page.keyboard.press("Space")
    tab_to(page, _box(page, "3.2"))
    page.keyboard.press("Space")
    expect(page.locator(first)).to_be_checked()
    expect(page.locator(_box(page, "3.2"))).to_be_checked()
    tab_to(page, "#reason")
    page.keyboard.type("Both checked against the case systems.")
    tab_to(page, button)
    page.keyboard.press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("2 returns approved")
    expect(page.get_by_role("table")).to_have_count(0)  # no submitted returns are left
    _each_width(page, axe=javascript)
    approved = Return.objects.filter(state="approved", period="2024-10")
    assert sorted(approved.values_list("metric_id", flat=True)) == ["3.1", "3.2"]
    assert {r.events.last().reason for r in approved} == {"Both checked against the case systems."}


def _each_width(page: Page, *, axe: bool) -> None:
    """Nothing wider than 320 px, and no axe-core violations at 1280 and at 320 px (axe-core
    runs only with JavaScript: without it, the width alone is checked)."""
    for viewport in (NARROW, WIDE):
        page.set_viewport_size(viewport)
        if axe:
            _no_violations(page)
        if viewport is NARROW:
            _fits(page)
