"""`scorecard spc`: an XmR chart of any CSV series, for analysts (docs/spc.md)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import re
from pathlib import Path

import click

from scorecard.domain.errors import ScorecardError
from scorecard.domain.spc import MIN_FIX_AFTER, Direction, SpcResult, xmr

MISSING = {"", "NA", "N/A", "NaN", "nan"}
# a plain number, as R's read.csv reads one: Python's float() would also take "1_000" (as 1000)
# and digits of other scripts ("٣"), which a spreadsheet does not write and R does not read
PLAIN_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
POINT_FIELDS = ("date", "value", "mean", "lpl", "upl", "point_type", "special_cause_type")


def parse_date(text: str, where: str) -> dt.date:
    """YYYY-MM-DD, or YYYY-MM for the first day of the month."""
    cleaned = text.strip()
    try:
        if len(cleaned) == 7:
            return dt.date.fromisoformat(cleaned + "-01")
        return dt.date.fromisoformat(cleaned[:10])
    except ValueError:
        raise ScorecardError(
            f'{where}: "{text}" is not a date; write YYYY-MM-DD, or YYYY-MM for a month'
        ) from None


def read_series(
    path: Path, date_column: str, value_column: str
) -> tuple[list[dt.date], list[float | None]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ScorecardError(f"{path} does not exist") from None
    except IsADirectoryError:
        raise ScorecardError(f"{path} is a folder, not a CSV file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ScorecardError(f"{path} cannot be read as UTF-8 text: {exc}") from None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        columns = next(reader, [])
        at = {name: _column(path, columns, name) for name in (date_column, value_column)}
        dates: list[dt.date] = []
        values: list[float | None] = []
        first_line: dict[dt.date, int] = {}
        for cells in reader:
            line = reader.line_num
            if not cells:  # a blank line
                continue
            if len(cells) != len(columns):
                count = f"{len(cells)} cell{'s' * (len(cells) != 1)}"
                raise ScorecardError(
                    f"{path}:{line}: has {count} but the header names {len(columns)} columns "
                    "(is a comma in a number, or a cell missing?)"
                )
            day = parse_date(cells[at[date_column]], f"{path}:{line}")
            if day in first_line:
                earlier = first_line[day]
                raise ScorecardError(
                    f"{path}:{line}: the date {day.isoformat()} is already on line {earlier}"
                )
            first_line[day] = line
            dates.append(day)
            values.append(_value(cells[at[value_column]], f"{path}:{line}"))
    except csv.Error as exc:
        raise ScorecardError(f"{path}:{reader.line_num}: not valid CSV: {exc}") from None
    if not dates:
        raise ScorecardError(f"{path} has no rows of data below its header")
    return dates, values


def _column(path: Path, columns: list[str], name: str) -> int:
    """Where the header names the column: once, or the file is refused."""
    if columns.count(name) > 1:
        raise ScorecardError(f'{path}:1: the header names the column "{name}" more than once')
    if name not in columns:
        raise ScorecardError(
            f'{path} has no column "{name}"; its columns are: {", ".join(columns) or "none"}'
        )
    return columns.index(name)


def _value(text: str, where: str) -> float | None:
    cleaned = text.strip()
    if cleaned in MISSING:
        return None
    try:
        number = float(cleaned) if PLAIN_NUMBER.fullmatch(cleaned) else math.nan
    except ValueError:
        number = math.nan
    if not math.isfinite(number):
        raise ScorecardError(
            f'{where}: "{text}" is not a number; leave the cell empty for a missing value'
        )
    return number


def _target(text: str) -> float:
    """The target as typed: a number a chart can show ("1e400" and "nan" are refused)."""
    try:
        number = float(text.strip()) if PLAIN_NUMBER.fullmatch(text.strip()) else math.nan
    except ValueError:
        number = math.nan
    if not math.isfinite(number):
        raise ScorecardError(f"--target must be a number a chart can show, not {text!r}")
    return number


def result_json(result: SpcResult) -> str:
    document = {
        "points": [
            {
                "date": p.date.isoformat(),
                "value": p.value,
                "mean": p.mean,
                "lpl": p.lpl,
                "upl": p.upl,
                "point_type": p.point_type.value if p.point_type else None,
                "special_cause_type": p.special_cause_type,
            }
            for p in result.points
        ],
        "summary": {
            "variation_icon": result.variation_icon.value if result.variation_icon else None,
            "assurance_icon": result.assurance_icon.value if result.assurance_icon else None,
            "warnings": list(result.warnings),
            "variation_reason": result.variation_reason,
            "assurance_reason": result.assurance_reason,
        },
    }
    return json.dumps(document, indent=2) + "\n"


def result_csv(result: SpcResult) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(POINT_FIELDS)
    for p in result.points:
        cells = (
            p.date.isoformat(),
            p.value,
            p.mean,
            p.lpl,
            p.upl,
            p.point_type,
            p.special_cause_type,
        )
        writer.writerow(["" if c is None else str(c) for c in cells])
    return buffer.getvalue()


@click.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--date-column", required=True, metavar="D", help="Column holding the dates.")
@click.option("--value-column", required=True, metavar="V", help="Column holding the values.")
@click.option(
    "--direction",
    required=True,
    type=click.Choice([d.value for d in Direction]),
    help="Which way is improvement.",
)
@click.option("--target", metavar="NUMBER", help="The target, for the assurance icon.")
@click.option("--rebase", multiple=True, metavar="DATE", help="Start new limits at this date.")
@click.option("--no-screen", is_flag=True, help="Keep large moving ranges in the average.")
@click.option("--fix-after", type=int, metavar="N", help="Fix the limits after the first N points.")
@click.option("--format", "output_format", type=click.Choice(("json", "csv")), required=True)
def spc(
    file: Path,
    date_column: str,
    value_column: str,
    direction: str,
    target: str | None,
    rebase: tuple[str, ...],
    no_screen: bool,
    fix_after: int | None,
    output_format: str,
) -> None:
    """An XmR chart (NHS "Making Data Count") of a CSV series: mean, process limits and the
    special cause of each point, with the variation and assurance icons. Empty value cells are
    missing values."""
    if fix_after is not None and fix_after < MIN_FIX_AFTER:
        raise ScorecardError(
            f"--fix-after: limits can be fixed after {MIN_FIX_AFTER} or more points, "
            f"not {fix_after}"
        )
    dates, values = read_series(file, date_column, value_column)
    result = xmr(
        dates=dates,
        values=values,
        direction=Direction(direction),
        target=None if target is None else _target(target),
        rebase=[parse_date(r, "--rebase") for r in rebase],
        screen_outliers=not no_screen,
        fix_after=fix_after,
    )
    if output_format == "json":
        click.echo(result_json(result), nl=False)
    else:
        click.echo(result_csv(result), nl=False)
        for warning in result.warnings:
            click.echo(f"warning: {warning}", err=True)
