"""The scorecard as an Excel workbook: a cover sheet with the notes, one sheet per table of the
published scorecard, the metric definitions and the open data (docs/publishing.md).

Same report, same bytes: the document properties carry the release date and every file in the
zip archive is dated with it."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell.cell import Cell as SheetCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.workbook.child import INVALID_TITLE_REGEX
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.table import Table as SheetTable
from openpyxl.worksheet.table import TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from scorecard.domain.catalogue import Unit
from scorecard.domain.figures import Figure
from scorecard.domain.periods import FinancialYear, Month
from scorecard.domain.ragrules import Rating
from scorecard.domain.releases import ReleaseState
from scorecard.publish.html import long_date, rating_legend, release_status
from scorecard.publish.opendata import OPEN_SYMBOLS, open_data_table, release_date, shown_numbers
from scorecard.publish.report import REVISED_MARK, Row, ScorecardReport, SectionReport
from scorecard.publish.tables import Cell

REVISED = REVISED_MARK[0]
FILLS: dict[Rating, str] = {Rating.GREEN: "CCE2D8", Rating.AMBER: "FFDDC4", Rating.RED: "F6D7D2"}
BOLD = Font(bold=True)
TITLE, HEADING, LINK = "Headline 1", "Headline 2", "Hyperlink"  # Excel's Heading 1 and 2
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
TABLE_STYLE = TableStyleInfo(name="TableStyleLight1", showRowStripes=False)
ZIP_FIRST_DAY, ZIP_LAST_DAY = dt.date(1980, 1, 1), dt.date(2107, 12, 31)
HEADER_ROW = 3  # every table sheet: title in A1, a note in A2, the table from A3
DEFINITION_COLUMNS = (
    "Metric ID",
    "Measure",
    "KPI",
    "Unit of measure",
    "Frequency",
    "Polarity",
    "Data quality",
    "Source",
    "Definition",
    "Notes",
)
WIDTHS = {"Metric ID": 10, "KPI": 48, "Unit of measure": 16, "Frequency": 11, "Rating": 14}


def render_xlsx(report: ScorecardReport) -> bytes:
    book = Workbook()
    cover = book.create_sheet("Cover")
    del book[book.sheetnames[0]]  # the sheet every new workbook starts with
    names = sheet_names(report)
    _cover(cover, report, names)
    for section, name in zip(report.sections, names, strict=True):
        _section_sheet(book.create_sheet(name), report, section, name)
    _definitions_sheet(book.create_sheet("Definitions"), report)
    _data_sheet(book.create_sheet("Data"), report)
    return _saved(book, report)


SHEET_NAME_LENGTH = 31  # Excel's limit
OTHER_SHEETS = ("Cover", "Definitions", "Data")


def sheet_name(section: SectionReport) -> str:
    """ "Areas 1 and 2", "Area 3": the areas of improvement the section's table covers;
    "Areas 1 to 12" for a run of areas whose list would not fit Excel's 31 characters."""
    numbers = [area_id for area_id, _ in section.areas]
    ids = [str(n) for n in numbers]
    joined = ids[0] if len(ids) == 1 else f"{', '.join(ids[:-1])} and {ids[-1]}"
    name = f"{'Area' if len(ids) == 1 else 'Areas'} {joined}"
    if len(name) > SHEET_NAME_LENGTH and numbers == list(range(numbers[0], numbers[-1] + 1)):
        name = f"Areas {numbers[0]} to {numbers[-1]}"
    return re.sub(INVALID_TITLE_REGEX, "-", name)[:SHEET_NAME_LENGTH]


def sheet_names(report: ScorecardReport) -> list[str]:
    """Each section's sheet name, unique in the workbook (Excel ignores case): a name cut short
    that another sheet already has ends with the section's number, "(2)"."""
    taken = {name.casefold() for name in OTHER_SHEETS}
    names = []
    for number, section in enumerate(report.sections, start=1):
        name = sheet_name(section)
        if name.casefold() in taken:
            suffix = f" ({number})"
            name = name[: SHEET_NAME_LENGTH - len(suffix)].rstrip(", ") + suffix
        taken.add(name.casefold())
        names.append(name)
    return names


def section_header(report: ScorecardReport) -> tuple[str, ...]:
    start = report.year.start_year
    return (
        "Metric ID",
        "KPI",
        "Unit of measure",
        "Frequency",
        f"Baseline ({report.plan.baseline_label})",
        f"Target {start % 100:02d}-{(start + 1) % 100:02d}",
        *(month.short_label for month in report.months),
        "Rating",
        "Direction of travel",
        "SPC",
    )


