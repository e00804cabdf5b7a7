"""Pupils and young people: exclusions (4.5, 4.6), steps towards adulthood (5.1-5.3) and
supported internships (5.6).

Exclusions fall on school days (weekdays in term, outside half-term weeks) by term, with
default term dates (autumn from 1 September, spring from 1 January, summer from 1 April), and
each term has exactly the level's number of permanent exclusions of pupils on SEN support and
with a plan. Ages at transition steps are drawn by month with the level as their mean.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pyarrow as pa

from scorecard.compute.synth.core import (
    YEAR,
    Authority,
    codes,
    dates,
    day,
    days_in_months,
    fit_mean,
    id_strings,
    month_starts,
    table,
    weekdays,
)
from scorecard.compute.synth.profiles import Level
from scorecard.domain.periods import AcademicYear, Month

STATUSES = ("N", "K", "E")
EXCLUSION_TYPES = ("PERMANENT", "SUSPENSION")
EVENTS = ("INITIAL_CONTACT", "CARE_ACT_ASSESSMENT_COMPLETED", "TRANSITION_PANEL_REFERRAL")
TEAMS = ("CWD", "CSC_OTHER")


def school_days(year: int) -> list[np.ndarray]:
    """The school days of the autumn, spring and summer terms of academic year `year`."""
    bounds = [
        (dt.date(year, 9, 4), dt.date(year, 12, 19), dt.date(year, 10, 28)),
        (dt.date(year + 1, 1, 6), dt.date(year + 1, 3, 28), dt.date(year + 1, 2, 17)),
        (dt.date(year + 1, 4, 14), dt.date(year + 1, 7, 21), dt.date(year + 1, 5, 26)),
    ]
    terms = []
    for first, last, half_term in bounds:
        days = np.arange(day(first), day(last) + 1)
        week = day(half_term) - (day(half_term) + 3) % 7
        open_ = ((days + 3) % 7 < 5) & ((days < week) | (days >= week + 7))
        terms.append(days[open_])
    return terms


def exclusions(a: Authority) -> pa.Table:
    p, f, rng = a.profile, a.frame, a.rng
    first = f.first.index - 12
    k_level = a.path(first, f.end.index, p.permanent_k)
    e_level = a.path(first, f.end.index, p.permanent_e)
    days_of: list[np.ndarray] = []
    statuses: list[np.ndarray] = []
    kinds: list[np.ndarray] = []
    people: list[np.ndarray] = []
    for year in range(Month.from_index(first).academic_year.start_year, f.end.year + 1):
        for term, days in enumerate(school_days(year)):
            month = Month(year, 9).index + (0, 4, 7)[term]
            if month > f.end.index or month < first - 4:
                continue
            at = min(max(month - first, 0), len(k_level) - 1)
            counts = (int(rng.poisson(p.permanent_n)), round(k_level[at]), round(e_level[at]))
            for code, count in enumerate(counts):
                days_of.append(rng.choice(days, count))
                statuses.append(np.full(count, code))
                kinds.append(np.zeros(count, dtype=np.int64))
                people.append(a.ids("person", count))
            suspended, status_of, who = _suspensions(a, days, p.suspensions * len(days) / 63.0)
            days_of.append(suspended)
            statuses.append(status_of)
            kinds.append(np.ones(len(suspended), dtype=np.int64))
            people.append(who)
    keep = np.concatenate(days_of) <= f.extract_day
    when, status = np.concatenate(days_of)[keep], np.concatenate(statuses)[keep]
    kind, person = np.concatenate(kinds)[keep], np.concatenate(people)[keep]
    ids = a.ids("exclusion", len(when))
    order = np.lexsort((ids, when))
    return table(
        {
            "la_code": a.la_code,
            "exclusion_id": id_strings("exclusion", ids[order]),
            "person_id": id_strings("person", person[order]),
            "exclusion_type": codes(EXCLUSION_TYPES, kind[order]),
            "exclusion_date": dates(when[order]),
            "census_sen_status": codes(STATUSES, status[order]),
        },
        len(order),
    )


def _suspensions(
    a: Authority, days: np.ndarray, mean: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A term's suspensions: pupils (55% no SEN, 35% SEN support, 10% with a plan), some of
    them suspended more than once."""
    rng = a.rng
    count = int(rng.poisson(mean))
    pupils = max(int(count * 0.6), 1)
    pupil_status = rng.choice(3, size=pupils, p=[0.55, 0.35, 0.10])
    pupil_ids = a.ids("person", pupils)
    who = rng.integers(0, pupils, count)
    return rng.choice(days, count), pupil_status[who], pupil_ids[who]


