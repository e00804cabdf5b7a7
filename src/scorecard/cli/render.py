"""`scorecard render` and `scorecard demo`: the scorecard as a self-contained HTML page."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from scorecard.cli.options import current_user, parse_period, plan_id_option
from scorecard.cli.plan import loaded, read_checked, warn_about_load
from scorecard.domain.catalogue import Plan
from scorecard.domain.errors import ScorecardError
from scorecard.domain.figures import Figure, FigureStatus
from scorecard.domain.periods import Month
from scorecard.planfiles.reader import PlanReading
from scorecard.publish.html import render_html
from scorecard.publish.report import build_report
from scorecard.publish.writers import write_text

PLANS = Path(__file__).resolve().parents[3] / "plans"
BUNDLED_PLANS = (PLANS / "west-sussex-2024-27", PLANS / "west-sussex-2024-27-synthetic")


@click.command()
@plan_id_option
@click.option(
    "--period", required=True, metavar="YYYY-MM", help="The reporting month, e.g. 2024-09."
)
@click.option(
    "--out",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to write index.html into (created if needed).",
)
def render(plan_id: str, period: str, out: Path) -> None:
    """Write the scorecard for a reporting month as one self-contained HTML page: the
    published tables area by area (baseline, target, each month of the year to date, with
    "/" and "-" and their legend), then the definitions. It is the partnership's working copy:
    every stored figure exactly, without disclosure control, marked not for publication; the
    public page comes from `scorecard publish`."""
    month = parse_period(period)
    from scorecard.web.store import open_store

    open_store()
    path = _render(plan_id, month, out)
    click.echo(f"Wrote {path}")


@click.command()
@click.option(
    "--plan-dir",
    "plan_dirs",
    type=click.Path(path_type=Path),
    multiple=True,
    help="Plan folder to load (repeatable); default: the bundled West Sussex plan and its "
    "synthetic-data variant.",
)
@click.option("--period", metavar="YYYY-MM", help="Reporting month; default: each plan's latest.")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the pages; default: demo/ in the data folder.",
)
@click.option("--serve/--no-serve", default=True, show_default=True, help="Then serve the pages.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
def demo(
    plan_dirs: tuple[Path, ...], period: str | None, out: Path | None, serve: bool, port: int
) -> int:
    """Load the bundled plans (the published West Sussex scorecard, and a variant with three
    years of figures computed from synthetic extracts), render each one's scorecard to a file
    (its latest month with figures that has ended, unless --period is given), publish that
    month as a release (once), then serve the web pages at
    http://127.0.0.1:8000/."""
    from scorecard.web.settings.environment import data_dir
    from scorecard.web.store import open_store

    chosen = parse_period(period) if period else None  # before anything is stored
    if serve:
        from scorecard.cli.serve import check_address

        check_address("127.0.0.1", port)
    plans: list[tuple[Plan, PlanReading, Month | None]] = []
    for folder in plan_dirs or BUNDLED_PLANS:
        reading = read_checked(folder)
        if not reading.ok or reading.plan is None:
            for problem in reading.errors:
                click.echo(problem.describe(), err=True)
            raise ScorecardError(f"the plan in {folder} has errors; nothing was stored")
        plan = reading.plan
        if chosen is not None and not plan.start <= chosen <= plan.end:
            raise ScorecardError(
                f"--period: {chosen} is outside plan {plan.id}, which runs from {plan.start} "
                f"to {plan.end}; nothing was stored"
            )
        plans.append((plan, reading, chosen))
    where = open_store()
    from django.utils import timezone

    from scorecard.web.catalogue.services import load_plan

    for plan, reading, given in plans:
        month = given or _latest_month(plan, reading.figures, timezone.localdate())
        result = load_plan(
            plan, reading.figures, source=str(reading.folder), loaded_by=current_user()
        )
        warn_about_load(result)
        click.echo(loaded(result, where))
        path = _render(plan.id, month, (out or data_dir() / "demo") / plan.id)
        click.echo(f"Wrote the {month.label} scorecard to {path}")
        click.echo(_demo_release(plan.id, month))
    if serve:
        from scorecard.cli.serve import serve_site

        serve_site("127.0.0.1", port)
    return 0


def _demo_release(plan_id: str, month: Month) -> str:
    """Publish the month's release, so that the releases pages and the API have one to show;
    a month already published, or one that something blocks, is left as it is."""
    from django.utils import timezone

    from scorecard.web.releases import queries, services

    if queries.latest_public(plan_id, month) is not None:
        return f"The {month.label} release of {plan_id} is already published."
    found = services.check(plan_id, month)
    if not found.ready:
        first = found.blocking[0].describe()
        return f"The {month.label} release of {plan_id} is not published: {first}"
    version = services.publish_now(plan_id, month, by=current_user(), now=timezone.now())
    return f"Published version {version.number} of the {month.label} release of {plan_id}."


def _latest_month(plan: Plan, figures: list[Figure], today: dt.date) -> Month:
    """The latest month with a figure that has ended, as a release may be published only once
    its month has ended (a plan of made-up figures may run on past today); failing that, the
    latest month with a figure, or the plan's first."""
    recorded = [f.period for f in figures if f.status is FigureStatus.VALUE]
    ended = [m for m in recorded if m.last_day < today]
    return max(ended or recorded or [plan.start])


def _render(plan_id: str, month: Month, out: Path) -> Path:
    from scorecard.web.catalogue.queries import current_plan
    from scorecard.web.figures.queries import recorded_figures

    stored = current_plan(plan_id)
    report = build_report(stored, recorded_figures(plan_id), month)
    path = out / "index.html"
    write_text(path, render_html(report))
    return path
