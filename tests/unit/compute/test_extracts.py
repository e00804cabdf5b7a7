"""Checking extracts against their contracts: keys, exact copies, and what the recipes read."""

from __future__ import annotations

import stat
import tempfile
from pathlib import Path

import duckdb
import pytest

from scorecard.compute.contracts import ColumnType, contracts
from scorecard.compute.extracts import SQL_TYPES, ExtractError, ExtractSet, open_extracts
from scorecard.domain.periods import Month
from tests.unit.compute.helpers import d, kept_open, write_extract

PLACEMENTS = "ehcp_placements"


def placement(snapshot: str, person: str, setting: str = "MAINSTREAM") -> dict:
    return {
        "snapshot_date": d(snapshot),
        "person_id": person,
        "date_of_birth": d("2014-05-01"),
        "setting_type": setting,
    }


def as_parquet(csv: Path) -> Path:
    """The CSV file as Parquet, each column stored with its contract's type (empty text as
    empty text, other empty cells as NULL)."""
    contract = contracts()[csv.stem]
    text = (ColumnType.STRING, ColumnType.CODE)
    columns = ", ".join(
        f"{c.name}"
        if c.type in text
        else f"CAST(NULLIF({c.name}, '') AS {SQL_TYPES[c.type]}) AS {c.name}"
        for c in contract.columns
    )
    path = csv.with_suffix(".parquet")
    duckdb.execute(
        f"COPY (SELECT {columns} FROM read_csv('{csv}', header = true, all_varchar = true)) "
        f"TO '{path}' (FORMAT PARQUET)"
    )
    csv.unlink()
    return path


def load(folder: Path, name: str, rows: list[dict], kind: str) -> ExtractSet:
    folder.mkdir(exist_ok=True)
    path = write_extract(folder, name, rows)
    if kind == "parquet":
        as_parquet(path)
    return kept_open(open_extracts(folder, [name], {name: ["4.2"]}))


def month_ends(first: str, months: int) -> list[str]:
    start = Month.parse(first)
    return [start.plus(k).last_day.isoformat() for k in range(months)]


@pytest.fixture(params=["csv", "parquet"])
def kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def test_one_row_a_person_a_month_loads_with_the_contracts_types(tmp_path: Path, kind: str) -> None:
    rows = [placement(day, p) for day in month_ends("2024-04", 3) for p in ("P1", "P2")]
    extracts = load(tmp_path, PLACEMENTS, rows, kind)
    loaded = extracts.loaded[PLACEMENTS]
    assert (loaded.rows, loaded.duplicates_dropped) == (6, 0)
    types = extracts.connection.execute(
        f"SELECT typeof(la_code), typeof(snapshot_date), count(*) FROM {PLACEMENTS} GROUP BY ALL"
    ).fetchall()
    assert types == [("VARCHAR", "DATE", 6)]


def test_two_snapshots_in_one_month_are_two_keys(tmp_path: Path, kind: str) -> None:
    rows = [placement("2024-04-15", "P1"), placement("2024-04-30", "P1")]
    loaded = load(tmp_path, PLACEMENTS, rows, kind).loaded[PLACEMENTS]
    assert (loaded.rows, loaded.duplicates_dropped) == (2, 0)


def test_an_exact_copy_is_read_once_and_counted(tmp_path: Path, kind: str) -> None:
    rows = [placement("2024-04-30", "P1"), placement("2024-04-30", "P1")]
    rows.append(placement("2024-05-31", "P1"))
    extracts = load(tmp_path, PLACEMENTS, rows, kind)
    loaded = extracts.loaded[PLACEMENTS]
    assert (loaded.rows, loaded.duplicates_dropped) == (2, 1)
    read = extracts.connection.execute(f"SELECT count(*) FROM {PLACEMENTS}").fetchone()
    assert read == (2,)


def test_a_key_on_rows_that_differ_is_refused_without_their_contents(
    tmp_path: Path, kind: str
) -> None:
    rows = [
        placement("2024-04-30", "SECRET1"),
        placement("2024-05-31", "SECRET1"),
        placement("2024-05-31", "SECRET1", "SPECIAL"),
    ]
    with pytest.raises(ExtractError) as raised:
        load(tmp_path, PLACEMENTS, rows, kind)
    message = str(raised.value)
    assert f"{PLACEMENTS}.{kind}: 1 value of snapshot_date, person_id appears on rows " in message
    assert "that differ: 2 rows (rows 2, 3)" in message
    assert "SECRET1" not in message


