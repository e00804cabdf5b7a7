"""Everything works without JavaScript: the figures show, and the month chooser and the
filters are plain forms."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import NARROW, WS, OpenPage, page_url

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_overview_works_without_javascript(open_page: OpenPage, site: str) -> None:
    page = open_page(f"{WS}/2024-09/", javascript=False)
    expect(page.locator("body")).not_to_have_class(re.compile("js-enabled"))
    main = page.locator("main")
    expect(main.get_by_text("Figures for September 2024")).to_be_visible()
    ehcp = main.get_by_role("row", name=re.compile(r"^3\.1 "))
    expect(ehcp).to_contain_text("12.8%")
    expect(ehcp).to_contain_text("✗ Red")
    expect(page.get_by_role("status")).to_have_text("Showing 22 metrics.")

    # a filter
    page.select_option("#rating", "green")
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(page_url(site, f"{WS}/2024-09/?area=&group=&rating=green"))
    expect(page.get_by_role("status")).to_have_text("Showing 3 metrics.")
    expect(page.locator("#rating")).to_have_value("green")
    page.get_by_role("link", name="Clear filters").click()
    expect(page).to_have_url(page_url(site, f"{WS}/2024-09/"))
    expect(page.get_by_role("status")).to_have_text("Showing 22 metrics.")

    # a malformed filter is not used, and is an error in the page at its field
    page.goto(f"{site}{WS}/2024-09/?rating=purple")
    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("link", name='There is no rating "purple"')).to_be_visible()
    expect(page.locator("#rating-error")).to_contain_text('There is no rating "purple"')
    expect(page.get_by_role("status")).to_have_text("Showing 22 metrics.")

    # another month
    page.select_option("#period", "2024-06")
    page.get_by_role("button", name="Show month").click()
    expect(page).to_have_url(page_url(site, f"{WS}/2024-06/"))
    expect(page.get_by_text("Figures for June 2024")).to_be_visible()
    expect(page.locator("#period")).to_have_value("2024-06")


def test_a_metric_and_the_navigation_without_javascript(open_page: OpenPage) -> None:
    page = open_page(f"{WS}/2024-09/metrics/3-1/", viewport=NARROW, javascript=False)
    expect(page.locator("figure.app-chart svg:visible")).to_have_count(1)
    expect(page.locator("figure.app-chart + .app-table-scroll").first).to_contain_text("12.8%")
    # the service navigation's Menu button needs JavaScript, so without it the links show
    nav = page.get_by_role("navigation", name="Menu")
    for name in ("Scorecard", "Definitions", "Symbols and legend"):
        expect(nav.get_by_role("link", name=name)).to_be_visible()
