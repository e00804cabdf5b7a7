"""`scorecard plan load` of a plan version that leaves returns behind (a metric taken out, a
month taken out of a schedule, the plan's end moved, components changed) while they are open
or approved: the version is stored (exit 0), each return is named with its state and what
becomes of it, and nothing of the returns or their figures is deleted. Real store, real
processes (docs/plan-format.md, "Loading a new version")."""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import BUNDLED_PLAN, ROOT
from tests.integration.cli_helpers import load_plan, run_scorecard

pytestmark = pytest.mark.slow

RETURNS = [
    {"metric": "3.1", "period": "2024-10", "figures": {"": "14.2"}, "to": "submitted"},
    {"metric": "3.3", "period": "2024-10", "figures": {"": "20"}, "to": "draft"},
    {"metric": "3.4", "period": "2024-10", "figures": {"": "20"}, "to": "approved"},
    {"metric": "4.1", "period": "2025-06", "figures": {"ssc": "5", "special_school": "3"},
     "to": "submitted"},
    {"metric": "4.2", "period": "2025-06", "figures": {"": "40"}, "to": "approved"},
]  # fmt: skip


def _enter_returns(store: Path, returns: list[dict[str, object]]) -> None:
    """The returns entered, submitted and approved through the returns services, in a process
    of their own."""
    done = subprocess.run(
        [sys.executable, "-m", "tests.integration.returns_in_store", json.dumps(returns)],
        capture_output=True, text=True, cwd=ROOT, timeout=120, check=False,
        env={**_env(store)},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr


def _env(store: Path) -> dict[str, str]:
    import os

    environment = {**os.environ, "SCORECARD_DATA_DIR": str(store), "SCORECARD_DATABASE_URL": ""}
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    return environment


def _edit(
    plan: Path,
    *,
    remove: tuple[str, ...] = (),
    schedule: dict[str, str] | None = None,
    rename: dict[str, tuple[str, str]] | None = None,
    end: str | None = None,
) -> None:
    """Take metrics out (and their rows of figures.csv), give metrics a schedule, rename a
    component (in figures.csv too), or move the plan's end."""
    metrics = plan / "metrics.yaml"
    blocks = re.split(r'(?m)^(?=- id: ")', metrics.read_text())
    kept = []
    for block in blocks:
        found = re.match(r'- id: "([^"]+)"', block)
        metric_id = found.group(1) if found else ""
        if metric_id in remove:
            continue
        if metric_id in (schedule or {}):
            block = re.sub(r"(?m)^  schedule: .*\n", "", block)
            block = re.sub(
                r"(?m)^(  frequency: .*\n)", rf"\g<1>  schedule: {schedule[metric_id]}\n", block
            )  # type: ignore[index]
        for old, new in [(o, n) for m, (o, n) in (rename or {}).items() if m == metric_id]:
            block = block.replace(f"- id: {old}\n", f"- id: {new}\n")
        kept.append(block)
    metrics.write_text("".join(kept))
    figures = plan / "figures.csv"
    lines = figures.read_text().splitlines(keepends=True)
    rows = [line for line in lines if line.split(",")[0] not in remove]
    for metric_id, (old, new) in (rename or {}).items():
        rows = [line.replace(f"{metric_id},{old},", f"{metric_id},{new},") for line in rows]
    figures.write_text("".join(rows))
    if end is not None:
        text = (plan / "plan.yaml").read_text()
        (plan / "plan.yaml").write_text(re.sub(r"(?m)^end: .*$", f"end: {end}", text))


def _kept(store: Path) -> tuple[object, ...]:
    """Every return, its figures and history, and the figures store's submitted figures."""
    with sqlite3.connect(store / "scorecard.sqlite3") as db:
        return (
            db.execute(
                "SELECT id, metric_id, period, state, version, commentary FROM returns_return "
                "ORDER BY id"
            ).fetchall(),
            db.execute("SELECT * FROM returns_returnfigure ORDER BY id").fetchall(),
            db.execute("SELECT * FROM returns_returnevent ORDER BY id").fetchall(),
            db.execute(
                "SELECT metric_id, component, period, value FROM figures_figure "
                "WHERE origin = 'submitted' ORDER BY id"
            ).fetchall(),
        )


def _words(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def store(tmp_path: Path) -> Path:
    found = load_plan(BUNDLED_PLAN, tmp_path / "store")
    _enter_returns(found, RETURNS)
    return found


def test_a_version_leaving_returns_behind_is_loaded_and_names_each(
    store: Path, plan_copy: Path
) -> None:
    _edit(
        plan_copy,
        remove=("3.1", "3.4"),
        schedule={"3.3": "[April, May, June, July, August, September]"},
        rename={"4.1": ("special_school", "special")},
    )
    before = _kept(store)
    result = run_scorecard("plan", "load", str(plan_copy), data_dir=store)
    assert result.returncode == 0, result.stderr
    assert "version 2 (new version)" in result.stdout
    said = _words(result.stderr)
    assert (
        "warning: metric 3.1, October 2024: its return is submitted, but the plan no longer "
        "has metric 3.1. The return is kept as it stands, with its figures, commentary and "
        "history; but it leaves the returns list, its page is not found, and it can no longer "
        "be changed, submitted, approved or returned, nor does it hold back the month's "
        "release." in said
    )
    assert (
        "warning: metric 3.3, October 2024: its return is draft, but metric 3.3 is no longer "
        "due in October 2024." in said
    )
    assert (
        "warning: metric 3.4, October 2024: its return is approved, but the plan no longer has "
        "metric 3.4. The return is kept as it stands, with its figures, commentary and history, "
        "and its approved figures stay in the figures store; but the scorecard and the releases "
        "no longer show them and the return is not marked published." in said
    )
    assert (
        "warning: metric 4.1, June 2025: its return is submitted, but its figures name "
        "component special_school, which metric 4.1 no longer has, and component special has "
        "no figure in it. The return is kept with its figures, commentary and history, but it "
        "cannot be approved as it stands: an approver returns it to its data owner to enter "
        "the figures again." in said
    )
    assert "4.2" not in said  # its return still fits the plan
    assert "leaves 4 returns behind (listed above); nothing of them was deleted" in said
    assert _kept(store) == before  # nothing of the returns, their history or figures is lost
    again = run_scorecard("plan", "load", str(plan_copy), data_dir=store)
    assert again.returncode == 0, again.stderr
    assert "already up to date" in again.stdout
    assert "warning" not in again.stderr  # said once, when the version is made


def test_moving_the_end_before_a_month_with_returns_names_them(
    store: Path, plan_copy: Path
) -> None:
    _edit(plan_copy, end="2025-05")
    before = _kept(store)
    result = run_scorecard("plan", "load", str(plan_copy), data_dir=store)
    assert result.returncode == 0, result.stderr
    said = _words(result.stderr)
    for metric_id, state in (("4.1", "submitted"), ("4.2", "approved")):
        assert (
            f"warning: metric {metric_id}, June 2025: its return is {state}, but the plan now "
            "runs from April 2024 to May 2025, without June 2025." in said
        )
    assert "October 2024" not in said
    assert "leaves 2 returns behind" in said
    assert _kept(store) == before


def test_a_version_that_leaves_no_return_behind_warns_of_none(store: Path, plan_copy: Path) -> None:
    _edit(plan_copy, remove=("5.6",))  # no return of 5.6 is entered
    result = run_scorecard("plan", "load", str(plan_copy), data_dir=store)
    assert result.returncode == 0, result.stderr
    assert "version 2 (new version)" in result.stdout
    assert "return" not in result.stderr


def test_a_return_left_behind_no_longer_holds_back_the_release(
    store: Path, plan_copy: Path
) -> None:
    """Before, a draft return of a month taken out of 3.3's schedule blocked the October 2024
    release for good: its page is not found, so no one could approve it."""
    _edit(plan_copy, schedule={"3.3": "[April, May, June, July, August, September]"})
    assert run_scorecard("plan", "load", str(plan_copy), data_dir=store).returncode == 0
    checked = run_scorecard(
        "publish", "--plan", "west-sussex-2024-27", "--period", "2024-10",
        "--out", str(store / "out"), "--date", "2024-11-29", data_dir=store,
    )  # fmt: skip
    said = _words(checked.stdout + checked.stderr)
    assert checked.returncode == 1, said  # other figures of October are still missing
    assert "metric 3.1, period: the October 2024 return is submitted, not approved" in said
    assert "metric 3.3," not in said
