"""Uploading a return spreadsheet: every row checked, every problem reported with its row and
column, and then all the returns in it saved in one transaction, or nothing at all."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.db import transaction

from scorecard.domain.catalogue import Metric, Plan
from scorecard.domain.errors import ScorecardError
from scorecard.domain.figures import Figure, FigureStatus, QualityFlag
from scorecard.domain.ids import did_you_mean
from scorecard.domain.periods import Month
from scorecard.domain.signoff import SignOff
from scorecard.web.accounts.queries import Standing
from scorecard.web.returns import services
from scorecard.web.returns.entries import Entry, PartEntry, check_entry, component_ids
from scorecard.web.returns.models import Return
from scorecard.web.returns.queries import metric_history
from scorecard.web.returns.spreadsheet import COLUMNS, FORMULA, REQUIRED, Row

UPLOAD_WORDS_LENGTH = 300  # ReturnEvent.through


@dataclass(frozen=True)
class Problem:
    row: int | None
    column: str | None
    message: str


@dataclass
class Checked:
    problems: list[Problem] = field(default_factory=list)
    # (metric, month) -> (version, entry, checked figures)
    returns: dict[tuple[str, Month], tuple[int, Entry, list[Figure]]] = field(default_factory=dict)
    # (metric, month) -> the figures its rows give that are valid in themselves, whether or not
    # the return has other problems (a warning to confirm): what later months are compared with
    given: dict[tuple[str, Month], list[Figure]] = field(default_factory=dict)


def check_upload(
    plan: Plan,
    person: Standing,
    header: list[str],
    rows: list[Row],
    locked: set[tuple[str, Month]],
    today: dt.date,
) -> Checked:
    """Every problem with an uploaded file, in row and column order, or the returns it makes;
    `today` is the day the returns pages go by, for months that have not ended. A cell holding
    a formula is one problem, said once (not also as, say, "not a number")."""
    checked = _check_upload(plan, person, header, rows, locked, today)
    formulas = {
        (row.number, column): Problem(
            row.number, column if column in COLUMNS else None, FORMULA.format(reference)
        )
        for row in rows
        for column, reference in row.formulas.items()
    }
    problems = [p for p in checked.problems if (p.row, p.column) not in formulas]
    problems += formulas.values()
    order = {c: i for i, c in enumerate(COLUMNS)}
    checked.problems = sorted(problems, key=lambda p: (p.row or 0, order.get(p.column or "", -1)))
    return checked


def _check_upload(
    plan: Plan,
    person: Standing,
    header: list[str],
    rows: list[Row],
    locked: set[tuple[str, Month]],
    today: dt.date,
) -> Checked:
    checked = Checked()
    missing = [c for c in REQUIRED if c not in header]
    unknown = [h for h in header if h and h not in COLUMNS]
    if missing:
        checked.problems.append(
            Problem(1, None, f"The header row lacks the columns: {', '.join(missing)}")
        )
    if unknown:
        checked.problems.append(
            Problem(1, None, f"The header row has columns a return does not: {', '.join(unknown)}")
        )
    if missing or unknown:
        return checked
    if not rows:
        checked.problems.append(Problem(None, None, "The file has no rows of figures"))
        return checked
    groups: dict[tuple[str, Month], list[tuple[Row, Metric]]] = defaultdict(list)
    seen: dict[tuple[str, str, Month], int] = {}
    for row in rows:
        found = _row_key(plan, person, row, checked, today)
        if found is None:
            continue
        metric, month = found
        key = (metric.id, row.cells.get("component", ""), month)
        if key in seen:
            checked.problems.append(
                Problem(row.number, None, f"Row {row.number} repeats row {seen[key]}")
            )
            continue
        seen[key] = row.number
        groups[(metric.id, month)].append((row, metric))
    stored = {
        (r.metric_id, Month.parse(r.period)): r
        for r in Return.objects.filter(plan__plan_id=plan.id)
    }
    recorded: dict[str, dict[str, list[Figure]]] = {}
    for (metric_id, month), group in sorted(groups.items(), key=lambda item: item[0]):
        if metric_id not in recorded:
            recorded[metric_id] = metric_history(plan.id, metric_id)
        history = _with_earlier_rows(recorded[metric_id], checked, metric_id, month)
        returned = stored.get((metric_id, month))
        _check_group(plan, metric_id, month, group, returned, locked, checked, history)
    return checked


def _with_earlier_rows(
    recorded: dict[str, list[Figure]], checked: Checked, metric_id: str, month: Month
) -> dict[str, list[Figure]]:
    """A metric's recorded figures, with those of earlier months in this file in place of any
    recorded for the same month: a month is compared with the one before it as it will stand
    once the file is saved (a year's figures uploaded at once are each checked against the
    month before, not all against the last recorded month)."""
    by_key = {f.key: f for figures in recorded.values() for f in figures}
    for (other, earlier), figures in checked.given.items():
        if other == metric_id and earlier < month:
            by_key.update({f.key: f for f in figures})
    history: dict[str, list[Figure]] = {}
    for figure in by_key.values():
        history.setdefault(figure.component, []).append(figure)
    return history


def _row_key(
    plan: Plan, person: Standing, row: Row, checked: Checked, today: dt.date
) -> tuple[Metric, Month] | None:
    cells = row.cells
    given = cells.get("metric_id", "")
    metric = next((m for m in plan.metrics if m.id == given), None)
    if metric is None:
        others = did_you_mean(given, (m.id for m in plan.metrics))
        checked.problems.append(
            Problem(row.number, "metric_id", f'Plan {plan.id} has no metric "{given}"{others}')
        )
        return None
    if not person.may_edit(metric.id):
        checked.problems.append(
            Problem(
                row.number,
                "metric_id",
                f"You do not own metric {metric.id}, so you cannot enter its figures",
            )
        )
        return None
    try:
        month = Month.parse(cells.get("period", ""))
    except ScorecardError as exc:
        reason = str(exc)
        checked.problems.append(Problem(row.number, "period", reason[:1].upper() + reason[1:]))
        return None
    if not plan.start <= month <= plan.end or not metric.reporting_schedule.is_due(month):
        checked.problems.append(
            Problem(
                row.number,
                "period",
                f"No return of metric {metric.id} is due for {month.label} "
                f"({metric.reporting_schedule.due_words()})",
            )
        )
        return None
    if not services.month_ended(month, today):
        message = services.not_ended_message(month, "entered")
        checked.problems.append(Problem(row.number, "period", message[:1].upper() + message[1:]))
        return None
    component = cells.get("component", "")
    if component not in component_ids(metric):
        known = ", ".join(c for c in component_ids(metric) if c) or "leave it empty"
        checked.problems.append(
            Problem(
                row.number,
                "component",
                f'Metric {metric.id} has no component "{component}" ({known})',
            )
        )
        return None
    return metric, month


def _check_group(
    plan: Plan,
    metric_id: str,
    month: Month,
    group: list[tuple[Row, Metric]],
    stored: Return | None,
    locked: set[tuple[str, Month]],
    checked: Checked,
    history: dict[str, list[Figure]],
) -> None:
    """The rows of one return: whether it may be entered, then its figures, checked against
    `history` (the figures before them, by component)."""
    metric = group[0][1]
    first = group[0][0].number
    what = f"The figures of metric {metric_id} for {month.label}"
    current = stored.version if stored else 0
    refusal = _refusal(what, (metric_id, month) in locked, stored, group, current)
    if refusal is not None:
        checked.problems.append(Problem(first, *refusal))
        return
    texts = _shared_texts(metric_id, month, group, checked)
    quality = _quality(texts["quality"], first, checked)
    by_component = {row.cells.get("component", ""): row for row, _ in group}
    parts = _parts(metric, month, by_component, first, checked)
    if any(p.row is not None and p.row in {r.number for r, _ in group} for p in checked.problems):
        return
    entry = Entry(
        tuple(parts),
        frozenset(quality),
        next(iter(texts["commentary"]), ""),
        next(iter(texts["actions"]), ""),
        next(iter(texts["confirmation"]), ""),
    )
    result = check_entry(plan, metric, month, entry, history)
    checked.given[(metric_id, month)] = list(result.figures)
    for name, messages in result.errors.items():
        prefix, _, column = name.rpartition("-")
        row = by_component.get("" if prefix == "figure" else prefix) or group[0][0]
        shown = column if column in COLUMNS else "confirmation"
        if name == "confirmation" and result.warnings and not entry.confirmation.strip():
            # the form shows the warnings beside the figures; a file's rows show them here
            messages = [_unconfirmed(result.warnings)]
        for message in messages:
            checked.problems.append(Problem(row.number, shown, message))
    if not result.errors:
        checked.returns[(metric_id, month)] = (current, entry, list(result.figures))


def _unconfirmed(warnings: list[str]) -> str:
    """What a return whose warnings are not confirmed is told: each warning, then what to do."""
    said = "; ".join(w.rstrip(".") for w in warnings)
    return f"{said}. If the figures are right, say why in the confirmation column"


def _refusal(
    what: str,
    is_locked: bool,
    stored: Return | None,
    group: list[tuple[Row, Metric]],
    current: int,
) -> tuple[str, str] | None:
    """(column, message) when the return cannot be entered from this upload at all."""
    if is_locked:
        return (
            "period",
            f"{what} come from the plan's files or extracts, so they are not entered here",
        )
    if stored is not None and SignOff(stored.state) not in (SignOff.DRAFT, SignOff.RETURNED):
        return "period", f"{what} are {stored.state}, so they cannot be changed"
    given = sorted({row.cells.get("version", "") for row, _ in group})
    wrong = [v for v in given if not (v.isascii() and v.isdigit())]
    if wrong:
        return "version", (
            f'"{wrong[0]}" is not a version: leave the version column as the template gave it '
            f"({current} for this return), or download the template again"
        )
    if given != [str(current)]:
        shown = " and ".join(given)
        return "version", (
            f"{what} have changed since the template was downloaded (version {shown} in the "
            f"file, {current} now); download it again"
        )
    return None


def _shared_texts(
    metric_id: str, month: Month, group: list[tuple[Row, Metric]], checked: Checked
) -> dict[str, set[str]]:
    """The return-wide columns, given once or the same on each of the return's rows."""
    texts = {
        name: {row.cells.get(name, "") for row, _ in group} - {""}
        for name in ("commentary", "actions", "confirmation", "quality")
    }
    for name, values in texts.items():
        if len(values) > 1:
            message = (
                f"Give the {name} of metric {metric_id} for {month.label} once, "
                "or the same on each of its rows"
            )
            checked.problems.append(Problem(group[0][0].number, name, message))
    return texts


