"""Which moves a release version may make, and why not (docs/releases.md)."""

from __future__ import annotations

import pytest

from scorecard.domain.releases import ReleaseState, may_move

DRAFT, SCHEDULED, PUBLISHED = ReleaseState.DRAFT, ReleaseState.SCHEDULED, ReleaseState.PUBLISHED


@pytest.mark.parametrize(
    ("state", "target"),
    [(DRAFT, SCHEDULED), (DRAFT, PUBLISHED), (SCHEDULED, DRAFT), (SCHEDULED, PUBLISHED)],
)
def test_the_moves_allowed(state: ReleaseState, target: ReleaseState) -> None:
    assert may_move(state, target).allowed


@pytest.mark.parametrize(
    ("state", "target", "reason"),
    [
        (DRAFT, DRAFT, "it is a draft, not scheduled, so there is no embargo to cancel"),
        (
            SCHEDULED,
            SCHEDULED,
            "it is already scheduled; cancel its embargo first to choose another time",
        ),
        (PUBLISHED, DRAFT, "a published version never changes: amend it with a new version"),
        (PUBLISHED, SCHEDULED, "a published version never changes: amend it with a new version"),
        (PUBLISHED, PUBLISHED, "a published version never changes: amend it with a new version"),
    ],
)
def test_a_move_refused_says_why_in_words(
    state: ReleaseState, target: ReleaseState, reason: str
) -> None:
    move = may_move(state, target)
    assert not move.allowed
    assert move.reason == reason