@pytest.mark.parametrize("months", [63, 64, 127, 128])
def test_keys_are_checked_over_any_span_of_months(tmp_path: Path, months: int) -> None:
    """63 months fit the narrow bit mask, 127 the wide one; longer spans count every key."""
    days = month_ends("2015-01", months)
    rows = [placement(day, "P1") for day in days] + [placement(days[-1], "P2")]
    loaded = load(tmp_path / "unique", PLACEMENTS, rows, "parquet").loaded[PLACEMENTS]
    assert (loaded.rows, loaded.duplicates_dropped) == (months + 1, 0)
    clash = [*rows, placement(days[-1], "P1", "SPECIAL")]
    with pytest.raises(ExtractError, match="appears on rows that differ"):
        load(tmp_path / "clash", PLACEMENTS, clash, "parquet")


def test_a_single_column_key_on_rows_that_differ_is_refused(tmp_path: Path, kind: str) -> None:
    name = "ehc_needs_assessments"
    rows = [
        {"request_id": "A1", "request_received_date": d("2024-01-02")},
        {"request_id": "A1", "request_received_date": d("2024-01-03")},
        {"request_id": "A2", "request_received_date": d("2024-01-03")},
    ]
    with pytest.raises(ExtractError) as raised:
        load(tmp_path, name, rows, kind)
    assert (
        f"{name}.{kind}: 1 value of request_id appears on rows that differ: 2 rows (rows 1, 2)"
        in str(raised.value)
    )


def test_unknown_codes_are_counted_and_shown_by_row(tmp_path: Path, kind: str) -> None:
    rows = [placement("2024-04-30", "P1"), placement("2024-04-30", "P2", "BOARDING")]
    with pytest.raises(ExtractError) as raised:
        load(tmp_path, PLACEMENTS, rows, kind)
    assert (
        f"{PLACEMENTS}.{kind}: column setting_type holds unknown codes (allowed: MAINSTREAM, "
        in str(raised.value)
    )
    assert "1 row (row 2)" in str(raised.value) and "BOARDING" not in str(raised.value)


def test_more_distinct_values_than_codes_are_all_counted(tmp_path: Path, kind: str) -> None:
    rows = [placement("2024-04-30", f"P{n}", f"KIND{n}") for n in range(10)]
    rows.append(placement("2024-04-30", "P99"))
    with pytest.raises(ExtractError) as raised:
        load(tmp_path, PLACEMENTS, rows, kind)
    assert "holds unknown codes" in str(raised.value)
    assert "10 rows (rows 1, 2, 3, 4, 5 and 5 more)" in str(raised.value)


def test_ons_codes_in_la_code_are_named_as_ons_codes(tmp_path: Path, kind: str) -> None:
    """An analyst's extract often carries the ONS code (E10000032, e06000036) of the authority:
    say so, and that la_code is its DfE code; a code of no known form is only refused."""
    ons = [{**placement("2024-04-30", "P1"), "la_code": "E10000032"}]
    ons.append({**placement("2024-04-30", "P2"), "la_code": "e06000036"})
    ons.append({**placement("2024-04-30", "P3"), "la_code": "0874"})
    with pytest.raises(ExtractError) as raised:
        load(tmp_path / "ons", PLACEMENTS, ons, kind)
    assert str(raised.value).endswith(
        "column la_code holds values that are not three-digit DfE codes, such as 874: "
        "3 rows (rows 1, 2, 3); 2 of them hold ONS local authority codes (E06 to E10 or W06, "
        "and six digits): la_code is the three-digit DfE (LA) code of the same authority"
    ), raised.value
    other = [{**placement("2024-04-30", "P1"), "la_code": "0874"}]
    with pytest.raises(ExtractError) as raised:
        load(tmp_path / "other", PLACEMENTS, other, kind)
    assert str(raised.value).endswith("such as 874: 1 row (row 1)"), raised.value


def test_empty_required_values_are_refused_by_row(tmp_path: Path, kind: str) -> None:
    rows = [placement("2024-04-30", "P1"), placement("2024-04-30", "")]
    rows.append({**placement("2024-05-31", "P3"), "date_of_birth": None})
    with pytest.raises(ExtractError) as raised:
        load(tmp_path, PLACEMENTS, rows, kind)
    message = str(raised.value)
    assert f"{PLACEMENTS}.{kind}: column person_id is empty: 1 row (row 2)" in message
    assert f"{PLACEMENTS}.{kind}: column date_of_birth is empty: 1 row (row 3)" in message


