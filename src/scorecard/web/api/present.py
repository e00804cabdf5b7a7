"""Domain objects as the API's answers (scorecard.web.api.schemas)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.urls import reverse

from scorecard.domain.assessment.labels import RATING_LABELS, spc_label, travel_label
from scorecard.domain.assessment.series import SeriesAssessment
from scorecard.domain.catalogue import Baseline as DomainBaseline
from scorecard.domain.catalogue import DisclosurePolicy, Metric, Plan, Series
from scorecard.domain.catalogue import Organisation as DomainOrganisation
from scorecard.domain.catalogue import Target as DomainTarget
from scorecard.domain.disclosure import rules_for
from scorecard.domain.figures import Figure, QualityFlag
from scorecard.domain.periods import MONTH_NAMES, Month
from scorecard.domain.releases import ReleaseInfo
from scorecard.publish.renderers import RENDERERS
from scorecard.publish.writers import json_number
from scorecard.web.api import schemas
from scorecard.web.api.params import PublicStatus
from scorecard.web.api.queries import StoredPlan, published_at
from scorecard.web.releases.models import ReleaseVersion


def number(value: Decimal | None) -> int | float | None:
    return None if value is None else json_number(value)


def organisation(found: DomainOrganisation) -> schemas.Organisation:
    """The organisation, with who to ask about the figures when the plan names someone."""
    contact = found.contact
    return schemas.Organisation(
        name=found.name,
        contact=None
        if contact is None
        else schemas.Contact(team=contact.team, email=contact.email, phone=contact.phone),
    )


def plan_summary(stored: StoredPlan) -> schemas.PlanSummary:
    plan = stored.plan
    return schemas.PlanSummary(
        id=plan.id,
        title=plan.title,
        local_area=plan.local_area,
        organisation=organisation(plan.organisation),
        start=str(plan.start),
        end=str(plan.end),
        url=reverse("api:plan", args=[plan.id]),
    )


def plan_detail(stored: StoredPlan) -> schemas.PlanDetail:
    plan = stored.plan
    return schemas.PlanDetail(
        id=plan.id,
        title=plan.title,
        local_area=plan.local_area,
        organisation=organisation(plan.organisation),
        description=plan.description,
        status=plan.status,
        notice=plan.notice,
        start=str(plan.start),
        end=str(plan.end),
        version=stored.version,
        baseline_label=plan.baseline_label,
        areas=[
            schemas.Area(
                id=a.id, recommendation=a.recommendation, working_groups=list(a.working_groups)
            )
            for a in plan.areas
        ],
        working_groups=[schemas.WorkingGroup(id=g.id, title=g.title) for g in plan.working_groups],
        links=schemas.PlanLinks(
            **{
                name: reverse(f"api:{name}", args=[plan.id])
                for name in schemas.PlanLinks.model_fields
            }
        ),
    )


def baseline(given: DomainBaseline, plan: Plan) -> schemas.Baseline:
    label = given.label or (plan.baseline_label if given.is_set else None)
    return schemas.Baseline(value=number(given.value), label=label, note=given.note)


def target(given: DomainTarget) -> schemas.Target:
    return schemas.Target(year=str(given.year), state=given.state, value=number(given.value))


def targets(series: Series, plan: Plan) -> list[schemas.Target]:
    return [target(series.target_for(year)) for year in plan.years]


def disclosure(metric: Metric, kept: Sequence[DisclosurePolicy] = ()) -> schemas.Disclosure:
    rules = rules_for(metric.disclosure)
    words = "No disclosure control: figures are shown as recorded."
    if rules is not None:
        words = f"{rules.name}: {rules.summary}."
    if kept:
        names = " and ".join(_policy_name(p) for p in kept)
        words += (
            f" Figures recorded while the metric was under {names} keep that control too: a "
            "plan edit never shows the public a figure it withheld or rounded."
        )
    return schemas.Disclosure(policy=metric.disclosure, description=words, also_kept=list(kept))


def _policy_name(policy: DisclosurePolicy) -> str:
    rules = rules_for(policy)
    return rules.name if rules is not None else policy.value


def metric(plan: Plan, given: Metric, kept: Sequence[DisclosurePolicy] = ()) -> schemas.Metric:
    whole = None if given.components else given.series[0]
    groups = sorted({g for a in given.areas for g in plan.area(a).working_groups})
    return schemas.Metric(
        id=given.id,
        slug=given.slug,
        kpi=given.kpi,
        measure=given.measure,
        source=given.source,
        source_detail=given.source_detail,
        definition=given.definition,
        notes=list(given.notes),
        data_quality=given.data_quality,
        unit=given.unit,
        unit_label=given.shown_unit,
        decimals=given.decimals,
        frequency=given.frequency,
        schedule=[MONTH_NAMES[n - 1] for n in sorted(given.reporting_schedule.months)],
        polarity=given.polarity,
        polarity_note=given.polarity_note,
        accumulation=given.accumulation,
        areas=list(given.areas),
        working_groups=groups,
        components=[
            schemas.Component(
                id=s.component,
                label=c.label,
                short_label=c.short_label,
                baseline=baseline(s.baseline, plan),
                targets=targets(s, plan),
            )
            for c, s in zip(given.components, given.series if given.components else (), strict=True)
        ],
        baseline=None if whole is None else baseline(whole.baseline, plan),
        targets=[] if whole is None else targets(whole, plan),
        disclosure=disclosure(given, kept),
        url=reverse("api:metric", args=[plan.id, given.slug]),
    )


def version_url(version: ReleaseVersion) -> str:
    args = [version.release.plan.plan_id, version.release.period, version.number]
    return reverse("api:version", args=args)


def release_ref(version: ReleaseVersion | None) -> schemas.ReleaseRef | None:
    if version is None:
        return None
    return schemas.ReleaseRef(
        period=version.release.period,
        version=version.number,
        published_at=published_at(version),
        url=version_url(version),
    )


def figure(plan: Plan, given: Figure, revised: frozenset[tuple[str, str, Month]]) -> schemas.Figure:
    return schemas.Figure(
        metric_id=given.metric_id,
        component=given.component,
        period=str(given.period),
        status=PublicStatus(given.status.value),
        value=number(given.value),
        numerator=number(given.numerator),
        denominator=number(given.denominator),
        withheld=sorted(given.withheld),
        unit=plan.metric(given.metric_id).unit,
        reference_period=given.reference_period,
        quality=sorted(given.quality),
        revised=given.key in revised or QualityFlag.REVISED in given.quality,
    )


def assessment(given: SeriesAssessment) -> schemas.Assessment:
    travel = given.previous
    return schemas.Assessment(
        metric_id=given.series.metric.id,
        component=given.series.component,
        period=str(given.period),
        figure_month=None if given.figure_month is None else str(given.figure_month),
        value=number(given.value),
        assessed_value=number(given.assessed_value),
        target=target(given.target),
        rating=schemas.RatingResult(
            rating=given.rag.rating, label=RATING_LABELS[given.rag.rating], reason=given.rag.reason
        ),
        direction=schemas.DirectionResult(
            direction=travel.travel,
            label=travel_label(travel),
            compared_with=None if travel.compared_with is None else str(travel.compared_with),
            change=number(travel.change),
            reason=travel.reason,
        ),
        spc=schemas.SpcResult(
            variation=given.spc.variation,
            assurance=given.spc.assurance,
            label=spc_label(given.spc),
            points=given.spc.points,
            reason=given.spc.in_words,
        ),
    )


def version_summary(version: ReleaseVersion) -> schemas.VersionSummary:
    return schemas.VersionSummary(
        number=version.number,
        released_on=version.released_on or published_at(version).date(),
        published_at=published_at(version),
        amendment=version.number > 1,
        reason=version.reason or None,
        url=version_url(version),
    )


def version_detail(version: ReleaseVersion, info: ReleaseInfo) -> schemas.VersionDetail:
    plan_id, period = version.release.plan.plan_id, version.release.period
    return schemas.VersionDetail(
        plan_id=plan_id,
        period=period,
        number=version.number,
        released_on=info.released_on,
        published_at=published_at(version),
        reason=version.reason or None,
        change_note=version.change_note or None,
        plan_version=version.plan_version.number,
        history=[
            schemas.HistoryEntry(
                number=n.number,
                released_on=n.released_on,
                reason=n.reason,
                change_note=n.change_note,
            )
            for n in info.history
        ],
        revised=[
            schemas.RevisedKey(metric_id=m, component=c, period=str(p))
            for m, c, p in sorted(info.revised)
        ],
        files=[
            schemas.ReleaseFile(
                name=f.name,
                title=RENDERERS[f.name].title if f.name in RENDERERS else f.filename,
                filename=f.filename,
                media_type=f.media_type,
                size=len(f.content),
                sha256=f.sha256,
                url=reverse("releases:file", args=[plan_id, period, version.number, f.filename]),
            )
            for f in version.files.order_by("name")
        ],
    )
