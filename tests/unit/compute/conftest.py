"""Fixtures for recipe tests (helpers.py holds the helpers)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.unit.compute.helpers import Run, runner_in


@pytest.fixture
def run(tmp_path: Path) -> Run:
    """Computes figures from tiny extracts written into tmp_path (helpers.runner_in)."""
    return runner_in(tmp_path)