# The cover sheet


def _cover(sheet: Worksheet, report: ScorecardReport, names: Sequence[str]) -> None:
    plan = report.plan
    sheet["A1"] = plan.title
    sheet["A1"].style = TITLE
    sheet["A2"] = f"{plan.local_area}: figures for {report.months_label}"
    sheets = [
        *(
            (name, f"{s.title}: the scorecard table")
            for s, name in zip(report.sections, names, strict=True)
        ),
        ("Definitions", "How each metric is defined and where its data come from"),
        ("Data", "The figures as open data, one row per metric, component and month"),
    ]
    contact = plan.organisation.contact
    lines: list[tuple[str, str, str | None]] = [
        ("Published by", plan.organisation.name, None),
        *([("Contact", contact.in_words, None)] if contact else []),
        ("Reporting month", report.period.label, None),
        ("Release", _release_text(report), None),
        *((label, text, None) for label, text in _history(report)),
        *([("Please note", plan.notice, None)] if plan.notice else []),
        *((label, text, None) for label, text in _disclosure(report)),
        ("", "", None),
        ("Contents", "", HEADING),
        *((name, text, LINK) for name, text in sheets),
        ("", "", None),
        ("Symbols in the scorecard sheets", "", HEADING),
        *((symbol, text, None) for symbol, text in _capitalised(report.legend)),
        ("", "", None),
        ("Symbols in the Data sheet", "", HEADING),
        *((symbol, text, None) for symbol, text in _capitalised(OPEN_SYMBOLS)),
        ("", "", None),
        ("Ratings", "The fill colour repeats the rating; the symbol and word carry it", HEADING),
        *((label, words, None) for label, words in rating_legend(plan)),  # the plan's rules
    ]
    for number, (label, text, style) in enumerate(lines, start=4):
        _cover_label(_cell(sheet, number, 1), label, style)
        _text(_cell(sheet, number, 2), text or None).alignment = WRAP
    sheet.column_dimensions["A"].width = 32
    sheet.column_dimensions["B"].width = 100


def _cover_label(cell: SheetCell, label: str, style: str | None) -> None:
    """A label in bold; a part's heading as a heading; a sheet's name as a link to it."""
    _text(cell, label or None)
    if style == LINK:
        sheet_name = label.replace("'", "''")  # a quote in a sheet's name is written twice
        cell.hyperlink = Hyperlink(ref=cell.coordinate, location=f"'{sheet_name}'!A1")
    if style:
        cell.style = style
    else:
        cell.font = BOLD


def _release_text(report: ScorecardReport) -> str:
    release = report.release
    if release is None:
        return "Not released: a working copy for the partnership"
    if release.state is ReleaseState.PUBLISHED:
        return f"Version {release.version}, published {_date(release.released_on)}"
    status = release_status(release)
    return f"Version {release.version}, {status[:1].lower()}{status[1:]}"


def _history(report: ScorecardReport) -> list[tuple[str, str]]:
    if report.release is None or not report.release.is_amendment:
        return []
    lines = []
    for note in report.release.history:
        words = [f"Published {_date(note.released_on)}", note.reason, note.change_note]
        lines.append((f"Version {note.number}", _sentences(w for w in words if w)))
    return lines


def _sentences(parts: Iterable[str]) -> str:
    """The parts as sentences, a full stop between them unless a part ends with its own (a
    reason "... after the release." was printed "... after the release.. Metrics ...")."""
    text = ""
    for part in parts:
        if text:
            text += " " if text.endswith((".", "!", "?")) else ". "
        text += part.strip()
    return text


def _disclosure(report: ScorecardReport) -> list[tuple[str, str]]:
    if not report.public:
        return [("Not for publication", "An internal working copy: no disclosure control")]
    return [
        (
            "Disclosure control",
            "Small numbers about children are withheld to protect their privacy, shown as [c]. "
            "Ratings, directions of travel and SPC are worked out from the figures shown.",
        ),
        ("Licence", "Open Government Licence v3.0"),
    ]


def _capitalised(pairs: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(symbol, meaning[:1].upper() + meaning[1:]) for symbol, meaning in pairs]


def _date(day: dt.date) -> str:
    return long_date(day)


# The scorecard tables


