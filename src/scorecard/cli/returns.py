"""`scorecard returns`: the return calendar of a stored plan: what is due, by when, from whom."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from scorecard.cli.options import emit, format_option, out_file_option, plan_id_option
from scorecard.domain.errors import ScorecardError
from scorecard.domain.figures import FigureStatus
from scorecard.domain.periods import Month
from scorecard.domain.returns import return_calendar
from scorecard.publish.returns_table import returns_table
from scorecard.publish.writers import TABLE_FORMATS


@click.command()
@plan_id_option
@click.option("--from", "first", metavar="YYYY-MM", help="The first month (the plan's start).")
@click.option("--to", "last", metavar="YYYY-MM", help="The last month (the plan's end).")
@click.option(
    "--today",
    metavar="YYYY-MM-DD",
    help="The day to judge due and overdue returns on (today when left out).",
)
@format_option
@out_file_option
def returns(
    plan_id: str,
    first: str | None,
    last: str | None,
    today: str | None,
    output_format: str,
    out: Path | None,
) -> None:
    """The return calendar: every metric's figures due for each month, the day they are due (a
    number of working days after the month ends, England and Wales bank holidays skipped), who
    supplies them, and whether each return is upcoming, due, overdue or in."""
    months = [_month("--from", first), _month("--to", last)]
    if months[0] is not None and months[1] is not None and months[0] > months[1]:
        raise ScorecardError(f"--from {months[0]} is after --to {months[1]}")
    day = _day(today)
    from scorecard.web.store import open_store

    open_store()
    from scorecard.web.catalogue.queries import current_plan
    from scorecard.web.figures.queries import recorded_figures
    from scorecard.web.returns.queries import sign_offs

    plan = current_plan(plan_id)
    for option, month in zip(("--from", "--to"), months, strict=True):
        if month is not None and not plan.start <= month <= plan.end:
            raise ScorecardError(
                f"{option}: {month} is outside plan {plan.id}, "
                f"which runs from {plan.start} to {plan.end}"
            )
    start, end = (months[0] or plan.start), (months[1] or plan.end)
    calendar = return_calendar(plan, first=start, last=end)
    recorded: dict[tuple[str, Month], bool] = {}
    for figure in recorded_figures(plan_id):
        if figure.status is not FigureStatus.NOT_DUE:
            key = (figure.metric_id, figure.period)
            recorded[key] = recorded.get(key, False) or figure.status is FigureStatus.VALUE
    table = returns_table(
        plan, calendar, today=day, recorded=recorded, sign_offs=sign_offs(plan.id)
    )
    emit(TABLE_FORMATS[output_format](table), out)


def _month(option: str, text: str | None) -> Month | None:
    if text is None:
        return None
    try:
        return Month.parse(text)
    except ScorecardError as exc:
        raise ScorecardError(f"{option}: {exc}") from exc


def _day(text: str | None) -> dt.date:
    if text is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ScorecardError(f'--today: "{text}" is not a date; write it as YYYY-MM-DD') from None
