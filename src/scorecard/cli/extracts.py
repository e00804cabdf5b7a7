"""`scorecard extracts`: record-level extracts checked against their contracts before they are
sent, and the contracts written out for data providers' own tools."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import click

from scorecard.cli.options import emit, out_file_option, text_or_json_option


@click.group()
def extracts() -> None:
    """Record-level extracts: check a folder of them against their contracts (docs/extracts.md)
    without computing anything, or write the contracts as a Table Schema."""


@extracts.command()
@click.argument("folder", type=click.Path(path_type=Path))
@click.option(
    "--extract",
    "names",
    multiple=True,
    metavar="NAME",
    help="Check only this extract (repeatable); default: every extract in the folder.",
)
@text_or_json_option("What to say of extracts that meet their contracts.")
def check(folder: Path, names: tuple[str, ...], output_format: str) -> None:
    """Check the extracts in FOLDER (CSV or Parquet files named after their contracts) as
    `scorecard compute` does: every problem at once, each naming the file, the column and the
    first few rows, and exit status 1; nothing is stored. Files named like no extract are
    problems too. When all is well, each extract's rows, exact copies dropped, authorities and
    SHA-256."""
    from scorecard.compute.folder_check import check_folder

    found = check_folder(folder, names)
    if output_format == "json":
        click.echo(json.dumps([asdict(f) for f in found], indent=2))
        return
    click.echo(f"The extracts in {folder} meet their contracts:")
    width = max(len(f.file) for f in found)
    for f in found:
        count = len(f.la_codes)
        # a file with no records meets its contract, but every count from it would read 0
        empty = ": no records, so counts from it would be 0; is it complete?" if not f.rows else ""
        copies = "copy" if f.duplicates_dropped == 1 else "copies"
        click.echo(
            f"  {f.file:<{width}}  {f.rows:,} rows, {f.duplicates_dropped:,} exact {copies} "
            f"dropped, {count} authorit{'y' if count == 1 else 'ies'}{empty}"
        )


@extracts.command()
@out_file_option
def schema(out: Path | None) -> None:
    """The extracts' contracts as a Frictionless Data Package (JSON): one resource per extract,
    with each column's type, meaning, whether it is required and its allowed codes, and the
    key."""
    from scorecard.compute.contract_schema import contracts_datapackage

    text = json.dumps(contracts_datapackage(), indent=2, ensure_ascii=False)
    emit(text + "\n", out)
