"""`scorecard store backup`, and the copy kept when a command upgrades an existing store's
schema: real stores, real processes (docs/deployment.md, "Backups")."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.integration.cli_helpers import run_scorecard

pytestmark = pytest.mark.slow
EXPORT = ("figures", "export", "--plan", "west-sussex-2024-27", "--format", "csv")


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.conftest import BUNDLED_PLAN

    data = tmp_path_factory.mktemp("store")
    assert run_scorecard("plan", "load", str(BUNDLED_PLAN), data_dir=data).returncode == 0
    return data


def _count(path: Path, table: str) -> int:
    with sqlite3.connect(path) as db:
        return int(db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def test_a_backup_is_a_whole_private_copy(store: Path, tmp_path: Path) -> None:
    out = tmp_path / "copies" / "scorecard-copy.sqlite3"
    result = run_scorecard("store", "backup", "--out", str(out), data_dir=store)
    assert result.returncode == 0, result.stderr
    assert f"to {out}" in result.stderr
    assert _count(out, "figures_figure") == _count(store / "scorecard.sqlite3", "figures_figure")
    assert _count(out, "figures_figure") == 100
    assert out.stat().st_mode & 0o077 == 0  # the store holds people's names and emails
    assert [p.name for p in out.parent.iterdir()] == [out.name]  # no temporary file left


@pytest.mark.parametrize(
    ("out", "message"),
    [
        ("scorecard.sqlite3", "is the store itself"),
        (".", "is a folder"),
    ],
)
def test_bad_backup_targets(store: Path, out: str, message: str) -> None:
    before = (store / "scorecard.sqlite3").read_bytes()
    result = run_scorecard("store", "backup", "--out", str(store / out), data_dir=store)
    assert result.returncode == 1 and message in result.stderr, result.stderr
    assert (store / "scorecard.sqlite3").read_bytes() == before


def test_no_store_yet_is_said_and_none_is_made(tmp_path: Path) -> None:
    result = run_scorecard("store", "backup", "--out", str(tmp_path / "c"), data_dir=tmp_path)
    assert result.returncode == 1 and "there is no store" in result.stderr
    assert not (tmp_path / "scorecard.sqlite3").exists()


def test_a_store_from_an_earlier_release_is_copied_before_its_upgrade(
    store: Path, tmp_path: Path
) -> None:
    data = tmp_path / "old"
    data.mkdir()
    (data / "scorecard.sqlite3").write_bytes((store / "scorecard.sqlite3").read_bytes())
    environment = {**os.environ, "SCORECARD_DATA_DIR": str(data), "SCORECARD_DATABASE_URL": ""}
    environment["DJANGO_SETTINGS_MODULE"] = "scorecard.web.settings"
    back = subprocess.run(
        [sys.executable, "-m", "django", "migrate", "releases", "0002_version_assessments"],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert back.returncode == 0, back.stderr  # the schema as an earlier release left it

    result = run_scorecard(*EXPORT, data_dir=data)
    assert result.returncode == 0, result.stderr
    found = re.search(r"a copy of it as it was is at (\S+)", result.stderr)
    assert found is not None, result.stderr
    copy = Path(found.group(1))
    assert copy.parent == data and copy.name.startswith("scorecard.sqlite3.before-upgrade-")
    with sqlite3.connect(copy) as db:
        columns = {row[1] for row in db.execute("PRAGMA table_info(releases_releaseevent)")}
    assert "before" not in columns  # the copy is the store as it was
    assert _count(copy, "figures_figure") == 100
    again = run_scorecard(*EXPORT, data_dir=data)
    assert "Upgraded" not in again.stderr  # upgraded once, copied once
    assert len(list(data.glob("*.before-upgrade-*"))) == 1
