"""Provision: new specialist places (4.1), the monthly snapshot of children and young people
with an EHC plan and their setting (4.2), and episodes in alternative provision (4.3, 4.4).

The snapshot follows a caseload: the stock at the window's start (the plans issued in the year
before it, and older plans), the children issued a plan each month joining, young people
leaving at 25 and, when the caseload is above its path (growing by the authority's rate from
January 2025), a few others leaving. Each person keeps two random numbers for life: one places
them in or out of mainstream (the month's threshold is set so that exactly the level's share of
those aged 5 to 16 are in mainstream, so few change from one month to the next), the other
picks their setting otherwise.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from scorecard.compute.synth.core import (
    Authority,
    ages_in_days,
    codes,
    dates,
    day,
    days_in_months,
    id_strings,
    month_start,
    month_starts,
    table,
    weekdays,
)
from scorecard.compute.synth.profiles import Level
from scorecard.domain.periods import Month

PROVISIONS = ("SSC", "SPECIAL_SCHOOL")
SETTINGS = (
    "MAINSTREAM",
    "SSC",
    "SPECIAL",
    "INDEPENDENT_SPECIAL",
    "ALTERNATIVE_PROVISION",
    "POST_16",
    "NOT_IN_EDUCATION",
    "OTHER",
)
# Cumulative shares of the second random number, by age group, in SETTINGS order.
UNDER_5 = np.cumsum([0.85, 0.0, 0.10, 0.0, 0.0, 0.0, 0.0, 0.05])
SCHOOL_AGE = np.cumsum([0.0, 0.16, 0.58, 0.14, 0.04, 0.0, 0.04, 0.04])
OVER_16 = np.cumsum([0.08, 0.0, 0.15, 0.05, 0.0, 0.60, 0.08, 0.04])
CASELOAD_AGES = [(0.04, 2, 5), (0.30, 5, 11), (0.35, 11, 16), (0.23, 16, 20), (0.08, 20, 25)]
JANUARY_2025 = Month(2025, 1).index


def specialist_places(a: Authority) -> pa.Table:
    """New places by financial quarter (from a year before the window): for support centres
    about the profile's number, at least 6, in one to four changes; for special schools a
    handful or none; in one quarter in twenty a change removing a few places as well."""
    p, f, rng = a.profile, a.frame, a.rng
    first = f.first.index - 12
    first -= (first - 3) % 3  # back to the start of its quarter (April, July, ...)
    kinds, days, places = [], [], []
    for quarter in range(first, f.end.index + 1, 3):
        starts = month_starts(quarter, quarter + 2)
        totals = (
            max(round(rng.normal(p.ssc_places_quarter, p.ssc_places_quarter / 3)), 6),
            int(rng.poisson(p.special_places_quarter)),
        )
        for which, total in enumerate(totals):
            if total == 0:
                continue
            changes = min(1 + int(rng.poisson(1.2 if which == 0 else 0.3)), total)
            split = rng.multinomial(total - changes, np.full(changes, 1 / changes)) + 1
            if rng.random() < 0.05:
                split = np.append(split, -int(rng.integers(1, 5)))
            when = starts[0] + np.floor(rng.random(len(split)) * (starts[-1] - starts[0]))
            when = weekdays(when.astype(np.int64), np.full(len(split), starts[0]))
            kinds.append(np.full(len(split), which))
            days.append(when)
            places.append(split)
    kind, when = np.concatenate(kinds), np.concatenate(days)
    keep = when <= f.extract_day
    kind, when, amount = kind[keep], when[keep], np.concatenate(places)[keep]
    ids = a.ids("change", len(when))
    order = np.lexsort((ids, when))
    return table(
        {
            "la_code": a.la_code,
            "change_id": id_strings("change", ids[order]),
            "provision_type": codes(PROVISIONS, kind[order]),
            "places_created": amount[order],
            "available_date": dates(when[order]),
        },
        len(order),
    )


def _birthdays(born: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    as_day = born.astype("datetime64[D]")
    month = as_day.astype("datetime64[M]")
    year = as_day.astype("datetime64[Y]").astype(np.int64) + 1970
    day_of = (as_day - month.astype("datetime64[D]")).astype(np.int64) + 1
    return year, month.astype(np.int64) % 12 + 1, day_of


def _caseload(a: Authority) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Everyone on the caseload at some point in the window: (person, born, month joined),
    people already there at the start joined in the month before."""
    p, f, rng = a.profile, a.frame, a.rng
    start = month_start(f.first.index)
    plan_day, person, born = a.shared["plan_day"], a.shared["plan_person"], a.shared["plan_born"]
    earlier = plan_day < start
    target = p.caseload_jan_2025 * (1 + p.caseload_growth) ** ((f.first.index - JANUARY_2025) / 12)
    older = max(round(target) - int(earlier.sum()), 0)
    old_born = start - ages_in_days(rng, older, CASELOAD_AGES)
    plan_month = plan_day.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)
    joined_plan = np.maximum(plan_month + 1970 * 12, f.first.index - 1)
    return (
        np.concatenate((person, a.ids("person", older))),
        np.concatenate((born, old_born)),
        np.concatenate((joined_plan, np.full(older, f.first.index - 1))),
    )


