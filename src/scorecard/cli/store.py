"""`scorecard store`: the store itself (docs/deployment.md, "Backups")."""

from __future__ import annotations

from pathlib import Path

import click


@click.group()
def store() -> None:
    """The store: where the plans, figures, returns, releases and people are kept."""


@store.command()
@click.option(
    "--out",
    required=True,
    type=click.Path(path_type=Path),
    help="The file to write the copy to (readable by you only).",
)
def backup(out: Path) -> None:
    """A consistent copy of the SQLite store, safe while the site is serving; restore it by
    putting it in the store's place (docs/deployment.md). A PostgreSQL store is backed up with
    pg_dump."""
    from scorecard.web.store import back_up, describe_store, start_django

    start_django()  # the store is copied as it is: neither created nor upgraded
    back_up(out)
    click.echo(f"Copied the store {describe_store()} to {out}", err=True)
