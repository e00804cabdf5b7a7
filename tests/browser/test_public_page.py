"""The release's self-contained web page (index.html), opened in Chromium as a reader would
open the downloaded file: no axe-core violation at 1280 and 320 CSS px, no sideways scrolling
but in the tables' own regions, and every control reached by keyboard with its focus shown.
The reports are built from the bundled plan files, without the store."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from scorecard.publish.html import render_html
from scorecard.publish.report import ScorecardReport, build_report
from tests.browser.conftest import WIDE, tab_to
from tests.browser.test_release_journey import accessible
from tests.integration.publish.boardpack_reports import (
    RELEASE,
    SEPTEMBER,
    public_report,
    suppressed,
    west_sussex,
)
from tests.unit.publish.release_reports import marked_report

pytestmark = pytest.mark.browser


def _golden() -> ScorecardReport:
    """Version 2 of September 2024, one figure revised: the golden file's page."""
    return public_report(west_sussex())


def _withheld() -> ScorecardReport:
    reading = west_sussex()
    assert reading.plan is not None
    figures = suppressed(list(reading.figures))
    return build_report(reading.plan, figures, SEPTEMBER, public=True, release=RELEASE)


def _no_release() -> ScorecardReport:
    return public_report(west_sussex(), release=None)


REPORTS: dict[str, tuple[Callable[[], ScorecardReport], str]] = {
    "amendment-revised": (_golden, "[r]"),
    "withheld": (_withheld, "[c]"),
    "marked": (marked_report, "[c]"),
    "no-release": (_no_release, "Metric definitions"),
}


@pytest.fixture
def open_file(browser: Browser, tmp_path: Path) -> Callable[[ScorecardReport], Page]:
    def open_(report: ScorecardReport) -> Page:
        path = tmp_path / "index.html"
        path.write_text(render_html(report), encoding="utf-8")
        context = browser.new_context(viewport=WIDE, reduced_motion="reduce")
        context.set_default_timeout(10_000)
        page = context.new_page()
        page.goto(path.as_uri())
        return page

    return open_


@pytest.mark.parametrize(("make", "words"), REPORTS.values(), ids=REPORTS.keys())
def test_the_public_page_is_accessible(
    open_file: Callable[[ScorecardReport], Page], make: Callable[[], ScorecardReport], words: str
) -> None:
    page = open_file(make())
    expect(page.locator("main")).to_contain_text(words)
    accessible(page, name=page.url, scrolls=".table-wrap")
    page.context.close()


def test_the_public_page_by_keyboard(open_file: Callable[[ScorecardReport], Page]) -> None:
    """The skip link comes first and goes to the scorecard; the contents' links and the tables'
    scrolling regions show where the focus is."""
    page = open_file(_golden())
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to the scorecard")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    tab_to(page, "nav a[href='#changes']")
    page.keyboard.press("Enter")
    expect(page.locator("#changes")).to_be_in_viewport()
    tab_to(page, ".table-wrap[aria-labelledby='changes-caption']")
    page.keyboard.press("ArrowRight")  # scrolls, at a narrow width; nothing breaks at a wide one
    tab_to(page, "th.id a[href^='#definition-']", backwards=True)
    page.context.close()
