"""3.1 final EHC plans issued within 20 weeks (recipe ehcp_within_weeks) and 3.2 average weeks
to a final plan, 3-month rolling (recipe ehcp_weeks_to_plan)."""

from __future__ import annotations

from decimal import Decimal

from tests.unit.compute.helpers import Run, d


def plan(received: str, issued: str | None, **more: object) -> dict:
    return {
        "request_received_date": d(received),
        "final_plan_issued_date": d(issued) if issued else None,
        **more,
    }


def june_plans(*, exceptions: bool) -> list[dict]:
    e1 = plan("2024-01-31", "2024-06-19", request_id="E1", person_id="P1")
    return [
        # 31 January to 19 June 2024: 29 (to 29 Feb) + 31 + 30 + 31 + 19 = 140 days: within
        e1,
        e1,  # an exact copy counts once
        # a day earlier: 141 days: not within
        plan("2024-01-30", "2024-06-19", exception=exceptions),
        # issued on the first day of June: 1 February to 1 June = 121 days: within
        plan("2024-02-01", "2024-06-01"),
        # issued on the last day of June: 1 December 2023 to 30 June 2024 = 212 days: not within
        plan("2023-12-01", "2024-06-30", exception=exceptions),
        # issued 1 July: not in June
        plan("2024-06-01", "2024-07-01"),
        # not issued: never counted
        plan("2024-01-01", None),
    ]


def test_plans_issued_in_the_month_within_20_weeks(run: Run) -> None:
    figures = run("3.1", {"ehc_needs_assessments": june_plans(exceptions=True)}, "2024-06")
    # exceptions counted as the seed's definition does: within 2 of 4 = 50.0%
    assert figures.value("3.1", "2024-06") == "50.0"
    assert figures.parts("3.1", "2024-06") == (Decimal(2), Decimal(4))


def test_exceptions_left_out_as_dfe_does(run: Run) -> None:
    figures = run(
        "3.1",
        {"ehc_needs_assessments": june_plans(exceptions=True)},
        "2024-06",
        parameters={"3.1": {"weeks": "20", "exclude_exceptions": "true"}},
    )
    # the 141- and 212-day plans are exceptions: within 2 of the 2 left = 100.0%
    assert figures.value("3.1", "2024-06") == "100.0"
    assert figures.parts("3.1", "2024-06") == (Decimal(2), Decimal(2))


def test_no_plans_issued_is_not_available(run: Run) -> None:
    figures = run(
        "3.1", {"ehc_needs_assessments": june_plans(exceptions=False)}, "2024-05", "2024-07"
    )
    assert figures.value("3.1", "2024-05") is None
    # July: 1 June to 1 July = 30 days, within: 100.0%
    assert figures.value("3.1", "2024-07") == "100.0"


def test_weeks_to_plan_over_3_months_rolling(run: Run) -> None:
    rows = [
        # P0: issued 1 February 2024, 62 days (1 December 2023 + 31 + 31)
        plan("2023-12-01", "2024-02-01"),
        # P1: issued 1 April 2024, 91 days (1 January + 31 + 29 + 31)
        plan("2024-01-01", "2024-04-01"),
        # P2: issued 31 March 2024, 90 days
        plan("2024-01-01", "2024-03-31"),
        # P3: issued 30 June 2024, 30 days
        plan("2024-05-31", "2024-06-30"),
        # P4: issued 1 July 2024, 30 days
        plan("2024-06-01", "2024-07-01"),
        # an exception still counts: the plan's 3.2 does not leave them out
        plan("2024-06-01", "2024-06-01", exception=True),
    ]
    figures = run("3.2", {"ehc_needs_assessments": rows}, "2024-04", "2024-10")
    # April (February to April, before the first month computed): P0, P2 and P1:
    # (62 + 90 + 91) / 3 = 81 days = 11.571429 weeks -> 11.57; numerator 243 / 7 weeks
    assert figures.value("3.2", "2024-04") == "11.57"
    assert figures.parts("3.2", "2024-04") == (Decimal("34.714286"), Decimal(3))
    # June (April to June): P1 (issued two months before, counts), P3 and the same-day plan;
    # P2 (three months before) does not: (91 + 30 + 0) / 3 = 40.333 days = 5.761905 -> 5.76
    assert figures.value("3.2", "2024-06") == "5.76"
    assert figures.parts("3.2", "2024-06") == (Decimal("17.285714"), Decimal(3))
    # July (May to July): P3, P4, same-day: 60 / 3 = 20 days = 2.857143 -> 2.86
    assert figures.value("3.2", "2024-07") == "2.86"
    # September (July to September): P4: 30 days = 4.285714 -> 4.29
    assert figures.value("3.2", "2024-09") == "4.29"
    # October (August to October): nothing -> not available
    assert figures.value("3.2", "2024-10") is None
