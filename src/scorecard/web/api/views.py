"""The API's views: thin, each reading its parameters, asking the queries and presenting the
answer with the time it was last changed (docs/api.md). Public data only: figures and
assessments come from the latest public release version, disclosure-controlled."""

from __future__ import annotations

from django.http import HttpRequest, QueryDict
from django.urls import reverse

from scorecard.domain.catalogue import Plan
from scorecard.domain.ids import did_you_mean
from scorecard.domain.periods import Month
from scorecard.web.api import present, schemas
from scorecard.web.api.http import Answer, api_view
from scorecard.web.api.openapi import document, document_modified
from scorecard.web.api.params import MONTH, Page, query
from scorecard.web.api.problems import bad_parameter, not_found
from scorecard.web.api.queries import (
    LARGEST_VERSION,
    latest_public,
    metric_by_slug,
    policies_still_kept,
    public_release,
    public_report,
    public_version,
    public_versions,
    published_at,
    stored_plan,
    stored_plans,
)
from scorecard.web.releases.models import ReleaseVersion
from scorecard.web.releases.queries import release_info

NOTHING_PUBLISHED = (
    "Nothing has been published for this plan yet: figures and assessments appear here "
    "once a release is published."
)


@api_view
def openapi(request: HttpRequest) -> Answer:
    query(request.GET)
    return document(), document_modified()


@api_view
def plans(request: HttpRequest) -> Answer:
    query(request.GET)
    found = stored_plans()
    modified = max((p.loaded_at for p in found), default=None)
    results = [present.plan_summary(p) for p in found]
    return schemas.PlanList(count=len(results), results=results), modified


@api_view
def plan(request: HttpRequest, plan_id: str) -> Answer:
    query(request.GET)
    stored = stored_plan(plan_id)
    return present.plan_detail(stored), stored.loaded_at


@api_view
def metrics(request: HttpRequest, plan_id: str) -> Answer:
    query(request.GET)
    stored = stored_plan(plan_id)
    kept = policies_still_kept(stored.plan)
    results = [present.metric(stored.plan, m, kept.get(m.id, ())) for m in stored.plan.metrics]
    return schemas.MetricList(count=len(results), results=results), stored.loaded_at


@api_view
def metric(request: HttpRequest, plan_id: str, slug: str) -> Answer:
    query(request.GET)
    stored = stored_plan(plan_id)
    chosen = metric_by_slug(stored.plan, slug)
    kept = policies_still_kept(stored.plan).get(chosen.id, ())
    return present.metric(stored.plan, chosen, kept), stored.loaded_at


@api_view
def figures(request: HttpRequest, plan_id: str) -> Answer:
    given = query(
        request.GET, "metric", "from", "to", "status", "page", "page_size", "release", "version"
    )
    stored = stored_plan(plan_id)
    metric_id = given.text("metric")
    chosen = None if metric_id is None else _metric_id(stored.plan, metric_id)
    first, last = given.month("from"), given.month("to")
    if first is not None and last is not None and first > last:
        raise bad_parameter("from", f"from ({first}) is after to ({last})")
    status = given.status("status")
    page = Page.of(given)
    version = _figures_version(
        plan_id, given.month("release"), given.whole("version", 0, largest=LARGEST_VERSION)
    )
    if version is None:
        page.check(0)
        empty = _figure_page(request, page, None, NOTHING_PUBLISHED, 0, [])
        return empty, stored.loaded_at
    report = public_report(version)
    revised = report.release.revised if report.release else frozenset()
    found = [
        f
        for f in report.figures
        if (chosen is None or f.metric_id == chosen)
        and (first is None or f.period >= first)
        and (last is None or f.period <= last)
        and (status is None or f.status.value == status.value)
    ]
    found.sort(key=lambda f: (f.metric_id, f.component, f.period))
    start, end = page.slice(len(found))
    results = [present.figure(report.plan, f, revised) for f in found[start:end]]
    answer = _figure_page(request, page, version, None, len(found), results)
    return answer, published_at(version)


def _figures_version(plan_id: str, release: Month | None, number: int) -> ReleaseVersion | None:
    """The version whose figures are asked for: the latest public one, the latest of a month's
    release, or a given version of it (0: not given)."""
    if release is None:
        if number:
            raise bad_parameter("version", "version needs release, the month of the release")
        return latest_public(plan_id)
    if number:
        return public_version(plan_id, release, number)
    found = latest_public(plan_id, release)
    if found is None:
        raise not_found(f"plan {plan_id} has no public release for {release.label}")
    return found


