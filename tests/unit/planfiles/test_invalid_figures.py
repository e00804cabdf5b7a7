"""One invalid figures.csv per validation rule, each with the problem it causes.

The bundled figures.csv has the columns metric_id, component, period, status, value, note.
Rows edited here: 3.1 (percent, monthly), 3.6 (percent, due in May only), 4.1 (count, two
components, due in June), 4.3 (days, not available), 5.6 (count, due in September).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.unit.planfiles.plan_edits import (
    WARNING,
    AddColumns,
    Append,
    Case,
    Edit,
    LineOf,
    Replace,
    Whole,
    Word,
    check_case,
)

FIGURES = "figures.csv"
HEADER = "metric_id,component,period,status,value,note\n"
ROW_3_1 = "3.1,,2024-09,value,12.8,\n"  # the last 3.1 row
NA_4_3 = "4.3,,2024-04,not_available,,\n"
FRACTION = AddColumns(("numerator", "denominator"))
ROW_3_1_FRACTION = "3.1,,2024-09,value,12.8,,,\n"  # ROW_3_1 once FRACTION is applied


def row(new: str) -> Replace:
    """Rewrite the last 3.1 row."""
    return Replace(ROW_3_1, new)


def fraction(numerator: str, denominator: str) -> tuple[AddColumns, Replace]:
    """Add numerator and denominator columns and fill them in on the last 3.1 row."""
    return FRACTION, Replace(
        ROW_3_1_FRACTION, f"3.1,,2024-09,value,12.8,,{numerator},{denominator}\n"
    )


def case(
    name: str,
    edits: tuple[Edit, ...],
    rule: str,
    metric_id: str | None,
    field: str | None,
    words: tuple[Word, ...],
    **options: Any,
) -> Case:
    return Case(name, FIGURES, edits, rule, metric_id, field, words, **options)


FIGURE_CASES = (
    # --- the file and its header ------------------------------------------------------------
    case("empty-file", (Whole(""),), "csv-header", None, None, ("empty", "metric_id")),
    case(
        "missing-column",
        (Replace(HEADER, "metric_id,component,period,value,note\n"),),
        "csv-header",
        None,
        None,
        ("no column status",),
    ),
    case(
        "unknown-column",
        (Replace(HEADER, "metric_id,component,period,status,value,notes\n"),),
        "csv-header",
        None,
        None,
        ("unknown column notes",),
    ),
    case(
        "repeated-column",
        (Replace(HEADER, "metric_id,component,period,status,value,value\n"),),
        "csv-header",
        None,
        None,
        ("column value", "more than once"),
    ),
    case(
        "row-length",
        (row("3.1,,2024-09,value,12.8\n"),),
        "csv-row-length",
        "3.1",
        None,
        ("5 cells", "6 columns"),
    ),
    case(
        "field-too-large",  # csv.Error: a cell longer than the csv module's limit
        (Append("5.6,,2024-09,value,21," + "x" * 200_000 + "\n"),),
        "csv-syntax",
        None,
        None,
        ("not valid CSV",),
    ),
    case(
        # An unclosed quote makes the rest of the file one cell: the rows after it must not
        # vanish silently (they did: only figure-missing warnings were left, and ok was True).
        "unclosed-quote",
        (Replace(NA_4_3, '4.3,,2024-04,not_available,,"note\n'),),
        "csv-syntax",
        None,
        None,
        ("quote",),
    ),
    case(
        "not-utf-8",
        (),
        "file-encoding",
        None,
        None,
        ("UTF-8 CSV", "column 1 cannot be read"),
        line=LineOf("metric_id,component,period"),
        encoding="utf-16",  # starts with the bytes b"\xff\xfe"
    ),
    case(
        "figures-are-a-folder",
        (),
        "file-unreadable",
        None,
        None,
        ("cannot be read",),
        line=None,
        directory=True,
    ),
    # --- one row's cells --------------------------------------------------------------------
    case(
        "empty-metric-id",
        (row(",,2024-09,value,12.8,\n"),),
        "figure-missing-metric",
        None,
        "metric_id",
        ("empty",),
    ),
    case(
        "unknown-metric",
        (Replace("3.5,,2024-09,value,94,\n", "3.9,,2024-09,value,94,\n"),),
        "figure-unknown-metric",
        "3.9",
        "metric_id",
        ('"3.9"', "no metric"),
    ),
    case(
        "unknown-component",
        (Replace("4.1,ssc,", "4.1,scc,"),),
        "figure-unknown-component",
        "4.1",
        "component",
        ('"scc"', "ssc", "special_school"),
    ),
    case(
        "component-missing",
        (Replace("4.1,ssc,", "4.1,,"),),
        "figure-unknown-component",
        "4.1",
        "component",
        ("has components", "ssc", "special_school"),
    ),
    case(
        "component-for-single-part-metric",
        (row("3.1,ssc,2024-09,value,12.8,\n"),),
        "figure-unknown-component",
        "3.1",
        "component",
        ("no components", "leave the component empty"),
    ),
    case(
        "value-with-percent-sign",
        (row("3.1,,2024-09,value,12.8%,\n"),),
        "figure-not-a-number",
        "3.1",
        "value",
        ('"12.8%"', "digits only"),
    ),
    case(
        "value-with-thousands-separator",
        (Replace("4.5,,2024-04,value,62,\n", '4.5,,2024-04,value,"1,565",\n'),),
        "figure-not-a-number",
        "4.5",
        "value",
        ('"1,565"', "commas"),
    ),
    case(
        "not-due-symbol-as-value",
        (row("3.1,,2024-09,value,/,\n"),),
        "figure-not-a-number",
        "3.1",
        "value",
        ('"/"', "symbol", "not_due"),
    ),
    case(
        "not-available-symbol-as-value",
        (Replace(NA_4_3, "4.3,,2024-04,value,-,\n"),),
        "figure-not-a-number",
        "4.3",
        "value",
        ('"-"', "symbol", "not_available"),
    ),
    case(
        # A note that spans two lines: the problem is on the line where the row starts.
        "bad-value-in-a-two-line-row",
        (row('3.1,,2024-09,value,12.8%,"first line\nsecond line"\n'),),
        "figure-not-a-number",
        "3.1",
        "value",
        ('"12.8%"',),
    ),
    case(
        "month-13",
        (row("3.1,,2024-13,value,12.8,\n"),),
        "figure-bad-period",
        "3.1",
        "period",
        ('"2024-13"', "01 to 12"),
    ),
    case(
        "month-as-words",
        (row("3.1,,Sept 24,value,12.8,\n"),),
        "figure-bad-period",
        "3.1",
        "period",
        ('"Sept 24"', "YYYY-MM"),
    ),
    case(
        "bad-status",
        (row("3.1,,2024-09,done,12.8,\n"),),
        "figure-bad-status",
        "3.1",
        "status",
        ('"done"', "value", "not_available"),
    ),
    case(
        "bad-quality-flag",
        (
            Replace(HEADER, "metric_id,component,period,status,value,quality\n"),
            Replace('"Published as ""12 SCC""."', ""),
            Replace('"The published cell ""12 SCC"" gives SSC places only."', ""),
            row("3.1,,2024-09,value,12.8,draft\n"),
        ),
        "figure-bad-quality",
        "3.1",
        "quality",
        ('"draft"', "provisional", "revised", "estimated"),
    ),
    # --- a row against the plan -------------------------------------------------------------
    case(
        "month-outside-plan",
        (Replace("3.1,,2024-04,value,8.5,\n", "3.1,,2024-03,value,8.5,\n"),),
        "figure-outside-plan",
        "3.1",
        "period",
        ("2024-03", "2024-04 to 2027-03"),
    ),
    case(
        "month-not-in-schedule",
        (Replace("3.6,,2024-05,value,43,\n", "3.6,,2024-06,value,43,\n"),),
        "figure-not-scheduled",
        "3.6",
        "period",
        ("June 2024", "May"),
    ),
    case(
        "not-due-in-a-due-month",
        (row("3.1,,2024-09,not_due,,\n"),),
        "figure-not-due-but-due",
        "3.1",
        "status",
        ("September 2024", "not_available"),
    ),
    case(
        "value-status-without-value",
        (row("3.1,,2024-09,value,,\n"),),
        "figure-missing-value",
        "3.1",
        "value",
        ("no value",),
    ),
    case(
        "not-available-with-value",
        (Replace(NA_4_3, "4.3,,2024-04,not_available,340,\n"),),
        "figure-value-not-expected",
        "4.3",
        "value",
        ("not_available", "must not carry"),
    ),
    case(
        "percent-above-100",
        (row("3.1,,2024-09,value,128,\n"),),
        "figure-percent-range",
        "3.1",
        "value",
        ("128%", "between 0 and 100"),
    ),
    case(
        "negative-count",
        (Replace("5.6,,2024-09,value,21,\n", "5.6,,2024-09,value,-21,\n"),),
        "figure-negative",
        "5.6",
        "value",
        ("-21", "negative"),
    ),
    case(
        "count-not-whole",
        (Replace("5.6,,2024-09,value,21,\n", "5.6,,2024-09,value,21.5,\n"),),
        "figure-count-not-whole",
        "5.6",
        "value",
        ("21.5", "not a whole number"),
    ),
    case(
        "negative-without-negative-allowed",
        (Replace("5.6,,2024-09,value,21,\n", "5.6,,2024-09,value,-1,\n"),),
        "figure-negative",
        "5.6",
        "value",
        ("-1 is negative", "metric 5.6", "net changes"),
    ),
    case(
        "negative-numerator-of-a-net-change",
        (
            FRACTION,
            Replace(
                '4.1,ssc,2024-06,value,12,"Published as ""12 SCC"".",,\n',
                "4.1,ssc,2024-06,value,-1,,-1,1\n",
            ),
        ),
        "figure-negative",
        "4.1",
        "numerator",
        ("numerator -1", "cannot be negative"),
    ),
    case(
        "negative-numerator",
        fraction("-1", "10"),
        "figure-negative",
        "3.1",
        "numerator",
        ("cannot be negative",),
    ),
    case(
        "numerator-above-denominator",
        fraction("13", "10"),
        "figure-numerator-above-denominator",
        "3.1",
        "numerator",
        ("numerator 13", "denominator 10"),
    ),
    case(
        "numerator-only",
        fraction("13", ""),
        "figure-half-fraction",
        "3.1",
        "denominator",
        ("denominator is missing", "both"),
    ),
    case(
        "denominator-only",
        fraction("", "100"),
        "figure-half-fraction",
        "3.1",
        "numerator",
        ("numerator is missing", "both"),
    ),
    case(
        "zero-denominator",
        fraction("0", "0"),
        "figure-zero-denominator",
        "3.1",
        "denominator",
        ("denominator is 0", "not_available"),
    ),
    case(
        "fraction-mismatch",
        fraction("13", "100"),
        "figure-fraction-mismatch",
        "3.1",
        "value",
        ("12.8%", "13 / 100", "13.00%"),
        severity=WARNING,
    ),
    case(
        "duplicate-row",
        (Append("3.1,,2024-09,value,12.9,\n"),),
        "figure-duplicate",
        "3.1",
        "period",
        ("2024-09", LineOf("3.1,,2024-09,value,12.8,")),
    ),
    case(
        "due-month-without-row",
        (row(""),),
        "figure-missing",
        "3.1",
        "period",
        ("2024-09", "due", "not available"),
        line=None,
        severity=WARNING,
    ),
)


@pytest.mark.parametrize("case", FIGURE_CASES, ids=lambda case: case.name)
def test_invalid_figures_file(plan_copy: Path, case: Case) -> None:
    check_case(plan_copy, case)


def test_case_names_are_unique() -> None:
    names = [case.name for case in FIGURE_CASES]
    assert len(names) == len(set(names))
