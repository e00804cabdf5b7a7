"""Read a plan folder (plan.yaml, metrics.yaml, figures.csv) into a validated plan.

Every problem in every file is collected, not just the first; a plan with any error is never
returned as usable (`PlanReading.ok` is false).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from scorecard.domain.catalogue import Metric, Plan, PlanHeader
from scorecard.domain.errors import ScorecardError
from scorecard.domain.figures import Figure, FigureStatus, check_figure
from scorecard.domain.periods import Month, month_range
from scorecard.domain.problems import Problem, Severity, error, warning
from scorecard.planfiles.figurefile import FigureRow, read_figures
from scorecard.planfiles.pydantic_problems import problems_from
from scorecard.planfiles.ragreach import rag_rules_reach
from scorecard.planfiles.recipes import RecipeCheck, recipe_problems
from scorecard.planfiles.rules import METRICS_FILE, PLAN_FILE, Locator, check_catalogue
from scorecard.planfiles.yamlfile import YamlDocument, read_yaml

FIGURES_FILE = "figures.csv"


@dataclass
class PlanReading:
    folder: Path
    plan: Plan | None = None
    figures: list[Figure] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # the metrics metrics.yaml lists, those with errors in their own fields included (they are
    # not in the plan read, and left out of the checks that need the whole metric)
    metrics_listed: int = 0

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.WARNING]

    @property
    def ok(self) -> bool:
        return self.plan is not None and not self.errors


def plan_folder(path: Path) -> Path:
    """The folder of a plan, given the folder or its plan.yaml; a clear error otherwise."""
    if not path.exists():
        raise ScorecardError(f"{path} does not exist; give a plan folder holding {PLAN_FILE}")
    folder = path if path.is_dir() else path.parent
    if path.is_file() and path.name != PLAN_FILE:
        raise ScorecardError(f"{path} is not a plan; give a plan folder holding {PLAN_FILE}")
    if not (folder / PLAN_FILE).is_file():
        raise ScorecardError(f"{folder} holds no {PLAN_FILE}; is it a plan folder?")
    return folder


def read_plan(path: Path, recipes: RecipeCheck | None = None) -> PlanReading:
    """Read and check a plan folder; with `recipes`, also the recipes its metrics name."""
    folder = plan_folder(path)
    reading = PlanReading(folder)
    plan_document, problems = read_yaml(folder / PLAN_FILE, PLAN_FILE)
    reading.problems += problems
    metrics_document, problems = read_yaml(folder / METRICS_FILE, METRICS_FILE)
    reading.problems += problems
    header = _header(plan_document, reading.problems)
    metrics, positions, broken_ids = _metrics(metrics_document, reading.problems)
    listed = metrics_document.data if metrics_document is not None else None
    reading.metrics_listed = len(listed) if isinstance(listed, list) else len(metrics)
    plan = None
    if header is not None:
        plan = Plan(**dict(header), metrics=tuple(metrics))
        locator = Locator(plan_document, metrics_document, tuple(positions))
        reading.problems += check_catalogue(plan, locator) + rag_rules_reach(plan, locator)
        if recipes is not None:
            reading.problems += recipe_problems(plan, locator, recipes)
    figures_path = folder / FIGURES_FILE
    if figures_path.exists():
        rows, problems = read_figures(figures_path, FIGURES_FILE)
        reading.problems += problems
        metrics_read = metrics_document is not None and isinstance(metrics_document.data, list)
        if plan is not None and metrics_read:
            reading.problems += _check_figures(plan, rows, broken_ids)
        reading.figures = [r.figure for r in rows if r.figure.status is not FigureStatus.NOT_DUE]
    reading.problems = _without_period_follow_ons(reading.problems)
    reading.plan = plan
    return reading


# What a plan that ends before it starts makes of every target, milestone and figure: each is
# outside its (no) months. Listing them would bury the one error that matters.
PERIOD_FOLLOW_ONS = {
    "target-outside-plan": "target",
    "milestone-outside-plan": "trajectory milestone",
    "figure-outside-plan": "figure",
}


def _without_period_follow_ons(problems: list[Problem]) -> list[Problem]:
    """The problems with those that only restate a wrong plan period (end before start)
    counted in its message instead of listed."""
    period = next((p for p in problems if p.rule == "plan-period"), None)
    follow = [p for p in problems if p.rule in PERIOD_FOLLOW_ONS]
    if period is None or not follow:
        return problems
    counts = Counter(PERIOD_FOLLOW_ONS[p.rule] for p in follow)
    kinds = [f"{n:,} {kind}{'s' * (n != 1)}" for kind, n in counts.items()]
    listed = kinds[0] if len(kinds) == 1 else ", ".join(kinds[:-1]) + " and " + kinds[-1]
    summary = replace(
        period,
        message=(
            f"{period.message}; correct start or end: the {len(follow):,} "
            f"error{'s' * (len(follow) != 1)} that follow from it ({listed} outside the "
            "plan's months) are not listed"
        ),
    )
    return [summary if p is period else p for p in problems if p.rule not in PERIOD_FOLLOW_ONS]


def _header(document: YamlDocument | None, problems: list[Problem]) -> PlanHeader | None:
    if document is None:
        return None
    if not isinstance(document.data, dict):
        reason = "should be a mapping of plan fields (id, title, areas, …)"
        problems.append(error("plan-shape", reason, file=PLAN_FILE, line=document.line_of(())))
        return None
    try:
        return PlanHeader.model_validate(document.data)
    except ValidationError as exc:
        problems += problems_from(exc, document, PLAN_FILE)
        return None


def _metrics(
    document: YamlDocument | None, problems: list[Problem]
) -> tuple[list[Metric], list[int], set[str]]:
    """The metrics that parse, their positions in the file, and the ids of those that do not."""
    if document is None:
        return [], [], set()
    if not isinstance(document.data, list):
        reason = "should be a list of metrics, each starting with '- id:'"
        problems.append(
            error("metrics-shape", reason, file=METRICS_FILE, line=document.line_of(()))
        )
        return [], [], set()
    metrics, positions, broken = [], [], set()
    for index, item in enumerate(document.data):
        metric_id = _raw_id(item)
        try:
            metrics.append(Metric.model_validate(item))
            positions.append(index)
        except ValidationError as exc:
            broken.add(metric_id or "")
            problems += problems_from(
                exc, document, METRICS_FILE, base=(index,), metric_id=metric_id
            )
    return metrics, positions, broken


def _raw_id(item: Any) -> str | None:
    if isinstance(item, dict) and isinstance(item.get("id"), str):
        return str(item["id"])
    return None


def _check_figures(plan: Plan, rows: Sequence[FigureRow], broken_ids: set[str]) -> list[Problem]:
    problems: list[Problem] = []
    first_line: dict[tuple[str, str, object], int] = {}
    for row in rows:
        figure = row.figure
        if figure.metric_id in broken_ids:
            continue  # its metric has problems of its own; reported above
        problems += [p.at(FIGURES_FILE, row.line) for p in check_figure(plan, figure)]
        earlier = first_line.setdefault(figure.key, row.line)
        if earlier != row.line:
            reason = (
                f"a second figure for {figure.period}{_component(figure)}; "
                f"the first is on line {earlier}"
            )
            found = error("figure-duplicate", reason, metric_id=figure.metric_id, field="period")
            problems.append(found.at(FIGURES_FILE, row.line))
    return problems + _missing_figures(plan, rows)


def _component(figure: Figure) -> str:
    return f", component {figure.component}" if figure.component else ""


def _missing_figures(plan: Plan, rows: Sequence[FigureRow]) -> list[Problem]:
    """One warning per series for its due months with no row, up to the last month any figure
    is recorded for. A series with a recipe and no rows at all is computed, not recorded here,
    so it is not warned about."""
    recorded = {r.figure.key for r in rows}
    if not recorded:
        return []
    with_rows = {(r.figure.metric_id, r.figure.component) for r in rows}
    last = min(max(r.figure.period for r in rows), plan.end)
    problems = []
    for metric in plan.metrics:
        due = list(metric.reporting_schedule.due_months(month_range(plan.start, last)))
        for series in metric.series:
            component = series.component
            if series.recipe is not None and (metric.id, component) not in with_rows:
                continue
            missing = [m for m in due if (metric.id, component, m) not in recorded]
            if missing:
                part = f", component {component}" if component else ""
                reason = (
                    f"no figure for {_months(missing)}{part}, which "
                    f"{'is' if len(missing) == 1 else 'are'} due; "
                    f"{'it' if len(missing) == 1 else 'they'} will show as not available (-)"
                )
                found = warning("figure-missing", reason, metric_id=metric.id, field="period")
                problems.append(found.at(FIGURES_FILE, None))
    return problems


def _months(months: Sequence[Month], most: int = 6) -> str:
    """ "2024-09", "2024-09 and 2024-10", or the first six and "and 6 more months"."""
    named = [str(m) for m in months[:most]]
    if len(months) > most:
        return ", ".join(named) + f" and {len(months) - most} more months"
    if len(named) == 1:
        return named[0]
    return ", ".join(named[:-1]) + " and " + named[-1]