def _quality(given: set[str], first: int, checked: Checked) -> set[QualityFlag]:
    quality: set[QualityFlag] = set()
    for flag in next(iter(given), "").split(";"):
        flag = flag.strip().lower()
        if not flag:
            continue
        try:
            quality.add(QualityFlag(flag))
        except ValueError:
            message = (
                f'"{flag}" is not a quality flag '
                "(provisional, revised, estimated; separate them with ;)"
            )
            checked.problems.append(Problem(first, "quality", message))
    return quality


def _parts(
    metric: Metric, month: Month, by_component: dict[str, Row], first: int, checked: Checked
) -> list[PartEntry]:
    """Each component's row as typed; a missing row or an unknown status is a problem."""
    parts = []
    for component in component_ids(metric):
        row = by_component.get(component)
        if row is None:
            message = f"Metric {metric.id} for {month.label} needs a row for component {component}"
            checked.problems.append(Problem(first, "component", message))
            continue
        status = row.cells.get("status", "").strip().lower() or FigureStatus.VALUE.value
        if status not in (FigureStatus.VALUE.value, FigureStatus.NOT_AVAILABLE.value):
            message = f'"{status}" is not a status: write value or not_available'
            checked.problems.append(Problem(row.number, "status", message))
            continue
        cells = row.cells
        parts.append(
            PartEntry(
                component,
                status == FigureStatus.VALUE.value,
                cells.get("value", ""),
                cells.get("numerator", ""),
                cells.get("denominator", ""),
                cells.get("note", ""),
            )
        )
    return parts


