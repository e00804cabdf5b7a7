"""Reflow (WCAG 1.4.10): at 320 CSS px wide the page never scrolls sideways; a wide table
scrolls inside its own focusable region instead."""

from __future__ import annotations

import pytest

from tests.browser.conftest import NARROW, WIDE, WS, OpenPage

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


# WCAG 1.4.12 Text Spacing: the bookmarklet's styles (line height 1.5, letter spacing 0.12em,
# word spacing 0.16em, paragraph spacing 2em) clip no text and make nothing wider than the
# screen but the tables' regions. The charts are images: their labels are left out (docs/design.md).
TEXT_SPACING = """* { line-height: 1.5 !important; letter-spacing: 0.12em !important;
  word-spacing: 0.16em !important; } p { margin-bottom: 2em !important; }"""

CLIPPED = """() => [...document.querySelectorAll('body *')]
  .filter(el => !el.closest('svg, .govuk-visually-hidden, .govuk-skip-link'))
  .filter(el => el.getBoundingClientRect().width > 0 && el.textContent.trim())
  .filter(el => {
    const s = getComputedStyle(el);
    const hidden = v => v === 'hidden' || v === 'clip';
    return (hidden(s.overflowY) && el.scrollHeight > el.clientHeight + 2)
      || (hidden(s.overflowX) && el.scrollWidth > el.clientWidth + 2)
      || (el.getBoundingClientRect().right > window.innerWidth + 0.5
          && !el.closest('.app-table-scroll, figure.app-chart'));
  })
  .slice(0, 5).map(el => el.outerHTML.slice(0, 120))"""

# WCAG 2.5.8 Target Size (Minimum): each target is 24 by 24 CSS px, or a 24 px circle on its
# centre touches no other target; a link within a line of text is exempt.
SMALL_TARGETS = """() => {
  const targets = [...document.querySelectorAll(
      'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex="0"]')]
    .filter(el => el.getBoundingClientRect().width > 0 && !el.closest('.govuk-visually-hidden'))
    .filter(el => !el.matches('.govuk-skip-link'));
  const inText = el => el.tagName === 'A' && getComputedStyle(el).display === 'inline'
    && el.parentElement.textContent.trim().length > el.textContent.trim().length + 2;
  const rects = targets.map(el => el.getBoundingClientRect());
  return targets.filter((el, i) => {
    const r = rects[i];
    if ((r.width >= 24 && r.height >= 24) || inText(el)) return false;
    const x = r.left + r.width / 2, y = r.top + r.height / 2;
    const near = o => Math.hypot(Math.max(o.left - x, 0, x - o.right),
                                 Math.max(o.top - y, 0, y - o.bottom)) < 12;
    return rects.some((o, j) => j !== i && !targets[j].contains(el) && !el.contains(targets[j])
      && near(o));
  }).map(el => el.outerHTML.slice(0, 120));
}"""


@pytest.mark.parametrize(
    "path",
    [
        pytest.param(f"{WS}/2024-09/", id="overview"),
        pytest.param(f"{WS}/2024-09/metrics/4-1/", id="metric"),
        pytest.param(f"{WS}/symbols/", id="symbols"),
        pytest.param("/sign-in/", id="sign-in"),
    ],
)
def test_text_spacing_and_target_size(open_page: OpenPage, path: str) -> None:
    for viewport in (WIDE, NARROW):
        page = open_page(path, viewport=viewport)
        assert not page.evaluate(SMALL_TARGETS), (viewport, page.evaluate(SMALL_TARGETS))
        page.add_style_tag(content=TEXT_SPACING)
        assert not page.evaluate(CLIPPED), (viewport, page.evaluate(CLIPPED))
        found = page.evaluate(OVERFLOW)
        assert found["scrollWidth"] <= found["innerWidth"], (viewport, found)