def test_whole_numbers_are_digits_with_a_sign_at_most(tmp_path: Path) -> None:
    """DuckDB's own cast reads 2.5 as 3, 1e3 as 1000, 0x10 as 16 and 1_000 as 1000: those are
    refused by row, and 3.0 (as a column of floating-point numbers gives it) is 3."""
    name = "specialist_places"
    given = ["4", "-2", "+3", "3.0", "2.5", "1e3", "0x10", "1_000", "99.7654321"]
    day = d("2024-04-01")
    rows = [
        {"change_id": f"C{i}", "provision_type": "SSC", "places_created": v, "available_date": day}
        for i, v in enumerate(given)
    ]
    with pytest.raises(ExtractError) as raised:
        load(tmp_path / "text", name, rows, "csv")
    words = f"{name}.csv: column places_created holds values that are not whole numbers"
    assert f"{words}: 5 rows (rows 5, 6, 7, 8, 9)" in str(raised.value)
    good = load(tmp_path / "good", name, rows[:4], "csv")
    read = good.connection.execute(f"SELECT places_created FROM {name} ORDER BY change_id")
    assert [r[0] for r in read.fetchall()] == [4, -2, 3, 3]
    floating = tmp_path / "floating"
    floating.mkdir()
    duckdb.execute(
        "COPY (SELECT '938' AS la_code, 'C' || i AS change_id, 'SSC' AS provision_type, "
        "places_created, DATE '2024-04-01' AS available_date "
        "FROM (VALUES (1, 3.0::DOUBLE), (2, 2.5::DOUBLE)) AS v(i, places_created)) "
        f"TO '{floating / name}.parquet' (FORMAT PARQUET)"
    )
    with pytest.raises(ExtractError) as raised:
        open_extracts(floating, [name], {name: ["4.1"]})
    words = f"{name}.parquet: column places_created holds values that are not whole numbers"
    assert f"{words}: 1 row (row 2)" in str(raised.value)


def test_spaces_around_csv_cells_are_trimmed(tmp_path: Path) -> None:
    """As a spreadsheet pads them: " 938" is authority 938, " MAINSTREAM " a known setting,
    the same person however padded, and a cell of spaces is empty."""
    rows = [
        {**placement("2024-04-30", "P1", " MAINSTREAM "), "la_code": " 938"},
        {**placement("2024-05-31", "P1 "), "la_code": "938 "},
    ]
    extracts = load(tmp_path / "padded", PLACEMENTS, rows, "csv")
    assert extracts.la_codes() == ["938"]
    read = extracts.connection.execute(
        f"SELECT DISTINCT person_id, setting_type FROM {PLACEMENTS}"
    ).fetchall()
    assert read == [("P1", "MAINSTREAM")]
    spaces = [placement("2024-04-30", "P1"), placement("2024-04-30", "   ")]
    with pytest.raises(ExtractError, match="column person_id is empty: 1 row \\(row 2\\)"):
        load(tmp_path / "spaces", PLACEMENTS, spaces, "csv")


def _csv(folder: Path, rows: list[dict]) -> Path:
    folder.mkdir(exist_ok=True)
    return write_extract(folder, PLACEMENTS, rows)


def test_windows_line_ends_and_a_byte_order_mark_are_read(tmp_path: Path) -> None:
    path = _csv(tmp_path, [placement("2024-04-30", "P1"), placement("2024-05-31", "P1")])
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    extracts = kept_open(open_extracts(tmp_path, [PLACEMENTS], {}))
    assert extracts.loaded[PLACEMENTS].rows == 2
    read = extracts.connection.execute(f"SELECT DISTINCT setting_type FROM {PLACEMENTS}")
    assert read.fetchall() == [("MAINSTREAM",)]


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "ehcp_placements.csv: is empty: it needs a header row naming its columns"),
        (
            b"\nla_code,snapshot_date,person_id,date_of_birth,setting_type\n",
            "ehcp_placements.csv: line 1 is blank: the header row naming its columns comes first",
        ),
        (
            b"LA_CODE,SNAPSHOT_DATE,PERSON_ID,DATE_OF_BIRTH,SETTING_TYPE\n",
            'column la_code is missing (is "LA_CODE" meant to be it? Column names are in lower '
            "case.)",
        ),
        (
            b"la_code,snapshot_\xff\n",
            "ehcp_placements.csv: cannot be read as UTF-8 CSV with a header row at line 1: "
            "text that is not UTF-8",
        ),
    ],
    ids=["empty", "blank-line-1", "capitals", "header-not-utf8"],
)
def test_a_csv_file_without_a_readable_header_is_named(
    tmp_path: Path, content: bytes, words: str
) -> None:
    (tmp_path / f"{PLACEMENTS}.csv").write_bytes(content)
    with pytest.raises(ExtractError) as raised:
        open_extracts(tmp_path, [PLACEMENTS], {})
    assert words in str(raised.value)


@pytest.mark.parametrize(
    ("header", "rows", "line"),
    [(b"\r\n", [b"\n", b"\n"], 2), (b"\n", [b"\n", b"\r\n"], 3)],
    ids=["windows-header-unix-rows", "unix-header-a-windows-row"],
)
def test_a_csv_file_with_mixed_line_ends_names_the_first_line_that_differs(
    tmp_path: Path, header: bytes, rows: list[bytes], line: int
) -> None:
    path = _csv(tmp_path, [placement("2024-04-30", "P1"), placement("2024-05-31", "P1")])
    lines = path.read_bytes().splitlines()
    ends = [header, *rows]
    path.write_bytes(b"".join(text + end for text, end in zip(lines, ends, strict=True)))
    with pytest.raises(ExtractError) as raised:
        open_extracts(tmp_path, [PLACEMENTS], {})
    assert (
        f"ehcp_placements.csv: cannot be read as UTF-8 CSV with a header row at line {line}: "
        "its lines end in a mix of Windows (CR LF) and Unix (LF) line ends; save it with one kind"
    ) in str(raised.value)


