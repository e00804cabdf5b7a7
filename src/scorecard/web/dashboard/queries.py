"""What the pages read: a stored plan with its figures, and the version of its data (the
cache key: a new plan version or any figure change makes a new one)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection
from django.http import Http404
from django.utils import timezone

from scorecard.domain.catalogue import Plan
from scorecard.domain.disclosure import disclose
from scorecard.domain.errors import PlanNotFoundError
from scorecard.domain.figures import Figure, FigureStatus
from scorecard.domain.kept_policies import FigureKey
from scorecard.domain.periods import Month, month_range
from scorecard.domain.public_baselines import disclose_baselines
from scorecard.domain.releases import ReleaseState, revised_keys
from scorecard.web.catalogue import models as catalogue_models
from scorecard.web.catalogue.queries import current_plan, plan_ids
from scorecard.web.figures import models as figure_models
from scorecard.web.figures.queries import kept_policies, recorded_figures
from scorecard.web.releases import queries as release_queries
from scorecard.web.releases.models import Release, ReleaseVersion
from scorecard.web.releases.snapshots import snapshot_figures


@dataclass(frozen=True)
class StoredPlan:
    """A plan with the figures a reader may see: for the public, disclosure-controlled and only
    those already public (see `public_figures`); for the partnership (`internal`), every
    approved figure exactly as stored."""

    plan: Plan
    figures: list[Figure]
    internal: bool = False
    # the figures the latest public release, and any release made public after it, mark
    # revised (docs/releases.md), marked on the pages for everyone; and, for the partnership,
    # the approved figures that differ from the ones the public see, which the pages mark
    # "changed since published" (docs/web.md)
    revised: frozenset[FigureKey] = frozenset()
    changed: frozenset[FigureKey] = frozenset()

    @property
    def latest(self) -> Month:
        """The latest month with a figure (within the plan), or the plan's first month."""
        months = [
            f.period
            for f in self.figures
            if f.status is FigureStatus.VALUE and self.plan.start <= f.period <= self.plan.end
        ]
        return max(months) if months else self.plan.start

    @property
    def months(self) -> tuple[Month, ...]:
        """The months a reader can choose: the plan's first to its latest with a figure."""
        return month_range(self.plan.start, self.latest)


def data_version(plan_id: str) -> str:
    """The plan's latest version, its last figure change and the release version made public
    last, in one query: a page served from the cache costs only this. Written as SQL, since building
    it with the ORM cost more than running it (docs/performance.md)."""
    with connection.cursor() as cursor:
        cursor.execute(
            DATA_VERSION_SQL,
            [
                ReleaseState.PUBLISHED.value,
                ReleaseState.SCHEDULED.value,
                connection.ops.adapt_datetimefield_value(timezone.now()),
                plan_id,
            ],
        )
        found = cursor.fetchone()
    version, change, released = found if found else (None, None, None)
    return f"{version}.{change}.{released or 0}"


def _data_version_sql() -> str:
    plans = catalogue_models.Plan._meta.db_table
    versions = catalogue_models.PlanVersion._meta.db_table
    changes = figure_models.FigureChange._meta.db_table
    releases = Release._meta.db_table
    release_versions = ReleaseVersion._meta.db_table
    return f"""
        SELECT
          (SELECT MAX(v.number) FROM {versions} v WHERE v.plan_id = p.id),
          (SELECT MAX(c.id) FROM {changes} c WHERE c.plan_id = p.id),
          (SELECT rv.id FROM {release_versions} rv JOIN {releases} r ON rv.release_id = r.id
            WHERE r.plan_id = p.id
              AND (rv.state = %s OR (rv.state = %s AND rv.embargo <= %s))
            ORDER BY COALESCE(rv.published_at, rv.embargo) DESC, rv.id DESC LIMIT 1)
        FROM {plans} p WHERE p.plan_id = %s
    """


DATA_VERSION_SQL = _data_version_sql()


def stored_plan(plan_id: str, *, internal: bool = False) -> StoredPlan:
    try:
        plan = current_plan(plan_id)
    except PlanNotFoundError:
        raise Http404(f'There is no plan "{plan_id}".') from None
    released = release_queries.latest_public(plan_id)
    later = release_queries.public_after(released) if released is not None else []
    revised = frozenset(
        (metric, component, Month.parse(period))
        for version in ([released] if released else []) + later
        for metric, component, period in version.revised
    )
    shown = public_figures(plan_id, released, later)
    if internal:
        figures = recorded_figures(plan_id)
        # "[changed]": the approved figure as the public would see it differs from what they
        # see, both disclosure-controlled (a figure withheld before and after is not changed
        # for them, and a release would refuse it as an amendment that changes nothing)
        kept = kept_policies(plan_id, [*shown, *figures])
        changed = revised_keys(disclose(plan, shown, kept), disclose(plan, figures, kept))
        return StoredPlan(plan, figures, internal=True, revised=revised, changed=changed)
    figures = disclose(plan, shown, kept_policies(plan_id, shown))
    return StoredPlan(disclose_baselines(plan), figures, revised=revised)


def public_figures(
    plan_id: str, released: ReleaseVersion | None, later: list[ReleaseVersion] | None = None
) -> list[Figure]:
    """What the public may see, before disclosure control: the figures a plan's own files
    transcribe (already published by their sources), overlaid by the latest public release
    (`released`), which holds every figure up to its month as it was published, and then by
    any release made public after it (`later`, oldest first: an amendment of an earlier
    month), so each figure is as the public last saw it. Figures approved since, or
    computed, reach the public with the release that publishes them."""
    shown = {
        f.key: f for f in recorded_figures(plan_id, origins=[figure_models.Origin.PLAN_FILE.value])
    }
    for version in ([released] if released is not None else []) + (later or []):
        shown.update({f.key: f for f in snapshot_figures(version.snapshot)})
    return list(shown.values())


def stored_plans() -> list[StoredPlan]:
    return [stored_plan(plan_id) for plan_id in plan_ids()]


def month_in(stored: StoredPlan, text: str) -> Month:
    """A month of the plan from the address; anything else is not found."""
    try:
        month = Month.parse(text)
    except ValueError:
        raise Http404(f'"{text}" is not a month.') from None
    plan = stored.plan
    if not plan.start <= month <= plan.end:
        raise Http404(f"{month.label} is outside the plan, which runs from {plan.start.label}.")
    return month
