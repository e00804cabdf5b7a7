"""The months a scorecard shows, named in its outputs: a year to date of one month (an April, or
the first month of a plan that starts mid-year, as tests/fixtures/other-area does in September)
is that month, never "September 2025 to September 2025"."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import openpyxl
import pytest

from scorecard.domain.periods import Month
from scorecard.planfiles.reader import read_plan
from scorecard.publish.html import render_html_bytes
from scorecard.publish.opendata import render_datapackage
from scorecard.publish.pdf import render_boardpack_html
from scorecard.publish.report import ScorecardReport, build_report
from scorecard.publish.xlsx import render_xlsx

OTHER_AREA = Path(__file__).parents[2] / "fixtures" / "other-area"


def _report(period: Month) -> ScorecardReport:
    reading = read_plan(OTHER_AREA)
    assert reading.plan is not None, reading.problems
    return build_report(reading.plan, reading.figures, period)


def _said(report: ScorecardReport) -> list[str]:
    """Each place an output names the months: the page, the board pack, the workbook's Cover,
    a table sheet and properties, and the Data Package's description and resource."""
    book = openpyxl.load_workbook(io.BytesIO(render_xlsx(report)))
    package = json.loads(render_datapackage(report))
    return [
        render_html_bytes(report).decode("utf-8"),
        render_boardpack_html(report),
        str(book["Cover"]["A2"].value),
        str(book[book.sheetnames[1]]["A2"].value),
        str(book.properties.subject),
        package["description"],
        package["resources"][0]["title"],
    ]


@pytest.mark.parametrize(
    ("period", "months"),
    [
        (Month(2025, 9), "September 2025"),  # the plan's first month
        (Month(2025, 10), "September 2025 to October 2025"),
    ],
)
def test_every_output_names_the_months_it_shows(period: Month, months: str) -> None:
    for text in _said(_report(period)):
        assert re.search(f"(for|figures,) {months}([,:<]|$)", text), text
        assert "September 2025 to September 2025" not in text
