"""Reads of releases: which versions exist and who may see them, and a version as a report."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from scorecard.domain.catalogue import DisclosurePolicy, Plan
from scorecard.domain.figures import Figure
from scorecard.domain.kept_policies import FigureKey
from scorecard.domain.periods import Month
from scorecard.domain.releases import ReleaseInfo, ReleaseState, VersionNote
from scorecard.publish.report import ScorecardReport, build_report
from scorecard.web.figures.queries import kept_policies
from scorecard.web.releases.models import Release, ReleaseVersion
from scorecard.web.releases.snapshots import snapshot_commentary, snapshot_figures


def public_filter(now: dt.datetime | None = None) -> Q:
    """Versions the public may see: published, or scheduled with the embargo passed."""
    moment = now or timezone.now()
    return Q(state=ReleaseState.PUBLISHED.value) | Q(
        state=ReleaseState.SCHEDULED.value, embargo__lte=moment
    )


def versions(plan_id: str, *, public: bool) -> QuerySet[ReleaseVersion]:
    found = ReleaseVersion.objects.filter(release__plan__plan_id=plan_id).select_related(
        "release", "release__plan", "plan_version"
    )
    if public:
        found = found.filter(public_filter())
    return found.order_by("-release__period", "-number")


def release_versions(plan_id: str, period: Month, *, public: bool) -> list[ReleaseVersion]:
    return list(versions(plan_id, public=public).filter(release__period=str(period)))


def latest_public(plan_id: str, period: Month | None = None) -> ReleaseVersion | None:
    """The newest public version of the month's release, or of the latest month released."""
    found = versions(plan_id, public=True)
    if period is not None:
        found = found.filter(release__period=str(period))
    return found.first()


def public_after(version: ReleaseVersion) -> list[ReleaseVersion]:
    """The public versions of the plan that became public after `version` (an amendment of an
    earlier month published after a later month's release), oldest first."""
    went_public = Coalesce("published_at", "embargo")
    moment = version.published_at or version.embargo
    return list(
        ReleaseVersion.objects.filter(public_filter(), release__plan=version.release.plan)
        .annotate(went_public=went_public)
        .filter(Q(went_public__gt=moment) | Q(went_public=moment, pk__gt=version.pk))
        .order_by("went_public", "pk")
    )


def find_release(plan_id: str, period: Month) -> Release | None:
    return Release.objects.filter(plan__plan_id=plan_id, period=str(period)).first()


def is_public(version: ReleaseVersion, now: dt.datetime | None = None) -> bool:
    if version.state == ReleaseState.PUBLISHED.value:
        return True
    moment = now or timezone.now()
    return (
        version.state == ReleaseState.SCHEDULED.value
        and version.embargo is not None
        and version.embargo <= moment
    )


def version_plan(version: ReleaseVersion) -> Plan:
    return Plan.model_validate(version.plan_version.definition)


def release_info(version: ReleaseVersion) -> ReleaseInfo:
    """The release facts its outputs print: the versions up to this one that were released."""
    earlier = ReleaseVersion.objects.filter(
        release=version.release, number__lt=version.number, released_on__isnull=False
    ).order_by("number")
    history = tuple(
        VersionNote(v.number, v.released_on, v.reason or None, v.change_note or None)
        for v in [*earlier, version]
        if v.released_on is not None
    )
    return ReleaseInfo(
        plan_id=version.release.plan.plan_id,
        period=Month.parse(version.release.period),
        version=version.number,
        state=ReleaseState(version.state),
        released_on=version.released_on or timezone.localdate(),
        embargo=timezone.localtime(version.embargo) if version.embargo else None,
        history=history,
        revised=frozenset(
            (metric, component, Month.parse(period))
            for metric, component, period in version.revised
        ),
    )


def version_report(version: ReleaseVersion, *, public: bool) -> ScorecardReport:
    """The version as a report: disclosed and without commentary when public; exact, with the
    approved commentary, for the partnership's own board pack."""
    figures = snapshot_figures(version.snapshot)
    return build_report(
        version_plan(version),
        figures,
        Month.parse(version.release.period),
        public=public,
        release=release_info(version),
        commentary=snapshot_commentary(version.snapshot),
        kept=version_kept(version, figures) if public else None,
    )


def version_kept(
    version: ReleaseVersion, figures: list[Figure]
) -> dict[FigureKey, frozenset[DisclosurePolicy]]:
    """The policies each of the version's figures keeps from the plan's versions up to the
    version's own (docs/disclosure.md): fixed, so its files and the API always agree."""
    plan_id = version.release.plan.plan_id
    return kept_policies(plan_id, figures, up_to=version.plan_version.number)
