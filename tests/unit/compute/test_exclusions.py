"""4.5 and 4.6: pupils permanently excluded in the last term, on SEN support or with an EHC plan
(recipe exclusions_in_last_term)."""

from __future__ import annotations

import datetime as dt

import pytest

from scorecard.compute.engines import Engine
from scorecard.compute.recipes.registry import PLAN_CHECK
from scorecard.domain.catalogue import TermDates
from scorecard.domain.periods import AcademicYear, Month, TermCalendar, TermStarts
from tests.unit.compute.helpers import OTHER_LA, Run, d


def exclusion(day: str, status: str, kind: str = "PERMANENT", **more: object) -> dict:
    return {"exclusion_date": d(day), "census_sen_status": status, "exclusion_type": kind, **more}


DEFAULT_CALENDAR_ROWS = [
    # default terms: spring 1 January - 31 March 2024, summer 1 April - 31 August 2024
    exclusion("2024-01-01", "K", exclusion_id="X1", person_id="P1"),  # first day of spring
    exclusion("2024-01-01", "K", exclusion_id="X1", person_id="P1"),  # exact copy: once
    exclusion("2024-03-31", "K"),  # last day of spring
    exclusion("2023-12-31", "K"),  # last day of autumn
    exclusion("2024-04-01", "K"),  # first day of summer
    exclusion("2024-02-01", "K", "SUSPENSION"),  # a suspension: never counted
    exclusion("2024-02-01", "E"),  # EHC plan: 4.6
    exclusion("2024-02-01", "K", person_id="TWICE"),  # one pupil excluded twice in spring
    exclusion("2024-03-01", "K", person_id="TWICE"),
    exclusion("2024-02-10", "N"),  # no SEN: neither
    exclusion("2024-08-31", "K"),  # last day of summer
    exclusion("2024-09-01", "K"),  # first day of autumn 2024/25
    exclusion("2024-02-01", "K", la_code=OTHER_LA),
]


@pytest.mark.parametrize(
    "engine", [Engine.DUCKDB, pytest.param(Engine.SPARK, marks=pytest.mark.spark)]
)
def test_the_last_complete_term_with_the_default_calendar(run: Run, engine: Engine) -> None:
    figures = run(
        ["4.5", "4.6"], {"exclusions": DEFAULT_CALENDAR_ROWS}, "2024-04", "2025-04", engine=engine
    )
    # due in April and August only
    assert figures.months("4.5") == ["2024-04", "2024-08", "2025-04"]
    assert figures.months("4.6") == ["2024-04", "2024-08", "2025-04"]
    # April 2024 reports spring 2023/24: P1 (1 January), 31 March, TWICE once = 3
    assert figures.value("4.5", "2024-04") == "3"
    assert figures.parts("4.5", "2024-04") == (None, None)
    assert figures.value("4.6", "2024-04") == "1"
    assert figures.value("4.5", "2024-04", la=OTHER_LA) == "1"
    # August 2024 reports summer 2023/24: 1 April and 31 August = 2
    assert figures.value("4.5", "2024-08") == "2"
    assert figures.value("4.6", "2024-08") == "0"
    # April 2025 reports spring 2024/25: none, a real 0 (1 September 2024 is autumn)
    assert figures.value("4.5", "2025-04") == "0"


CUSTOM_TERMS = {
    "2023/24": TermDates(
        autumn=dt.date(2023, 9, 4), spring=dt.date(2024, 1, 8), summer=dt.date(2024, 4, 15)
    ),
    "2024/25": TermDates(
        autumn=dt.date(2024, 9, 3), spring=dt.date(2025, 1, 6), summer=dt.date(2025, 4, 22)
    ),
}


def test_the_last_term_with_the_plan_s_own_term_dates(run: Run) -> None:
    rows = [
        exclusion("2024-01-07", "K"),  # last day of autumn 2023/24 (to 7 January)
        exclusion("2024-01-08", "K"),  # first day of spring 2023/24
        exclusion("2024-02-01", "K", person_id="P-feb"),  # spring
        exclusion("2024-04-14", "K"),  # last day of spring (to 14 April)
        exclusion("2024-04-15", "K"),  # first day of summer
        exclusion("2024-09-02", "K"),  # last day of summer (to 2 September)
        exclusion("2024-09-03", "K"),  # first day of autumn 2024/25
        exclusion("2025-01-05", "K"),  # last day of autumn 2024/25
    ]
    figures = run("4.5", {"exclusions": rows}, "2024-04", "2025-04", term_dates=CUSTOM_TERMS)
    # April 2024 reports the term in progress on 31 March: spring, 8 January - 14 April: 3
    assert figures.value("4.5", "2024-04") == "3"
    # August 2024 reports the term in progress on 31 July: summer, 15 April - 2 September
    # (it runs on to the day before autumn starts): 15 April and 2 September: 2
    assert figures.value("4.5", "2024-08") == "2"
    # April 2025 (to 30 April): spring 2024/25 runs 6 January - 21 April: none in it; the last
    # day of autumn (5 January) is not in it
    assert figures.value("4.5", "2025-04") == "0"


def test_a_custom_calendar_whose_summer_ends_in_august(run: Run) -> None:
    terms = {
        "2023/24": CUSTOM_TERMS["2023/24"],
        # autumn 2024/25 from 1 September: summer 2023/24 ends 31 August
        "2024/25": TermDates(
            autumn=dt.date(2024, 9, 1), spring=dt.date(2025, 1, 6), summer=dt.date(2025, 4, 22)
        ),
    }
    rows = [
        exclusion("2024-04-14", "K"),  # spring
        exclusion("2024-04-15", "K"),  # first day of summer
        exclusion("2024-08-31", "K"),  # last day of summer
        exclusion("2024-09-01", "K"),  # autumn
    ]
    figures = run("4.5", {"exclusions": rows}, "2024-08", term_dates=terms)
    assert figures.value("4.5", "2024-08") == "2"


def test_the_terms_a_figure_counts_are_those_of_the_plan_s_calendar() -> None:
    """What plan files are checked with: a plan giving its own term dates is warned of a year
    it leaves out that a figure's term depends on (docs/plan-format.md)."""
    calendar = TermCalendar(
        {
            AcademicYear(2023): TermStarts(
                dt.date(2023, 9, 4), dt.date(2024, 1, 8), dt.date(2024, 4, 15)
            )
        }
    )
    counted = PLAN_CHECK.terms_counted("exclusions_in_last_term", calendar, Month(2024, 4))
    assert [str(term) for term in counted] == ["Spring term 2023/24"]
    assert calendar.first_day(counted[0]) == dt.date(2024, 1, 8)
    assert PLAN_CHECK.terms_counted("ehcp_within_weeks", calendar, Month(2024, 4)) == ()
    assert PLAN_CHECK.terms_counted("no_such_recipe", calendar, Month(2024, 4)) == ()
