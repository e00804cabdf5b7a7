"""`scorecard spc` in a real process: the JSON and CSV outputs, missing values, rebase warnings,
and every bad input ending in one clear message, exit status 1 and no traceback.

The series used throughout is the rule-test baseline (75 and 125 alternating for twelve months:
mean 1200 / 12 = 100, every moving range 50, limits 100 ± 2.66 × 50 = -33 and 233) followed by
seven months at 101: with --fix-after 12, the last 125 and the seven 101s are 8 points in a row
above the fixed mean (see test_spc_rules.py).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tests.integration.cli_helpers import run_scorecard

pytestmark = pytest.mark.slow

POINT_KEYS = {"date", "value", "mean", "lpl", "upl", "point_type", "special_cause_type"}
MONTHS = [f"{2022 + (m // 12)}-{m % 12 + 1:02d}" for m in range(19)]  # 2022-01 .. 2023-07
VALUES = ["75", "125"] * 6 + ["101"] * 7


def write_csv(tmp_path: Path, rows: list[tuple[str, str]], header: str = "month,count") -> Path:
    path = tmp_path / "series.csv"
    path.write_text(header + "\n" + "".join(f"{d},{v}\n" for d, v in rows), encoding="utf-8")
    return path


def spc(path: Path, tmp_path: Path, *extra: str, direction: str = "increase"):
    return run_scorecard(
        "spc",
        str(path),
        "--date-column",
        "month",
        "--value-column",
        "count",
        "--direction",
        direction,
        *extra,
        data_dir=tmp_path,
    )


def fails_cleanly(result, *words: str) -> None:
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr + result.stdout
    for word in words:
        assert word in result.stderr, (word, result.stderr)


def test_json_output(tmp_path: Path) -> None:
    path = write_csv(tmp_path, list(zip(MONTHS, VALUES, strict=True)))
    result = spc(path, tmp_path, "--fix-after", "12", "--target", "300", "--format", "json")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert set(document) == {"points", "summary"}
    assert {"variation_icon", "assurance_icon", "warnings"} <= set(document["summary"])
    points = document["points"]
    assert [set(p) for p in points] == [POINT_KEYS] * 19
    assert points[0] == {
        "date": "2022-01-01",
        "value": 75.0,
        "mean": 100.0,
        "lpl": -33.0,
        "upl": 233.0,
        "point_type": "common_cause",
        "special_cause_type": "Common Cause",
    }
    assert [p["special_cause_type"] for p in points[12:]] == ["7 Points Above CL"] * 7
    assert {p["point_type"] for p in points[12:]} == {"special_cause_improvement"}
    assert document["summary"]["variation_icon"] == "improvement_high"
    # a target of 300 is above the upper limit of 233: fail when higher is better
    assert document["summary"]["assurance_icon"] == "fail"
    assert document["summary"]["warnings"] == []


def test_json_output_for_a_decrease_without_target(tmp_path: Path) -> None:
    path = write_csv(tmp_path, list(zip(MONTHS, VALUES, strict=True)))
    result = spc(path, tmp_path, "--fix-after", "12", "--format", "json", direction="decrease")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)["summary"]
    assert summary["variation_icon"] == "concern_high"
    assert summary["assurance_icon"] is None


def test_csv_output(tmp_path: Path) -> None:
    path = write_csv(tmp_path, list(zip(MONTHS, VALUES, strict=True)))
    result = spc(path, tmp_path, "--fix-after", "12", "--format", "csv")
    assert result.returncode == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == ["date", "value", "mean", "lpl", "upl", "point_type", "special_cause_type"]
    assert len(rows) == 20
    assert rows[13][0] == "2023-01-01"
    assert rows[13][5:] == ["special_cause_improvement", "7 Points Above CL"]
    assert [float(x) for x in rows[1][1:5]] == [75.0, 100.0, -33.0, 233.0]


def test_unsorted_input_comes_out_in_date_order(tmp_path: Path) -> None:
    pairs = list(zip(MONTHS, VALUES, strict=True))
    path = write_csv(tmp_path, pairs[::-1])
    result = spc(path, tmp_path, "--format", "json")
    assert result.returncode == 0, result.stderr
    dates = [p["date"] for p in json.loads(result.stdout)["points"]]
    assert dates == sorted(dates) and dates[0] == "2022-01-01"


@pytest.mark.parametrize("missing", ["", "NA"])
def test_an_empty_or_na_cell_is_a_missing_value(tmp_path: Path, missing: str) -> None:
    rows = [("2024-01", "5"), ("2024-02", missing), ("2024-03", "7"), ("2024-04", "6")]
    result = spc(write_csv(tmp_path, rows), tmp_path, "--format", "json")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    gap = document["points"][1]
    assert gap["date"] == "2024-02-01"
    assert gap["value"] is None and gap["point_type"] is None
    assert gap["special_cause_type"] is None
    # the mean of 5, 7 and 6 is 6
    assert {p["mean"] for p in document["points"]} == {6.0}
    assert any("without a value" in w for w in document["summary"]["warnings"])


def test_a_rebase_date_that_matches_no_point_is_a_warning(tmp_path: Path) -> None:
    path = write_csv(tmp_path, list(zip(MONTHS, VALUES, strict=True)))
    result = spc(path, tmp_path, "--rebase", "2030-01-01", "--format", "json")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert any("2030-01-01" in w for w in document["summary"]["warnings"])
    assert {p["mean"] for p in document["points"]} == {
        json.loads(spc(path, tmp_path, "--format", "json").stdout)["points"][0]["mean"]
    }


def test_a_rebase_splits_the_limits(tmp_path: Path) -> None:
    rows = list(zip(MONTHS[:12], ["75", "125"] * 6, strict=True)) + [
        (m, v) for m, v in zip(MONTHS[12:], ["0", "50"] * 3 + ["25"], strict=True)
    ]
    result = spc(write_csv(tmp_path, rows), tmp_path, "--rebase", "2023-01", "--format", "json")
    assert result.returncode == 0, result.stderr
    points = json.loads(result.stdout)["points"]
    assert (points[0]["mean"], points[0]["lpl"], points[0]["upl"]) == (100.0, -33.0, 233.0)
    # 0, 50, 0, 50, 0, 50, 25: mean 175 / 7 = 25; moving ranges 5 × 50, 25: mean 275 / 6
    assert points[12]["mean"] == 25.0
    assert points[12]["upl"] == pytest.approx(25 + 2.66 * 275 / 6)


def test_csv_output_writes_warnings_to_stderr(tmp_path: Path) -> None:
    rows = [("2024-01", "5"), ("2024-02", "6")]
    result = spc(write_csv(tmp_path, rows), tmp_path, "--format", "csv")
    assert result.returncode == 0, result.stderr
    assert "warning:" in result.stderr and "2 points" in result.stderr


def test_unknown_direction(tmp_path: Path) -> None:
    path = write_csv(tmp_path, [("2024-01", "5")])
    fails_cleanly(spc(path, tmp_path, "--format", "json", direction="up"), "--direction", "up")


def test_a_value_that_is_not_a_number_names_the_file_and_line(tmp_path: Path) -> None:
    rows = [("2024-01", "5"), ("2024-02", "six"), ("2024-03", "7")]
    path = write_csv(tmp_path, rows)
    fails_cleanly(spc(path, tmp_path, "--format", "json"), f"{path}:3", '"six" is not a number')


@pytest.mark.parametrize("text", ["1_000", "\u0663", "0x10", "1 000"])
def test_a_value_python_would_read_but_a_spreadsheet_would_not_is_refused(
    tmp_path: Path, text: str
) -> None:
    # float() reads "1_000" as 1000 and the Arabic-Indic digit three as 3
    rows = [("2024-01", "5"), ("2024-02", text), ("2024-03", "7")]
    path = write_csv(tmp_path, rows)
    fails_cleanly(spc(path, tmp_path, "--format", "json"), f"{path}:3", "is not a number")


def test_plain_numbers_in_every_written_form_are_read(tmp_path: Path) -> None:
    rows = [("2024-01", "+5"), ("2024-02", "-.5"), ("2024-03", "1e3"), ("2024-04", " 7. ")]
    result = spc(write_csv(tmp_path, rows), tmp_path, "--format", "json")
    assert result.returncode == 0, result.stderr
    assert [p["value"] for p in json.loads(result.stdout)["points"]] == [5, -0.5, 1000, 7]


def test_duplicate_dates_name_both_lines(tmp_path: Path) -> None:
    rows = [("2024-01", "5"), ("2024-02", "6"), ("2024-02-01", "7")]
    path = write_csv(tmp_path, rows)
    fails_cleanly(spc(path, tmp_path, "--format", "json"), f"{path}:4", "2024-02-01", "line 3")


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("month,count\n2024-01,5\n2024-02,1,234\n", ":3: has 3 cells but the header names 2"),
        ("month,count\n2024-01\n2024-02,6\n", ":2: has 1 cell but the header names 2 columns"),
        ("month,count,count\n2024-01,5,6\n", ':1: the header names the column "count" more'),
    ],
    ids=["comma-in-a-number", "cell-missing", "column-twice"],
)
def test_a_row_or_header_that_does_not_line_up_names_its_line(
    tmp_path: Path, text: str, words: str
) -> None:
    """1,234 unquoted is two cells: refused, not read as 1."""
    path = tmp_path / "series.csv"
    path.write_text(text, encoding="utf-8")
    fails_cleanly(spc(path, tmp_path, "--format", "csv"), f"{path}{words}")


def test_blank_lines_are_no_rows(tmp_path: Path) -> None:
    path = tmp_path / "series.csv"
    path.write_text("month,count\n2024-01,5\n\n2024-02,6\n\n", encoding="utf-8")
    result = spc(path, tmp_path, "--format", "csv")
    assert result.returncode == 0, result.stderr
    assert [row["value"] for row in csv.DictReader(io.StringIO(result.stdout))] == ["5.0", "6.0"]


def test_missing_columns_lists_the_columns_there_are(tmp_path: Path) -> None:
    path = write_csv(tmp_path, [("2024-01", "5")], header="period,total")
    fails_cleanly(spc(path, tmp_path, "--format", "json"), '"month"', "period, total")


def test_a_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.csv"
    fails_cleanly(spc(missing, tmp_path, "--format", "json"), str(missing), "does not exist")


def test_a_folder_is_not_a_csv_file(tmp_path: Path) -> None:
    fails_cleanly(spc(tmp_path, tmp_path, "--format", "json"), f"{tmp_path} is a folder, not a CSV")


def test_a_bad_date_in_the_file_says_both_forms_that_are_accepted(tmp_path: Path) -> None:
    path = write_csv(tmp_path, [("2024-12", "5"), ("2024-13", "6")])
    fails_cleanly(
        spc(path, tmp_path, "--format", "json"), '"2024-13" is not a date', "YYYY-MM-DD, or YYYY-MM"
    )


def test_a_bad_rebase_date(tmp_path: Path) -> None:
    path = write_csv(tmp_path, [("2024-01", "5"), ("2024-02", "6")])
    fails_cleanly(
        spc(path, tmp_path, "--rebase", "next spring", "--format", "json"),
        "--rebase",
        "next spring",
    )


def test_fix_after_fewer_than_12_points(tmp_path: Path) -> None:
    path = write_csv(tmp_path, list(zip(MONTHS, VALUES, strict=True)))
    fails_cleanly(
        spc(path, tmp_path, "--fix-after", "5", "--format", "json"),
        "--fix-after: limits can be fixed after 12 or more points, not 5",
    )


@pytest.mark.parametrize("target", ["nan", "inf", "1e400", "twelve", "1_000", "٣"])
def test_a_target_that_is_not_a_number(tmp_path: Path, target: str) -> None:
    path = write_csv(tmp_path, [("2024-01", "5"), ("2024-02", "6")])
    fails_cleanly(spc(path, tmp_path, "--target", target, "--format", "json"), "--target", target)


def test_values_too_large_to_chart(tmp_path: Path) -> None:
    """The moving range |-1.7e308 - 1.7e308| overflows: a message, not an internal error."""
    rows = [("2024-01", "1.7e308"), ("2024-02", "-1.7e308"), ("2024-03", "1.7e308")]
    path = write_csv(tmp_path, rows)
    fails_cleanly(spc(path, tmp_path, "--format", "json"), "too large to chart")
