"""Golden files of the West Sussex September 2024 outputs: the board pack's text (pdftotext
-layout) and the public page's HTML. A change to either shows as a diff; when the change is
meant, refresh the files with UPDATE_GOLDEN=1 and read `git diff tests/golden` before
committing them (docs/publishing.md)."""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest

from scorecard import __version__
from scorecard.planfiles.reader import PlanReading
from scorecard.publish.html import render_html
from tests.conftest import ROOT
from tests.integration.publish.boardpack_reports import pdf_text, public_report

GOLDEN = ROOT / "tests" / "golden"
VERSION = "send-scorecard {version}"  # the program's version, which changes by itself


def compare_with_golden(name: str, actual: str) -> None:
    """Fail with a unified diff unless `actual` is the golden file `name`; with
    UPDATE_GOLDEN=1, write it instead."""
    actual = actual.replace(f"send-scorecard {__version__}", VERSION)
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        return
    if not path.exists():
        pytest.fail(f"{path} is missing: run the test with UPDATE_GOLDEN=1 to create it")
    expected = path.read_text(encoding="utf-8")
    if actual != expected:
        diff = difflib.unified_diff(
            expected.splitlines(),
            actual.splitlines(),
            fromfile=f"tests/golden/{name}",
            tofile="rendered now",
            lineterm="",
            n=2,
        )
        shown = "\n".join(list(diff)[:200])
        pytest.fail(
            f"the output differs from tests/golden/{name} (UPDATE_GOLDEN=1 refreshes it, if the "
            f"change is meant):\n{shown}",
            pytrace=False,
        )


def test_board_pack_text_matches_the_golden_file(board_pack_file: Path) -> None:
    compare_with_golden("boardpack-west-sussex-2024-09.txt", pdf_text(board_pack_file))


def test_public_page_matches_the_golden_file(reading: PlanReading) -> None:
    compare_with_golden("scorecard-west-sussex-2024-09.html", render_html(public_report(reading)))
