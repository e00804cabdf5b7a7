"""The release page's refusals and the states a version reaches on its own, in Chromium:
publishing or scheduling a draft gone out of date, a draft whose month became blocked, a
scheduled version whose embargo has passed, and an amendment whose reason gives a withheld
number. Each passes axe-core at 1280 and 320 px; its error summary takes the focus and leads to
the field or heading at fault; the keyboard reaches every control in the page's order, the
focus visible; and the same refusals work without JavaScript."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from scorecard.domain.periods import Month
from tests.browser.conftest import WS, OpenPage, assert_tab_order, page_url
from tests.browser.test_release_journey import RENDERING, accessible
from tests.integration.web.collection import PASSWORD, PLAN_ID, make_people
from tests.integration.web.test_releases import _correct_august_3_1

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SEPTEMBER = Month.parse("2024-09")
V1 = f"{WS}/releases/2024-09/v1/"
V2 = f"{WS}/releases/2024-09/v2/"
OUT_OF_DATE = "Version 1 is out of date: since it was prepared, figures changed: 3.1 2024-08"
# 4.6, permanent exclusions of pupils with an EHC plan, is under the DfE rule: 1 or 2 withheld.
LEAKY = "4.6 for August 2024 corrected from 14 to 2."


@pytest.fixture
def people(site: str, settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    make_people()


def _signed_in(open_page: OpenPage, path: str, *, javascript: bool = True) -> Page:
    page = open_page(f"/sign-in/?next={path}", javascript=javascript)
    page.get_by_label("User name").fill("approver")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    return page


def _refused(page: Page, words: str, target: str) -> None:
    """The error summary has the focus and says `words` (the title starts "Error: "); the page
    passes axe and its controls are reached in order from the summary; the summary's link moves
    the focus to `target`, which describes the error in words (never by colour alone)."""
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text(words)
    expect(page).to_have_title(re.compile("^Error: "))
    accessible(page)
    assert_tab_order(page)
    summary.get_by_role("link", name=re.compile(re.escape(words))).click()
    expect(page.locator(f"#{target}")).to_be_focused()


def _publish(page: Page, when: str = "now") -> None:
    if when == "now":
        page.get_by_label("Now", exact=True).check()
    else:
        page.get_by_label("At a date and time").check()
        page.get_by_label("Embargo date").fill(when)
    page.get_by_role("button", name="Publish or schedule").click(timeout=RENDERING)


@pytest.mark.usefixtures("people")
def test_a_draft_out_of_date_then_blocked_is_refused_in_the_page(
    open_page: OpenPage, site: str
) -> None:
    from django.utils import timezone

    from scorecard.web.catalogue.models import Plan as StoredPlan
    from scorecard.web.releases import services
    from scorecard.web.returns.models import Return

    now = timezone.now()
    services.prepare(PLAN_ID, SEPTEMBER, by="approver", now=now)
    _correct_august_3_1("10.2")
    tomorrow = (timezone.localdate(now) + dt.timedelta(days=1)).isoformat()
    page = _signed_in(open_page, V1)
    expect(page).to_have_url(page_url(site, V1))
    assert_tab_order(page)

    # published now, then scheduled: each refused as out of date, at the actions' heading
    for when in ("now", tomorrow):
        _publish(page, when)
        _refused(page, OUT_OF_DATE, "actions")
        expect(page.locator("main .govuk-tag").first).to_have_text("Draft: not published")

    # a return sent back for correction since: what blocks the month is listed under the heading
    Return.objects.create(
        plan=StoredPlan.objects.get(plan_id=PLAN_ID),
        metric_id="3.2",
        period="2024-09",
        state="returned",
        updated_at=now,
    )
    _publish(page)
    _refused(page, "The September 2024 release of plan", "actions")
    expect(page.locator("#actions + ul")).to_contain_text(
        "Metric 3.2: the September 2024 return is returned, not approved"
    )

    # without JavaScript: the same refusals, and the summary's link still moves the focus
    plain = _signed_in(open_page, V1, javascript=False)
    _publish(plain)
    summary = plain.locator(".govuk-error-summary")
    expect(summary).to_contain_text("The September 2024 release of plan")
    summary.get_by_role("link").click()
    expect(plain.locator("#actions")).to_be_focused()
    Return.objects.filter(metric_id="3.2", period="2024-09").delete()
    _publish(plain)
    expect(summary).to_contain_text(OUT_OF_DATE)
    summary.get_by_role("link").click()
    expect(plain.locator("#actions")).to_be_focused()


@pytest.mark.usefixtures("people")
def test_a_version_public_since_its_embargo_and_its_amendment_refused_at_the_reason(
    open_page: OpenPage, site: str
) -> None:
    """A scheduled version whose embargo has passed offers no 'Back to draft' and says how to
    amend it; its amendment, whose reason gives a withheld 2, is refused at the reason."""
    from django.utils import timezone

    from scorecard.domain.figures import Figure, FigureStatus
    from scorecard.web.catalogue.models import Plan as StoredPlan
    from scorecard.web.figures.models import Origin
    from scorecard.web.figures.services import Change, sync_figures
    from scorecard.web.releases import services
    from scorecard.web.releases.models import ReleaseVersion

    now = timezone.now()
    draft = services.prepare(PLAN_ID, SEPTEMBER, by="approver", now=now)
    scheduled = services.schedule(
        draft, embargo=now + dt.timedelta(hours=1), by="approver", now=now
    )
    ReleaseVersion.objects.filter(pk=scheduled.pk).update(embargo=now - dt.timedelta(minutes=1))

    page = _signed_in(open_page, V1)
    expect(page).to_have_url(page_url(site, V1))
    main = page.locator("main")
    expect(main).to_contain_text("Published versions never change")
    expect(main).to_contain_text("(this one became public at its embargo)")
    expect(page.get_by_role("button", name="Back to draft")).to_have_count(0)
    expect(page.locator(".govuk-warning-text")).to_have_count(0)
    accessible(page)
    assert_tab_order(page)
    amend = main.get_by_role("link", name="releases page")
    expect(amend).to_be_visible()

    # 4.6 for August 2024 corrected to 2, which the public outputs withhold
    figure = Figure("4.6", "", Month.parse("2024-08"), FigureStatus.VALUE, Decimal(2))
    change = Change(by="approver", at=now, reason="corrected by its data owner")
    plan = StoredPlan.objects.get(plan_id=PLAN_ID)
    sync_figures(plan, [figure], change, origin=Origin.PLAN_FILE, remove_missing=False)
    amend.click()
    page.get_by_label("Prepare a month’s release").fill("2024-09")
    page.get_by_role("button", name="Prepare the release").click()
    expect(page).to_have_url(page_url(site, V2))
    page.get_by_label("Why is the release being amended?").fill(LEAKY)
    page.get_by_label("What changed, for readers").fill("4.6 for August 2024 corrected.")
    _publish(page)
    _refused(page, "gives 2, which the public outputs do not show", "reason")
    reason = page.get_by_label("Why is the release being amended?")
    expect(reason).to_have_value(LEAKY)
    expect(reason).to_have_accessible_description(re.compile(r"Error:\s+The reason gives 2"))
    expect(page.locator("main .govuk-tag").first).to_have_text("Draft: not published")

    plain = _signed_in(open_page, V2, javascript=False)
    plain.get_by_label("Why is the release being amended?").fill("A figure was corrected.")
    plain.get_by_label("What changed, for readers").fill(LEAKY)
    _publish(plain)
    summary = plain.locator(".govuk-error-summary")
    expect(summary).to_contain_text("gives 2, which the public outputs do not show")
    summary.get_by_role("link").click()
    expect(plain.get_by_label("What changed, for readers")).to_be_focused()
