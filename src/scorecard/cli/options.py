"""Options and helpers shared by the command groups."""

from __future__ import annotations

import getpass
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from scorecard.domain.errors import ScorecardError
from scorecard.domain.periods import Month
from scorecard.publish.writers import write_text

FORMATS = ("csv", "json")
F = TypeVar("F", bound=Callable[..., Any])

plan_id_option = click.option(
    "--plan",
    "plan_id",
    required=True,
    metavar="ID",
    help="The plan's id, e.g. west-sussex-2024-27.",
)
format_option = click.option(
    "--format",
    "output_format",
    type=click.Choice(FORMATS),
    required=True,
    help="Output format.",
)


def text_or_json_option(help_text: str) -> Callable[[F], F]:
    """--format text (the default) or json, for commands that report to a person or a script."""
    return click.option(
        "--format",
        "output_format",
        type=click.Choice(("text", "json")),
        default="text",
        show_default=True,
        help=help_text,
    )


out_file_option = click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="File to write; standard output when left out.",
)


def parse_period(text: str) -> Month:
    """--period as a month; the message names the option."""
    try:
        return Month.parse(text)
    except ScorecardError as exc:
        raise ScorecardError(f"--period: {exc}") from exc


def current_user() -> str:
    try:
        return os.environ.get("SCORECARD_USER") or getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def emit(text: str, out: Path | None) -> None:
    if out is None:
        click.echo(text, nl=False)
    else:
        write_text(out, text)
        click.echo(f"Wrote {out}", err=True)
