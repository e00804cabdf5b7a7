"""Suspected autism referrals open for 13 weeks or more (1/2.1)."""

from __future__ import annotations

import ibis
import ibis.expr.types as ir
from pydantic import Field, model_validator

from scorecard.compute.recipes.base import (
    MAX_AGE,
    MAX_WEEKS,
    Aggregates,
    Context,
    Outcome,
    Parameters,
    Recipe,
    Tables,
    WholeNumber,
    Window,
    age_in_years,
    days_between,
    open_at_month_ends,
    percentage,
    total,
)
from scorecard.domain.catalogue import Unit
from scorecard.domain.periods import Month


class AutismOpenParameters(Parameters):
    weeks: WholeNumber = Field(13, ge=1, le=MAX_WEEKS)
    min_age: WholeNumber = Field(0, ge=0, le=MAX_AGE)
    max_age: WholeNumber = Field(17, ge=0, le=MAX_AGE)

    @model_validator(mode="after")
    def _ages_in_order(self) -> AutismOpenParameters:
        if self.max_age < self.min_age:
            raise ValueError("max_age must not be below min_age")
        return self


class AutismOpenWeeks(Recipe[AutismOpenParameters]):
    """ "Percentage of patients aged 0 to 17 with an open suspected autism referral in the month
    that have been open for at least 13 weeks."

    Open in the month: open at the end of it, that is received on or before the last day of the
    month (referral_date <= last day) and not closed by then (closed_date empty, or after the
    last day: a referral closed on the last day is not open). Aged 0 to 17: min_age to max_age
    whole years on the last day of the month, both included (a 17th birthday on the last day
    counts as 17; an 18th does not), as `base.age_in_years` counts them from the referral's
    date_of_birth. Denominator: the distinct people (person_id) with such a referral. Numerator:
    those of them with such a referral open for at least 13 weeks, that is at least 7 × weeks
    days from referral_date to the last day of the month (91 days counts, 90 does not). A
    person with several open referrals counts once. No one open: not available.
    """

    name = "autism_open_13_weeks"
    unit = Unit.PERCENT
    version = "1"
    extracts = ("autism_referrals",)
    Params = AutismOpenParameters

    def aggregates(
        self, tables: Tables, params: AutismOpenParameters, window: Window, context: Context
    ) -> ir.Table:
        t = tables["autism_referrals"]
        t = t.filter(t.referral_date <= window.end)

        def open_people(records: ir.Table) -> ir.Table:
            """la_code, key (the month), long (1 or 0): one row per referral open and in the
            ages at a month's end."""
            joined = open_at_month_ends(records, window, "referral_date", ["closed_date"])
            age = age_in_years(joined.month_end, joined.date_of_birth)
            open_ = joined.filter(age >= params.min_age, age <= params.max_age)
            long = days_between(open_.month_end, open_.referral_date) >= 7 * params.weeks
            return open_.select(
                la_code=open_.la_code,
                key=open_.month,
                person_id=open_.person_id,
                long=long.ifelse(1, 0),
            )

        # A person counts once a month however many referrals they have open. Most people
        # have one referral, which needs no grouping by person; only the people with several
        # are grouped.
        several = (
            t.group_by("person_id").aggregate(referrals=t.count()).filter(ibis._.referrals > 1)
        )
        one = open_people(t.anti_join(several, "person_id"))
        grouped = open_people(t.semi_join(several, "person_id"))
        many = grouped.group_by(
            la_code=grouped.la_code, key=grouped.key, person_id=grouped.person_id
        ).aggregate(long=grouped.long.max())
        people = one.union(many.select(*one.columns))
        return people.group_by(la_code=people.la_code, key=people.key).aggregate(
            long_waiting=people.long.sum(), people=people.count()
        )

    def outcome(
        self,
        sums: Aggregates,
        la_code: str,
        month: Month,
        params: AutismOpenParameters,
        context: Context,
    ) -> Outcome:
        keys = [month.first_day]
        long_waiting = total(sums, la_code, keys, "long_waiting")
        return percentage(long_waiting, total(sums, la_code, keys, "people"), context.decimals)
