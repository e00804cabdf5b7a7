"""1/2.1: people aged 0 to 17 with an open suspected autism referral at the end of the month
who have waited 13 weeks or more (recipe autism_open_13_weeks)."""

from __future__ import annotations

from decimal import Decimal

from tests.unit.compute.helpers import OTHER_LA, Run, d


def referral(
    person: str, born: str, referred: str, closed: str | None = None, **more: object
) -> dict:
    return {
        "person_id": person,
        "date_of_birth": d(born),
        "referral_date": d(referred),
        "closed_date": d(closed) if closed else None,
        **more,
    }


def test_open_at_the_end_of_the_month_for_13_weeks_or_more(run: Run) -> None:
    p1 = referral("P1", "2010-01-01", "2024-01-30", referral_id="R1")
    rows = [
        # 30 January to 30 April 2024: 1 + 29 (February 2024) + 31 + 30 = 91 days: 13 weeks
        p1,
        p1,  # an exact copy counts once
        # 31 January: 90 days: under 13 weeks
        referral("P2", "2010-01-01", "2024-01-31"),
        # received on the last day of April: open, 0 days
        referral("P3", "2010-01-01", "2024-04-30"),
        # received 1 May: not open in April
        referral("P4", "2010-01-01", "2024-05-01"),
        # closed on the last day of April: not open at its end
        referral("P5", "2010-01-01", "2023-06-01", "2024-04-30"),
        # closed 1 May: open at the end of April, 334 days
        referral("P6", "2010-01-01", "2023-06-01", "2024-05-01"),
        # 18th birthday on 30 April 2024: 18, left out
        referral("P7", "2006-04-30", "2023-01-01"),
        # 17th birthday on 30 April 2024: 17, counts (waited over 13 weeks)
        referral("P8", "2007-04-30", "2023-01-01"),
        # two open referrals, one 13 weeks or more: one person, waiting 13 weeks or more
        referral("P9", "2012-06-01", "2023-01-01"),
        referral("P9", "2012-06-01", "2024-04-01"),
        # two open referrals, both 13 weeks or more: still one person
        referral("P11", "2012-06-01", "2023-01-01"),
        referral("P11", "2012-06-01", "2023-02-01"),
        # an earlier referral closed in March and one open 20 days: one person, under 13 weeks
        referral("P12", "2012-06-01", "2023-01-01", "2024-03-01"),
        referral("P12", "2012-06-01", "2024-04-10"),
        # aged 0: born 15 January 2024, referred 1 March (60 days)
        referral("P10", "2024-01-15", "2024-03-01"),
        # another authority
        referral("Q1", "2010-01-01", "2024-04-01", la_code=OTHER_LA),
    ]
    figures = run("1/2.1", {"autism_referrals": rows}, "2024-04")
    # open and aged 0-17: P1, P2, P3, P6, P8, P9, P10, P11, P12 = 9;
    # 13 weeks or more: P1, P6, P8, P9, P11 = 5; 5 / 9 = 55.55...%
    assert figures.value("1/2.1", "2024-04") == "55.6"
    assert figures.parts("1/2.1", "2024-04") == (Decimal(5), Decimal(9))
    # the other authority: 1 open, 29 days: 0.0%
    assert figures.value("1/2.1", "2024-04", la=OTHER_LA) == "0.0"


def test_a_29_february_birthday_and_the_age_limit(run: Run) -> None:
    rows = [
        # born 29 February 2008: 17 on 28 February 2026, 18 from 1 March 2026
        referral("LEAP", "2008-02-29", "2025-01-01"),
        # aged 10, referred 1 February 2026: 27 days at the end of February, 58 at the end of March
        referral("P2", "2015-06-01", "2026-02-01"),
    ]
    figures = run("1/2.1", {"autism_referrals": rows}, "2026-02", "2026-03")
    # February: both open; LEAP 13 weeks or more: 1 / 2 = 50.0%
    assert figures.value("1/2.1", "2026-02") == "50.0"
    # March: LEAP is 18 and left out; P2 under 13 weeks: 0 / 1
    assert figures.value("1/2.1", "2026-03") == "0.0"
    assert figures.parts("1/2.1", "2026-03") == (Decimal(0), Decimal(1))


def test_nobody_open_is_not_available(run: Run) -> None:
    rows = [referral("P1", "2010-01-01", "2024-01-01", "2024-03-31")]
    figures = run("1/2.1", {"autism_referrals": rows}, "2024-04")
    assert figures.value("1/2.1", "2024-04") is None
