"""Sign-off: every move between states for every kind of person, as a table."""

from __future__ import annotations

import itertools

import pytest

from scorecard.domain.signoff import Actor, Role, SignOff, decide, may_edit

OWNER = Actor(frozenset({Role.DATA_OWNER}), owns_metric=True)
OTHER_OWNER = Actor(frozenset({Role.DATA_OWNER}), owns_metric=False)
VIEWER = Actor(frozenset({Role.VIEWER}))
APPROVER = Actor(frozenset({Role.APPROVER}))
APPROVER_WHO_EDITED = Actor(frozenset({Role.APPROVER, Role.DATA_OWNER}), True, last_editor=True)
ADMIN = Actor(frozenset({Role.ADMINISTRATOR}))
ADMIN_WHO_EDITED = Actor(frozenset({Role.ADMINISTRATOR}), last_editor=True)
PEOPLE = {
    "owner": OWNER,
    "other owner": OTHER_OWNER,
    "viewer": VIEWER,
    "approver": APPROVER,
    "approver who edited": APPROVER_WHO_EDITED,
    "administrator": ADMIN,
    "administrator who edited": ADMIN_WHO_EDITED,
}
S = SignOff
ALLOWED = {
    (S.DRAFT, S.SUBMITTED): {
        "owner",
        "approver who edited",
        "administrator",
        "administrator who edited",
    },
    (S.RETURNED, S.SUBMITTED): {
        "owner",
        "approver who edited",
        "administrator",
        "administrator who edited",
    },
    (S.SUBMITTED, S.APPROVED): {"approver", "administrator"},
    (S.SUBMITTED, S.RETURNED): {"approver", "administrator"},
    (S.APPROVED, S.RETURNED): {"approver", "administrator"},
    (S.PUBLISHED, S.RETURNED): {"approver", "administrator"},
    (S.APPROVED, S.PUBLISHED): {
        "approver",
        "approver who edited",
        "administrator",
        "administrator who edited",
    },
}


@pytest.mark.parametrize(
    ("current", "target", "who"),
    [(c, t, who) for c, t in itertools.product(SignOff, SignOff) for who in PEOPLE],
)
def test_every_move_for_every_person(current: SignOff, target: SignOff, who: str) -> None:
    decision = decide(current=current, target=target, actor=PEOPLE[who], reason="a reason")
    assert decision.allowed == (who in ALLOWED.get((current, target), set())), decision.reason
    assert decision.reason


def test_returning_needs_a_reason() -> None:
    for reason in (None, "", "   "):
        decision = decide(current=S.SUBMITTED, target=S.RETURNED, actor=APPROVER, reason=reason)
        assert not decision.allowed
        assert "say why" in decision.reason
        assert decision.field == "reason"


def test_the_last_editor_cannot_approve_their_own_figures() -> None:
    decision = decide(current=S.SUBMITTED, target=S.APPROVED, actor=ADMIN_WHO_EDITED)
    assert not decision.allowed
    assert "last edited" in decision.reason
    assert decision.field is None


def test_a_move_that_does_not_exist_says_what_can_follow() -> None:
    decision = decide(current=S.DRAFT, target=S.APPROVED, actor=ADMIN)
    assert not decision.allowed
    assert "it can become: submitted" in decision.reason


@pytest.mark.parametrize("state", list(SignOff))
def test_only_draft_or_returned_figures_are_edited_by_their_owner(state: SignOff) -> None:
    editable = state in (S.DRAFT, S.RETURNED)
    assert may_edit(current=state, actor=OWNER).allowed == editable
    assert may_edit(current=state, actor=ADMIN).allowed == editable
    assert not may_edit(current=state, actor=OTHER_OWNER).allowed
    assert not may_edit(current=state, actor=APPROVER).allowed
