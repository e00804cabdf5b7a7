"""Scorecard reports for the release outputs' tests, built from the bundled plan files without
the store, and the golden-file comparison.

Golden files live in tests/golden/. A test compares what it renders with its golden file and
fails with a diff; run it with UPDATE_GOLDEN=1 to rewrite the file instead, then read the
change in `git diff` before committing it (docs/publishing.md)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import os
from decimal import Decimal
from pathlib import Path

from scorecard.domain.catalogue import Plan
from scorecard.domain.figures import Figure, FigureStatus, QualityFlag
from scorecard.domain.periods import Month
from scorecard.domain.releases import ReleaseInfo, ReleaseState, VersionNote
from scorecard.planfiles.reader import read_plan
from scorecard.publish.report import ScorecardReport, build_report
from tests.conftest import BUNDLED_PLAN, ROOT

GOLDEN = ROOT / "tests" / "golden"
SEPTEMBER = Month(2024, 9)
RELEASED_ON = dt.date(2024, 10, 24)

# The marked report: a value withheld whole, one shown without its counts (with numbers that
# appear nowhere else in the outputs), and figures that are provisional, estimated or revised.
SUPPRESSED = ("3.1", "", SEPTEMBER)
SUPPRESSED_NUMBERS = ("61.37", "4321", "7041")
COUNTS_WITHHELD = ("3.3", "", SEPTEMBER)
WITHHELD_COUNTS = ("2927", "15994")
PROVISIONAL = ("3.2", "", SEPTEMBER)
ESTIMATED = ("3.4", "", SEPTEMBER)  # estimated and provisional
FLAGGED_REVISED = ("3.5", "", Month(2024, 7))
REVISED_IN_RELEASE = frozenset(
    {
        ("3.2", "", Month(2024, 8)),
        ("1/2.1", "", Month(2024, 8)),  # experimental data: [u] [r]
        ("4.4", "", SEPTEMBER),  # not available: [x] [r]
    }
)


def bundled() -> tuple[Plan, list[Figure]]:
    reading = read_plan(BUNDLED_PLAN)
    assert reading.plan is not None
    return reading.plan, list(reading.figures)


def release(
    version: int = 1, revised: frozenset[tuple[str, str, Month]] = frozenset()
) -> ReleaseInfo:
    history = tuple(
        VersionNote(n, RELEASED_ON + dt.timedelta(days=7 * (n - 1)), *_reason(n))
        for n in range(1, version + 1)
    )
    return ReleaseInfo(
        plan_id="west-sussex-2024-27",
        period=SEPTEMBER,
        version=version,
        state=ReleaseState.PUBLISHED,
        released_on=history[-1].released_on,
        embargo=None,
        history=history,
        revised=revised,
    )


def _reason(number: int) -> tuple[str | None, str | None]:
    if number == 1:
        return None, None
    return "Corrected figures from the data owners", "Figures for August and September revised"


def west_sussex_release() -> ScorecardReport:
    """The West Sussex scorecard for September 2024 as its first public release."""
    plan, figures = bundled()
    return build_report(plan, figures, SEPTEMBER, public=True, release=release())


def marked_figures(*, suppress: bool = True) -> tuple[Plan, list[Figure]]:
    """The bundled figures with the marks above; `suppress=False` shows the suppressed and
    withheld numbers instead, so that a test can see they would have been found."""
    plan, figures = bundled()
    by_key = {f.key: f for f in figures}
    numbers = [Decimal(n) for n in SUPPRESSED_NUMBERS]
    counts = [Decimal(n) for n in WITHHELD_COUNTS]
    by_key[SUPPRESSED] = Figure(
        *SUPPRESSED,
        FigureStatus.SUPPRESSED if suppress else FigureStatus.VALUE,
        *numbers,
        withheld=frozenset({"value", "numerator", "denominator"} if suppress else ()),
    )
    shown = by_key[COUNTS_WITHHELD]
    by_key[COUNTS_WITHHELD] = dataclasses.replace(
        shown,
        numerator=counts[0],
        denominator=counts[1],
        withheld=frozenset({"numerator", "denominator"} if suppress else ()),
    )
    _flag(by_key, PROVISIONAL, QualityFlag.PROVISIONAL)
    _flag(by_key, ESTIMATED, QualityFlag.ESTIMATED, QualityFlag.PROVISIONAL)
    _flag(by_key, FLAGGED_REVISED, QualityFlag.REVISED)
    return plan, list(by_key.values())


def _flag(
    by_key: dict[tuple[str, str, Month], Figure], key: tuple[str, str, Month], *flags: QualityFlag
) -> None:
    by_key[key] = dataclasses.replace(by_key[key], quality=frozenset(flags))


def marked_report(*, suppress: bool = True) -> ScorecardReport:
    """A public amendment (version 2) with the marked figures. The figures are given as
    disclosure control would hand them over (withheld parts still on the figure, to show that
    the outputs never print them), so these tests do not depend on its thresholds."""
    plan, figures = marked_figures(suppress=suppress)
    built = build_report(plan, figures, SEPTEMBER, release=release(2, REVISED_IN_RELEASE))
    return dataclasses.replace(built, public=True)


def assert_matches_golden(name: str, rendered: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(rendered, encoding="utf-8", newline="")
        return
    if not path.exists():
        raise AssertionError(f"{_shown(path)} does not exist: run the test with UPDATE_GOLDEN=1")
    expected = path.read_text(encoding="utf-8")
    if rendered != expected:
        diff = difflib.unified_diff(
            expected.splitlines(keepends=True),
            rendered.splitlines(keepends=True),
            fromfile=f"{_shown(path)} (golden)",
            tofile="rendered now",
        )
        raise AssertionError(
            "the output differs from its golden file; if the change is intended, run the test "
            "with UPDATE_GOLDEN=1 and review the file's diff:\n" + "".join(diff)
        )


def _shown(path: Path) -> str:
    return str(path.relative_to(ROOT))
