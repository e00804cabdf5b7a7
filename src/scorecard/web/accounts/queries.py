"""Reads of people's roles, as the domain's terms: what a person may do in a plan."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser, User

from scorecard.domain.signoff import Actor, Role
from scorecard.web.accounts.models import (
    ROLE_CHOICES,
    PersonAction,
    PersonEvent,
    PlanRole,
    RoleChange,
)


@dataclass(frozen=True)
class Standing:
    """A person's roles in one plan and the metrics they own."""

    roles: frozenset[Role]
    metrics: frozenset[str]

    @property
    def any(self) -> bool:
        return bool(self.roles)

    @property
    def approves(self) -> bool:
        return bool({Role.APPROVER, Role.ADMINISTRATOR} & self.roles)

    def owns(self, metric_id: str) -> bool:
        return Role.DATA_OWNER in self.roles and metric_id in self.metrics

    def may_edit(self, metric_id: str) -> bool:
        return self.owns(metric_id) or Role.ADMINISTRATOR in self.roles

    def actor(self, metric_id: str, *, last_editor: bool) -> Actor:
        return Actor(self.roles, owns_metric=self.owns(metric_id), last_editor=last_editor)


NOBODY = Standing(frozenset(), frozenset())


def standing(user: User | AnonymousUser, plan_id: str) -> Standing:
    if not user.is_authenticated or not user.is_active:
        return NOBODY
    rows = PlanRole.objects.filter(user=user, plan__plan_id=plan_id)
    roles = frozenset(Role(r.role) for r in rows)
    metrics = frozenset(m for r in rows if r.role == Role.DATA_OWNER.value for m in r.metrics)
    return Standing(roles, metrics)


@dataclass(frozen=True)
class HeldRole:
    """One role a person holds in a plan, with the metrics a data owner owns."""

    role: Role
    metrics: tuple[str, ...]
    organisation: str

    @property
    def label(self) -> str:
        return ROLE_LABELS[self.role.value]


@dataclass(frozen=True)
class Member:
    """A person with at least one role in a plan."""

    username: str
    name: str
    email: str
    roles: tuple[HeldRole, ...]
    last_signed_in: dt.datetime | None = None
    can_sign_in: bool = True  # False once deactivated (`scorecard users deactivate`)
    deactivated: PersonEvent | None = None  # when, by whom and why, for someone who cannot

    @property
    def organisations(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(r.organisation for r in self.roles if r.organisation))


ROLE_LABELS = dict(ROLE_CHOICES)
ROLE_ORDER = {role: number for number, role in enumerate(Role)}


def members(plan_id: str) -> list[Member]:
    """Everyone with a role in the plan, by user name, their roles in the order of Role."""
    rows = PlanRole.objects.filter(plan__plan_id=plan_id).select_related("user")
    found: dict[str, list[PlanRole]] = {}
    for row in rows.order_by("user__username"):
        found.setdefault(row.user.username, []).append(row)
    inactive = {name for name, held in found.items() if not held[0].user.is_active}
    deactivated = {
        event.username: event  # the latest, as the events come oldest first
        for event in PersonEvent.objects.filter(
            username__in=inactive, action=PersonAction.DEACTIVATED
        ).order_by("id")
    }
    return [
        Member(
            username=username,
            name=held[0].user.get_full_name(),
            email=held[0].user.email,
            last_signed_in=held[0].user.last_login,
            can_sign_in=held[0].user.is_active,
            deactivated=deactivated.get(username),
            roles=tuple(
                sorted(
                    (HeldRole(Role(r.role), tuple(r.metrics), r.organisation) for r in held),
                    key=lambda h: ROLE_ORDER[h.role],
                )
            ),
        )
        for username, held in found.items()
    ]


def role_history(plan_id: str) -> list[RoleChange]:
    """The plan's whole role history, newest first (a few rows per person: never cut short)."""
    return list(RoleChange.objects.filter(plan__plan_id=plan_id).order_by("-id"))


def held_role(plan_id: str, username: str, role: str) -> PlanRole | None:
    return (
        PlanRole.objects.filter(plan__plan_id=plan_id, user__username=username, role=role)
        .select_related("user")
        .first()
    )


def administrators(plan_id: str) -> int:
    return PlanRole.objects.filter(plan__plan_id=plan_id, role=Role.ADMINISTRATOR.value).count()
