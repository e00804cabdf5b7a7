"""Charts: each is one image, named by its <title> and <desc> (the caption and the summary in
words), and followed by its figures in a table."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import NARROW, WIDE, WS, OpenPage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHARTS = """() => [...document.querySelectorAll('main svg')].map(svg => {
  const figure = svg.closest('figure.app-chart');
  const region = figure?.nextElementSibling;
  const table = region?.querySelector('table');
  const labelled = (svg.getAttribute('aria-labelledby') || '').split(/\\s+/).filter(Boolean);
  return {
    hidden: svg.getAttribute('aria-hidden') === 'true',
    sparkline: svg.classList.contains('scorecard-sparkline'),
    role: svg.getAttribute('role'),
    names: labelled.map(id => document.getElementById(id)?.textContent.trim() || ''),
    inFigure: !!figure,
    caption: figure?.querySelector('figcaption')?.textContent.trim(),
    followedBy: region ? {
      region: region.matches('.app-table-scroll[role=region][tabindex="0"]'),
      labelledByCaption: !!table && region.getAttribute('aria-labelledby') === table.caption?.id,
      headers: table ? [...table.tHead.rows[0].cells].map(c => c.textContent.trim()) : [],
      rows: table ? table.tBodies[0].rows.length : 0,
    } : null,
  };
})"""


@pytest.mark.parametrize(
    ("slug", "charts"),
    [("3-1", 1), ("4-1", 2), ("5-2", 1)],
    ids=["3.1", "4.1-two-components", "5.2-no-figures"],
)
def test_each_chart_is_a_named_image_followed_by_its_table(
    open_page: OpenPage, slug: str, charts: int
) -> None:
    for viewport in (WIDE, NARROW):  # a wide and a narrow drawing of each chart
        page = open_page(f"{WS}/2024-09/metrics/{slug}/", viewport=viewport)
        found = page.evaluate(CHARTS)
        assert len(found) == 2 * charts, found
        for chart in found:
            assert not chart["hidden"] and not chart["sparkline"], chart
            assert chart["role"] == "img", chart
            assert len(chart["names"]) == 2 and all(chart["names"]), chart  # title and desc
            assert chart["inFigure"] and chart["names"][0] == chart["caption"], chart
            table = chart["followedBy"]
            assert table and table["region"] and table["labelledByCaption"], chart
            assert table["headers"][:2] == ["Month", "Figure"] and table["rows"] > 0, chart
        # the browser's own computation: an image whose name starts with the chart's caption
        # (the SVG is labelled by its <title> and <desc>: the caption, then the summary)
        shown = page.locator("figure.app-chart svg:visible")
        expect(shown).to_have_count(charts)
        for index in range(charts):
            svg = shown.nth(index)
            expect(svg).to_have_role("img")
            caption = svg.locator("xpath=ancestor::figure//figcaption").inner_text().strip()
            expect(svg).to_have_accessible_name(re.compile("^" + re.escape(caption)))


def test_the_table_has_the_charts_figures(open_page: OpenPage) -> None:
    page = open_page(f"{WS}/2024-09/metrics/3-1/")
    region = page.locator("figure.app-chart + .app-table-scroll").first
    expect(region).to_be_visible()
    expect(region.get_by_role("row", name=re.compile("September 2024"))).to_contain_text("12.8%")


REGION_NAMES = """() => [...document.querySelectorAll('main [role=region]')].map(region =>
  (region.getAttribute('aria-labelledby') || '').split(/\\s+/)
    .map(id => document.getElementById(id)?.textContent.trim()).join(' '))"""


@pytest.mark.parametrize(
    "path",
    [
        pytest.param(f"{WS}/2024-09/areas/3/", id="area-3"),
        pytest.param(f"{WS}/2024-09/metrics/4-1/", id="metric-4.1-two-components"),
    ],
)
def test_each_table_region_has_a_name_of_its_own(open_page: OpenPage, path: str) -> None:
    """A page with several metrics' (or components') tables names each table's region after
    its metric, so a screen reader's list of regions and tables tells them apart."""
    page = open_page(path)
    names = page.evaluate(REGION_NAMES)
    assert len(names) >= 4, names
    assert all(names) and len(set(names)) == len(names), names
    every_month = [name for name in names if "every month" in name.lower()]
    assert every_month and all(re.match(r"^\d[\d./]*[ :]", name) for name in every_month), names
