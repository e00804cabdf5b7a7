"""`scorecard publish`: publish a month's release and write its files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import click

from scorecard.cli.options import current_user, parse_period, plan_id_option
from scorecard.domain.errors import ScorecardError
from scorecard.domain.periods import Month
from scorecard.domain.problems import Problem
from scorecard.publish.writers import check_writable

if TYPE_CHECKING:
    from scorecard.web.releases.models import ReleaseVersion


@click.command()
@plan_id_option
@click.option("--period", required=True, metavar="YYYY-MM", help="The reporting month.")
@click.option(
    "--out",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to write the files into (created if needed).",
)
@click.option(
    "--date",
    "released_on",
    metavar="YYYY-MM-DD",
    help="The release date printed on the outputs (default: today) for a new version: after "
    "the reporting month ends, and no more than a year from today.",
)
@click.option(
    "--reason",
    default="",
    help="Why a published release is being amended (500 characters at most).",
)
@click.option(
    "--change-note",
    default="",
    help="What changed, for readers of an amendment (1,000 characters at most).",
)
def publish(
    plan_id: str, period: str, out: Path, released_on: str | None, reason: str, change_note: str
) -> None:
    """Publish the month's scorecard as a release and write its public files: index.html,
    scorecard.pdf, scorecard.xlsx, data.csv and datapackage.json, disclosure-controlled.

    Nothing is published while something blocks it (a return not approved, a figure due
    that month with nothing recorded): each is listed, with what merely warns. Nor while a
    version of the month is scheduled for later: it is published at its embargo. When the
    figures have not changed since the latest published version, its files are written again
    unchanged, byte for byte; when they have, a new version is published as an amendment,
    which needs --reason and --change-note."""
    month = parse_period(period)
    day = _date(released_on)
    from scorecard.web.store import open_store

    open_store()
    _check_options(month, day, reason=reason, change_note=change_note, out=out)
    if day is None:  # dated today: the month must have ended (after its plan is checked)
        _check_ended(plan_id, month)
    _check_ready(plan_id, month)
    version = _unchanged(plan_id, month)
    if version is None:
        version = _publish_new(
            plan_id, month, released_on=day, reason=reason, change_note=change_note
        )
    _write(version, out)


def _check_options(
    month: Month, day: dt.date | None, *, reason: str, change_note: str, out: Path
) -> None:
    """The release date, the reason and change note, and the folder, each named by its option."""
    from django.utils import timezone

    from scorecard.web.releases import amendments, dates

    if day is not None:
        problem = dates.publish_date_problem(month, day, timezone.localdate())
        if problem is not None:
            raise ScorecardError(f"--date: {problem}")
    for option, text, limit in (
        ("--reason", reason, amendments.REASON_LIMIT),
        ("--change-note", change_note, amendments.CHANGE_NOTE_LIMIT),
    ):
        problem = amendments.too_long("it", text, limit)
        if problem is not None:
            raise ScorecardError(f"{option}: {problem}")
    try:
        check_writable(out)
    except ScorecardError as exc:
        raise ScorecardError(f"--out: {exc}") from exc


def _check_ended(plan_id: str, month: Month) -> None:
    from django.utils import timezone

    from scorecard.web.releases import services

    problem = services.not_ended_problem(plan_id, month, timezone.localdate())
    if problem is not None:
        raise ScorecardError(f"nothing was published: {problem}")


def _check_ready(plan_id: str, month: Month) -> None:
    """Lists what blocks the release and what merely warns; refuses while something blocks."""
    from scorecard.web.releases import services

    try:
        found = services.check(plan_id, month)
    except services.ReleaseBlockedError as exc:
        found = exc.readiness
    _report(found.blocking, found.warnings)
    if not found.ready:
        raise ScorecardError(
            f"nothing was published: {len(found.blocking)} "
            f"{'problem blocks' if len(found.blocking) == 1 else 'problems block'} the "
            f"{month.label} release"
        )


def _unchanged(plan_id: str, month: Month) -> ReleaseVersion | None:
    """The latest published version when the figures have not changed since it."""
    from scorecard.web.releases import services

    version = services.latest_unchanged(plan_id, month)
    if version is not None:
        click.echo(
            f"The {month.label} release is unchanged since version {version.number}; "
            "writing its files again.",
            err=True,
        )
    return version


def _publish_new(
    plan_id: str, month: Month, *, released_on: dt.date | None, reason: str, change_note: str
) -> ReleaseVersion:
    """A new version published now (an amendment when a version was published before)."""
    from django.utils import timezone

    from scorecard.web.releases import services

    try:
        version = services.publish_now(
            plan_id,
            month,
            by=current_user(),
            now=timezone.now(),
            released_on=released_on,
            reason=reason,
            change_note=change_note,
        )
    except services.ReleaseRefusedError as exc:
        named = OPTIONS.get(exc.field or "")
        raise ScorecardError(f"{named}: {exc}" if named else str(exc)) from exc
    click.echo(
        f"Published version {version.number} of the {month.label} release of {plan_id}.",
        err=True,
    )
    return version


# The release form's fields that a refusal can name, as this command's options.
OPTIONS = {"reason": "--reason", "change_note": "--change-note", "released_on": "--date"}


def _date(text: str | None) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ScorecardError(f'--date: "{text}" is not a date; write it as YYYY-MM-DD') from None


def _report(blocking: tuple[Problem, ...], warnings: tuple[Problem, ...]) -> None:
    for problem in (*blocking, *warnings):
        click.echo(problem.describe(), err=True)


def _write(version: ReleaseVersion, out: Path) -> None:
    from scorecard.publish.writers import write_bytes
    from scorecard.web.releases.models import ReleaseFile

    files = ReleaseFile.objects.filter(version=version).order_by("name")
    for stored in files:
        path = out / stored.filename
        write_bytes(path, bytes(stored.content))
        click.echo(f"Wrote {path}")
