"""Loading extracts (CSV or Parquet) and checking them against their contracts, with DuckDB.

Every problem names the file, the column and the first few row numbers (data rows counted from
1, so row N is line N + 1 of a CSV file); record contents never appear in messages. A folder
with any problem loads nothing. Rows that are exact copies of another are dropped and counted.
"""

from __future__ import annotations

import csv
import difflib
import hashlib
import re
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import duckdb

from scorecard.compute.contracts import Column, ColumnType, Extract, contracts
from scorecard.domain.errors import ScorecardError
from scorecard.domain.periods import Month

SHOWN_ROWS = 5
# Extracts checked at once. DuckDB runs a query on every core, but not a small file's scan,
# and the SHA-256 of a file is Python's: two at a time keep two cores busy (docs/performance.md).
CHECKED_AT_ONCE = 2
SQL_TYPES = {
    ColumnType.STRING: "VARCHAR",
    ColumnType.CODE: "VARCHAR",
    ColumnType.DATE: "DATE",
    ColumnType.INTEGER: "BIGINT",
    ColumnType.BOOLEAN: "BOOLEAN",
}


class ExtractError(ScorecardError):
    """Extracts that do not meet their contracts; the message lists every problem found."""


@dataclass(frozen=True)
class LoadedExtract:
    name: str
    path: Path
    sha256: str
    rows: int
    duplicates_dropped: int


@dataclass
class ExtractSet:
    """Checked extracts, as typed DuckDB views named after each extract."""

    folder: Path
    connection: duckdb.DuckDBPyConnection
    loaded: dict[str, LoadedExtract]

    def la_codes(self) -> list[str]:
        codes: set[str] = set()
        for name in self.loaded:
            rows = self.connection.execute(f"SELECT DISTINCT la_code FROM {name}").fetchall()
            codes.update(str(r[0]) for r in rows)
        return sorted(codes)


def find_file(folder: Path, name: str) -> Path | None:
    found = [folder / f"{name}{suffix}" for suffix in (".parquet", ".csv")]
    present = [p for p in found if p.is_file()]
    if len(present) > 1:
        raise ExtractError(f"{folder} holds both {name}.parquet and {name}.csv; keep one")
    return present[0] if present else None


def open_extracts(
    folder: Path, needed: Iterable[str], metrics_of: dict[str, list[str]]
) -> ExtractSet:
    """Check and load the extracts `needed`; `metrics_of` names the metrics needing each."""
    if not folder.is_dir():
        raise ExtractError(f"{folder} is not a folder of extracts")
    known = contracts()
    files = {name: find_file(folder, name) for name in sorted(set(needed))}
    if not any(p is not None for p in (find_file(folder, n) for n in known)):
        raise ExtractError(
            f"{folder} holds no extracts: expected files such as "
            f"{', '.join(sorted(known)[:3])} (.csv or .parquet); see docs/extracts.md"
        )
    missing = [n for n, p in files.items() if p is None]
    if missing:
        lines = [
            f"  {n}.csv or {n}.parquet (for metric {', '.join(metrics_of.get(n, []))})"
            for n in missing
        ]
        raise ExtractError(f"{folder} lacks extracts the plan's recipes need:\n" + "\n".join(lines))
    connection = duckdb.connect()
    connection.execute("SET enable_progress_bar = false")

    # a connection per file, opened here (DuckDB's connections are not shared between threads):
    # its own working views; the checked relations it makes are shared
    cursors = {name: connection.cursor() for name in files}

    def check(name: str) -> tuple[LoadedExtract | None, list[str]]:
        path = files[name]
        assert path is not None
        try:
            return _load(cursors[name], known[name], path)
        finally:
            cursors[name].close()

    largest_first = sorted(files, key=lambda n: -(files[n] or folder).stat().st_size)
    with ThreadPoolExecutor(CHECKED_AT_ONCE) as pool:
        results = dict(zip(largest_first, pool.map(check, largest_first), strict=True))
    problems: list[str] = []
    loaded: dict[str, LoadedExtract] = {}
    for name in files:
        found, found_problems = results[name]
        problems += found_problems
        if found is not None:
            loaded[name] = found
    if problems:
        connection.close()
        raise ExtractError(
            f"the extracts in {folder} do not meet their contracts:\n"
            + "\n".join(f"  {p}" for p in problems)
        )
    return ExtractSet(folder, connection, loaded)


