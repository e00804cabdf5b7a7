"""The bundled synthetic plan is exactly what tools/build_synthetic_plan.py builds: synthetic
extracts, then every recipe, end to end."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from scorecard.planfiles.reader import read_plan

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = ROOT / "plans" / "west-sussex-2024-27-synthetic"


def _builder():
    spec = importlib.util.spec_from_file_location(
        "build", ROOT / "tools" / "build_synthetic_plan.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_committed_synthetic_plan_is_rebuilt_exactly(tmp_path: Path) -> None:
    _builder().build(tmp_path)
    for name in ("plan.yaml", "metrics.yaml", "figures.csv"):
        assert (tmp_path / name).read_text() == (BUNDLED / name).read_text(), (
            f"plans/west-sussex-2024-27-synthetic/{name} is stale: run `make synthetic-plan`"
        )


def test_the_synthetic_plan_is_valid_labelled_and_has_36_months() -> None:
    reading = read_plan(BUNDLED)
    assert reading.ok and not reading.warnings
    plan = reading.plan
    assert plan is not None
    assert "synthetic" in plan.title and plan.notice and "made-up records" in plan.notice
    months = {f.period for f in reading.figures if f.metric_id == "3.1"}
    assert len(months) == 36
    values = [f.value for f in reading.figures if f.metric_id == "3.1" and f.value is not None]
    assert len(values) == 36 and all(5 <= v <= 20 for v in values)
