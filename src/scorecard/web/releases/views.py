"""Release pages: the list of releases, each version at its own address with its files, and
the approver's actions (prepare, schedule, publish). The public see released versions only."""

from __future__ import annotations

import datetime as dt
import re

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from scorecard.domain.errors import ScorecardError
from scorecard.domain.periods import Month
from scorecard.domain.releases import Readiness
from scorecard.publish.renderers import RENDERERS
from scorecard.publish.report import REVISED_MARK, ScorecardReport
from scorecard.web.accounts.queries import Standing, standing
from scorecard.web.releases import queries, services
from scorecard.web.releases.models import ReleaseVersion
from scorecard.web.releases.pages import page_context, version_facts
from scorecard.web.returns.common import denied, plan_or_404

NOT_FOUND = "There is no such release, or it is not published yet."


def _month(text: str) -> Month:
    try:
        return Month.parse(text)
    except ValueError:
        raise Http404(f'"{text}" is not a month.') from None


def _version(request: HttpRequest, plan_id: str, period: str, number: int) -> ReleaseVersion:
    """The version, if this person may see it: the public only released ones."""
    found = (
        queries.versions(plan_id, public=not standing(request.user, plan_id).any)
        .filter(release__period=str(_month(period)), number=number)
        .first()
    )
    if found is None:
        raise Http404(NOT_FOUND)
    return found


@require_http_methods(["GET"])
def release_list(request: HttpRequest, plan_id: str) -> HttpResponse:
    plan_or_404(plan_id)
    person = standing(request.user, plan_id)
    return render(request, "releases/list.html", _list_context(request, plan_id, person))


def _list_context(
    request: HttpRequest, plan_id: str, person: Standing, **more: object
) -> dict[str, object]:
    plan = plan_or_404(plan_id)
    shown = [version_facts(v) for v in queries.versions(plan_id, public=not person.any)]
    ended = Month.of(timezone.localdate()).plus(-1)
    return page_context(
        request,
        plan,
        versions=shown,
        any_released=any(v.released for v in shown),
        may_prepare=person.approves,
        example_month=max(plan.start, min(plan.end, ended)),
        **more,
    )


@require_http_methods(["GET"])
def latest(request: HttpRequest, plan_id: str) -> HttpResponse:
    plan_or_404(plan_id)
    found = queries.latest_public(plan_id)
    if found is None:
        raise Http404("Nothing has been published for this plan yet.")
    return HttpResponseRedirect(_address(found))


@require_http_methods(["GET"])
def month_latest(request: HttpRequest, plan_id: str, period: str) -> HttpResponse:
    plan_or_404(plan_id)
    found = queries.latest_public(plan_id, _month(period))
    if found is None:
        raise Http404(NOT_FOUND)
    return HttpResponseRedirect(_address(found))


def _address(version: ReleaseVersion) -> str:
    args = [version.release.plan.plan_id, version.release.period, version.number]
    return reverse("releases:version", args=args)


@require_http_methods(["GET"])
def version_page(request: HttpRequest, plan_id: str, period: str, number: int) -> HttpResponse:
    plan = plan_or_404(plan_id)
    version = _version(request, plan_id, period, number)
    person = standing(request.user, plan_id)
    context = page_context(
        request,
        plan,
        **_version_context(version, person),
    )
    return render(request, "releases/version.html", context)


def _version_context(
    version: ReleaseVersion, person: Standing, **more: object
) -> dict[str, object]:
    newest = queries.latest_public(
        version.release.plan.plan_id, Month.parse(version.release.period)
    )
    report = queries.version_report(version, public=True)
    return {
        "version": version_facts(version),
        "report": report,
        "revised_meaning": REVISED_MARK[1],  # the [r]'s title, as in the release's own page
        "ratings": _fixed_ratings(version, report),
        "newer": newest if newest is not None and newest.number > version.number else None,
        "history": report.release.history if report.release else (),
        "events": version.events.order_by("id") if person.any else (),
        "files": [
            {"file": f, "title": RENDERERS[f.name].title if f.name in RENDERERS else f.name}
            for f in version.files.order_by("name").defer("content")
        ],
        "may_act": person.approves,
        "insider": person.any,
        "now": timezone.localtime(),
        **_examples(version, report),
        "errors_by_field": dict(more.get("errors", ())),  # type: ignore[call-overload]
        **more,
    }


