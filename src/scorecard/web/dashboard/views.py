"""Thin views: read the stored plan, build the page, render it; pages are cached by the data
version, so a new plan version or a changed figure shows at once. The cache is asked first: the
plan and its figures are read only to build a page that is not in it."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from http import HTTPStatus
from typing import cast

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost, RequestDataTooBig, TooManyFieldsSent
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from scorecard.domain.figures import symbol_legend
from scorecard.publish.html import rating_legend
from scorecard.web.accounts.queries import standing
from scorecard.web.dashboard import pages
from scorecard.web.dashboard.filters import filter_fields, read_filters
from scorecard.web.dashboard.queries import (
    StoredPlan,
    data_version,
    month_in,
    stored_plan,
    stored_plans,
)
from scorecard.web.notfound import metric_or_404
from scorecard.web.releases.pages import public_navigation

CACHE_SECONDS = 3600


def _cached(request: HttpRequest, plan_id: str, build: Callable[[], HttpResponse]) -> HttpResponse:
    """The page from the cache when the plan's data have not changed since it was built.

    Only build() reads the plan and its figures (and refuses, with a 404, an unknown plan, month,
    area or metric): a page in the cache costs the one query of data_version. Only 200s
    are cached, so an address that was refused is checked again every time."""
    # an insider's pages name them and show their links, so each insider has their own
    audience = f"internal:{request.user.get_username()}" if _insider(request, plan_id) else "public"
    raw = f"{data_version(plan_id)}|{audience}|{request.get_full_path()}"
    key = "page:" + hashlib.sha256(raw.encode()).hexdigest()
    content = cache.get(key)
    if content is not None:
        return HttpResponse(content)
    response = build()
    if response.status_code == 200:
        cache.set(key, response.content, CACHE_SECONDS)
    return response


def _context(request: HttpRequest, stored: StoredPlan, **more: object) -> dict[str, object]:
    """What every scorecard page shows around its content: the public's links, or for a person
    with a role in the plan the partnership's (returns, releases...) and who is signed in."""
    plan = stored.plan
    context: dict[str, object] = {
        "plan": plan,
        "organisation_name": plan.organisation.name,
        "organisation_logo_url": plan.organisation.logo,
        "navigation": public_navigation(plan.id),
    }
    if stored.internal:
        from scorecard.web.returns.common import page_context

        inside = page_context(request, plan)
        links = cast(list[dict[str, object]], inside["navigation"])
        navigation = [dict(item) for item in links]
        navigation[0]["current"] = True  # the scorecard
        context.update(navigation=navigation, signed_in_as=inside["signed_in_as"])
    return {**context, **more}


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "dashboard/home.html", {"plans": stored_plans()})


@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "dashboard/accessibility.html", {})


@require_GET
def plan_latest(request: HttpRequest, plan_id: str) -> HttpResponse:
    stored = _stored(request, plan_id)
    return redirect("dashboard:overview", plan_id=plan_id, period=str(stored.latest))


@require_GET
def choose_month(request: HttpRequest, plan_id: str) -> HttpResponse:
    """The month chooser's form sends ?period=YYYY-MM; a month that is not one goes back to
    the latest with a message."""
    stored = _stored(request, plan_id)
    try:
        month = month_in(stored, request.GET.get("period", ""))
    except Http404:
        url = reverse("dashboard:overview", args=[plan_id, str(stored.latest)])
        return redirect(f"{url}?unknown-month=1")
    return redirect("dashboard:overview", plan_id=plan_id, period=str(month))


def _insider(request: HttpRequest, plan_id: str) -> bool:
    """Whether the person has a role in the plan, and so sees the internal scorecard: every
    approved figure, exactly. The session is not even read without a session cookie."""
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    return standing(request.user, plan_id).any


def _stored(request: HttpRequest, plan_id: str) -> StoredPlan:
    return stored_plan(plan_id, internal=_insider(request, plan_id))


def _overdue_for_insiders(request: HttpRequest, plan_id: str) -> dict[str, int] | None:
    """For a signed-in person with a role in the plan: overdue returns per metric, shown on the
    internal scorecard. None for everyone else, who get the public page (from the cache)."""
    if not _insider(request, plan_id):
        return None
    from scorecard.web.returns.pages import overdue_counts

    return overdue_counts(stored_plan(plan_id).plan)


@require_GET
def overview(request: HttpRequest, plan_id: str, period: str) -> HttpResponse:
    overdue = _overdue_for_insiders(request, plan_id)

    def build() -> HttpResponse:
        stored = _stored(request, plan_id)
        month = month_in(stored, period)
        report = pages.report(stored, month)
        filters = read_filters(stored.plan, request.GET)
        sections: list[dict[str, object]] = []
        kept: list[pages.OverviewRow] = []
        for section in report.sections:
            rows = [
                r
                for r in pages.overview_rows(stored, section, month)
                if filters.keeps(stored.plan, r.row)
            ]
            if rows:
                sections.append({"section": section, "rows": rows})
                kept += rows
        notes = list(filters.ignored)
        if request.GET.get("unknown-month"):
            notes.append(
                ("period", "The month chosen is not one of this plan's, so the latest is shown.")
            )
        context = _context(
            request,
            stored,
            report=report,
            month=month,
            # the months with figures, and the one shown even when it has none yet
            months=sorted({*stored.months, month}, reverse=True),
            sections=sections,
            filters=filters,
            notes=notes,
            field_errors=dict(notes),
            filter_fields=filter_fields(stored.plan, filters, dict(notes)),
            shown=len(kept),
            # the marks on the figures shown (not on those a filter leaves out), explained
            marks=pages.legend(line.mark for row in kept for line in row.lines),
            overdue=overdue or {},
        )
        # a filter or month not understood is an error in the page, as on the returns list
        return render(request, "dashboard/overview.html", context, status=400 if notes else 200)

    return build() if overdue is not None else _cached(request, plan_id, build)


