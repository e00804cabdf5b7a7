"""Where local Spark writes its own files (the rows it shuffles between steps), seen from a real
process: in a folder only its account can read, under SCORECARD_SPARK_WORKDIR or TMPDIR, never
among Java's temporary files in /tmp, and gone when the process ends."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

# Starts the session as `scorecard compute --engine spark` does, shuffles some rows, and
# prints where Spark keeps its files and which of them hold shuffled rows.
SHUFFLE = """
from pathlib import Path
from scorecard.compute.engines import spark_session
session = spark_session()
rows = session.range(0, 5000).selectExpr("id % 7 AS k", "id AS v").groupBy("k").count()
assert rows.count() == 7
jvm = session.sparkContext._jvm
print(session.conf.get("spark.local.dir"))
print(jvm.java.lang.System.getProperty("java.io.tmpdir"))
print(sum(1 for p in Path(session.conf.get("spark.local.dir")).rglob("shuffle_*.data")))
"""


@pytest.mark.spark
@pytest.mark.parametrize("workdir", [False, True], ids=["TMPDIR", "SCORECARD_SPARK_WORKDIR"])
def test_local_spark_keeps_its_files_in_a_private_folder_removed_at_exit(
    tmp_path: Path, workdir: bool
) -> None:
    temporary, work = tmp_path / "temporary files", tmp_path / "work"
    temporary.mkdir()
    work.mkdir()
    environment = {**os.environ, "TMPDIR": str(temporary)}
    environment.pop("SCORECARD_SPARK_MASTER", None)
    environment.pop("SCORECARD_SPARK_WORKDIR", None)
    if workdir:
        environment["SCORECARD_SPARK_WORKDIR"] = str(work)
    result = subprocess.run(
        [sys.executable, "-c", SHUFFLE],
        capture_output=True,
        text=True,
        env=environment,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    local_dir, java_tmp, shuffled = result.stdout.splitlines()
    expected = work if workdir else temporary
    folder = Path(local_dir)
    assert folder.parent == expected and folder.name.startswith("scorecard-spark-local-")
    assert Path(java_tmp) == folder
    assert int(shuffled) > 0
    # removed when the process ended, its private permissions with it
    assert not folder.exists()
    assert not any(temporary.iterdir()) and not any(work.iterdir())
    assert "ERROR" not in result.stderr and "Exception" not in result.stderr


def test_the_private_folder_is_for_its_owner_only(tmp_path: Path) -> None:
    """Made as tempfile makes its folders: read, written and entered by its owner only."""
    environment = {"SCORECARD_SPARK_WORKDIR": str(tmp_path)}
    script = (
        "import stat\n"
        "from scorecard.compute.engines import _local_folder\n"
        "print(oct(stat.S_IMODE(_local_folder().stat().st_mode)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env={**os.environ, **environment},
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [oct(stat.S_IRWXU)]
    assert not any(tmp_path.iterdir())
