"""Advice for EHC needs assessments (3.3 EP, 3.4 health, 3.5 social care) and audits of EHC
plans (3.6)."""

from __future__ import annotations

from typing import Literal

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
    WholeNumber,
    Window,
    days_between,
    in_window,
    month_key,
    percentage,
    total,
)
from scorecard.domain.catalogue import Unit
from scorecard.domain.periods import Month

Grade = Literal["OUTSTANDING", "GOOD", "REQUIRES_IMPROVEMENT", "INADEQUATE"]


class AdviceParameters(Parameters):
    advice_type: Literal["EP", "HEALTH", "SOCIAL_CARE"]
    weeks: WholeNumber = Field(6, ge=1, le=MAX_WEEKS)


class AdviceWithinWeeks(Recipe[AdviceParameters]):
    """ "The percentage of requests for information to contribute to an Education, Health and
    Care Needs assessment completed within the reporting month which were completed within 6
    weeks of receipt."

    Denominator: the advice requests of `advice_type` whose completed_date falls in the
    reporting month (first and last day included); requests not completed (completed_date
    empty) are not counted. Numerator: those completed within 6 weeks of receipt, that is at
    most 7 × weeks days from requested_date to completed_date (42 days counts, 43 does not).
    None completed in the month: not available.
    """

    name = "advice_within_weeks"
    unit = Unit.PERCENT
    version = "1"
    extracts = ("advice_requests",)
    Params = AdviceParameters

    def aggregates(
        self, tables: Tables, params: AdviceParameters, window: Window, context: Context
    ) -> ir.Table:
        t = tables["advice_requests"]
        done = t.filter(
            t.advice_type == params.advice_type,
            t.completed_date.notnull(),
            in_window(t.completed_date, window),
        )
        within = days_between(done.completed_date, done.requested_date) <= 7 * params.weeks
        return done.group_by(la_code=done.la_code, key=month_key(done.completed_date)).aggregate(
            within=within.ifelse(1, 0).sum(), completed=done.count()
        )

    def outcome(
        self,
        sums: Aggregates,
        la_code: str,
        month: Month,
        params: AdviceParameters,
        context: Context,
    ) -> Outcome:
        keys = [month.first_day]
        within = total(sums, la_code, keys, "within")
        return percentage(within, total(sums, la_code, keys, "completed"), context.decimals)


class AuditParameters(Parameters):
    window_months: WholeNumber = Field(12, ge=1, le=MAX_MONTHS)
    grades: tuple[Grade, ...] = Field(("OUTSTANDING", "GOOD"), min_length=1)


class AuditsGoodOrBetter(Recipe[AuditParameters]):
    """ "The percentage of EHCPs graded a good or outstanding following an internal audit and
    moderation process"

    Denominator: the audits whose audit_date (the day the moderated grade was agreed) falls in
    the `window_months` calendar months ending with the reporting month, from the first day of
    the earliest to the last day of the reporting month, both included (12 months: May 2024
    covers 1 June 2023 to 31 May 2024). Numerator: those graded one of `grades` (OUTSTANDING or
    GOOD). Each audit counts, so a plan audited twice in the window counts twice. No audits in
    the window: not available.
    """

    name = "audits_good_or_better"
    unit = Unit.PERCENT
    version = "1"
    extracts = ("ehcp_audits",)
    Params = AuditParameters

    def lookback(self, params: AuditParameters) -> int:
        return params.window_months - 1

    def aggregates(
        self, tables: Tables, params: AuditParameters, window: Window, context: Context
    ) -> ir.Table:
        t = tables["ehcp_audits"]
        audits = t.filter(in_window(t.audit_date, window))
        good = audits.grade.isin(list(params.grades))
        return audits.group_by(la_code=audits.la_code, key=month_key(audits.audit_date)).aggregate(
            good=good.ifelse(1, 0).sum(), audits=audits.count()
        )

    def outcome(
        self,
        sums: Aggregates,
        la_code: str,
        month: Month,
        params: AuditParameters,
        context: Context,
    ) -> Outcome:
        keys = [month.plus(-k).first_day for k in range(params.window_months)]
        good = total(sums, la_code, keys, "good")
        return percentage(good, total(sums, la_code, keys, "audits"), context.decimals)
