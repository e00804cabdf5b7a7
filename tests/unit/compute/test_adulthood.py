"""5.1-5.3: mean age at transition steps (recipe transition_average_age); 5.6: young people in
supported internships (recipe supported_internships_count)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from scorecard.compute.extracts import ExtractError
from tests.unit.compute.helpers import Run, d


def step(kind: str, team: str, day: str, born: str, **more: object) -> dict:
    return {
        "event_type": kind,
        "team": team,
        "event_date": d(day),
        "date_of_birth": d(born),
        **more,
    }


def test_mean_age_at_initial_contacts_of_14_to_17_year_olds(run: Run) -> None:
    t1 = step("INITIAL_CONTACT", "CWD", "2024-04-01", "2008-04-01", event_id="T1")
    rows = [
        # 16th birthday on the day (first of April): 16 × 365 + 4 leap days (2012, 2016,
        # 2020, 2024) = 5844 days; an exact copy counts once
        t1,
        t1,
        # 18th birthday on the day (last of April): 18, left out
        step("INITIAL_CONTACT", "CWD", "2024-04-30", "2006-04-30"),
        # 17 (18 tomorrow): 1 May 2006 to 1 May 2024 = 18 × 365 + 5 leap days = 6575; - 1 = 6574
        step("INITIAL_CONTACT", "CWD", "2024-04-30", "2006-05-01"),
        # 13 (14 tomorrow): left out
        step("INITIAL_CONTACT", "CWD", "2024-04-15", "2010-04-16"),
        # another team or another step: left out
        step("INITIAL_CONTACT", "CSC_OTHER", "2024-04-15", "2009-01-01"),
        step("TRANSITION_PANEL_REFERRAL", "CWD", "2024-04-15", "2009-01-01"),
        # 1 May: in May (15)
        step("INITIAL_CONTACT", "CWD", "2024-05-01", "2009-05-01"),
    ]
    figures = run("5.1", {"transition_events": rows}, "2024-04", "2024-06")
    # April: (5844 + 6574) / 365.25 = 33.998631 years over 2 steps = 16.999316 -> 17.0
    assert figures.value("5.1", "2024-04") == "17.0"
    assert figures.parts("5.1", "2024-04") == (Decimal("33.998631"), Decimal(2))
    # May: 15 years to the day: 15 × 365 + 4 leap days (2012, 2016, 2020, 2024) = 5479 days
    # = 15.000684 years -> 15.0
    assert figures.value("5.1", "2024-05") == "15.0"
    # June: no steps -> not available
    assert figures.value("5.1", "2024-06") is None


def test_a_29_february_birthday_at_the_age_limit(run: Run) -> None:
    rows = [
        # born 29 February 2008: 17 on 28 February 2026 (6574 days), 18 on 1 March 2026
        step("INITIAL_CONTACT", "CWD", "2026-02-28", "2008-02-29"),
        step("INITIAL_CONTACT", "CWD", "2026-03-01", "2008-02-29"),
    ]
    figures = run("5.1", {"transition_events": rows}, "2026-02", "2026-03")
    # 6574 / 365.25 = 17.998631 years -> 18.0, though 17 in whole years
    assert figures.value("5.1", "2026-02") == "18.0"
    assert figures.value("5.1", "2026-03") is None


def test_care_act_assessments_and_panel_referrals_without_age_limits(run: Run) -> None:
    rows = [
        # 10 October 2006 to 10 April 2024: 17 × 365 + 4 leap days + 183 days = 6392
        step(
            "CARE_ACT_ASSESSMENT_COMPLETED", "CSC_OTHER", "2024-04-10", "2006-10-10", person_id="U"
        ),
        # the same young person again on 25 April: each step counts, 6407 days
        step(
            "CARE_ACT_ASSESSMENT_COMPLETED", "CSC_OTHER", "2024-04-25", "2006-10-10", person_id="U"
        ),
        # 19th birthday: 19 × 365 + 5 leap days = 6940 days; no age limit for 5.2
        step("CARE_ACT_ASSESSMENT_COMPLETED", "CSC_OTHER", "2024-04-20", "2005-04-20"),
        # the Children with Disabilities team: left out
        step("CARE_ACT_ASSESSMENT_COMPLETED", "CWD", "2024-04-20", "2007-04-20"),
        # 1 January 2007 to 1 April 2024: 17 × 365 + 4 leap days + 91 = 6300 days
        step("TRANSITION_PANEL_REFERRAL", "CSC_OTHER", "2024-04-01", "2007-01-01"),
    ]
    figures = run(["5.2", "5.3"], {"transition_events": rows}, "2024-04")
    # 5.2: (6392 + 6407 + 6940) / 365.25 = 54.042437 years over 3 steps = 18.014146 -> 18.0
    assert figures.value("5.2", "2024-04") == "18.0"
    assert figures.parts("5.2", "2024-04") == (Decimal("54.042437"), Decimal(3))
    # 5.3: 6300 / 365.25 = 17.248460 -> 17.2
    assert figures.value("5.3", "2024-04") == "17.2"


def test_a_step_dated_before_the_young_persons_birth_is_refused(run: Run) -> None:
    """It would count at an age below 0 where only max_age is given (or neither), pulling the
    mean down or below zero; the extract is refused instead, naming the row."""
    rows = [
        step("CARE_ACT_ASSESSMENT_COMPLETED", "CSC_OTHER", "2024-04-20", "2005-04-20"),
        step("CARE_ACT_ASSESSMENT_COMPLETED", "CSC_OTHER", "2024-04-20", "2024-04-21"),
    ]
    with pytest.raises(ExtractError, match=r"event_date is before date_of_birth.*\(row 2\)"):
        run(
            "5.2",
            {"transition_events": rows},
            "2024-04",
            parameters={
                "5.2": {
                    "event_type": "CARE_ACT_ASSESSMENT_COMPLETED",
                    "teams": ["CSC_OTHER"],
                    "max_age": 15,
                }
            },
        )


def internship(
    start: str, end: str | None, born: str, has_ehcp: bool = True, **more: object
) -> dict:
    return {
        "start_date": d(start),
        "end_date": d(end) if end else None,
        "date_of_birth": d(born),
        "has_ehcp": has_ehcp,
        **more,
    }


def test_young_people_in_internships_at_the_end_of_september(run: Run) -> None:
    i1 = internship("2024-09-30", None, "2005-01-01", internship_id="I1", person_id="I1")
    rows = [
        i1,  # starts on the last day of September: in
        i1,  # an exact copy counts once
        internship("2024-10-01", None, "2005-01-01"),  # starts 1 October: out
        internship("2023-09-01", "2024-09-30", "2005-01-01"),  # ends on the last day: in
        internship("2023-09-01", "2024-09-29", "2005-01-01"),  # ended the day before: out
        internship("2024-09-01", None, "2005-01-01", has_ehcp=False),  # no EHC plan: out
        internship("2024-09-01", "2025-07-31", "2008-09-30"),  # 16 on 30 September: in
        internship("2024-09-01", None, "2008-10-01"),  # 15: out
        internship("2024-09-01", "2025-06-30", "1999-10-01"),  # 24 (25 tomorrow): in
        internship("2024-09-01", None, "1999-09-30"),  # 25 today: out
        # one young person with two internships: once
        internship("2024-09-01", "2025-07-31", "2006-01-01", person_id="TWO"),
        internship("2024-09-15", "2025-07-31", "2006-01-01", person_id="TWO"),
    ]
    figures = run("5.6", {"supported_internships": rows}, "2024-04", "2025-09")
    # due in September only
    assert figures.months("5.6") == ["2024-09", "2025-09"]
    # 30 September 2024: I1, the one ending that day, the 16- and 24-year-olds, TWO = 5
    assert figures.value("5.6", "2024-09") == "5"
    assert figures.parts("5.6", "2024-09") == (None, None)
    # 30 September 2025: I1 (20), still open; the 1 October 2024 starter (20); the 15-year-old,
    # now 16: 3
    assert figures.value("5.6", "2025-09") == "3"


def test_no_internships_open_is_0(run: Run) -> None:
    rows = [internship("2023-09-01", "2024-07-31", "2005-01-01")]
    figures = run("5.6", {"supported_internships": rows}, "2024-09")
    assert figures.value("5.6", "2024-09") == "0"
