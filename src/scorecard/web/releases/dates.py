"""Which dates a release may carry (docs/releases.md): after its reporting month ends, and no
more than a year from today."""

from __future__ import annotations

import datetime as dt

from scorecard.domain.periods import Month
from scorecard.publish.html import long_date


def a_year_after(day: dt.date) -> dt.date:
    """The same day a year later (28 February for 29 February)."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


def release_dates(period: Month, today: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last dates a release of `period` may carry or be embargoed to: after the
    reporting month ends, and no more than a year from today (docs/releases.md)."""
    return period.last_day + dt.timedelta(days=1), a_year_after(today)


def release_date_problem(period: Month, day: dt.date, today: dt.date) -> str | None:
    """What is wrong with `day` as the release date of `period`'s release, if anything."""
    first, last = release_dates(period, today)
    if first <= day <= last:
        return None
    when = "before the month ends" if day < first else "more than a year from today"
    return (
        f"{long_date(day)} is {when}: a {period.label} release is dated from "
        f"{long_date(first)} to {long_date(last)}"
    )


def publish_date_problem(period: Month, released_on: dt.date | None, today: dt.date) -> str | None:
    """What is wrong with publishing `period`'s release today, dated `released_on` (or today,
    when not given), if anything."""
    if released_on is not None:
        return release_date_problem(period, released_on, today)
    first, _ = release_dates(period, today)
    if today >= first:
        return None
    return (
        f"today, {long_date(today)}, is before the month ends: the {period.label} release may "
        f"be published from {long_date(first)}"
    )
