"""`scorecard assess` in a real process against a store loaded with the bundled plan: the
columns, one row per metric and component, hand-checked values for 3.1, JSON booleans and
nulls, and every bad input ending in one clear message, exit status 1 and no traceback."""

from __future__ import annotations

import csv
import io
import json
import subprocess
from pathlib import Path

import pytest

from tests.integration.cli_helpers import run_scorecard

pytestmark = pytest.mark.slow

PLAN_ID = "west-sussex-2024-27"
COLUMNS = [
    "plan_id",
    "metric_id",
    "component",
    "period",
    "figure_period",
    "value",
    "assessed_value",
    "unit",
    "polarity",
    "target_year",
    "target",
    "target_state",
    "rag",
    "rag_reason",
    "trajectory_value",
    "on_track",
    "trajectory_reason",
    "direction_previous",
    "previous_period",
    "direction_previous_reason",
    "direction_year_ago",
    "year_ago_period",
    "direction_year_ago_reason",
    "progress_percent",
    "progress_reason",
    "spc_variation",
    "spc_assurance",
    "spc_points",
    "spc_reason",
    "spc_warnings",
]
SERIES = [
    ("1/2.1", ""),
    ("1/2.2", ""),
    ("1/2.3", ""),
    ("1/2.4", ""),
    ("3.1", ""),
    ("3.2", ""),
    ("3.3", ""),
    ("3.4", ""),
    ("3.5", ""),
    ("3.6", ""),
    ("4.1", "ssc"),
    ("4.1", "special_school"),
    ("4.2", ""),
    ("4.3", ""),
    ("4.4", ""),
    ("4.5", ""),
    ("4.6", ""),
    ("5.1", ""),
    ("5.2", ""),
    ("5.3", ""),
    ("5.4", ""),
    ("5.5", ""),
    ("5.6", ""),
]
RED_3_1 = (
    "Red: 12.8% is below the 2024-25 target of 49% and below the trajectory of 28.7% for "
    "September 2024."
)


@pytest.fixture(scope="module")
def loaded_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.conftest import BUNDLED_PLAN

    data = tmp_path_factory.mktemp("assess")
    result = run_scorecard("plan", "load", str(BUNDLED_PLAN), data_dir=data)
    assert result.returncode == 0, result.stderr
    return data


