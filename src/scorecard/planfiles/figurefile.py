"""The published figures of a plan as CSV: one row per metric, component and month recorded.

Columns (the first five are required, in any order):
metric_id, component, period, status, value, numerator, denominator, reference_period,
quality, source, note. `status` is `value` or `not_available`; `not_due` rows are allowed
only where the schedule agrees, and are redundant. `quality` lists flags separated by ";".
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from scorecard.domain.errors import PeriodError
from scorecard.domain.figures import Figure, FigureStatus, QualityFlag
from scorecard.domain.periods import Month
from scorecard.domain.problems import Problem, error
from scorecard.planfiles.yamlfile import not_utf8

REQUIRED_COLUMNS = ("metric_id", "component", "period", "status", "value")
OPTIONAL_COLUMNS = (
    "numerator",
    "denominator",
    "reference_period",
    "quality",
    "source",
    "note",
)
COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS


@dataclass(frozen=True)
class FigureRow:
    line: int
    figure: Figure


def read_figures(path: Path, shown_as: str) -> tuple[list[FigureRow], list[Problem]]:
    """Parse every row; a row with a problem is reported and left out, never guessed at."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        return [], [not_utf8(exc, shown_as, "UTF-8 CSV")]
    except OSError as exc:
        return [], [error("file-unreadable", f"cannot be read: {exc.strerror}", file=shown_as)]
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    start = 1
    try:
        header = next(reader, None)
        if header is None:
            reason = f"is empty; the first row must name the columns: {', '.join(COLUMNS)}"
            return [], [error("csv-header", reason, file=shown_as, line=1)]
        problems = _check_header(header, shown_as)
        if problems:
            return [], problems
        rows: list[FigureRow] = []
        names = [h.strip() for h in header]
        while True:
            start = reader.line_num + 1  # a quoted cell may run over several lines
            cells = next(reader, None)
            if cells is None:
                break
            if not any(c.strip() for c in cells):
                continue
            if len(cells) != len(names):
                reason = f"has {len(cells)} cells but the header names {len(names)} columns"
                found = error("csv-row-length", reason, metric_id=cells[0].strip() or None)
                problems.append(found.at(shown_as, start))
                continue
            figure, row_problems = parse_row(dict(zip(names, cells, strict=True)))
            problems += [p.at(shown_as, start) for p in row_problems]
            if figure is not None:
                rows.append(FigureRow(start, figure))
    except csv.Error as exc:
        reason = f"is not valid CSV: {exc} (is a quote left open?)"
        return [], [error("csv-syntax", reason, file=shown_as, line=start)]
    return rows, problems


def _check_header(header: list[str], shown_as: str) -> list[Problem]:
    names = [h.strip() for h in header]
    problems = []
    missing = [c for c in REQUIRED_COLUMNS if c not in names]
    if missing:
        reason = f"the header has no column {', '.join(missing)}; it needs {', '.join(COLUMNS[:5])}"
        problems.append(error("csv-header", reason, file=shown_as, line=1))
    unknown = [n for n in names if n not in COLUMNS]
    if unknown:
        reason = f"unknown column {', '.join(unknown)}; the columns are {', '.join(COLUMNS)}"
        problems.append(error("csv-header", reason, file=shown_as, line=1))
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        reason = f"column {', '.join(repeated)} appears more than once"
        problems.append(error("csv-header", reason, file=shown_as, line=1))
    return problems


def parse_row(row: dict[str, str]) -> tuple[Figure | None, list[Problem]]:
    """One row's cells → a Figure, or the problems that stop it being one."""
    cell = {k: (row.get(k) or "").strip() for k in COLUMNS}
    metric_id = cell["metric_id"]
    problems: list[Problem] = []

    def fail(rule: str, field: str, reason: str) -> None:
        problems.append(error(rule, reason, metric_id=metric_id or None, field=field))

    if not metric_id:
        fail("figure-missing-metric", "metric_id", "the metric id is empty")
    period = None
    try:
        period = Month.parse(cell["period"])
    except PeriodError as exc:
        fail("figure-bad-period", "period", str(exc))
    status = None
    try:
        status = FigureStatus(cell["status"])
        if status is FigureStatus.SUPPRESSED:
            raise ValueError(status)
    except ValueError:
        allowed = ", ".join(s.value for s in FigureStatus if s is not FigureStatus.SUPPRESSED)
        fail("figure-bad-status", "status", f'"{cell["status"]}" is not a status; use {allowed}')
    numbers = {}
    for name in ("value", "numerator", "denominator"):
        numbers[name], reason = parse_number(cell[name])
        if reason:
            fail("figure-not-a-number", name, reason)
    quality = set()
    for flag in filter(None, (f.strip() for f in cell["quality"].split(";"))):
        try:
            quality.add(QualityFlag(flag))
        except ValueError:
            allowed = ", ".join(q.value for q in QualityFlag)
            fail("figure-bad-quality", "quality", f'"{flag}" is not a quality flag; use {allowed}')
    if problems or period is None or status is None:
        return None, problems
    figure = Figure(
        metric_id=metric_id,
        component=cell["component"],
        period=period,
        status=status,
        value=numbers["value"],
        numerator=numbers["numerator"],
        denominator=numbers["denominator"],
        reference_period=cell["reference_period"] or None,
        quality=frozenset(quality),
        source=cell["source"] or None,
        note=cell["note"] or None,
    )
    return figure, []


def parse_number(text: str) -> tuple[Decimal | None, str | None]:
    """A cell as an exact Decimal; empty is None. Returns the number or the reason it is not."""
    if not text:
        return None, None
    if text in ("/", "-"):
        return None, (
            f'"{text}" is a symbol, not a number: leave the value empty and set the status '
            f"to {'not_due' if text == '/' else 'not_available'}"
        )
    try:
        number = Decimal(text)
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite() or "e" in text.lower():
        return None, f'"{text}" is not a number; write digits only, without units or commas'
    return (abs(number) if number.is_zero() else number), None  # "-0" is 0
