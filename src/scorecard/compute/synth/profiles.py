"""The levels and sizes each synthetic authority is generated to: West Sussex's from the
published scorecard and the reference data, every other authority's drawn around national
levels.

A `Level` is a monthly path: a straight line from `start` (the window's first month) to
`finish` (its last), an optional step, and month-to-month noise, kept within low..high. Sizes
are relative to West Sussex (1.0); volumes are per month unless named otherwise.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np

WEST_SUSSEX = "938"
AUTHORITIES = 153
# England's EHC plans at January 2025 (DfE SEN2, LAIT SEN_CASES_JAN): with West
# Sussex's 9,301 as 1.0, the authorities' sizes add up to about 68.7.
ENGLAND_SIZE = 638_745 / 9_301


@dataclass(frozen=True)
class Level:
    start: float
    finish: float | None = None
    noise: float = 0.0
    low: float = -math.inf
    high: float = math.inf
    step: float = 0.0
    step_at: float = 0.6


@dataclass(frozen=True)
class Profile:
    size: float
    caseload_jan_2025: float
    caseload_growth: float  # a year
    # Education, health and care needs assessments (3.1, 3.2) and advice (3.3-3.5)
    requests: float
    plan_share: float
    within_20_weeks: Level
    weeks_to_plan: Level
    advice_ep: Level
    advice_health: Level
    advice_social_care: Level
    audits: float
    audits_good: Level
    # Health waits (1/2.1-1/2.4): mean weeks to a first contact; mean days waiting (hazard)
    salt_referrals: float
    ot_referrals: float
    salt_weeks: Level
    ot_weeks: Level
    camhs_referrals: float
    camhs_wait_days: Level
    autism_referrals: float
    autism_wait_days: Level
    # Provision (4.1-4.4)
    ssc_places_quarter: float
    special_places_quarter: float
    mainstream_share: Level
    apc_ends: float
    apc_days: Level
    iap_ends: float
    iap_days: Level
    # Exclusions per term (4.5, 4.6)
    permanent_k: Level
    permanent_e: Level
    permanent_n: float
    suspensions: float
    # Preparation for adulthood (5.1-5.3, 5.6): steps per month, ages in years
    initial_contacts: float
    initial_contact_age: Level
    care_act_assessments: float
    care_act_age: Level
    panel_referrals: float
    panel_age: Level
    interns: Level  # a year


def west_sussex() -> Profile:
    """Levels like the seed scorecard's April-September 2024 figures and their baselines,
    with a slow improvement in 3.1, 3.2, 3.6, 4.2 and 4.3, a slow worsening in 1/2.1 and a
    step change (a better CAMHS wait) part way through the window."""
    return Profile(
        size=1.0,
        caseload_jan_2025=9_301,
        caseload_growth=0.12,
        requests=165,
        plan_share=0.8,
        within_20_weeks=Level(0.09, 0.12, 0.011, 0.085, 0.125),
        weeks_to_plan=Level(45.0, 42.5, 0.9, 41.3, 45.7),
        advice_ep=Level(0.195, None, 0.011, 0.176, 0.214),
        advice_health=Level(0.33, None, 0.06, 0.235, 0.445),
        advice_social_care=Level(0.955, None, 0.01, 0.94, 0.97),
        audits=25,
        audits_good=Level(0.33, 0.42, 0.025, 0.305, 0.445),
        salt_referrals=260,
        ot_referrals=130,
        salt_weeks=Level(28.5, None, 1.6, 25.3, 31.7),
        ot_weeks=Level(23.5, None, 2.2, 19.3, 28.7),
        camhs_referrals=420,
        camhs_wait_days=Level(225, step=-63, step_at=0.55),
        autism_referrals=150,
        autism_wait_days=Level(460, 800),
        ssc_places_quarter=18,
        special_places_quarter=2.5,
        mainstream_share=Level(0.487, 0.506, 0.0035, 0.482, 0.508),
        apc_ends=22,
        apc_days=Level(340, 318, 8, 302, 348),
        iap_ends=14,
        iap_days=Level(262, 250, 5, 242, 268),
        permanent_k=Level(58, None, 3, 50, 65),
        permanent_e=Level(11, None, 1.5, 8, 15),
        permanent_n=45,
        suspensions=4_000,
        initial_contacts=14,
        initial_contact_age=Level(16.5, 16.4, 0.18, 16.05, 16.95),
        care_act_assessments=8,
        care_act_age=Level(17.4, None, 0.15, 17.05, 17.75),
        panel_referrals=10,
        panel_age=Level(17.15, None, 0.12, 16.85, 17.45),
        interns=Level(24, 27, 2, 20, 30),
    )


def _expit(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def _logit(p: float) -> float:
    return math.log(p / (1.0 - p))


def _share(rng: np.random.Generator, centre: float, spread: float, noise: float) -> Level:
    """A share drawn on the logit scale around `centre`, drifting a little over the window."""
    start = _expit(rng.normal(_logit(centre), spread))
    finish = min(max(start + rng.normal(0.0, 0.03), 0.01), 0.99)
    return Level(start, finish, noise, 0.005, 0.995)


def _around(rng: np.random.Generator, centre: float, spread: float, noise: float) -> Level:
    """A positive level drawn lognormally around `centre`."""
    start = centre * math.exp(rng.normal(0.0, spread))
    return Level(start, start * math.exp(rng.normal(0.0, 0.05)), noise * start / centre, 0.0)


def national(rng: np.random.Generator, size: float) -> Profile:
    """An authority of `size` with levels drawn around national levels: England issued 46.4%
    of new plans within 20 weeks in 2024 (DfE SEN2, exceptions excluded); the other
    centres are synthetic assumptions (docs/synthetic-data.md)."""
    base = west_sussex()
    within = _share(rng, 0.464, 1.0, 0.03)
    extra_weeks = 10.0 * math.exp(rng.normal(0.0, 0.45))
    weeks = 15.0 * within.start + (1.0 - within.start) * (20.0 + extra_weeks)
    camhs_share = min(max(rng.normal(0.28, 0.10), 0.05), 0.7)
    autism_share = min(max(rng.normal(0.75, 0.08), 0.4), 0.95)
    camhs_days = -28.0 / math.log(1.0 - camhs_share)
    volume = size * math.exp(rng.normal(0.0, 0.15))
    return replace(
        base,
        size=size,
        caseload_jan_2025=base.caseload_jan_2025 * size,
        caseload_growth=float(rng.normal(0.10, 0.03)),
        requests=base.requests * volume,
        within_20_weeks=within,
        weeks_to_plan=Level(weeks, weeks * math.exp(rng.normal(0.0, 0.05)), 1.0, 16.0, 90.0),
        advice_ep=_share(rng, 0.5, 0.8, 0.03),
        advice_health=_share(rng, 0.6, 0.8, 0.05),
        advice_social_care=_share(rng, 0.85, 0.8, 0.03),
        audits=base.audits * size,
        audits_good=_share(rng, 0.55, 0.5, 0.03),
        salt_referrals=base.salt_referrals * volume,
        ot_referrals=base.ot_referrals * volume,
        salt_weeks=_around(rng, 20.0, 0.3, 1.5),
        ot_weeks=_around(rng, 17.0, 0.3, 1.5),
        camhs_referrals=base.camhs_referrals * volume,
        camhs_wait_days=Level(camhs_days, camhs_days * math.exp(rng.normal(0.0, 0.1))),
        autism_referrals=base.autism_referrals * volume,
        autism_wait_days=Level(-91.0 / math.log(autism_share)),
        ssc_places_quarter=base.ssc_places_quarter * size * math.exp(rng.normal(0.0, 0.4)),
        special_places_quarter=base.special_places_quarter * size * math.exp(rng.normal(0, 0.4)),
        mainstream_share=_share(rng, 0.46, 0.25, 0.004),
        apc_ends=base.apc_ends * size,
        apc_days=_around(rng, 300.0, 0.15, 8.0),
        iap_ends=base.iap_ends * size,
        iap_days=_around(rng, 250.0, 0.15, 6.0),
        permanent_k=_around(rng, 22.0 * size, 0.4, 3.0 * math.sqrt(size)),
        permanent_e=_around(rng, 4.0 * size, 0.4, 1.0 * math.sqrt(size)),
        permanent_n=20.0 * size * math.exp(rng.normal(0.0, 0.4)),
        suspensions=base.suspensions * size * math.exp(rng.normal(0.0, 0.3)),
        initial_contacts=base.initial_contacts * size,
        initial_contact_age=_age(rng, 16.3),
        care_act_assessments=base.care_act_assessments * size,
        care_act_age=_age(rng, 17.3),
        panel_referrals=base.panel_referrals * size,
        panel_age=_age(rng, 17.1),
        interns=_around(rng, 25.0 * size, 0.4, 2.0 * math.sqrt(size)),
    )


def _age(rng: np.random.Generator, centre: float) -> Level:
    start = float(rng.normal(centre, 0.25))
    return Level(start, start + float(rng.normal(0.0, 0.1)), 0.18, 14.2, 18.3)


def sizes(rng: np.random.Generator, count: int = AUTHORITIES) -> np.ndarray:
    """West Sussex (1.0) first, then count - 1 lognormal sizes scaled so that all of them add
    up to England's; the largest are tens of times the smallest."""
    others = rng.lognormal(0.0, 0.75, count - 1)
    others = others * (ENGLAND_SIZE - 1.0) / others.sum()
    return np.concatenate(([1.0], others))


def la_codes(count: int = AUTHORITIES) -> list[str]:
    """938 for West Sussex, then synthetic codes 001, 002, ...: DfE's three-digit codes start
    at 201, so none of these is a real authority's."""
    return [WEST_SUSSEX] + [f"{k:03d}" for k in range(1, count)]
