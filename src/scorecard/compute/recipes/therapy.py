"""Community therapy waits (1/2.2 SALT, 1/2.3 occupational therapy)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

import ibis.expr.types as ir

from scorecard.compute.recipes.base import (
    Aggregates,
    Context,
    Day,
    Outcome,
    Parameters,
    Recipe,
    Tables,
    Window,
    days_between,
    in_window,
    mean,
    month_key,
    total,
)
from scorecard.domain.catalogue import Unit
from scorecard.domain.periods import Month


class TherapyWaitParameters(Parameters):
    service: Literal["SALT", "OT"]
    referrals_from: Day = dt.date(2018, 4, 1)


class TherapyWaitWeeks(Recipe[TherapyWaitParameters]):
    """ "The average (mean) number of weeks between referral date and the first attended contact
    where the first attended contact falls within the reporting month, the initial referral was
    on or after 01/04/2018 and the referral was accepted."

    The referrals to `service` with referral_accepted true, referral_date on or after
    `referrals_from` (1 April 2018 counts), and first_attended_contact_date in the reporting
    month (first and last day included); referrals without a first attended contact are not
    counted. Weeks from referral_date to first_attended_contact_date are days / 7 (a contact
    on the day of referral is 0 weeks). Value: the mean weeks. Numerator: the total weeks
    (exact to 6 places); denominator: the referrals. None seen in the month: not available.
    """

    name = "therapy_wait_weeks"
    unit = Unit.WEEKS
    version = "1"
    extracts = ("therapy_referrals",)
    Params = TherapyWaitParameters

    def aggregates(
        self, tables: Tables, params: TherapyWaitParameters, window: Window, context: Context
    ) -> ir.Table:
        t = tables["therapy_referrals"]
        seen = t.filter(
            t.service == params.service,
            t.referral_accepted,
            t.referral_date >= params.referrals_from,
            t.first_attended_contact_date.notnull(),
            in_window(t.first_attended_contact_date, window),
        )
        return seen.group_by(
            la_code=seen.la_code, key=month_key(seen.first_attended_contact_date)
        ).aggregate(
            days=days_between(seen.first_attended_contact_date, seen.referral_date).sum(),
            referrals=seen.count(),
        )

    def outcome(
        self,
        sums: Aggregates,
        la_code: str,
        month: Month,
        params: TherapyWaitParameters,
        context: Context,
    ) -> Outcome:
        keys = [month.first_day]
        days = total(sums, la_code, keys, "days")
        return mean(days, total(sums, la_code, keys, "referrals"), Decimal(7), context.decimals)
