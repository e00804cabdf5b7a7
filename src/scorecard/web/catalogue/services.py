"""Loading a plan into the store: all of it, or nothing at all."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from scorecard.domain.catalogue import Plan as PlanDefinition
from scorecard.domain.errors import ScorecardError
from scorecard.domain.figures import Figure
from scorecard.domain.ids import did_you_mean
from scorecard.domain.kept_policies import Weakening, weakenings
from scorecard.domain.ownership import Ownership
from scorecard.domain.returns_left import LeftReturn, newly_left
from scorecard.web.catalogue import models
from scorecard.web.catalogue.diff import definition_changes
from scorecard.web.catalogue.queries import current_plan, disclosure_policies
from scorecard.web.figures.services import Change, FigureCounts, replace_plan_file_figures
from scorecard.web.returns.queries import held_returns

# The longest reason the definition and figure histories keep, as on the Owners page.
REASON_LIMIT = 500


def reason_problem(reason: str) -> str | None:
    """What is wrong with `reason` for the histories: too long to keep whole, or nothing."""
    length = len(reason.strip())
    if length <= REASON_LIMIT:
        return None
    return f"it is {length:,} characters long: keep it to {REASON_LIMIT} characters at most"


@dataclass(frozen=True)
class LoadResult:
    plan_id: str
    version: int
    new_version: bool
    figures: FigureCounts
    weakened: tuple[Weakening, ...] = ()
    left: tuple[LeftReturn, ...] = ()  # the returns this version leaves behind

    @property
    def changed(self) -> bool:
        return self.new_version or self.figures.changed


def definition_json(plan: PlanDefinition) -> dict[str, object]:
    return plan.model_dump(mode="json")


def _unset_dropped(value: object) -> object:
    """The definition without the fields left unset (None): a field added to plans in a later
    release is unset in every stored version, and stored as null from then on, which is no
    change to the plan and makes no new version."""
    if isinstance(value, dict):
        return {k: _unset_dropped(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_unset_dropped(v) for v in value]
    return value


def digest(definition: dict[str, object]) -> str:
    canonical = json.dumps(definition, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def load_plan(
    plan: PlanDefinition,
    figures: list[Figure],
    *,
    source: str,
    loaded_by: str,
    now: dt.datetime | None = None,
    reason: str = "",
) -> LoadResult:
    """Store a validated plan and its figures in one transaction. Loading the same plan again
    changes nothing; a changed definition becomes a new version, each changed field recorded in
    the definition history; changed figures are updated with their history kept. The result
    names the returns the new version leaves behind (docs/plan-format.md): they are kept."""
    problem = reason_problem(reason)
    if problem is not None:
        raise ScorecardError(f"the reason for the plan load: {problem}")
    at = now or timezone.now()
    why = reason.strip() or f"plan load from {source}"
    with transaction.atomic():
        row, _ = models.Plan.objects.select_for_update().get_or_create(
            plan_id=plan.id, defaults={"title": plan.title}
        )
        weakened = weakened_policies(row, plan)
        previous = _latest_plan(row)
        number, new_version = store_version(
            row, plan, source=source, by=loaded_by, at=at, reason=why
        )
        left = newly_left(previous, plan, held_returns(plan.id)) if new_version else ()
        counts = replace_plan_file_figures(row, figures, Change(loaded_by, at, why))
    return LoadResult(plan.id, number, new_version, counts, tuple(weakened), left)


def _latest_plan(row: models.Plan) -> PlanDefinition | None:
    latest = row.versions.order_by("-number").first()
    return None if latest is None else PlanDefinition.model_validate(latest.definition)


def weakened_policies(row: models.Plan, plan: PlanDefinition) -> list[Weakening]:
    """The metrics whose disclosure policy `plan` makes weaker than the latest version's: the
    figures already recorded keep the old policy too (docs/disclosure.md), which the loader
    says."""
    latest = row.versions.order_by("-number").first()
    if latest is None:
        return []
    return weakenings(
        disclosure_policies(latest.definition), {m.id: m.disclosure for m in plan.metrics}
    )


def store_version(
    row: models.Plan, plan: PlanDefinition, *, source: str, by: str, at: dt.datetime, reason: str
) -> tuple[int, bool]:
    """A new version of the plan's definition if it differs from the latest, with every changed
    field in the definition history; returns the latest version's number and whether it is new."""
    definition = definition_json(plan)
    fingerprint = digest(definition)
    latest = row.versions.order_by("-number").first()
    if latest is not None and (
        latest.digest == fingerprint
        or _unset_dropped(latest.definition) == _unset_dropped(definition)
    ):
        return latest.number, False
    number = latest.number + 1 if latest is not None else 1
    models.PlanVersion.objects.create(
        plan=row,
        number=number,
        definition=definition,
        digest=fingerprint,
        source=source,
        loaded_by=by,
        loaded_at=at,
    )
    if latest is not None:
        models.DefinitionChange.objects.bulk_create(
            models.DefinitionChange(
                plan=row,
                version=number,
                path=path,
                before=old,
                after=new,
                changed_by=by,
                changed_at=at,
                reason=reason[:500],
            )
            for path, old, new in definition_changes(latest.definition, definition)
        )
    if row.title != plan.title:
        row.title = plan.title
        row.save(update_fields=["title"])
    return number, True


def with_owners(plan: PlanDefinition, metric_id: str, ownership: Ownership) -> PlanDefinition:
    """The plan's definition with the metric's owners changed; a clear error for a metric or
    an organisation the plan does not have."""
    if metric_id not in {m.id for m in plan.metrics}:
        others = did_you_mean(metric_id, (m.id for m in plan.metrics))
        raise ScorecardError(f'plan {plan.id} has no metric "{metric_id}"{others}')
    partners = [p.id for p in plan.partners]
    if ownership.organisation not in partners:
        raise ScorecardError(
            f'"{ownership.organisation}" is not one of the plan\'s partners ({", ".join(partners)})'
        )
    metrics = tuple(
        m.model_copy(update={"ownership": ownership}) if m.id == metric_id else m
        for m in plan.metrics
    )
    return PlanDefinition.model_validate(
        {**plan.model_dump(mode="json"), "metrics": [m.model_dump(mode="json") for m in metrics]}
    )


def change_ownership(
    *,
    plan_id: str,
    metric_id: str,
    ownership: Ownership,
    by: str,
    at: dt.datetime,
    reason: str,
) -> int:
    """Change who answers for a metric: a new version of the plan's definition, the change in
    its history with who, when and why. Returns the new version's number."""
    if not reason.strip():
        raise ScorecardError("Say why the owners change, for the history")
    with transaction.atomic():
        # the plan is read under its lock, so that another change saved meanwhile (the owners
        # of another metric) is built on, not undone; current_plan names an unknown plan
        row = models.Plan.objects.select_for_update().filter(plan_id=plan_id).first()
        changed = with_owners(current_plan(plan_id), metric_id, ownership)
        assert row is not None  # current_plan found its versions
        source = f"owners of metric {metric_id} changed in the application"
        number, _ = store_version(row, changed, source=source, by=by, at=at, reason=reason)
    return number
