"""The returns pages: one return, where a data owner enters and submits the figures and an
approver approves or returns them, and the upload of several returns (the list is in
listing.py). Signed-in people with a role in the plan only; every write goes through
scorecard.web.returns.services, which checks permission again."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from scorecard.domain.catalogue import Metric, Plan
from scorecard.domain.errors import ScorecardError
from scorecard.domain.figures import QualityFlag
from scorecard.domain.periods import Month
from scorecard.domain.returns import Return, ReturnState, due_date, return_state
from scorecard.domain.signoff import Role, SignOff
from scorecard.web.accounts.queries import Standing, standing
from scorecard.web.notfound import metric_or_404
from scorecard.web.returns import forms, pages, services, spreadsheet
from scorecard.web.returns import upload as upload_checks
from scorecard.web.returns.common import denied, page_context, plan_or_404, signed_in
from scorecard.web.returns.entries import REASON_LIMIT, check_entry, component_ids, too_long
from scorecard.web.returns.models import Return as StoredReturn
from scorecard.web.returns.queries import (
    entry_figures,
    figure_changes,
    find_return,
    metric_history,
)

DONE = {
    "saved": "The figures are saved as a draft.",
    "submitted": "The figures are submitted for approval.",
    "approved": (
        "The figures are approved: they now show on the partnership's scorecard, and reach the "
        "public with the month's release."
    ),
    "returned": "The figures are returned to their data owner for correction.",
}
MOVES = {"submit": SignOff.SUBMITTED, "approve": SignOff.APPROVED, "return": SignOff.RETURNED}


@login_required
@require_http_methods(["GET", "POST"])
def return_page(request: HttpRequest, plan_id: str, metric: str, period: str) -> HttpResponse:
    plan = plan_or_404(plan_id)
    found = metric_or_404(
        plan, metric, lambda m: reverse("returns:return", args=[plan_id, m.slug, period])
    )
    month = _month(plan, found, period)
    person = standing(signed_in(request), plan_id)
    if not person.any:
        return denied(request, plan, "You have no role in this plan.")
    if request.method == "POST":
        return _post(request, plan, found, month, person)
    done = DONE.get(request.GET.get("done", ""))
    return _render(request, plan, found, month, person, done=done)


def _month(plan: Plan, metric: Metric, period: str) -> Month:
    try:
        month = Month.parse(period)
    except ScorecardError:
        raise Http404(f'"{period}" is not a month.') from None
    if not plan.start <= month <= plan.end or not metric.reporting_schedule.is_due(month):
        raise Http404(f"No return of metric {metric.id} is due for {month.label}.")
    return month


@dataclass(frozen=True)
class _Sent:
    """What a post to a return's page asks for, by whom and when."""

    action: str
    version: int
    user: User
    now: dt.datetime
    today: dt.date
    reason: str


Page = Callable[..., HttpResponse]  # the return's page, given what to show beyond its return


def _post(
    request: HttpRequest, plan: Plan, metric: Metric, month: Month, person: Standing
) -> HttpResponse:
    sent = _Sent(
        action=request.POST.get("action", ""),
        version=forms.version(request.POST),
        user=signed_in(request),
        now=timezone.now(),
        today=pages.today(),
        reason=request.POST.get("reason", ""),
    )
    page = partial(_render, request, plan, metric, month, person)
    refusal = _refused_first(plan, metric, month, sent)
    if refusal is not None:
        status, problem, errors = refusal
        return page(status=status, problem=problem, errors=errors)
    try:
        return _enter_and_move(request, plan, metric, month, sent, page)
    except services.NotAllowedError as exc:
        if exc.field:  # about what was entered: shown at its field, like every form's errors
            return page(status=400, errors={exc.field: [str(exc)]})
        return page(status=403, problem=str(exc))
    except (services.StaleReturnError, ScorecardError) as exc:
        return page(status=409, problem=str(exc))


def _enter_and_move(
    request: HttpRequest, plan: Plan, metric: Metric, month: Month, sent: _Sent, page: Page
) -> HttpResponse:
    """Saves the figures entered ("save", "submit"), then moves the return to its next state
    ("submit", "approve", "return")."""
    version = sent.version
    if sent.action in ("save", "submit"):
        entry = forms.read_entry(request.POST, metric)
        checked = check_entry(plan, metric, month, entry, metric_history(plan.id, metric.id))
        if checked.errors:
            return page(status=400, entry=entry, errors=checked.errors, warnings=checked.warnings)
        saved = services.save_entry(
            plan_id=plan.id,
            metric_id=metric.id,
            period=month,
            user=sent.user,
            figures=checked.figures,
            entry=entry,
            version=version,
            now=sent.now,
            today=sent.today,
        )
        version = saved.version
        if sent.action == "save":
            return _done(plan, metric, month, "saved")
    if sent.action not in MOVES:
        return page(status=400, problem="Choose one of the buttons on the page.")
    target = MOVES[sent.action]
    services.move(
        plan_id=plan.id,
        metric_id=metric.id,
        period=month,
        user=sent.user,
        target=target,
        reason=sent.reason,
        version=version,
        now=sent.now,
        today=sent.today,
    )
    return _done(plan, metric, month, target.value)


