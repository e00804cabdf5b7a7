"""`scorecard figures …`: the figures of a stored plan as tidy data."""

from __future__ import annotations

from pathlib import Path

import click

from scorecard.cli.options import emit, format_option, out_file_option, plan_id_option
from scorecard.publish.tables import figures_table
from scorecard.publish.writers import TABLE_FORMATS


@click.group()
def figures() -> None:
    """Figures: one per plan, metric, component and month."""


@figures.command()
@plan_id_option
@format_option
@out_file_option
def export(plan_id: str, output_format: str, out: Path | None) -> None:
    """Tidy figures, one row per plan × metric × component × month from the plan's start to
    the latest month with a figure; status is value, not_due (/) or not_available (-)."""
    from scorecard.web.store import open_store

    open_store()
    from scorecard.web.catalogue.queries import current_plan
    from scorecard.web.figures.queries import recorded_figures

    stored = current_plan(plan_id)
    emit(TABLE_FORMATS[output_format](figures_table(stored, recorded_figures(plan_id))), out)
