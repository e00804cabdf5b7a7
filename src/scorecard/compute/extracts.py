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
import shutil
import tempfile
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache, cached_property
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
    """Checked extracts, as typed DuckDB views named after each extract. `close()` when done:
    it also removes the folder DuckDB writes to when a query outgrows memory (`spill`)."""

    folder: Path
    connection: duckdb.DuckDBPyConnection
    loaded: dict[str, LoadedExtract]
    spill: Path

    def close(self) -> None:
        self.connection.close()
        shutil.rmtree(self.spill, ignore_errors=True)

    @cached_property
    def la_codes_by_extract(self) -> dict[str, frozenset[str]]:
        """The local authorities each extract holds records of."""
        found = {}
        for name in self.loaded:
            rows = self.connection.execute(f"SELECT DISTINCT la_code FROM {name}").fetchall()
            found[name] = frozenset(str(r[0]) for r in rows)
        return found

    def la_codes(self) -> list[str]:
        return sorted(frozenset().union(*self.la_codes_by_extract.values()))


def find_file(folder: Path, name: str) -> Path | None:
    """The extract's file (`NAME.csv` or `NAME.parquet`, which may be a folder of Parquet part
    files, as Spark writes), if the folder holds it."""
    found = [folder / f"{name}{suffix}" for suffix in (".parquet", ".csv")]
    csv_folder = found[1]
    if csv_folder.is_dir():
        raise ExtractError(
            f"{csv_folder} is a folder; give a CSV extract as one file (a folder of Parquet "
            f"part files, as Spark writes, is read when named {name}.parquet)"
        )
    present = [p for p in found if p.exists()]
    if len(present) > 1:
        raise ExtractError(f"{folder} holds both {name}.parquet and {name}.csv; keep one")
    if present and present[0].is_dir() and not parts(present[0]):
        raise ExtractError(
            f"{present[0]} is a folder without Parquet part files (*.parquet, outside hidden "
            "folders and those starting with _)"
        )
    return present[0] if present else None


def parts(folder: Path) -> list[str]:
    """The Parquet part files of an extract given as a folder, by path within it, in order;
    files and folders whose names start with `.` or `_` (Spark's and Hadoop's own, such as
    `_SUCCESS`, `_temporary` and checksum files) are left out."""
    return sorted(
        path.relative_to(folder).as_posix()
        for path in folder.rglob("*.parquet")
        if path.is_file()
        and not any(p.startswith((".", "_")) for p in path.relative_to(folder).parts)
    )


def _size(path: Path) -> int:
    if path.is_dir():
        return sum((path / part).stat().st_size for part in parts(path))
    return path.stat().st_size


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
    # DuckDB writes what outgrows memory to disk: in a folder of the system's temporary files
    # only its owner can read, removed on close, never `.tmp` in the working folder
    spill = Path(tempfile.mkdtemp(prefix="scorecard-compute-"))
    connection = duckdb.connect(config={"temp_directory": str(spill)})
    connection.execute("SET enable_progress_bar = false")
    try:
        return _checked(folder, files, known, ExtractSet(folder, connection, {}, spill))
    except BaseException:
        connection.close()
        shutil.rmtree(spill, ignore_errors=True)
        raise


def _checked(
    folder: Path, files: dict[str, Path | None], known: dict[str, Extract], checked: ExtractSet
) -> ExtractSet:
    connection = checked.connection

    # a connection per file, opened here (DuckDB's connections are not shared between threads):
    # its own working views; the checked relations it makes are shared
    cursors = {name: connection.cursor() for name in files}

    def check(name: str) -> tuple[LoadedExtract | None, list[str]]:
        path = files[name]
        assert path is not None
        try:
            return _load(cursors[name], known[name], path)
        except OSError as exc:  # no permission to read it, say
            return None, [f"{path.name}: cannot be read: {exc.strerror}"]
        finally:
            cursors[name].close()

    largest_first = sorted(files, key=lambda n: -_size(files[n] or folder))
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
        raise ExtractError(
            f"the extracts in {folder} do not meet their contracts:\n"
            + "\n".join(f"  {p}" for p in problems)
        )
    checked.loaded.update(loaded)
    return checked


