"""1/2.2 and 1/2.3: mean weeks from referral to the first attended contact in the month
(recipe therapy_wait_weeks)."""

from __future__ import annotations

from decimal import Decimal

from tests.unit.compute.helpers import Run, d


def referral(service: str, referred: str, contact: str | None, **more: object) -> dict:
    return {
        "service": service,
        "referral_date": d(referred),
        "first_attended_contact_date": d(contact) if contact else None,
        **more,
    }


def test_mean_weeks_of_the_contacts_in_the_month(run: Run) -> None:
    duplicate = referral("SALT", "2024-03-31", "2024-04-30", referral_id="R2", person_id="P2")
    rows = [
        # first day of April, across 29 February 2024: 29 (Feb) + 31 (Mar) = 60 days
        referral("SALT", "2024-02-01", "2024-04-01"),
        # last day of April: 31 March to 30 April = 30 days; the exact copy counts once
        duplicate,
        duplicate,
        # first day of May: in May, not April (1 April to 1 May = 30 days)
        referral("SALT", "2024-04-01", "2024-05-01"),
        # last day of March: before April
        referral("SALT", "2024-01-01", "2024-03-31"),
        # referral before 1 April 2018: left out
        referral("SALT", "2018-03-31", "2024-04-15"),
        # not accepted: left out
        referral("SALT", "2023-04-15", "2024-04-15", referral_accepted=False),
        # still waiting: no contact
        referral("SALT", "2023-04-15", None),
        # occupational therapy: 2 April to 16 April = 14 days
        referral("OT", "2024-04-02", "2024-04-16"),
    ]
    figures = run(["1/2.2", "1/2.3"], {"therapy_referrals": rows}, "2024-04", "2024-05")
    # SALT April: (60 + 30) / 2 = 45 days = 6.428571 weeks -> 6.4; numerator 90 / 7 weeks
    assert figures.value("1/2.2", "2024-04") == "6.4"
    assert figures.parts("1/2.2", "2024-04") == (Decimal("12.857143"), Decimal(2))
    # SALT May: 30 days = 4.285714 weeks -> 4.3
    assert figures.value("1/2.2", "2024-05") == "4.3"
    # OT April: 14 days = 2 weeks
    assert figures.value("1/2.3", "2024-04") == "2.0"
    assert figures.parts("1/2.3", "2024-04") == (Decimal("2.000000"), Decimal(1))
    # OT May: no contacts -> not available
    assert figures.value("1/2.3", "2024-05") is None
    assert figures.parts("1/2.3", "2024-05") == (None, None)


def test_referrals_from_1_april_2018_count(run: Run) -> None:
    rows = [
        # 1 April 2018 to 1 April 2024: 6 × 365 + 2 leap days (2020, 2024) = 2192 days
        referral("SALT", "2018-04-01", "2024-04-01"),
        # the day before: left out (it would make the mean 2192.5 days)
        referral("SALT", "2018-03-31", "2024-04-01"),
    ]
    figures = run("1/2.2", {"therapy_referrals": rows}, "2024-04")
    # 2192 / 7 = 313.142857 weeks -> 313.1
    assert figures.value("1/2.2", "2024-04") == "313.1"
    assert figures.parts("1/2.2", "2024-04") == (Decimal("313.142857"), Decimal(1))


def test_a_monthly_metric_has_a_figure_every_month(run: Run) -> None:
    rows = [referral("SALT", "2024-04-01", "2024-04-08")]
    figures = run("1/2.2", {"therapy_referrals": rows}, "2024-04", "2024-07")
    assert figures.months("1/2.2") == ["2024-04", "2024-05", "2024-06", "2024-07"]
    # 7 days = 1 week in April; nothing afterwards
    assert [figures.value("1/2.2", m) for m in figures.months("1/2.2")] == [
        "1.0",
        None,
        None,
        None,
    ]


def test_a_contact_on_the_day_of_referral_is_0_weeks(run: Run) -> None:
    rows = [
        referral("SALT", "2024-04-10", "2024-04-10"),
        referral("SALT", "2024-04-01", "2024-04-15"),
    ]
    figures = run("1/2.2", {"therapy_referrals": rows}, "2024-04")
    # (0 + 14) / 2 = 7 days = 1 week: the same-day contact is counted, as 0
    assert figures.value("1/2.2", "2024-04") == "1.0"
    assert figures.parts("1/2.2", "2024-04") == (Decimal("2.000000"), Decimal(2))