def _examples(version: ReleaseVersion, report: ScorecardReport) -> dict[str, str]:
    """The form's hints, in this plan's terms: one of its metrics and months, and tomorrow."""
    metric = report.plan.metrics[0].id if report.plan.metrics else "A metric"
    month = Month.parse(version.release.period).label
    return {
        "change_note_hint": f"For example: {metric} for {month} corrected from 12 to 14. "
        "No more than 1,000 characters.",
        "embargo_hint": f"YYYY-MM-DD, for example {_tomorrow()}: in the future, and no more "
        "than a year ahead.",
    }


def _tomorrow() -> str:
    return (timezone.localdate() + dt.timedelta(days=1)).isoformat()


def _fixed_ratings(version: ReleaseVersion, report: ScorecardReport) -> dict[str, str]:
    """Each metric's rating as fixed when the version's files were rendered, written as the
    report writes it ("SSCs Green / SS Red"); empty for a draft, whose ratings are live."""
    if version.assessments is None:
        return {}
    labels = {(a["metric_id"], a["component"]): a["rating"]["label"] for a in version.assessments}
    fixed = {}
    for row in report.rows:
        series = row.metric.series
        parts = [(s.component_label, labels.get((row.metric.id, s.component))) for s in series]
        if any(label is None for _, label in parts):
            continue
        if len(parts) == 1:
            fixed[row.metric.id] = str(parts[0][1])
        else:
            fixed[row.metric.id] = " / ".join(f"{name} {label}" for name, label in parts)
    return fixed


@require_http_methods(["GET"])
def download(
    request: HttpRequest, plan_id: str, period: str, number: int, filename: str
) -> HttpResponse:
    version = _version(request, plan_id, period, number)
    stored = version.files.filter(filename=filename).first()
    if stored is None:
        raise Http404(f'This version has no file "{filename}".')
    response = HttpResponse(bytes(stored.content), content_type=stored.media_type)
    disposition = "inline" if stored.name in {"html", "pdf"} else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{stored.filename}"'
    response["ETag"] = f'"{stored.sha256}"'
    return response


@require_http_methods(["GET"])
def board_pack(request: HttpRequest, plan_id: str, period: str, number: int) -> HttpResponse:
    """The partnership's own board pack: exact figures and approved commentary."""
    plan = plan_or_404(plan_id)
    if not standing(request.user, plan_id).any:
        return _refused(request, plan_id, "Sign in with a role in this plan to see exact figures.")
    version = _version(request, plan_id, period, number)
    content = RENDERERS["pdf"].render(queries.version_report(version, public=False))
    response = HttpResponse(content, content_type="application/pdf")
    name = f"{plan.id}-{version.release.period}-v{version.number}-board-pack-internal.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _refused(request: HttpRequest, plan_id: str, reason: str) -> HttpResponse:
    return denied(request, plan_or_404(plan_id), reason)


@require_http_methods(["POST"])
def prepare_release(request: HttpRequest, plan_id: str) -> HttpResponse:
    plan_or_404(plan_id)
    person = standing(request.user, plan_id)
    if not person.approves:
        return _refused(
            request, plan_id, "Only an approver or an administrator can prepare a release."
        )
    text = request.POST.get("period", "").strip()
    try:
        month = Month.parse(text)
        version = services.prepare(
            plan_id, month, by=request.user.get_username(), now=timezone.now()
        )
    except services.ReleaseBlockedError as exc:
        return _list_error(request, plan_id, person, _sentence(exc), exc.readiness)
    except (ScorecardError, ValueError) as exc:
        return _list_error(request, plan_id, person, _sentence(exc), None)
    return HttpResponseRedirect(_address(version))


def _sentence(exc: Exception) -> str:
    text = str(exc)
    return f"{text[0].upper()}{text[1:]}" if text else "That month cannot be released."


def _list_error(
    request: HttpRequest, plan_id: str, person: Standing, message: str, found: Readiness | None
) -> HttpResponse:
    context = _list_context(
        request,
        plan_id,
        person,
        errors=[("period", message)],
        readiness=found,
        period_value=request.POST.get("period", ""),
    )
    return render(request, "releases/list.html", context, status=400)


