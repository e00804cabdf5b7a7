"""Preparation for adulthood: age at transition steps (5.1-5.3) and young people in supported
internships (5.6)."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

import ibis.expr.types as ir
from pydantic import Field, model_validator

from scorecard.compute.recipes.base import (
    MAX_AGE,
    Aggregates,
    Context,
    Outcome,
    Parameters,
    Recipe,
    Tables,
    TrueOrFalse,
    WholeNumber,
    Window,
    age_in_years,
    days_between,
    in_window,
    mean,
    month_key,
    total,
)
from scorecard.domain.catalogue import Unit
from scorecard.domain.periods import Month

DAYS_IN_A_YEAR = Decimal("365.25")


class TransitionParameters(Parameters):
    event_type: Literal[
        "INITIAL_CONTACT", "CARE_ACT_ASSESSMENT_COMPLETED", "TRANSITION_PANEL_REFERRAL"
    ]
    teams: tuple[Literal["CWD", "CSC_OTHER"], ...] = Field(min_length=1)
    min_age: WholeNumber | None = Field(None, ge=0, le=MAX_AGE)
    max_age: WholeNumber | None = Field(None, ge=0, le=MAX_AGE)

    @model_validator(mode="after")
    def _ages_in_order(self) -> TransitionParameters:
        if self.min_age is not None and self.max_age is not None and self.max_age < self.min_age:
            raise ValueError("max_age must not be below min_age")
        return self


class TransitionAverageAge(Recipe[TransitionParameters]):
    """ "All children allocated to the Children with Disabilities team who are aged 14 to 17
    with an initial contact step started in Mosaic. (Child with Disabilities to Lifelong
    Services pathway)" (5.1); "All children who have a Care Act Assessment completed who are
    allocated to CSC teams, other than Children with Disabilities team." (5.2); "All children
    with a transitional panel referral step in Mosaic who are allocated to CSC teams, other than
    Children with Disabilities team. (Non-Children with Disabilities Team to Working Age Mental
    Health Service)" (5.3). Each is the average age of the young person at the step.

    The steps of `event_type` whose event_date falls in the reporting month (first and last day
    included) by one of `teams`; when min_age or max_age is given, only those aged min_age to
    max_age in whole years on event_date, both included. Each step counts (a young person with
    two such steps in the month counts twice). Age at a step: event_date - date_of_birth in
    days. Value: the mean age in years, total days / 365.25 / steps, rounded to the metric's
    decimal places. The age limits count whole years and the value days, so a step on a 14th
    birthday is in 14 to 17 though its days / 365.25 may fall just short of 14 (5113 days,
    13.9986, when the 14 years held three 29 Februaries), and one on an 18th birthday is out
    though its days / 365.25 may fall just short of 18. Numerator: the total age in years (exact
    to 6 places); denominator: the steps. No steps in the month: not available.
    """

    name = "transition_average_age"
    unit = Unit.YEARS
    version = "1"
    extracts = ("transition_events",)
    Params = TransitionParameters

    def aggregates(
        self, tables: Tables, params: TransitionParameters, window: Window, context: Context
    ) -> ir.Table:
        t = tables["transition_events"]
        conditions = [
            t.event_type == params.event_type,
            t.team.isin(list(params.teams)),
            in_window(t.event_date, window),
        ]
        age = age_in_years(t.event_date, t.date_of_birth)
        if params.min_age is not None:
            conditions.append(age >= params.min_age)
        if params.max_age is not None:
            conditions.append(age <= params.max_age)
        steps = t.filter(*conditions)
        return steps.group_by(la_code=steps.la_code, key=month_key(steps.event_date)).aggregate(
            days=days_between(steps.event_date, steps.date_of_birth).sum(), steps=steps.count()
        )

    def outcome(
        self,
        sums: Aggregates,
        la_code: str,
        month: Month,
        params: TransitionParameters,
        context: Context,
    ) -> Outcome:
        keys = [month.first_day]
        days = total(sums, la_code, keys, "days")
        return mean(days, total(sums, la_code, keys, "steps"), DAYS_IN_A_YEAR, context.decimals)


class InternshipParameters(Parameters):
    min_age: WholeNumber = Field(16, ge=0, le=MAX_AGE)
    max_age: WholeNumber = Field(24, ge=0, le=MAX_AGE)
    ehcp_only: TrueOrFalse = True

    @model_validator(mode="after")
    def _ages_in_order(self) -> InternshipParameters:
        if self.max_age < self.min_age:
            raise ValueError("max_age must not be below min_age")
        return self


class SupportedInternshipsCount(Recipe[InternshipParameters]):
    """ "The number Internship of young people (16-24) with EHCPs in supported internships"

    The distinct people (person_id) with a supported internship on the last day of the
    reporting month: start_date on or before that day, and end_date empty or on or after it
    (end_date is the internship's last day, so one ending on the last day of the month counts);
    aged min_age to max_age in whole years on that day, both included; with has_ehcp true when
    `ehcp_only`. No such internships: 0. No numerator or denominator.
    """

    name = "supported_internships_count"
    unit = Unit.COUNT
    version = "1"
    extracts = ("supported_internships",)
    Params = InternshipParameters

    def aggregates(
        self, tables: Tables, params: InternshipParameters, window: Window, context: Context
    ) -> ir.Table:
        t = tables["supported_internships"]
        t = t.filter(t.start_date <= window.end)
        if params.ehcp_only:
            t = t.filter(t.has_ehcp)
        months = window.month_ends()
        joined = t.join(months, t.start_date <= months.month_end)
        end = joined.month_end
        age = age_in_years(end, joined.date_of_birth)
        on = joined.filter(
            joined.end_date.isnull() | (joined.end_date >= end),
            age >= params.min_age,
            age <= params.max_age,
        )
        return on.group_by(la_code=on.la_code, key=on.month).aggregate(
            interns=on.person_id.nunique()
        )

    def outcome(
        self,
        sums: Aggregates,
        la_code: str,
        month: Month,
        params: InternshipParameters,
        context: Context,
    ) -> Outcome:
        return Outcome(Decimal(total(sums, la_code, [month.first_day], "interns")))
