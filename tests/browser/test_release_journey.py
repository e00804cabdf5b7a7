"""Releases in Chromium, as approvers and the public use them: an approver tries a month that
is blocked, prepares September 2024, gets the embargo wrong, and publishes it by keyboard; the
public open the latest release and download its files; a figure is corrected, the approver
publishes an amendment (first without saying why), and the public see the newer version with
the revised figure marked, and the scorecard's pages marking it too. axe-core checks every page
on the way, each error state included, at 1280 and at 320 CSS px, where the page must not scroll
sideways."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urljoin

import pytest
from playwright.sync_api import Page, expect

from scorecard.domain.periods import Month
from tests.browser.conftest import (
    NARROW,
    SYNTHETIC,
    WIDE,
    WS,
    OpenPage,
    axe_violations,
    describe_violations,
    focused_matches,
    page_url,
    tab_to,
)
from tests.integration.web.collection import PASSWORD, make_people
from tests.integration.web.test_releases import _correct_august_3_1

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

V1 = f"{WS}/releases/2024-09/v1/"
V2 = f"{WS}/releases/2024-09/v2/"
RENDERING = 60_000  # ms: publishing renders every file, the PDF included, which can take a while
RELEASE_BUTTON = "form[action$='/release/'] button[type=submit]"
MEDIA_TYPES = {
    "index.html": "text/html",
    "scorecard.pdf": "application/pdf",
    "scorecard.xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "data.csv": "text/csv",
    "datapackage.json": "application/json",
}

# Anything but the scrolling table regions (and visually hidden text) wider than the screen.
WIDER_THAN_THE_SCREEN = """scrolls => ({
  scrollWidth: document.documentElement.scrollWidth,
  innerWidth: window.innerWidth,
  wider: [...document.querySelectorAll('body *')]
    .filter(el => !el.closest(scrolls + ', .govuk-visually-hidden, .visually-hidden'))
    .filter(el => !el.matches('.govuk-skip-link, .skip-link'))
    .filter(el => el.getBoundingClientRect().right > window.innerWidth + 0.5)
    .slice(0, 3)
    .map(el => el.outerHTML.slice(0, 120)),
})"""


@pytest.fixture
def people(site: str, settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    make_people()


def accessible(page: Page, *, name: str = "", scrolls: str = ".app-table-scroll") -> None:
    """No axe-core violation at 1280 px nor at 320 px, and nothing but the table regions (each
    a labelled, focusable region) wider than a 320 px screen. Leaves the page at 1280 px."""
    where = name or page.url
    for viewport in (WIDE, NARROW):
        page.set_viewport_size(viewport)
        violations = axe_violations(page)
        assert not violations, f"{where} at {viewport['width']} px:\n" + describe_violations(
            violations
        )
    found = page.evaluate(WIDER_THAN_THE_SCREEN, scrolls)
    assert found["scrollWidth"] <= found["innerWidth"] and not found["wider"], (where, found)
    for region in page.locator(scrolls).all():
        expect(region).to_have_attribute("role", "region")
        expect(region).to_have_attribute("tabindex", "0")
        expect(region).to_have_accessible_name(re.compile(r"\w"))
    page.set_viewport_size(WIDE)


def _sign_in(open_page: OpenPage, username: str) -> Page:
    page = open_page(f"/sign-in/?next={WS}/releases/")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Releases of the scorecard")).to_be_visible()
    return page


def _error_moves_focus(page: Page, words: str, field: str) -> None:
    """The error summary says `words`; its link moves the focus to the field, whose accessible
    description (or its fieldset's) carries the same error."""
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text(words)
    expect(page).to_have_title(re.compile("^Error: "))
    accessible(page)
    summary.get_by_role("link", name=re.compile(re.escape(words))).click()
    target = page.locator(f"#{field}")
    expect(target).to_be_focused()
    # a text field describes its own error; a group of radios, its fieldset
    radio = target.get_attribute("type") == "radio"
    described = target.locator("xpath=ancestor::fieldset[1]") if radio else target
    expect(described).to_have_accessible_description(re.compile(re.escape(words)))


def _reach(page: Page, selector: str) -> None:
    """Tab (or Shift+Tab, if it comes before the focus) to the element, focus visible on the
    way."""
    before = page.evaluate(
        """s => {
          const target = document.querySelector(s), now = document.activeElement;
          if (!now || now === document.body || now === target) return false;
          return !!(now.compareDocumentPosition(target) & Node.DOCUMENT_POSITION_PRECEDING);
        }""",
        selector,
    )
    if not focused_matches(page, selector):
        tab_to(page, selector, backwards=before)


def _prepare(page: Page, month: str) -> None:
    """By keyboard: Tab to the month, type it, Tab to the button, Enter."""
    _reach(page, "input#period")
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type(month)
    _reach(page, "form[action$='/prepare/'] button")
    page.keyboard.press("Enter")


def _tab_and_press(page: Page, selector: str, key: str = "Enter") -> None:
    _reach(page, selector)
    page.keyboard.press(key)


@pytest.mark.usefixtures("people")
def test_prepare_publish_and_amend_a_release(open_page: OpenPage, site: str) -> None:
    # Nothing is published yet; the public list says so.
    public = open_page(f"{WS}/releases/")
    expect(public.locator("main")).to_contain_text("Nothing has been published yet.")
    accessible(public)

    approver = _sign_in(open_page, "approver")
    navigation = approver.get_by_role("navigation", name="Menu")
    navigation.get_by_role("link", name="Releases").click()
    expect(navigation.get_by_role("link", name="Releases")).to_have_attribute(
        "aria-current", "page"
    )
    accessible(approver)

    # A month that something blocks, and a month that is not a month.
    _prepare(approver, "2024-10")
    _error_moves_focus(approver, "The October 2024 release of plan", "period")
    blocking = approver.get_by_role("heading", name="What blocks the release")
    expect(blocking).to_be_visible()
    expect(approver.locator("main")).to_contain_text("Metric 3.1: no figure for October 2024")
    _prepare(approver, "next month")
    _error_moves_focus(approver, "next month", "period")

    # September 2024 is ready: its draft.
    _prepare(approver, "2024-09")
    expect(approver).to_have_url(page_url(site, V1))
    expect(approver.locator("main .govuk-tag").first).to_have_text("Draft: not published")
    expect(approver.locator(".govuk-warning-text")).to_contain_text("Not published")
    accessible(approver)

    # Publishing needs a choice of when; an embargo needs a date (Enter in the field submits).
    _tab_and_press(approver, RELEASE_BUTTON)
    _error_moves_focus(approver, "Choose when this version becomes public", "when")
    approver.get_by_label("At a date and time").check()
    approver.get_by_label("Embargo date").fill("31/10/2024")
    approver.get_by_label("Embargo date").press("Enter")
    _error_moves_focus(approver, "Enter the embargo date as YYYY-MM-DD", "embargo_date")
    expect(approver.get_by_label("At a date and time")).to_be_checked()
    approver.get_by_label("Embargo date").fill("2020-01-16")
    approver.get_by_label("Embargo date").press("Enter")
    _error_moves_focus(approver, "The embargo must be in the future", "embargo_date")

    # Published by keyboard: the radios are one stop, an arrow key chooses "Now", and Enter
    # presses the button.
    _tab_and_press(approver, "input#when-embargo", key="ArrowUp")
    expect(approver.locator("input#when")).to_be_focused()
    expect(approver.get_by_label("Now", exact=True)).to_be_checked()
    _tab_and_press(approver, RELEASE_BUTTON)
    expect(approver).to_have_url(page_url(site, V1), timeout=RENDERING)
    expect(approver.locator("main .govuk-tag").first).to_contain_text("Published")
    expect(approver.locator(".govuk-warning-text")).to_have_count(0)
    accessible(approver)

    # The public: the latest release, its files, and nothing for the partnership only.
    public.goto(site + f"{WS}/releases/latest/")
    expect(public).to_have_url(page_url(site, V1))
    expect(public.get_by_role("heading", level=1)).to_have_text("September 2024 release, version 1")
    _downloads_work(public, expected=set(MEDIA_TYPES))
    expect(public.locator("main a[href$='board-pack.pdf']")).to_have_count(0)
    expect(public.locator("main form, main button")).to_have_count(0)
    expect(public.get_by_role("heading", name="Publish this version")).to_have_count(0)
    accessible(public)
    public.goto(site + f"{WS}/releases/")
    expect(public.locator("main table")).to_contain_text("September 2024")
    accessible(public)

    # A data owner's correction reaches the store; the approver prepares an amendment.
    _correct_august_3_1("10.2")
    approver.get_by_role("navigation", name="Menu").get_by_role("link", name="Releases").click()
    # the keyboard waits for the new page: a Tab pressed while it loads is lost with the old one
    expect(approver).to_have_url(page_url(site, f"{WS}/releases/"))
    approver.wait_for_load_state()
    _prepare(approver, "2024-09")
    expect(approver).to_have_url(page_url(site, V2))
    expect(approver.locator("main .govuk-tag").first).to_have_text("Draft: not published")
    accessible(approver)
    approver.get_by_label("Now", exact=True).check()
    approver.get_by_role("button", name="Publish or schedule").click(timeout=RENDERING)
    _error_moves_focus(approver, "say why it is being amended", "reason")
    reason = "A data owner corrected a figure after publication."
    approver.get_by_label("Why is the release being amended?").fill(reason)
    approver.get_by_role("button", name="Publish or schedule").click(timeout=RENDERING)
    _error_moves_focus(approver, "Say what changed, for readers", "change_note")
    expect(approver.get_by_label("Why is the release being amended?")).to_have_value(reason)
    approver.get_by_label("What changed, for readers").fill("3.1 for August 2024 corrected.")
    approver.get_by_role("button", name="Publish or schedule").click(timeout=RENDERING)
    expect(approver).to_have_url(page_url(site, V2), timeout=RENDERING)
    expect(approver.locator("main .govuk-tag").first).to_contain_text("Published")
    accessible(approver)

    # The public's version 1 points to version 2, which marks the revised figure.
    public.goto(site + V1)
    newer = public.locator(".govuk-inset-text")
    expect(newer).to_contain_text("This is not the latest version")
    accessible(public)
    newer.get_by_role("link", name="Read version 2").click()
    expect(public).to_have_url(page_url(site, V2))
    revised = public.locator("main td", has_text="[r]")
    expect(revised).to_have_count(1)
    expect(revised).to_contain_text("10.2")
    expect(revised).to_contain_text("(revised)")
    expect(public.locator("#versions ~ dl")).to_contain_text(f"Why: {reason}")
    accessible(public)
    _stored_page_is_accessible(public, V2 + "files/index.html", "[r]")

    # The public scorecard marks the same figure, in the release's words: on the metric's page
    # in the chart's table and the table of every month, and on August's overview.
    public.goto(site + f"{WS}/2024-09/metrics/3-1/")
    revised = public.locator("main td", has_text="[r]")
    expect(revised).to_have_count(2)
    for cell in revised.all():
        expect(cell).to_have_text(re.compile(r"^\s*10\.2% \[r\] \(revised\)\s*$"))
    expect(public.locator("#marks")).to_contain_text("[r] revised since it was first published")
    accessible(public)
    public.goto(site + f"{WS}/2024-08/")
    expect(public.locator("main td", has_text="[r]")).to_have_count(1)
    expect(public.locator("main td", has_text="[r]")).to_contain_text("10.2%")
    accessible(public)


def _downloads_work(page: Page, *, expected: set[str]) -> None:
    links = page.locator("main a[href*='/files/']")
    found = set()
    for link in links.all():
        href = link.get_attribute("href") or ""
        name = href.rsplit("/", 1)[-1]
        response = page.request.get(urljoin(page.url, href))
        assert response.status == 200, (href, response.status)
        assert response.headers["content-type"].startswith(MEDIA_TYPES[name]), response.headers
        assert len(response.body()) > 100, href
        found.add(name)
    assert found == expected


def _stored_page_is_accessible(page: Page, path: str, *words: str) -> None:
    """The version's own self-contained web page (index.html), as stored and served."""
    response = page.request.get(urljoin(page.url, path))
    assert response.status == 200
    stored = page.context.new_page()
    stored.set_content(response.text())
    for word in words:
        expect(stored.locator("main")).to_contain_text(word)
    accessible(stored, name=path, scrolls=".table-wrap")
    stored.close()


@pytest.mark.usefixtures("people")
def test_a_withheld_figure_reads_as_withheld_in_the_public_release(
    open_page: OpenPage, site: str
) -> None:
    """5.2 for November 2026, in the synthetic plan, is an average over two young people:
    withheld under its disclosure policy in the public release page and its files."""
    from django.utils import timezone

    from scorecard.web.releases import services

    plan_id = SYNTHETIC.rsplit("/", 1)[-1]
    november = Month.parse("2026-11")
    assert services.check(plan_id, november).ready
    now = timezone.now()
    draft = services.prepare(plan_id, november, by="approver", now=now)
    services.publish(draft, by="approver", now=now)
    page = open_page(f"{SYNTHETIC}/releases/latest/")
    expect(page).to_have_url(page_url(site, f"{SYNTHETIC}/releases/2026-11/v1/"))
    row = page.locator("main tr", has=page.locator("th", has_text=re.compile(r"^5\.2 ")))
    expect(row.locator("td").nth(1 + 7)).to_have_text("[c]")  # target, then April to November
    accessible(page)
    _stored_page_is_accessible(page, f"{SYNTHETIC}/releases/2026-11/v1/files/index.html", "[c]")


@pytest.mark.usefixtures("people")
def test_the_release_pages_work_without_javascript(open_page: OpenPage, site: str) -> None:
    """The error summary's link still moves the focus to its field, and the embargo's fields
    show without the radios' script."""
    page = open_page(f"/sign-in/?next={WS}/releases/", javascript=False)
    page.get_by_label("User name").fill("approver")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Prepare a month’s release").fill("2024-10")
    page.get_by_role("button", name="Prepare the release").click()
    page.locator(".govuk-error-summary").get_by_role("link").click()
    expect(page.get_by_label("Prepare a month’s release")).to_be_focused()
    page.get_by_label("Prepare a month’s release").fill("2024-09")
    page.get_by_role("button", name="Prepare the release").click()
    expect(page).to_have_url(page_url(site, V1))
    expect(page.get_by_label("Embargo date")).to_be_visible()
    page.get_by_label("At a date and time").check()
    page.get_by_label("Embargo date").fill("soon")
    page.get_by_role("button", name="Publish or schedule").click(timeout=RENDERING)
    page.locator(".govuk-error-summary").get_by_role("link").click()
    expect(page.get_by_label("Embargo date")).to_be_focused()
    page.get_by_label("Now", exact=True).check()
    page.get_by_role("button", name="Publish or schedule").click(timeout=RENDERING)
    expect(page.locator("main .govuk-tag").first).to_contain_text("Published", timeout=RENDERING)


@pytest.mark.usefixtures("people")
def test_a_scheduled_version_goes_back_to_draft_and_a_refresh_can_be_blocked(
    open_page: OpenPage, site: str
) -> None:
    """A scheduled version and its "Back to draft" by keyboard; a refresh that an unapproved
    return blocks lists what blocks it under the actions' heading, which its error link
    focuses."""
    import datetime as dt

    from django.utils import timezone

    from scorecard.web.catalogue.models import Plan as StoredPlan
    from scorecard.web.releases import services
    from scorecard.web.returns.models import Return

    now = timezone.now()
    draft = services.prepare("west-sussex-2024-27", Month.parse("2024-09"), by="approver", now=now)
    services.schedule(draft, embargo=now + dt.timedelta(days=1), by="approver", now=now)
    approver = _sign_in(open_page, "approver")
    expect(approver.get_by_role("link", name="The latest release")).to_have_count(0)
    approver.get_by_role("link", name=re.compile(r"^September 2024\W+version 1$")).click()
    expect(approver.locator("main .govuk-tag").first).to_contain_text("Scheduled for")
    expect(approver.locator(".govuk-warning-text")).to_contain_text("Not published")
    accessible(approver)
    _tab_and_press(approver, "form[action$='/unschedule/'] button")
    expect(approver.locator("main .govuk-tag").first).to_have_text("Draft: not published")

    Return.objects.create(
        plan=StoredPlan.objects.get(plan_id="west-sussex-2024-27"),
        metric_id="3.2",
        period="2024-09",
        state="submitted",
        updated_at=now,
    )
    _tab_and_press(approver, "form[action$='/refresh/'] button")
    _error_moves_focus_to_actions(approver)
    expect(approver.locator("#actions + ul")).to_contain_text(
        "Metric 3.2: the September 2024 return is submitted, not approved"
    )


def _error_moves_focus_to_actions(page: Page) -> None:
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("The September 2024 release of plan")
    accessible(page)
    summary.get_by_role("link").click()
    expect(page.locator("#actions")).to_be_focused()


@pytest.mark.usefixtures("people")
def test_a_long_unbroken_reason_wraps_on_a_narrow_screen(open_page: OpenPage, site: str) -> None:
    """A reason and change note as long as they may be, without a space in them, wrap: neither
    the version's page nor its published web page scrolls sideways at 320 px."""
    from django.utils import timezone

    from scorecard.web.releases import amendments, services

    now, month = timezone.now(), Month.parse("2024-09")
    services.publish_now("west-sussex-2024-27", month, by="approver", now=now)
    _correct_august_3_1("10.2")
    services.publish_now(
        "west-sussex-2024-27",
        month,
        by="approver",
        now=now,
        reason="x" * amendments.REASON_LIMIT,
        change_note="y" * amendments.CHANGE_NOTE_LIMIT,
    )
    for path in (V2, f"{V2}files/index.html"):
        page = open_page(path, viewport=NARROW)
        expect(page.get_by_text("x" * 100, exact=False).first).to_be_visible()
        scrolls = ".app-table-scroll" if path == V2 else ".table-wrap"
        found = page.evaluate(WIDER_THAN_THE_SCREEN, scrolls)
        assert found["scrollWidth"] <= found["innerWidth"] and not found["wider"], (path, found)
    # In the published page, the table of changes wraps them rather than scrolling (at 390 px:
    # at 320 its four columns' headings alone are a little wider, and its region scrolls).
    page.set_viewport_size({"width": 390, "height": 800})
    changes = page.locator("table.changes").locator("xpath=..")
    assert changes.evaluate("e => e.scrollWidth <= e.clientWidth"), changes.evaluate(
        "e => [e.scrollWidth, e.clientWidth]"
    )
