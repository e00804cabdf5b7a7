"""The Excel workbook read back: the same tables, numbers and words as the report."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import zipfile
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from scorecard.domain.catalogue import Unit
from scorecard.domain.formatting import quantity
from scorecard.domain.periods import Month
from scorecard.domain.ragrules import Rating
from scorecard.domain.releases import VersionNote
from scorecard.publish.opendata import COLUMNS, render_data_csv
from scorecard.publish.report import Row, ScorecardReport, build_report
from scorecard.publish.xlsx import FILLS, render_xlsx
from tests.unit.publish import release_reports as reports

SHEETS = ["Cover", "Areas 1 and 2", "Area 3", "Area 4", "Area 5", "Definitions", "Data"]
HEADER = [
    "Metric ID",
    "KPI",
    "Unit of measure",
    "Frequency",
    "Baseline (March 24)",
    "Target 24-25",
    "Apr 24",
    "May 24",
    "Jun 24",
    "Jul 24",
    "Aug 24",
    "Sep 24",
    "Rating",
    "Direction of travel",
    "SPC",
]
FIRST_ROW = 4  # title, note, header


@pytest.fixture(scope="module")
def release() -> ScorecardReport:
    return reports.west_sussex_release()


@pytest.fixture(scope="module")
def marked() -> ScorecardReport:
    return reports.marked_report()


def _book(report: ScorecardReport) -> Workbook:
    return load_workbook(io.BytesIO(render_xlsx(report)))


@pytest.fixture(scope="module")
def book(release: ScorecardReport) -> Workbook:
    return _book(release)


@pytest.fixture(scope="module")
def marked_book(marked: ScorecardReport) -> Workbook:
    return _book(marked)


def _values(sheet: Worksheet, first: int = FIRST_ROW) -> list[list[object]]:
    return [list(row) for row in sheet.iter_rows(min_row=first, values_only=True)]


def test_every_sheet_is_there_with_its_frozen_panes(book: Workbook) -> None:
    assert book.sheetnames == SHEETS
    panes = {name: book[name].freeze_panes for name in SHEETS}
    assert panes == {
        "Cover": None,
        "Areas 1 and 2": "C4",
        "Area 3": "C4",
        "Area 4": "C4",
        "Area 5": "C4",
        "Definitions": "B4",
        "Data": "A4",
    }
    for name in SHEETS[1:]:
        assert book[name].column_dimensions["A"].width >= 10
        assert book[name]["A3"].font.bold


def _check_row(cells: list[object], row: Row) -> None:
    metric = row.metric
    assert cells[:4] == [metric.id, metric.kpi, row.unit, row.frequency]
    unit = metric.unit
    for value, text in zip(cells[4:6], (row.baseline, row.target), strict=True):
        assert _as_text(value, unit) == text
    for value, cell in zip(cells[6:-3], row.cells, strict=True):
        shown = cell.marked_text if isinstance(value, str) else cell.text
        assert _as_text(value, unit) == shown, (metric.id, cell.month)
    assert cells[-3:] == [row.rating, row.direction, row.spc]


def _as_text(value: object, unit: Unit) -> str:
    """A cell read back as the scorecard prints it: numbers with their unit and separators."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return quantity(Decimal(repr(value)), unit)
    assert isinstance(value, str)
    return value


@pytest.mark.parametrize("which", ["release", "marked"])
def test_every_scorecard_sheet_equals_the_report(
    which: str, request: pytest.FixtureRequest
) -> None:
    report: ScorecardReport = request.getfixturevalue(which)
    workbook: Workbook = request.getfixturevalue("book" if which == "release" else "marked_book")
    for name, section in zip(SHEETS[1:5], report.sections, strict=True):
        sheet = workbook[name]
        assert sheet["A1"].value == section.title
        assert _values(sheet, 3)[0] == HEADER
        rows = _values(sheet)
        assert len(rows) == len(section.rows)
        for cells, row in zip(rows, section.rows, strict=True):
            _check_row(cells, row)


def test_single_figures_are_numbers_in_their_published_format(book: Workbook) -> None:
    sheet = book["Area 3"]
    row = next(r for r in sheet.iter_rows(min_row=FIRST_ROW) if r[0].value == "3.2")
    september = row[11]
    assert september.value == pytest.approx(41.71) and september.data_type == "n"
    assert september.number_format == "#,##0.00"
    percent = next(r for r in sheet.iter_rows(min_row=FIRST_ROW) if r[0].value == "3.1")[11]
    assert (percent.value, percent.number_format) == (pytest.approx(12.8), '#,##0.0"%"')
    parts = next(r for r in book["Area 4"].iter_rows(min_row=FIRST_ROW) if r[0].value == "4.1")
    assert parts[8].value == "SSCs 12 / SS -" and parts[8].data_type == "s"
    assert parts[4].value == "SSCs 372 / SS 1,565"


