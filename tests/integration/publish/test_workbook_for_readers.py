"""The workbook read back with openpyxl against what public sector spreadsheets are held to
(the Government Analysis Function's guidance on releasing statistics in spreadsheets, and WCAG
2.2 AA): document properties, headings marked as headings, a contents that links to each sheet
(docs/publishing.md)."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook, load_workbook

from scorecard.planfiles.reader import PlanReading
from scorecard.publish.xlsx import render_xlsx
from tests.integration.publish.boardpack_reports import board_pack_report, public_report

TABLE_SHEETS = ["Areas 1 and 2", "Area 3", "Area 4", "Area 5", "Definitions", "Data"]


@pytest.fixture(scope="module")
def public_book(reading: PlanReading) -> Workbook:
    return load_workbook(io.BytesIO(render_xlsx(public_report(reading))))


@pytest.fixture(scope="module")
def internal_book(reading: PlanReading) -> Workbook:
    return load_workbook(io.BytesIO(render_xlsx(board_pack_report(reading))))


def test_the_document_properties_give_its_title_language_and_subject(
    public_book: Workbook,
) -> None:
    properties = public_book.properties
    assert properties.language == "en-GB"
    assert (
        properties.title
        == "SEND Improvement Plan 2024-2027 Scorecard: September 2024 – West Sussex"
    )
    assert properties.subject == (
        "The scorecard of the SEND Improvement Plan 2024-2027 Scorecard for September 2024: "
        "figures for April 2024 to September 2024, with their ratings, direction of travel "
        "and statistical process control"
    )


def test_an_internal_workbook_says_so_in_its_title(internal_book: Workbook) -> None:
    assert internal_book.properties.title == (
        "SEND Improvement Plan 2024-2027 Scorecard: September 2024 – West Sussex "
        "(not for publication)"
    )


def test_every_sheet_title_is_a_heading(public_book: Workbook) -> None:
    for sheet in public_book.worksheets:
        assert sheet["A1"].style == "Headline 1", sheet.title  # Excel's "Heading 1"


def test_the_covers_parts_are_headings(public_book: Workbook) -> None:
    cover = public_book["Cover"]
    headings = [c.value for c in cover["A"] if c.style == "Headline 2"]
    assert headings == [
        "Contents",
        "Symbols in the scorecard sheets",
        "Symbols in the Data sheet",
        "Ratings",
    ]


def test_the_contents_link_to_each_sheet(public_book: Workbook) -> None:
    cover = public_book["Cover"]
    links = {c.value: c.hyperlink.location for c in cover["A"] if c.hyperlink is not None}
    assert links == {name: f"'{name}'!A1" for name in TABLE_SHEETS}
    assert all(c.style == "Hyperlink" for c in cover["A"] if c.value in TABLE_SHEETS and c.row > 4)


def test_the_data_sheet_says_why_a_cell_is_empty(public_book: Workbook) -> None:
    """Blank cells are explained, as the Analysis Function's guidance asks."""
    sheet = public_book["Data"]
    empty_columns = [
        column[0].value
        for column in sheet.iter_cols(min_row=3)
        if all(cell.value is None for cell in column[1:])
    ]
    assert empty_columns  # this month's release records no counts, for one
    note = str(sheet["A2"].value)
    assert "An empty value always has a symbol saying why" in note
    for name in ("numerator", "denominator", "reference period", "quality", "component"):
        assert name in note