def apply_upload(
    plan: Plan,
    checked: Checked,
    *,
    user: User,
    submit: bool,
    now: dt.datetime,
    today: dt.date,
    file_name: str,
) -> int:
    """Save every return of a checked upload (and submit them if asked), all or nothing; each
    return's history says it came from an upload of `file_name`."""
    through = upload_words(file_name)
    with transaction.atomic():
        for (metric_id, month), (version, entry, figures) in sorted(checked.returns.items()):
            saved = services.save_entry(
                plan_id=plan.id,
                metric_id=metric_id,
                period=month,
                user=user,
                figures=figures,
                entry=entry,
                version=version,
                now=now,
                today=today,
                through=through,
            )
            if submit:
                services.move(
                    plan_id=plan.id,
                    metric_id=metric_id,
                    period=month,
                    user=user,
                    target=SignOff.SUBMITTED,
                    reason="",
                    version=saved.version,
                    now=now,
                    today=today,
                    through=through,
                )
    return len(checked.returns)


def upload_words(file_name: str) -> str:
    """How a return was changed by an upload, for its history: "an upload of returns.xlsx", the
    file's name as the browser sent it, without control characters and cut to fit."""
    name = "".join(c for c in file_name if c.isprintable()).strip() or "a file with no name"
    words = f"an upload of {name}"
    return words if len(words) <= UPLOAD_WORDS_LENGTH else words[: UPLOAD_WORDS_LENGTH - 1] + "…"
