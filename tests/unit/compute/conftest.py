"""Fixtures for recipe tests (helpers.py holds the helpers)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.unit.compute.helpers import OPEN_EXTRACTS, Run, runner_in


@pytest.fixture
def run(tmp_path: Path) -> Run:
    """Computes figures from tiny extracts written into tmp_path (helpers.runner_in)."""
    return runner_in(tmp_path)


@pytest.fixture(autouse=True)
def extracts_closed() -> Iterator[None]:
    """Every set of extracts a test opened through helpers.kept_open is closed after it,
    removing its DuckDB folder among the temporary files."""
    yield
    while OPEN_EXTRACTS:
        OPEN_EXTRACTS.pop().close()
