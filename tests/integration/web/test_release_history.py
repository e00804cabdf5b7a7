"""A release version's history says what was done to it, when it happened and what it meant:
a schedule given up by a refresh, and a publication recorded after the embargo it was public
from (docs/releases.md)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User

from scorecard.domain.periods import Month
from scorecard.web.releases import services
from scorecard.web.releases.models import ReleaseEvent, ReleaseVersion
from tests.integration.web.collection import PLAN_ID, WS, client_for

pytestmark = pytest.mark.usefixtures("loaded", "people")

SEPTEMBER = Month.parse("2024-09")
NOW = dt.datetime(2024, 10, 20, 9, 0, tzinfo=dt.UTC)
EMBARGO = dt.datetime(2024, 10, 22, 9, 30, tzinfo=dt.UTC)  # 10:30 in London (BST)


def _scheduled() -> ReleaseVersion:
    draft = services.prepare(PLAN_ID, SEPTEMBER, by="approver", now=NOW)
    return services.schedule(draft, embargo=EMBARGO, by="approver", now=NOW)


def _notes(version: ReleaseVersion) -> list[tuple[str, str, str]]:
    return [(e.action, e.by, e.note) for e in ReleaseEvent.objects.filter(version=version)]


def test_scheduling_says_when_in_uk_time() -> None:
    scheduled = _scheduled()
    assert _notes(scheduled)[-1] == (
        "scheduled",
        "approver",
        "for release at 10:30 on 22 October 2024 (BST)",
    )


def test_a_refresh_that_takes_a_scheduled_version_back_to_draft_says_so(
    people: dict[str, User],
) -> None:
    scheduled = _scheduled()
    refreshed = services.prepare(PLAN_ID, SEPTEMBER, by="administrator", now=NOW)
    assert (refreshed.pk, refreshed.state, refreshed.embargo) == (scheduled.pk, "draft", None)
    event = ReleaseEvent.objects.filter(version=scheduled).latest("id")
    assert (event.action, event.by) == ("refreshed", "administrator")
    assert event.note == (
        "back to draft: it was scheduled for release at 10:30 on 22 October 2024 (BST), and no "
        "longer is; nothing changed"
    )
    assert event.before is not None
    assert (event.before["state"], event.before["embargo"]) == (
        "scheduled",
        "2024-10-22T09:30:00+00:00",
    )
    page = client_for(people["approver"]).get(f"{WS}/releases/2024-09/v1/").content.decode()
    assert "back to draft: it was scheduled for release at 10:30 on 22 October 2024" in page


def test_refreshing_a_draft_says_nothing_of_a_schedule() -> None:
    draft = services.prepare(PLAN_ID, SEPTEMBER, by="approver", now=NOW)
    services.prepare(PLAN_ID, SEPTEMBER, by="approver", now=NOW)
    assert _notes(draft)[-1] == ("refreshed", "approver", "nothing changed")


def test_publishing_after_the_embargo_says_it_was_public_from_the_embargo() -> None:
    scheduled = _scheduled()
    late = EMBARGO + dt.timedelta(hours=3)
    published = services.release_due(by="scheduler", now=late)
    assert [v.pk for v in published] == [scheduled.pk]
    event = ReleaseEvent.objects.filter(version=scheduled).latest("id")
    assert (event.action, event.by, event.at) == ("published", "scheduler", late)
    assert event.note == "public since its embargo at 10:30 on 22 October 2024 (BST)"
    assert ReleaseVersion.objects.get(pk=scheduled.pk).published_at == EMBARGO


def test_publishing_now_gives_the_reason_alone() -> None:
    draft = services.prepare(PLAN_ID, SEPTEMBER, by="approver", now=NOW)
    services.publish(draft, by="approver", now=NOW)
    assert _notes(draft)[-1] == ("published", "approver", "")
