"""`scorecard compute`: a plan's figures computed from record-level extracts."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import click

from scorecard.cli.options import current_user, emit, plan_id_option
from scorecard.domain.errors import ScorecardError
from scorecard.domain.fields import LA_CODE_PATTERN, la_code_words
from scorecard.domain.periods import Month
from scorecard.publish.tables import computed_table
from scorecard.publish.writers import TABLE_FORMATS

if TYPE_CHECKING:
    from scorecard.compute.runner import Computation
    from scorecard.domain.catalogue import Plan

# The engines (compute.engines.Engine), named here so that starting the command line does not
# load them; a test keeps the two lists the same.
ENGINES = ("duckdb", "spark")


@click.command(name="compute")
@click.argument("extracts_dir", type=click.Path(path_type=Path))
@plan_id_option
@click.option("--from", "first", required=True, metavar="YYYY-MM", help="First month to compute.")
@click.option("--to", "last", required=True, metavar="YYYY-MM", help="Last month to compute.")
@click.option(
    "--engine",
    type=click.Choice(ENGINES),
    default=ENGINES[0],
    show_default=True,
    help="DuckDB embedded, or Spark (SCORECARD_SPARK_MASTER names a cluster; local otherwise).",
)
@click.option(
    "--la",
    "la_code",
    metavar="CODE",
    help="The local authority to compute (default: the plan's own, when plan.yaml names it).",
)
@click.option("--all-las", is_flag=True, help="Compute every local authority in the extracts.")
@click.option(
    "--metric",
    "metric_ids",
    multiple=True,
    metavar="ID",
    help="Compute only this metric (repeatable); default: every metric with a recipe.",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the figures to this CSV file instead of the store.",
)
def compute_command(
    extracts_dir: Path,
    plan_id: str,
    first: str,
    last: str,
    engine: str,
    la_code: str | None,
    all_las: bool,
    metric_ids: tuple[str, ...],
    out: Path | None,
) -> None:
    """Compute the plan's figures from the extracts in EXTRACTS_DIR (CSV or Parquet files named
    after their contracts, docs/extracts.md), for every month its metrics are due from --from
    to --to. With --out, write them as CSV in the figures export format (with an la_code column
    when several authorities are computed); otherwise store them with their lineage. A plan
    whose plan.yaml names its authority (la_code) has that authority computed unless --la
    says otherwise, and stores no other authority's figures."""
    months = (_month("--from", first), _month("--to", last))
    if la_code and all_las:
        raise ScorecardError("give --la CODE or --all-las, not both")
    if la_code is not None and not re.fullmatch(LA_CODE_PATTERN, la_code):
        raise ScorecardError(f'--la: "{la_code}" is not allowed: {la_code_words(la_code, "--la")}')
    if all_las and out is None:
        raise ScorecardError(
            "--all-las computes several authorities: write them with --out FILE.csv"
        )
    from scorecard.compute.engines import Engine
    from scorecard.compute.runner import compute
    from scorecard.web.store import open_store

    open_store()
    from scorecard.web.catalogue.queries import current_plan

    plan = current_plan(plan_id)
    chosen = _authorities(plan, la_code, all_las=all_las, storing=out is None)
    computation = compute(
        plan,
        extracts_dir,
        first=months[0],
        last=months[1],
        engine=Engine(engine),
        la_codes=chosen,
        metric_ids=list(metric_ids) or None,
    )
    if not all_las and len(computation.la_codes) > 1:
        raise ScorecardError(
            f"the extracts hold {len(computation.la_codes)} local authorities; choose one with "
            "--la CODE, or compute them all with --all-las --out FILE.csv"
        )
    for note in [*_outside_plan(plan, *months), *computation.notes]:
        click.echo(f"Note: {note}", err=True)
    if out is not None:
        pairs = [(c.la_code, c.figure) for c in computation.figures]
        table = computed_table(plan, pairs, with_la=len(computation.la_codes) > 1)
        emit(TABLE_FORMATS["csv"](table), out)
        return
    _store(plan.id, computation)


def _authorities(
    plan: Plan, la_code: str | None, *, all_las: bool, storing: bool
) -> list[str] | None:
    """The authorities to compute: those asked for; else the plan's own, when it names one
    (whatever else the extracts hold); else every one in the extracts. A plan that names its
    authority stores no other's figures: those are written to a file with --out."""
    own = plan.la_code
    if own is None or all_las:
        return [la_code] if la_code else None
    if la_code is None:
        return [own]
    if la_code != own and storing:
        raise ScorecardError(
            f"plan {plan.id} is for local authority {own}, so the figures of local authority "
            f"{la_code} cannot be stored in it; write them to a file with --out FILE.csv, or "
            f"leave out --la to compute {own}"
        )
    return [la_code]


def _outside_plan(plan: Plan, first: Month, last: Month) -> list[str]:
    """The months asked for before the plan starts or after it ends, which are not computed
    (a range wholly outside the plan is refused before computing)."""
    spans = []
    if first < plan.start:
        spans.append((first, min(last, plan.start.plus(-1))))
    if last > plan.end:
        spans.append((max(first, plan.end.plus(1)), last))
    return [
        (f"{a} is" if a == b else f"{a} to {b} are")
        + f" outside plan {plan.id}, which runs from {plan.start} to {plan.end}, so "
        + ("it was" if a == b else "they were")
        + " not computed"
        for a, b in spans
    ]


def _month(option: str, text: str) -> Month:
    try:
        return Month.parse(text)
    except ScorecardError as exc:
        raise ScorecardError(f"{option}: {exc}") from exc


def _store(plan_id: str, computation: Computation) -> None:
    from scorecard.web.computations.services import Lineage, record_computation

    lineage = Lineage(
        la_code=computation.la_codes[0],
        first=computation.first,
        last=computation.last,
        engine=computation.engine.value,
        extracts=[
            {
                "name": e.name,
                "file": e.path.name,
                "sha256": e.sha256,
                "rows": e.rows,
                "duplicates_dropped": e.duplicates_dropped,
            }
            for e in computation.extracts
        ],
        recipes=[job.lineage for job in computation.jobs],
    )
    recorded = record_computation(
        plan_id, lineage, [c.figure for c in computation.figures], run_by=current_user()
    )
    counts = recorded.figures
    click.echo(
        f"Computation {recorded.run} for {lineage.la_code}, {lineage.first} to {lineage.last}: "
        f"{counts.created} figure{'s' * (counts.created != 1)} added, {counts.updated} updated, "
        f"{counts.unchanged} unchanged."
    )
