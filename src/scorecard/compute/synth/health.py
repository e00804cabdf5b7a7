"""Health waits: community therapy referrals (1/2.2, 1/2.3), CAMHS referrals (1/2.4) and
suspected autism referrals (1/2.1).

Therapy waits are drawn by the month of the first attended contact, so each month's mean wait
is the authority's level for that month. CAMHS and autism waits are waiting lists: referrals
arrive for years before the window and leave at a daily rate of 1 / (mean days waiting), a rate
that can drift or step; the share of recent referrals on the list then follows from the
waiting time, as it does in a real service.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from scorecard.compute.synth.core import (
    Authority,
    ages_in_days,
    codes,
    dates,
    days_in_months,
    id_strings,
    month_start,
    month_starts,
    table,
    weekdays,
)
from scorecard.compute.synth.profiles import Level

SERVICES = ("SALT", "OT")
TEAMS = ("COMMUNITY", "ED", "PERINATAL", "SPOA", "OTHER")
TEAM_SHARES = np.array([0.72, 0.08, 0.05, 0.09, 0.06])
ACCEPTED = 0.92


def therapy_referrals(a: Authority) -> pa.Table:
    p, f = a.profile, a.frame
    parts = [
        _therapy(a, 0, p.salt_referrals, p.salt_weeks),
        _therapy(a, 1, p.ot_referrals, p.ot_weeks),
    ]
    service = np.concatenate([x[0] for x in parts])
    referral = np.concatenate([x[1] for x in parts])
    contact = np.concatenate([x[2] for x in parts])
    accepted = np.concatenate([x[3] for x in parts])
    keep = referral <= f.extract_day
    service, referral, contact, accepted = (
        service[keep],
        referral[keep],
        contact[keep],
        accepted[keep],
    )
    ids = a.ids("therapy_referral", len(referral))
    order = np.lexsort((ids, referral))
    seen = contact[order] <= f.extract_day
    return table(
        {
            "la_code": a.la_code,
            "referral_id": id_strings("therapy_referral", ids[order]),
            "person_id": id_strings("person", a.ids("person", len(order))),
            "service": codes(SERVICES, service[order]),
            "referral_date": dates(referral[order]),
            "referral_accepted": accepted[order],
            "first_attended_contact_date": dates(contact[order], seen),
        },
        len(order),
    )


def _therapy(
    a: Authority, service: int, volume: float, weeks: Level
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Accepted referrals by the month of their first attended contact (months from two years
    before the window to 18 months after the extract, those after it still waiting), and
    referrals not accepted, which never have a contact."""
    f, rng = a.frame, a.rng
    first, last = f.first.index - 24, f.end.index + 18
    starts = month_starts(first, last)
    counts = rng.poisson(volume * ACCEPTED, last - first + 1)
    contact, which = days_in_months(rng, starts, counts)
    contact = weekdays(contact, starts[which])
    mean_days = a.path(first, last, weeks) * 7.0
    waits = rng.gamma(2.2, 1.0, len(which))
    month_mean = np.bincount(which, waits, len(counts)) / np.maximum(counts, 1)
    waits = np.maximum(np.rint(waits / month_mean[which] * mean_days[which]), 1).astype(np.int64)
    referral = contact - waits
    last_referral = f.end.index
    refused_starts = month_starts(first, last_referral)
    refused_counts = rng.poisson(volume * (1 - ACCEPTED), last_referral - first + 1)
    refused, _ = days_in_months(rng, refused_starts, refused_counts)
    n, m = len(referral), len(refused)
    return (
        np.full(n + m, service),
        np.concatenate((referral, refused)),
        np.concatenate((contact, np.full(m, f.extract_day + 1))),
        np.concatenate((np.ones(n, dtype=bool), np.zeros(m, dtype=bool))),
    )


