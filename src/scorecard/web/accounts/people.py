"""The People pages: administrators of a plan see everyone with a role in it, give a person a
role (an existing person, or someone new who signs in through single sign-on), take a role
away, and read the role history (docs/collection.md). Every write goes through
accounts.services in a transaction and is recorded in the role history."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from scorecard.domain.catalogue import Plan
from scorecard.domain.errors import ScorecardError
from scorecard.domain.signoff import Role
from scorecard.web.accounts import oidc, queries, services
from scorecard.web.accounts.forms import EXISTING, NEW, ROLE_WORDS, GrantForm, check_grant
from scorecard.web.accounts.forms import check_reason as checked_reason
from scorecard.web.accounts.models import ROLE_CHOICES, RoleChange
from scorecard.web.returns.common import denied, page_context, plan_or_404, signed_in

ONLY_ADMINISTRATORS = "Only the plan's administrators manage people and their roles."
ROLE_HINTS = {
    Role.VIEWER.value: "Sees the returns, their figures, commentary and history",
    Role.DATA_OWNER.value: "Enters and submits the figures of the metrics they own",
    Role.APPROVER.value: "Approves or returns submitted figures, and prepares releases",
    Role.ADMINISTRATOR.value: "Does everything, and manages owners and people",
}
AT_ONCE = "Someone changed this person's roles at the same time: check the list and try again"


def _administrator(request: HttpRequest, plan_id: str) -> tuple[Plan, HttpResponse | None]:
    """The plan, and the refusal page unless the person asking administers it."""
    plan = plan_or_404(plan_id)
    if Role.ADMINISTRATOR not in queries.standing(signed_in(request), plan_id).roles:
        return plan, denied(request, plan, ONLY_ADMINISTRATORS)
    return plan, None


@login_required
@require_http_methods(["GET", "POST"])
def people(request: HttpRequest, plan_id: str) -> HttpResponse:
    plan, refused = _administrator(request, plan_id)
    if refused:
        return refused
    form = GrantForm(who=EXISTING)
    errors: dict[str, str] = {}
    if request.method == "POST":
        form = GrantForm.from_post(request.POST)
        errors = check_grant(form, plan)
        if not errors:
            try:
                change = _grant(form, plan, by=signed_in(request).get_username())
            except (ScorecardError, IntegrityError) as exc:
                errors["role"] = _sentence(exc) if isinstance(exc, ScorecardError) else AT_ONCE
            else:
                return redirect(f"{reverse('accounts:people', args=[plan.id])}?changed={change}")
    context = page_context(
        request, plan, **_people_context(request, plan), form=form, errors=errors
    )
    return render(request, "accounts/people.html", context, status=400 if errors else 200)


def _grant(form: GrantForm, plan: Plan, *, by: str) -> int:
    """Add the person if they are new, and give the role, all or nothing; the change's id."""
    role = form.chosen_role
    if role is None:  # check_grant has refused it already
        raise ScorecardError("choose the role to give")
    now = timezone.now()
    with transaction.atomic():
        if form.who == NEW:
            services.add_person(
                username=form.new_username,
                name=form.name,
                email=form.email,
                password=None,
                by=by,
                at=now,
                through=f"the People page of plan {plan.id}",
            )
        services.grant(
            plan_id=plan.id,
            username=form.person,
            role=role,
            metrics=form.owned,
            organisation=form.organisation,
            by=by,
            at=now,
            reason=form.reason,
        )
        return _latest_change(plan.id, form.person, role.value)


def _latest_change(plan_id: str, username: str, role: str) -> int:
    changes = RoleChange.objects.filter(plan__plan_id=plan_id, username=username, role=role)
    return int(changes.latest("id").pk)