def _section_sheet(
    sheet: Worksheet, report: ScorecardReport, section: SectionReport, name: str
) -> None:
    header = section_header(report)
    sheet["A1"] = section.title
    sheet["A1"].style = TITLE
    sheet["A2"] = (
        f"Metrics, baselines, targets and monthly figures for {report.months_label}, "
        "each in its unit of measure. Symbols and ratings are explained on the Cover sheet."
    )
    figures = {f.key: f for f in report.figures}
    for number, row in enumerate(section.rows, start=HEADER_ROW + 1):
        _scorecard_row(sheet, number, row, figures, report.year)
    _table(sheet, header, len(section.rows), f"scorecard_{name}")
    for column, title in enumerate(header, start=1):
        width = WIDTHS.get(title, 22 if column in (5, 6) else 12)
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.column_dimensions[get_column_letter(len(header))].width = 30
    sheet.column_dimensions[get_column_letter(len(header) - 1)].width = 18
    sheet.freeze_panes = f"C{HEADER_ROW + 1}"


def _scorecard_row(
    sheet: Worksheet,
    number: int,
    row: Row,
    figures: dict[tuple[str, str, Month], Figure],
    year: FinancialYear,
) -> None:
    metric = row.metric
    single = len(metric.series) == 1
    series = metric.series[0]
    baseline = series.baseline.value if single and not series.baseline.label else None
    target = series.target_for(year).value if single else None
    leading: list[tuple[Decimal | None, str]] = [
        (None, metric.id),
        (None, metric.kpi),
        (None, row.unit),
        (None, row.frequency),
        (baseline, row.baseline),
        (target, row.target),
    ]
    for column, (value, text) in enumerate(leading, start=1):
        _value_or_text(_cell(sheet, number, column), value, text, metric.unit).alignment = WRAP
    for column, cell in enumerate(row.cells, start=len(leading) + 1):
        figure = figures.get((metric.id, series.component, cell.month)) if single else None
        value = shown_numbers(figure)[0] if figure else None
        shown = _value_or_text(_cell(sheet, number, column), value, cell.marked_text, metric.unit)
        shown.alignment = Alignment(horizontal="right", vertical="top")
        if value is not None and cell.revised:
            shown.number_format += f' "{REVISED}"'
    rating_column = len(leading) + len(row.cells) + 1
    _rating(_cell(sheet, number, rating_column), row)
    _text(_cell(sheet, number, rating_column + 1), row.direction).alignment = TOP
    _text(_cell(sheet, number, rating_column + 2), row.spc).alignment = WRAP


def _rating(cell: SheetCell, row: Row) -> None:
    """The rating as words; the fill repeats it when every part of the metric has the same."""
    _text(cell, row.rating).font = BOLD
    cell.alignment = TOP
    ratings = set(row.ratings)
    if len(ratings) == 1 and (rating := ratings.pop()) in FILLS:
        cell.fill = PatternFill(
            fill_type="solid", start_color=FILLS[rating], end_color=FILLS[rating]
        )


def _value_or_text(cell: SheetCell, value: Decimal | None, text: str, unit: Unit) -> SheetCell:
    if value is None:
        return _text(cell, text)
    cell.value = value
    cell.number_format = number_format(value, unit)
    return cell


def number_format(value: Decimal, unit: Unit) -> str:
    """The value's format as published: its own decimal places, a % sign for percentages
    (stored 0-100, as in the open data)."""
    exponent = value.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    shown = "#,##0" + ("." + "0" * places if places else "")
    return shown + '"%"' if unit is Unit.PERCENT else shown


# Definitions and data


