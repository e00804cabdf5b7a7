"""Validation rules over a parsed plan: each returns every problem it finds, with its place."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from scorecard.domain.catalogue import Metric, Plan, Targets, Unit
from scorecard.domain.disclosure import disclose_plain
from scorecard.domain.periods import AcademicYear, Month
from scorecard.domain.problems import Problem, error, warning
from scorecard.domain.ragrules import Condition
from scorecard.planfiles.yamlfile import Location, YamlDocument

PLAN_FILE = "plan.yaml"
METRICS_FILE = "metrics.yaml"


@dataclass(frozen=True)
class Locator:
    """Finds the file and line of an object of the parsed plan."""

    plan_document: YamlDocument | None
    metrics_document: YamlDocument | None
    metric_positions: tuple[int, ...]  # where each parsed metric stands in metrics.yaml

    def in_plan(self, problem: Problem, *location: str | int) -> Problem:
        line = self.plan_document.line_of(location) if self.plan_document else None
        return problem.at(PLAN_FILE, line)

    def in_metric(self, problem: Problem, index: int, *location: str | int) -> Problem:
        where: Location = (self.metric_positions[index], *location)
        line = self.metrics_document.line_of(where) if self.metrics_document else None
        return problem.at(METRICS_FILE, line)


Rule = Callable[[Plan, Locator], list[Problem]]


def _repeated(values: Iterable[object]) -> set[object]:
    return {v for v, n in Counter(values).items() if n > 1}


def unique_ids(plan: Plan, at: Locator) -> list[Problem]:
    problems = []
    areas = [a.id for a in plan.areas]
    groups = [g.id for g in plan.working_groups]
    for kind, key, ids in (
        ("area of improvement", "areas", areas),
        ("working group", "working_groups", groups),
    ):
        repeated = _repeated(ids)
        for i, item_id in enumerate(ids):
            if item_id in repeated:
                reason = f"{kind} {item_id} is defined more than once"
                problems.append(at.in_plan(error("duplicate-id", reason, field="id"), key, i, "id"))
    repeated_metrics = _repeated(m.id for m in plan.metrics)
    repeated_slugs = _repeated(m.slug for m in plan.metrics)
    for i, metric in enumerate(plan.metrics):
        if metric.id in repeated_metrics:
            reason = f'metric id "{metric.id}" is used by more than one metric'
            found = error("duplicate-id", reason, metric_id=metric.id, field="id")
            problems.append(at.in_metric(found, i, "id"))
        elif metric.slug in repeated_slugs:
            reason = (
                f'metric id "{metric.id}" reads as "{metric.slug}" in web addresses, like '
                "another metric's id; make the ids differ by more than / and ."
            )
            found = error("duplicate-id", reason, metric_id=metric.id, field="id")
            problems.append(at.in_metric(found, i, "id"))
        repeated_parts = _repeated(c.id for c in metric.components)
        for j, component in enumerate(metric.components):
            if component.id in repeated_parts:
                reason = f'component "{component.id}" is defined more than once'
                found = error("duplicate-id", reason, metric_id=metric.id, field="components")
                problems.append(at.in_metric(found, i, "components", j, "id"))
    return problems


def links_exist(plan: Plan, at: Locator) -> list[Problem]:
    groups = {g.id for g in plan.working_groups}
    areas = {a.id for a in plan.areas}
    problems = []
    for i, area in enumerate(plan.areas):
        for j, group in enumerate(area.working_groups):
            if group not in groups:
                reason = (
                    f"area of improvement {area.id} names working group {group}, "
                    "which the plan does not define"
                )
                found = error("unknown-working-group", reason, field="working_groups")
                problems.append(at.in_plan(found, "areas", i, "working_groups", j))
    for i, metric in enumerate(plan.metrics):
        for j, area_id in enumerate(metric.areas):
            if area_id not in areas:
                reason = f"names area of improvement {area_id}, which the plan does not define"
                found = error("unknown-area", reason, metric_id=metric.id, field="areas")
                problems.append(at.in_metric(found, i, "areas", j))
    return problems


def everything_linked(plan: Plan, at: Locator) -> list[Problem]:
    problems = []
    used_areas = {a for m in plan.metrics for a in m.areas}
    for i, area in enumerate(plan.areas):
        if plan.metrics and area.id not in used_areas:
            reason = f"area of improvement {area.id} has no metric"
            problems.append(at.in_plan(warning("area-without-metric", reason), "areas", i))
    linked = {g for a in plan.areas for g in a.working_groups}
    for i, group in enumerate(plan.working_groups):
        if group.id not in linked:
            reason = f"working group {group.id} is linked to no area of improvement"
            found = warning("working-group-unlinked", reason)
            problems.append(at.in_plan(found, "working_groups", i))
    return problems


def baselines_and_targets_declared(plan: Plan, at: Locator) -> list[Problem]:
    """A single-part metric declares its baseline and targets; a multi-part metric declares
    them per component (the model makes them required there) and not for the whole, nor its
    trajectory or recipe, which would be ignored there."""
    problems = []
    for i, metric in enumerate(plan.metrics):
        for name in ("baseline", "targets", "trajectory", "recipe"):
            given = getattr(metric, name)
            if name == "trajectory" and not given:
                given = None  # no milestones: the model's default
            if metric.components and given is not None:
                reason = f"metric {metric.id} has components, so give its {name} per component"
                found = error("component-level-only", reason, metric_id=metric.id, field=name)
                problems.append(at.in_metric(found, i, name))
            elif not metric.components and given is None and name in ("baseline", "targets"):
                reason = (
                    f"is required; write {name}: {{}} with a note if it is not yet set"
                    if name == "baseline"
                    else 'is required; give each plan year\'s target, or "no target available"'
                )
                found = error(f"missing-{name}", reason, metric_id=metric.id, field=name)
                problems.append(at.in_metric(found, i))
    return problems


def targets_within_plan(plan: Plan, at: Locator) -> list[Problem]:
    years = {str(y) for y in plan.years}
    problems = []
    for i, metric, path, targets in _target_sets(plan):
        for year in targets:
            if year not in years:
                reason = (
                    f"a target for {year}, which is outside the plan's years "
                    f"({', '.join(sorted(years))})"
                )
                field = ".".join(str(p) for p in (*path, year))
                found = error("target-outside-plan", reason, metric_id=metric.id, field=field)
                problems.append(at.in_metric(found, i, *path, year))
    return problems


def values_in_range(plan: Plan, at: Locator) -> list[Problem]:
    problems = []
    for i, metric in enumerate(plan.metrics):
        for j, series in enumerate(metric.series):
            path: tuple[str | int, ...] = ("components", j) if metric.components else ()
            checks: list[tuple[str, tuple[str | int, ...], Decimal]] = []
            if series.baseline.value is not None:
                checks.append(("baseline", (*path, "baseline", "value"), series.baseline.value))
            for year, target in series.targets.items():
                if isinstance(target, Decimal):
                    checks.append((f"target for {year}", (*path, "targets", year), target))
            for what, location, value in checks:
                reason = _out_of_range(metric, value)
                if reason:
                    found = error(
                        "value-range",
                        f"the {what}: {reason}",
                        metric_id=metric.id,
                        field=".".join(str(p) for p in location),
                    )
                    problems.append(at.in_metric(found, i, *location))
    return problems


def _out_of_range(metric: Metric, value: Decimal) -> str | None:
    if metric.unit is Unit.PERCENT and not 0 <= value <= 100:
        return f"{value}% is not a percentage between 0 and 100"
    if value < 0 and not metric.allows_negative:
        return f"{value} is negative (only a metric with negative: allowed may go below zero)"
    return None


def _target_sets(plan: Plan) -> Iterable[tuple[int, Metric, tuple[str | int, ...], Targets]]:
    for i, metric in enumerate(plan.metrics):
        if metric.targets is not None:
            yield i, metric, ("targets",), metric.targets
        for j, component in enumerate(metric.components):
            yield i, metric, ("components", j, "targets"), component.targets


def plan_period(plan: Plan, at: Locator) -> list[Problem]:
    if plan.end < plan.start:
        reason = f"the plan ends ({plan.end}) before it starts ({plan.start})"
        return [at.in_plan(error("plan-period", reason, field="end"), "end")]
    return []


def term_dates_in_order(plan: Plan, at: Locator) -> list[Problem]:
    problems = []
    for label, dates in plan.term_dates.items():
        year = AcademicYear.parse(label)
        ordered = year.first_day <= dates.autumn < dates.spring < dates.summer <= year.last_day
        if not ordered:
            reason = (
                f"term dates for {label} must start in order autumn, spring, summer, "
                f"between {year.first_day} and {year.last_day}"
            )
            problems.append(
                at.in_plan(error("term-dates", reason, field="term_dates"), "term_dates", label)
            )
    return problems


def baseline_notes(plan: Plan, at: Locator) -> list[Problem]:
    problems = []
    for i, metric in enumerate(plan.metrics):
        for j, series in enumerate(metric.series):
            if series.baseline.is_set or series.baseline.note:
                continue
            path: tuple[str | int, ...] = ("components", j) if metric.components else ()
            whose = f"of component {series.component} " if series.component else ""
            reason = f"the baseline {whose}is not set; add a note saying when it will be"
            field = ".".join(str(p) for p in (*path, "baseline"))
            found = warning("baseline-not-set", reason, metric_id=metric.id, field=field)
            problems.append(at.in_metric(found, i, *path, "baseline"))
    return problems


def baselines_disclosable(plan: Plan, at: Locator) -> list[Problem]:
    """A baseline is printed as written in every public output (the pages, files and API), so
    it may not be a number the metric's disclosure policy withholds or rounds
    (docs/disclosure.md): the same 2 that the tables show as [c] would be printed beside them."""
    problems = []
    for i, metric in enumerate(plan.metrics):
        for j, series in enumerate(metric.series):
            value = series.baseline.value
            if value is None:
                continue
            shown = disclose_plain(metric, value)
            if shown.value == value:  # as recorded, or a count already a multiple of 5
                continue
            path: tuple[str | int, ...] = ("components", j) if metric.components else ()
            whose = f" of component {series.component}" if series.component else ""
            fix = (
                f"give it as the public outputs show the figures, {shown.value}"
                if shown.value is not None
                else "leave the value out and say in the note why it is not given"
            )
            reason = (
                f"the baseline{whose} is printed as written in every public output, but "
                f"disclosure {metric.disclosure.value} does not show {value} as it is "
                f"({shown.reason}); {fix}"
            )
            field = ".".join(str(p) for p in (*path, "baseline", "value"))
            found = error("baseline-disclosure", reason, metric_id=metric.id, field=field)
            problems.append(at.in_metric(found, i, *path, "baseline", "value"))
    return problems


def milestones_within_plan(plan: Plan, at: Locator) -> list[Problem]:
    """Trajectory milestones fall inside the plan's months, with values in range."""
    problems = []
    for i, metric in enumerate(plan.metrics):
        for j, series in enumerate(metric.series):
            path: tuple[str | int, ...] = ("components", j) if metric.components else ()
            for label, value in series.milestones.items():
                month = Month.parse(label)
                where = (*path, "trajectory", label)
                field = ".".join(str(p) for p in where)
                if not plan.start <= month <= plan.end:
                    reason = (
                        f"a trajectory milestone for {label}, outside the plan period "
                        f"{plan.start} to {plan.end}"
                    )
                    found = error(
                        "milestone-outside-plan", reason, metric_id=metric.id, field=field
                    )
                    problems.append(at.in_metric(found, i, *where))
                elif out_of_range := _out_of_range(metric, value):
                    found = error(
                        "value-range",
                        f"the milestone for {label}: {out_of_range}",
                        metric_id=metric.id,
                        field=field,
                    )
                    problems.append(at.in_metric(found, i, *where))
    return problems