@require_GET
def area(request: HttpRequest, plan_id: str, period: str, area_id: int) -> HttpResponse:
    def build() -> HttpResponse:
        stored = _stored(request, plan_id)
        month = month_in(stored, period)
        if area_id not in [a.id for a in stored.plan.areas]:
            raise Http404(f"There is no area of improvement {area_id} in this plan.")
        report = pages.report(stored, month)
        details = [
            pages.series_detail(stored, a, month, f"chart-{row.metric.slug}-{i}")
            for section in report.sections
            for row in section.rows
            if area_id in row.metric.areas
            for i, a in enumerate(row.assessments)
        ]
        plan = stored.plan
        focus = plan.area(area_id)
        groups = [plan.working_group(g) for g in focus.working_groups]
        marks = pages.legend(m for d in details for m in d.marks)
        context = _context(
            request, stored, month=month, area=focus, groups=groups, details=details, marks=marks
        )
        return render(request, "dashboard/area.html", context)

    return _cached(request, plan_id, build)


@require_GET
def metric(request: HttpRequest, plan_id: str, period: str, metric: str) -> HttpResponse:
    def build() -> HttpResponse:
        stored = _stored(request, plan_id)
        month = month_in(stored, period)
        found = metric_or_404(
            stored.plan,
            metric,
            lambda m: reverse("dashboard:metric", args=[plan_id, period, m.slug]),
        )
        report = pages.report(stored, month)
        row = next(r for s in report.sections for r in s.rows if r.metric.id == found.id)
        details = [
            pages.series_detail(stored, a, month, f"chart-{found.slug}-{i}")
            for i, a in enumerate(row.assessments)
        ]
        context = _context(
            request,
            stored,
            month=month,
            metric=found,
            title=f"{found.id} {found.kpi.rstrip('. ')}: {month.label}",
            row=row,
            details=details,
            report=report,
            computed_by=pages.computed_by(found),
            marks=pages.legend(m for d in details for m in d.marks),
        )
        return render(request, "dashboard/metric.html", context)

    return _cached(request, plan_id, build)


@require_GET
def definitions(request: HttpRequest, plan_id: str) -> HttpResponse:
    def build() -> HttpResponse:
        context = _context(request, _stored(request, plan_id))
        return render(request, "dashboard/definitions.html", context)

    return _cached(request, plan_id, build)


@require_GET
def symbols(request: HttpRequest, plan_id: str) -> HttpResponse:
    def build() -> HttpResponse:
        stored = _stored(request, plan_id)
        marks = [pages.REVISED, *([pages.CHANGED] if stored.internal else [])]
        legend = [*symbol_legend(suppressed=True), *((m.symbol, m.meaning) for m in marks)]
        context = _context(request, stored, legend=legend, ratings=rating_legend(stored.plan))
        return render(request, "dashboard/symbols.html", context)

    return _cached(request, plan_id, build)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    reason = str(exception.args[0]) if exception and exception.args else ""
    context = {
        "reason": reason if isinstance(reason, str) and not reason.startswith("{") else "",
        "meant": getattr(exception, "meant", ()),
    }
    return render(request, "dashboard/404.html", context, status=404)


# Why Django refused a request before any view saw it (handler400), in words a person can act
# on; anything else it refuses (a host it does not serve, a broken upload) gets the last.
TOO_MANY_VALUES = (
    "The address or the form holds more than {limit:,} values, more than any page here sends. "
    "Nothing was read from it."
)
TOO_LARGE = (
    "The form is larger than {limit:g} MB, more than any page here sends (a spreadsheet of "
    "returns is uploaded as a file, on the upload page). Nothing was read from it."
)
WRONG_HOST = (
    "The address's host name is not one this site answers to (SCORECARD_ALLOWED_HOSTS). "
    "Nothing was read from it."
)
NOT_READ = "The request could not be read. Nothing was read from it."


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """A request Django refused before any view saw it (too many values in the address or the
    form, a form too large): the site's 400 page, or the API's problem document."""
    if isinstance(exception, TooManyFieldsSent):
        reason = TOO_MANY_VALUES.format(limit=settings.DATA_UPLOAD_MAX_NUMBER_FIELDS)
    elif isinstance(exception, RequestDataTooBig):
        reason = TOO_LARGE.format(limit=settings.DATA_UPLOAD_MAX_MEMORY_SIZE / 1_048_576)
    elif isinstance(exception, DisallowedHost):
        reason = WRONG_HOST
    else:
        reason = NOT_READ
    if request.path.startswith("/api/"):
        from scorecard.web.api.http import problem_answer

        return problem_answer(request, HTTPStatus.BAD_REQUEST, reason)
    return render(request, "dashboard/400.html", {"reason": reason}, status=400)


SERVER_ERROR = "Sorry, there is a problem with the service: try again later."


def server_error(request: HttpRequest) -> HttpResponse:
    """The site's 500 page, or for the API a problem document with its usual headers."""
    if request.path.startswith("/api/"):
        from scorecard.web.api.http import problem_answer

        return problem_answer(request, HTTPStatus.INTERNAL_SERVER_ERROR, SERVER_ERROR)
    return render(request, "dashboard/500.html", {}, status=500)
