"""`scorecard assess`: every metric and component of a stored plan assessed for a month."""

from __future__ import annotations

from pathlib import Path

import click

from scorecard.cli.options import emit, format_option, out_file_option, parse_period, plan_id_option
from scorecard.domain.assessment.series import assess_plan
from scorecard.domain.errors import ScorecardError
from scorecard.publish.assessment_table import assessment_table
from scorecard.publish.writers import TABLE_FORMATS


@click.command()
@plan_id_option
@click.option(
    "--period", required=True, metavar="YYYY-MM", help="The reporting month, e.g. 2024-09."
)
@format_option
@out_file_option
def assess(plan_id: str, period: str, output_format: str, out: Path | None) -> None:
    """Per metric and component: the latest figure, the target, RAG and its reason, the
    trajectory and whether it is on track, direction of travel (against the previous figure
    and a year earlier), progress, and SPC variation and assurance (or why not)."""
    month = parse_period(period)
    from scorecard.web.store import open_store

    open_store()
    from scorecard.web.catalogue.queries import current_plan
    from scorecard.web.figures.queries import recorded_figures

    plan = current_plan(plan_id)
    if not plan.start <= month <= plan.end:
        raise ScorecardError(
            f"--period: {month} is outside plan {plan.id}, "
            f"which runs from {plan.start} to {plan.end}"
        )
    assessments = assess_plan(plan=plan, figures=recorded_figures(plan_id), period=month)
    emit(TABLE_FORMATS[output_format](assessment_table(plan.id, assessments)), out)
