"""`scorecard computations`: the lineage of a plan's computed figures."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

import click

from scorecard.cli.options import emit, format_option, out_file_option, plan_id_option
from scorecard.publish.tables import Cell, Table
from scorecard.publish.writers import TABLE_FORMATS

if TYPE_CHECKING:
    from scorecard.web.computations.queries import Run

EXTRACT_COLUMNS = (
    "computation",
    "run_at",
    "run_by",
    "la_code",
    "first_month",
    "last_month",
    "engine",
    "figures",
    "extract",
    "file",
    "sha256",
    "rows",
    "duplicates_dropped",
    "recipes",
)


@click.command()
@plan_id_option
@format_option
@out_file_option
def computations(plan_id: str, output_format: str, out: Path | None) -> None:
    """Every time the plan's figures were computed from extracts (`scorecard compute`): when,
    by whom, for which authority and months, on which engine; the extract files read (with
    their SHA-256, rows and exact copies dropped), the recipes run (name, version,
    parameters), and how many of the stored figures it set (a figure a later run changed counts
    there). JSON gives each run whole; CSV one row per run and extract, with the recipes that
    read it."""
    from scorecard.web.store import open_store

    open_store()
    from scorecard.web.catalogue.queries import current_plan
    from scorecard.web.computations.queries import computation_runs

    current_plan(plan_id)  # a clear message when there is no such plan
    runs = computation_runs(plan_id)
    if output_format == "json":
        text = json.dumps([asdict(run) for run in runs], indent=2, ensure_ascii=False) + "\n"
    else:
        text = TABLE_FORMATS["csv"](_table(runs))
    emit(text, out)


def _table(runs: list[Run]) -> Table:
    from scorecard.compute.recipes.registry import RECIPES

    def reading(extract: str, run: Run) -> str:
        """The recipes of the run that read the extract, with the metrics they computed."""
        return "; ".join(
            f"{r['metric_id']}{' ' + r['component'] if r['component'] else ''}: "
            f"{r['recipe']} version {r['version']}"
            for r in run.recipes
            if r["recipe"] in RECIPES and extract in RECIPES[r["recipe"]].extracts
        )

    rows: list[dict[str, Cell]] = [
        {
            "computation": run.computation,
            "run_at": run.run_at,
            "run_by": run.run_by,
            "la_code": run.la_code,
            "first_month": run.first_month,
            "last_month": run.last_month,
            "engine": run.engine,
            "figures": run.figures,
            "extract": extract["name"],
            "file": extract["file"],
            "sha256": extract["sha256"],
            "rows": extract["rows"],
            "duplicates_dropped": extract["duplicates_dropped"],
            "recipes": reading(extract["name"], run),
        }
        for run in runs
        for extract in run.extracts
    ]
    return EXTRACT_COLUMNS, rows