def _load(
    connection: duckdb.DuckDBPyConnection, contract: Extract, path: Path
) -> tuple[LoadedExtract | None, list[str]]:
    raw = f"raw_{contract.name}"
    is_csv = path.suffix == ".csv"
    literal = _quoted(str(path))
    if is_csv:
        header = _csv_header(path)
        if isinstance(header, str):
            return None, [header]
        columns = ", ".join(f"{_quoted(name)}: 'VARCHAR'" for name in header)
        source = (
            f"read_csv({literal}, header = true, auto_detect = false, delim = ',', "
            f"quote = '\"', escape = '\"', columns = {{{columns}}})"
        )
    else:
        source = f"read_parquet({literal}, file_row_number = true)"
    row = "row_number() OVER ()" if is_csv else "file_row_number + 1"
    exclude = "" if is_csv else " EXCLUDE (file_row_number)"
    try:
        connection.execute(
            f"CREATE TEMP VIEW {raw} AS SELECT {row} AS _row, *{exclude} FROM {source}"
        )
        described = connection.execute(f"DESCRIBE {raw}").fetchall()
        types = {str(r[0]): str(r[1]) for r in described if r[0] != "_row"}
        names = list(types)
    except duckdb.Error as exc:
        return None, [_unreadable(path.name, is_csv, exc)]
    problems = _column_problems(contract, path.name, names)
    if problems:
        return None, problems
    try:
        return _check(connection, contract, path, raw, types)
    except duckdb.Error as exc:  # a damaged file, found part way through it
        return None, [_unreadable(path.name, is_csv, exc)]


def _check(
    connection: duckdb.DuckDBPyConnection,
    contract: Extract,
    path: Path,
    raw: str,
    types: dict[str, str],
) -> tuple[LoadedExtract | None, list[str]]:
    """The checks of a file whose columns are the contract's."""
    native = {c.name: _native(c, types[c.name]) for c in contract.columns}
    expressions = {c.name: _typed(c, native[c.name]) for c in contract.columns}
    scan = _value_problems(connection, contract, path.name, raw, expressions, native)
    if scan.problems:
        return None, scan.problems
    typed = ", ".join(f"{expressions[c.name]} AS {c.name}" for c in contract.columns)
    connection.execute(f"CREATE TEMP VIEW typed_{contract.name} AS SELECT _row, {typed} FROM {raw}")
    distinct = scan.rows
    if not _keys_unique(connection, contract, raw, expressions, scan):
        # some key repeats: on rows that differ (refused), or on exact copies (dropped)
        problems = _key_problems(connection, contract, path.name)
        if problems:
            return None, problems
        distinct = _distinct_rows(connection, contract)
    _publish(connection, contract, path, distinct < scan.rows, expressions, native)
    return LoadedExtract(contract.name, path, checksum(path), distinct, scan.rows - distinct), []


# What DuckDB's reader says, in the users' words; its own message is never shown, as it quotes
# the line it could not read.
CSV_FAULTS = (
    ("unicode", "text that is not UTF-8"),
    ("number of columns", "a different number of cells from the header row"),
    ("too many columns", "a different number of cells from the header row"),
    ("unterminated quote", "a quote that is never closed"),
)


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _csv_header(path: Path) -> list[str] | str:
    """The names in a CSV file's header row (read here, so that DuckDB reads every line the same
    way rather than guessing the format from a sample), or what is wrong with it."""
    with path.open("rb") as handle:
        first = handle.readline()
    unreadable = f"{path.name}: cannot be read as UTF-8 CSV with a header row at line 1"
    try:
        header = next(csv.reader([first.decode("utf-8-sig")]), None)
    except UnicodeDecodeError:
        return f"{unreadable}: text that is not UTF-8"
    except csv.Error:
        return unreadable
    if not header:
        return f"{path.name}: is empty: it needs a header row naming its columns"
    return header


