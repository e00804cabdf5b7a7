"""What the release pages show: the navigation for who is looking, and a version in words."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from scorecard.domain.catalogue import Plan
from scorecard.domain.periods import Month
from scorecard.domain.releases import ReleaseState
from scorecard.publish.html import long_date
from scorecard.web.accounts.queries import standing
from scorecard.web.releases.models import ReleaseVersion
from scorecard.web.releases.queries import is_public
from scorecard.web.returns.common import page_context as insider_context


def page_context(request: HttpRequest, plan: Plan, **more: object) -> dict[str, object]:
    if standing(request.user, plan.id).any:
        return insider_context(request, plan, **more)
    return {
        "plan": plan,
        "organisation_name": plan.organisation.name,
        "organisation_logo_url": plan.organisation.logo,
        "navigation": public_navigation(plan.id, current="releases"),
        **more,
    }


def public_navigation(plan_id: str, current: str = "") -> list[dict[str, object]]:
    """The public's links: the scorecard, its definitions and symbols, and its releases."""
    links = (
        ("dashboard:plan", "Scorecard", ""),
        ("dashboard:definitions", "Definitions", "definitions"),
        ("dashboard:symbols", "Symbols and legend", "symbols"),
        ("releases:list", "Releases", "releases"),
    )
    return [
        {
            "href": reverse(view, args=[plan_id]),
            "text": text,
            "current": bool(key) and key == current,
        }
        for view, text, key in links
    ]


@dataclass(frozen=True)
class VersionFacts:
    version: ReleaseVersion
    period: Month
    number: int
    state: str
    status: str
    released: bool
    address: str

    @property
    def label(self) -> str:
        return f"{self.period.label}, version {self.number}"


def version_facts(version: ReleaseVersion) -> VersionFacts:
    period = Month.parse(version.release.period)
    args = [version.release.plan.plan_id, version.release.period, version.number]
    return VersionFacts(
        version=version,
        period=period,
        number=version.number,
        state=version.state,
        status=_status(version),
        released=is_public(version),
        address=reverse("releases:version", args=args),
    )


def _status(version: ReleaseVersion) -> str:
    if version.state == ReleaseState.PUBLISHED.value and version.released_on:
        return f"Published {long_date(version.released_on)}"
    if version.state == ReleaseState.SCHEDULED.value and version.embargo:
        verb = "Published" if is_public(version) else "Scheduled for"
        embargo = timezone.localtime(version.embargo)  # as the files print it: UK time
        return f"{verb} {long_date(embargo.date())} at {embargo:%H:%M}"
    return "Draft: not published"
