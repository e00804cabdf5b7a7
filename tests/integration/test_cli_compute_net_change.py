"""`scorecard compute` for a recipe of net changes (places_created): a window that removed more
places than it created gives a figure below zero, stored for a metric with negative: allowed
(4.1) and refused, with nothing stored or written, for one without."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from tests.conftest import BUNDLED_PLAN
from tests.integration.cli_helpers import computed_rows, load_plan, run_scorecard

PLAN_ID = "west-sussex-2024-27"
# June 2025 covers April to June 2025: SSC places +2 -2 (0), special school places -1.
PLACES = """la_code,change_id,provision_type,places_created,available_date
938,C1,SSC,2,2025-04-10
938,C2,SSC,-2,2025-05-01
938,C3,SPECIAL_SCHOOL,-1,2025-06-30
"""


@pytest.fixture
def extracts(tmp_path: Path) -> Path:
    folder = tmp_path / "extracts"
    folder.mkdir()
    (folder / "specialist_places.csv").write_text(PLACES)
    return folder


def _compute(store: Path, extracts: Path, *more: str):
    args = ["compute", str(extracts), "--plan", PLAN_ID, "--metric", "4.1"]
    return run_scorecard(*args, "--from", "2025-06", "--to", "2025-06", *more, data_dir=store)


def test_a_net_loss_of_places_is_stored_below_zero(tmp_path: Path, extracts: Path) -> None:
    load_plan(BUNDLED_PLAN, tmp_path)
    result = _compute(tmp_path, extracts)
    assert result.returncode == 0, result.stderr
    exported = run_scorecard(
        "figures", "export", "--plan", PLAN_ID, "--format", "csv", data_dir=tmp_path
    )
    rows = list(csv.DictReader(io.StringIO(exported.stdout)))
    june = {
        r["component"]: r["value"]
        for r in rows
        if (r["metric_id"], r["period"]) == ("4.1", "2025-06")
    }
    assert june == {"ssc": "0", "special_school": "-1"}


def test_a_metric_without_negative_allowed_refuses_it(tmp_path: Path, extracts: Path) -> None:
    plan = tmp_path / "plan"
    text = (BUNDLED_PLAN / "metrics.yaml").read_text()
    plan.mkdir()
    for name in ("plan.yaml", "figures.csv"):
        (plan / name).write_text((BUNDLED_PLAN / name).read_text())
    (plan / "metrics.yaml").write_text(text.replace("  negative: allowed", "  # net changes"))
    store = tmp_path / "store"
    load_plan(plan, store)
    before = computed_rows(store)
    out = tmp_path / "computed.csv"
    for more in ((), ("--out", str(out))):
        result = _compute(store, extracts, *more)
        assert result.returncode == 1 and "Traceback" not in result.stderr
        assert "1 computed figure below zero" in result.stderr
        assert "metric 4.1 special_school, June 2025 (938): -1" in result.stderr
        assert "add negative: allowed to the metric in metrics.yaml" in result.stderr
    assert computed_rows(store) == before
    assert not out.exists()