def _unreadable(file: str, is_csv: bool, error: duckdb.Error) -> str:
    """A file DuckDB could not read to its end: where and, when known, why; never the line's
    contents."""
    if not is_csv:
        return f"{file}: cannot be read as Parquet (not Parquet, or damaged or incomplete)"
    text = str(error).lower()
    line = re.search(r"line: (\d+)", text)
    fault = next((words for key, words in CSV_FAULTS if key in text), None)
    where = f" at line {line[1]}" if line else ""
    why = f": {fault}" if fault else ""
    return f"{file}: cannot be read as UTF-8 CSV with a header row{where}{why}"


def _publish(
    connection: duckdb.DuckDBPyConnection,
    contract: Extract,
    path: Path,
    copies: bool,
    typed: dict[str, str],
    native: dict[str, bool],
) -> None:
    """The checked extract as the relation the recipes read, named after it (in the shared
    database, not among the checking connection's own views).

    A Parquet file without exact copies is read in place, each column as stored when it holds
    the contract's type (a required text column has been checked for empty text, so needs no
    NULLIF). A CSV file, or a file with exact copies, is kept once as a table of its distinct
    typed rows, so that no recipe parses or de-duplicates it again."""
    name = contract.name
    if path.suffix == ".csv" or copies:
        body = "DISTINCT * EXCLUDE (_row)" if copies else "* EXCLUDE (_row)"
        connection.execute(f"CREATE TABLE {name} AS SELECT {body} FROM typed_{name}")
        return

    def column(c: Column) -> str:
        is_text = c.type in (ColumnType.STRING, ColumnType.CODE)
        as_stored = native[c.name] and not (is_text and c.nullable)
        return c.name if as_stored else f"{typed[c.name]} AS {c.name}"

    columns = ", ".join(column(c) for c in contract.columns)
    source = f"read_parquet({_quoted(str(path))})"
    connection.execute(f"CREATE VIEW {name} AS SELECT {columns} FROM {source}")


def _distinct_rows(connection: duckdb.DuckDBPyConnection, contract: Extract) -> int:
    """Distinct whole rows: counted only when some key repeats on exact copies."""
    found = connection.execute(
        f"SELECT count(*) FROM (SELECT DISTINCT * EXCLUDE (_row) FROM typed_{contract.name})"
    ).fetchone()
    return int(found[0]) if found else 0


@cache
def checksum(path: Path) -> str:
    """SHA-256 of a file, for the lineage (computed once per file and process)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _column_problems(contract: Extract, file: str, names: list[str]) -> list[str]:
    expected = contract.column_names
    missing = [c for c in expected if c not in names]
    extra = [n for n in names if n not in expected]
    problems = []
    for name in missing:
        close = difflib.get_close_matches(name, extra, n=1)
        hint = f' (is "{close[0]}" meant to be it?)' if close else ""
        problems.append(f"{file}: column {name} is missing{hint}")
    for name in extra:
        if not any(name in difflib.get_close_matches(m, extra, n=1) for m in missing):
            problems.append(
                f"{file}: column {name} is not in the contract for {contract.name}; "
                "remove it (extracts carry only the contract's columns)"
            )
    return problems


def _text(name: str) -> str:
    return f"NULLIF(trim(CAST({name} AS VARCHAR)), '')"


NATIVE_TYPES = {
    ColumnType.STRING: {"VARCHAR"},
    ColumnType.CODE: {"VARCHAR"},
    ColumnType.DATE: {"DATE"},
    ColumnType.INTEGER: {"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT"},
    ColumnType.BOOLEAN: {"BOOLEAN"},
}


def _native(column: Column, source_type: str) -> bool:
    """Whether a (Parquet) column already has the contract's type, so needs no parsing."""
    return source_type.upper() in NATIVE_TYPES[column.type]


def _typed(column: Column, native: bool) -> str:
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


