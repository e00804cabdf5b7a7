"""`scorecard returns` in a real process against a store loaded with the bundled plan: the
columns, due dates counted by hand, the state of each return, and bad input."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tests.integration.cli_helpers import run_scorecard

pytestmark = pytest.mark.slow

PLAN_ID = "west-sussex-2024-27"
COLUMNS = [
    "plan_id",
    "metric_id",
    "kpi",
    "period",
    "due_date",
    "state",
    "reason",
    "organisation_id",
    "organisation",
    "team",
    "data_owner",
    "accountable_lead",
]


@pytest.fixture(scope="module")
def loaded_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.conftest import BUNDLED_PLAN

    data = tmp_path_factory.mktemp("returns")
    result = run_scorecard("plan", "load", str(BUNDLED_PLAN), data_dir=data)
    assert result.returncode == 0, result.stderr
    return data


@pytest.fixture(scope="module")
def rows(loaded_store: Path) -> list[dict[str, str]]:
    result = run_scorecard(
        "returns",
        "--plan",
        PLAN_ID,
        "--from",
        "2024-09",
        "--to",
        "2024-10",
        "--today",
        "2024-11-20",
        "--format",
        "csv",
        data_dir=loaded_store,
    )
    assert result.returncode == 0, result.stderr
    reader = csv.DictReader(io.StringIO(result.stdout))
    found = list(reader)
    assert reader.fieldnames == COLUMNS
    return found


def _row(rows: list[dict[str, str]], metric_id: str, period: str) -> dict[str, str]:
    (found,) = [r for r in rows if (r["metric_id"], r["period"]) == (metric_id, period)]
    return found


def test_published_months_are_in_and_later_ones_overdue(rows: list[dict[str, str]]) -> None:
    september = _row(rows, "3.1", "2024-09")
    # September 2024 ends on a Monday; ten working days on is Monday 14 October.
    assert (september["due_date"], september["state"]) == ("2024-10-14", "approved")
    october = _row(rows, "3.1", "2024-10")
    # October ends on a Thursday: 1, 4, 5, 6, 7, 8, 11, 12, 13, 14 November.
    assert (october["due_date"], october["state"]) == ("2024-11-14", "overdue")
    assert october["reason"] == (
        "October 2024's figures were due by Thursday 14 November 2024: 6 days overdue"
    )


def test_a_month_published_as_not_available_says_so(rows: list[dict[str, str]]) -> None:
    assert _row(rows, "4.3", "2024-09")["reason"].endswith('as not available ("-")')


def test_each_schedule_and_owner(rows: list[dict[str, str]]) -> None:
    assert {r["period"] for r in rows if r["metric_id"] == "5.6"} == {"2024-09"}
    assert not [r for r in rows if r["metric_id"] in ("4.1", "4.5", "3.6")]
    owner = _row(rows, "1/2.4", "2024-10")
    assert owner["organisation_id"] == "spft"
    assert owner["organisation"] == "Sussex Partnership NHS Foundation Trust"
    assert owner["data_owner"] == "CAMHS performance lead"


def test_json_matches_csv(loaded_store: Path, rows: list[dict[str, str]]) -> None:
    result = run_scorecard(
        "returns",
        "--plan",
        PLAN_ID,
        "--from",
        "2024-09",
        "--to",
        "2024-10",
        "--today",
        "2024-11-20",
        "--format",
        "json",
        data_dir=loaded_store,
    )
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert [(r["metric_id"], r["period"], r["state"]) for r in found] == [
        (r["metric_id"], r["period"], r["state"]) for r in rows
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--plan", "nope"), 'no plan "nope"'),
        (("--plan", PLAN_ID, "--today", "20/11/2024"), '--today: "20/11/2024" is not a date'),
        (("--plan", PLAN_ID, "--from", "2024-13"), "--from:"),
        (("--plan", PLAN_ID, "--from", "2024-10", "--to", "2024-09"), "--from 2024-10 is after"),
        (("--plan", PLAN_ID, "--from", "2025-01", "--to", "2024-01"), "--from 2025-01 is after"),
        (("--plan", PLAN_ID, "--from", "2030-01"), "--from: 2030-01 is outside plan west-sussex"),
        (("--plan", PLAN_ID, "--from", "1999-01"), "--from: 1999-01 is outside plan west-sussex"),
        (("--plan", PLAN_ID, "--to", "2099-01"), "--to: 2099-01 is outside plan west-sussex"),
    ],
)
def test_bad_input(loaded_store: Path, args: tuple[str, ...], message: str) -> None:
    result = run_scorecard("returns", *args, "--format", "csv", data_dir=loaded_store)
    assert result.returncode == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