def rag_rules_complete(plan: Plan, at: Locator) -> list[Problem]:
    """Without a last rule that always applies, some figures get no rating."""
    if plan.rag_rules and Condition.ALWAYS not in plan.rag_rules[-1].when:
        reason = (
            'the last RAG rule does not apply "always", so a figure that meets none of the rules '
            "gets no rating"
        )
        return [at.in_plan(warning("rag-rules-incomplete", reason, field="rag_rules"), "rag_rules")]
    return []


def owners_are_partners(plan: Plan, at: Locator) -> list[Problem]:
    """Partner ids are unique; each metric's owner is one of them; once a plan names its
    partners, a metric without an owner is asked of no one."""
    problems = []
    ids = [p.id for p in plan.partners]
    repeated = _repeated(ids)
    for i, partner_id in enumerate(ids):
        if partner_id in repeated:
            reason = f'partner "{partner_id}" is defined more than once'
            found = error("duplicate-id", reason, field="partners")
            problems.append(at.in_plan(found, "partners", i, "id"))
    for i, metric in enumerate(plan.metrics):
        if metric.ownership is None:
            if plan.partners:
                reason = "has no ownership, so no one is asked for its figures"
                found = warning("metric-without-owner", reason, metric_id=metric.id)
                problems.append(at.in_metric(found, i, "id"))
        elif metric.ownership.organisation not in ids:
            known = ", ".join(ids) or "none: add partners to plan.yaml"
            reason = (
                f'names organisation "{metric.ownership.organisation}", which is not one of '
                f"the plan's partners ({known})"
            )
            found = error(
                "unknown-partner", reason, metric_id=metric.id, field="ownership.organisation"
            )
            problems.append(at.in_metric(found, i, "ownership", "organisation"))
    return problems


CATALOGUE_RULES: tuple[Rule, ...] = (
    plan_period,
    unique_ids,
    links_exist,
    everything_linked,
    baselines_and_targets_declared,
    targets_within_plan,
    values_in_range,
    term_dates_in_order,
    baseline_notes,
    baselines_disclosable,
    milestones_within_plan,
    rag_rules_complete,
    owners_are_partners,
)


def check_catalogue(plan: Plan, at: Locator) -> list[Problem]:
    return [problem for rule in CATALOGUE_RULES for problem in rule(plan, at)]
