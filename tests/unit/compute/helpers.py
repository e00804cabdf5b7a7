"""Helpers for recipe tests: tiny record-level extracts written as CSV files, and the bundled
plan cut down to the metrics under test, computed with `runner.compute`."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from scorecard.compute.contracts import ColumnType, contracts
from scorecard.compute.engines import Engine
from scorecard.compute.extracts import ExtractSet
from scorecard.compute.runner import Computation, compute
from scorecard.domain.catalogue import Metric, Plan, TermDates
from scorecard.domain.figures import Figure, FigureStatus
from scorecard.domain.periods import Month
from scorecard.planfiles.reader import read_plan
from tests.conftest import BUNDLED_PLAN

LA = "938"
OTHER_LA = "845"

Row = Mapping[str, Any]
# Columns a test may leave out; identifiers are numbered, person_id is one person per row.
DEFAULTS: dict[str, Any] = {
    "referral_accepted": True,
    "exception": False,
    "has_ehcp": True,
    "exclusion_type": "PERMANENT",
}


@cache
def bundled() -> Plan:
    reading = read_plan(BUNDLED_PLAN)
    assert reading.plan is not None
    return reading.plan


def plan_with(
    metric_ids: Iterable[str],
    term_dates: Mapping[str, TermDates] | None = None,
    parameters: Mapping[str, Mapping[str, Any]] | None = None,
) -> Plan:
    """The bundled plan with only the metrics named, term dates and recipe parameters (by
    metric id, for metrics without components) when given."""
    base = bundled()
    wanted = set(metric_ids)
    metrics = tuple(m for m in base.metrics if m.id in wanted)
    assert {m.id for m in metrics} == wanted, f"unknown metric in {sorted(wanted)}"
    for metric_id, given in (parameters or {}).items():
        metrics = tuple(_with_parameters(m, given) if m.id == metric_id else m for m in metrics)
    # A fresh Plan, not model_copy: model_copy would carry a cached term_calendar over.
    fields = {name: getattr(base, name) for name in Plan.model_fields}
    fields["metrics"] = metrics
    if term_dates is not None:
        fields["term_dates"] = dict(term_dates)
    return Plan(**fields)


def _with_parameters(metric: Metric, parameters: Mapping[str, Any]) -> Metric:
    assert metric.recipe is not None
    recipe = metric.recipe.model_copy(update={"parameters": dict(parameters)})
    return metric.model_copy(update={"recipe": recipe})


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def write_extract(folder: Path, name: str, rows: Sequence[Row]) -> Path:
    """EXTRACT.csv with the contract's columns; columns a row leaves out get defaults. Rows
    left out of the key get numbered identifiers (and one person each), the same for equal
    rows, so that a row given twice is an exact copy."""
    contract = contracts()[name]
    numbers: dict[str, int] = {}
    lines = [",".join(contract.column_names)]
    for row in rows:
        unknown = set(row) - set(contract.column_names)
        assert not unknown, f"{name} has no columns {sorted(unknown)}"
        n = numbers.setdefault(repr(sorted(row.items())), len(numbers) + 1)
        cells = []
        for column in contract.columns:
            if column.name in row:
                value = row[column.name]
            elif column.name == "la_code":
                value = LA
            elif column.name in contract.key and column.name != "person_id":
                value = f"{column.name[:3]}{n}" if column.type is ColumnType.STRING else None
            elif column.name == "person_id":
                value = f"P{n}"
            elif column.name in DEFAULTS:
                value = DEFAULTS[column.name]
            elif column.nullable:
                value = None
            else:
                raise AssertionError(f"{name}: give {column.name} for row {n}")
            cells.append(_cell(value))
        lines.append(",".join(cells))
    path = folder / f"{name}.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@dataclass(frozen=True)
class Figures:
    computation: Computation

    @property
    def all(self) -> list[tuple[str, Figure]]:
        return [(f.la_code, f.figure) for f in self.computation.figures]

    def figure(self, metric_id: str, month: str, component: str = "", la: str = LA) -> Figure:
        found = [
            f
            for code, f in self.all
            if code == la
            and f.metric_id == metric_id
            and f.component == component
            and f.period == Month.parse(month)
        ]
        assert len(found) == 1, f"{len(found)} figures for {metric_id} {component} {month} {la}"
        return found[0]

    def value(self, metric_id: str, month: str, component: str = "", la: str = LA) -> str | None:
        """The value as written ("12.5"), or None when not available."""
        figure = self.figure(metric_id, month, component, la)
        if figure.status is FigureStatus.NOT_AVAILABLE:
            assert figure.value is None
            return None
        assert figure.status is FigureStatus.VALUE
        return str(figure.value)

    def parts(
        self, metric_id: str, month: str, component: str = "", la: str = LA
    ) -> tuple[Decimal | None, Decimal | None]:
        figure = self.figure(metric_id, month, component, la)
        return figure.numerator, figure.denominator

    def months(self, metric_id: str, component: str = "", la: str = LA) -> list[str]:
        return sorted(
            str(f.period)
            for code, f in self.all
            if code == la and f.metric_id == metric_id and f.component == component
        )


Run = Callable[..., Figures]


def runner_in(tmp_path: Path) -> Run:
    """run(metric_ids, {extract: rows}, first, last, *, parameters=None, term_dates=None,
    engine=DUCKDB, la_codes=None): the figures computed from the extracts given (the others the
    metrics need are written empty); `parameters` replaces a metric's recipe parameters."""
    runs = itertools.count(1)

    def go(
        metric_ids: str | Iterable[str],
        extracts: Mapping[str, Sequence[Row]],
        first: str,
        last: str | None = None,
        *,
        parameters: Mapping[str, Mapping[str, Any]] | None = None,
        term_dates: Mapping[str, TermDates] | None = None,
        engine: Engine = Engine.DUCKDB,
        la_codes: Sequence[str] | None = None,
    ) -> Figures:
        ids = [metric_ids] if isinstance(metric_ids, str) else list(metric_ids)
        plan = plan_with(ids, term_dates, parameters)
        folder = tmp_path / f"extracts{next(runs)}"
        folder.mkdir()
        needed = {
            name
            for metric in plan.metrics
            for series in metric.series
            if series.recipe is not None
            for name in _extracts_of(series.recipe.name)
        }
        for name in needed | set(extracts):
            write_extract(folder, name, extracts.get(name, []))
        computation = compute(
            plan,
            folder,
            first=Month.parse(first),
            last=Month.parse(last or first),
            engine=engine,
            la_codes=la_codes,
        )
        return Figures(computation)

    return go


def _extracts_of(recipe_name: str) -> tuple[str, ...]:
    from scorecard.compute.recipes.registry import recipe

    return recipe(recipe_name).extracts


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


# The sets of extracts tests have opened and not yet closed (conftest.py closes them after each
# test, as scorecard compute does), so that their DuckDB folders among the temporary files go.
OPEN_EXTRACTS: list[ExtractSet] = []


def kept_open(extracts: ExtractSet) -> ExtractSet:
    """`extracts`, to be closed when the test ends."""
    OPEN_EXTRACTS.append(extracts)
    return extracts
