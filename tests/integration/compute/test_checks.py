"""Dates stored as timestamps, checked by `scorecard extracts check` in a real process: the
same answer in every time zone the machine may be set to, and a refusal that says why."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from tests.integration.cli_helpers import run_scorecard

# Kiritimati is 14 hours ahead of UTC, Los Angeles 7 hours behind it in summer: a date read
# through the machine's time zone would move a day one way or the other.
ZONES = ("UTC", "Pacific/Kiritimati", "America/Los_Angeles", "Europe/London")
DAYS = [dt.date(2024, 5, 1), dt.date(2024, 6, 30), dt.date(2024, 12, 31)]


def _placements(folder: Path, column: pa.Array) -> Path:
    """ehcp_placements with its snapshot dates as `column`, a date of birth as a date."""
    folder.mkdir()
    table = pa.table(
        {
            "la_code": ["938"] * len(DAYS),
            "snapshot_date": column,
            "person_id": ["P1", "P2", "P3"],
            "date_of_birth": pa.array([dt.date(2012, 3, 4)] * len(DAYS), pa.date32()),
            "setting_type": ["MAINSTREAM"] * len(DAYS),
        }
    )
    pq.write_table(table, folder / "ehcp_placements.parquet")
    return folder


def _check(folder: Path, zone: str, store: Path) -> tuple[int, str, str]:
    result = run_scorecard("extracts", "check", str(folder), data_dir=store, env={"TZ": zone})
    return result.returncode, result.stdout, result.stderr


def test_midnight_timestamps_without_a_zone_are_the_dates_in_every_time_zone(
    tmp_path: Path,
) -> None:
    naive = pa.array([dt.datetime.combine(d, dt.time()) for d in DAYS], pa.timestamp("us"))
    folder = _placements(tmp_path / "extracts", naive)
    answers = {_check(folder, zone, tmp_path) for zone in ZONES}
    assert len(answers) == 1
    status, said, _ = answers.pop()
    assert status == 0 and "3 rows" in said


@pytest.mark.parametrize(
    "column",
    [
        # midnight in London, which in summer is 23:00 the day before in UTC
        pa.array(
            [dt.datetime.combine(d, dt.time(), ZoneInfo("Europe/London")) for d in DAYS],
            pa.timestamp("us", tz="Europe/London"),
        ),
        pa.array(
            [dt.datetime.combine(d, dt.time(), dt.UTC) for d in DAYS],
            pa.timestamp("us", tz="UTC"),
        ),
        pa.array([dt.datetime.combine(d, dt.time(9, 30)) for d in DAYS], pa.timestamp("ms")),
    ],
    ids=["zone London", "zone UTC", "time of day"],
)
def test_timestamps_with_a_time_or_zone_are_refused_saying_why_in_every_time_zone(
    tmp_path: Path, column: pa.Array
) -> None:
    folder = _placements(tmp_path / "extracts", column)
    answers = {_check(folder, zone, tmp_path) for zone in ZONES}
    assert len(answers) == 1, answers
    status, _, said = answers.pop()
    assert status == 1
    assert "ehcp_placements.parquet: column snapshot_date holds values that are not dates" in said
    assert "3 of them are dates with a time of day or a time zone" in said
    assert "give the date alone (YYYY-MM-DD, or a Parquet date)" in said
    assert "date_of_birth" not in said
    # no record contents: neither the dates nor the times
    assert "2024" not in said and "09:30" not in said