Refusal = tuple[int, str | None, dict[str, list[str]] | None]  # status, problem, field errors


def _refused_first(plan: Plan, metric: Metric, month: Month, sent: _Sent) -> Refusal | None:
    """What refuses a post before anything sent is read or saved: figures that come from
    elsewhere, a month not ended, someone who may not enter figures, and a reason too long
    (before anything is saved: "submit" saves the figures first)."""
    entering = sent.action in ("save", "submit")
    if pages.from_elsewhere(pages.recorded_origin(plan.id, metric.id, month)):
        return 403, services.LOCKED, None
    if entering and not services.month_ended(month, sent.today):
        return 403, services.not_ended_message(month, "entered"), None
    if entering:  # who may edit, before what was entered is checked
        refused = services.edit_refused(
            plan_id=plan.id, metric_id=metric.id, period=month, user=sent.user
        )
        if refused:
            return 403, refused, None
    long = too_long("reason", sent.reason, REASON_LIMIT) if sent.action in MOVES else None
    return (400, None, {"reason": [long]}) if long else None


def _done(plan: Plan, metric: Metric, month: Month, what: str) -> HttpResponse:
    url = reverse("returns:return", args=[plan.id, metric.slug, str(month)])
    return redirect(f"{url}?done={what}")


def _render(
    request: HttpRequest,
    plan: Plan,
    metric: Metric,
    month: Month,
    person: Standing,
    *,
    status: int = 200,
    done: str | None = None,
    problem: str | None = None,
    entry: forms.Entry | None = None,
    errors: Mapping[str, list[str]] | None = None,
    warnings: list[str] | None = None,
) -> HttpResponse:
    found = find_return(plan.id, metric.id, month)
    shown = entry or (forms.entry_from(found, metric) if found else forms.blank_entry(metric))
    partners = {p.id: p.name for p in plan.partners}
    context: dict[str, Any] = page_context(
        request,
        plan,
        metric=metric,
        month=month,
        found=found,
        **_how_it_stands(request, plan, metric, month, person, found),
        done=done,
        problem=problem,
        **_form(metric, shown, errors or {}, warnings or []),
        **_history(plan, metric, month, found),
        organisation=partners.get(metric.ownership.organisation) if metric.ownership else None,
    )
    return render(request, "returns/return.html", context, status=status)


def _how_it_stands(
    request: HttpRequest,
    plan: Plan,
    metric: Metric,
    month: Month,
    person: Standing,
    found: StoredReturn | None,
) -> dict[str, Any]:
    """How the return stands (due, state, its tag and reason; figures from elsewhere, a month
    not ended), and what the person may do with it."""
    origin = pages.recorded_origin(plan.id, metric.id, month)
    sign_off = SignOff(found.state) if found else (SignOff.APPROVED if origin else None)
    due = Return(metric.id, month, due_date(month, plan.returns), metric.ownership)
    today = pages.today()
    state, reason = return_state(due, today=today, sign_off=sign_off)
    locked = pages.from_elsewhere(origin)
    ended = services.month_ended(month, today)
    edited_last = found is not None and found.last_editor == request.user.get_username()
    return {
        "due": due,
        "state": state,
        "reason": reason,
        "tag": pages.STATE_TAGS[state],
        "locked": locked,
        "ended": ended,
        "not_ended": services.not_ended_message(month, "approved"),
        "published": sign_off is SignOff.PUBLISHED,
        **_may(person, metric, sign_off, locked=locked, ended=ended, edited_last=edited_last),
        "reopenable": (
            person.approves
            and sign_off in (SignOff.APPROVED, SignOff.PUBLISHED)
            and found is not None
        ),
    }


def _may(
    person: Standing,
    metric: Metric,
    sign_off: SignOff | None,
    *,
    locked: bool,
    ended: bool,
    edited_last: bool,
) -> dict[str, bool]:
    """Whether the person may edit the figures, or approve them (never their own edit)."""
    submitted = sign_off is SignOff.SUBMITTED
    return {
        "editable": (
            not locked
            and ended
            and person.may_edit(metric.id)
            and (sign_off in (None, SignOff.DRAFT, SignOff.RETURNED))
        ),
        "approvable": person.approves and submitted and not edited_last,
        "own_edit": person.approves and submitted and edited_last,
    }


