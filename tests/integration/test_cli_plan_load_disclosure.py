"""`scorecard plan load` names a plan version that weakens a metric's disclosure policy: the
figures already recorded keep the old policy in public (docs/disclosure.md)."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import BUNDLED_PLAN
from tests.integration.cli_helpers import run_scorecard


def _set_policy(plan: Path, metric_id: str, old: str, new: str) -> None:
    """Change the `disclosure` line of one metric in metrics.yaml."""
    metrics = plan / "metrics.yaml"
    text = metrics.read_text()
    start = text.index(f'- id: "{metric_id}"\n')
    line = f"  disclosure: {old}\n"
    at = text.index(line, start)
    metrics.write_text(text[:at] + f"  disclosure: {new}\n" + text[at + len(line) :])


def test_loading_a_weaker_policy_warns_and_a_stricter_one_does_not(
    tmp_path: Path, plan_copy: Path
) -> None:
    store = tmp_path / "store"
    first = run_scorecard("plan", "load", str(BUNDLED_PLAN), data_dir=store)
    assert first.returncode == 0, first.stderr
    _set_policy(plan_copy, "5.6", "dfe_exclusions", "none")
    weaker = run_scorecard("plan", "load", str(plan_copy), data_dir=store)
    assert weaker.returncode == 0, weaker.stderr
    assert "version 2 (new version)" in weaker.stdout
    assert (
        "warning: metric 5.6, disclosure: dfe_exclusions is changed to none, which shows some "
        "figures that dfe_exclusions withholds or rounds. The figures already recorded keep "
        "dfe_exclusions in every public output" in " ".join(weaker.stderr.split())
    )
    _set_policy(plan_copy, "5.6", "none", "dfe_exclusions")
    stricter = run_scorecard("plan", "load", str(plan_copy), data_dir=store)
    assert stricter.returncode == 0, stricter.stderr
    assert "version 3 (new version)" in stricter.stdout
    assert "disclosure" not in stricter.stderr
