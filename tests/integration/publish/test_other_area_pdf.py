"""The board pack of another local area's plan (tests/fixtures/other-area), read back with
poppler: a table whose cells are wider than West Sussex's still fits its page."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from scorecard.domain.figures import Figure, FigureStatus
from scorecard.domain.periods import Month, month_range
from scorecard.planfiles.reader import read_plan
from scorecard.publish.pdf import render_pdf
from scorecard.publish.report import build_report
from tests.conftest import ROOT
from tests.integration.publish.boardpack_reports import pdf_text


def test_a_monthly_metric_in_parts_keeps_every_column_on_the_page(tmp_path: Path) -> None:
    """C/4's parts are reported every month ("SSC 12 / Spec 3" in each month's cell): the table
    still shows its rating, direction of travel and SPC within the landscape page."""
    reading = read_plan(ROOT / "tests" / "fixtures" / "other-area")
    assert reading.plan is not None
    march = Month(2027, 3)
    places = [
        Figure("C/4", part, month, FigureStatus.VALUE, Decimal(10 + n % 7))
        for n, month in enumerate(month_range(Month(2025, 9), march))
        for part in ("ssc", "special")
    ]
    pack = tmp_path / "pack.pdf"
    others = [f for f in reading.figures if f.metric_id != "C/4"]
    pack.write_bytes(render_pdf(build_report(reading.plan, [*others, *places], march)))
    pages = pdf_text(pack).split("\f")
    title = "Area of improvement 2: metrics, baselines, targets and monthly figures"
    [page] = [page for page in pages if title in page]
    table = page[page.index(title) : page.index("Area of improvement 2: why each metric")]
    assert "Feb 27" in table and "Mar 27" in table
    assert "Direction of" in table and "SPC" in table
    assert "Improving" in table and "Common" in table  # C/4's direction and SPC
