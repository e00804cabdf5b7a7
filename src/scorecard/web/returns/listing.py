"""The returns list, and approving several submitted returns from it at once (all or nothing,
scorecard.web.returns.approvals). Signed-in people with a role in the plan only; approving
goes through scorecard.web.returns.services.move for each return, which checks permission
again."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods

from scorecard.domain.catalogue import Plan
from scorecard.domain.periods import Month
from scorecard.domain.returns import ReturnState
from scorecard.domain.signoff import Role
from scorecard.web.accounts.queries import Standing, standing
from scorecard.web.returns import approvals, forms, listed_figures, pages, paging
from scorecard.web.returns.common import denied, page_context, plan_or_404, signed_in
from scorecard.web.returns.entries import REASON_LIMIT, too_long
from scorecard.web.returns.models import Return
from scorecard.web.returns.queries import submitted_returns

NOTHING_CHOSEN = "approve"  # the problem's field until the page knows its first checkbox


@dataclass(frozen=True)
class Listed:
    """A row of the list with what an approver may do with it there: `choice` is the submitted
    return they may approve from the list (None: no checkbox), `own_edit` a submitted return
    they edited last; `checked` and `error` come back from a refused approval; `shown` is what
    the list shows of its figures."""

    row: pages.ReturnRow
    choice: Return | None = None
    own_edit: bool = False
    checked: bool = False
    error: str = ""
    shown: listed_figures.Shown | None = None  # None: no figures entered


@login_required
@require_http_methods(["GET"])
def return_list(request: HttpRequest, plan_id: str) -> HttpResponse:
    plan = plan_or_404(plan_id)
    person = standing(signed_in(request), plan_id)
    if not person.any:
        return denied(request, plan, "You have no role in this plan.")
    return _list_page(request, plan, person, request.GET)


@login_required
@require_http_methods(["GET", "POST"])
def approve(request: HttpRequest, plan_id: str) -> HttpResponse:
    """Approve the returns ticked in the list, all or nothing; a GET goes to the list."""
    plan = plan_or_404(plan_id)
    person = standing(signed_in(request), plan_id)
    if not person.any:
        return denied(request, plan, "You have no role in this plan.")
    if request.method == "GET":
        return redirect(reverse("returns:list", args=[plan.id]))
    if not person.approves:
        return denied(request, plan, "Only approvers and administrators approve returns.")
    given = list(dict.fromkeys(request.POST.getlist("approve")))
    seen = {g: _version(request, g) for g in given}
    reason = request.POST.get("reason", "")
    problems = _form_problems(given, reason)
    if problems:
        return _list_page(request, plan, person, request.POST, 400, problems, seen, reason=reason)
    chosen = [approvals.Chosen(g, version) for g, version in seen.items()]
    try:
        done = approvals.approve_returns(
            plan_id=plan.id,
            chosen=chosen,
            user=signed_in(request),
            reason=reason,
            now=timezone.now(),
            today=pages.today(),
        )
    except approvals.NotApprovedError as exc:
        problems, errors = _refusals(plan, exc.refusals, len(chosen))
        refused = {r.given for r in exc.refusals}
        kept = {g: v for g, v in seen.items() if g not in refused}
        return _list_page(
            request, plan, person, request.POST, 400, problems, kept, errors, reason=reason
        )
    state, _ = _state_asked(request.POST.get("state", ""))
    query = {"approved": str(len(done)), **({"state": state.value} if state else {})}
    return redirect(f"{reverse('returns:list', args=[plan.id])}?{urlencode(query)}")


def _form_problems(given: Sequence[str], reason: str) -> list[tuple[str, str]]:
    """What is wrong with the form itself, before any return is looked at."""
    problems = []
    if not given:
        problems.append((NOTHING_CHOSEN, "Select the returns to approve"))
    elif len(given) > paging.PER_PAGE:
        most = f"Select at most {paging.PER_PAGE} returns to approve at once (a page of the list)"
        problems.append((NOTHING_CHOSEN, most))
    long = too_long("reason", reason, REASON_LIMIT)
    if long:
        problems.append(("reason", long))
    return problems


def _version(request: HttpRequest, given: str) -> int:
    """The version of a return the list showed; an unreadable one never matches."""
    found = forms.whole(request.POST.get(f"version-{given}", ""))
    return -1 if found is None else found


def _refusals(
    plan: Plan, refusals: Sequence[approvals.Refusal], count: int
) -> tuple[list[tuple[str, str]], dict[int, str]]:
    """The error summary's items (each refused return, linked to its page) and each refused
    return's message at its row."""
    some = f"{len(refusals)} of the {count}" if count > 1 else "The"
    problems = [("", f"Nothing was approved: {some} returns chosen cannot be approved.")]
    errors = {}
    for refusal in refusals:
        found = refusal.found
        if found is None:
            problems.append(("", refusal.message))
            continue
        month = Month.parse(found.period)
        metric = plan.metric(found.metric_id)
        url = reverse("returns:return", args=[plan.id, metric.slug, str(month)])
        problems.append((url, f"{metric.id}, {month.label}: {refusal.message}"))
        errors[found.pk] = refusal.message
    if count == 1:
        problems[0] = ("", "Nothing was approved: the return chosen cannot be approved.")
    return problems, errors


