"""Writes to releases: drafting a month's release from the store, scheduling, publishing and
amending it. Each checks what blocks the release (scorecard.domain.releases.readiness), the
version's state and what it changes (releases.amendments), renders the public files once, and
records what it did in the same transaction. Publishing moves the month's approved returns to
published (scorecard.domain.signoff)."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import replace
from typing import Any

from django.db import transaction
from django.utils import timezone

from scorecard.domain.errors import ScorecardError
from scorecard.domain.figures import Figure, QualityFlag
from scorecard.domain.kept_policies import FigureKey
from scorecard.domain.periods import Month
from scorecard.domain.releases import (
    Pending,
    Readiness,
    ReleaseState,
    may_move,
    readiness,
)
from scorecard.domain.returns_left import not_expected
from scorecard.domain.signoff import SignOff
from scorecard.publish.html import long_date
from scorecard.publish.renderers import RENDERERS
from scorecard.publish.report import Commentary, reporting_months
from scorecard.web.catalogue import models as catalogue_models
from scorecard.web.catalogue.queries import current_plan
from scorecard.web.figures.queries import recorded_figures
from scorecard.web.releases.amendments import (
    ReleaseRefusedError,
    check_amendment,
    nothing_changed,
    same_for_public,
)
from scorecard.web.releases.dates import publish_date_problem, release_dates
from scorecard.web.releases.models import Action, Release, ReleaseEvent, ReleaseFile, ReleaseVersion
from scorecard.web.releases.queries import (
    is_public,
    latest_public,
    version_plan,
    version_report,
    versions,
)
from scorecard.web.releases.snapshots import make_snapshot, refresh_words, snapshot_figures
from scorecard.web.returns.models import Event, Return, ReturnEvent
from scorecard.web.returns.queries import entry_figures

UNAPPROVED = (SignOff.DRAFT.value, SignOff.SUBMITTED.value, SignOff.RETURNED.value)
NOTE_LENGTH = 500  # ReleaseEvent.note


class ReleaseBlockedError(ScorecardError):
    """Something stops the release; `readiness` lists what blocks it and what merely warns."""

    def __init__(self, plan_id: str, period: Month, found: Readiness) -> None:
        count = len(found.blocking)
        super().__init__(
            f"the {period.label} release of plan {plan_id} cannot be published: "
            f"{count} {'thing blocks' if count == 1 else 'things block'} it"
        )
        self.readiness = found


def pending_returns(plan_id: str, period: Month) -> list[Pending]:
    """The returns not yet approved that hold back the month's release: not those the plan
    no longer expects (a later version took out their metric or month), which no one can
    approve (docs/plan-format.md)."""
    plan = current_plan(plan_id)
    first = max(period.financial_year.first_month, plan.start)
    rows = Return.objects.filter(
        plan__plan_id=plan_id, state__in=UNAPPROVED, period__gte=str(first), period__lte=str(period)
    )
    found = [Pending(r.metric_id, Month.parse(r.period), r.state) for r in rows]
    return [p for p in found if not_expected(plan, p.metric_id, p.period) is None]


def not_ended_problem(plan_id: str, period: Month, today: dt.date) -> str | None:
    """Why the month's release cannot be published today without a date, if it cannot: the
    month has not ended (a month outside the plan is a clear error)."""
    reporting_months(current_plan(plan_id), period)
    return publish_date_problem(period, None, today)


def check(plan_id: str, period: Month) -> Readiness:
    """What blocks the month's release now, and what merely warns."""
    plan = current_plan(plan_id)
    reporting_months(plan, period)  # a month outside the plan is a clear error
    return readiness(plan, recorded_figures(plan_id), period, pending_returns(plan_id, period))


def _commentary(plan_id: str, period: Month) -> list[Commentary]:
    rows = Return.objects.filter(
        plan__plan_id=plan_id,
        period=str(period),
        state__in=(SignOff.APPROVED.value, SignOff.PUBLISHED.value),
    )
    return [
        Commentary(r.metric_id, r.commentary, r.actions) for r in rows if r.commentary or r.actions
    ]


def current_snapshot(plan_id: str, period: Month) -> dict[str, Any]:
    figures = [f for f in recorded_figures(plan_id) if f.period <= period]
    return make_snapshot(figures, _commentary(plan_id, period))


def _plan_version(plan_id: str) -> catalogue_models.PlanVersion:
    found = catalogue_models.PlanVersion.objects.filter(plan__plan_id=plan_id)
    return found.order_by("-number").select_related("plan")[0]


