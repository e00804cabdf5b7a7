"""`scorecard synth`: synthetic record-level extracts, one file per contract
(docs/synthetic-data.md)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, cast

import click

from scorecard.domain.errors import ScorecardError
from scorecard.domain.periods import Month

if TYPE_CHECKING:  # the generator (numpy, pyarrow) is loaded only when the command runs
    from scorecard.compute.synth import SynthReport


def parse_end(text: str) -> Month:
    try:
        return Month.parse(text)
    except ScorecardError as exc:
        raise ScorecardError(f"--end: {exc}") from exc


@click.command()
@click.option(
    "--scale",
    type=click.Choice(["la", "national"]),
    required=True,
    help="la: one authority with levels like West Sussex's published scorecard (under its code "
    "938, or the one --la gives), as Parquet and CSV; national: 153 authorities (938 and "
    "synthetic codes 001-152) as Parquet.",
)
@click.option(
    "--la",
    "la_code",
    metavar="CODE",
    help="For --scale la: the local authority code the rows carry (default 938), such as your "
    "plan's la_code, so that scorecard compute can compute your plan from them. The levels "
    "stay West Sussex's.",
)
@click.option(
    "--months",
    type=int,
    required=True,
    metavar="N",
    help="How many months the extracts cover, ending with --end (1 or more); records the "
    "definitions need from before them are added.",
)
@click.option(
    "--seed",
    type=int,
    required=True,
    metavar="S",
    help="Random seed (0 or more): the same seed and options give byte-identical files.",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    required=True,
    metavar="DIR",
    help="Folder to write into (created if missing): EXTRACT.parquet, and for --scale la "
    "csv/EXTRACT.csv. Files already there with those names are replaced.",
)
@click.option(
    "--end",
    metavar="YYYY-MM",
    help="The last month covered; the extracts are as at its last day. Default: the last "
    "month of the bundled West Sussex plan.",
)
def synth(
    scale: str, la_code: str | None, months: int, seed: int, out: Path, end: str | None
) -> None:
    """Write synthetic record-level extracts, one file per extract contract. Everything in
    them is synthetic: pseudonymous random identifiers, no real person."""
    from scorecard.compute.synth import PLAN_END, Scale, write_synthetic

    last = parse_end(end) if end is not None else PLAN_END

    def progress(done: int, total: int) -> None:
        if total > 1 and (done % 25 == 0 or done == total):
            click.echo(f"  {done} of {total} authorities", err=True)

    report = write_synthetic(
        out,
        scale=cast(Scale, scale),
        months=months,
        seed=seed,
        end=last,
        la_code=la_code,
        progress=progress,
    )
    click.echo(_summary(report))


def _summary(report: SynthReport) -> str:
    whom = (
        f"local authority {report.la_code}"
        if report.la_code is not None
        else f"{report.authorities} authorities"
    )
    lines = [
        f"Wrote synthetic extracts for {whom}, {report.first} to {report.end} "
        f"(seed {report.seed}), into {report.out}:"
    ]
    width = max(len(str(f.path.relative_to(report.out))) for f in report.files)
    for file in report.files:
        name = str(file.path.relative_to(report.out))
        lines.append(f"  {name:<{width}}  {file.rows:>12,} rows")
    lines.append(
        f"{report.rows:,} rows in {report.seconds:.1f} s; peak memory {report.peak_rss_mb:,.0f} MB"
    )
    return "\n".join(lines)