@dataclass(frozen=True)
class Check:
    """One rule for the values of an extract.

    `condition` is true on a bad row. `tally`, an aggregate taken in the one scan of the file,
    counts the bad rows, or for a code column counts its distinct values: those few values are
    then compared with the allowed codes, which is far cheaper than testing every row, and the
    bad rows are counted only when some value is not allowed."""

    condition: str
    what: str
    tally: str
    codes: tuple[str, ...] = ()
    value: str = ""  # a code column's value (SQL)


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
    if native:
        return checks
    if column.type is ColumnType.DATE:
        form = f"NOT regexp_full_match({text}, '\\d{{4}}-\\d{{2}}-\\d{{2}}( 00:00:00)?')"
        condition = f"{text} IS NOT NULL AND ({typed} IS NULL OR {form})"
        what = f"column {column.name} holds values that are not dates (YYYY-MM-DD)"
        checks.append(Check(condition, what, f"count(*) FILTER (WHERE {condition})"))
    elif column.type in (ColumnType.INTEGER, ColumnType.BOOLEAN):
        kind = "whole numbers" if column.type is ColumnType.INTEGER else "true or false"
        condition = f"{text} IS NOT NULL AND {typed} IS NULL"
        what = f"column {column.name} holds values that are not {kind}"
        checks.append(Check(condition, what, f"count(*) FILTER (WHERE {condition})"))
    return checks


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


def _value_problems(
    connection: duckdb.DuckDBPyConnection,
    contract: Extract,
    file: str,
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
        count = _bad_rows(connection, raw, check, int(tally)) if check.codes else int(tally)
        if count:
            shown = [
                r[0]
                for r in connection.execute(
                    f"SELECT _row FROM {raw} WHERE {check.condition} "
                    f"ORDER BY _row LIMIT {SHOWN_ROWS}"
                ).fetchall()
            ]
            problems.append(f"{file}: {check.what}: {_rows(count, shown)}")
    months = None
    if bounds and bounds[0] is not None:
        months = (Month.of(bounds[0]).index, Month.of(bounds[1]).index)
    return Scan(problems, rows, months)


def _bad_rows(connection: duckdb.DuckDBPyConnection, raw: str, check: Check, values: int) -> int:
    """The rows with a code not allowed, given how many distinct values the column holds: none
    when those few values are all allowed codes."""
    if values == 0:
        return 0
    if values <= len(check.codes):
        held = connection.execute(f"SELECT DISTINCT {check.value} FROM {raw}").fetchall()
        if {r[0] for r in held if r[0] is not None} <= set(check.codes):
            return 0
    found = connection.execute(
        f"SELECT count(*) FILTER (WHERE {check.condition}) FROM {raw}"
    ).fetchone()
    return int(found[0]) if found else 0


# Widest month span the one-row-a-month check can mark in a bit mask: BIGINT, then HUGEINT.
MASKS = ((63, "BIGINT"), (127, "HUGEINT"))


def _keys_unique(
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


def _rows(count: int, rows: list[int]) -> str:
    shown = ", ".join(str(r) for r in rows)
    more = f" and {count - len(rows)} more" if count > len(rows) else ""
    return f"{count} row{'s' * (count != 1)} ({'row' if count == 1 else 'rows'} {shown}{more})"


def _key_problems(connection: duckdb.DuckDBPyConnection, contract: Extract, file: str) -> list[str]:
    """Rows that share a key but differ elsewhere (exact copies are simply dropped)."""
    key = ", ".join(contract.key)
    typed = f"typed_{contract.name}"
    clashing = (
        f"WITH distinct_rows AS (SELECT DISTINCT * EXCLUDE (_row) FROM {typed}), "
        f"clashing AS (SELECT {key} FROM distinct_rows GROUP BY {key} HAVING count(*) > 1) "
    )
    clashes = (connection.execute(clashing + "SELECT count(*) FROM clashing").fetchone() or (0,))[0]
    if not clashes:
        return []
    first_rows = (
        f"SELECT min(_row) FROM {typed} JOIN clashing USING ({key}) "
        f"GROUP BY {key} ORDER BY 1 LIMIT {SHOWN_ROWS}"
    )
    rows = [r[0] for r in connection.execute(clashing + first_rows).fetchall()]
    values = f"value{'s' * (clashes != 1)} of {key}"
    return [f"{file}: {clashes} {values} appear on rows that differ: {_rows(clashes, rows)}"]
