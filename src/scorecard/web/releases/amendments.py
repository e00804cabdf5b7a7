"""What a new version of a month's release changes for the public: whether it changes
anything at all (only what the public files and the API show counts), what an amendment needs
(a reason and a change note, neither giving a withheld number), and which figures it marks
revised [r] (docs/releases.md)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models.functions import Coalesce

from scorecard.domain.catalogue import DisclosurePolicy, Plan
from scorecard.domain.disclosure import disclose
from scorecard.domain.errors import ScorecardError
from scorecard.domain.figures import Figure, FigureStatus, figure_grid
from scorecard.domain.kept_policies import FigureKey
from scorecard.domain.periods import Month
from scorecard.domain.release_notes import note_problem, undisclosed_changes, undisclosed_numbers
from scorecard.domain.releases import ReleaseState, revised_keys
from scorecard.publish.chart_data import chart_data
from scorecard.publish.html import long_date, render_html_bytes
from scorecard.publish.opendata import render_data_csv, render_datapackage
from scorecard.publish.report import build_report, reporting_months
from scorecard.web.catalogue import models as catalogue_models
from scorecard.web.figures.queries import kept_policies
from scorecard.web.releases.models import ReleaseVersion
from scorecard.web.releases.queries import public_filter, version_kept, version_plan
from scorecard.web.releases.snapshots import snapshot_figures

# The longest reason for an amendment (as for reasons on the People page) and change note:
# both are printed in every file of the version and its successors.
REASON_LIMIT = 500
CHANGE_NOTE_LIMIT = 1000


class ReleaseRefusedError(ScorecardError):
    """The change is not allowed; `field` names the form field at fault, if one is."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def too_long(what: str, text: str, limit: int) -> str | None:
    """What is wrong with `text` as `what` if it is longer than `limit` characters."""
    length = len(text.strip())
    if length <= limit:
        return None
    return f"{what} is {length:,} characters long: keep it to {limit:,} characters at most"


def same_for_public(
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


def nothing_changed(previous: ReleaseVersion, field: str | None = None) -> ReleaseRefusedError:
    day = long_date(previous.released_on) if previous.released_on else "an earlier date"
    return ReleaseRefusedError(
        f"nothing has changed since version {previous.number} was published on {day}: its "
        "figures, definitions and targets would read the same, so there is nothing to amend",
        field,
    )


def previous_published(version: ReleaseVersion) -> ReleaseVersion | None:
    return (
        ReleaseVersion.objects.filter(
            release=version.release, number__lt=version.number, state=ReleaseState.PUBLISHED.value
        )
        .order_by("-number")
        .first()
    )


def check_amendment(
    version: ReleaseVersion, reason: str, change_note: str, now: dt.datetime
) -> None:
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
    previous = previous_published(version)
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
    if same_for_public(previous, version.snapshot, version.plan_version):
        raise nothing_changed(previous)
    if not reason.strip():
        raise ReleaseRefusedError(
            f"version {previous.number} is published: say why it is being amended", "reason"
        )
    if not change_note.strip():
        raise ReleaseRefusedError("say what changed, for readers of the release", "change_note")
    _no_undisclosed_numbers(previous, version, reason=reason, change_note=change_note)
    version.reason, version.change_note = reason.strip(), change_note.strip()
    version.revised = _keys(revised_keys(public_figures(previous), public_figures(version)))


def _first_revised(version: ReleaseVersion, now: dt.datetime) -> list[list[str]]:
    """The figures a month's first release shows differently from how the public last saw
    them: each in the latest public version (at `now`) of an earlier month's release of the
    same plan year, which showed it too. A corrected August in October's first release is
    marked, as readers of September's release saw it otherwise. (An amendment is compared with
    the version of its own release that it amends.)"""
    figures = public_figures(version)
    months = {f.period for f in figures}
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
        for figure in public_figures(public):
            if figure.period in months and figure.status is not FigureStatus.NOT_DUE:
                last_seen.setdefault(figure.key, figure)
    return _keys(revised_keys(last_seen.values(), figures))


def _keys(keys: Iterable[tuple[str, str, Month]]) -> list[list[str]]:
    return sorted([m, c, str(p)] for m, c, p in keys)


def _no_undisclosed_numbers(
    previous: ReleaseVersion, version: ReleaseVersion, *, reason: str, change_note: str
) -> None:
    """The reason and change note are public: they may not give a number of a changed figure
    that either version withholds or rounds (the figure's old or new value), nor the size of
    its change, in figures or in words."""
    before, after = snapshot_figures(previous.snapshot), snapshot_figures(version.snapshot)
    old, new = {f.key: f for f in before}, {f.key: f for f in after}
    changed = {key for key in old.keys() | new.keys() if old.get(key) != new.get(key)}
    hidden = [
        item
        for each, figures in ((previous, before), (version, after))
        for item in undisclosed_numbers(version_plan(each), figures, version_kept(each, figures))
        if item.key in changed
    ]
    hidden += undisclosed_changes(before, after, hidden)
    for field, what, text in (
        ("reason", "the reason", reason),
        ("change_note", "the note of what changed", change_note),
    ):
        problem = note_problem(what, text, hidden)
        if problem is not None:
            raise ReleaseRefusedError(problem, field)


def public_figures(version: ReleaseVersion) -> list[Figure]:
    """What a public output of the version shows: its disclosed figures, month by month."""
    plan = version_plan(version)
    months = reporting_months(plan, Month.parse(version.release.period))
    figures = snapshot_figures(version.snapshot)
    shown = disclose(plan, figures, version_kept(version, figures))
    return figure_grid(plan, shown, months[0], months[-1])
