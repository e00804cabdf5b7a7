"""A release over time: what the public have seen never changes, and a release publishes only
what is still the latest approved. Each test is a sequence the long-run simulation of the
monthly cycle found going wrong (tests/integration/test_monthly_cycle.py)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth.models import User

from scorecard.domain.figures import Figure, FigureStatus
from scorecard.domain.periods import Month
from scorecard.web.catalogue.models import Plan as StoredPlan
from scorecard.web.figures.models import Origin
from scorecard.web.figures.services import Change, sync_figures
from scorecard.web.releases import services
from scorecard.web.releases.models import ReleaseEvent, ReleaseFile, ReleaseVersion
from scorecard.web.returns.models import Return, ReturnEvent, ReturnFigure
from tests.integration.web.collection import PLAN_ID, WS, client_for

pytestmark = pytest.mark.usefixtures("loaded")

SEPTEMBER = Month.parse("2024-09")
NOW = dt.datetime(2024, 10, 20, 9, 0, tzinfo=dt.UTC)
EMBARGO = NOW + dt.timedelta(days=2)
AFTER = EMBARGO + dt.timedelta(hours=1)


def _files(version: ReleaseVersion) -> dict[str, str]:
    return dict(ReleaseFile.objects.filter(version=version).values_list("name", "sha256"))


def _scheduled() -> ReleaseVersion:
    draft = services.prepare(PLAN_ID, SEPTEMBER, by="approver", now=NOW)
    return services.schedule(draft, embargo=EMBARGO, by="approver", now=NOW)


def _correct_august_3_1(value: str, at: dt.datetime) -> None:
    plan = StoredPlan.objects.get(plan_id=PLAN_ID)
    figure = Figure("3.1", "", Month.parse("2024-08"), FigureStatus.VALUE, Decimal(value))
    change = Change(by="approver", at=at, reason="corrected")
    sync_figures(plan, [figure], change, origin=Origin.PLAN_FILE, remove_missing=False)


def test_a_version_public_since_its_embargo_does_not_go_back_to_draft() -> None:
    scheduled = _scheduled()
    files = _files(scheduled)
    with pytest.raises(services.ReleaseRefusedError, match="became public at its embargo"):
        services.unschedule(scheduled, by="approver", now=AFTER)
    kept = ReleaseVersion.objects.get(pk=scheduled.pk)
    assert (kept.state, kept.embargo) == ("scheduled", EMBARGO)
    assert _files(kept) == files
    before = services.unschedule(scheduled, by="approver", now=EMBARGO - dt.timedelta(minutes=1))
    assert before.state == "draft"  # until its embargo, it can go back


def test_preparing_a_month_public_since_its_embargo_amends_it() -> None:
    scheduled = _scheduled()
    files = _files(scheduled)
    _correct_august_3_1("9.9", AFTER)
    draft = services.prepare(PLAN_ID, SEPTEMBER, by="approver", now=AFTER)
    assert draft.number == 2  # before, version 1 went back to draft and lost its files
    first = ReleaseVersion.objects.get(pk=scheduled.pk)
    assert (first.state, first.published_at) == ("published", EMBARGO)
    assert _files(first) == files
    actions = ReleaseEvent.objects.filter(version=first).values_list("action", flat=True)
    assert list(actions) == ["drafted", "scheduled", "published"]


def test_a_draft_out_of_date_is_not_published_until_it_is_refreshed() -> None:
    draft = services.prepare(PLAN_ID, SEPTEMBER, by="approver", now=NOW)
    _correct_august_3_1("9.9", NOW)
    events = ReleaseEvent.objects.count()
    for release in (
        lambda: services.publish(draft, by="approver", now=NOW),
        lambda: services.schedule(draft, embargo=EMBARGO, by="approver", now=NOW),
    ):
        with pytest.raises(services.ReleaseRefusedError) as caught:
            release()
        assert str(caught.value) == (
            "version 1 is out of date: since it was prepared, figures changed: 3.1 2024-08. "
            "Refresh it from the latest figures and check it before it is released"
        )
    kept = ReleaseVersion.objects.get(pk=draft.pk)
    assert (kept.state, _files(kept), ReleaseEvent.objects.count()) == ("draft", {}, events)
    refreshed = services.prepare(PLAN_ID, SEPTEMBER, by="approver", now=NOW)
    published = services.publish(refreshed, by="approver", now=NOW)
    shown = [f for f in published.snapshot["figures"] if f["metric_id"] == "3.1"]
    assert {"period": "2024-08", "value": "9.9"}.items() <= next(
        f for f in shown if f["period"] == "2024-08"
    ).items()


def test_a_draft_whose_month_is_blocked_since_is_not_published() -> None:
    draft = services.prepare(PLAN_ID, SEPTEMBER, by="approver", now=NOW)
    plan = StoredPlan.objects.get(plan_id=PLAN_ID)
    Return.objects.create(
        plan=plan, metric_id="3.2", period="2024-09", state="returned", updated_at=NOW
    )
    with pytest.raises(services.ReleaseBlockedError) as caught:
        services.publish(draft, by="approver", now=NOW)
    (problem,) = caught.value.readiness.blocking
    assert "September 2024 return is returned, not approved" in problem.message
    assert ReleaseVersion.objects.get(pk=draft.pk).state == "draft"


def _approved_return(metric_id: str, period: str, value: str) -> Return:
    plan = StoredPlan.objects.get(plan_id=PLAN_ID)
    entry = Return.objects.create(
        plan=plan, metric_id=metric_id, period=period, state="approved", updated_at=NOW
    )
    ReturnFigure.objects.create(entry=entry, status="value", value=Decimal(value))
    return entry


def test_only_returns_whose_figures_a_release_shows_are_marked_published() -> None:
    scheduled = _scheduled()
    shown = _approved_return("3.2", "2024-08", "42.19")  # as the scheduled files show it
    later = _approved_return("3.1", "2024-09", "13.0")  # approved after the files were fixed
    (published,) = services.release_due(by="scheduler", now=AFTER)
    assert published.pk == scheduled.pk
    shown.refresh_from_db()
    later.refresh_from_db()
    assert (shown.state, later.state) == ("published", "approved")
    assert not ReturnEvent.objects.filter(entry=later).exists()


def test_a_version_public_since_its_embargo_offers_no_way_back_to_draft(
    people: dict[str, User],
) -> None:
    """Until a scheduler records it as published, its page showed 'Back to draft', which is
    always refused from the embargo on; it says how to correct it instead."""
    embargo = dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)
    draft = services.prepare(PLAN_ID, SEPTEMBER, by="approver", now=NOW)
    scheduled = services.schedule(
        draft, embargo=embargo, by="approver", now=dt.datetime.now(dt.UTC)
    )
    page = f"{WS}/releases/2024-09/v1/"
    approver = client_for(people["approver"])
    assert "Back to draft" in approver.get(page).content.decode()
    ReleaseVersion.objects.filter(pk=scheduled.pk).update(
        embargo=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
    )
    shown = approver.get(page).content.decode()
    assert "Back to draft" not in shown
    assert "prepare the month again" in shown


def test_a_return_of_a_metric_taken_out_is_not_changed_through_the_services(
    people: dict[str, User],
) -> None:
    from scorecard.web.catalogue.queries import current_plan
    from scorecard.web.catalogue.services import load_plan
    from scorecard.web.returns import services as returns
    from scorecard.web.returns.entries import Entry

    october = Month.parse("2024-10")
    figure = Figure("3.2", "", october, FigureStatus.VALUE, Decimal("40.5"))
    saved = returns.save_entry(
        plan_id=PLAN_ID,
        metric_id="3.2",
        period=october,
        user=people["owner_b"],
        figures=[figure],
        entry=Entry(()),
        version=0,
        now=NOW,
        today=dt.date(2024, 11, 20),
    )
    plan = current_plan(PLAN_ID)
    taken_out = plan.model_copy(update={"metrics": tuple(m for m in plan.metrics if m.id != "3.2")})
    load_plan(taken_out, [], source="3.2 taken out", loaded_by="administrator")
    with pytest.raises(returns.NotAllowedError, match=r"the plan no longer has metric 3\.2"):
        returns.save_entry(
            plan_id=PLAN_ID,
            metric_id="3.2",
            period=october,
            user=people["owner_b"],
            figures=[],
            entry=Entry(()),
            version=saved.version,
            now=NOW,
            today=dt.date(2024, 11, 20),
        )
    kept = Return.objects.get(pk=saved.pk)
    assert (kept.version, [str(f.value) for f in kept.figures.all()]) == (saved.version, ["40.5"])
