"""The thirteen recipes written again, as an analyst would, in plain pandas.

The yardstick for `make bench-compute`: read each extract's Parquet file with pyarrow into a
pandas DataFrame, filter, group and merge, and build every figure (value, numerator,
denominator, status) for every series, local authority and due month. Written from the recipes'
docstrings (docs/recipes.md), not from their Ibis code; no DuckDB and no Ibis. Means and
percentages are taken in exact decimals and rounded once, half away from zero, as the docs say.

Only the plan's catalogue (series, parameters, decimals, schedules, term dates) comes from the
product's domain model, which imports no engine or dataframe library.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow.parquet as pq

from scorecard.domain.catalogue import Plan
from scorecard.domain.periods import Month, TermCalendar, month_range

# (metric id, component, la_code, "YYYY-MM") -> (status, value, numerator, denominator)
FigureKey = tuple[str, str, str, str]
FigureRow = tuple[str, str | None, str | None, str | None]
Outcome = tuple[Decimal | None, Decimal | None, Decimal | None]
# recipe(frame, parameters, the months to report, decimals, term calendar) -> outcome(la, month)
Finder = Callable[[str, Month], Outcome]

EXTRACT = {
    "autism_open_13_weeks": "autism_referrals",
    "therapy_wait_weeks": "therapy_referrals",
    "camhs_waiting_within": "camhs_referrals",
    "ehcp_within_weeks": "ehc_needs_assessments",
    "ehcp_weeks_to_plan": "ehc_needs_assessments",
    "advice_within_weeks": "advice_requests",
    "audits_good_or_better": "ehcp_audits",
    "places_created": "specialist_places",
    "ehcp_mainstream_share": "ehcp_placements",
    "ap_days_in_provision": "ap_episodes",
    "exclusions_in_last_term": "exclusions",
    "transition_average_age": "transition_events",
    "supported_internships_count": "supported_internships",
}
# The columns the definitions need (la_code is read from every extract).
COLUMNS = {
    "autism_referrals": ["person_id", "date_of_birth", "referral_date", "closed_date"],
    "therapy_referrals": [
        "service",
        "referral_date",
        "referral_accepted",
        "first_attended_contact_date",
    ],
    "camhs_referrals": ["team", "referral_date", "first_assessment_date", "closed_date"],
    "ehc_needs_assessments": ["request_received_date", "final_plan_issued_date", "exception"],
    "advice_requests": ["advice_type", "requested_date", "completed_date"],
    "ehcp_audits": ["audit_date", "grade"],
    "specialist_places": ["provision_type", "places_created", "available_date"],
    "ehcp_placements": ["snapshot_date", "date_of_birth", "setting_type"],
    "ap_episodes": ["provision", "has_ehcp", "start_date", "end_date"],
    "exclusions": ["person_id", "exclusion_type", "exclusion_date", "census_sen_status"],
    "transition_events": ["date_of_birth", "event_type", "event_date", "team"],
    "supported_internships": ["person_id", "date_of_birth", "has_ehcp", "start_date", "end_date"],
}
DAYS_IN_A_YEAR = Decimal("365.25")


def read(folder: Path, extract: str) -> pd.DataFrame:
    table = pq.read_table(folder / f"{extract}.parquet", columns=["la_code", *COLUMNS[extract]])
    return table.to_pandas(date_as_object=False)  # dates as datetime64


# ---- exact arithmetic, as docs/recipes.md states it ----


def rounded(value: Decimal, decimals: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def percentage(numerator: int, denominator: int, decimals: int) -> Outcome:
    if denominator == 0:
        return None, None, None
    value = Decimal(numerator) * 100 / Decimal(denominator)
    return rounded(value, decimals), Decimal(numerator), Decimal(denominator)


def mean(total: int, count: int, divisor: Decimal, decimals: int) -> Outcome:
    """Mean of amounts in days, in units of `divisor` days; numerator: the total in those units
    to 6 places."""
    if count == 0:
        return None, None, None
    value = Decimal(total) / divisor / Decimal(count)
    return rounded(value, decimals), rounded(Decimal(total) / divisor, 6), Decimal(count)


def count(n: int) -> Outcome:
    return Decimal(n), None, None


# ---- small helpers ----


def month_index(dates: pd.Series) -> pd.Series:
    """Months since year 0, like Month.index, so months can be looked up and added."""
    return dates.dt.year * 12 + dates.dt.month - 1


def ts(day: dt.date) -> pd.Timestamp:
    return pd.Timestamp(day)


def age_on(on: pd.Series | pd.Timestamp, born: pd.Series) -> pd.Series:
    """Whole years of age on a day, or on each row's day (a birthday counts from its day)."""
    day = on if isinstance(on, pd.Timestamp) else on.dt
    before = (day.month < born.dt.month) | ((day.month == born.dt.month) & (day.day < born.dt.day))
    return day.year - born.dt.year - before.astype(int)