@transaction.atomic
def prepare(plan_id: str, period: Month, *, by: str, now: dt.datetime) -> ReleaseVersion:
    """The month's release as a draft of its next version, made from the figures now stored:
    version 1, or an amendment of the published one. A draft or scheduled version already
    there is brought up to date instead (a scheduled one goes back to draft)."""
    found = check(plan_id, period)
    if not found.ready:
        raise ReleaseBlockedError(plan_id, period, found)
    plan_version = _plan_version(plan_id)
    release, _ = Release.objects.get_or_create(plan=plan_version.plan, period=str(period))
    latest = release.versions.select_for_update().order_by("-number").first()
    if latest is not None and is_public(latest, now):
        latest = _record_public(latest, by=by, now=now)  # public since its embargo: amend it
    snapshot = current_snapshot(plan_id, period)
    if latest is not None and latest.state == ReleaseState.PUBLISHED.value:
        if same_for_public(latest, snapshot, plan_version):
            raise nothing_changed(latest, "period")
    elif latest is not None:
        before = {"plan_version": latest.plan_version.number, "snapshot": latest.snapshot}
        words = refresh_words(
            latest.snapshot, snapshot, latest.plan_version.number, plan_version.number
        )
        if latest.embargo is not None:  # scheduled: the refresh takes it back to draft
            before |= {"state": latest.state, "embargo": latest.embargo.isoformat()}
            words = f"{_unscheduled_words(latest.embargo)}; {words}"
        latest.snapshot, latest.plan_version = snapshot, plan_version
        _to_draft(latest)
        _event(latest, Action.REFRESHED, by, now, words, before=before)
        return latest
    version = ReleaseVersion.objects.create(
        release=release,
        number=(latest.number + 1) if latest else 1,
        plan_version=plan_version,
        snapshot=snapshot,
        created_by=by,
        created_at=now,
    )
    _event(version, Action.DRAFTED, by, now)
    return version


def latest_unchanged(plan_id: str, period: Month) -> ReleaseVersion | None:
    """The month's latest public version, if what its public files show is still what the
    store would publish (the same figures, definitions and targets): nothing to publish again."""
    latest = latest_public(plan_id, period)
    if latest is None:
        return None
    same = same_for_public(latest, current_snapshot(plan_id, period), _plan_version(plan_id))
    return latest if same else None


def publish_now(
    plan_id: str,
    period: Month,
    *,
    by: str,
    now: dt.datetime,
    released_on: dt.date | None = None,
    reason: str = "",
    change_note: str = "",
) -> ReleaseVersion:
    """Prepare the month's next version and publish it at once, or neither. A version scheduled
    for later is left to its embargo: publishing the month now would break the announced time
    (taking it back to draft on its page is the deliberate way to)."""
    with transaction.atomic():
        _not_embargoed(plan_id, period, now)
        draft = prepare(plan_id, period, by=by, now=now)
        return publish(
            draft,
            by=by,
            now=now,
            released_on=released_on,
            reason=reason,
            change_note=change_note,
        )


def _not_embargoed(plan_id: str, period: Month, now: dt.datetime) -> None:
    latest = versions(plan_id, public=False).filter(release__period=str(period)).first()
    if latest is None or latest.state != ReleaseState.SCHEDULED.value or is_public(latest, now):
        return
    assert latest.embargo is not None  # scheduled, so it has one
    raise ReleaseRefusedError(
        f"version {latest.number} of the {period.label} release is scheduled for release at "
        f"{_embargo_words(latest.embargo)}, and nothing was published: it is published then, or "
        "take it back to draft on its page to publish the month now"
    )


def _to_draft(version: ReleaseVersion) -> None:
    """Back to a draft: no embargo, no release date, no fixed assessments or files."""
    version.state, version.embargo, version.released_on = ReleaseState.DRAFT.value, None, None
    version.assessments = None
    version.save()
    version.files.all().delete()


@transaction.atomic
def publish(
    version: ReleaseVersion,
    *,
    by: str,
    now: dt.datetime,
    released_on: dt.date | None = None,
    reason: str = "",
    change_note: str = "",
) -> ReleaseVersion:
    """Publish a draft or scheduled version now, its files rendered and kept."""
    version = ReleaseVersion.objects.select_for_update().get(pk=version.pk)
    _may(version, ReleaseState.PUBLISHED)
    rendered = version.state != ReleaseState.DRAFT.value  # a scheduled one's files are fixed
    _may_be_dated(version, released_on, now, today=released_on is None and not rendered)
    if not rendered:
        _still_current(version)
        check_amendment(version, reason, change_note, now)
        version.released_on = released_on or timezone.localdate(now)
    version.state = ReleaseState.PUBLISHED.value
    version.published_at = _went_public(version, now)
    if not rendered:
        _render(version)  # after the state changes: the files say "Published"
    version.save()
    _mark_returns_published(version, by, now)
    _event(version, Action.PUBLISHED, by, now, _published_words(version, now))
    return version


