"""Loading extracts (CSV or Parquet) and checking them against their contracts (checks.py), with
DuckDB.

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

from scorecard.compute import checks
from scorecard.compute.contracts import Column, ColumnType, Extract, contracts
from scorecard.domain.errors import ScorecardError

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
    for path in found:
        if path.is_dir():
            raise ExtractError(
                f"{path} is a folder; give the extract as one file (a folder of part files, "
                "as Spark writes, must be combined into one first)"
            )
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
    """The checks of a file whose columns are the contract's. A CSV file's cells are all text,
    read with the spaces around them trimmed (a cell of spaces is empty); a Parquet column
    holding the contract's type is read as stored."""
    is_csv = path.suffix == ".csv"
    native = {c.name: not is_csv and checks.is_native(c, types[c.name]) for c in contract.columns}
    expressions = {c.name: checks.typed_value(c, native[c.name]) for c in contract.columns}
    scan = checks.value_problems(connection, contract, path.name, raw, expressions, native)
    if scan.problems:
        return None, scan.problems
    typed = ", ".join(f"{expressions[c.name]} AS {c.name}" for c in contract.columns)
    connection.execute(f"CREATE TEMP VIEW typed_{contract.name} AS SELECT _row, {typed} FROM {raw}")
    distinct = scan.rows
    if not checks.keys_unique(connection, contract, raw, expressions, scan):
        # some key repeats: on rows that differ (refused), or on exact copies (dropped)
        problems = checks.key_problems(connection, contract, path.name)
        if problems:
            return None, problems
        distinct = checks.distinct_rows(connection, contract)
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