def days_between(later: pd.Series | pd.Timestamp, earlier: pd.Series) -> pd.Series:
    return (later - earlier).dt.days


def sums_by_month(frame: pd.DataFrame, date: str, **columns: str) -> dict[tuple[str, int], Any]:
    """{(la_code, month index): row of sums (and counts)} of the frame, by the month of `date`."""
    grouped = frame.assign(_month=month_index(frame[date])).groupby(["la_code", "_month"])
    table = grouped.agg(**{k: (v, "sum") for k, v in columns.items()}, n=(date, "size"))
    return dict(zip(table.index, table.itertuples(index=False), strict=True))


def over(sums: Mapping[tuple[str, int], Any], la: str, months: list[int], field: str) -> int:
    return sum(int(getattr(sums[(la, m)], field)) for m in months if (la, m) in sums)


def at(sums: Mapping[tuple[str, int], Any], la: str, m: Month, *fields: str) -> list[int]:
    """The sums of one authority and month."""
    return [over(sums, la, [m.index], field) for field in fields]


def between(column: pd.Series, first: Month, last: Month) -> pd.Series:
    return column.between(ts(first.first_day), ts(last.last_day))


# ---- the recipes ----


def autism_open_13_weeks(df, p, months, decimals, terms) -> Finder:
    weeks, low, high = int(p.get("weeks", 13)), int(p.get("min_age", 0)), int(p.get("max_age", 17))
    found: dict[tuple[str, int], tuple[int, int]] = {}
    for month in months:
        end = ts(month.last_day)
        open_ = df[(df.referral_date <= end) & (df.closed_date.isna() | (df.closed_date > end))]
        age = age_on(end, open_.date_of_birth)
        open_ = open_[(age >= low) & (age <= high)]
        long = days_between(end, open_.referral_date) >= 7 * weeks
        people = open_.assign(long=long).groupby(["la_code", "person_id"])["long"].any()
        per_la = people.groupby(level="la_code").agg(["sum", "size"])
        for la, row in per_la.iterrows():
            found[(str(la), month.index)] = (int(row["sum"]), int(row["size"]))
    return lambda la, m: percentage(*found.get((la, m.index), (0, 0)), decimals)


def therapy_wait_weeks(df, p, months, decimals, terms) -> Finder:
    since = ts(dt.date.fromisoformat(str(p.get("referrals_from", "2018-04-01"))))
    seen = df[
        (df.service == p["service"])
        & df.referral_accepted
        & (df.referral_date >= since)
        & df.first_attended_contact_date.notna()
        & between(df.first_attended_contact_date, months[0], months[-1])
    ]
    seen = seen.assign(days=days_between(seen.first_attended_contact_date, seen.referral_date))
    sums = sums_by_month(seen, "first_attended_contact_date", days="days")
    return lambda la, m: mean(*at(sums, la, m, "days", "n"), Decimal(7), decimals)


def camhs_waiting_within(df, p, months, decimals, terms) -> Finder:
    weeks = int(p.get("weeks", 4))
    excluded = list(p.get("excluded_teams", ["ED", "PERINATAL", "SPOA"]))
    df = df[~df.team.isin(excluded)]
    found: dict[tuple[str, int], tuple[int, int]] = {}
    for month in months:
        end = ts(month.last_day)
        waiting = df[
            (df.referral_date <= end)
            & (df.first_assessment_date.isna() | (df.first_assessment_date > end))
            & (df.closed_date.isna() | (df.closed_date > end))
        ]
        within = days_between(end, waiting.referral_date) <= 7 * weeks
        per_la = within.groupby(waiting.la_code).agg(["sum", "size"])
        for la, row in per_la.iterrows():
            found[(str(la), month.index)] = (int(row["sum"]), int(row["size"]))
    return lambda la, m: percentage(*found.get((la, m.index), (0, 0)), decimals)


