"""An XmR chart of a series: its inputs checked, its points in date order split into rebase
groups, each group's limits and special causes, the icons, and the warnings."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence

from scorecard.domain.errors import ScorecardError
from scorecard.domain.spc.icons import assurance_icon, variation_icon
from scorecard.domain.spc.limits import Group, group_limits
from scorecard.domain.spc.model import Direction, SpcPoint, SpcResult
from scorecard.domain.spc.rules import point_type, special_cause_types
from scorecard.domain.spc.words import DateWords, NumberWords, plain_number

SHORT_SERIES = 13
MIN_FIX_AFTER = 12


def xmr(
    *,
    dates: Sequence[dt.date],
    values: Sequence[float | None],
    direction: Direction,
    target: float | None = None,
    rebase: Sequence[dt.date] = (),
    screen_outliers: bool = True,
    fix_after: int | None = None,
    date_words: DateWords = dt.date.isoformat,
    number_words: NumberWords = plain_number,
) -> SpcResult:
    """An XmR chart of `values` by `dates` (sorted here), with its icons and their reasons;
    `date_words` and `number_words` write dates and numbers in the reasons and warnings."""
    _check_inputs(dates, values, fix_after)
    if target is not None and not math.isfinite(target):
        raise ScorecardError(f"the target must be a number, not {target}")
    order = sorted(range(len(dates)), key=lambda i: dates[i])
    ordered_dates = [dates[i] for i in order]
    ordered_values = [_finite(values[i]) for i in order]
    starts = set(rebase)
    warnings = [
        f"the rebase date {date_words(d)} matches no point and was ignored"
        for d in sorted(starts - set(ordered_dates))
    ]
    points: list[SpcPoint] = []
    for group, rows in enumerate(_groups(ordered_dates, starts)):
        limits = group_limits([ordered_values[i] for i in rows], screen_outliers, fix_after)
        causes = special_cause_types(limits)
        for row, cause in zip(rows, causes, strict=True):
            points.append(
                _point(ordered_dates[row], limits, row - rows[0], cause, direction, group)
            )
        if len(rows) < SHORT_SERIES:
            warnings.append(_short_group(date_words(ordered_dates[rows[0]]), len(rows)))
    missing = sum(v is None for v in ordered_values)
    if missing:
        warnings.append(_missing(missing))
    variation, variation_reason = variation_icon(
        points=points, direction=direction, date_words=date_words
    )
    assurance, assurance_reason = assurance_icon(
        points=points, direction=direction, target=target, number_words=number_words
    )
    return SpcResult(
        tuple(points), variation, assurance, tuple(warnings), variation_reason, assurance_reason
    )


def _short_group(start: str, count: int) -> str:
    return (
        f"the group starting {start} has {count} "
        f"point{'s' * (count != 1)}; limits from fewer than {SHORT_SERIES} points are "
        "provisional and will change with each new point"
    )


def _missing(count: int) -> str:
    if count == 1:
        return "1 point without a value breaks the runs"
    return f"{count} points without a value break the runs"


def _groups(dates: Sequence[dt.date], starts: set[dt.date]) -> list[list[int]]:
    """Row numbers by rebase group: a rebase date starts a new group (at the first point it
    changes nothing)."""
    groups: list[list[int]] = [[]]
    for index, day in enumerate(dates):
        if day in starts and index > 0:
            groups.append([])
        groups[-1].append(index)
    return groups


def _check_inputs(
    dates: Sequence[dt.date], values: Sequence[float | None], fix_after: int | None
) -> None:
    if len(dates) != len(values):
        raise ScorecardError(f"{len(dates)} dates but {len(values)} values")
    if not dates:
        raise ScorecardError("there are no points to chart")
    seen: set[dt.date] = set()
    for day in dates:
        if day in seen:
            raise ScorecardError(f"the date {day.isoformat()} appears more than once")
        seen.add(day)
    if fix_after is not None and fix_after < MIN_FIX_AFTER:
        raise ScorecardError(
            f"limits can be fixed after {MIN_FIX_AFTER} or more points, not {fix_after}"
        )


def _finite(value: float | None) -> float | None:
    if value is None or math.isnan(value):
        return None
    if math.isinf(value):
        raise ScorecardError(f"{value} is not a finite number")
    return float(value)


def _point(
    day: dt.date, group: Group, index: int, cause: str | None, direction: Direction, rebase: int
) -> SpcPoint:
    value = group.values[index]
    return SpcPoint(
        date=day,
        value=value,
        mean=_number(group.mean),
        lpl=_number(group.lpl),
        upl=_number(group.upl),
        point_type=None if cause is None else point_type(cause=cause, direction=direction),
        special_cause_type=cause,
        rebase_group=rebase,
    )


def _number(value: float) -> float | None:
    return None if math.isnan(value) else value
