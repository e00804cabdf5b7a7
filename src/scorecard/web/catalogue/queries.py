"""Reads of stored plans, returned as domain plans."""

from __future__ import annotations

from typing import Any

from scorecard.domain.catalogue import DisclosurePolicy, Plan
from scorecard.domain.errors import PlanNotFoundError
from scorecard.web.catalogue import models


def plan_ids() -> list[str]:
    return list(models.Plan.objects.order_by("plan_id").values_list("plan_id", flat=True))


def current_plan(plan_id: str) -> Plan:
    """The latest version of a stored plan; a clear error naming the stored plans otherwise."""
    version = models.PlanVersion.objects.filter(plan__plan_id=plan_id).order_by("-number").first()
    if version is None:
        known = plan_ids()
        listed = ", ".join(known) if known else "none yet; load one with: scorecard plan load PATH"
        raise PlanNotFoundError(f'no plan "{plan_id}" in the store; stored plans: {listed}')
    return Plan.model_validate(version.definition)


def versions(plan_id: str) -> list[models.PlanVersion]:
    return list(models.PlanVersion.objects.filter(plan__plan_id=plan_id).order_by("number"))


def disclosure_policies(definition: dict[str, Any]) -> dict[str, DisclosurePolicy]:
    """Each metric's disclosure policy in a stored definition, without reading the whole plan."""
    return {
        str(m["id"]): DisclosurePolicy(m.get("disclosure") or DisclosurePolicy.NONE)
        for m in definition.get("metrics", [])
    }
