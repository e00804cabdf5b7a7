"""Checking an extract's values and keys against its contract, with DuckDB.

The checks run on a view of the file (`raw_NAME`, its rows numbered `_row` from 1) and, for the
keys, on its typed view (`typed_NAME`). Every problem names the file, the column and the first
few row numbers; record contents never appear in messages.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from dataclasses import dataclass

import duckdb

from scorecard.compute.contracts import Column, ColumnType, Extract
from scorecard.domain.fields import LA_CODE_PATTERN, ONS_LA_CODE
from scorecard.domain.periods import Month

SHOWN_ROWS = 5


@dataclass(frozen=True)
class Where:
    """What messages call an extract's file, and how they name its rows.

    The rows of a folder of part files are numbered on from one part to the next (in the order
    of `parts`: each part's name and the number of rows before it), and named in messages by
    part file and row within it."""

    file: str
    parts: tuple[tuple[str, int], ...] = ()

    def rows(self, count: int, rows: list[int]) -> str:
        """`count` rows, naming the first few (`rows`, numbered from 1)."""
        more = f" and {count - len(rows):,} more" if count > len(rows) else ""
        return f"{count:,} row{'s' * (count != 1)} ({self._named(rows)}{more})"

    def _named(self, rows: list[int]) -> str:
        if not self.parts:
            return _numbers(rows)
        starts = [before for _, before in self.parts]
        by_part: dict[str, list[int]] = {}
        for row in rows:
            name, before = self.parts[bisect_right(starts, row - 1) - 1]
            by_part.setdefault(name, []).append(row - before)
        return "; ".join(f"{name} {_numbers(found)}" for name, found in by_part.items())


def _numbers(rows: list[int]) -> str:
    return f"{'row' if len(rows) == 1 else 'rows'} {', '.join(str(r) for r in rows)}"


def distinct_rows(connection: duckdb.DuckDBPyConnection, contract: Extract) -> int:
    """Distinct whole rows: counted only when some key repeats on exact copies."""
    found = connection.execute(
        f"SELECT count(*) FROM (SELECT DISTINCT * EXCLUDE (_row) FROM typed_{contract.name})"
    ).fetchone()
    return int(found[0]) if found else 0


def _text(name: str) -> str:
    return f"NULLIF(trim(CAST({name} AS VARCHAR)), '')"


NATIVE_TYPES = {
    ColumnType.STRING: {"VARCHAR"},
    ColumnType.CODE: {"VARCHAR"},
    ColumnType.DATE: {"DATE"},
    ColumnType.INTEGER: {"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT"},
    ColumnType.BOOLEAN: {"BOOLEAN"},
}


# A whole number as text: digits with a sign at most, and a decimal part of zeros at most (3.0,
# as a Parquet column of floating-point numbers gives 3).
WHOLE_NUMBER = r"[+-]?[0-9]+(\.0+)?"
# The largest whole number an extract may hold either way, as for a figure (docs/collection.md).
LARGEST_WHOLE_NUMBER = 999_999_999


def is_native(column: Column, source_type: str) -> bool:
    """Whether a (Parquet) column already has the contract's type, so needs no parsing."""
    return source_type.upper() in NATIVE_TYPES[column.type]


def typed_value(column: Column, native: bool) -> str:
    """The SQL giving the column's typed value (NULL when empty)."""
    if native:
        is_text = column.type in (ColumnType.STRING, ColumnType.CODE)
        return f"NULLIF({column.name}, '')" if is_text else column.name
    text = _text(column.name)
    match column.type:
        case ColumnType.STRING | ColumnType.CODE:
            return text
        case ColumnType.DATE:
            return f"TRY_CAST({text} AS DATE)"
        case ColumnType.INTEGER:
            return f"TRY_CAST({text} AS BIGINT)"
        case ColumnType.BOOLEAN:
            return (
                f"(CASE lower({text}) WHEN 'true' THEN true WHEN '1' THEN true "
                "WHEN 'false' THEN false WHEN '0' THEN false END)"
            )


# A date with a time of day or a time zone after it, as a timestamp column holds (only midnight
# without a zone is read as the date): which day a moment with a zone falls on depends on the zone.
DATE_WITH_TIME = (
    "{} of them are dates with a time of day or a time zone, as a timestamp column holds: give "
    "the date alone (YYYY-MM-DD, or a Parquet date); a time zone is not converted, as the day "
    "a moment falls on depends on the zone"
)


def _with_time(text: str) -> str:
    return (
        f"regexp_full_match({text}, "
        "'\\d{4}-\\d{2}-\\d{2}[ T]\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?"
        "([+-]\\d{2}(:?\\d{2})?|Z)?')"
    )


@dataclass(frozen=True)
class Check:
    """One rule for the values of an extract.

    `condition` is true on a bad row. `tally`, an aggregate taken in the one scan of the file,
    counts the bad rows, or for a code column (or one of a set shape, la_code) counts its
    distinct values: those few values are then compared with the allowed codes (or the shape),
    which is far cheaper than testing every row, and the bad rows are counted only when some
    value is not allowed."""

    condition: str
    what: str
    tally: str
    codes: tuple[str, ...] = ()
    value: str = ""  # a code or shaped column's value (SQL)
    shape: str = ""  # a regular expression every value of the column matches (la_code)
    # when some bad rows are also true of this condition (SQL), the words added to the message
    hint: tuple[str, str] | None = None


def _checks(column: Column, typed: str, native: bool) -> list[Check]:
    """The checks of one column."""
    text = typed if native else _text(column.name)
    checks = []
    if not column.nullable:
        checks.append(
            Check(f"{text} IS NULL", f"column {column.name} is empty", f"count(*) - count({text})")
        )
    if column.type is ColumnType.CODE:
        allowed = ", ".join(f"'{c}'" for c in column.codes)
        checks.append(
            Check(
                f"{text} IS NOT NULL AND {text} NOT IN ({allowed})",
                f"column {column.name} holds unknown codes (allowed: {', '.join(column.codes)})",
                f"count(DISTINCT {text})",
                column.codes,
                text,
            )
        )
    if column.name == "la_code":  # 93 or 0938 would be another authority, silently
        checks.append(_la_code_check(text))
    if column.type is ColumnType.INTEGER:  # a sum of many would pass the engines' integers
        # compared both ways, not by abs(), which has no answer for the smallest 64-bit number
        largest = LARGEST_WHOLE_NUMBER
        condition = f"{typed} IS NOT NULL AND ({typed} > {largest} OR {typed} < -{largest})"
        what = (
            f"column {column.name} holds whole numbers of more than 9 digits "
            "(at most 999,999,999 either way)"
        )
        checks.append(Check(condition, what, f"count(*) FILTER (WHERE {condition})"))
    if native:
        return checks
    if column.type is ColumnType.DATE:
        form = f"NOT regexp_full_match({text}, '\\d{{4}}-\\d{{2}}-\\d{{2}}( 00:00:00)?')"
        condition = f"{text} IS NOT NULL AND ({typed} IS NULL OR {form})"
        what = f"column {column.name} holds values that are not dates (YYYY-MM-DD)"
        tally = f"count(*) FILTER (WHERE {condition})"
        checks.append(Check(condition, what, tally, hint=(_with_time(text), DATE_WITH_TIME)))
    elif column.type is ColumnType.INTEGER:
        # DuckDB's cast alone would read 2.5 as 3, 1e3 as 1000, 0x10 as 16 and 1_000 as 1000
        form = f"NOT regexp_full_match({text}, '{WHOLE_NUMBER}')"
        condition = f"{text} IS NOT NULL AND ({typed} IS NULL OR {form})"
        what = f"column {column.name} holds values that are not whole numbers"
        checks.append(Check(condition, what, f"count(*) FILTER (WHERE {condition})"))
    elif column.type is ColumnType.BOOLEAN:
        kind = "true or false"
        condition = f"{text} IS NOT NULL AND {typed} IS NULL"
        what = f"column {column.name} holds values that are not {kind}"
        checks.append(Check(condition, what, f"count(*) FILTER (WHERE {condition})"))
    return checks


def _la_code_check(text: str) -> Check:
    """la_code is a three-digit DfE code; ONS codes of the same authority are named as such."""
    condition = f"{text} IS NOT NULL AND NOT regexp_full_match({text}, '{LA_CODE_PATTERN}')"
    what = "column la_code holds values that are not three-digit DfE codes, such as 874"
    ons = f"regexp_full_match({text}, '{ONS_LA_CODE.pattern}', 'i')"
    hint = (
        ons,
        "{} of them hold ONS local authority codes (E06 to E10 or W06, and six digits): "
        "la_code is the three-digit DfE (LA) code of the same authority",
    )
    distinct = f"count(DISTINCT {text})"
    return Check(condition, what, distinct, value=text, shape=LA_CODE_PATTERN, hint=hint)


@dataclass(frozen=True)
class Scan:
    """What the one scan of an extract's values found."""

    problems: list[str]
    rows: int
    # the first and last month (as Month.index) of the key's date column, when it has one
    months: tuple[int, int] | None = None


def _month_index(typed: str) -> str:
    return f"(year({typed}) * 12 + month({typed}) - 1)"


def _key_date(contract: Extract) -> str | None:
    """The date column of a key of several columns (snapshot_date, person_id), if it has one."""
    dates = [k for k in contract.key if contract.column(k).type is ColumnType.DATE]
    return dates[0] if len(contract.key) > 1 and len(dates) == 1 else None


def value_problems(
    connection: duckdb.DuckDBPyConnection,
    contract: Extract,
    where: Where,
    raw: str,
    typed: dict[str, str],
    native: dict[str, bool],
) -> Scan:
    """Every check of the values in one scan, with the rows and the span of the key's date
    column."""
    checks = [
        check for c in contract.columns for check in _checks(c, typed[c.name], native[c.name])
    ]
    for first, second in contract.order:
        condition = (
            f"{typed[second]} IS NOT NULL AND {typed[first]} IS NOT NULL "
            f"AND {typed[second]} < {typed[first]}"
        )
        what = f"{second} is before {first} (a negative duration)"
        checks.append(Check(condition, what, f"count(*) FILTER (WHERE {condition})"))
    date = _key_date(contract)
    span = f", min({typed[date]}), max({typed[date]})" if date else ""
    found = connection.execute(
        "SELECT count(*)" + "".join(f", {c.tally}" for c in checks) + span + f" FROM {raw}"
    ).fetchone()
    assert found is not None
    rows, tallies, bounds = int(found[0]), found[1 : 1 + len(checks)], found[1 + len(checks) :]
    problems = []
    for check, tally in zip(checks, tallies, strict=True):
        few = check.codes or check.shape
        count = _bad_rows(connection, raw, check, int(tally)) if few else int(tally)
        if count:
            shown = [
                r[0]
                for r in connection.execute(
                    f"SELECT _row FROM {raw} WHERE {check.condition} "
                    f"ORDER BY _row LIMIT {SHOWN_ROWS}"
                ).fetchall()
            ]
            hint = _hint(connection, raw, check)
            problems.append(f"{where.file}: {check.what}: {where.rows(count, shown)}{hint}")
    months = None
    # a date after 9999 (a Parquet DATE may hold one) comes back as text, as Python's dates
    # cannot hold it: the keys are then counted the slower way
    if bounds and all(isinstance(b, dt.date) for b in bounds):
        months = (Month.of(bounds[0]).index, Month.of(bounds[1]).index)
    return Scan(problems, rows, months)


def _hint(connection: duckdb.DuckDBPyConnection, raw: str, check: Check) -> str:
    """The check's hint, with how many of its bad rows it is true of, when it is of any."""
    if check.hint is None:
        return ""
    condition, words = check.hint
    found = connection.execute(
        f"SELECT count(*) FILTER (WHERE ({check.condition}) AND {condition}) FROM {raw}"
    ).fetchone()
    many = int(found[0]) if found else 0
    return f"; {words.format(f'{many:,}')}" if many else ""


# The most distinct values of a shaped column (la_code) compared one by one: far more than the
# 153 authorities in England; beyond it, the rows are tested in the scan's way.
MOST_SHAPED = 10_000


def _bad_rows(connection: duckdb.DuckDBPyConnection, raw: str, check: Check, values: int) -> int:
    """The rows with a value not allowed, given how many distinct values the column holds: none
    when those few values are all allowed codes, or all of the column's shape."""
    if values == 0:
        return 0
    if values <= (len(check.codes) if check.codes else MOST_SHAPED):
        held = connection.execute(f"SELECT DISTINCT {check.value} FROM {raw}").fetchall()
        values_held = {r[0] for r in held if r[0] is not None}
        if check.codes and values_held <= set(check.codes):
            return 0
        if check.shape and all(re.fullmatch(check.shape, str(v)) for v in values_held):
            return 0
    found = connection.execute(
        f"SELECT count(*) FILTER (WHERE {check.condition}) FROM {raw}"
    ).fetchone()
    return int(found[0]) if found else 0


# Widest month span the one-row-a-month check can mark in a bit mask: BIGINT, then HUGEINT.
MASKS = ((63, "BIGINT"), (127, "HUGEINT"))


def keys_unique(
    connection: duckdb.DuckDBPyConnection,
    contract: Extract,
    raw: str,
    typed: dict[str, str],
    scan: Scan,
) -> bool:
    """Whether no two rows share a key.

    A key of a date and other columns (snapshot_date, person_id) is first checked the cheap
    way: grouped by the other columns (by a 64-bit hash), the rows of every group must fall in
    as many different months as there are rows (their months marked in a bit mask), and then
    no two rows share a date. That proves the keys unique without a hash table of every key;
    otherwise, or when the dates span more months than the mask holds, the distinct keys are
    counted (by a 64-bit hash: equal counts prove them unique; a shortfall, rare by collision,
    sends the caller to an exact count)."""
    date = _key_date(contract)
    if date is not None and scan.months is not None:
        first, last = scan.months
        mask = next((kind for widest, kind in MASKS if last - first < widest), None)
        if mask is not None:
            others = ", ".join(typed[k] for k in contract.key if k != date)
            bit = f"(1::{mask} << ({_month_index(typed[date])} - {first})::{mask})"
            found = connection.execute(
                f"SELECT count(*) FILTER (WHERE rows <> bit_count(months)) FROM ("
                f"SELECT count(*) AS rows, bit_or({bit}) AS months FROM {raw} "
                f"GROUP BY hash({others}))"
            ).fetchone()
            if found is not None and found[0] == 0:
                return True
    key = ", ".join(typed[k] for k in contract.key)
    found = connection.execute(f"SELECT count(DISTINCT hash({key})) FROM {raw}").fetchone()
    return found is not None and int(found[0]) == scan.rows


def key_problems(
    connection: duckdb.DuckDBPyConnection, contract: Extract, where: Where
) -> list[str]:
    """Rows that share a key but differ elsewhere (exact copies are simply dropped)."""
    key = ", ".join(contract.key)
    typed = f"typed_{contract.name}"
    clashing = (
        f"WITH distinct_rows AS (SELECT DISTINCT * EXCLUDE (_row) FROM {typed}), "
        f"clashing AS (SELECT {key} FROM distinct_rows GROUP BY {key} HAVING count(*) > 1) "
    )
    on_rows = f"SELECT _row FROM {typed} JOIN clashing USING ({key})"
    counted = f"SELECT (SELECT count(*) FROM clashing), (SELECT count(*) FROM ({on_rows}))"
    clashes, count = connection.execute(clashing + counted).fetchone() or (0, 0)
    if not clashes:
        return []
    first = connection.execute(clashing + on_rows + f" ORDER BY _row LIMIT {SHOWN_ROWS}")
    rows = [r[0] for r in first.fetchall()]
    values = f"value of {key} appears" if clashes == 1 else f"values of {key} appear"
    return [f"{where.file}: {clashes} {values} on rows that differ: {where.rows(count, rows)}"]
