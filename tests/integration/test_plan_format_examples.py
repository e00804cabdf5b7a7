"""docs/plan-format.md's plan.yaml and metrics.yaml examples, copied as they stand into a new
plan folder, are a valid plan: what an analyst at another local area starts from."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import ROOT
from tests.integration.cli_helpers import run_scorecard


def _examples() -> list[str]:
    page = (ROOT / "docs" / "plan-format.md").read_text(encoding="utf-8")
    return re.findall(r"```yaml\n(.*?)```", page, re.S)


def test_the_plan_format_examples_validate_as_written(tmp_path: Path) -> None:
    plan_yaml, metrics_yaml = _examples()[:2]
    folder = tmp_path / "my-area"
    folder.mkdir()
    (folder / "plan.yaml").write_text(plan_yaml, encoding="utf-8")
    (folder / "metrics.yaml").write_text(metrics_yaml, encoding="utf-8")
    (folder / "figures.csv").write_text(
        "metric_id,component,period,status,value\n3.1,,2025-05,value,10.2\n", encoding="utf-8"
    )
    result = run_scorecard("plan", "validate", str(folder), data_dir=tmp_path / "store")
    assert result.stderr == ""
    assert result.returncode == 0
    # one metric and one figure are counted in the singular
    summary = "Plan my-area-2025-28: 1 metric, 1 recorded figure; 0 errors, 0 warnings.\n"
    assert result.stdout == summary
