"""Running the real `scorecard` command in a separate process against a fresh store."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path


def run_scorecard(
    *args: str, data_dir: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    environment = {
        **os.environ,
        "SCORECARD_DATA_DIR": str(data_dir),
        "SCORECARD_DATABASE_URL": "",
        **(env or {}),
    }
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(
        [sys.executable, "-m", "scorecard.cli.main", *args],
        stdin=subprocess.DEVNULL,  # no terminal, as from a script: nothing waits for typing
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
        check=False,
    )


def computed_rows(store: Path) -> tuple[object, ...]:
    """Everything computing could write to the store in `store`: figures, their history and
    computation runs (to show that a refused computation wrote nothing)."""
    with sqlite3.connect(store / "scorecard.sqlite3") as db:
        return tuple(
            db.execute(f"SELECT * FROM {table} ORDER BY id").fetchall()
            for table in ("figures_figure", "figures_figurechange", "computations_computationrun")
        )


def load_plan(plan: Path, store: Path) -> Path:
    """`scorecard plan load PLAN` into the store in `store`, which must succeed; `store`."""
    result = run_scorecard("plan", "load", str(plan), data_dir=store)
    assert result.returncode == 0, result.stderr
    return store
