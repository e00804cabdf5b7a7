"""Shared fixtures: the bundled plan, and writable copies of it for tests that break it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BUNDLED_PLAN = ROOT / "plans" / "west-sussex-2024-27"


@pytest.fixture
def bundled_plan() -> Path:
    return BUNDLED_PLAN


@pytest.fixture
def plan_copy(tmp_path: Path) -> Path:
    """A copy of the bundled plan folder that a test may edit."""
    target = tmp_path / "plan"
    shutil.copytree(BUNDLED_PLAN, target)
    return target
