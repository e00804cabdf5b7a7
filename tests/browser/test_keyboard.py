"""The main journey with the keyboard only: skip link, a plan, another month, a rating filter,
a metric, its chart's table and back by the breadcrumb; the focus always visible."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import (
    NARROW,
    WS,
    OpenPage,
    assert_focus_visible,
    focused_matches,
    page_url,
    tab_to,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


# the rating tags of each metric in the overview's tables (a metric with components spans rows)
RATINGS_BY_METRIC = """() => {
  const found = {};
  let metric = null;
  for (const row of document.querySelectorAll('main table tbody tr')) {
    const header = row.querySelector('th[scope=row]');
    if (header) { metric = header.textContent.trim(); found[metric] = []; }
    found[metric].push(...[...row.querySelectorAll('.app-rag')].map(t => t.textContent.trim()));
  }
  return found;
}"""


def at_page_start(page: Page) -> bool:
    """A page just loaded: nothing focused yet, so the first Tab goes to the skip link."""
    return bool(page.evaluate("() => document.activeElement === document.body"))


def focused_text(page: Page) -> str:
    return str(page.evaluate("() => document.activeElement.textContent.trim()"))


def test_the_main_journey_by_keyboard(open_page: OpenPage, site: str) -> None:
    page = open_page("/")
    assert at_page_start(page)

    # the first Tab reaches the skip link; Enter moves the focus to main
    page.keyboard.press("Tab")
    assert focused_matches(page, "a.govuk-skip-link[href='#main-content']"), focused_text(page)
    assert_focus_visible(page)
    expect(page.locator(".govuk-skip-link")).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page).to_have_url(page_url(site, "/#main-content"))
    # (main is the skip link's target, not a control: GOV.UK Frontend draws no focus style on it)
    assert focused_matches(page, "main#main-content"), "the skip link's target has the focus"

    # the next Tab is the first plan's link, inside main; Enter opens its latest scorecard
    page.keyboard.press("Tab")
    assert focused_matches(page, f"main h2 a[href='{WS}/']"), focused_text(page)
    assert focused_text(page) == "SEND Improvement Plan 2024-2027 Scorecard"
    assert_focus_visible(page)
    page.keyboard.press("Enter")
    expect(page).to_have_url(page_url(site, f"{WS}/2024-09/"))
    expect(page.get_by_text("Figures for September 2024")).to_be_visible()
    assert at_page_start(page)

    # another month: the month select, Down arrow to the month before, the button with Enter
    tab_to(page, "select#period")
    assert page.locator("#period").input_value() == "2024-09"
    page.keyboard.press("ArrowDown")
    assert page.locator("#period").input_value() == "2024-08"
    tab_to(page, "form[action$='/month/'] button")
    assert focused_text(page) == "Show month"
    page.keyboard.press("Enter")
    expect(page).to_have_url(page_url(site, f"{WS}/2024-08/"))
    expect(page.get_by_text("Figures for August 2024")).to_be_visible()
    assert at_page_start(page)

    # a rating filter: the rating select, arrows to "Red", the button with Space
    tab_to(page, "select#rating")
    for _ in range(6):
        if page.locator("#rating").input_value() == "red":
            break
        page.keyboard.press("ArrowDown")
    assert page.locator("#rating").input_value() == "red"
    tab_to(page, ".app-filters fieldset ~ button")
    assert focused_text(page) == "Apply filters"
    page.keyboard.press("Space")
    expect(page).to_have_url(page_url(site, f"{WS}/2024-08/?area=&group=&rating=red"))
    status = page.get_by_role("status")
    expect(status).to_have_text(re.compile(r"Showing \d+ metrics?\."))
    ratings = page.evaluate(RATINGS_BY_METRIC)
    assert ratings, "no metric is shown"
    for metric, tags in ratings.items():
        assert "✗ Red" in tags, (metric, tags)

    # a metric: Tab to the first metric link in the tables, Enter
    tab_to(page, "main table a[href*='/metrics/']")
    metric_href = page.evaluate("() => document.activeElement.getAttribute('href')")
    assert re.fullmatch(rf"{WS}/2024-08/metrics/[\w-]+/", metric_href), metric_href
    page.keyboard.press("Enter")
    expect(page).to_have_url(page_url(site, metric_href))
    expect(page.locator("figure.app-chart").first).to_be_visible()
    assert at_page_start(page)

    # the chart's table: its scrolling region takes the focus, so the arrows can scroll it
    tab_to(page, "figure.app-chart + .app-table-scroll[role=region]")
    region = page.locator(":focus")
    expect(region).to_have_attribute("aria-labelledby", re.compile(r"-table$"))
    expect(region).to_be_in_viewport()

    # back to the scorecard by the breadcrumb, with Shift+Tab and Enter
    tab_to(page, f".govuk-breadcrumbs a[href='{WS}/2024-08/']", backwards=True)
    assert focused_text(page) == "SEND Improvement Plan 2024-2027 Scorecard, August 2024"
    page.keyboard.press("Enter")
    expect(page).to_have_url(page_url(site, f"{WS}/2024-08/"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "SEND Improvement Plan 2024-2027 Scorecard"
    )
    assert at_page_start(page)


@pytest.mark.parametrize(
    "path",
    [
        pytest.param(f"{WS}/2024-09/", id="overview"),
        pytest.param(f"{WS}/2024-09/metrics/4-1/", id="metric"),
    ],
)
def test_every_control_shows_its_focus_at_320_px(open_page: OpenPage, path: str) -> None:
    """Tab through the whole page on a narrow screen: every stop shows the focus and is
    scrolled into view, and the service navigation's Menu button opens with Enter."""
    page = open_page(path, viewport=NARROW)
    stops: list[str] = []
    for _ in range(120):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement === document.body"):
            break  # past the last stop
        assert_focus_visible(page)
        expect(page.locator(":focus")).to_be_in_viewport()
        stops.append(page.evaluate("() => document.activeElement.outerHTML.slice(0, 80)"))
    assert len(stops) > 5, stops

    page.goto(page.url)
    tab_to(page, "button.govuk-service-navigation__toggle")
    toggle = page.locator(":focus")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(page.get_by_role("link", name="Definitions")).to_be_hidden()
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("Tab")
    assert focused_matches(page, ".govuk-service-navigation__link"), focused_text(page)
    assert focused_text(page) == "Scorecard"
    assert_focus_visible(page)
