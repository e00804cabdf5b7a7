"""Building blocks shared by the generators: the time frame of a run, pseudonymous identifiers,
level paths, and Arrow columns.

Dates are whole days since 1970-01-01 (numpy int64) until they become Arrow date32 columns.
Identifiers are a fixed prefix and 16 hex digits: (kind, authority, serial) packed into 64
bits, XORed with a key drawn from the seed and scrambled by a bijective mixing function, so
they are unique across every authority and extract of a run, look random, and leak no order.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa

from scorecard.compute.synth.profiles import Level, Profile
from scorecard.domain.periods import Month

EPOCH = dt.date(1970, 1, 1)
YEAR = 365.25
HEX = np.frombuffer(b"0123456789abcdef", dtype=np.uint8)

# Identifier kinds: (number packed into the id, prefix letter).
KINDS = {
    "person": (1, "P"),
    "autism_referral": (2, "R"),
    "therapy_referral": (3, "R"),
    "camhs_referral": (4, "R"),
    "request": (5, "Q"),
    "advice": (6, "A"),
    "audit": (7, "U"),
    "change": (8, "C"),
    "episode": (9, "E"),
    "exclusion": (10, "X"),
    "event": (11, "T"),
    "internship": (12, "I"),
}


def day(value: dt.date) -> int:
    return (value - EPOCH).days


def month_start(index: int) -> int:
    return day(Month.from_index(index).first_day)


def month_starts(first: int, last: int) -> np.ndarray:
    """First days of the months with indexes first..last+1 (one more, to close the last)."""
    months = (np.arange(first, last + 2) - 1970 * 12).astype("datetime64[M]")
    return months.astype("datetime64[D]").astype(np.int64)


def _mix(x: np.ndarray) -> np.ndarray:
    """The 64-bit finaliser of MurmurHash3: a bijection on uint64."""
    with np.errstate(over="ignore"):
        x = x ^ (x >> np.uint64(33))
        x = x * np.uint64(0xFF51AFD7ED558CCD)
        x = x ^ (x >> np.uint64(33))
        x = x * np.uint64(0xC4CEB9FE1A85EC53)
        return x ^ (x >> np.uint64(33))


def id_numbers(key: int, kind: str, authority: int, serials: np.ndarray) -> np.ndarray:
    number = KINDS[kind][0]
    packed = (
        (np.uint64(number) << np.uint64(56))
        | (np.uint64(authority) << np.uint64(40))
        | serials.astype(np.uint64)
    )
    return _mix(packed ^ np.uint64(key))


def id_strings(kind: str, numbers: np.ndarray) -> pa.Array:
    """Prefix + 16 lower-case hex digits, as an Arrow string array."""
    n = len(numbers)
    octets = numbers.astype(">u8").view(np.uint8).reshape(n, 8)
    chars = np.empty((n, 17), dtype=np.uint8)
    chars[:, 0] = ord(KINDS[kind][1])
    chars[:, 1::2] = HEX[octets >> 4]
    chars[:, 2::2] = HEX[octets & 15]
    offsets = np.arange(0, 17 * (n + 1), 17, dtype=np.int32)
    return pa.StringArray.from_buffers(n, pa.py_buffer(offsets), pa.py_buffer(chars.tobytes()))


@dataclass
class Frame:
    """The window of a run: `months` months ending with `end`; the extracts are as at the last
    day of `end`."""

    end: Month
    months: int

    @property
    def first(self) -> Month:
        return self.end.plus(1 - self.months)

    @property
    def extract_day(self) -> int:
        return day(self.end.last_day)

    def progress(self, index: int | np.ndarray) -> np.ndarray:
        """0 at the window's first month, 1 at its last, held flat outside it."""
        span = max(self.months - 1, 1)
        return np.clip((np.asarray(index) - self.first.index) / span, 0.0, 1.0)


@dataclass
class Authority:
    """One authority's random stream, identifier counters and the people shared between its
    extracts."""

    index: int
    la_code: str
    key: int
    rng: np.random.Generator
    frame: Frame
    profile: Profile
    counters: dict[str, int] = field(default_factory=dict)
    shared: dict[str, np.ndarray] = field(default_factory=dict)

    def ids(self, kind: str, n: int) -> np.ndarray:
        start = self.counters.get(kind, 0)
        self.counters[kind] = start + n
        serials = np.arange(start, start + n, dtype=np.uint64)
        return id_numbers(self.key, kind, self.index, serials)

    def path(self, first: int, last: int, level: Level) -> np.ndarray:
        """The level for months first..last: a straight line from `start` (the window's first
        month) to `finish` (its last), the step from `step_at` of the way through, and
        independent normal noise, kept within low..high."""
        index = np.arange(first, last + 1)
        t = self.frame.progress(index)
        finish = level.start if level.finish is None else level.finish
        values = level.start + (finish - level.start) * t + level.step * (t >= level.step_at)
        values = values + self.rng.normal(0.0, level.noise, len(index))
        return np.clip(values, level.low, level.high)


