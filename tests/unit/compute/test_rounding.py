"""Figures exactly halfway between two roundings go away from zero, from exact decimals
(docs/recipes.md). Each row has identifiers of its own (equal rows would be exact copies,
counted once). The halves below are ones that binary floating point (20.15 and 16.45 are
stored a little below) or rounding half to even (44.005, 12.5) would get wrong."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from tests.unit.compute.helpers import Run, d


def _before(day: str, days: int) -> dt.date:
    return d(day) - dt.timedelta(days=days)


def test_a_mean_of_weeks_halfway_at_one_decimal_rounds_up(run: Run) -> None:
    # 19 waits of 141 days and one of 142: 2821 days = 403 weeks over 20 contacts = 20.15
    rows = [
        {
            "service": "SALT",
            "referral_date": _before("2024-06-14", 142 if i == 0 else 141),
            "first_attended_contact_date": d("2024-06-14"),
            "referral_id": f"R{i}",
        }
        for i in range(20)
    ]
    figures = run("1/2.2", {"therapy_referrals": rows}, "2024-06")
    assert figures.value("1/2.2", "2024-06") == "20.2"
    assert figures.parts("1/2.2", "2024-06") == (Decimal("403.000000"), Decimal(20))


def test_a_3_month_mean_halfway_at_two_decimals_rounds_up(run: Run) -> None:
    # 199 plans after 308 days and one after 315: 61607 days = 8801 weeks over 200 = 44.005
    rows = [
        {
            "request_received_date": _before("2024-09-16", 315 if i == 0 else 308),
            "final_plan_issued_date": d("2024-09-16"),
            "request_id": f"Q{i}",
        }
        for i in range(200)
    ]
    figures = run("3.2", {"ehc_needs_assessments": rows}, "2024-09")
    assert figures.value("3.2", "2024-09") == "44.01"
    assert figures.parts("3.2", "2024-09") == (Decimal("8801.000000"), Decimal(200))


def test_a_mean_age_halfway_at_one_decimal_rounds_up(run: Run) -> None:
    # 80 Care Act assessments whose ages add up to 1461 × 329 days = 1316 years: 16.45 each
    total = 1461 * 329
    rows = [
        {
            "event_type": "CARE_ACT_ASSESSMENT_COMPLETED",
            "team": "CSC_OTHER",
            "event_date": d("2024-04-17"),
            "date_of_birth": _before("2024-04-17", total // 80 + (1 if i < total % 80 else 0)),
            "event_id": f"T{i}",
        }
        for i in range(80)
    ]
    figures = run("5.2", {"transition_events": rows}, "2024-04")
    assert figures.value("5.2", "2024-04") == "16.5"
    assert figures.parts("5.2", "2024-04") == (Decimal("1316.000000"), Decimal(80))


def test_a_whole_number_percentage_halfway_rounds_up(run: Run) -> None:
    # 3.6 (no decimals), May 2025 covers June 2024 to May 2025: 1 good audit of 8 = 12.5%
    grades = ["GOOD"] + ["REQUIRES_IMPROVEMENT"] * 7
    rows = [
        {"audit_date": d("2025-01-15"), "grade": grade, "audit_id": f"U{i}"}
        for i, grade in enumerate(grades)
    ]
    figures = run("3.6", {"ehcp_audits": rows}, "2025-05")
    assert figures.value("3.6", "2025-05") == "13"
    assert figures.parts("3.6", "2025-05") == (Decimal(1), Decimal(8))
