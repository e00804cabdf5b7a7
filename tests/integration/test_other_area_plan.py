"""Another local area's plan files (tests/fixtures/other-area) through `scorecard plan
validate`: mistakes in its files are named by file, line, metric and field."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import ROOT
from tests.integration.cli_helpers import run_scorecard

FIXTURE = ROOT / "tests" / "fixtures" / "other-area"


def _copy(tmp_path: Path, extra_figures: str) -> Path:
    folder = tmp_path / "plan"
    shutil.copytree(FIXTURE, folder)
    with (folder / "figures.csv").open("a", encoding="utf-8") as figures:
        figures.write(extra_figures)
    return folder


def test_the_plan_is_valid_as_it_stands(tmp_path: Path) -> None:
    result = run_scorecard("plan", "validate", str(FIXTURE), data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Plan dyffryn-gwyr-2025-27: 4 metrics, 9 recorded figures; 0 errors" in result.stdout


def test_a_count_in_the_figures_is_a_whole_number(tmp_path: Path) -> None:
    """As on the returns form: D3 counts appeals, so 1.5 is a slip."""
    folder = _copy(tmp_path, "D3,,2025-11,value,1.5\nD3,,2025-12,value,2.0\n")
    result = run_scorecard("plan", "validate", str(folder), data_dir=tmp_path)
    assert result.returncode == 1
    assert (
        "figures.csv:11: error: metric D3, value: 1.5 is not a whole number, as a count must be"
        in result.stderr
    )
    assert "figures.csv:12" not in result.stderr  # 2.0 is written with a decimal, but whole
