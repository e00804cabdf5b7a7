"""EHC plan timeliness (3.1) and weeks to a final plan (3.2)."""

from __future__ import annotations

from decimal import Decimal

import ibis.expr.types as ir
from pydantic import Field

from scorecard.compute.recipes.base import (
    MAX_MONTHS,
    MAX_WEEKS,
    Aggregates,
    Context,
    Outcome,
    Parameters,
    Recipe,
    Tables,
    TrueOrFalse,
    WholeNumber,
    Window,
    days_between,
    in_window,
    mean,
    month_key,
    percentage,
    total,
)
from scorecard.domain.catalogue import Unit
from scorecard.domain.periods import Month


class TimelinessParameters(Parameters):
    weeks: WholeNumber = Field(20, ge=1, le=MAX_WEEKS)
    exclude_exceptions: TrueOrFalse = False


def _issued(tables: Tables, window: Window, exclude_exceptions: bool) -> ir.Table:
    t = tables["ehc_needs_assessments"]
    issued = t.filter(
        t.final_plan_issued_date.notnull(), in_window(t.final_plan_issued_date, window)
    )
    if exclude_exceptions:
        issued = issued.filter(~issued.exception)
    return issued


class EhcpWithinWeeks(Recipe[TimelinessParameters]):
    """ "The percentage of final EHCP being issued within the statutory 20 weeks. The Local
    Authority has 20 weeks from the date they receive a request for an assessment to provide the
    final EHCP."

    Denominator: the requests whose final_plan_issued_date falls in the reporting month (first
    and last day included); requests without a final plan are not counted. Numerator: those
    issued within 20 weeks, that is at most 7 × weeks days from request_received_date to
    final_plan_issued_date (140 days counts, 141 does not). `exclude_exceptions: true` leaves
    out exception cases (exception true) from numerator and denominator, as DfE's national
    headline does. No plan issued in the month: not available.
    """

    name = "ehcp_within_weeks"
    unit = Unit.PERCENT
    version = "1"
    extracts = ("ehc_needs_assessments",)
    Params = TimelinessParameters

    def aggregates(
        self, tables: Tables, params: TimelinessParameters, window: Window, context: Context
    ) -> ir.Table:
        issued = _issued(tables, window, params.exclude_exceptions)
        days = days_between(issued.final_plan_issued_date, issued.request_received_date)
        return issued.group_by(
            la_code=issued.la_code, key=month_key(issued.final_plan_issued_date)
        ).aggregate(within=(days <= 7 * params.weeks).ifelse(1, 0).sum(), issued=issued.count())

    def outcome(
        self,
        sums: Aggregates,
        la_code: str,
        month: Month,
        params: TimelinessParameters,
        context: Context,
    ) -> Outcome:
        keys = [month.first_day]
        within = total(sums, la_code, keys, "within")
        return percentage(within, total(sums, la_code, keys, "issued"), context.decimals)


class RollingParameters(Parameters):
    rolling_months: WholeNumber = Field(3, ge=1, le=MAX_MONTHS)
    exclude_exceptions: TrueOrFalse = False


class EhcpWeeksToPlan(Recipe[RollingParameters]):
    """ "The average number of weeks from the date a request is received for an assessment to
    provide a final EHCP. This is using a 3-month rolling figure."

    The requests whose final_plan_issued_date falls in the `rolling_months` calendar months
    ending with the reporting month, from the first day of the earliest to the last day of the
    reporting month, both included (3 months: June 2024 covers 1 April to 30 June 2024). Weeks
    from request_received_date to final_plan_issued_date are days / 7. Value: the mean weeks
    over those plans (not a mean of monthly means). Numerator: the total weeks (exact to 6
    places); denominator: the plans. `exclude_exceptions: true` leaves out exception cases. No
    plan issued in those months: not available.
    """

    name = "ehcp_weeks_to_plan"
    unit = Unit.WEEKS
    version = "1"
    extracts = ("ehc_needs_assessments",)
    Params = RollingParameters

    def lookback(self, params: RollingParameters) -> int:
        return params.rolling_months - 1

    def aggregates(
        self, tables: Tables, params: RollingParameters, window: Window, context: Context
    ) -> ir.Table:
        issued = _issued(tables, window, params.exclude_exceptions)
        days = days_between(issued.final_plan_issued_date, issued.request_received_date)
        return issued.group_by(
            la_code=issued.la_code, key=month_key(issued.final_plan_issued_date)
        ).aggregate(days=days.sum(), issued=issued.count())

    def outcome(
        self,
        sums: Aggregates,
        la_code: str,
        month: Month,
        params: RollingParameters,
        context: Context,
    ) -> Outcome:
        keys = [month.plus(-k).first_day for k in range(params.rolling_months)]
        days = total(sums, la_code, keys, "days")
        return mean(days, total(sums, la_code, keys, "issued"), Decimal(7), context.decimals)
