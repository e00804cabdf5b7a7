"""1/2.4: CAMHS referrals waiting 4 weeks or less at the end of the month (recipe
camhs_waiting_within)."""

from __future__ import annotations

from decimal import Decimal

from tests.unit.compute.helpers import OTHER_LA, Run, d


def referral(team: str, referred: str, assessed: str | None = None, **more: object) -> dict:
    return {
        "team": team,
        "referral_date": d(referred),
        "first_assessment_date": d(assessed) if assessed else None,
        **more,
    }


def test_waiting_4_weeks_or_less_at_the_end_of_the_month(run: Run) -> None:
    a = referral("COMMUNITY", "2024-04-02", referral_id="A", person_id="PA")
    rows = [
        a,
        a,  # an exact copy counts once
        referral("COMMUNITY", "2024-04-01"),  # B
        referral("OTHER", "2024-04-30"),  # C
        referral("COMMUNITY", "2024-05-01"),  # D
        referral("COMMUNITY", "2024-03-01", "2024-04-30"),  # E
        referral("COMMUNITY", "2024-03-01", "2024-05-01"),  # F
        referral("COMMUNITY", "2024-04-10", closed_date=d("2024-04-30")),  # G
        referral("ED", "2024-04-20"),
        referral("PERINATAL", "2024-04-20"),
        referral("SPOA", "2024-04-20"),
        referral("COMMUNITY", "2024-04-20", la_code=OTHER_LA),
    ]
    figures = run("1/2.4", {"camhs_referrals": rows}, "2024-04", "2024-05")
    # End of April (30 April), waiting: A (2 April, 28 days: within), B (1 April, 29 days),
    # C (30 April, 0 days: within), F (1 March, 60 days; assessed 1 May, after the end).
    # Not waiting: D (received 1 May), E (assessed 30 April), G (closed 30 April); ED,
    # PERINATAL and SPOA are excluded. 2 of 4 = 50.0%.
    assert figures.value("1/2.4", "2024-04") == "50.0"
    assert figures.parts("1/2.4", "2024-04") == (Decimal(2), Decimal(4))
    # End of May (31 May), waiting: A (59 days), B (60), C (31), D (30): none within 28 days,
    # a real 0.0% (F was assessed 1 May).
    assert figures.value("1/2.4", "2024-05") == "0.0"
    assert figures.parts("1/2.4", "2024-05") == (Decimal(0), Decimal(4))
    # The other authority: its one referral, 20 April, waiting 10 days: 100.0%
    assert figures.value("1/2.4", "2024-04", la=OTHER_LA) == "100.0"


def test_excluded_teams_only_or_nobody_waiting_is_not_available(run: Run) -> None:
    rows = [
        referral("ED", "2024-04-20"),
        referral("SPOA", "2024-04-20"),
        referral("COMMUNITY", "2024-04-01", "2024-04-15"),
    ]
    figures = run("1/2.4", {"camhs_referrals": rows}, "2024-04")
    assert figures.value("1/2.4", "2024-04") is None
    assert figures.parts("1/2.4", "2024-04") == (None, None)


def test_excluded_teams_are_a_parameter(run: Run) -> None:
    rows = [referral("ED", "2024-04-20"), referral("COMMUNITY", "2024-03-01")]
    figures = run(
        "1/2.4",
        {"camhs_referrals": rows},
        "2024-04",
        parameters={"1/2.4": {"weeks": "4", "excluded_teams": ["SPOA"]}},
    )
    # ED now counts: 20 April, 10 days, within; 1 March, 60 days, not: 1 of 2
    assert figures.value("1/2.4", "2024-04") == "50.0"