def _leaving(
    a: Authority, first: int, arrivals: np.ndarray, wait_days: Level, clear_share: float
) -> np.ndarray:
    """The day each referral leaves the list, at a daily rate of 1 / (mean days waiting) for
    the month; in the month of a step, a further `clear_share` of the list is cleared (a
    waiting-list validation). Days after the extract mean still waiting."""
    f = a.frame
    last = f.end.index + 1
    starts = month_starts(first, last)
    rate = 1.0 / np.maximum(a.path(first, last, wait_days), 1.0)
    if wait_days.step:
        steps = np.flatnonzero(
            np.diff((f.progress(np.arange(first, last + 1)) >= wait_days.step_at).astype(int))
        )
        for k in steps + 1:
            rate[k] += -np.log(1.0 - clear_share) / 30.0
    daily = np.repeat(rate, np.diff(starts))
    hazard = np.concatenate(([0.0], np.cumsum(daily)))
    target = hazard[arrivals - starts[0]] + a.rng.exponential(1.0, len(arrivals))
    return starts[0] + np.searchsorted(hazard, target, side="left")


def _arrivals(a: Authority, first: int, volume: float) -> np.ndarray:
    f = a.frame
    starts = month_starts(first, f.end.index)
    mean = volume * np.exp(a.rng.normal(0.0, 0.06, len(starts) - 1))
    days, _ = days_in_months(a.rng, starts, a.rng.poisson(mean))
    return np.sort(days)


def camhs_referrals(a: Authority) -> pa.Table:
    f, rng = a.frame, a.rng
    first = f.first.index - 48
    arrivals = _arrivals(a, first, a.profile.camhs_referrals)
    team = rng.choice(len(TEAMS), size=len(arrivals), p=TEAM_SHARES)
    leave = _leaving(a, first, arrivals, a.profile.camhs_wait_days, 0.12)
    quick = np.isin(team, (1, 2, 3))
    leave[quick] = arrivals[quick] + np.floor(rng.exponential(21.0, quick.sum())).astype(np.int64)
    keep = leave >= month_start(f.first.index - 12)
    arrivals, team, leave = arrivals[keep], team[keep], leave[keep]
    ids = a.ids("camhs_referral", len(arrivals))
    order = np.lexsort((ids, arrivals))
    arrivals, team, leave = arrivals[order], team[order], leave[order]
    left = leave <= f.extract_day
    assessed = rng.random(len(arrivals)) < 0.8
    return table(
        {
            "la_code": a.la_code,
            "referral_id": id_strings("camhs_referral", ids[order]),
            "person_id": id_strings("person", a.ids("person", len(arrivals))),
            "team": codes(TEAMS, team),
            "referral_date": dates(arrivals),
            "first_assessment_date": dates(leave, left & assessed),
            "closed_date": dates(leave, left & ~assessed),
        },
        len(arrivals),
    )


def autism_referrals(a: Authority) -> pa.Table:
    """Referrals of children aged 2 to 16, waiting at a slowly changing rate; a referral still
    open at the child's 18th birthday closes that day (passed to adult services)."""
    f = a.frame
    first = f.first.index - 72
    arrivals = _arrivals(a, first, a.profile.autism_referrals)
    leave = _leaving(a, first, arrivals, a.profile.autism_wait_days, 0.0)
    age = ages_in_days(a.rng, len(arrivals), [(0.25, 2, 5), (0.45, 5, 11), (0.30, 11, 16.9)])
    born = (arrivals - age).astype("datetime64[D]").astype("datetime64[M]")
    adult = (born + np.timedelta64(18 * 12, "M")).astype("datetime64[D]").astype(np.int64)
    born_day = born.astype("datetime64[D]").astype(np.int64)
    leave = np.minimum(leave, adult)
    keep = leave >= month_start(f.first.index - 12)
    arrivals, leave, born_day = arrivals[keep], leave[keep], born_day[keep]
    ids = a.ids("autism_referral", len(arrivals))
    order = np.lexsort((ids, arrivals))
    closed = leave[order] <= f.extract_day
    return table(
        {
            "la_code": a.la_code,
            "referral_id": id_strings("autism_referral", ids[order]),
            "person_id": id_strings("person", a.ids("person", len(order))),
            "date_of_birth": dates(born_day[order]),
            "referral_date": dates(arrivals[order]),
            "closed_date": dates(leave[order], closed),
        },
        len(order),
    )