def test_a_revised_number_stays_a_number_marked_r(marked_book: Workbook) -> None:
    row = next(r for r in marked_book["Area 3"].iter_rows(min_row=FIRST_ROW) if r[0].value == "3.2")
    august = row[10]
    assert august.data_type == "n"
    assert august.number_format.endswith('"[r]"')


@pytest.mark.parametrize(
    ("part", "shown"), [("ssc", "SSCs 12 [r] / SS -"), ("special_school", "SSCs 12 / SS - [r]")]
)
def test_r_follows_the_revised_part_of_a_metric_in_parts(part: str, shown: str) -> None:
    """4.1's June cell holds two figures: [r] follows the one revised, as the open data and
    the API mark that part alone (a mark at the end of the cell named the last part)."""
    plan, figures = reports.bundled()
    revised = frozenset({("4.1", part, Month(2024, 6))})
    report = build_report(
        plan, figures, reports.SEPTEMBER, public=True, release=reports.release(2, revised)
    )
    sheet = _book(report)["Area 4"]
    row = next(r for r in sheet.iter_rows(min_row=FIRST_ROW) if r[0].value == "4.1")
    assert row[8].value == shown


def test_rating_cells_are_filled_as_well_as_worded(
    book: Workbook, release: ScorecardReport
) -> None:
    seen = set()
    for name, section in zip(SHEETS[1:5], release.sections, strict=True):
        for cells, row in zip(book[name].iter_rows(min_row=FIRST_ROW), section.rows, strict=True):
            rating_cell = cells[12]
            assert rating_cell.value == row.rating
            ratings = set(row.ratings)
            if len(ratings) == 1 and (rating := next(iter(ratings))) in FILLS:
                assert rating_cell.fill.fill_type == "solid"
                assert rating_cell.fill.fgColor.rgb[-6:] == FILLS[rating]
                seen.add(rating)
            else:
                assert rating_cell.fill.fill_type is None
    assert seen == {Rating.GREEN, Rating.AMBER, Rating.RED}


def test_the_definitions_sheet_has_every_metric(book: Workbook, release: ScorecardReport) -> None:
    rows = _values(book["Definitions"])
    assert [r[0] for r in rows] == [m.id for m in release.plan.metrics]
    assert [r[1] for r in rows] == [m.measure for m in release.plan.metrics]
    assert [r[7] for r in rows] == [m.source for m in release.plan.metrics]


def _csv_cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return str(Decimal(repr(value)))
    return str(value)


def _numbers_equal(sheet_rows: list[list[str]], csv_rows: list[list[str]]) -> None:
    assert len(sheet_rows) == len(csv_rows)
    for mine, theirs in zip(sheet_rows, csv_rows, strict=True):
        for a, b in zip(mine, theirs, strict=True):
            same = a == b or (a and b and Decimal(a) == Decimal(b))
            assert same, (mine, theirs)


@pytest.mark.parametrize("which", ["release", "marked"])
def test_the_data_sheet_holds_the_rows_of_data_csv(
    which: str, request: pytest.FixtureRequest
) -> None:
    report: ScorecardReport = request.getfixturevalue(which)
    workbook: Workbook = request.getfixturevalue("book" if which == "release" else "marked_book")
    sheet = _values(workbook["Data"], 3)
    assert sheet[0] == list(COLUMNS)
    expected = list(csv.reader(io.StringIO(render_data_csv(report).decode("utf-8"))))
    _numbers_equal([[_csv_cell(v) for v in row] for row in sheet], expected)


def test_the_data_sheet_matches_the_golden_data_csv(book: Workbook) -> None:
    golden = (reports.GOLDEN / "data-west-sussex-2024-09.csv").read_text(encoding="utf-8")
    expected = list(csv.reader(io.StringIO(golden)))
    sheet = [[_csv_cell(v) for v in row] for row in _values(book["Data"], 3)]
    _numbers_equal(sheet, expected)


def test_the_cover_names_the_release_and_explains_the_symbols(marked_book: Workbook) -> None:
    cover = {r[0]: r[1] for r in _values(marked_book["Cover"], 1) if r[0]}
    assert cover["SEND Improvement Plan 2024-2027 Scorecard"] is None
    assert cover["Release"] == "Version 2, published 31 October 2024"
    assert cover["Version 1"] == "Published 24 October 2024"
    assert str(cover["Version 2"]).startswith("Published 31 October 2024. Corrected figures")
    for symbol in ("/", "-", "[r]", "[c]", "[x]", "[z]", "[u]", "[p]"):
        assert symbol in cover, symbol
    assert "withheld" in str(cover["Disclosure control"])
    assert cover["Licence"] == "Open Government Licence v3.0"


def test_a_reason_ending_with_a_full_stop_is_not_given_a_second() -> None:
    plan, figures = reports.bundled()
    first = reports.RELEASED_ON
    notes = (
        VersionNote(1, first),
        VersionNote(2, first + dt.timedelta(days=7), "The return was corrected.", "3.1 changed"),
    )
    release = dataclasses.replace(reports.release(2), history=notes)
    workbook = _book(build_report(plan, figures, reports.SEPTEMBER, public=True, release=release))
    cover = {r[0]: r[1] for r in _values(workbook["Cover"], 1) if r[0]}
    assert cover["Version 2"] == (
        "Published 31 October 2024. The return was corrected. 3.1 changed"
    )


