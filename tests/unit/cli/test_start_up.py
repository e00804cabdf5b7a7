"""The command line starts without loading the computation engines or the synthetic-data
generator: every command (`plan validate`, `figures export`, `--help`) would wait for them."""

from __future__ import annotations

import subprocess
import sys

from scorecard.cli.compute import ENGINES
from scorecard.compute.engines import Engine

HEAVY = ("ibis", "duckdb", "pyspark", "pyarrow", "numpy", "pandas")


def test_starting_the_command_line_loads_no_engine() -> None:
    probe = (
        "import sys; import scorecard.cli.main; "
        f"print(' '.join(m for m in {HEAVY!r} if m in sys.modules))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout.split()
    assert loaded == []


def test_the_engines_offered_are_the_engines() -> None:
    assert tuple(e.value for e in Engine) == ENGINES
    assert ENGINES[0] == Engine.DUCKDB
