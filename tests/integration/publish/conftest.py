"""The board pack rendered once for the module's tests (a render takes seconds)."""

from __future__ import annotations

from pathlib import Path

import pytest

from scorecard.planfiles.reader import PlanReading
from scorecard.publish.pdf import render_pdf
from scorecard.publish.report import ScorecardReport
from tests.integration.publish.boardpack_reports import board_pack_report, west_sussex


@pytest.fixture(scope="session")
def reading() -> PlanReading:
    return west_sussex()


@pytest.fixture(scope="session")
def board_pack(reading: PlanReading) -> ScorecardReport:
    return board_pack_report(reading)


@pytest.fixture(scope="session")
def board_pack_pdf(board_pack: ScorecardReport) -> bytes:
    return render_pdf(board_pack)


@pytest.fixture(scope="session")
def board_pack_file(board_pack_pdf: bytes, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("boardpack") / "scorecard.pdf"
    path.write_bytes(board_pack_pdf)
    return path
