"""Reads of people's roles, as the domain's terms: what a person may do in a plan."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser, User

from scorecard.domain.signoff import Actor, Role
from scorecard.web.accounts.models import PlanRole


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