def _load(
    connection: duckdb.DuckDBPyConnection, contract: Extract, path: Path
) -> tuple[LoadedExtract | None, list[str]]:
    raw = f"raw_{contract.name}"
    is_csv = path.suffix == ".csv"
    where = checks.Where(path.name)
    if not path.is_dir():
        path.open("rb").close()  # one that cannot be opened is named as such, not as damaged
    try:
        if is_csv:
            header = _csv_header(path)
            if isinstance(header, str):
                return None, [header]
            problems = _column_problems(contract, path.name, header, is_csv=True)
            if problems:  # before DuckDB reads it: line 1 may be a record, or name no column
                return None, problems
            columns = ", ".join(f"{_quoted(name)}: 'VARCHAR'" for name in header)
            source = (
                f"SELECT row_number() OVER () AS _row, * FROM read_csv({_quoted(str(path))}, "
                "header = true, auto_detect = false, delim = ',', quote = '\"', escape = '\"', "
                f"columns = {{{columns}}})"
            )
        elif path.is_dir():
            where = _where_in_parts(connection, path)
            source = _numbered_parts(path, where)
        else:
            source = (
                "SELECT file_row_number + 1 AS _row, * EXCLUDE (file_row_number) "
                f"FROM {_parquet_source(path, where, file_row_number=True)}"
            )
        connection.execute(f"CREATE TEMP VIEW {raw} AS {source}")
        described = connection.execute(f"DESCRIBE {raw}").fetchall()
        types = {str(r[0]): str(r[1]) for r in described if r[0] != "_row"}
        names = list(types)
    except duckdb.Error as exc:
        return None, [_unreadable(path, is_csv, exc)]
    problems = _column_problems(contract, path.name, names, is_csv=is_csv) or _nested(
        path.name, types
    )
    if problems:
        return None, problems
    try:
        return _check(connection, contract, path, where, raw, types)
    except duckdb.Error as exc:  # a damaged file, found part way through it
        return None, [_unreadable(path, is_csv, exc)]


def _parquet_source(path: Path, where: checks.Where, *, file_row_number: bool = False) -> str:
    """DuckDB's reading of a Parquet extract: one file, or the part files of a folder (`where`
    lists them), with the columns of folders named `column=value` when it is partitioned so,
    as text."""
    numbered = ", file_row_number = true" if file_row_number else ""
    if not path.is_dir():
        return f"read_parquet({_quoted(str(path))}{numbered})"
    found = [part for part, _ in where.parts]
    files = ", ".join(_quoted(str(path / part)) for part in found)
    partitioned = any("=" in folder for part in found for folder in part.split("/")[:-1])
    return (
        f"read_parquet([{files}], union_by_name = true, hive_partitioning = {partitioned}, "
        f"hive_types_autocast = false{numbered}{', filename = true' if numbered else ''})"
    )


def _where_in_parts(connection: duckdb.DuckDBPyConnection, folder: Path) -> checks.Where:
    """A folder's part files with the rows before each (from their Parquet footers)."""
    found = parts(folder)
    files = ", ".join(_quoted(str(folder / part)) for part in found)
    counts = dict(
        connection.execute(
            f"SELECT file_name, num_rows FROM parquet_file_metadata([{files}])"
        ).fetchall()
    )
    before, numbered = 0, []
    for part in found:
        numbered.append((part, before))
        before += int(counts[str(folder / part)])
    return checks.Where(folder.name, tuple(numbered))


def _numbered_parts(folder: Path, where: checks.Where) -> str:
    """The rows of a folder's part files, numbered on from one part to the next."""
    starts = ", ".join(f"({_quoted(str(folder / part))}, {before})" for part, before in where.parts)
    return (
        "SELECT _before + file_row_number + 1 AS _row, "
        "* EXCLUDE (file_row_number, filename, _before) "
        f"FROM {_parquet_source(folder, where, file_row_number=True)} "
        f"JOIN (VALUES {starts}) AS starts(filename, _before) USING (filename)"
    )


def _check(
    connection: duckdb.DuckDBPyConnection,
    contract: Extract,
    path: Path,
    where: checks.Where,
    raw: str,
    types: dict[str, str],
) -> tuple[LoadedExtract | None, list[str]]:
    """The checks of a file whose columns are the contract's. A CSV file's cells are all text,
    read with the spaces around them trimmed (a cell of spaces is empty); a Parquet column
    holding the contract's type is read as stored."""
    is_csv = path.suffix == ".csv"
    native = {c.name: not is_csv and checks.is_native(c, types[c.name]) for c in contract.columns}
    expressions = {c.name: checks.typed_value(c, native[c.name]) for c in contract.columns}
    scan = checks.value_problems(connection, contract, where, raw, expressions, native)
    if scan.problems:
        return None, scan.problems
    typed = ", ".join(f"{expressions[c.name]} AS {c.name}" for c in contract.columns)
    connection.execute(f"CREATE TEMP VIEW typed_{contract.name} AS SELECT _row, {typed} FROM {raw}")
    distinct = scan.rows
    if not checks.keys_unique(connection, contract, raw, expressions, scan):
        # some key repeats: on rows that differ (refused), or on exact copies (dropped)
        problems = checks.key_problems(connection, contract, where)
        if problems:
            return None, problems
        distinct = checks.distinct_rows(connection, contract)
    _publish(connection, contract, path, where, distinct < scan.rows, expressions, native)
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
    if not header and path.stat().st_size > len(first):
        return f"{path.name}: line 1 is blank: the header row naming its columns comes first"
    if not header:
        return f"{path.name}: is empty: it needs a header row naming its columns"
    return header


