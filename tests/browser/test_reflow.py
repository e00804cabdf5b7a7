"""Reflow (WCAG 1.4.10): at 320 CSS px wide the page never scrolls sideways; a wide table
scrolls inside its own focusable region instead."""

from __future__ import annotations

import pytest

from tests.browser.conftest import NARROW, WS, OpenPage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OVERFLOW = """() => ({
  scrollWidth: document.documentElement.scrollWidth,
  innerWidth: window.innerWidth,
  wider: [...document.querySelectorAll('body *')]
    .filter(el => !el.closest('.app-table-scroll, .govuk-visually-hidden, .govuk-skip-link'))
    .filter(el => el.getBoundingClientRect().right > window.innerWidth + 0.5
                  || (el.scrollWidth > el.clientWidth + 1
                      && getComputedStyle(el).overflowX === 'visible'))
    .slice(0, 5)
    .map(el => el.outerHTML.slice(0, 120)),
  regions: [...document.querySelectorAll('.app-table-scroll')].map(el => ({
    scrolls: el.scrollWidth > el.clientWidth,
    focusable: el.tabIndex === 0,
    labelled: !!document.getElementById(el.getAttribute('aria-labelledby'))?.textContent.trim(),
    role: el.getAttribute('role'),
  })),
})"""


@pytest.mark.parametrize(
    "path",
    [
        pytest.param(f"{WS}/2024-09/", id="overview"),
        pytest.param(f"{WS}/2024-09/metrics/3-1/", id="metric"),
        pytest.param(f"{WS}/2024-09/areas/3/", id="area"),
    ],
)
def test_no_horizontal_scrolling_at_320_px(open_page: OpenPage, path: str) -> None:
    page = open_page(path, viewport=NARROW)
    found = page.evaluate(OVERFLOW)
    assert found["innerWidth"] == 320
    assert found["scrollWidth"] <= found["innerWidth"], found
    # the tables that are too wide for the screen scroll in their own labelled, focusable region
    assert found["regions"], found
    for region in found["regions"]:
        assert region["role"] == "region" and region["focusable"] and region["labelled"], region
    assert any(region["scrolls"] for region in found["regions"]), found