def _metric_id(plan: Plan, given: str) -> str:
    for m in plan.metrics:
        if given in (m.id, m.slug):
            return m.id
    others = did_you_mean(given, (n for m in plan.metrics for n in (m.id, m.slug)))
    raise bad_parameter(
        "metric",
        f'metric: plan {plan.id} has no metric "{given}" (give its id or slug){others}',
    )


def _figure_page(
    request: HttpRequest,
    page: Page,
    version: ReleaseVersion | None,
    note: str | None,
    count: int,
    results: list[schemas.Figure],
) -> schemas.FigurePage:
    last = page.last(count)
    return schemas.FigurePage(
        release=present.release_ref(version),
        note=note,
        count=count,
        page=page.number,
        page_size=page.size,
        next=_page_link(request, page.number + 1) if page.number < last else None,
        previous=_page_link(request, page.number - 1) if page.number > 1 else None,
        results=results,
    )


def _page_link(request: HttpRequest, number: int) -> str:
    params: QueryDict = request.GET.copy()
    params["page"] = str(number)
    return f"{request.path}?{params.urlencode()}"


@api_view
def assessments(request: HttpRequest, plan_id: str) -> Answer:
    given = query(request.GET, "period")
    stored = stored_plan(plan_id)
    period = given.month("period")
    version = latest_public(plan_id, period)
    if version is None and period is not None:
        raise not_found(f"plan {plan_id} has no public release for {period.label}")
    if version is None:
        empty = schemas.AssessmentList(
            release=None, note=NOTHING_PUBLISHED, period=None, count=0, results=[]
        )
        return empty, stored.loaded_at
    if version.assessments is not None:  # fixed when the version's files were rendered
        results = [schemas.Assessment.model_validate(a) for a in version.assessments]
    else:
        report = public_report(version)
        results = [present.assessment(a) for row in report.rows for a in row.assessments]
    answer = schemas.AssessmentList(
        release=present.release_ref(version),
        note=None,
        period=version.release.period,
        count=len(results),
        results=results,
    )
    return answer, published_at(version)


@api_view
def releases(request: HttpRequest, plan_id: str) -> Answer:
    query(request.GET)
    stored = stored_plan(plan_id)
    found = public_versions(plan_id)
    months: dict[str, list[ReleaseVersion]] = {}
    for version in found:
        months.setdefault(version.release.period, []).append(version)
    results = [
        schemas.ReleaseSummary(
            period=period,
            latest_version=versions[0].number,
            versions=len(versions),
            published_at=published_at(versions[0]),
            url=reverse("api:release", args=[plan_id, period]),
        )
        for period, versions in months.items()
    ]
    modified = max((published_at(v) for v in found), default=stored.loaded_at)
    return schemas.ReleaseList(count=len(results), results=results), modified


@api_view
def release(request: HttpRequest, plan_id: str, period: str) -> Answer:
    query(request.GET)
    stored_plan(plan_id)
    found = public_release(plan_id, _path_month(period))
    answer = schemas.ReleaseDetail(
        plan_id=plan_id,
        period=found[0].release.period,
        versions=[present.version_summary(v) for v in found],
    )
    return answer, max(published_at(v) for v in found)


@api_view
def version(request: HttpRequest, plan_id: str, period: str, number: str) -> Answer:
    query(request.GET)
    stored_plan(plan_id)
    month = _path_month(period)
    if not number.isascii() or not number.isdigit():
        raise not_found(f'"{number}" is not a version number')
    digits = number.lstrip("0")
    if len(digits) > 12:  # far beyond any version; quoted as given, never converted
        raise not_found(
            f"plan {plan_id} has no public version {number} of the {month.label} release"
        )
    found = public_version(plan_id, month, int(digits or "0"))
    return present.version_detail(found, release_info(found)), published_at(found)


def _path_month(text: str) -> Month:
    if not MONTH.fullmatch(text):
        raise not_found(f'"{text}" is not a month of a release; write it as YYYY-MM')
    return Month.parse(text)


@api_view
def unknown(request: HttpRequest, rest: str | None = None) -> Answer:
    raise not_found(
        f"there is nothing at {request.path}; the API is described at /api/v1/openapi.json"
    )