def test_a_working_copy_says_it_is_not_for_publication() -> None:
    plan, figures = reports.bundled()
    workbook = _book(build_report(plan, figures, reports.SEPTEMBER))
    cover = {r[0]: r[1] for r in _values(workbook["Cover"], 1) if r[0]}
    assert str(cover["Release"]).startswith("Not released")
    assert "Not for publication" in cover and "Disclosure control" not in cover


def _all_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return "".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist())


def test_a_public_workbook_holds_no_withheld_number_anywhere() -> None:
    withheld = (*reports.SUPPRESSED_NUMBERS, *reports.WITHHELD_COUNTS)
    shown = _all_text(render_xlsx(reports.marked_report(suppress=False)))
    assert all(number in shown for number in withheld)  # so the check below can fail
    public = _all_text(render_xlsx(reports.marked_report()))
    for number in withheld:
        assert number not in public


def test_the_same_report_gives_the_same_bytes_dated_with_the_release() -> None:
    first = render_xlsx(reports.west_sussex_release())
    assert render_xlsx(reports.west_sussex_release()) == first
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {i.date_time for i in archive.infolist()} == {(2024, 10, 24, 0, 0, 0)}
    properties = load_workbook(io.BytesIO(first)).properties
    assert properties.created == properties.modified
    assert properties.created is not None and properties.created.date() == reports.RELEASED_ON


@pytest.mark.parametrize(
    ("day", "stamp"),
    [
        (dt.date(1975, 1, 1), (1980, 1, 1, 0, 0, 0)),
        (dt.date(2200, 1, 1), (2107, 12, 31, 0, 0, 0)),
        (dt.date(9999, 12, 31), (2107, 12, 31, 0, 0, 0)),
    ],
)
def test_a_release_date_zip_cannot_hold_dates_the_archive_at_its_nearest(
    day: dt.date, stamp: tuple[int, ...]
) -> None:
    """Zip archives hold dates from 1980 to 2107 only: the workbook's entries are dated as
    near the release date as they can be, and its properties carry the date itself."""
    base = reports.west_sussex_release()
    assert base.release is not None
    release = dataclasses.replace(base.release, released_on=day)
    made = render_xlsx(dataclasses.replace(base, release=release))
    with zipfile.ZipFile(io.BytesIO(made)) as archive:
        assert {i.date_time for i in archive.infolist()} == {stamp}
    book = load_workbook(io.BytesIO(made))
    assert book.properties.created is not None and book.properties.created.date() == day
    assert f"{day.day} {day:%B} {day.year}" in str(book["Cover"]["B6"].value)


def workbook_as_text(book: Workbook) -> str:
    """Every sheet, cell by cell, as text: its value, number format, fill and frozen panes, so
    that a change anywhere in the workbook shows in the golden file's diff."""
    lines = []
    for sheet in book.worksheets:
        lines.append(f"== {sheet.title} (frozen at {sheet.freeze_panes})")
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is None:
                    continue
                fill = cell.fill.fgColor.rgb if cell.fill and cell.fill.fill_type else ""
                shown = repr(cell.value)
                lines.append(f"{cell.coordinate}\t{shown}\t{cell.number_format}\t{fill}")
    return "\n".join(lines) + "\n"


def test_the_workbook_matches_its_golden_file(book: Workbook) -> None:
    reports.assert_matches_golden("workbook-west-sussex-2024-09.txt", workbook_as_text(book))


def test_sheet_names_stay_unique_when_long_lists_of_areas_are_cut_short(
    release: ScorecardReport,
) -> None:
    """Excel allows 31 characters: a run of areas is "Areas 1 to 12"; two lists cut to the same
    31 characters get the section's number, and each sheet's table its own name."""
    section = release.sections[0]
    odd = tuple((n, f"Area {n}") for n in range(1, 24, 2))
    sections = (
        dataclasses.replace(section, areas=tuple((n, f"Area {n}") for n in range(1, 13))),
        dataclasses.replace(section, areas=odd),
        dataclasses.replace(section, areas=(*odd, (25, "Area 25"))),
        dataclasses.replace(section, areas=((3, "Area 3"),)),
    )
    book = _book(dataclasses.replace(release, sections=sections))
    assert book.sheetnames == [
        "Cover",
        "Areas 1 to 12",
        "Areas 1, 3, 5, 7, 9, 11, 13, 15",
        "Areas 1, 3, 5, 7, 9, 11, 13 (3)",
        "Area 3",
        "Definitions",
        "Data",
    ]
    tables = [name for sheet in book.worksheets for name in sheet.tables]
    assert len(tables) == len({t.casefold() for t in tables}) == 6
    contents = [row[0] for row in book["Cover"].iter_rows(values_only=True)]
    assert all(name in contents for name in book.sheetnames[1:])
