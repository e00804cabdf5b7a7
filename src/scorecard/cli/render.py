"""`scorecard render` and `scorecard demo`: the scorecard as a self-contained HTML page."""

from __future__ import annotations

from pathlib import Path

import click

from scorecard.cli.options import current_user, parse_period, plan_id_option
from scorecard.domain.errors import ScorecardError
from scorecard.domain.periods import Month
from scorecard.planfiles.reader import read_plan
from scorecard.publish.html import render_html
from scorecard.publish.report import build_report
from scorecard.publish.writers import write_text

BUNDLED_PLAN = Path(__file__).resolve().parents[3] / "plans" / "west-sussex-2024-27"


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
    "/" and "-" and their legend), then the definitions."""
    month = parse_period(period)
    from scorecard.web.store import open_store

    open_store()
    path = _render(plan_id, month, out)
    click.echo(f"Wrote {path}")


@click.command()
@click.option(
    "--plan-dir",
    type=click.Path(path_type=Path),
    default=BUNDLED_PLAN,
    show_default="the bundled West Sussex plan",
    help="Plan folder to load.",
)
@click.option(
    "--period", metavar="YYYY-MM", help="Reporting month; default: the latest with figures."
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the page; default: demo/ in the data folder.",
)
def demo(plan_dir: Path, period: str | None, out: Path | None) -> int:
    """Load the bundled West Sussex plan into the store and render its scorecard."""
    from scorecard.web.settings.environment import data_dir
    from scorecard.web.store import open_store

    reading = read_plan(plan_dir)
    if not reading.ok or reading.plan is None:
        for problem in reading.errors:
            click.echo(problem.describe(), err=True)
        raise ScorecardError(f"the plan in {plan_dir} has errors; nothing was stored")
    where = open_store()
    from scorecard.web.catalogue.services import load_plan

    result = load_plan(
        reading.plan, reading.figures, source=str(plan_dir), loaded_by=current_user()
    )
    click.echo(f"Plan {result.plan_id} (version {result.version}) is in {where}.")
    if period:
        month = parse_period(period)
    elif reading.figures:
        month = max(f.period for f in reading.figures)
    else:
        month = reading.plan.start
    path = _render(reading.plan.id, month, out or data_dir() / "demo")
    click.echo(f"Wrote the {month.label} scorecard to {path}")
    return 0


def _render(plan_id: str, month: Month, out: Path) -> Path:
    from scorecard.web.catalogue.queries import current_plan
    from scorecard.web.figures.queries import recorded_figures

    stored = current_plan(plan_id)
    report = build_report(stored, recorded_figures(plan_id), month)
    path = out / "index.html"
    write_text(path, render_html(report))
    return path
