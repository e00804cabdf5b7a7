"""The exports reproduce the published West Sussex scorecard cell for cell.

The expected values come from tests/fixtures/published_seed.py, transcribed by hand from the
published document independently of the plan files.
"""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest

from tests.conftest import BUNDLED_PLAN
from tests.fixtures import published_seed as seed
from tests.integration.cli_helpers import run_scorecard

PLAN_ID = "west-sussex-2024-27"
SYMBOL_STATUS = {"/": "not_due", "-": "not_available"}


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Load the bundled plan with the real command, then export plan and figures both ways."""
    data = tmp_path_factory.mktemp("store")
    loaded = run_scorecard("plan", "load", str(BUNDLED_PLAN), data_dir=data)
    assert loaded.returncode == 0, loaded.stderr
    out = {}
    for what in ("plan", "figures"):
        for fmt in ("csv", "json"):
            result = run_scorecard(
                what, "export", "--plan", PLAN_ID, "--format", fmt, data_dir=data
            )
            assert result.returncode == 0, result.stderr
            out[f"{what}.{fmt}"] = result.stdout
    return out


def _csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def _published_cells(rows: list[dict[str, str]]) -> dict[tuple[str, str], tuple[str, ...]]:
    cells: dict[tuple[str, str], dict[str, str]] = {}
    for row in rows:
        if row["period"] in seed.MONTHS:
            status = row["status"]
            shown = (
                row["value"]
                if status == "value"
                else {"not_due": "/", "not_available": "-"}[status]
            )
            cells.setdefault((row["metric_id"], row["component"]), {})[row["period"]] = shown
    return {key: tuple(by_month[m] for m in seed.MONTHS) for key, by_month in cells.items()}


def test_every_published_cell_is_exported_exactly(exports: dict[str, str]) -> None:
    rows = _csv(exports["figures.csv"])
    assert _published_cells(rows) == seed.CELLS
    assert len(rows) == len(seed.CELLS) * len(seed.MONTHS)
    assert {r["plan_id"] for r in rows} == {PLAN_ID}


def test_json_export_carries_the_same_cells_as_numbers(exports: dict[str, str]) -> None:
    records = json.loads(exports["figures.json"])
    as_text = [
        {**r, "value": "" if r["value"] is None else str(r["value"]), "component": r["component"]}
        for r in records
    ]
    assert _published_cells(as_text) == seed.CELLS
    values = [r["value"] for r in records if r["status"] == "value"]
    assert all(isinstance(v, int | float) for v in values)
    assert all(r["value"] is None for r in records if r["status"] != "value")


def test_every_baseline_matches_the_published_one(exports: dict[str, str]) -> None:
    rows = {(r["metric_id"], r["component"]): r for r in _csv(exports["plan.csv"])}
    assert set(rows) == set(seed.BASELINES)
    for key, (value, label) in seed.BASELINES.items():
        row = rows[key]
        assert row["baseline_value"] == (value or ""), key
        assert row["baseline_label"] == (label or "March 24"), key


def test_every_target_matches_the_published_one(exports: dict[str, str]) -> None:
    rows = {(r["metric_id"], r["component"]): r for r in _csv(exports["plan.csv"])}
    for key, target in seed.TARGETS_2024_25.items():
        row = rows[key]
        assert row["target_2024_25"] == (target or ""), key
        assert row["target_2024_25_state"] == ("set" if target else "no_target"), key
        assert row["target_2025_26"] == "" and row["target_2025_26_state"] == "not_set"
        assert row["target_2026_27"] == "" and row["target_2026_27_state"] == "not_set"


def test_json_plan_export_matches_csv(exports: dict[str, str]) -> None:
    records = json.loads(exports["plan.json"])
    rows = _csv(exports["plan.csv"])
    assert [(r["metric_id"], r["component"]) for r in records] == [
        (r["metric_id"], r["component"]) for r in rows
    ]
    by_key = {(r["metric_id"], r["component"]): r for r in records}
    assert by_key[("3.2", "")]["baseline_value"] == 44.35
    assert by_key[("4.1", "special_school")]["baseline_value"] == 1565
    assert by_key[("1/2.1", "")]["target_2024_25"] is None


def test_units_frequencies_titles_and_links_match(exports: dict[str, str]) -> None:
    rows = _csv(exports["plan.csv"])
    first = {r["metric_id"]: r for r in rows}
    assert {m: r["unit_label"] for m, r in first.items()} == seed.UNIT_LABELS
    assert {m: r["frequency"] for m, r in first.items()} == seed.FREQUENCIES
    assert {m: r["kpi"] for m, r in first.items()} == seed.KPI_TITLES


def test_areas_and_working_groups_match(bundled_plan: Path) -> None:
    from scorecard.planfiles.reader import read_plan

    plan = read_plan(bundled_plan).plan
    assert plan is not None
    assert {a.id: a.working_groups for a in plan.areas} == seed.AREA_GROUPS
    assert [g.id for g in plan.working_groups] == [1, 2, 3, 4, 5, 6]
    shared = [m.id for m in plan.metrics if m.areas == (1, 2)]
    assert shared == ["1/2.1", "1/2.2", "1/2.3", "1/2.4"]


def test_net_changes_and_the_local_authority(exports: dict[str, str]) -> None:
    """The last columns: only a net change may go below zero, and every row names the plan's
    authority, West Sussex's DfE code."""
    rows = _csv(exports["plan.csv"])
    assert list(rows[0])[-2:] == ["negative", "la_code"]
    allowed = {r["metric_id"] for r in rows if r["negative"] == "allowed"}
    assert allowed == {"4.1"}
    assert {r["negative"] for r in rows if r["metric_id"] != "4.1"} == {"not_allowed"}
    assert {r["la_code"] for r in rows} == {"938"}
    assert {r["la_code"] for r in json.loads(exports["plan.json"])} == {"938"}


def test_declared_polarities(exports: dict[str, str]) -> None:
    """Declared from the titles and targets (domain brief), including the 1/2.1 trap."""
    polarity = {r["metric_id"]: r["polarity"] for r in _csv(exports["plan.csv"])}
    lower = {"1/2.1", "1/2.2", "1/2.3", "3.2", "4.3", "4.4", "4.5", "4.6", "5.1", "5.2", "5.3"}
    assert {m for m, p in polarity.items() if p == "lower_is_better"} == lower
    assert {m for m, p in polarity.items() if p == "higher_is_better"} == set(polarity) - lower


def test_values_are_exact_decimals_not_floats(exports: dict[str, str]) -> None:
    rows = _csv(exports["figures.csv"])
    values = [Decimal(r["value"]) for r in rows if r["status"] == "value"]
    assert Decimal("45.46") in values and Decimal("41.71") in values
    assert not any("e" in r["value"].lower() or r["value"].endswith(".0") for r in rows)
