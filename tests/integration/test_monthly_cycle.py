"""The monthly cycle over two years at random, on the real services, checked after every step
against a model (tests/integration/monthly_cycle.py): a release the public have seen never
changes and its versions count up; a release shows the latest approved figures and marks
published only the returns it shows; refused actions change nothing; the histories are only
ever added to; a plan version leaves every return as it was. A few fixed seeds here; the same
`Cycle(seed, plan, figures).run(months, steps)` takes any other seed and length."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from scorecard.planfiles.reader import read_plan
from scorecard.publish import renderers
from tests.conftest import ROOT
from tests.integration.monthly_cycle import Cycle

PLAN = ROOT / "tests" / "fixtures" / "monthly-cycle"


@pytest.fixture(autouse=True)
def fast(settings: object, monkeypatch: pytest.MonkeyPatch) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # type: ignore[attr-defined]
    # The board pack's layout takes most of a second a version (WeasyPrint); its bytes are
    # tested on their own (tests/integration/publish). The other four files are kept.
    monkeypatch.delitem(renderers.RENDERERS, "pdf")


@pytest.mark.parametrize("seed", [1, 7, 2026])
def test_the_monthly_cycle_keeps_what_should_hold(seed: int, db: None) -> None:
    cache.clear()
    reading = read_plan(PLAN)
    assert reading.plan is not None
    cycle = Cycle(seed, reading.plan, list(reading.figures))
    cycle.run(months=26, steps=12)
    assert cycle.steps > 150
    assert not cycle.faults, "\n".join(cycle.faults[:10])