ACTIONS = ("release", "publish", "schedule", "unschedule", "refresh")
# Where the page shows a refusal: the form field at fault, or the actions' heading.
FIELDS = {
    "reason": "reason",
    "change_note": "change_note",
    "when": "when",
    "embargo": "embargo_date",
    "embargo_date": "embargo_date",
}
WHEN = {"now": "publish", "embargo": "schedule"}


@require_http_methods(["POST"])
def act(request: HttpRequest, plan_id: str, period: str, number: int, action: str) -> HttpResponse:
    """An approver's action on a version. The page's form posts "release" with `when` (now, or
    at an embargo), so that pressing Enter in any of its fields does what the form says."""
    plan = plan_or_404(plan_id)
    person = standing(request.user, plan_id)
    if action not in ACTIONS:
        raise Http404(f'There is no action "{action}".')
    if not person.approves:
        return _refused(request, plan_id, "Only an approver or an administrator can do that.")
    version = _version(request, plan_id, period, number)
    try:
        version = _carry_out(request, version, action)
    except services.ReleaseBlockedError as exc:
        return _version_error(
            request, plan, version, person, "actions", _sentence(exc), exc.readiness
        )
    except services.ReleaseRefusedError as exc:
        field = FIELDS.get(exc.field or "", "actions")
        return _version_error(request, plan, version, person, field, _sentence(exc))
    except ScorecardError as exc:
        return _version_error(request, plan, version, person, "embargo_date", _sentence(exc))
    return HttpResponseRedirect(_address(version))


def _carry_out(request: HttpRequest, version: ReleaseVersion, action: str) -> ReleaseVersion:
    by, now = request.user.get_username(), timezone.now()
    form = request.POST
    reason, note = form.get("reason", ""), form.get("change_note", "")
    if action == "release":
        if form.get("when") not in WHEN:
            raise services.ReleaseRefusedError(
                "choose when this version becomes public: now, or at a date and time", "when"
            )
        action = WHEN[form["when"]]
    if action == "publish":
        services.publish(version, by=by, now=now, reason=reason, change_note=note)
    elif action == "schedule":
        embargo = _embargo(form.get("embargo_date", ""), form.get("embargo_time", ""))
        services.schedule(version, embargo=embargo, by=by, now=now, reason=reason, change_note=note)
    elif action == "unschedule":
        services.unschedule(version, by=by, now=now)
    else:
        return services.prepare(
            version.release.plan.plan_id, _month(version.release.period), by=by, now=now
        )
    return version


# The embargo as the form's hints write it: YYYY-MM-DD and HH:MM, in ASCII digits. Python's
# fromisoformat also takes "20250101", "2025-W01" and "09:30Z" (a time zone the page never
# asks for), so the shape is checked first.
EMBARGO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
EMBARGO_TIME = re.compile(r"[0-9]{1,2}:[0-9]{2}")


def _embargo(day: str, time: str) -> dt.datetime:
    day, time = day.strip(), time.strip() or "09:30"
    try:
        if not (EMBARGO_DAY.fullmatch(day) and EMBARGO_TIME.fullmatch(time)):
            raise ValueError(day, time)
        moment = dt.datetime.combine(
            dt.date.fromisoformat(day), dt.time.fromisoformat(time.zfill(5))
        )
    except ValueError:
        raise ScorecardError(
            "enter the embargo date as YYYY-MM-DD and the time as HH:MM, for example "
            f"{_tomorrow()} and 09:30"
        ) from None
    return timezone.make_aware(moment)


def _version_error(
    request: HttpRequest,
    plan: object,
    version: ReleaseVersion,
    person: Standing,
    field: str,
    message: str,
    found: Readiness | None = None,
) -> HttpResponse:
    context = page_context(
        request,
        plan_or_404(version.release.plan.plan_id),
        **_version_context(
            version.__class__.objects.get(pk=version.pk),
            person,
            errors=[(field, message)],
            readiness=found,
            form=request.POST,
        ),
    )
    return render(request, "releases/version.html", context, status=400)
