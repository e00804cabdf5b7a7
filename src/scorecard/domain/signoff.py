"""Sign-off of a return's figures as an explicit state machine (docs/returns.md).

draft -> submitted -> approved or returned (with a reason); returned -> submitted again;
approved -> published, by a release; approved or published -> returned (with a reason) to
correct figures already on the scorecard, which show as revised once approved again. Who may
move a return, and where to, is decided here, for this return and this target state, with the
reason in words;
the application's services call `decide` before any change and record every transition.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class SignOff(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    APPROVED = "approved"
    PUBLISHED = "published"


class Role(StrEnum):
    """A person's role in a plan. A data owner is an owner of named metrics only."""

    VIEWER = "viewer"
    DATA_OWNER = "data_owner"
    APPROVER = "approver"
    ADMINISTRATOR = "administrator"


@dataclass(frozen=True)
class Actor:
    """Who asks, as far as sign-off cares: their roles in the plan, whether they own this
    return's metric, and whether they were the last to edit its figures."""

    roles: frozenset[Role]
    owns_metric: bool = False
    last_editor: bool = False

    @property
    def may_edit(self) -> bool:
        return (Role.DATA_OWNER in self.roles and self.owns_metric) or (
            Role.ADMINISTRATOR in self.roles
        )

    @property
    def may_approve(self) -> bool:
        return bool({Role.APPROVER, Role.ADMINISTRATOR} & self.roles)


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str
    field: str | None = None  # the form field the refusal is about, when it is one


# The moves there are, each with what it needs: "edit" (the metric's data owner, or an
# administrator), "approve" (an approver or administrator who did not edit the figures last).
MOVES: dict[tuple[SignOff, SignOff], str] = {
    (SignOff.DRAFT, SignOff.SUBMITTED): "edit",
    (SignOff.RETURNED, SignOff.SUBMITTED): "edit",
    (SignOff.SUBMITTED, SignOff.APPROVED): "approve",
    (SignOff.SUBMITTED, SignOff.RETURNED): "approve",
    (SignOff.APPROVED, SignOff.PUBLISHED): "approve",
    (SignOff.APPROVED, SignOff.RETURNED): "approve",
    (SignOff.PUBLISHED, SignOff.RETURNED): "approve",
}
EDITABLE = frozenset({SignOff.DRAFT, SignOff.RETURNED})


def decide(
    *, current: SignOff, target: SignOff, actor: Actor, reason: str | None = None
) -> Decision:
    """Whether `actor` may move a return from `current` to `target`, and why (not)."""
    need = MOVES.get((current, target))
    if need is None:
        allowed = ", ".join(t.value for (c, t) in MOVES if c is current) or "nothing"
        return Decision(
            False,
            f"a {current.value} return cannot become {target.value} "
            f"(from {current.value} it can become: {allowed})",
        )
    if need == "edit" and not actor.may_edit:
        return Decision(
            False, f"only the metric's data owner or an administrator can move it to {target.value}"
        )
    if need == "approve":
        if not actor.may_approve:
            return Decision(
                False, f"only an approver or an administrator can move it to {target.value}"
            )
        if actor.last_editor and target is not SignOff.PUBLISHED:
            return Decision(
                False,
                "the person who last edited the figures cannot approve or return them; "
                "another approver must",
            )
    if target is SignOff.RETURNED and not (reason and reason.strip()):
        reason_needed = "say why the figures are returned, so the data owner can correct them"
        return Decision(False, reason_needed, field="reason")
    return Decision(True, f"{current.value} to {target.value}")


def may_edit(*, current: SignOff, actor: Actor) -> Decision:
    """Whether `actor` may change the figures of a return in state `current`."""
    if current not in EDITABLE:
        return Decision(
            False, f"the figures are {current.value}; only draft or returned figures can be changed"
        )
    if not actor.may_edit:
        return Decision(
            False, "only the metric's data owner or an administrator can change its figures"
        )
    return Decision(True, "the figures can be changed")
