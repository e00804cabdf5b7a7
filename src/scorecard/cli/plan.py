"""`scorecard plan …`: validate, load, list, export plans and write their JSON Schema."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

from scorecard.cli.options import (
    current_user,
    emit,
    format_option,
    out_file_option,
    plan_id_option,
    text_or_json_option,
)
from scorecard.domain.errors import ScorecardError
from scorecard.domain.problems import Problem
from scorecard.planfiles.reader import FIGURES_FILE, PlanReading, read_plan
from scorecard.planfiles.schema import schema_texts
from scorecard.publish.tables import plan_table
from scorecard.publish.writers import TABLE_FORMATS, write_text

if TYPE_CHECKING:
    from scorecard.web.catalogue.services import LoadResult

plan_path = click.argument("path", type=click.Path(path_type=Path))


@click.group()
def plan() -> None:
    """Plans: their areas, working groups, metrics, baselines and targets."""


@plan.command()
@plan_path
@text_or_json_option("Problems as lines of text or as JSON.")
def validate(path: Path, output_format: str) -> int:
    """Check a plan folder (plan.yaml, metrics.yaml, figures.csv) and report every problem
    with its file, line, metric and field. Exits 1 when there are errors; warnings alone
    do not fail."""
    reading = read_checked(path)
    if output_format == "json":
        click.echo(json.dumps(_as_json(reading), indent=2, ensure_ascii=False))
    else:
        _report(reading)
        click.echo(_summary(reading))
    return 1 if reading.errors else 0


@plan.command()
@plan_path
@click.option(
    "--reason",
    default="",
    help="Why, for the history of the plan's definition and figures (default: the folder).",
)
def load(path: Path, reason: str) -> int:
    """Validate a plan folder and store the plan and its figures, all or nothing. Loading the
    same plan again changes nothing; a corrected plan updates what changed and keeps history."""
    reading = read_checked(path)
    _report(reading)
    if not reading.ok or reading.plan is None:
        click.echo(f"{_summary(reading)}\nNothing was stored.", err=True)
        return 1
    from scorecard.web.store import open_store

    where = open_store()
    from scorecard.web.catalogue.services import load_plan, reason_problem

    problem = reason_problem(reason)
    if problem is not None:  # the histories keep the reason whole, or refuse it
        raise ScorecardError(f"--reason: {problem}; nothing was stored")
    _refuse_emptied_figures(reading)
    result = load_plan(
        reading.plan,
        reading.figures,
        source=str(reading.folder),
        loaded_by=current_user(),
        reason=reason,
    )
    warn_about_load(result)
    click.echo(loaded(result, where))
    return 0


def loaded(result: LoadResult, where: str) -> str:
    """What a load did: nothing, or the plan's version and how many figures it changed."""
    if not result.changed:
        return f"Plan {result.plan_id} is already up to date (version {result.version}) in {where}."
    counts = result.figures
    state = "new version" if result.new_version else "definition unchanged"
    return (
        f"Loaded plan {result.plan_id} into {where}: version {result.version} ({state}); "
        f"figures: {counts.created} added, {counts.updated} updated, {counts.removed} removed, "
        f"{counts.unchanged} unchanged."
    )


def warn_about_load(result: LoadResult) -> None:
    """What a load that went ahead warns of: disclosure policies made weaker, and the returns
    the new version leaves behind (kept, each with what becomes of it)."""
    for weakening in result.weakened:
        click.echo(f"warning: {weakening.describe()}.", err=True)
    for left in result.left:
        click.echo(f"warning: {left.describe()}.", err=True)
    if result.left:
        count = _plural(len(result.left), "return")
        click.echo(
            f"warning: this plan version leaves {count} behind (listed above); nothing of "
            "them was deleted.",
            err=True,
        )


def _refuse_emptied_figures(reading: PlanReading) -> None:
    """A figures.csv with no figures (a header alone, as an editor may save by mistake) would
    remove every figure the plan's files gave the scorecard: refused, saying how to mean it."""
    from scorecard.web.figures.models import Origin
    from scorecard.web.figures.queries import figure_count

    assert reading.plan is not None
    if reading.figures or not (reading.folder / FIGURES_FILE).is_file():
        return
    stored = figure_count(reading.plan.id, origins=[Origin.PLAN_FILE])
    if stored:
        raise ScorecardError(
            f"{FIGURES_FILE} holds no figures, but the store holds {stored} of plan "
            f"{reading.plan.id} from its files: loading it would remove them all from the "
            f"scorecard. If that is meant, take {FIGURES_FILE} out of the folder and load it "
            "again. Nothing was stored."
        )


@plan.command(name="list")
def list_plans() -> None:
    """List the plans in the store."""
    from scorecard.web.store import open_store

    where = open_store()
    from scorecard.web.catalogue.queries import current_plan, plan_ids

    ids = plan_ids()
    if not ids:
        click.echo(f"No plans in {where} yet; load one with: scorecard plan load PATH")
    for plan_id in ids:
        stored = current_plan(plan_id)
        click.echo(
            f"{plan_id}\t{stored.title} ({stored.local_area}, {stored.start} to {stored.end})"
        )


@plan.command()
@plan_id_option
@format_option
@out_file_option
def export(plan_id: str, output_format: str, out: Path | None) -> None:
    """One row per metric and component: unit, frequency, schedule, polarity, baseline and
    each plan year's target (empty where not set)."""
    from scorecard.web.store import open_store

    open_store()
    from scorecard.web.catalogue.queries import current_plan

    emit(TABLE_FORMATS[output_format](plan_table(current_plan(plan_id))), out)


@plan.command()
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("docs/schemas"),
    show_default=True,
    help="Folder to write plan.schema.json and metrics.schema.json into.",
)
def schema(out: Path) -> None:
    """Write the JSON Schema of plan.yaml and metrics.yaml, generated from the plan models."""
    for name, text in schema_texts().items():
        write_text(out / name, text)
        click.echo(f"Wrote {out / name}")


def read_checked(path: Path) -> PlanReading:
    """A plan folder read and checked, its recipes too: whether each exists and takes the
    parameters given (the recipes are imported only now: they load the computation engine)."""
    from scorecard.compute.recipes.registry import PLAN_CHECK

    return read_plan(path, recipes=PLAN_CHECK)


def _report(reading: PlanReading) -> None:
    for problem in reading.problems:
        click.echo(problem.describe(), err=True)


def _summary(reading: PlanReading) -> str:
    errors, warnings = len(reading.errors), len(reading.warnings)
    name = reading.plan.id if reading.plan else str(reading.folder)
    unread = reading.metrics_listed - len(reading.plan.metrics) if reading.plan else 0
    counts = (
        f"{_plural(reading.metrics_listed, 'metric')}"
        + (
            f" ({unread} with errors of {_its(unread)} own, left out of the other checks)"
            if unread
            else ""
        )
        + f", {_plural(len(reading.figures), 'recorded figure')}; "
        if reading.plan
        else ""
    )
    return f"Plan {name}: {counts}{_plural(errors, 'error')}, {_plural(warnings, 'warning')}."


def _its(count: int) -> str:
    return "its" if count == 1 else "their"


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _as_json(reading: PlanReading) -> dict[str, object]:
    def one(problem: Problem) -> dict[str, object]:
        return {
            "severity": problem.severity.value,
            "rule": problem.rule,
            "file": problem.file,
            "line": problem.line,
            "metric_id": problem.metric_id,
            "field": problem.field,
            "message": problem.message,
        }

    return {
        "plan_id": reading.plan.id if reading.plan else None,
        "ok": not reading.errors,
        "problems": [one(p) for p in reading.problems],
    }
