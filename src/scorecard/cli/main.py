"""Entry point: every error a user can cause ends in one clear line and exit status 1."""

from __future__ import annotations

import re
import sys

import click

from scorecard import __version__
from scorecard.cli import (
    assess,
    computations,
    compute,
    extracts,
    figures,
    plan,
    publish,
    remind,
    render,
    returns,
    serve,
    spc,
    store,
    synth,
    users,
)
from scorecard.domain.errors import ScorecardError


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="scorecard")
@click.option("--debug", is_flag=True, help="Show the full traceback when something fails.")
def cli(debug: bool) -> None:
    """Run a local area SEND improvement-plan scorecard: validate and load plans, export their
    figures, and render the scorecard.

    The store is SQLite in ./data unless SCORECARD_DATABASE_URL names another database
    (SCORECARD_DATA_DIR moves the data folder)."""


cli.add_command(plan.plan)
cli.add_command(figures.figures)
cli.add_command(render.render)
cli.add_command(publish.publish)
cli.add_command(render.demo)
cli.add_command(spc.spc)
cli.add_command(assess.assess)
cli.add_command(returns.returns)
cli.add_command(users.users)
cli.add_command(remind.remind)
cli.add_command(compute.compute_command)
cli.add_command(computations.computations)
cli.add_command(extracts.extracts)
cli.add_command(synth.synth)
cli.add_command(serve.serve)
cli.add_command(store.store)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    debug = "--debug" in args
    try:
        result = cli.main(args=args, prog_name="scorecard", standalone_mode=False)
    except click.exceptions.Abort as exc:  # click's form of Ctrl+C, and of Ctrl+D at a prompt
        click.echo("Stopped.", err=True)
        return 130 if isinstance(exc.__cause__, KeyboardInterrupt) else 1
    except click.ClickException as exc:
        exc.message = shortened(exc.message)  # type: ignore[misc]  # (Final in the stubs only)
        exc.show()
        return 1
    except ScorecardError as exc:
        if debug:
            raise
        click.echo(f"error: {shortened(str(exc))}", err=True)
        return 1
    except KeyboardInterrupt:
        click.echo("Stopped.", err=True)
        return 130
    except UnicodeEncodeError:
        if debug or not (typed := _not_utf8(args)):
            raise
        click.echo(
            f'error: "{typed}" is not UTF-8 text (? marks what is not); type it again in a '
            "terminal set to UTF-8",
            err=True,
        )
        return 1
    except Exception as exc:
        if debug:
            raise
        if type(exc).__module__.startswith("django.db"):
            from django.db import DataError, IntegrityError

            if isinstance(exc, DataError | IntegrityError):  # a value the checks let through
                click.echo(f"error: the store refused a value: {exc}", err=True)
            else:
                click.echo(f"error: the store cannot be used: {exc}", err=True)
            return 1
        click.echo(
            f"internal error: {type(exc).__name__}; nothing more was changed. "
            "Run again with --debug for details and report it.",
            err=True,
        )
        return 2
    return result if isinstance(result, int) else 0


LONGEST_WORD = 200  # a value typed or read that is longer is cut in messages


def shortened(message: str) -> str:
    """The message with any very long word in it (a value echoed back: a pasted paragraph, a
    whole line of a file) cut to its first 60 characters and its length, so the message stays
    readable: 'no plan "xxxx… (3,000 characters)"'."""
    return re.sub(
        rf"[^\s\"']{{{LONGEST_WORD + 1},}}",
        lambda m: f"{m.group()[:60]}… ({len(m.group()):,} characters)",
        message,
    )


def _not_utf8(args: list[str]) -> str | None:
    """The first argument holding bytes that were not UTF-8 (Python keeps them as lone
    surrogates, which the store cannot take), with ? for them."""
    for arg in args:
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            return arg.encode("utf-8", "replace").decode("utf-8")
    return None


if __name__ == "__main__":
    sys.exit(main())