def _list_page(
    request: HttpRequest,
    plan: Plan,
    person: Standing,
    query: Mapping[str, str],
    status: int = 200,
    problems: Sequence[tuple[str, str]] = (),
    checked: Mapping[str, int] | None = None,
    errors: Mapping[int, str] | None = None,
    *,
    reason: str = "",
) -> HttpResponse:
    """The list, filtered to `query`'s state and on its page (a refused approval shows the page
    it was sent from), with the returns that were ticked ticked again (`checked`: id → the
    version shown; one changed since is not), and what refused them."""
    day = pages.today()
    rows = pages.return_rows(plan, person, day=day)
    counts = {state: sum(r.state is state for r in rows) for state in pages.STATE_ORDER}
    chosen, state_problem = _state_asked(query.get("state", ""))
    shown = (
        [r for r in rows if r.state is chosen]
        if chosen
        else [r for r in rows if r.state is not ReturnState.APPROVED]
    )
    named = chosen.value if chosen else "open"
    rows_here, paged = paging.page_of(
        shown,
        query.get("page"),
        base=reverse("returns:list", args=[plan.id]),
        what=(f"{named} return", f"{named} returns"),
        keep={"state": chosen.value} if chosen else {},
    )
    listed = _listed(request, plan, person, rows_here, checked or {}, errors or {})
    boxes = [item.choice.pk for item in listed if item.choice is not None]
    first = f"approve-{boxes[0]}" if boxes else ""
    items = [(first if f == NOTHING_CHOSEN else f, p) for f, p in problems]
    items += [("", p) for p in (state_problem, paged.problem) if p]
    context = page_context(
        request,
        plan,
        uploaded=forms.whole(query.get("uploaded", "")),
        uploaded_submitted=query.get("submitted") == "1",
        approved=forms.whole(query.get("approved", "")) if status == 200 else None,
        may_upload=bool(person.metrics) or Role.ADMINISTRATOR in person.roles,
        rows=listed,
        approvable=bool(boxes),
        only_submitted=chosen is ReturnState.SUBMITTED,
        nothing_chosen=next((p for f, p in problems if f == NOTHING_CHOSEN), ""),
        reason=reason,
        reason_error=next((p for f, p in problems if f == "reason"), ""),
        paged=paged,
        counts=counts,
        chosen=chosen,
        day=day,
        person=person,
        problems=items,
        states=pages.STATE_ORDER,
    )
    return render(request, "returns/list.html", context, status=400 if items else status)


def _listed(
    request: HttpRequest,
    plan: Plan,
    person: Standing,
    rows: Sequence[pages.ReturnRow],
    checked: Mapping[str, int],
    errors: Mapping[int, str],
) -> list[Listed]:
    """The rows with what the list shows of each return's figures, and a checkbox on each
    submitted return this person may approve: an approver or administrator who did not edit
    its figures last, for a month that has ended, with figures not from the plan's files or a
    computation (services.move checks all of it again)."""
    shown = listed_figures.shown_figures(plan, rows)

    def plain(row: pages.ReturnRow) -> Listed:
        return Listed(row, shown=shown.get((row.metric.id, row.due.period)))

    if not person.approves or not any(r.state is ReturnState.SUBMITTED for r in rows):
        return [plain(row) for row in rows]
    submitted = submitted_returns(plan.id)
    origins = pages.recorded_origins(plan.id)
    me, day = request.user.get_username(), pages.today()
    listed = []
    for row in rows:
        key = (row.metric.id, row.due.period)
        found = submitted.get(key) if row.state is ReturnState.SUBMITTED else None
        if found is None:
            listed.append(plain(row))
            continue
        own = found.last_editor == me
        may = (
            not own and day > row.due.period.last_day and not pages.from_elsewhere(origins.get(key))
        )
        listed.append(
            Listed(
                row,
                choice=found if may else None,
                own_edit=own,
                checked=may and checked.get(str(found.pk)) == found.version,
                error=errors.get(found.pk, ""),
                shown=shown.get(key),
            )
        )
    return listed


def _state_asked(text: str) -> tuple[ReturnState | None, str]:
    """The state the list is filtered to (None: the open returns) and, for a state that is not
    one, why it was not used (shown as an error in the page, as a bad page number is)."""
    wanted = text.strip()
    if not wanted:
        return None, ""
    try:
        return ReturnState(wanted), ""
    except ValueError:
        states = ", ".join(s.value for s in pages.STATE_ORDER)
        shown = "so the open returns are shown."
        return None, f'There is no state "{wanted[:40]}": the states are {states}, {shown}'
