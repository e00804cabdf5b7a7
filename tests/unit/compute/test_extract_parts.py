"""An extract given as a folder of Parquet part files, as Spark writes it."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from scorecard.compute.extracts import ExtractError, ExtractSet, checksum, open_extracts
from tests.conftest import ROOT
from tests.unit.compute.helpers import kept_open, write_extract
from tests.unit.compute.test_extracts import PLACEMENTS, as_parquet, month_ends, placement


def parts_of(folder: Path, rows: list[dict], sizes: list[int], *, la_folders: bool = False) -> Path:
    """The rows as a folder of part files of the sizes given (in order, part-0 first), with the
    files Spark writes beside them; by authority in `la_code=...` folders when asked."""
    (folder / "single").mkdir()
    single = as_parquet(write_extract(folder / "single", PLACEMENTS, rows))
    table = pq.read_table(single)
    parts = folder / "extracts" / f"{PLACEMENTS}.parquet"
    parts.mkdir(parents=True)
    start = 0
    for number, size in enumerate(sizes):
        piece = table.slice(start, size)
        start += size
        where = parts
        if la_folders:
            (code,) = set(piece.column("la_code").to_pylist())
            where = parts / f"la_code={code}"
            where.mkdir(exist_ok=True)
            piece = piece.drop_columns(["la_code"])
        pq.write_table(piece, where / f"part-{number}.snappy.parquet")
        (where / f".part-{number}.snappy.parquet.crc").write_bytes(b"crc")
    assert start == len(rows)
    (parts / "_SUCCESS").touch()
    (parts / "_temporary").mkdir()
    (parts / "_temporary" / "part-9.parquet").write_bytes(b"an unfinished write")
    return parts


def opened(parts: Path) -> ExtractSet:
    return kept_open(open_extracts(parts.parent, [PLACEMENTS], {PLACEMENTS: ["4.2"]}))


def rows_for(people: int, prefix: str = "P") -> list[dict]:
    days = month_ends("2024-04", 2)
    return [placement(day, f"{prefix}{n}") for day in days for n in range(people)]


def test_the_parts_are_read_as_one_extract(tmp_path: Path) -> None:
    rows = rows_for(5)
    extracts = opened(parts_of(tmp_path, rows, [4, 0, 6]))
    loaded = extracts.loaded[PLACEMENTS]
    assert (loaded.rows, loaded.duplicates_dropped) == (10, 0)
    read = extracts.connection.execute(
        f"SELECT la_code, snapshot_date, person_id FROM {PLACEMENTS} ORDER BY ALL"
    ).fetchall()
    expected = sorted(("938", r["snapshot_date"], r["person_id"]) for r in rows)
    assert read == expected


def test_authorities_in_folders_named_la_code_are_read_from_the_names(tmp_path: Path) -> None:
    rows = rows_for(2) + [{**r, "la_code": "845"} for r in rows_for(3, "Q")]
    extracts = opened(parts_of(tmp_path, rows, [4, 6], la_folders=True))
    assert extracts.la_codes() == ["845", "938"]
    counts = extracts.connection.execute(
        f"SELECT la_code, count(*) FROM {PLACEMENTS} GROUP BY 1 ORDER BY 1"
    ).fetchall()
    assert counts == [("845", 6), ("938", 4)]


def test_rows_are_named_by_part_file_and_row_within_it(tmp_path: Path) -> None:
    rows = rows_for(5)
    rows[5] = {**rows[5], "person_id": ""}  # part-1, its second row
    rows[9] = {**rows[9], "person_id": ""}  # part-2, its last row
    with pytest.raises(ExtractError) as raised:
        opened(parts_of(tmp_path, rows, [4, 2, 4]))
    assert (
        f"{PLACEMENTS}.parquet: column person_id is empty: 2 rows "
        "(part-1.snappy.parquet row 2; part-2.snappy.parquet row 4)"
    ) in str(raised.value)


def test_a_key_in_two_parts_on_rows_that_differ_is_refused(tmp_path: Path) -> None:
    rows = [*rows_for(2), placement("2024-04-30", "P0", "SPECIAL")]
    with pytest.raises(ExtractError) as raised:
        opened(parts_of(tmp_path, rows, [2, 2, 1]))
    message = str(raised.value)
    assert "1 value of snapshot_date, person_id appears on rows that differ" in message
    assert "2 rows (part-0.snappy.parquet row 1; part-2.snappy.parquet row 1)" in message


def test_a_part_without_a_column_leaves_it_empty_in_that_part(tmp_path: Path) -> None:
    parts = parts_of(tmp_path, rows_for(2), [2, 2])
    last = parts / "part-1.snappy.parquet"
    pq.write_table(pq.read_table(last).drop_columns(["date_of_birth"]), last)
    with pytest.raises(ExtractError) as raised:
        opened(parts)
    assert "column date_of_birth is empty: 2 rows (part-1.snappy.parquet rows 1, 2)" in str(
        raised.value
    )


def test_a_damaged_part_is_named(tmp_path: Path) -> None:
    parts = parts_of(tmp_path, rows_for(2), [2, 2])
    (parts / "part-1.snappy.parquet").write_bytes(b"PAR1 not really")
    with pytest.raises(ExtractError) as raised:
        opened(parts)
    named = f"{PLACEMENTS}.parquet/part-1.snappy.parquet: cannot be read as Parquet"
    assert named in str(raised.value)


def test_folders_without_parts_and_csv_folders_are_refused(tmp_path: Path) -> None:
    empty = tmp_path / "empty" / f"{PLACEMENTS}.parquet"
    (empty / "_temporary").mkdir(parents=True)
    (empty / "_temporary" / "part-0.parquet").write_bytes(b"unfinished")
    with pytest.raises(ExtractError, match="is a folder without Parquet part files"):
        opened(empty)
    text = tmp_path / "text" / f"{PLACEMENTS}.csv"
    text.mkdir(parents=True)
    with pytest.raises(ExtractError, match="give a CSV extract as one file"):
        opened(text)


def test_the_checksum_is_what_the_documented_commands_give(tmp_path: Path) -> None:
    parts = parts_of(tmp_path, rows_for(3), [1, 2, 3], la_folders=False)
    page = (ROOT / "docs" / "extracts.md").read_text()
    commands = page.split("## Folders of part files")[1].split("```sh\n")[1].split("```")[0]
    shell = subprocess.run(
        ["sh", "-c", commands.replace("EXTRACT.parquet", parts.name)],
        cwd=parts.parent,
        capture_output=True,
        text=True,
        check=True,
    )
    assert checksum(parts) == shell.stdout.split()[0]
    assert opened(parts).loaded[PLACEMENTS].sha256 == checksum(parts)
    part = parts / "part-2.snappy.parquet"
    part.write_bytes(part.read_bytes()[:-1] + b"!")
    checksum.cache_clear()
    assert checksum(parts) != shell.stdout.split()[0]
