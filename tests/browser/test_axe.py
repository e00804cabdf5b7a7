"""axe-core on every type of page: no violation of the WCAG 2.0, 2.1 and 2.2 A and AA rules."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import (
    NARROW,
    SYNTHETIC,
    WIDE,
    WS,
    OpenPage,
    axe_violations,
    describe_violations,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# each type of page, with words that show it is that page (and not, say, an error)
PAGES = {
    "home": ("/", "Choose a scorecard"),
    "overview": (f"{WS}/2024-09/", "Showing 22 metrics."),
    "overview-synthetic": (f"{SYNTHETIC}/2027-03/", "Figures for March 2027"),
    "overview-filtered": (f"{WS}/2024-09/?area=3&group=&rating=red", "Clear filters"),
    "overview-malformed-filters": (
        f"{WS}/2024-09/?rating=purple&group=x",
        'The rating "purple" was not understood',
    ),
    "overview-unknown-month": (f"{WS}/2024-09/?unknown-month=1", "was not one of this plan"),
    "area": (f"{WS}/2024-09/areas/3/", "Area of improvement 3"),
    "metric-3.1": (f"{WS}/2024-09/metrics/3-1/", "Metric 3.1, September 2024"),
    "metric-1/2.1": (f"{WS}/2024-09/metrics/1-2-1/", "Metric 1/2.1, September 2024"),
    "metric-4.1-components": (f"{WS}/2024-09/metrics/4-1/", "SS: figures and assessment"),
    "metric-5.2-no-figures": (f"{WS}/2024-09/metrics/5-2/", "There are no figures yet."),
    "definitions": (f"{WS}/definitions/", "Metric definitions"),
    "symbols": (f"{WS}/symbols/", "Symbols and legend"),
    "accessibility": ("/accessibility/", "Accessibility statement"),
    "not-found": (f"{WS}/2024-09/metrics/9-9/", "Page not found"),
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