def _form(
    metric: Metric, shown: forms.Entry, errors: Mapping[str, list[str]], warnings: list[str]
) -> dict[str, Any]:
    """The form with the figures shown, and what is wrong or to check in them."""
    return {
        "errors": errors,
        "error_list": [(k, m) for k, ms in errors.items() for m in ms],
        "warnings": warnings,
        "parts": forms.parts(metric, shown, errors),
        "entry": shown,
        "quality_flags": [(q.value, q.value.capitalize(), q in shown.quality) for q in QualityFlag],
        "components": component_ids(metric),
    }


def _history(
    plan: Plan, metric: Metric, month: Month, found: StoredReturn | None
) -> dict[str, Any]:
    """The return's version, figures and history, and the changes to its figures on the
    scorecard."""
    return {
        "figure_changes": forms.figure_change_rows(
            figure_changes(plan.id, metric.id, month), metric.unit
        ),
        "version": found.version if found else 0,
        "figures": entry_figures(found) if found else [],
        "events": forms.history_rows(found, metric) if found else [],
        "last_editor": found.last_editor if found else "",
    }


TEMPLATE_STATES = (ReturnState.DUE, ReturnState.OVERDUE, ReturnState.RETURNED)
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@login_required
@require_http_methods(["GET"])
def upload_template(request: HttpRequest, plan_id: str, kind: str) -> HttpResponse:
    """The person's open returns (due, overdue, returned) as a spreadsheet to fill in."""
    plan = plan_or_404(plan_id)
    person = standing(signed_in(request), plan_id)
    if not person.any:
        return denied(request, plan, "You have no role in this plan.")
    if kind not in CONTENT_TYPES:
        raise Http404("Templates are CSV or XLSX.")
    rows = []
    for row in pages.return_rows(plan, person, day=pages.today()):
        if row.state not in TEMPLATE_STATES or not person.may_edit(row.metric.id):
            continue
        found = find_return(plan.id, row.metric.id, row.due.period)
        entry = forms.entry_from(found, row.metric) if found else forms.blank_entry(row.metric)
        for part in entry.parts:
            rows.append(forms.template_row(row, part, entry, found.version if found else 0))
    content = spreadsheet.template_csv(rows) if kind == "csv" else spreadsheet.template_xlsx(rows)
    response = HttpResponse(content, content_type=CONTENT_TYPES[kind])
    name = f"{plan.id}-returns-{pages.today():%Y-%m-%d}.{kind}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest, plan_id: str) -> HttpResponse:
    plan = plan_or_404(plan_id)
    person = standing(signed_in(request), plan_id)
    if not person.any:
        return denied(request, plan, "You have no role in this plan.")
    if not (person.metrics or Role.ADMINISTRATOR in person.roles):
        return denied(request, plan, "Only data owners and administrators upload returns.")
    if request.method == "GET":
        return render(request, "returns/upload.html", page_context(request, plan, problems=[]))
    submit = request.POST.get("submit") == "yes"
    file = request.FILES.get("file")
    problems: list[upload_checks.Problem] = []
    if file is None:
        problems = [upload_checks.Problem(None, None, "Choose a CSV or XLSX file to upload")]
    else:
        try:
            # no more than one byte past the limit is read: enough to refuse a larger file
            content = file.read(spreadsheet.MAX_BYTES + 1)
            header, rows = spreadsheet.read_upload(file.name or "", content)
        except spreadsheet.SpreadsheetError as exc:
            problems = [upload_checks.Problem(None, None, str(exc))]
        else:
            locked = {
                key
                for key, origin in pages.recorded_origins(plan.id).items()
                if pages.from_elsewhere(origin)
            }
            today = pages.today()
            checked = upload_checks.check_upload(plan, person, header, rows, locked, today)
            problems = checked.problems
            if not problems:
                try:
                    count = upload_checks.apply_upload(
                        plan,
                        checked,
                        user=signed_in(request),
                        submit=submit,
                        now=timezone.now(),
                        today=today,
                        file_name=file.name or "",
                    )
                except ScorecardError as exc:
                    problems = [upload_checks.Problem(None, None, str(exc))]
                else:
                    url = reverse("returns:list", args=[plan.id])
                    return redirect(f"{url}?uploaded={count}&submitted={int(submit)}")
    context = page_context(request, plan, problems=problems, submit=submit)
    return render(request, "returns/upload.html", context, status=400)
