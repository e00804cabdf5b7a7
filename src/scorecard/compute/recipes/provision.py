"""Specialist places created (4.1), EHC plans in mainstream settings (4.2) and days in
alternative provision (4.3 APC, 4.4 IAP)."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

import ibis.expr.types as ir
from pydantic import Field, model_validator

from scorecard.compute.recipes.base import (
    MAX_AGE,
    MAX_MONTHS,
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
    month_key,
    percentage,
    rounded,
    total,
)
from scorecard.domain.catalogue import Unit
from scorecard.domain.periods import Month

Setting = Literal[
    "MAINSTREAM",
    "SSC",
    "SPECIAL",
    "INDEPENDENT_SPECIAL",
    "ALTERNATIVE_PROVISION",
    "POST_16",
    "NOT_IN_EDUCATION",
    "OTHER",
]


class PlacesParameters(Parameters):
    provision_type: Literal["SSC", "SPECIAL_SCHOOL"]
    window_months: WholeNumber = Field(3, ge=1, le=MAX_MONTHS)


class PlacesCreated(Recipe[PlacesParameters]):
    """ "Number of New Pupil places created from the Schools Capital Programme to meet Basic
    Need and SEND across the county"

    The sum of places_created over the changes of `provision_type` whose available_date falls
    in the `window_months` calendar months ending with the reporting month, from the first day
    of the earliest to the last day of the reporting month, both included (3 months: June 2024
    covers 1 April to 30 June 2024). Changes that remove places count negatively, so a window
    that removed more places than it created gives a figure below zero: the metric needs
    `negative: allowed` (docs/plan-format.md). A window with no changes gives 0, not "not
    available": no places were created in it. No numerator or denominator.
    """

    name = "places_created"
    unit = Unit.COUNT
    may_go_below_zero = True
    version = "1"
    extracts = ("specialist_places",)
    Params = PlacesParameters

    def lookback(self, params: PlacesParameters) -> int:
        return params.window_months - 1

    def aggregates(
        self, tables: Tables, params: PlacesParameters, window: Window, context: Context
    ) -> ir.Table:
        t = tables["specialist_places"]
        made = t.filter(
            t.provision_type == params.provision_type, in_window(t.available_date, window)
        )
        return made.group_by(la_code=made.la_code, key=month_key(made.available_date)).aggregate(
            places=made.places_created.sum()
        )

    def outcome(
        self,
        sums: Aggregates,
        la_code: str,
        month: Month,
        params: PlacesParameters,
        context: Context,
    ) -> Outcome:
        keys = [month.plus(-k).first_day for k in range(params.window_months)]
        return Outcome(Decimal(total(sums, la_code, keys, "places")))


class MainstreamParameters(Parameters):
    min_age: WholeNumber = Field(5, ge=0, le=MAX_AGE)
    max_age: WholeNumber = Field(16, ge=0, le=MAX_AGE)
    settings: tuple[Setting, ...] = Field(("MAINSTREAM",), min_length=1)

    @model_validator(mode="after")
    def _ages_in_order(self) -> MainstreamParameters:
        if self.max_age < self.min_age:
            raise ValueError("max_age must not be below min_age")
        return self


class EhcpMainstreamShare(Recipe[MainstreamParameters]):
    """ "The percentage of Children and young people with Education, Health, and Care Plans
    (EHCPs) accessing Mainstream Education aged 5 to 16"

    From the latest snapshot_date of the authority within the reporting month (whatever the
    ages in it), the people aged min_age to max_age in whole years on the snapshot date, both
    included. Denominator: those people (the extract has one row per person per snapshot);
    numerator: those whose setting_type is one of `settings` (MAINSTREAM). No snapshot in the
    month, or no one of those ages in it: not available.
    """

    name = "ehcp_mainstream_share"
    unit = Unit.PERCENT
    version = "1"
    extracts = ("ehcp_placements",)
    Params = MainstreamParameters

    def aggregates(
        self, tables: Tables, params: MainstreamParameters, window: Window, context: Context
    ) -> ir.Table:
        t = tables["ehcp_placements"]
        t = t.filter(in_window(t.snapshot_date, window))
        age = age_in_years(t.snapshot_date, t.date_of_birth)
        aged = (age >= params.min_age) & (age <= params.max_age)
        inside = aged & t.setting_type.isin(list(params.settings))
        # counted per snapshot (one row per person in each: the key is snapshot_date,
        # person_id), then the month's latest snapshot kept: chosen among the snapshots, not
        # among every row
        snapshots = t.group_by(la_code=t.la_code, snapshot_date=t.snapshot_date).aggregate(
            inside=inside.ifelse(1, 0).sum(), people=aged.ifelse(1, 0).sum()
        )
        snapshots = snapshots.mutate(key=month_key(snapshots.snapshot_date))
        latest = snapshots.group_by("la_code", "key").aggregate(
            snapshot_date=snapshots.snapshot_date.max()
        )
        chosen = snapshots.semi_join(latest, ["la_code", "key", "snapshot_date"])
        return chosen.select("la_code", "key", "inside", "people")

    def outcome(
        self,
        sums: Aggregates,
        la_code: str,
        month: Month,
        params: MainstreamParameters,
        context: Context,
    ) -> Outcome:
        keys = [month.first_day]  # the month's latest snapshot (none: not available)
        inside = total(sums, la_code, keys, "inside")
        return percentage(inside, total(sums, la_code, keys, "people"), context.decimals)


class ApParameters(Parameters):
    provision: Literal["APC", "IAP"]
    ehcp_only: TrueOrFalse = False


class ApDaysInProvision(Recipe[ApParameters]):
    """ "The average number of days children and young people are in the Alternative Provision
    College" (4.3); "The average number of days children and young people with EHCPs are in
    independent alternative provision" (4.4).

    The episodes in `provision` (with has_ehcp true when `ehcp_only`) whose end_date falls in
    the reporting month, first and last day included; open episodes (end_date empty) are not
    counted. Days in provision: end_date - start_date + 1, the first and the last day both
    counted (an episode that starts and ends on the same day is 1 day). Value: the mean days,
    rounded to the metric's decimal places. Numerator: the total days; denominator: the
    episodes. No episode ended in the month: not available.
    """

    name = "ap_days_in_provision"
    unit = Unit.DAYS
    version = "1"
    extracts = ("ap_episodes",)
    Params = ApParameters

    def aggregates(
        self, tables: Tables, params: ApParameters, window: Window, context: Context
    ) -> ir.Table:
        t = tables["ap_episodes"]
        ended = t.filter(
            t.provision == params.provision, t.end_date.notnull(), in_window(t.end_date, window)
        )
        if params.ehcp_only:
            ended = ended.filter(ended.has_ehcp)
        return ended.group_by(la_code=ended.la_code, key=month_key(ended.end_date)).aggregate(
            days=(days_between(ended.end_date, ended.start_date) + 1).sum(),
            episodes=ended.count(),
        )

    def outcome(
        self,
        sums: Aggregates,
        la_code: str,
        month: Month,
        params: ApParameters,
        context: Context,
    ) -> Outcome:
        keys = [month.first_day]
        days = total(sums, la_code, keys, "days")
        episodes = total(sums, la_code, keys, "episodes")
        if episodes == 0:
            return Outcome(None, Decimal(0), Decimal(0))
        value = rounded(Decimal(days) / Decimal(episodes), context.decimals)
        return Outcome(value, Decimal(days), Decimal(episodes))
