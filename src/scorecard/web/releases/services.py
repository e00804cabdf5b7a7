"""Writes to releases: drafting a month's release from the store, scheduling, publishing and
amending it. Each checks what blocks the release (scorecard.domain.releases.readiness) and the
version's state, renders the public files once, and records what it did in the same transaction.
Publishing moves the month's approved returns to published (scorecard.domain.signoff)."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models.functions import Coalesce
from django.utils import timezone

from scorecard.domain.catalogue import DisclosurePolicy, Plan
from scorecard.domain.disclosure import disclose
from scorecard.domain.errors import ScorecardError
from scorecard.domain.figures import Figure, FigureStatus, figure_grid
from scorecard.domain.kept_policies import FigureKey
from scorecard.domain.periods import Month
from scorecard.domain.release_notes import note_problem, undisclosed_numbers
from scorecard.domain.releases import (
    Pending,
    Readiness,
    ReleaseState,
    may_move,
    readiness,
    revised_keys,
)
from scorecard.domain.signoff import SignOff
from scorecard.publish.chart_data import chart_data
from scorecard.publish.html import long_date, render_html_bytes
from scorecard.publish.opendata import render_data_csv, render_datapackage
from scorecard.publish.renderers import RENDERERS
from scorecard.publish.report import Commentary, build_report, reporting_months
from scorecard.web.catalogue import models as catalogue_models
from scorecard.web.catalogue.queries import current_plan
from scorecard.web.figures.queries import kept_policies, recorded_figures
from scorecard.web.releases.models import Action, Release, ReleaseEvent, ReleaseFile, ReleaseVersion
from scorecard.web.releases.queries import (
    latest_public,
    public_filter,
    version_kept,
    version_plan,
    version_report,
)
from scorecard.web.releases.snapshots import make_snapshot, refresh_words, snapshot_figures
from scorecard.web.returns.models import Event, Return, ReturnEvent

UNAPPROVED = (SignOff.DRAFT.value, SignOff.SUBMITTED.value, SignOff.RETURNED.value)
# The longest reason for an amendment (as for reasons on the People page) and change note:
# both are printed in every file of the version and its successors.
REASON_LIMIT = 500
CHANGE_NOTE_LIMIT = 1000
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


class ReleaseRefusedError(ScorecardError):
    """The change is not allowed; `field` names the form field at fault, if one is."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def a_year_after(day: dt.date) -> dt.date:
    """The same day a year later (28 February for 29 February)."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


def release_dates(period: Month, today: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last dates a release of `period` may carry or be embargoed to: after the
    reporting month ends, and no more than a year from today (docs/releases.md)."""
    return period.last_day + dt.timedelta(days=1), a_year_after(today)


def release_date_problem(period: Month, day: dt.date, today: dt.date) -> str | None:
    """What is wrong with `day` as the release date of `period`'s release, if anything."""
    first, last = release_dates(period, today)
    if first <= day <= last:
        return None
    when = "before the month ends" if day < first else "more than a year from today"
    return (
        f"{long_date(day)} is {when}: a {period.label} release is dated from "
        f"{long_date(first)} to {long_date(last)}"
    )


def too_long(what: str, text: str, limit: int) -> str | None:
    """What is wrong with `text` as `what` if it is longer than `limit` characters."""
    length = len(text.strip())
    if length <= limit:
        return None
    return f"{what} is {length:,} characters long: keep it to {limit:,} characters at most"


def pending_returns(plan_id: str, period: Month) -> list[Pending]:
    first = max(period.financial_year.first_month, current_plan(plan_id).start)
    rows = Return.objects.filter(
        plan__plan_id=plan_id, state__in=UNAPPROVED, period__gte=str(first), period__lte=str(period)
    )
    return [Pending(r.metric_id, Month.parse(r.period), r.state) for r in rows]


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
    snapshot = current_snapshot(plan_id, period)
    if latest is not None and latest.state == ReleaseState.PUBLISHED.value:
        if _same(latest, snapshot, plan_version):
            raise _nothing_changed(latest, "period")
    elif latest is not None:
        before = {"plan_version": latest.plan_version.number, "snapshot": latest.snapshot}
        words = refresh_words(
            latest.snapshot, snapshot, latest.plan_version.number, plan_version.number
        )
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
    same = _same(latest, current_snapshot(plan_id, period), _plan_version(plan_id))
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
    """Prepare the month's next version and publish it at once, or neither."""
    with transaction.atomic():
        draft = prepare(plan_id, period, by=by, now=now)
        return publish(
            draft,
            by=by,
            now=now,
            released_on=released_on,
            reason=reason,
            change_note=change_note,
        )