def _unreadable(path: Path, is_csv: bool, error: duckdb.Error) -> str:
    """A file DuckDB could not read to its end: where and, when known, why; never the line's
    contents. A folder's part file is named when DuckDB's message names it."""
    file = path.name
    if not is_csv:
        if path.is_dir():
            named = [part for part in parts(path) if str(path / part) in str(error)]
            file = f"{file}/{named[0]}" if named else f"{file} (a part file)"
        return f"{file}: cannot be read as Parquet (not Parquet, or damaged or incomplete)"
    text = str(error).lower()
    line = re.search(r"line: (\d+)", text)
    fault = next((words for key, words in CSV_FAULTS if key in text), None)
    mixed = None if line or fault else _line_ending_otherwise(path)
    if mixed:
        return (
            f"{file}: cannot be read as UTF-8 CSV with a header row at line {mixed}: its lines "
            "end in a mix of Windows (CR LF) and Unix (LF) line ends; save it with one kind"
        )
    where = f" at line {line[1]}" if line else ""
    why = f": {fault}" if fault else ""
    return f"{file}: cannot be read as UTF-8 CSV with a header row{where}{why}"


def _line_ending_otherwise(path: Path) -> int | None:
    """The first line of a CSV file that ends otherwise than its header row (CR LF or LF),
    which DuckDB's reader cannot read; None when every line ends alike."""
    with path.open("rb") as handle:
        first = handle.readline().endswith(b"\r\n")
        for number, line in enumerate(handle, start=2):
            if line.endswith(b"\n") and line.endswith(b"\r\n") != first:
                return number
    return None


def _publish(
    connection: duckdb.DuckDBPyConnection,
    contract: Extract,
    path: Path,
    where: checks.Where,
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
    source = _parquet_source(path, where)
    connection.execute(f"CREATE VIEW {name} AS SELECT {columns} FROM {source}")


@cache
def checksum(path: Path) -> str:
    """SHA-256 of a file, for the lineage (computed once per file and process). For a folder of
    part files, the SHA-256 of the lines `sha256sum` writes for its parts in order
    (`HASH  PATH` with the path within the folder), as docs/extracts.md shows how to check."""
    if path.is_dir():
        lines = "".join(f"{checksum(path / part)}  {part}\n" for part in parts(path))
        return hashlib.sha256(lines.encode()).hexdigest()
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _column_problems(contract: Extract, file: str, names: list[str], *, is_csv: bool) -> list[str]:
    """The contract's columns the file lacks and the columns it has that the contract does not.
    A CSV file whose first line names none of the contract's columns (in any case) has no
    header row there: that line is a record, or a title above the header, so its cells are not
    shown."""
    expected = contract.column_names
    if is_csv and not {n.strip().lower() for n in names} & set(expected):
        return [_no_header(contract, file, names)]
    missing = [c for c in expected if c not in names]
    extra = [n for n in names if n not in expected]
    problems = []
    for name in missing:
        problems.append(f"{file}: column {name} is missing{_meant(name, extra)}")
    for name in extra:
        if not any(name in _close(m, extra) for m in missing):
            problems.append(
                f"{file}: column {_shown(name)} is not in the contract for {contract.name}; "
                "remove it (extracts carry only the contract's columns)"
            )
    return problems


NESTED = re.compile(r"^(STRUCT|MAP|UNION)\(|\[\d*\]$")


def _nested(file: str, types: dict[str, str]) -> list[str]:
    """Parquet columns holding lists, structures or maps: a contract's column holds one value a
    row, and such a column, read as text, would turn each into an identifier or a code."""
    return [
        f"{file}: column {name} holds lists, structures or maps, not one value a row"
        for name, sql_type in types.items()
        if NESTED.search(sql_type)
    ]


def _close(name: str, given: list[str]) -> list[str]:
    """The column given that is probably `name`: the same in another case (LA_CODE), or close."""
    same = [g for g in given if g.strip().lower() == name]
    return same[:1] or difflib.get_close_matches(name, given, n=1)


def _meant(name: str, given: list[str]) -> str:
    close = _close(name, given)
    if not close:
        return ""
    case = " Column names are in lower case." if close[0].strip().lower() == name else ""
    return f' (is "{_shown(close[0])}" meant to be it?{case})'


def _no_header(contract: Extract, file: str, names: list[str]) -> str:
    """A CSV file whose line 1 is not its header row, said without what line 1 holds."""
    separated = len(names) == 1 and any(c in names[0] for c in ";\t|")
    why = (
        "are its cells separated by semicolons, tabs or bars rather than commas?"
        if separated
        else "is the header row missing, or is there a title above it?"
    )
    return (
        f"{file}: line 1 names none of the contract's columns "
        f"({', '.join(contract.column_names)}), so it is not the header row: {why}"
    )


def _shown(name: str) -> str:
    """A column name as a message gives it: characters that would not print (a line end, a
    terminal's escape codes, a direction mark) written as escapes, such as \\x1b."""
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in name)
