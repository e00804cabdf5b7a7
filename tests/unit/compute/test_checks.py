"""How extract checks name rows in their messages (src/scorecard/compute/checks.py)."""

from __future__ import annotations

from scorecard.compute.checks import Where


def test_counts_of_rows_are_written_with_thousands_separators() -> None:
    where = Where("ehcp_placements.csv")
    assert where.rows(1, [7]) == "1 row (row 7)"
    assert where.rows(5, [1, 2, 3, 4, 5]) == "5 rows (rows 1, 2, 3, 4, 5)"
    assert where.rows(364_564, [1, 2, 3, 4, 5]) == (
        "364,564 rows (rows 1, 2, 3, 4, 5 and 364,559 more)"
    )


def test_rows_of_part_files_are_named_by_part() -> None:
    where = Where("ehcp_placements.parquet", (("part-0.parquet", 0), ("part-1.parquet", 1_000)))
    assert where.rows(2, [3, 1_002]) == ("2 rows (part-0.parquet row 3; part-1.parquet row 2)")
