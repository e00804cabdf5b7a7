"""What every page of the returns, owners and people pages shares: the plan or a 404, the signed-in
person, the refusal page, and the page context with the internal navigation."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from scorecard.domain.catalogue import Plan
from scorecard.domain.errors import PlanNotFoundError
from scorecard.domain.signoff import Role
from scorecard.web.accounts.queries import standing
from scorecard.web.catalogue.queries import current_plan


def plan_or_404(plan_id: str) -> Plan:
    try:
        return current_plan(plan_id)
    except PlanNotFoundError:
        raise Http404(f'There is no plan "{plan_id}".') from None


def signed_in(request: HttpRequest) -> User:
    """The person signed in (the views ask for sign-in first, so there is one)."""
    if not isinstance(request.user, User):
        raise PermissionDenied("sign in first")
    return request.user


def denied(request: HttpRequest, plan: Plan, reason: str) -> HttpResponse:
    context = page_context(request, plan, reason=reason)
    return render(request, "returns/denied.html", context, status=403)


def page_context(request: HttpRequest, plan: Plan, **more: object) -> dict[str, object]:
    navigation = [
        {"href": reverse("dashboard:plan", args=[plan.id]), "text": "Scorecard"},
        _item(request, plan.id, "returns:list", "Returns"),
        _item(request, plan.id, "returns:owners", "Owners"),
        _item(request, plan.id, "returns:history", "History"),
        _item(request, plan.id, "releases:list", "Releases", section="releases"),
    ]
    if Role.ADMINISTRATOR in standing(request.user, plan.id).roles:
        navigation.append(_item(request, plan.id, "accounts:people", "People"))
    return {
        "plan": plan,
        "organisation_name": plan.organisation.name,
        "organisation_logo_url": plan.organisation.logo,
        "navigation": navigation,
        "signed_in_as": request.user.get_username(),
        **more,
    }


def _item(
    request: HttpRequest, plan_id: str, view: str, text: str, section: str | None = None
) -> dict[str, object]:
    """A navigation link, current on its own page (or, with `section`, on every page of that
    app: a release's versions are under "Releases")."""
    match = request.resolver_match
    here = (
        (match.app_name == section)
        if (match and section)
        else bool(match and match.view_name == view)
    )
    return {"href": reverse(view, args=[plan_id]), "text": text, "current": here}