def _same(
    version: ReleaseVersion, snapshot: dict[str, Any], plan_version: catalogue_models.PlanVersion
) -> bool:
    """Whether a version made from `snapshot` and `plan_version` would show the public what
    `version` shows. Only what is public counts: a change to something no public file shows
    (a metric's owners, the approved commentary, a withheld number) is not an amendment."""
    if version.snapshot == snapshot and version.plan_version_id == plan_version.pk:
        return True
    period = Month.parse(version.release.period)
    published = snapshot_figures(version.snapshot)
    before = _public_content(
        version_plan(version), published, period, version_kept(version, published)
    )
    figures = snapshot_figures(snapshot)
    kept = kept_policies(version.release.plan.plan_id, figures, up_to=plan_version.number)
    after = _public_content(Plan.model_validate(plan_version.definition), figures, period, kept)
    return before == after


def _public_content(
    plan: Plan,
    figures: list[Figure],
    period: Month,
    kept: dict[FigureKey, frozenset[DisclosurePolicy]],
) -> tuple[object, ...]:
    """What the public files and the API show of a version, apart from the release's own facts
    (its number, dates, status, reasons and change notes): the page (figures, targets, ratings,
    definitions), the open data and its description, each chart and each assessment."""
    from scorecard.web.api.present import assessment

    report = build_report(plan, figures, period, public=True, kept=kept)
    charts = tuple(
        chart_data(plan, series, report.figures, period)
        for row in report.rows
        for series in row.metric.series
    )
    assessed = [
        assessment(a).model_dump(mode="json") for row in report.rows for a in row.assessments
    ]
    return (
        render_html_bytes(report),
        render_data_csv(report),
        render_datapackage(report),
        charts,
        assessed,
    )