def _people_context(request: HttpRequest, plan: Plan) -> dict[str, object]:
    partners = {p.id: p.name for p in plan.partners}
    changed = request.GET.get("changed", "")
    found = (
        RoleChange.objects.filter(plan__plan_id=plan.id, pk=int(changed)).first()
        if changed.isascii() and changed.isdigit() and len(changed) < 10
        else None
    )
    return {
        "members": queries.members(plan.id),
        "history": [describe(c, partners) for c in queries.role_history(plan.id)],
        "changed": describe(found, partners) if found else None,
        "partners": plan.partners,
        "partner_names": partners,
        "roles": [(value, label, ROLE_HINTS[value]) for value, label in ROLE_CHOICES],
        "single_sign_on": oidc.enabled(),
        "administrators": queries.administrators(plan.id),
    }


@dataclass(frozen=True)
class ChangeInWords:
    change: RoleChange
    action: str
    before: str
    after: str

    @property
    def sentence(self) -> str:
        if self.action == "Taken away":
            return f"{self.change.username} no longer has the role {self.before}."
        return f"{self.change.username} is now {self.after}."


def describe(change: RoleChange, partners: dict[str, str]) -> ChangeInWords:
    action = "Given" if change.before is None else "Taken away" if change.after is None else ""
    return ChangeInWords(
        change,
        action or "Changed",
        _held(change.before, partners),
        _held(change.after, partners),
    )


def _held(snapshot: object, partners: dict[str, str]) -> str:
    """A role as stored in the history, in words: "a data owner of 3.1, 3.2 (NHS Sussex)"."""
    if not isinstance(snapshot, dict):
        return ""
    role = str(snapshot.get("role", ""))
    words = ROLE_WORDS.get(Role(role), role) if role in {r.value for r in Role} else role
    metrics = snapshot.get("metrics") or []
    if metrics:
        words += " of " + ", ".join(str(m) for m in metrics)
    organisation = str(snapshot.get("organisation") or "")
    if organisation:
        words += f" ({partners.get(organisation, organisation)})"
    return words


@login_required
@require_http_methods(["GET", "POST"])
def remove(request: HttpRequest, plan_id: str) -> HttpResponse:
    """Take a role away, with a reason: a confirmation page, as the role is lost at once."""
    plan, refused = _administrator(request, plan_id)
    if refused:
        return refused
    data = request.POST if request.method == "POST" else request.GET
    held = queries.held_role(plan.id, data.get("username", ""), data.get("role", ""))
    if held is None:
        raise Http404("This person does not have that role in this plan.")
    username, role = held.user.username, Role(held.role)
    last = role is Role.ADMINISTRATOR and queries.administrators(plan.id) == 1
    errors: dict[str, str] = {}
    reason = ""
    if request.method == "POST":
        reason = request.POST.get("reason", "").strip()
        errors = checked_reason(reason, "Say why the role is taken away, for the role history")
        if last:
            errors = {"role": services.last_administrator(username, plan.id)}
        if not errors:
            me = signed_in(request)
            try:
                services.revoke(
                    plan_id=plan.id,
                    username=username,
                    role=role,
                    by=me.get_username(),
                    at=timezone.now(),
                    reason=reason,
                )
            except ScorecardError as exc:  # its message begins with the user name, as written
                errors["role"] = str(exc)
            else:
                return _after_removal(request, plan, _latest_change(plan.id, username, role.value))
    context = page_context(
        request,
        plan,
        held=held,
        held_words=_held({"role": held.role, "metrics": held.metrics}, {}),
        role_label=queries.ROLE_LABELS[held.role],
        last=last,
        reason=reason,
        errors=errors,
    )
    return render(request, "accounts/remove.html", context, status=400 if errors else 200)


def _after_removal(request: HttpRequest, plan: Plan, change: int) -> HttpResponse:
    """Back to the People page, or to the scorecard for someone who gave up administering."""
    if Role.ADMINISTRATOR in queries.standing(signed_in(request), plan.id).roles:
        return redirect(f"{reverse('accounts:people', args=[plan.id])}?changed={change}")
    return redirect(reverse("dashboard:plan", args=[plan.id]))


def _sentence(exc: Exception) -> str:
    text = str(exc)
    return f"{text[0].upper()}{text[1:]}" if text else "That cannot be done"
