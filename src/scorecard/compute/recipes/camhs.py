"""CAMHS waits for a first assessment (1/2.4)."""

from __future__ import annotations

from typing import Literal, get_args

import ibis.expr.types as ir
from pydantic import Field, model_validator

from scorecard.compute.recipes.base import (
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
    open_at_month_ends,
    percentage,
    total,
)
from scorecard.domain.catalogue import Unit
from scorecard.domain.periods import Month

Team = Literal["COMMUNITY", "ED", "PERINATAL", "SPOA", "OTHER"]


class CamhsParameters(Parameters):
    weeks: WholeNumber = Field(4, ge=1, le=MAX_WEEKS)
    excluded_teams: tuple[Team, ...] = ("ED", "PERINATAL", "SPOA")

    @model_validator(mode="after")
    def _a_team_left(self) -> CamhsParameters:
        if set(get_args(Team)) <= set(self.excluded_teams):
            raise ValueError(
                "excluded_teams leaves no team, so no referral would ever be counted and every "
                "month would be not available; leave at least one team out of it"
            )
        return self


class CamhsWaitingWithin(Recipe[CamhsParameters]):
    """ "Percentage of referrals waiting for first assessment who have been waiting 4 weeks or
    less at the end of the reporting period excluding ED, Perinatal and West Sussex SPOA."

    The referrals of every team but `excluded_teams` waiting at the end of the month: received
    on or before its last day (referral_date <= last day), and neither first assessed nor
    closed by then (first_assessment_date and closed_date each empty or after the last day: a
    referral assessed on the last day is not waiting). Waiting 4 weeks or less: at most
    7 × weeks days from referral_date to the last day of the month (28 days counts, 29 does
    not; a referral received on the last day has waited 0 days). Each referral counts.
    Numerator: those waiting 4 weeks or less; denominator: all waiting. No one waiting: not
    available.
    """

    name = "camhs_waiting_within"
    unit = Unit.PERCENT
    version = "1"
    extracts = ("camhs_referrals",)
    Params = CamhsParameters

    def aggregates(
        self, tables: Tables, params: CamhsParameters, window: Window, context: Context
    ) -> ir.Table:
        t = tables["camhs_referrals"]
        t = t.filter(~t.team.isin(list(params.excluded_teams)), t.referral_date <= window.end)
        waiting = open_at_month_ends(
            t, window, "referral_date", ["first_assessment_date", "closed_date"]
        )
        end = waiting.month_end
        within = days_between(end, waiting.referral_date) <= 7 * params.weeks
        return waiting.group_by(la_code=waiting.la_code, key=waiting.month).aggregate(
            within=within.ifelse(1, 0).sum(), waiting=waiting.count()
        )

    def outcome(
        self,
        sums: Aggregates,
        la_code: str,
        month: Month,
        params: CamhsParameters,
        context: Context,
    ) -> Outcome:
        keys = [month.first_day]
        within = total(sums, la_code, keys, "within")
        return percentage(within, total(sums, la_code, keys, "waiting"), context.decimals)