def _nothing_changed(previous: ReleaseVersion, field: str | None = None) -> ReleaseRefusedError:
    day = long_date(previous.released_on) if previous.released_on else "an earlier date"
    return ReleaseRefusedError(
        f"nothing has changed since version {previous.number} was published on {day}: its "
        "figures, definitions and targets would read the same, so there is nothing to amend",
        field,
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
    if released_on is not None:
        period = Month.parse(version.release.period)
        problem = release_date_problem(period, released_on, timezone.localdate(now))
        if problem is not None:
            raise ReleaseRefusedError(problem, "released_on")
    rendered = version.state != ReleaseState.DRAFT.value  # a scheduled one's files are fixed
    if not rendered:
        _amendment(version, reason, change_note, now)
        version.released_on = released_on or timezone.localdate(now)
    version.state = ReleaseState.PUBLISHED.value
    version.published_at = _went_public(version, now)
    if not rendered:
        _render(version)  # after the state changes: the files say "Published"
    version.save()
    _mark_returns_published(version, by, now)
    _event(version, Action.PUBLISHED, by, now, version.reason)
    return version


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
    _amendment(version, reason, change_note, now)
    version.embargo = embargo
    version.released_on = timezone.localdate(embargo)
    version.state = ReleaseState.SCHEDULED.value
    _render(version)  # after the state changes: the files say "Scheduled" with the embargo
    version.save()
    _event(version, Action.SCHEDULED, by, now, f"embargo {embargo.isoformat()}")
    return version


@transaction.atomic
def unschedule(version: ReleaseVersion, *, by: str, now: dt.datetime) -> ReleaseVersion:
    version = ReleaseVersion.objects.select_for_update().get(pk=version.pk)
    _may(version, ReleaseState.DRAFT)
    _to_draft(version)
    _event(version, Action.UNSCHEDULED, by, now)
    return version


def release_due(*, by: str, now: dt.datetime) -> list[ReleaseVersion]:
    """Publish every scheduled version whose embargo has passed (for a scheduler)."""
    due = ReleaseVersion.objects.filter(state=ReleaseState.SCHEDULED.value, embargo__lte=now)
    return [publish(v, by=by, now=now) for v in due.order_by("embargo", "pk")]


def _may(version: ReleaseVersion, target: ReleaseState) -> None:
    move = may_move(ReleaseState(version.state), target)
    if not move.allowed:
        raise ReleaseRefusedError(f"version {version.number}: {move.reason}")


def _previous_published(version: ReleaseVersion) -> ReleaseVersion | None:
    return (
        ReleaseVersion.objects.filter(
            release=version.release, number__lt=version.number, state=ReleaseState.PUBLISHED.value
        )
        .order_by("-number")
        .first()
    )


def _amendment(version: ReleaseVersion, reason: str, change_note: str, now: dt.datetime) -> None:
    """An amendment needs a reason and a change note, and must change something; it marks
    revised the public values that differ from the version it amends. A month's first
    publication marks those that differ from the earlier months' releases (`_first_revised`)."""
    for field, what, text, limit in (
        ("reason", "the reason", reason, REASON_LIMIT),
        ("change_note", "the note of what changed", change_note, CHANGE_NOTE_LIMIT),
    ):
        problem = too_long(what, text, limit)
        if problem is not None:
            raise ReleaseRefusedError(problem, field)
    previous = _previous_published(version)
    if previous is None:
        # a first publication changes nothing that readers saw: a public note on it could only
        # say something unchecked (a withheld number), so it is refused, not kept
        for field, text in (("reason", reason), ("change_note", change_note)):
            if text.strip():
                raise ReleaseRefusedError(
                    "this is the release's first publication: a reason and a note of what "
                    "changed are for amendments, so leave them out",
                    field,
                )
        version.reason, version.change_note = "", ""
        version.revised = _first_revised(version, now)
        return
    if _same(previous, version.snapshot, version.plan_version):
        raise _nothing_changed(previous)
    if not reason.strip():
        raise ReleaseRefusedError(
            f"version {previous.number} is published: say why it is being amended", "reason"
        )
    if not change_note.strip():
        raise ReleaseRefusedError("say what changed, for readers of the release", "change_note")
    _no_undisclosed_numbers(previous, version, reason=reason, change_note=change_note)
    version.reason, version.change_note = reason.strip(), change_note.strip()
    version.revised = _keys(revised_keys(_shown(previous), _shown(version)))


def _first_revised(version: ReleaseVersion, now: dt.datetime) -> list[list[str]]:
    """The figures a month's first release shows differently from how the public last saw
    them: each in the latest public version (at `now`) of an earlier month's release of the
    same plan year, which showed it too. A corrected August in October's first release is
    marked, as readers of September's release saw it otherwise. (An amendment is compared with
    the version of its own release that it amends.)"""
    shown = _shown(version)
    months = {f.period for f in shown}
    first = min(months)
    earlier = (
        ReleaseVersion.objects.filter(
            public_filter(now),
            release__plan=version.release.plan,
            release__period__gte=str(first),
            release__period__lt=version.release.period,
        )
        .select_related("release", "plan_version")
        .order_by(Coalesce("published_at", "embargo").desc(), "-pk")
    )
    last_seen: dict[tuple[str, str, Month], Figure] = {}
    for public in earlier:
        for figure in _shown(public):
            if figure.period in months and figure.status is not FigureStatus.NOT_DUE:
                last_seen.setdefault(figure.key, figure)
    return _keys(revised_keys(last_seen.values(), shown))


def _keys(keys: Iterable[tuple[str, str, Month]]) -> list[list[str]]:
    return sorted([m, c, str(p)] for m, c, p in keys)


def _no_undisclosed_numbers(
    previous: ReleaseVersion, version: ReleaseVersion, *, reason: str, change_note: str
) -> None:
    """The reason and change note are public: they may not give a number of a changed figure
    that either version withholds or rounds (the figure's old or new value)."""
    before, after = snapshot_figures(previous.snapshot), snapshot_figures(version.snapshot)
    old, new = {f.key: f for f in before}, {f.key: f for f in after}
    changed = {key for key in old.keys() | new.keys() if old.get(key) != new.get(key)}
    hidden = [
        item
        for each, figures in ((previous, before), (version, after))
        for item in undisclosed_numbers(version_plan(each), figures, version_kept(each, figures))
        if item.key in changed
    ]
    for field, what, text in (
        ("reason", "the reason", reason),
        ("change_note", "the note of what changed", change_note),
    ):
        problem = note_problem(what, text, hidden)
        if problem is not None:
            raise ReleaseRefusedError(problem, field)


def _shown(version: ReleaseVersion) -> list[Figure]:
    """What a public output of the version shows: its disclosed figures, month by month."""
    plan = version_plan(version)
    months = reporting_months(plan, Month.parse(version.release.period))
    figures = snapshot_figures(version.snapshot)
    shown = disclose(plan, figures, version_kept(version, figures))
    return figure_grid(plan, shown, months[0], months[-1])


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
    for entry in approved:
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
