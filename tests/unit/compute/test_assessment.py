"""3.3-3.5: advice for EHC needs assessments completed within 6 weeks (recipe
advice_within_weeks); 3.6: audits graded good or better (recipe audits_good_or_better)."""

from __future__ import annotations

from decimal import Decimal

from tests.unit.compute.helpers import Run, d


def advice(kind: str, requested: str, completed: str | None, **more: object) -> dict:
    return {
        "advice_type": kind,
        "requested_date": d(requested),
        "completed_date": d(completed) if completed else None,
        **more,
    }


def test_advice_completed_in_the_month_within_6_weeks(run: Run) -> None:
    a2 = advice("EP", "2024-04-18", "2024-05-31", advice_request_id="A2", person_id="P2")
    rows = [
        # 19 April to 31 May: 11 + 31 = 42 days: within 6 weeks
        advice("EP", "2024-04-19", "2024-05-31"),
        # 18 April to 31 May: 43 days: not within; an exact copy counts once
        a2,
        a2,
        # completed on the first day of May, 30 days: within
        advice("EP", "2024-04-01", "2024-05-01"),
        # completed 1 June: in June
        advice("EP", "2024-05-01", "2024-06-01"),
        # completed 30 April, 29 days: within, in April
        advice("EP", "2024-04-01", "2024-04-30"),
        # 18 February to 1 April 2024 is 43 days because of 29 February: not within, in April
        advice("EP", "2024-02-18", "2024-04-01"),
        # outstanding: never counted
        advice("EP", "2024-03-01", None),
        # health advice, 10 days, in May
        advice("HEALTH", "2024-05-01", "2024-05-11"),
    ]
    figures = run(["3.3", "3.4", "3.5"], {"advice_requests": rows}, "2024-04", "2024-06")
    # EP May: within 2 of 3 = 66.666...% -> 66.7
    assert figures.value("3.3", "2024-05") == "66.7"
    assert figures.parts("3.3", "2024-05") == (Decimal(2), Decimal(3))
    # EP April: within 1 of 2 = 50.0%
    assert figures.value("3.3", "2024-04") == "50.0"
    # EP June: 1 May to 1 June = 31 days: 100.0%
    assert figures.value("3.3", "2024-06") == "100.0"
    # health May: 1 of 1; no health advice in April
    assert figures.value("3.4", "2024-05") == "100.0"
    assert figures.value("3.4", "2024-04") is None
    # no social care advice at all: not available
    assert figures.value("3.5", "2024-05") is None
    assert figures.parts("3.5", "2024-05") == (None, None)


def audit(day: str, grade: str, **more: object) -> dict:
    return {"audit_date": d(day), "grade": grade, **more}


def test_audits_good_or_better_over_12_months_reported_in_may_only(run: Run) -> None:
    b7 = audit("2023-12-01", "GOOD", audit_id="B7", person_id="P7")
    rows = [
        audit("2023-06-01", "GOOD"),  # first day of the 12 months to May 2024: in
        audit("2023-05-31", "GOOD"),  # the day before: out
        audit("2024-05-31", "OUTSTANDING"),  # last day: in
        audit("2024-06-01", "GOOD"),  # after May 2024: in the 12 months to May 2025
        audit("2024-01-15", "REQUIRES_IMPROVEMENT"),
        audit("2024-02-29", "INADEQUATE"),
        b7,
        b7,  # an exact copy counts once
        audit("2024-03-10", "REQUIRES_IMPROVEMENT"),
        audit("2024-04-01", "INADEQUATE"),
    ]
    figures = run("3.6", {"ehcp_audits": rows}, "2024-05", "2026-05")
    # due in May only
    assert figures.months("3.6") == ["2024-05", "2025-05", "2026-05"]
    # 1 June 2023 to 31 May 2024: 7 audits, 3 good or outstanding: 42.857% -> 43 (0 decimals)
    assert figures.value("3.6", "2024-05") == "43"
    assert figures.parts("3.6", "2024-05") == (Decimal(3), Decimal(7))
    # 1 June 2024 to 31 May 2025: the 1 June 2024 audit, good: 100
    assert figures.value("3.6", "2025-05") == "100"
    # no audits in the 12 months to May 2026: not available
    assert figures.value("3.6", "2026-05") is None
