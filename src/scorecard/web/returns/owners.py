"""Owners pages: who answers for each metric (everyone with a role in the plan), changed by
administrators with a reason; and the history of the plan's definition, every change of it in
pages of paging.PER_PAGE (docs/collection.md)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods
from pydantic import ValidationError

from scorecard.domain.errors import ScorecardError
from scorecard.domain.ownership import Ownership
from scorecard.domain.signoff import Role
from scorecard.web.accounts.queries import standing
from scorecard.web.catalogue.models import DefinitionChange, PlanVersion
from scorecard.web.catalogue.services import change_ownership
from scorecard.web.notfound import metric_or_404
from scorecard.web.returns import paging
from scorecard.web.returns.common import denied, page_context, plan_or_404, signed_in

FIELDS = ("organisation", "team", "data_owner", "accountable_lead")
# The most characters in each field: a role or a team is a line; the reason a sentence or two.
# Longer is refused at its field, never cut short without a word.
LIMITS = {"team": 300, "data_owner": 300, "accountable_lead": 300, "reason": 500}
WORDS = {
    "team": "The team or service",
    "data_owner": "The data owner's role",
    "accountable_lead": "The accountable lead's role",
    "reason": "The reason",
}


@login_required
@require_http_methods(["GET"])
def owners(request: HttpRequest, plan_id: str) -> HttpResponse:
    plan = plan_or_404(plan_id)
    person = standing(signed_in(request), plan_id)
    if not person.any:
        return denied(request, plan, "You have no role in this plan.")
    partners = {p.id: p.name for p in plan.partners}
    context = page_context(
        request,
        plan,
        partners=partners,
        admin=Role.ADMINISTRATOR in person.roles,
        changed=request.GET.get("changed", ""),
        unchanged=next(
            (m.id for m in plan.metrics if m.slug == request.GET.get("unchanged", "")), ""
        ),
    )
    return render(request, "returns/owners.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def edit_owner(request: HttpRequest, plan_id: str, metric: str) -> HttpResponse:
    plan = plan_or_404(plan_id)
    found = metric_or_404(plan, metric, lambda m: reverse("returns:owner", args=[plan_id, m.slug]))
    person = standing(signed_in(request), plan_id)
    if Role.ADMINISTRATOR not in person.roles:
        return denied(request, plan, "Only administrators change who owns a metric.")
    current = found.ownership
    values = {name: (getattr(current, name) or "") if current else "" for name in FIELDS}
    errors: dict[str, str] = {}
    reason = ""
    if request.method == "POST":
        values = {name: request.POST.get(name, "").strip() for name in FIELDS}
        reason = request.POST.get("reason", "").strip()
        errors = _check(values, reason, [p.id for p in plan.partners])
        wanted = {k: v or None for k, v in values.items()}
        if not errors and current is not None and current == Ownership(**wanted):
            url = reverse("returns:owners", args=[plan.id])
            return redirect(f"{url}?unchanged={found.slug}")
        if not errors:
            try:
                change_ownership(
                    plan_id=plan.id,
                    metric_id=found.id,
                    ownership=Ownership(**{k: v or None for k, v in values.items()}),
                    by=signed_in(request).get_username(),
                    at=timezone.now(),
                    reason=reason,
                )
            except ScorecardError as exc:
                errors["reason"] = str(exc)
            else:
                url = reverse("returns:owners", args=[plan.id])
                return redirect(f"{url}?changed={found.slug}")
    context = page_context(
        request,
        plan,
        metric=found,
        values=values,
        reason=reason,
        errors=errors,
        partners=plan.partners,
    )
    return render(request, "returns/owner_edit.html", context, status=400 if errors else 200)


def _check(values: dict[str, str], reason: str, partners: list[str]) -> dict[str, str]:
    errors = {}
    if values["organisation"] not in partners:
        errors["organisation"] = "Choose the organisation that supplies the figures"
    for name, words in (
        ("data_owner", "the data owner's role"),
        ("accountable_lead", "the accountable lead's role"),
    ):
        if not values[name]:
            errors[name] = f"Enter {words}"
    if not reason:
        errors["reason"] = "Say why the owners change, for the history"
    for name, text in (*values.items(), ("reason", reason)):
        if name in LIMITS and len(text) > LIMITS[name]:
            errors[name] = (
                f"{WORDS[name]} is {len(text):,} characters long; "
                f"shorten it to {LIMITS[name]:,} characters or fewer"
            )
    if not errors:
        try:
            Ownership(**{k: v or None for k, v in values.items()})
        except ValidationError as exc:
            first = exc.errors()[0]
            errors[str(first["loc"][0])] = str(first["msg"])
    return errors


@login_required
@require_http_methods(["GET"])
def history(request: HttpRequest, plan_id: str) -> HttpResponse:
    plan = plan_or_404(plan_id)
    if not standing(signed_in(request), plan_id).any:
        return denied(request, plan, "You have no role in this plan.")
    every = DefinitionChange.objects.filter(plan__plan_id=plan_id).order_by("-id")
    ids, paged = paging.page_of(
        list(every.values_list("id", flat=True)),
        request.GET.get("page"),
        base=reverse("returns:history", args=[plan.id]),
        what=("change", "changes"),
        keep={},
    )
    versions = PlanVersion.objects.filter(plan__plan_id=plan_id).order_by("-number")
    context = page_context(
        request,
        plan,
        changes=every.filter(id__in=ids),
        versions=versions.only("number", "loaded_at", "loaded_by", "source"),
        paged=paged,
        problems=[("", paged.problem)] if paged.problem else [],
    )
    return render(request, "returns/history.html", context, status=400 if paged.problem else 200)