def test_what_outgrows_memory_goes_to_a_private_folder_removed_on_close(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """DuckDB writes what a query cannot hold in memory to disk, copies of records about
    children: never to `.tmp` in the working folder, but to a folder only its owner can read,
    removed when the extracts are closed, or when they are refused."""
    temporary = tmp_path / "temporary"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    monkeypatch.chdir(tmp_path)
    extracts = load(tmp_path / "good", PLACEMENTS, [placement("2024-09-30", "P1")], "csv")
    setting = extracts.connection.execute("SELECT current_setting('temp_directory')").fetchone()
    assert setting is not None
    spill = Path(setting[0])
    assert spill.parent == temporary
    assert stat.S_IMODE(spill.stat().st_mode) == 0o700
    extracts.close()
    assert list(temporary.iterdir()) == []
    with pytest.raises(ExtractError):
        load(tmp_path / "bad", PLACEMENTS, [placement("2024-09-30", "P1", "NOWHERE")], "csv")
    assert list(temporary.iterdir()) == []
    assert not (tmp_path / ".tmp").exists()


def test_a_parquet_column_of_lists_or_structures_is_refused(tmp_path: Path) -> None:
    """A contract's column holds one value a row: a person_id of structures was read as text,
    each structure becoming an identifier. The message names the file and column only."""
    path = tmp_path / f"{PLACEMENTS}.parquet"
    duckdb.execute(
        "COPY (SELECT DATE '2024-09-30' AS snapshot_date, {'id': 'P1'} AS person_id, "
        "DATE '2014-05-01' AS date_of_birth, ['MAINSTREAM'] AS setting_type, "
        f"'938' AS la_code) TO '{path}' (FORMAT PARQUET)"
    )
    with pytest.raises(ExtractError) as refused:
        open_extracts(tmp_path, [PLACEMENTS], {})
    message = str(refused.value)
    assert f"{PLACEMENTS}.parquet: column person_id holds lists, structures or maps" in message
    assert f"{PLACEMENTS}.parquet: column setting_type holds lists, structures or maps" in message
    assert "P1" not in message
    assert "MAINSTREAM" not in message


@pytest.mark.parametrize("kind", ["csv", "parquet"])
def test_whole_numbers_have_at_most_9_digits(tmp_path: Path, kind: str) -> None:
    """999,999,999 places either way is the most a row may hold (as a figure may): a larger
    number is a mistake, and sums of them overflowed the engines' integers (an internal
    error)."""
    name = "specialist_places"
    given = ["999999999", "-999999999", "1000000000", "-1000000000", "9000000000000000000"]
    day = d("2024-04-01")
    rows = [
        {"change_id": f"C{i}", "provision_type": "SSC", "places_created": v, "available_date": day}
        for i, v in enumerate(given)
    ]
    with pytest.raises(ExtractError) as raised:
        load(tmp_path / "big", name, rows, kind)
    words = f"{name}.{kind}: column places_created holds whole numbers of more than 9 digits"
    assert f"{words} (at most 999,999,999 either way): 3 rows (rows 3, 4, 5)" in str(raised.value)
    good = load(tmp_path / "good", name, rows[:2], kind)
    read = good.connection.execute(f"SELECT sum(places_created) FROM {name}").fetchone()
    assert read == (0,)


@pytest.mark.parametrize("kind", ["csv", "parquet"])
@pytest.mark.parametrize("number", ["-9223372036854775808", "9223372036854775807"])
def test_the_largest_whole_numbers_the_engines_hold_are_refused_by_row(
    tmp_path: Path, kind: str, number: str
) -> None:
    """The smallest 64-bit whole number has no size the engines can hold: taking its size
    stopped the check, and the file was called unreadable (or damaged) instead of the row."""
    name = "specialist_places"
    rows = [
        {
            "change_id": "C1",
            "provision_type": "SSC",
            "places_created": number,
            "available_date": d("2024-04-01"),
        }
    ]
    with pytest.raises(ExtractError) as raised:
        load(tmp_path, name, rows, kind)
    words = f"{name}.{kind}: column places_created holds whole numbers of more than 9 digits"
    assert f"{words} (at most 999,999,999 either way): 1 row (row 1)" in str(raised.value)
    assert "cannot be read" not in str(raised.value)
