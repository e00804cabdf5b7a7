"""4.1 specialist places created (recipe places_created), 4.2 EHC plans in mainstream settings
(recipe ehcp_mainstream_share), 4.3 and 4.4 days in alternative provision (recipe
ap_days_in_provision)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from scorecard.compute.engines import Engine
from tests.unit.compute.helpers import Run, d


def change(kind: str, places: int, day: str, **more: object) -> dict:
    return {"provision_type": kind, "places_created": places, "available_date": d(day), **more}


def test_places_created_in_the_quarter_reported_in_june_only(run: Run) -> None:
    c3 = change("SSC", 4, "2024-06-30", change_id="C3")
    rows = [
        change("SSC", 10, "2024-04-01"),  # first day of the 3 months to June: in
        change("SSC", 5, "2024-03-31"),  # the day before: out
        c3,  # last day of June: in
        c3,  # an exact copy counts once
        change("SSC", 7, "2024-07-01"),  # after June: out
        change("SSC", -2, "2024-05-15"),  # places removed count against
        change("SPECIAL_SCHOOL", 8, "2024-05-01"),
    ]
    # from June: the window's April and May come before the first month computed
    figures = run("4.1", {"specialist_places": rows}, "2024-06", "2025-09")
    assert figures.months("4.1", "ssc") == ["2024-06", "2025-06"]
    assert figures.months("4.1", "special_school") == ["2024-06", "2025-06"]
    # SSC, April to June 2024: 10 + 4 - 2 = 12 (published as "12 SCC"); a count, no parts
    assert figures.value("4.1", "2024-06", "ssc") == "12"
    assert figures.parts("4.1", "2024-06", "ssc") == (None, None)
    assert figures.value("4.1", "2024-06", "special_school") == "8"
    # April to June 2025: no changes at all: 0 places created, not "not available"
    assert figures.value("4.1", "2025-06", "ssc") == "0"
    assert figures.value("4.1", "2025-06", "special_school") == "0"


def placement(snapshot: str, born: str, setting: str, **more: object) -> dict:
    return {
        "snapshot_date": d(snapshot),
        "date_of_birth": d(born),
        "setting_type": setting,
        **more,
    }


@pytest.mark.parametrize(
    "engine", [Engine.DUCKDB, pytest.param(Engine.SPARK, marks=pytest.mark.spark)]
)
def test_mainstream_share_of_the_latest_snapshot_in_the_month(run: Run, engine: Engine) -> None:
    m6 = placement("2024-04-30", "2015-01-01", "MAINSTREAM", person_id="M6")
    rows = [
        placement("2024-04-30", "2019-04-30", "MAINSTREAM", person_id="M1"),  # 5 today: in
        placement("2024-04-30", "2019-05-01", "MAINSTREAM", person_id="M2"),  # 4: out
        placement("2024-04-30", "2007-04-30", "MAINSTREAM", person_id="M3"),  # 17 today: out
        placement("2024-04-30", "2007-05-01", "SPECIAL", person_id="M4"),  # 16: in
        placement("2024-04-30", "2012-02-29", "SSC", person_id="M5"),  # 12: in
        m6,  # 9: in
        m6,  # an exact copy counts once
        # an earlier snapshot in April: not the latest, ignored
        placement("2024-04-15", "2014-01-01", "MAINSTREAM", person_id="M7"),
        placement("2024-04-15", "2014-01-01", "MAINSTREAM", person_id="M8"),
        # June's only snapshot is on its first day
        placement("2024-06-01", "2014-01-01", "MAINSTREAM", person_id="M7"),
        # July's
        placement("2024-07-01", "2014-01-01", "INDEPENDENT_SPECIAL", person_id="M7"),
    ]
    figures = run("4.2", {"ehcp_placements": rows}, "2024-04", "2024-07", engine=engine)
    # April, 30 April snapshot: aged 5-16: M1, M4, M5, M6; mainstream: M1, M6: 2 / 4 = 50.0%
    assert figures.value("4.2", "2024-04") == "50.0"
    assert figures.parts("4.2", "2024-04") == (Decimal(2), Decimal(4))
    # May: no snapshot -> not available
    assert figures.value("4.2", "2024-05") is None
    assert figures.value("4.2", "2024-06") == "100.0"
    assert figures.value("4.2", "2024-07") == "0.0"


def test_a_29_february_birthday_at_the_age_limit(run: Run) -> None:
    rows = [
        # born 29 February 2008: 16 on 28 February 2025, 17 from 1 March 2025
        placement("2025-02-28", "2008-02-29", "MAINSTREAM", person_id="LEAP"),
        placement("2025-02-28", "2015-01-01", "SPECIAL", person_id="P2"),
        placement("2025-03-31", "2008-02-29", "MAINSTREAM", person_id="LEAP"),
        placement("2025-03-31", "2015-01-01", "SPECIAL", person_id="P2"),
    ]
    figures = run("4.2", {"ehcp_placements": rows}, "2025-02", "2025-03")
    assert figures.value("4.2", "2025-02") == "50.0"  # 1 of 2
    assert figures.value("4.2", "2025-03") == "0.0"  # LEAP is 17: 0 of 1
    assert figures.parts("4.2", "2025-03") == (Decimal(0), Decimal(1))


def episode(
    provision: str, start: str, end: str | None, has_ehcp: bool = True, **more: object
) -> dict:
    return {
        "provision": provision,
        "start_date": d(start),
        "end_date": d(end) if end else None,
        "has_ehcp": has_ehcp,
        **more,
    }


def test_mean_days_of_the_episodes_ending_in_the_month(run: Run) -> None:
    e2 = episode("APC", "2024-04-01", "2024-04-30", episode_id="E2", person_id="P2")
    rows = [
        # ends on the first day of April: 1 January to 1 April 2024, both days counted:
        # 31 + 29 + 31 + 1 = 92 days
        episode("APC", "2024-01-01", "2024-04-01"),
        # ends on the last day of April: 1 to 30 April = 30 days; an exact copy counts once
        e2,
        e2,
        # no EHC plan: counts for the APC (all children): 14 and 15 April = 2 days
        episode("APC", "2024-04-14", "2024-04-15", has_ehcp=False),
        # ends 1 May: May (2 days), with another of 3 days
        episode("APC", "2024-04-30", "2024-05-01"),
        episode("APC", "2024-05-01", "2024-05-03"),
        # open: never counted
        episode("APC", "2023-09-01", None),
        # IAP with a plan: 1 March to 10 April = 31 + 10 = 41 days
        episode("IAP", "2024-03-01", "2024-04-10"),
        # IAP without a plan: not counted for 4.4
        episode("IAP", "2024-04-01", "2024-04-20", has_ehcp=False),
    ]
    figures = run(["4.3", "4.4"], {"ap_episodes": rows}, "2024-04", "2024-06")
    # APC April: (92 + 30 + 2) / 3 = 41.333 -> 41 (0 decimals); numerator 124 days
    assert figures.value("4.3", "2024-04") == "41"
    assert figures.parts("4.3", "2024-04") == (Decimal(124), Decimal(3))
    # APC May: (2 + 3) / 2 = 2.5 -> 3 (half away from zero)
    assert figures.value("4.3", "2024-05") == "3"
    # IAP with plans, April: 41
    assert figures.value("4.4", "2024-04") == "41"
    assert figures.parts("4.4", "2024-04") == (Decimal(41), Decimal(1))
    # nothing ended in June: not available
    assert figures.value("4.3", "2024-06") is None
    assert figures.value("4.4", "2024-05") is None
