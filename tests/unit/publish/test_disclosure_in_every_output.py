"""Disclosure control reaches every public file: for random figures, the rules of each policy
are checked in what data.csv, the workbook and the web page actually print, independently of
how the domain module computes them. Nothing a policy withholds is ever printed, and no
percentage is ever computed from rounded counts."""

from __future__ import annotations

import csv
import io
import re
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from scorecard.domain.figures import Figure, FigureStatus
from scorecard.publish.html import render_html_bytes
from scorecard.publish.opendata import render_data_csv
from scorecard.publish.report import build_report
from scorecard.publish.xlsx import render_xlsx
from tests.unit.publish.release_reports import SEPTEMBER, bundled, release

PLAN, BUNDLED = bundled()
POLICIES = {m.id: m.disclosure.value for m in PLAN.metrics}
# A percentage under the NHS mental health policy, and a count under DfE's exclusions policy.
PERCENT_METRIC, COUNT_METRIC = "1/2.4", "4.5"
assert POLICIES[PERCENT_METRIC] == "nhs_mhsds" and POLICIES[COUNT_METRIC] == "dfe_exclusions"


def _half_up(value: Fraction) -> Decimal:
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(
        Decimal(1), rounding=ROUND_HALF_UP
    )


def _to_five(count: int) -> Decimal:
    return (Decimal(count) / 5).quantize(Decimal(1), rounding=ROUND_HALF_UP) * 5


fractions = st.integers(min_value=1, max_value=400).flatmap(
    lambda d: st.tuples(st.integers(min_value=0, max_value=d), st.just(d))
)


def _figures(numerator: int, denominator: int, count: int) -> list[Figure]:
    exact = (Decimal(numerator) * 100 / Decimal(denominator)).quantize(Decimal("0.1"))
    mine = {
        (PERCENT_METRIC, "", SEPTEMBER): Figure(
            PERCENT_METRIC,
            "",
            SEPTEMBER,
            FigureStatus.VALUE,
            exact,
            Decimal(numerator),
            Decimal(denominator),
        ),
        (COUNT_METRIC, "", SEPTEMBER): Figure(
            COUNT_METRIC, "", SEPTEMBER, FigureStatus.VALUE, Decimal(count)
        ),
    }
    return [f for f in BUNDLED if f.key not in mine] + list(mine.values())


def _csv_row(data: bytes, metric: str) -> dict[str, str]:
    rows = csv.DictReader(io.StringIO(data.decode("utf-8")))
    return next(r for r in rows if r["metric_id"] == metric and r["period"] == "2024-09")


def _xlsx_row(data: bytes, metric: str) -> dict[str, object]:
    sheet = load_workbook(io.BytesIO(data), read_only=True)["Data"]
    rows = sheet.iter_rows(values_only=True)
    header = next([str(c) for c in r] for r in rows if r and r[0] == "plan_id")  # after the title
    for values in rows:
        row = dict(zip(header, values, strict=False))
        if row["metric_id"] == metric and row["period"] == "2024-09":
            return row
    raise AssertionError(f"no row for {metric} in the Data sheet")


def _blank(value: object) -> bool:
    return value is None or value == ""


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fraction=fractions, count=st.integers(min_value=0, max_value=30))
def test_every_public_file_follows_the_policies(fraction: tuple[int, int], count: int) -> None:
    numerator, denominator = fraction
    report = build_report(
        PLAN, _figures(numerator, denominator, count), SEPTEMBER, public=True, release=release()
    )
    data, workbook = render_data_csv(report), render_xlsx(report)
    html = render_html_bytes(report).decode("utf-8")

    # nhs_mhsds: withheld when a count is below 5 or the percentage is below 5; otherwise the
    # percentage from the unrounded counts, to a whole number, and the counts to the nearest 5.
    share = Fraction(numerator * 100, denominator)
    withheld = numerator < 5 or denominator < 5 or share < 5
    for row in (_csv_row(data, PERCENT_METRIC), _xlsx_row(workbook, PERCENT_METRIC)):
        if withheld:
            assert all(_blank(row[k]) for k in ("value", "numerator", "denominator")), row
            assert "[c]" in str(row["symbol"])
        else:
            assert Decimal(str(row["value"])) == _half_up(share), row
            assert Decimal(str(row["numerator"])) == _to_five(numerator), row
            assert Decimal(str(row["denominator"])) == _to_five(denominator), row

    # dfe_exclusions: 1 or 2 withheld, every other count shown as it is.
    for row in (_csv_row(data, COUNT_METRIC), _xlsx_row(workbook, COUNT_METRIC)):
        if count in (1, 2):
            assert _blank(row["value"]) and "[c]" in str(row["symbol"]), row
        else:
            assert Decimal(str(row["value"])) == count, row

    # The web page: the reporting month's cell of each metric's row in the published tables.
    assert ("[c]" in _last_cell(html, PERCENT_METRIC)) == withheld
    assert ("[c]" in _last_cell(html, COUNT_METRIC)) == (count in (1, 2))
    if not withheld:
        assert _last_cell(html, PERCENT_METRIC) == f"{_half_up(share)}%"


def _last_cell(html: str, metric: str) -> str:
    """The text of the last month's cell in the metric's row of the scorecard tables."""
    slug = metric.replace("/", "-").replace(".", "-")
    row = re.search(rf'href="#definition-{slug}">.*?</tr>', html, re.S)
    assert row, metric
    cells = re.findall(r'<td class="num">(.*?)</td>', row.group(0), re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", cells[-1]).split())