def _may_be_dated(
    version: ReleaseVersion, released_on: dt.date | None, now: dt.datetime, *, today: bool
) -> None:
    """The release date given, or today's for a draft published now without one, falls after
    the month ends (docs/releases.md): a month is not published before its figures exist."""
    if released_on is None and not today:
        return
    period = Month.parse(version.release.period)
    problem = publish_date_problem(period, released_on, timezone.localdate(now))
    if problem is not None:
        raise ReleaseRefusedError(problem, "released_on" if released_on else "when")


def _published_words(version: ReleaseVersion, now: dt.datetime) -> str:
    """The publication's note in the version's history: the amendment's reason, and for a
    version recorded as published after its embargo passed, that it was public from then."""
    assert version.published_at is not None
    if version.published_at >= now:
        return version.reason
    since = f"public since its embargo at {_zoned_words(version.published_at)}"
    return f"{since}; {version.reason}" if version.reason else since


def _still_current(version: ReleaseVersion) -> None:
    """A draft is published or scheduled only as it stands in the store now: nothing blocks its
    month (a return approved when it was drafted may have been returned for correction since),
    and its figures, commentary and plan version are still the latest, so that what the
    approver checked is what is released and no return is marked published with figures the
    release does not show."""
    plan_id, period = version.release.plan.plan_id, Month.parse(version.release.period)
    found = check(plan_id, period)
    if not found.ready:
        raise ReleaseBlockedError(plan_id, period, found)
    snapshot, plan_version = current_snapshot(plan_id, period), _plan_version(plan_id)
    if version.snapshot == snapshot and version.plan_version_id == plan_version.pk:
        return
    words = refresh_words(
        version.snapshot, snapshot, version.plan_version.number, plan_version.number
    )
    raise ReleaseRefusedError(
        f"version {version.number} is out of date: since it was prepared, {words}. Refresh it "
        "from the latest figures and check it before it is released"
    )


def _went_public(version: ReleaseVersion, now: dt.datetime) -> dt.datetime:
    """When the version became public: a scheduled one whose embargo has passed did so at its
    embargo (the API and the pages showed it from then), however late a scheduler publishes
    it, so that its publication time never changes once it is public; otherwise now."""
    if version.embargo is not None and version.embargo <= now:
        return version.embargo
    return now


@transaction.atomic
def schedule(
    version: ReleaseVersion,
    *,
    embargo: dt.datetime,
    by: str,
    now: dt.datetime,
    reason: str = "",
    change_note: str = "",
) -> ReleaseVersion:
    """Fix the version's files now and make them public at `embargo` (a future time)."""
    version = ReleaseVersion.objects.select_for_update().get(pk=version.pk)
    _may(version, ReleaseState.SCHEDULED)
    if embargo <= now:
        raise ReleaseRefusedError(
            "the embargo must be in the future; to release it now, publish it", "embargo"
        )
    period = Month.parse(version.release.period)
    first, last = release_dates(period, timezone.localdate(now))
    if timezone.localdate(embargo) > last:
        raise ReleaseRefusedError(
            f"the embargo must be within a year: on {long_date(last)} at the latest", "embargo"
        )
    if timezone.localdate(embargo) < first:
        raise ReleaseRefusedError(
            f"the embargo must be after the {period.label} reporting month ends: on "
            f"{long_date(first)} at the earliest",
            "embargo",
        )
    _still_current(version)
    check_amendment(version, reason, change_note, now)
    version.embargo = embargo
    version.released_on = timezone.localdate(embargo)
    version.state = ReleaseState.SCHEDULED.value
    _render(version)  # after the state changes: the files say "Scheduled" with the embargo
    version.save()
    _event(version, Action.SCHEDULED, by, now, f"for release at {_zoned_words(embargo)}")
    return version


@transaction.atomic
def unschedule(version: ReleaseVersion, *, by: str, now: dt.datetime) -> ReleaseVersion:
    """Back to a draft, while its embargo has not passed: from then on the public have seen it,
    and a version the public have seen never changes (it is amended with a new version)."""
    version = ReleaseVersion.objects.select_for_update().get(pk=version.pk)
    _may(version, ReleaseState.DRAFT)
    if is_public(version, now):
        assert version.embargo is not None  # is_public: scheduled with its embargo passed
        raise ReleaseRefusedError(
            f"version {version.number} became public at its embargo, "
            f"{_embargo_words(version.embargo)}: a version the public have seen never changes; "
            "prepare the month again to amend it"
        )
    _to_draft(version)
    _event(version, Action.UNSCHEDULED, by, now)
    return version


