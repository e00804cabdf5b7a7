"""The return calendar table: states from the returns entered and the figures recorded."""

from __future__ import annotations

import datetime as dt

import pytest

from scorecard.domain.catalogue import Plan
from scorecard.domain.periods import Month
from scorecard.domain.returns import return_calendar
from scorecard.domain.signoff import SignOff
from scorecard.planfiles.reader import read_plan
from scorecard.publish.returns_table import RETURN_COLUMNS, returns_table
from tests.conftest import ROOT

OCTOBER = Month(2024, 10)


@pytest.fixture(scope="module")
def plan() -> Plan:
    reading = read_plan(ROOT / "plans" / "west-sussex-2024-27")
    assert reading.plan is not None
    return reading.plan


def _states(plan: Plan, **kwargs: object) -> dict[str, tuple[str, str]]:
    calendar = return_calendar(plan, first=OCTOBER, last=OCTOBER)
    columns, rows = returns_table(plan, calendar, today=dt.date(2024, 11, 20), **kwargs)  # type: ignore[arg-type]
    assert columns == RETURN_COLUMNS
    return {str(r["metric_id"]): (str(r["state"]), str(r["reason"])) for r in rows}


def test_entered_returns_recorded_figures_and_nothing(plan: Plan) -> None:
    found = _states(
        plan,
        recorded={("3.2", OCTOBER): True, ("3.3", OCTOBER): False},
        sign_offs={("3.1", OCTOBER): SignOff.SUBMITTED, ("3.4", OCTOBER): SignOff.RETURNED},
    )
    assert found["3.1"][0] == "submitted"
    assert found["3.4"] == (
        "returned",
        "October 2024's figures were returned for correction "
        "(due by Thursday 14 November 2024; now overdue)",
    )
    assert found["3.2"] == ("approved", "October 2024's figures are approved")
    assert found["3.3"] == (
        "approved",
        'October 2024\'s figures are approved, as not available ("-")',
    )
    assert found["3.5"][0] == "overdue"