def _assess(store: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_scorecard("assess", *args, data_dir=store)


@pytest.fixture(scope="module")
def as_json(loaded_store: Path) -> list[dict]:
    result = _assess(loaded_store, "--plan", PLAN_ID, "--period", "2024-09", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def as_csv(loaded_store: Path) -> tuple[list[str], list[dict[str, str]]]:
    result = _assess(loaded_store, "--plan", PLAN_ID, "--period", "2024-09", "--format", "csv")
    assert result.returncode == 0, result.stderr
    reader = csv.DictReader(io.StringIO(result.stdout))
    rows = list(reader)
    return list(reader.fieldnames or []), rows


def _row(rows: list[dict], metric_id: str, component: str = "") -> dict:
    (found,) = [r for r in rows if (r["metric_id"], r["component"]) == (metric_id, component)]
    return found


def test_json_has_every_column_and_series(as_json: list[dict]) -> None:
    assert len(as_json) == 23
    assert all(list(row) == COLUMNS for row in as_json)
    assert [(r["metric_id"], r["component"]) for r in as_json] == SERIES
    assert {r["plan_id"] for r in as_json} == {PLAN_ID}
    assert {r["period"] for r in as_json} == {"2024-09"}


def test_json_values_for_3_1(as_json: list[dict]) -> None:
    row = _row(as_json, "3.1")
    assert row["figure_period"] == "2024-09"
    assert row["value"] == 12.8
    assert row["assessed_value"] == 12.8
    assert row["unit"] == "percent"
    assert row["polarity"] == "higher_is_better"
    assert (row["target_year"], row["target"], row["target_state"]) == ("2024-25", 49, "set")
    assert row["rag"] == "red"
    assert row["rag_reason"] == RED_3_1
    assert row["trajectory_value"] == 28.7
    assert row["on_track"] is False
    assert row["trajectory_reason"] == (
        "Off track: 12.8% is below the trajectory of 28.7% for September 2024."
    )
    assert (row["direction_previous"], row["previous_period"]) == ("improving", "2024-08")
    assert row["direction_previous_reason"] == "Improving: 12.8%, up from 9.3% in August 2024."
    assert (row["direction_year_ago"], row["year_ago_period"]) == ("not_comparable", "2023-09")
    assert row["direction_year_ago_reason"] == "No comparison: no figure for September 2023."
    assert row["progress_percent"] == 11
    assert row["progress_reason"] == (
        "Progress: 11% of the way from the baseline of 8.4% to the 2024-25 target of 49%."
    )
    assert (row["spc_variation"], row["spc_assurance"], row["spc_points"]) == (
        "common_cause",
        "fail",
        6,
    )
    assert "upper process limit of 16.1%" in row["spc_reason"]
    assert isinstance(row["spc_warnings"], str) and "6 points" in row["spc_warnings"]


def test_json_booleans_and_nulls(as_json: list[dict]) -> None:
    on_track = _row(as_json, "3.6")
    assert on_track["on_track"] is True
    assert on_track["figure_period"] == "2024-05"
    assert on_track["value"] == 43 and isinstance(on_track["value"], int)
    assert on_track["trajectory_value"] == 32
    assert on_track["previous_period"] is None
    assert on_track["spc_variation"] is None and on_track["spc_assurance"] is None
    assert on_track["spc_points"] == 1
    no_target = _row(as_json, "1/2.1")
    assert no_target["target"] is None
    assert no_target["target_state"] == "no_target"
    assert no_target["rag"] == "none"
    assert no_target["trajectory_value"] is None and no_target["on_track"] is None
    assert no_target["progress_percent"] is None
    assert no_target["direction_previous"] == "worsening"
    assert no_target["spc_variation"] == "concern_high"
    assert no_target["spc_assurance"] is None
    no_figure = _row(as_json, "4.1", "special_school")
    for column in ("figure_period", "value", "assessed_value", "trajectory_value", "on_track"):
        assert no_figure[column] is None, column
    assert no_figure["target"] == 10
    assert no_figure["rag"] == "none"
    assert no_figure["rag_reason"] == "No rating: there is no figure yet."
    assert no_figure["previous_period"] is None and no_figure["year_ago_period"] is None
    assert no_figure["spc_points"] == 0 and no_figure["spc_warnings"] is None


def test_json_cumulative_4_1_ssc(as_json: list[dict]) -> None:
    row = _row(as_json, "4.1", "ssc")
    assert (row["figure_period"], row["value"], row["assessed_value"]) == ("2024-06", 12, 12)
    assert (row["target"], row["trajectory_value"], row["on_track"]) == (63, 16, False)
    assert row["rag"] == "red"
    assert row["progress_percent"] == 19


def test_json_ratings(as_json: list[dict]) -> None:
    ratings = [r["rag"] for r in as_json]
    assert ratings.count("red") == 13
    assert ratings.count("green") == 3
    assert ratings.count("amber") == 1
    assert ratings.count("none") == 6
    assert _row(as_json, "3.5")["rag"] == "amber"


def test_csv_has_the_same_columns_and_rows(
    as_csv: tuple[list[str], list[dict[str, str]]],
) -> None:
    columns, rows = as_csv
    assert columns == COLUMNS
    assert len(rows) == 23
    assert [(r["metric_id"], r["component"]) for r in rows] == SERIES


def test_csv_values(as_csv: tuple[list[str], list[dict[str, str]]]) -> None:
    _, rows = as_csv
    row = _row(rows, "3.1")
    assert (row["value"], row["target"], row["trajectory_value"]) == ("12.8", "49", "28.7")
    assert row["rag"] == "red" and row["rag_reason"] == RED_3_1
    assert row["on_track"] == "false"
    assert (row["progress_percent"], row["spc_points"]) == ("11", "6")
    assert _row(rows, "3.6")["on_track"] == "true"
    empty = _row(rows, "1/2.1")
    assert (empty["target"], empty["on_track"], empty["progress_percent"]) == ("", "", "")


def test_out_writes_the_same_table_to_a_file(
    loaded_store: Path, tmp_path: Path, as_json: list[dict]
) -> None:
    out = tmp_path / "assessment.json"
    result = _assess(
        loaded_store,
        *("--plan", PLAN_ID, "--period", "2024-09", "--format", "json", "--out", str(out)),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert json.loads(out.read_text(encoding="utf-8")) == as_json


def test_an_earlier_period_ignores_later_figures(loaded_store: Path) -> None:
    result = _assess(loaded_store, "--plan", PLAN_ID, "--period", "2024-06", "--format", "json")
    assert result.returncode == 0, result.stderr
    row = _row(json.loads(result.stdout), "3.1")
    # 8.4 + 40.6 × 3/12 = 18.55 → 18.6
    assert (row["figure_period"], row["value"], row["trajectory_value"]) == ("2024-06", 10.1, 18.6)
    assert row["previous_period"] == "2024-05"


def _fails_cleanly(result: subprocess.CompletedProcess[str], *words: str) -> None:
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr + result.stdout
    assert result.stdout == ""
    for word in words:
        assert word in result.stderr, (word, result.stderr)


@pytest.mark.parametrize(
    ("args", "words"),
    [
        pytest.param(
            ("--plan", "nope", "--period", "2024-09", "--format", "json"),
            ['no plan "nope"', PLAN_ID],
            id="unknown-plan",
        ),
        pytest.param(
            ("--plan", PLAN_ID, "--period", "Sept 24", "--format", "json"),
            ["--period", '"Sept 24"', "YYYY-MM"],
            id="period-text",
        ),
        pytest.param(
            ("--plan", PLAN_ID, "--period", "2024-13", "--format", "csv"),
            ["--period", "01 to 12"],
            id="month-13",
        ),
        pytest.param(
            ("--plan", PLAN_ID, "--period", "2024-03", "--format", "json"),
            ["--period", "2024-03 is outside", "2024-04", "2027-03"],
            id="before-the-plan",
        ),
        pytest.param(
            ("--plan", PLAN_ID, "--period", "2027-04", "--format", "csv"),
            ["2027-04 is outside", PLAN_ID],
            id="after-the-plan",
        ),
        pytest.param(
            ("--plan", PLAN_ID, "--period", "2024-09", "--format", "xml"),
            ["'--format'", "xml"],
            id="unsupported-format",
        ),
        pytest.param(
            ("--plan", PLAN_ID, "--period", "2024-09"),
            ["Missing option '--format'"],
            id="no-format",
        ),
        pytest.param(
            ("--plan", PLAN_ID, "--format", "json"),
            ["Missing option '--period'"],
            id="no-period",
        ),
    ],
)
def test_bad_input_fails_cleanly(
    loaded_store: Path, tmp_path: Path, args: tuple[str, ...], words: list[str]
) -> None:
    out = tmp_path / "out.json"
    _fails_cleanly(_assess(loaded_store, *args), *words)
    _fails_cleanly(_assess(loaded_store, *args, "--out", str(out)), *words)
    assert not out.exists()


def test_an_empty_store_says_how_to_load_a_plan(tmp_path: Path) -> None:
    result = _assess(tmp_path, "--plan", PLAN_ID, "--period", "2024-09", "--format", "json")
    _fails_cleanly(result, f'no plan "{PLAN_ID}"', "scorecard plan load")
