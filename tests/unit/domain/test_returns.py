"""The return calendar of the bundled West Sussex plan, and how a return stands on a day."""

from __future__ import annotations

import datetime as dt

import pytest

from scorecard.domain.catalogue import Plan
from scorecard.domain.ownership import ReturnSettings
from scorecard.domain.periods import Month
from scorecard.domain.returns import Return, ReturnState, due_date, return_calendar, return_state
from scorecard.domain.signoff import SignOff
from scorecard.planfiles.reader import read_plan
from tests.conftest import ROOT

D = dt.date


@pytest.fixture(scope="module")
def plan() -> Plan:
    reading = read_plan(ROOT / "plans" / "west-sussex-2024-27")
    assert reading.plan is not None
    return reading.plan


def test_april_2024_returns_follow_each_schedule(plan: Plan) -> None:
    april = return_calendar(plan, first=Month(2024, 4), last=Month(2024, 4))
    # 16 metrics are monthly, but 3.6 is due in May only; 4.1 is due in June, 4.5 and 4.6 in
    # April and August, 5.4-5.6 once a year: 15 monthly returns and 4.5 and 4.6 in April.
    ids = [r.metric_id for r in april]
    assert len(ids) == 17
    assert "4.5" in ids and "4.6" in ids
    assert not {"3.6", "4.1", "5.4", "5.5", "5.6"} & set(ids)
    assert all(r.due == D(2024, 5, 15) for r in april)
    assert ids == [m.id for m in plan.metrics if m.id in ids]


def test_once_a_year_metric_has_one_return_a_year(plan: Plan) -> None:
    dues = [r for r in return_calendar(plan) if r.metric_id == "5.6"]
    assert [str(r.period) for r in dues] == ["2024-09", "2025-09", "2026-09"]
    # September 2024 ends on a Monday: ten working days on is Monday 14 October.
    assert dues[0].due == D(2024, 10, 14)


def test_owner_comes_with_the_return(plan: Plan) -> None:
    first = next(r for r in return_calendar(plan) if r.metric_id == "1/2.4")
    assert first.ownership is not None
    assert first.ownership.organisation == "spft"


def test_lag_and_closed_days_from_the_plan() -> None:
    settings = ReturnSettings(lag_working_days=3, closed_days=(D(2024, 5, 2),))
    # 1 May (1), 2 May closed, 3 May (2), 6 May bank holiday, 7 May (3)
    assert due_date(Month(2024, 4), settings) == D(2024, 5, 7)


APRIL = Return("3.1", Month(2024, 4), D(2024, 5, 15), None)


@pytest.mark.parametrize(
    ("today", "sign_off", "state", "words"),
    [
        (D(2024, 4, 30), None, ReturnState.UPCOMING, "once the month ends"),
        (D(2024, 5, 1), None, ReturnState.DUE, "due by Wednesday 15 May 2024"),
        (D(2024, 5, 15), SignOff.DRAFT, ReturnState.DUE, "due by Wednesday 15 May 2024"),
        (D(2024, 5, 16), None, ReturnState.OVERDUE, "1 day overdue"),
        (D(2024, 5, 20), SignOff.DRAFT, ReturnState.OVERDUE, "5 days overdue"),
        (D(2024, 5, 20), SignOff.SUBMITTED, ReturnState.SUBMITTED, "await approval"),
        (D(2024, 5, 10), SignOff.RETURNED, ReturnState.RETURNED, "returned for correction"),
        (D(2024, 5, 20), SignOff.RETURNED, ReturnState.RETURNED, "now overdue"),
        (D(2024, 5, 20), SignOff.APPROVED, ReturnState.APPROVED, "approved"),
        (D(2024, 5, 20), SignOff.PUBLISHED, ReturnState.APPROVED, "approved"),
    ],
)
def test_return_state_on_a_day(
    today: dt.date, sign_off: SignOff | None, state: ReturnState, words: str
) -> None:
    found, reason = return_state(APRIL, today=today, sign_off=sign_off)
    assert found is state
    assert words in reason
    assert reason.startswith("April 2024's figures")