def _issued(df: pd.DataFrame, p: Mapping[str, Any], first: Month, last: Month) -> pd.DataFrame:
    issued = df[df.final_plan_issued_date.notna() & between(df.final_plan_issued_date, first, last)]
    if _flag(p.get("exclude_exceptions", False)):
        issued = issued[~issued.exception]
    days = days_between(issued.final_plan_issued_date, issued.request_received_date)
    return issued.assign(days=days)


def ehcp_within_weeks(df, p, months, decimals, terms) -> Finder:
    issued = _issued(df, p, months[0], months[-1])
    issued = issued.assign(within=issued.days <= 7 * int(p.get("weeks", 20)))
    sums = sums_by_month(issued, "final_plan_issued_date", within="within")
    return lambda la, m: percentage(*at(sums, la, m, "within", "n"), decimals)


def ehcp_weeks_to_plan(df, p, months, decimals, terms) -> Finder:
    rolling = int(p.get("rolling_months", 3))
    sums = sums_by_month(
        _issued(df, p, months[0].plus(1 - rolling), months[-1]),
        "final_plan_issued_date",
        days="days",
    )

    def outcome(la: str, m: Month) -> Outcome:
        window = [m.index - k for k in range(rolling)]
        return mean(
            over(sums, la, window, "days"), over(sums, la, window, "n"), Decimal(7), decimals
        )

    return outcome


def advice_within_weeks(df, p, months, decimals, terms) -> Finder:
    done = df[
        (df.advice_type == p["advice_type"])
        & df.completed_date.notna()
        & between(df.completed_date, months[0], months[-1])
    ]
    limit = 7 * int(p.get("weeks", 6))
    done = done.assign(within=days_between(done.completed_date, done.requested_date) <= limit)
    sums = sums_by_month(done, "completed_date", within="within")
    return lambda la, m: percentage(*at(sums, la, m, "within", "n"), decimals)


def audits_good_or_better(df, p, months, decimals, terms) -> Finder:
    window = int(p.get("window_months", 12))
    grades = list(p.get("grades", ["OUTSTANDING", "GOOD"]))
    audits = df[between(df.audit_date, months[0].plus(1 - window), months[-1])]
    sums = sums_by_month(audits.assign(good=audits.grade.isin(grades)), "audit_date", good="good")

    def outcome(la: str, m: Month) -> Outcome:
        keys = [m.index - k for k in range(window)]
        return percentage(over(sums, la, keys, "good"), over(sums, la, keys, "n"), decimals)

    return outcome


def places_created(df, p, months, decimals, terms) -> Finder:
    window = int(p.get("window_months", 3))
    made = df[
        (df.provision_type == p["provision_type"])
        & between(df.available_date, months[0].plus(1 - window), months[-1])
    ]
    sums = sums_by_month(made, "available_date", places="places_created")
    return lambda la, m: count(over(sums, la, [m.index - k for k in range(window)], "places"))


def ehcp_mainstream_share(df, p, months, decimals, terms) -> Finder:
    low, high = int(p.get("min_age", 5)), int(p.get("max_age", 16))
    settings = list(p.get("settings", ["MAINSTREAM"]))
    df = df[between(df.snapshot_date, months[0], months[-1])]
    month = month_index(df.snapshot_date)
    latest = df.snapshot_date.groupby([df.la_code, month]).transform("max")
    snap = df[df.snapshot_date == latest]
    age = age_on(snap.snapshot_date, snap.date_of_birth)
    aged = (age >= low) & (age <= high)
    snap = snap.assign(aged=aged, inside=aged & snap.setting_type.isin(settings))
    sums = sums_by_month(snap, "snapshot_date", inside="inside", people="aged")

    def outcome(la: str, m: Month) -> Outcome:
        if (la, m.index) not in sums:  # no snapshot in the month
            return None, None, None
        row = sums[(la, m.index)]
        return percentage(int(row.inside), int(row.people), decimals)

    return outcome


def ap_days_in_provision(df, p, months, decimals, terms) -> Finder:
    ended = df[
        (df.provision == p["provision"])
        & df.end_date.notna()
        & between(df.end_date, months[0], months[-1])
    ]
    if _flag(p.get("ehcp_only", False)):
        ended = ended[ended.has_ehcp]
    ended = ended.assign(days=days_between(ended.end_date, ended.start_date) + 1)
    sums = sums_by_month(ended, "end_date", days="days")

    def outcome(la: str, m: Month) -> Outcome:
        days, episodes = at(sums, la, m, "days", "n")
        if episodes == 0:
            return None, None, None
        return (
            rounded(Decimal(days) / Decimal(episodes), decimals),
            Decimal(days),
            Decimal(episodes),
        )

    return outcome