def _definitions_sheet(sheet: Worksheet, report: ScorecardReport) -> None:
    header = DEFINITION_COLUMNS
    sheet["A1"] = "Metric definitions" + (f" ({report.plan.status})" if report.plan.status else "")
    sheet["A1"].style = TITLE
    sheet["A2"] = "How each metric is defined and where its data come from."
    for number, metric in enumerate(report.plan.metrics, start=HEADER_ROW + 1):
        notes = [*metric.notes, metric.polarity_note or ""]
        if metric.source_detail:
            notes.append(f"Data source: {metric.source_detail}")
        values = [
            metric.id,
            metric.measure,
            metric.kpi,
            metric.shown_unit,
            metric.frequency.value.capitalize(),
            metric.polarity_text,
            metric.data_quality.value.capitalize(),
            metric.source,
            metric.definition,
            " ".join(n for n in notes if n) or None,
        ]
        for column, text in enumerate(values, start=1):
            _text(_cell(sheet, number, column), text).alignment = WRAP
    _table(sheet, header, len(report.plan.metrics), "definitions")
    for column, width in enumerate((10, 40, 40, 16, 11, 30, 13, 28, 70, 50), start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = f"B{HEADER_ROW + 1}"


def _data_sheet(sheet: Worksheet, report: ScorecardReport) -> None:
    columns, rows = open_data_table(report)
    sheet["A1"] = "The figures as open data"
    sheet["A1"].style = TITLE
    sheet["A2"] = (
        "The same rows and columns as data.csv: one row per metric, component and month. "
        "Symbols are explained on the Cover sheet. An empty value always has a symbol saying "
        "why; other cells are empty when nothing was recorded (numerator, denominator, "
        "reference period) or nothing applies (component, symbol, withheld, quality; rating, "
        "direction and SPC are given on the reporting month's rows only)."
    )
    for number, row in enumerate(rows, start=HEADER_ROW + 1):
        for column, name in enumerate(columns, start=1):
            _data_cell(_cell(sheet, number, column), row[name])
    _table(sheet, columns, len(rows), "data")
    for column, name in enumerate(columns, start=1):
        width = 40 if name == "measure" else max(12, len(name) + 4)
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"


def _data_cell(cell: SheetCell, value: Cell) -> None:
    if isinstance(value, Decimal):
        cell.value = value
        cell.number_format = number_format(value, Unit.COUNT).replace("#,##", "")
    elif isinstance(value, int) and not isinstance(value, bool):
        cell.value = value
    else:
        _text(cell, None if value is None or value == "" else str(value))


# Shared


def _cell(sheet: Worksheet, row: int, column: int) -> SheetCell:
    """A cell of a sheet; the workbook merges no cells."""
    cell = sheet.cell(row, column)
    if not isinstance(cell, SheetCell):
        raise TypeError(f"{cell.coordinate} of {sheet.title} is merged")
    return cell


def _text(cell: SheetCell, text: str | None) -> SheetCell:
    """Text kept as text, even when it starts with "=" (never a formula)."""
    cell.value = text
    if text is not None:
        cell.data_type = "s"
    return cell


def _table(sheet: Worksheet, header: Sequence[str], rows: int, name: str) -> None:
    """The header row, bold, and the cells below it marked up as an Excel table, so that
    screen readers and filters know where the table is."""
    for column, title in enumerate(header, start=1):
        cell = _text(_cell(sheet, HEADER_ROW, column), title)
        cell.font = BOLD
        cell.alignment = WRAP
    last = f"{get_column_letter(len(header))}{HEADER_ROW + max(rows, 1)}"
    table = SheetTable(displayName=re.sub(r"\W", "_", name), ref=f"A{HEADER_ROW}:{last}")
    table.tableStyleInfo = TABLE_STYLE
    sheet.add_table(table)


def _saved(book: Workbook, report: ScorecardReport) -> bytes:
    """The workbook's bytes, dated with the release date throughout."""
    released = release_date(report)
    moment = dt.datetime(released.year, released.month, released.day)
    book.properties.created = moment
    book.properties.modified = moment
    book.properties.creator = report.plan.organisation.name
    book.properties.title = document_title(report)
    book.properties.subject = _subject(report)
    book.properties.language = "en-GB"
    draft = io.BytesIO()
    with zipfile.ZipFile(draft, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(book, archive).save()
    return _dated(draft.getvalue(), moment)


def document_title(report: ScorecardReport) -> str:
    """The title in the document's properties, as the web page and the board pack give it."""
    plan = report.plan
    audience = "" if report.public else " (not for publication)"
    return f"{plan.title}: {report.period.label} – {plan.local_area}{audience}"


def _subject(report: ScorecardReport) -> str:
    return (
        f"The scorecard of the {report.plan.title} for {report.period.label}: figures for "
        f"{report.months_label}, with their ratings, direction "
        "of travel and statistical process control"
    )


def _dated(data: bytes, moment: dt.datetime) -> bytes:
    """The zip archive again, every entry dated `moment` rather than when it was written (or
    the nearest date a zip archive holds: 1 January 1980 to 31 December 2107)."""
    day = min(max(moment.date(), ZIP_FIRST_DAY), ZIP_LAST_DAY)
    stamp = (day.year, day.month, day.day, 0, 0, 0)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive,
    ):
        for entry in source.infolist():
            fixed = zipfile.ZipInfo(entry.filename, date_time=stamp)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            archive.writestr(fixed, source.read(entry.filename))
    return out.getvalue()
