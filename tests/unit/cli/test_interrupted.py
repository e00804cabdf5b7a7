"""Ctrl+C ends a command with "Stopped." and exit status 130 (docs/cli.md), and the command
leaves nothing half written."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path


def test_an_interrupted_command_says_stopped_and_exits_130(tmp_path: Path) -> None:
    out = tmp_path / "extracts"
    environment = {**os.environ, "SCORECARD_DATA_DIR": str(tmp_path / "data")}
    command = [sys.executable, "-m", "scorecard.cli.main", "synth", "--scale", "national"]
    running = subprocess.Popen(
        [*command, "--months", "120", "--seed", "1", "--out", str(out)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=environment,
    )
    time.sleep(3)  # started, and writing (a national run of 120 months takes half a minute)
    running.send_signal(signal.SIGINT)
    _, stderr = running.communicate(timeout=60)
    assert running.returncode == 130, stderr
    assert stderr.strip().endswith("Stopped.")
    assert "Traceback" not in stderr
    assert not [p for p in out.rglob("*") if p.is_file()]