def transition_events(a: Authority) -> pa.Table:
    """Each step's own team, with the level as the mean age; a fifth as many again by the
    other team, and for initial contacts a few aged 13 or 18, which the metrics leave out."""
    p, f = a.profile, a.frame
    first, last = f.first.index - 12, f.end.index
    steps = (
        (0, 0, p.initial_contacts, p.initial_contact_age, (14.0, 17.98)),
        (1, 1, p.care_act_assessments, p.care_act_age, (16.0, 18.9)),
        (2, 1, p.panel_referrals, p.panel_age, (15.5, 18.5)),
    )
    parts: list[tuple[np.ndarray, np.ndarray, int, int]] = []
    for event, team, volume, level, bounds in steps:
        parts.append((*_steps(a, first, last, volume, level, bounds), event, team))
        parts.append((*_steps(a, first, last, volume / 5, None, bounds), event, 1 - team))
    parts.append((*_steps(a, first, last, 0.6, None, (13.0, 13.99)), 0, 0))
    parts.append((*_steps(a, first, last, 0.4, None, (18.0, 18.99)), 0, 0))
    when = np.concatenate([x[0] for x in parts])
    age = np.concatenate([x[1] for x in parts])
    event_of = np.concatenate([np.full(len(x[0]), x[2]) for x in parts])
    team_of = np.concatenate([np.full(len(x[0]), x[3]) for x in parts])
    ids = a.ids("event", len(when))
    order = np.lexsort((ids, when))
    return table(
        {
            "la_code": a.la_code,
            "event_id": id_strings("event", ids[order]),
            "person_id": id_strings("person", a.ids("person", len(order))),
            "date_of_birth": dates(when[order] - age[order]),
            "event_type": codes(EVENTS, event_of[order]),
            "event_date": dates(when[order]),
            "team": codes(TEAMS, team_of[order]),
        },
        len(order),
    )


def _steps(
    a: Authority,
    first: int,
    last: int,
    volume: float,
    level: Level | None,
    bounds: tuple[float, float],
) -> tuple[np.ndarray, np.ndarray]:
    """(day, age in days) of steps by month; with a level, each month's mean age is it."""
    rng = a.rng
    starts = month_starts(first, last)
    counts = rng.poisson(volume, last - first + 1)
    when, which = days_in_months(rng, starts, counts)
    when = weekdays(when, starts[which])
    low, high = bounds[0] * YEAR, bounds[1] * YEAR
    age = low + rng.beta(4.0, 3.0, len(which)) * (high - low)
    if level is not None:
        age = fit_mean(age, which, a.path(first, last, level) * YEAR, low, high)
    return when, np.rint(age).astype(np.int64)


def supported_internships(a: Authority) -> pa.Table:
    """A cohort each September (the level's number with a plan, aged 17 to 24), a few starting
    later or without a plan; most finish in late July, one in five leaves early."""
    p, f, rng = a.profile, a.frame, a.rng
    first = f.first.index - 12
    level = a.path(first, f.end.index, p.interns)
    parts = []
    for year in range(
        AcademicYear.of(Month.from_index(first).first_day).start_year, f.end.year + 1
    ):
        september = Month(year, 9).index
        if september > f.end.index:
            continue
        cohort = round(level[min(max(september - first, 0), len(level) - 1)])
        later, without = int(rng.poisson(2)), int(rng.poisson(2))
        n = cohort + later + without
        start = day(dt.date(year, 9, 1)) + rng.integers(0, 15, n)
        start[cohort : cohort + later] += rng.integers(30, 120, later)
        start = weekdays(start, np.full(n, day(dt.date(year, 9, 1))))
        finish = day(dt.date(year + 1, 7, 20)) + rng.integers(0, 12, n)
        early = rng.random(n) < 0.2
        finish = np.where(early, np.minimum(start + rng.integers(30, 250, n), finish), finish)
        age = np.rint((17.0 + rng.random(n) * 7.8) * YEAR).astype(np.int64)
        plan = np.arange(n) < cohort + later
        parts.append((start, np.maximum(finish, start), start - age, plan))
    start = np.concatenate([x[0] for x in parts])
    finish = np.concatenate([x[1] for x in parts])
    born = np.concatenate([x[2] for x in parts])
    plan = np.concatenate([x[3] for x in parts])
    ids = a.ids("internship", len(start))
    order = np.lexsort((ids, start))
    return table(
        {
            "la_code": a.la_code,
            "internship_id": id_strings("internship", ids[order]),
            "person_id": id_strings("person", a.ids("person", len(order))),
            "date_of_birth": dates(born[order]),
            "has_ehcp": plan[order],
            "start_date": dates(start[order]),
            "end_date": dates(finish[order], finish[order] <= f.extract_day),
        },
        len(order),
    )
