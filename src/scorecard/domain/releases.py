"""Releases: a reporting month's scorecard frozen for publication (docs/releases.md).

A release is one plan and one reporting month. Each version of it is an immutable snapshot:
version 1 is the first publication, and every amendment is a new version with a dated reason and
a change note, whose changed public values are marked revised. A version moves
draft -> scheduled (an embargo) -> published, or straight from draft to published; a scheduled
version can go back to draft; a published version never changes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from scorecard.domain.catalogue import Plan
from scorecard.domain.figures import Figure, FigureStatus, QualityFlag, figure_grid
from scorecard.domain.periods import Month
from scorecard.domain.problems import Problem, error, warning
from scorecard.domain.public_baselines import baselines_not_shown


class ReleaseState(StrEnum):
    DRAFT = "draft"
    SCHEDULED = "scheduled"
    PUBLISHED = "published"


MOVES: dict[ReleaseState, frozenset[ReleaseState]] = {
    ReleaseState.DRAFT: frozenset({ReleaseState.SCHEDULED, ReleaseState.PUBLISHED}),
    ReleaseState.SCHEDULED: frozenset({ReleaseState.DRAFT, ReleaseState.PUBLISHED}),
    ReleaseState.PUBLISHED: frozenset(),
}


@dataclass(frozen=True)
class Move:
    allowed: bool
    reason: str


def may_move(state: ReleaseState, target: ReleaseState) -> Move:
    """Whether a version in `state` may move to `target`, with the reason in words."""
    if target in MOVES[state]:
        return Move(True, f"a {state.value} version may be {target.value}")
    if state is ReleaseState.PUBLISHED:
        return Move(False, "a published version never changes: amend it with a new version")
    return Move(
        False, _STAYS.get((state, target), f"a {state.value} version cannot be {target.value}")
    )


# a move to the state a version is already in, in words (only a hand-made request asks for one)
_STAYS = {
    (ReleaseState.DRAFT, ReleaseState.DRAFT): (
        "it is a draft, not scheduled, so there is no embargo to cancel"
    ),
    (ReleaseState.SCHEDULED, ReleaseState.SCHEDULED): (
        "it is already scheduled; cancel its embargo first to choose another time"
    ),
}


@dataclass(frozen=True)
class VersionNote:
    """One version of a release as its outputs list it."""

    number: int
    released_on: dt.date
    reason: str | None = None
    change_note: str | None = None


@dataclass(frozen=True)
class ReleaseInfo:
    """What every output prints about the release it belongs to."""

    plan_id: str
    period: Month
    version: int
    state: ReleaseState
    released_on: dt.date
    embargo: dt.datetime | None
    history: tuple[VersionNote, ...]  # every version up to and including this one, oldest first
    revised: frozenset[tuple[str, str, Month]] = frozenset()

    @property
    def is_amendment(self) -> bool:
        return self.version > 1


@dataclass(frozen=True)
class Pending:
    """A return for a metric and month that is not approved yet (draft, submitted, returned)."""

    metric_id: str
    period: Month
    state: str


@dataclass(frozen=True)
class Readiness:
    blocking: tuple[Problem, ...]
    warnings: tuple[Problem, ...]

    @property
    def ready(self) -> bool:
        return not self.blocking


def readiness(
    plan: Plan, figures: Iterable[Figure], period: Month, pending: Iterable[Pending]
) -> Readiness:
    """What stops the month's release (blocking) and what merely needs a look (warnings).

    Blocking: a return in the year to date that is not approved; a figure due in the reporting
    month with nothing recorded (record it, or record it as not available with a reason).
    Warnings: an earlier month of the year with nothing recorded (it shows as not available);
    a figure for the reporting month flagged provisional; a baseline the public outputs do not
    show as recorded.
    """
    first = max(period.financial_year.first_month, plan.start)
    blocking: list[Problem] = []
    warnings: list[Problem] = []
    for item in sorted(pending, key=lambda p: (p.period, p.metric_id)):
        if first <= item.period <= period:
            blocking.append(
                error(
                    "release-unapproved",
                    f"the {item.period.label} return is {item.state}, not approved",
                    metric_id=item.metric_id,
                    field="period",
                )
            )
    recorded = {f.key for f in figures if f.status is not FigureStatus.NOT_DUE}
    for figure in figure_grid(plan, figures, first, period):
        if figure.status is FigureStatus.NOT_DUE:
            continue
        part = f" ({figure.component})" if figure.component else ""
        if figure.key not in recorded:
            if figure.period == period:
                blocking.append(
                    error(
                        "release-missing-figure",
                        f"no figure{part} for {period.label}: record it, or record it as not "
                        "available with a reason",
                        metric_id=figure.metric_id,
                        field="period",
                    )
                )
            else:
                warnings.append(
                    warning(
                        "release-missing-earlier",
                        f"no figure{part} for {figure.period.label}: it shows as not available",
                        metric_id=figure.metric_id,
                        field="period",
                    )
                )
        elif figure.period == period and QualityFlag.PROVISIONAL in figure.quality:
            warnings.append(
                warning(
                    "release-provisional",
                    f"the {period.label} figure{part} is provisional",
                    metric_id=figure.metric_id,
                    field="quality",
                )
            )
    warnings.extend(_baselines_not_shown(plan))
    return Readiness(tuple(blocking), tuple(warnings))


def _baselines_not_shown(plan: Plan) -> list[Problem]:
    """A baseline its policy withholds or rounds, in a plan stored before such baselines were
    refused: the public outputs show it as the policy does (docs/disclosure.md)."""
    return [
        warning(
            "release-baseline-not-shown",
            f"the baseline{' of ' + found.component if found.component else ''} "
            f"{found.recorded.value} is "
            + (
                f"shown as {found.shown.value}"
                if found.shown.value is not None
                else "withheld ([c])"
            )
            + " in public outputs, as its disclosure policy shows such a number (the plan was "
            "stored before such baselines were refused); load the plan again with the baseline "
            "as the public outputs show it, or as a note",
            metric_id=found.metric_id,
            field="baseline",
        )
        for found in baselines_not_shown(plan)
    ]


def public_content(figure: Figure) -> tuple[object, ...]:
    """What a reader of a public output sees of a figure: its status and shown numbers."""
    return (
        figure.status,
        *(
            None if n is None else str(n)
            for n in (figure.value, figure.numerator, figure.denominator)
        ),
        figure.withheld,
    )


def revised_keys(
    previous: Iterable[Figure], current: Iterable[Figure]
) -> frozenset[tuple[str, str, Month]]:
    """The figures whose published content changed between two versions: the ones a new
    version marks revised. A figure that was not in the previous version (a month not yet
    due then) is new, not revised; one that was shown and is now absent is revised."""
    before = {f.key: public_content(f) for f in previous if f.status is not FigureStatus.NOT_DUE}
    after = {f.key: public_content(f) for f in current if f.status is not FigureStatus.NOT_DUE}
    return frozenset(key for key, shown in before.items() if after.get(key) != shown)