def _record_public(version: ReleaseVersion, *, by: str, now: dt.datetime) -> ReleaseVersion:
    """A scheduled version whose embargo has passed, recorded as published (as the scheduler
    would), before anything else is done to its month: the public have seen it."""
    if version.state != ReleaseState.SCHEDULED.value:
        return version
    return publish(version, by=by, now=now)


def _embargo_words(embargo: dt.datetime) -> str:
    moment = timezone.localtime(embargo)
    return f"{moment:%H:%M} on {long_date(moment.date())}"


def _zoned_words(moment: dt.datetime) -> str:
    """A time for a version's history, with its zone: "10:30 on 22 October 2024 (BST)"."""
    return f"{_embargo_words(moment)} ({timezone.localtime(moment):%Z})"


def _unscheduled_words(embargo: dt.datetime) -> str:
    """What a refresh of a scheduled version did to its schedule, for its history."""
    when = _zoned_words(embargo)
    return f"back to draft: it was scheduled for release at {when}, and no longer is"


def release_due(*, by: str, now: dt.datetime) -> list[ReleaseVersion]:
    """Publish every scheduled version whose embargo has passed (for a scheduler)."""
    due = ReleaseVersion.objects.filter(state=ReleaseState.SCHEDULED.value, embargo__lte=now)
    return [publish(v, by=by, now=now) for v in due.order_by("embargo", "pk")]


def _may(version: ReleaseVersion, target: ReleaseState) -> None:
    move = may_move(ReleaseState(version.state), target)
    if not move.allowed:
        raise ReleaseRefusedError(f"version {version.number}: {move.reason}")


def _render(version: ReleaseVersion) -> None:
    """Render the version's public files, and fix its assessments as they show them (the API
    serves these, so a later change to how figures are assessed never changes a release)."""
    from scorecard.web.api.present import assessment

    version.files.all().delete()
    report = version_report(version, public=True)
    version.assessments = [
        assessment(a).model_dump(mode="json") for row in report.rows for a in row.assessments
    ]
    for renderer in RENDERERS.values():
        content = renderer.render(report)
        ReleaseFile.objects.create(
            version=version,
            name=renderer.name,
            filename=renderer.filename,
            media_type=renderer.media_type,
            content=content,
            sha256=hashlib.sha256(content).hexdigest(),
        )


def _mark_returns_published(version: ReleaseVersion, by: str, now: dt.datetime) -> None:
    plan = version_plan(version)
    period = Month.parse(version.release.period)
    first = reporting_months(plan, period)[0]
    approved = Return.objects.select_for_update().filter(
        plan=version.release.plan,
        state=SignOff.APPROVED.value,
        period__gte=str(first),
        period__lte=str(period),
    )
    shown = {f.key: f for f in snapshot_figures(version.snapshot)}
    for entry in approved:
        if not_expected(plan, entry.metric_id, Month.parse(entry.period)) is not None:
            continue  # its figures are not in the release (docs/plan-format.md)
        if not _released(entry_figures(entry), shown):
            continue  # approved after the version was made: the next version publishes it
        entry.state = SignOff.PUBLISHED.value
        entry.version += 1
        entry.save(update_fields=["state", "version"])
        ReturnEvent.objects.create(
            entry=entry,
            event=Event.PUBLISHED,
            from_state=SignOff.APPROVED.value,
            to_state=SignOff.PUBLISHED.value,
            before=None,
            after=None,
            reason=f"published in version {version.number} of the {period.label} release",
            by=by,
            at=now,
        )


def _released(figures: list[Figure], shown: dict[FigureKey, Figure]) -> bool:
    """Whether a return's figures are the ones a version shows (which carry the revised flag
    when they correct a figure approved before)."""

    def unflagged(figure: Figure) -> tuple[object, ...]:
        return replace(figure, quality=figure.quality - {QualityFlag.REVISED}).content()

    return all(f.key in shown and unflagged(shown[f.key]) == unflagged(f) for f in figures)


def _event(
    version: ReleaseVersion,
    action: Action,
    by: str,
    now: dt.datetime,
    note: str = "",
    *,
    before: dict[str, Any] | None = None,
) -> None:
    """One entry of the version's history; `before` keeps what a refresh replaced."""
    if len(note) > NOTE_LENGTH:
        note = note[: NOTE_LENGTH - 1] + "…"
    ReleaseEvent.objects.create(
        version=version, action=action, by=by, at=now, note=note, before=before
    )
