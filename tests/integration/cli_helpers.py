"""Running the real `scorecard` command in a separate process against a fresh store."""

from __future__ import annotations

import os
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
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
        check=False,
    )
