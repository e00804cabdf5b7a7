"""Reads for the API: the plans as loaded, and public release versions only (published, or
scheduled with the embargo passed; scorecard.web.releases.queries.public_filter). Anything not
found is a 404 problem."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass
from itertools import groupby

from scorecard.domain.catalogue import DisclosurePolicy, Metric, Plan
from scorecard.domain.ids import did_you_mean
from scorecard.domain.kept_policies import at_least_as_strict
from scorecard.domain.periods import Month
from scorecard.domain.public_baselines import disclose_baselines
from scorecard.publish.report import ScorecardReport
from scorecard.web.api.problems import not_found
from scorecard.web.catalogue import models as catalogue_models
from scorecard.web.figures.queries import kept_policies, recorded_figures
from scorecard.web.releases import queries as releases
from scorecard.web.releases.models import ReleaseVersion

_PLAN_ID = re.compile(r"^[a-z0-9][a-z0-9-]{1,62}$")
LARGEST_VERSION = 2**31 - 1


@dataclass(frozen=True)
class StoredPlan:
    """The latest version of a plan's definition, as public outputs show it (a baseline its
    policy withholds or rounds, in a plan stored before those were refused, as the policy
    shows it: docs/disclosure.md), and when it was loaded."""

    plan: Plan
    version: int
    loaded_at: dt.datetime


def _stored(version: catalogue_models.PlanVersion) -> StoredPlan:
    plan = disclose_baselines(Plan.model_validate(version.definition))
    return StoredPlan(plan, version.number, version.loaded_at)


def stored_plans() -> list[StoredPlan]:
    latest = (
        catalogue_models.PlanVersion.objects.order_by("plan__plan_id", "-number")
        .select_related("plan")
        .iterator()
    )
    return [_stored(next(found)) for _, found in groupby(latest, key=lambda v: v.plan.plan_id)]


def stored_plan(plan_id: str) -> StoredPlan:
    found = None
    if _PLAN_ID.fullmatch(plan_id):
        found = (
            catalogue_models.PlanVersion.objects.filter(plan__plan_id=plan_id)
            .order_by("-number")
            .first()
        )
    if found is None:
        raise not_found(f'there is no plan "{plan_id}"; the plans are listed at /api/v1/plans')
    return _stored(found)


def metric_by_slug(plan: Plan, slug: str) -> Metric:
    for metric in plan.metrics:
        if slug in (metric.slug, metric.id):
            return metric
    others = did_you_mean(slug, (n for m in plan.metrics for n in (m.id, m.slug)))
    if others:
        raise not_found(f'plan {plan.id} has no metric "{slug}" (ids are case-sensitive){others}')
    raise not_found(
        f'plan {plan.id} has no metric "{slug}"; name it by {_how_named(plan)}, as listed at '
        f"/api/v1/plans/{plan.id}/metrics"
    )


def _how_named(plan: Plan) -> str:
    """An example from the plan's own metrics: one whose slug differs from its id ("1/2.1" is
    1-2-1) if it has one."""
    other = [m for m in plan.metrics if m.slug != m.id]
    if other:
        return f"its slug ({other[0].slug}) or its id ({other[0].id})"
    return f"its id ({plan.metrics[0].id})" if plan.metrics else "its id"


def published_at(version: ReleaseVersion) -> dt.datetime:
    """When the version became public: its publication, or the end of its embargo."""
    moment = version.published_at or version.embargo
    if moment is None:  # public versions always have one; created_at keeps mypy honest
        return version.created_at
    return moment


def public_versions(plan_id: str) -> list[ReleaseVersion]:
    """The plan's public versions, newest month first and newest version first."""
    return list(releases.versions(plan_id, public=True))


def latest_public(plan_id: str, period: Month | None = None) -> ReleaseVersion | None:
    return releases.latest_public(plan_id, period)


def public_version(plan_id: str, period: Month, number: int) -> ReleaseVersion:
    found = None
    if 1 <= number <= LARGEST_VERSION:
        found = (
            releases.versions(plan_id, public=True)
            .filter(release__period=str(period), number=number)
            .first()
        )
    if found is None:
        raise not_found(
            f"plan {plan_id} has no public version {number} of the {period.label} release"
        )
    return found


def public_release(plan_id: str, period: Month) -> list[ReleaseVersion]:
    """The public versions of the month's release, oldest first; a 404 problem if none."""
    found = releases.release_versions(plan_id, period, public=True)
    if not found:
        raise not_found(f"plan {plan_id} has no public release for {period.label}")
    return sorted(found, key=lambda v: v.number)


def public_report(version: ReleaseVersion) -> ScorecardReport:
    """The version as its public files show it: disclosure-controlled, without commentary."""
    return releases.version_report(version, public=True)


def policies_still_kept(plan: Plan) -> dict[str, list[DisclosurePolicy]]:
    """For each metric, the earlier disclosure policies that some of its figures still keep
    because the current one is weaker (docs/disclosure.md, decision 0010)."""
    current = {m.id: m.disclosure for m in plan.metrics}
    found: dict[str, set[DisclosurePolicy]] = defaultdict(set)
    for (metric_id, _, _), kept in kept_policies(plan.id, recorded_figures(plan.id)).items():
        if metric_id in current:
            found[metric_id] |= {p for p in kept if not at_least_as_strict(current[metric_id], p)}
    return {m: sorted(p, key=lambda policy: policy.value) for m, p in found.items() if p}