def ehcp_placements(a: Authority) -> pa.Table:
    p, f, rng = a.profile, a.frame, a.rng
    person, born, joined = _caseload(a)
    order = np.argsort(person)
    person, born, joined = person[order], born[order], joined[order]
    year, month, day_of = _birthdays(born)
    leaves = (year + 25) * 12 + month - 1  # the month of the 25th birthday
    stay = rng.random(len(person))
    mainstream_draw, setting_draw = rng.random(len(person)), rng.random(len(person))
    share = a.path(f.first.index, f.end.index, p.mainstream_share)
    chunks = []
    for k, index in enumerate(range(f.first.index, f.end.index + 1)):
        on = (joined <= index) & (leaves > index)
        caseload = p.caseload_jan_2025 * (1 + p.caseload_growth) ** ((index - JANUARY_2025) / 12)
        surplus = int(on.sum() - round(caseload))
        if surplus > 0:
            candidates = np.flatnonzero(on & (joined < index))
            weight = stay[candidates] / np.where(year[candidates] < (index // 12) - 16, 3.0, 1.0)
            gone = candidates[np.argsort(weight)[: min(surplus, len(candidates))]]
            leaves[gone] = index
            on[gone] = False
        rows = np.flatnonzero(on)
        snapshot = Month.from_index(index).last_day
        age = (
            snapshot.year
            - year[rows]
            - (
                (snapshot.month < month[rows])
                | ((snapshot.month == month[rows]) & (snapshot.day < day_of[rows]))
            )
        )
        setting = _settings(age, mainstream_draw[rows], setting_draw[rows], share[k])
        chunks.append((np.full(len(rows), day(snapshot)), rows, setting))
    snap = np.concatenate([c[0] for c in chunks])
    rows = np.concatenate([c[1] for c in chunks])
    setting = np.concatenate([c[2] for c in chunks])
    return table(
        {
            "la_code": a.la_code,
            "snapshot_date": dates(snap),
            "person_id": id_strings("person", person).take(pa.array(rows)),
            "date_of_birth": dates(born).take(pa.array(rows)),
            "setting_type": codes(SETTINGS, setting),
        },
        len(rows),
    )


def _settings(age: np.ndarray, first: np.ndarray, second: np.ndarray, share: float) -> np.ndarray:
    """Settings in SETTINGS order: exactly round(share x those aged 5 to 16) of them in
    mainstream, the lowest first draws; the rest by the second draw and age."""
    school = (age >= 5) & (age <= 16)
    setting = np.where(
        age < 5,
        np.searchsorted(UNDER_5, second, side="right"),
        np.where(age > 16, np.searchsorted(OVER_16, second, side="right"), 0),
    )
    draws = first[school]
    chosen = round(share * len(draws))
    in_school = np.searchsorted(SCHOOL_AGE, second[school], side="right")
    if len(draws):
        threshold = np.sort(draws)[chosen] if chosen < len(draws) else np.inf
        in_school = np.where(draws < threshold, 0, np.maximum(in_school, 1))
    setting[school] = in_school
    return np.minimum(setting, len(SETTINGS) - 1)


def _episodes(
    a: Authority, ends: float, level: Level | None, mean_days: float
) -> tuple[np.ndarray, np.ndarray]:
    """(start day, end day) by month of ending: each month's mean days is the level's, or
    about `mean_days` when there is no level."""
    f, rng = a.frame, a.rng
    first, last = f.first.index - 12, f.end.index + 12
    starts = month_starts(first, last)
    counts = rng.poisson(ends, last - first + 1)
    end, which = days_in_months(rng, starts, counts)
    end = weekdays(end, starts[which])
    length = rng.gamma(2.0, 1.0, len(which))
    target = a.path(first, last, level) if level else np.full(len(counts), mean_days)
    month_mean = np.bincount(which, length, len(counts)) / np.maximum(counts, 1)
    length = np.maximum(np.rint(length / month_mean[which] * target[which]), 5).astype(np.int64)
    return end - length, end


def ap_episodes(a: Authority) -> pa.Table:
    """The college (a third of its pupils with a plan) and independent AP (seven in ten)."""
    p, f, rng = a.profile, a.frame, a.rng
    apc = _episodes(a, p.apc_ends, p.apc_days, 0)
    iap_plan = _episodes(a, p.iap_ends * 0.7, p.iap_days, 0)
    iap_other = _episodes(a, p.iap_ends * 0.3, None, 150)
    parts = (apc, iap_plan, iap_other)
    provision = np.concatenate([np.full(len(x[0]), k > 0) for k, x in enumerate(parts)])
    start = np.concatenate([x[0] for x in parts])
    end = np.concatenate([x[1] for x in parts])
    has_plan = np.concatenate(
        (
            rng.random(len(apc[0])) < 1 / 3,
            np.ones(len(iap_plan[0]), bool),
            np.zeros(len(iap_other[0]), bool),
        )
    )
    keep = start <= f.extract_day
    provision, start, end, has_plan = provision[keep], start[keep], end[keep], has_plan[keep]
    ids = a.ids("episode", len(start))
    order = np.lexsort((ids, start))
    return table(
        {
            "la_code": a.la_code,
            "episode_id": id_strings("episode", ids[order]),
            "person_id": id_strings("person", a.ids("person", len(order))),
            "provision": codes(("APC", "IAP"), provision[order].astype(np.int64)),
            "has_ehcp": has_plan[order],
            "start_date": dates(start[order]),
            "end_date": dates(end[order], end[order] <= f.extract_day),
        },
        len(order),
    )
