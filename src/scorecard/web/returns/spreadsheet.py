"""Return spreadsheets: the template a data owner downloads (CSV or XLSX, pre-filled with their
open returns) and reading an uploaded one back into rows of text, cell by cell, refusing what a
spreadsheet can hide (formulas) and naming the row and column of every problem."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils.exceptions import InvalidFileException

COLUMNS = (
    "metric_id",
    "component",
    "period",
    "version",
    "status",
    "value",
    "numerator",
    "denominator",
    "quality",
    "note",
    "commentary",
    "actions",
    "confirmation",
)
REQUIRED = ("metric_id", "component", "period", "version", "status", "value")
SHEET = "Return"
MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 2000


# A cell a spreadsheet would run as a formula when the file is opened (= + - @, and tab or
# carriage return before them): in the CSV template such text is written after an apostrophe,
# which a spreadsheet shows as text and an upload takes away again; a number stays as it is.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?")


def as_text(value: str) -> str:
    if value.startswith(FORMULA_START) and not NUMBER.fullmatch(value):
        return "'" + value
    return value


def _unquoted_text(value: str) -> str:
    return value[1:] if value.startswith("'") and value[1:].startswith(FORMULA_START) else value


class SpreadsheetError(Exception):
    """The file cannot be read as a return at all; the message says why."""


@dataclass(frozen=True)
class Row:
    number: int  # the spreadsheet's own row number (the header is row 1)
    cells: dict[str, str]
    # column → cell reference of each cell holding a formula (XLSX), refused by the checks
    formulas: dict[str, str] = field(default_factory=dict)


FORMULA = (
    "Cell {} holds a formula; paste the values instead (a return holds figures, not calculations)"
)


def template_csv(rows: Sequence[dict[str, str]]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows({c: as_text(v) for c, v in row.items()} for row in rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def template_xlsx(rows: Sequence[dict[str, str]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = SHEET
    sheet.append(list(COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([row.get(c, "") for c in COLUMNS])
    for column in sheet.iter_cols(min_row=1, max_row=sheet.max_row):
        for cell in column:
            cell.number_format = "@"  # text: months and ids stay as written
            if isinstance(cell.value, str) and cell.value:
                cell.data_type = "s"  # never a formula, even when it starts with "="
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def read_upload(name: str, content: bytes) -> tuple[list[str], list[Row]]:
    """The header and the non-empty rows of an uploaded CSV or XLSX file, as text."""
    if len(content) > MAX_BYTES:
        raise SpreadsheetError(f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB")
    if not content:
        raise SpreadsheetError("The file is empty")
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix == "csv":
        header, rows = _read_csv(content)
    elif suffix == "xlsx":
        header, rows = _read_xlsx(content)
    else:
        shown = f"a .{suffix} file" if suffix else "a file without an extension"
        raise SpreadsheetError(f"The file must be a CSV or XLSX spreadsheet; this is {shown}")
    if len(rows) > MAX_ROWS:
        raise SpreadsheetError(f"The file has more than {MAX_ROWS} rows")
    return header, rows


def _read_csv(content: bytes) -> tuple[list[str], list[Row]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SpreadsheetError(
            "The CSV file is not UTF-8 text; save it from your spreadsheet as “CSV UTF-8”"
        ) from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise SpreadsheetError(
            f"Line {line} of the CSV file holds a NUL character, which a return cannot hold; "
            "save the file again from your spreadsheet as “CSV UTF-8”"
        )
    try:
        table = list(csv.reader(io.StringIO(text)))
    except csv.Error as exc:
        raise SpreadsheetError(f"The CSV file cannot be read: {exc}") from None
    if not table:
        raise SpreadsheetError("The file is empty")
    header = [h.strip() for h in table[0]]
    rows = []
    for number, values in enumerate(table[1:], start=2):
        if not any(v.strip() for v in values):
            continue
        if len(values) > len(header):
            raise SpreadsheetError(f"Row {number} has more cells than the header row has columns")
        cells = {h: _unquoted_text(v.strip()) for h, v in zip(header, values, strict=False)}
        rows.append(Row(number, cells))
    return header, rows


def _read_xlsx(content: bytes) -> tuple[list[str], list[Row]]:
    try:
        book = load_workbook(io.BytesIO(content), data_only=False)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise SpreadsheetError("The file cannot be read as an XLSX spreadsheet") from None
    sheet = book[SHEET] if SHEET in book.sheetnames else book.worksheets[0]
    table = list(sheet.iter_rows())
    if not table:
        raise SpreadsheetError("The file is empty")
    header = [_text(cell.value).strip() for cell in table[0]]
    rows = []
    for cells in table[1:]:
        number = cells[0].row if cells else 0
        formulas = {
            (header[i] if i < len(header) else "") or c.coordinate: c.coordinate
            for i, c in enumerate(cells)
            if c.data_type == "f"
        }
        values = {h: _cell_text(c).strip() for h, c in zip(header, cells, strict=False) if h}
        if any(values.values()) or formulas:
            rows.append(Row(int(number or 0), values, formulas))
    return header, rows


def _cell_text(cell: Any) -> str:
    """A cell as the number or text it shows. A number formatted as a percentage shows 100
    times what the cell holds (19% is held as 0.19), so it is read as the percentage shown,
    exactly: 0.19 formatted 0.0% is 19, not 0.19 (and not 19.0, which the format only pads)."""
    value = cell.value
    number = isinstance(value, int | float) and not isinstance(value, bool)
    if number and "%" in _unquoted(str(cell.number_format or "")):
        return _plain(_exact(value).scaleb(2))
    return _text(value)


def _unquoted(number_format: str) -> str:
    """A number format without its quoted text and escaped characters ("%" in "0 \"%\"" is
    text, not a percentage)."""
    return re.sub(r'"[^"]*"|\\.', "", number_format)


def _exact(value: int | float) -> Decimal:
    """A cell's number as the shortest decimal that reads back as it: 0.19, not 0.190000000…"""
    return Decimal(value) if isinstance(value, int) else Decimal(repr(value))


def _plain(number: Decimal) -> str:
    """A number in plain notation, never in exponent form, with no trailing zeros after the
    decimal point that the cell did not hold."""
    text = format(number, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _text(value: object) -> str:
    """A cell's value as the text it shows: numbers without float noise and never in exponent
    form, months as YYYY-MM."""
    match value:
        case None:
            return ""
        case bool():
            return str(value).lower()
        case int():
            return str(value)
        case float():
            return _plain(_exact(value)) if not value.is_integer() else str(int(value))
        case dt.datetime() | dt.date():
            return f"{value:%Y-%m}" if value.day == 1 else value.isoformat()[:10]
        case _:
            return str(value)