def dates(days: np.ndarray, valid: np.ndarray | None = None) -> pa.Array:
    """Days as an Arrow date32 column; empty where `valid` is false."""
    mask = None if valid is None else ~valid
    return pa.array(days.astype(np.int32), type=pa.int32(), mask=mask).cast(pa.date32())


def table(columns: dict[str, str | pa.Array | np.ndarray], n: int) -> pa.Table:
    """A table of the columns given: a string is repeated n times (la_code), numpy booleans
    and integers become Arrow booleans and int64."""
    arrays: dict[str, pa.Array] = {}
    for name, values in columns.items():
        if isinstance(values, str):
            arrays[name] = pa.repeat(pa.scalar(values, pa.string()), n)
        elif isinstance(values, pa.Array):
            arrays[name] = values
        elif values.dtype == bool:
            arrays[name] = pa.array(values, type=pa.bool_())
        else:
            arrays[name] = pa.array(values.astype(np.int64), type=pa.int64())
    return pa.table(arrays)


def codes(names: tuple[str, ...], picks: np.ndarray) -> pa.Array:
    """Codes from `names` by index, as an Arrow string array."""
    dictionary = pa.DictionaryArray.from_arrays(
        pa.array(picks.astype(np.int32)), pa.array(list(names), type=pa.string())
    )
    return dictionary.cast(pa.string())


def days_in_months(
    rng: np.random.Generator, starts: np.ndarray, counts: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """For counts[i] records in month i (first day starts[i], next starts[i+1]): a uniform day
    in the month for each, and the month position of each."""
    which = np.repeat(np.arange(len(counts)), counts)
    lengths = starts[1:] - starts[:-1]
    offsets = np.floor(rng.random(len(which)) * lengths[which]).astype(np.int64)
    return starts[which] + offsets, which


def fit_mean(
    values: np.ndarray, which: np.ndarray, target: np.ndarray, low: float, high: float
) -> np.ndarray:
    """Shift each month's values (month `which`) so that their mean is the month's target,
    kept within low..high (a few rounds, as clipping moves the mean)."""
    out = values.astype(np.float64)
    counts = np.maximum(np.bincount(which, minlength=len(target)), 1)
    for _ in range(4):
        means = np.bincount(which, out, len(target)) / counts
        out = np.clip(out + (target - means)[which], low, high)
    return out


def exact_flags(
    rng: np.random.Generator, which: np.ndarray, counts: np.ndarray, chosen: np.ndarray
) -> np.ndarray:
    """For records grouped by month (`which`, sorted, counts[i] in month i): exactly chosen[i]
    of month i's records flagged, at random."""
    order = np.lexsort((rng.random(len(which)), which))
    offsets = np.concatenate(([0], np.cumsum(counts)[:-1]))
    position = np.empty(len(which), dtype=np.int64)
    position[order] = np.arange(len(which)) - offsets[which[order]]
    return position < chosen[which]


def weekdays(days: np.ndarray, month_first: np.ndarray) -> np.ndarray:
    """Saturdays and Sundays moved to the Friday before, or to the Monday after when the Friday
    is in the month before (offices work on weekdays; the month stays the same)."""
    weekday = (days + 3) % 7  # 1970-01-01 was a Thursday; Monday is 0
    back = days - np.where(weekday >= 5, weekday - 4, 0)
    return np.where(back < month_first, days + (7 - weekday) % 7, back)


def linked(
    rng: np.random.Generator,
    pool_days: np.ndarray,
    lows: np.ndarray,
    highs: np.ndarray,
) -> np.ndarray:
    """For each record, a random member of a pool sorted by day whose day is within
    lows..highs; -1 where there is none."""
    lo = np.searchsorted(pool_days, lows, side="left")
    hi = np.searchsorted(pool_days, highs, side="right")
    span = hi - lo
    pick = lo + np.floor(rng.random(len(lows)) * np.maximum(span, 1)).astype(np.int64)
    return np.where(span > 0, pick, -1)


def ages_in_days(
    rng: np.random.Generator, n: int, bands: Sequence[tuple[float, float, float]]
) -> np.ndarray:
    """Ages in days from (share, youngest, oldest) bands in years."""
    shares = np.array([b[0] for b in bands])
    band = rng.choice(len(bands), size=n, p=shares / shares.sum())
    low = np.array([b[1] for b in bands])[band]
    high = np.array([b[2] for b in bands])[band]
    return np.floor((low + rng.random(n) * (high - low)) * YEAR).astype(np.int64)


def people_from(
    a: Authority,
    pool_days: np.ndarray,
    pool_people: np.ndarray,
    lows: np.ndarray,
    highs: np.ndarray,
) -> np.ndarray:
    """For each record, the person of a random pool member (pool sorted by day) whose day is
    within lows..highs; a new person where there is none."""
    pick = linked(a.rng, pool_days, lows, highs)
    people = np.zeros(len(lows), dtype=np.uint64)
    found = pick >= 0
    people[found] = pool_people[pick[found]]
    people[~found] = a.ids("person", int((~found).sum()))
    return people
