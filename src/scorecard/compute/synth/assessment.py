"""EHC needs assessments: requests and final plans (3.1, 3.2), advice requests (3.3-3.5) and
audits of plans (3.6).

Plans are drawn by the month they are issued: in each month exactly round(share x plans) take
20 weeks or less, and the rest take long enough for the month's mean weeks to be the level.
Advice is drawn the same way by the month it is completed. Plans issued after the extract
day, and advice completed after it, are still outstanding: their dates are left empty.
The people are linked: advice and audits name the child of a request or plan, and the
children issued a plan join the placement snapshot (`shared`).
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
    exact_flags,
    id_strings,
    month_starts,
    people_from,
    table,
    weekdays,
)
from scorecard.compute.synth.profiles import Level

ADVICE = ("EP", "HEALTH", "SOCIAL_CARE")
GRADES = ("OUTSTANDING", "GOOD", "REQUIRES_IMPROVEMENT", "INADEQUATE")
WITHIN_20 = 140
REQUEST_AGES = [(0.2, 1, 5), (0.4, 5, 11), (0.3, 11, 16), (0.1, 16, 22)]


def _issued(a: Authority) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Plans by month of issue, from a year before the window to two years after the
    extract: (issue day, request day, within 20 weeks)."""
    p, f, rng = a.profile, a.frame, a.rng
    first, last = f.first.index - 12, f.end.index + 24
    starts = month_starts(first, last)
    counts = rng.poisson(p.requests * p.plan_share, last - first + 1)
    issue, which = days_in_months(rng, starts, counts)
    issue = weekdays(issue, starts[which])
    share = a.path(first, last, p.within_20_weeks)
    weeks = a.path(first, last, p.weeks_to_plan)
    within = exact_flags(rng, which, counts, np.rint(counts * share).astype(np.int64))
    days = np.where(within, rng.integers(84, WITHIN_20 + 1, len(which)), 0).astype(np.float64)
    late_total = np.bincount(which, np.where(within, 0.0, 1.0), len(counts))
    on_time_days = np.bincount(which, days, len(counts))
    late_mean = (weeks * 7.0 * counts - on_time_days) / np.maximum(late_total, 1)
    late_excess = np.maximum(late_mean - WITHIN_20, 14.0)
    excess = rng.gamma(3.0, 1.0, len(which))
    mean_excess = np.bincount(which, np.where(within, 0.0, excess), len(counts))
    scale = late_excess / np.maximum(mean_excess / np.maximum(late_total, 1), 1e-9)
    late_days = WITHIN_20 + 1 + np.floor(excess * scale[which])
    days = np.where(within, days, late_days).astype(np.int64)
    return issue, issue - days, within


def ehc_needs_assessments(a: Authority) -> pa.Table:
    p, f, rng = a.profile, a.frame, a.rng
    issue, requested, within = _issued(a)
    first = f.first.index - 24
    starts = month_starts(first, f.end.index)
    counts = rng.poisson(p.requests * (1.0 - p.plan_share), len(starts) - 1)
    no_plan, _ = days_in_months(rng, starts, counts)
    received = np.concatenate((requested, no_plan))
    issued = np.concatenate((issue, np.full(len(no_plan), f.extract_day + 1)))
    exception = rng.random(len(received)) < np.concatenate(
        (np.where(within, 0.02, 0.05), np.full(len(no_plan), 0.03))
    )
    keep = received <= f.extract_day
    received, issued, exception = received[keep], issued[keep], exception[keep]
    ids = a.ids("request", len(received))
    order = np.lexsort((ids, received))
    received, issued, exception = received[order], issued[order], exception[order]
    people = a.ids("person", len(received))
    born = received - ages_in_days(rng, len(received), REQUEST_AGES)
    has_plan = issued <= f.extract_day
    a.shared.update(
        request_day=received,
        request_person=people,
        plan_day=issued[has_plan],
        plan_person=people[has_plan],
        plan_born=born[has_plan],
    )
    return table(
        {
            "la_code": a.la_code,
            "request_id": id_strings("request", ids[order]),
            "person_id": id_strings("person", people),
            "request_received_date": dates(received),
            "final_plan_issued_date": dates(issued, has_plan),
            "exception": exception,
        },
        len(received),
    )


def _advice(a: Authority, volume: float, level: Level) -> tuple[np.ndarray, np.ndarray]:
    """(requested day, completed day) by month of completion: exactly round(share x advice)
    within 6 weeks."""
    f, rng = a.frame, a.rng
    first, last = f.first.index - 12, f.end.index + 6
    starts = month_starts(first, last)
    counts = rng.poisson(volume, last - first + 1)
    done, which = days_in_months(rng, starts, counts)
    done = weekdays(done, starts[which])
    share = a.path(first, last, level)
    within = exact_flags(rng, which, counts, np.rint(counts * share).astype(np.int64))
    late = 43 + np.floor(rng.gamma(2.0, 15.0, len(which))).astype(np.int64)
    days = np.where(within, rng.integers(10, 43, len(which)), late)
    return done - days, done


def advice_requests(a: Authority) -> pa.Table:
    p, f = a.profile, a.frame
    volumes = (0.85, 0.85, 0.35)
    levels = (p.advice_ep, p.advice_health, p.advice_social_care)
    parts = [_advice(a, p.requests * v, level) for v, level in zip(volumes, levels, strict=True)]
    kind = np.concatenate([np.full(len(x[0]), k) for k, x in enumerate(parts)])
    requested = np.concatenate([x[0] for x in parts])
    done = np.concatenate([x[1] for x in parts])
    keep = requested <= f.extract_day
    kind, requested, done = kind[keep], requested[keep], done[keep]
    ids = a.ids("advice", len(requested))
    order = np.lexsort((ids, requested))
    kind, requested, done = kind[order], requested[order], done[order]
    people = people_from(
        a, a.shared["request_day"], a.shared["request_person"], requested - 56, requested - 21
    )
    return table(
        {
            "la_code": a.la_code,
            "advice_request_id": id_strings("advice", ids[order]),
            "person_id": id_strings("person", people),
            "advice_type": codes(ADVICE, kind),
            "requested_date": dates(requested),
            "completed_date": dates(done, done <= f.extract_day),
        },
        len(requested),
    )


def ehcp_audits(a: Authority) -> pa.Table:
    """Audits by month: exactly round(share x audits) good or outstanding (one in eight of
    those outstanding); the others requiring improvement or inadequate."""
    p, f, rng = a.profile, a.frame, a.rng
    first, last = f.first.index - 12, f.end.index
    starts = month_starts(first, last)
    counts = rng.poisson(p.audits, last - first + 1)
    audited, which = days_in_months(rng, starts, counts)
    audited = weekdays(audited, starts[which])
    share = a.path(first, last, p.audits_good)
    good = exact_flags(rng, which, counts, np.rint(counts * share).astype(np.int64))
    grade = np.where(
        good,
        np.where(rng.random(len(which)) < 0.125, 0, 1),
        np.where(rng.random(len(which)) < 0.78, 2, 3),
    )
    ids = a.ids("audit", len(audited))
    order = np.lexsort((ids, audited))
    audited, grade = audited[order], grade[order]
    plan_day = a.shared["plan_day"]
    by_day = np.argsort(plan_day, kind="stable")
    people = people_from(
        a, plan_day[by_day], a.shared["plan_person"][by_day], audited - 365, audited - 7
    )
    return table(
        {
            "la_code": a.la_code,
            "audit_id": id_strings("audit", ids[order]),
            "person_id": id_strings("person", people),
            "audit_date": dates(audited),
            "grade": codes(GRADES, grade),
        },
        len(audited),
    )