def exclusions_in_last_term(df, p, months, decimals, terms: TermCalendar) -> Finder:
    df = df[
        (df.exclusion_type == p.get("exclusion_type", "PERMANENT"))
        & (df.census_sen_status == p["sen_status"])
    ]
    excluded: dict[dt.date, pd.Series] = {}
    for month in months:
        term = terms.term_of(month.plus(-1).last_day)  # in progress at the end of last month
        start, end = terms.first_day(term), terms.last_day(term)
        if start not in excluded:
            inside = df[df.exclusion_date.between(ts(start), ts(end))]
            excluded[start] = inside.groupby("la_code").person_id.nunique()

    def outcome(la: str, m: Month) -> Outcome:
        people = excluded[terms.first_day(terms.term_of(m.plus(-1).last_day))]
        return count(int(people.get(la, 0)))

    return outcome


def transition_average_age(df, p, months, decimals, terms) -> Finder:
    steps = df[
        (df.event_type == p["event_type"])
        & df.team.isin(list(p["teams"]))
        & between(df.event_date, months[0], months[-1])
    ]
    age = age_on(steps.event_date, steps.date_of_birth)
    aged = pd.Series(True, index=steps.index)
    if p.get("min_age") is not None:
        aged &= age >= int(p["min_age"])
    if p.get("max_age") is not None:
        aged &= age <= int(p["max_age"])
    steps = steps[aged]
    steps = steps.assign(days=days_between(steps.event_date, steps.date_of_birth))
    sums = sums_by_month(steps, "event_date", days="days")
    return lambda la, m: mean(*at(sums, la, m, "days", "n"), DAYS_IN_A_YEAR, decimals)


def supported_internships_count(df, p, months, decimals, terms) -> Finder:
    low, high = int(p.get("min_age", 16)), int(p.get("max_age", 24))
    if _flag(p.get("ehcp_only", True)):
        df = df[df.has_ehcp]
    found: dict[tuple[str, int], int] = {}
    for month in months:
        end = ts(month.last_day)
        on = df[(df.start_date <= end) & (df.end_date.isna() | (df.end_date >= end))]
        age = age_on(end, on.date_of_birth)
        on = on[(age >= low) & (age <= high)]
        for la, n in on.groupby("la_code").person_id.nunique().items():
            found[(str(la), month.index)] = int(n)
    return lambda la, m: count(found.get((la, m.index), 0))


def _flag(value: Any) -> bool:
    return value if isinstance(value, bool) else str(value).strip().lower() in ("true", "1")


RECIPES: dict[str, Callable[..., Finder]] = {name: globals()[name] for name in EXTRACT}


def compute_figures(
    plan: Plan, folder: Path, first: Month, last: Month
) -> dict[FigureKey, FigureRow]:
    """Every figure of every series with a recipe, for every authority and due month."""
    months = [m for m in month_range(first, last) if plan.start <= m <= plan.end]
    terms = plan.term_calendar
    jobs = [
        (metric, series) for metric in plan.metrics for series in metric.series if series.recipe
    ]
    la_codes: set[str] = set()
    outcomes: dict[tuple[str, str], tuple[Finder, list[Month]]] = {}
    for extract in sorted({EXTRACT[s.recipe.name] for _, s in jobs}):  # one extract at a time
        frame = read(folder, extract)
        la_codes.update(frame.la_code.unique())
        for metric, series in jobs:
            if EXTRACT[series.recipe.name] != extract:
                continue
            due = [m for m in months if metric.reporting_schedule.is_due(m)]
            recipe = RECIPES[series.recipe.name]
            finder = recipe(frame, series.recipe.parameters, due, metric.decimals, terms)
            outcomes[(metric.id, series.component)] = finder, due
        del frame
    figures: dict[FigureKey, FigureRow] = {}
    for (metric_id, component), (finder, due) in outcomes.items():
        for la in sorted(la_codes):
            for month in due:
                value, numerator, denominator = finder(la, month)
                key = (metric_id, component, la, str(month))
                if value is None:
                    figures[key] = ("not_available", None, None, None)
                else:
                    numbers = (value, numerator, denominator)
                    figures[key] = ("value", *(None if n is None else str(n) for n in numbers))
    return figures
