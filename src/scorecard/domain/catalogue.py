"""The plan catalogue: a plan, its areas of improvement, partner working groups and metrics.

These frozen models are what plan files are parsed into (`extra="forbid"`: an unknown field is an
error, never ignored). Rules that span several objects (duplicate ids, references) live in
`scorecard.planfiles.rules`, so that every problem is reported with its file and line.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from functools import cached_property
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, Field, ValidationInfo, field_validator

from scorecard.domain.errors import ScorecardError
from scorecard.domain.fields import (
    EMAIL_PATTERN,
    FROZEN,
    LA_CODE_PATTERN,
    PHONE_PATTERN,
    PLAN_ID_PATTERN,
    AcademicYearLabel,
    FinancialYearLabel,
    Identifier,
    MonthField,
    MonthLabel,
    Number,
    TargetValue,
    Text,
)
from scorecard.domain.ids import did_you_mean
from scorecard.domain.ownership import Ownership, Partner, ReturnSettings
from scorecard.domain.periods import (
    AcademicYear,
    FinancialYear,
    Month,
    TermCalendar,
    TermStarts,
    month_range,
)
from scorecard.domain.ragrules import DEFAULT_RULES, RagRule
from scorecard.domain.schedule import Frequency, Schedule, month_number


class Unit(StrEnum):
    PERCENT = "percent"
    WEEKS = "weeks"
    DAYS = "days"
    YEARS = "years"
    COUNT = "count"


class Polarity(StrEnum):
    HIGHER_IS_BETTER = "higher_is_better"
    LOWER_IS_BETTER = "lower_is_better"
    NONE = "none"


class DataQuality(StrEnum):
    STANDARD = "standard"
    EXPERIMENTAL = "experimental"


class Accumulation(StrEnum):
    """Whether a target is met by one figure or by the figures of the year added up."""

    NONE = "none"
    YEAR_TO_DATE = "year_to_date"


class DisclosurePolicy(StrEnum):
    """How a metric's figures are disclosure-controlled in public outputs (docs/disclosure.md)."""

    NHS_MHSDS = "nhs_mhsds"
    HES = "hes"
    DFE_EXCLUSIONS = "dfe_exclusions"
    NONE = "none"


class NegativeFigures(StrEnum):
    """Whether a metric's figures may be below zero: only a net change can be (places created
    less places removed); a count of children, an average or a percentage cannot."""

    ALLOWED = "allowed"
    NOT_ALLOWED = "not_allowed"


class Frozen(BaseModel):
    model_config = FROZEN


UNIT_LABELS: dict[Unit, str] = {
    Unit.PERCENT: "%",
    Unit.WEEKS: "Average # weeks",
    Unit.DAYS: "Days",
    Unit.YEARS: "Age in years",
    Unit.COUNT: "#",
}


class Baseline(Frozen):
    """The starting point targets are measured from; a baseline with no value is not yet set."""

    value: Number | None = Field(None, description="Empty when the baseline is not yet set.")
    label: str | None = Field(
        None, description='Its own reference period, when not the plan\'s ("Dec 23").'
    )
    note: str | None = None

    @property
    def is_set(self) -> bool:
        return self.value is not None


class TargetState(StrEnum):
    SET = "set"
    NO_TARGET = "no_target"
    NOT_SET = "not_set"


@dataclass(frozen=True)
class Target:
    """A year's target: a value, "no target available" (published as such), or not yet set."""

    year: FinancialYear
    state: TargetState
    value: Decimal | None = None

    def describe(self) -> str:
        match self.state:
            case TargetState.SET:
                return str(self.value)
            case TargetState.NO_TARGET:
                return "No target available"
            case TargetState.NOT_SET:
                return "Not set"


Targets = dict[FinancialYearLabel, TargetValue]
# Explicit trajectory milestones: the value expected by a month, between baseline and targets.
Milestones = dict[MonthLabel, Number]


def target_from(targets: Targets, year: FinancialYear) -> Target:
    given = targets.get(str(year))
    if given is None:
        return Target(year, TargetState.NOT_SET)
    if isinstance(given, Decimal):
        return Target(year, TargetState.SET, given)
    return Target(year, TargetState.NO_TARGET)


RecipeValue = str | bool | int | float


def _one_or_a_list(value: Any) -> Any:
    """A recipe parameter is one value or a list of values; anything else is named in one
    problem (rather than one per type a value may have)."""
    if value is None:
        raise ValueError("is empty")  # said as "is empty; give a value"
    single = (str, bool, int, float)
    if isinstance(value, single):
        return value
    if isinstance(value, list) and all(isinstance(v, single) for v in value):
        return value
    if isinstance(value, list):
        raise ValueError(
            "should be a list of single values ([ED, SPOA]); an entry of it is empty, "
            "a list or a mapping"
        )
    raise ValueError(
        "should be one value (6, true, SALT, 2018-04-01) or a list of values ([ED, SPOA]), "
        "not a mapping"
    )


class RecipeRef(Frozen):
    """How a figure is computed from record-level extracts: a recipe and its parameters
    (docs/recipes.md); the recipe checks them when the plan is validated or loaded, and
    again when it runs."""

    name: Identifier
    parameters: dict[
        str, Annotated[RecipeValue | list[RecipeValue], BeforeValidator(_one_or_a_list)]
    ] = {}


class Component(Frozen):
    """One part of a multi-part metric (4.1: SSC places and special school places)."""

    id: Identifier
    label: Text
    short_label: Text = Field(description='How the published tables name it ("SSCs").')
    baseline: Baseline
    targets: Targets
    trajectory: Milestones = {}
    recipe: RecipeRef | None = None


class Metric(Frozen):
    """A KPI, with everything an assessment needs declared rather than guessed."""

    id: Identifier = Field(description='As published, for example "1/2.1" or "3.4".')
    kpi: Text = Field(description="The KPI title as it appears in the scorecard tables.")
    measure: Text = Field(description="The measure as named in the definitions table.")
    source: Text
    source_detail: str | None = None
    definition: Text
    notes: tuple[str, ...] = ()
    data_quality: DataQuality = DataQuality.STANDARD
    unit: Unit
    unit_label: str | None = Field(None, description='The unit as published ("Average # weeks").')
    decimals: int = Field(1, ge=0, le=6)
    negative: NegativeFigures = Field(
        NegativeFigures.NOT_ALLOWED,
        description=(
            "allowed: its figures, baseline, targets and milestones may be below zero "
            "(a net change, such as places created less places removed); never for a percentage."
        ),
    )
    frequency: Frequency
    schedule: tuple[str, ...] | None = Field(
        None, description="Month names a figure is due in; omitted: the frequency's default."
    )
    polarity: Polarity
    polarity_note: str | None = None
    accumulation: Accumulation = Accumulation.NONE
    areas: tuple[int, ...] = Field(min_length=1)
    baseline: Baseline | None = None
    targets: Targets | None = None
    trajectory: Milestones = Field(
        {}, description="Milestones (month: expected value); otherwise linear between targets."
    )
    tolerance: Number | None = Field(
        None, ge=0, description="How far from the target still counts as within tolerance."
    )
    no_change_threshold: Number = Field(
        Decimal(0), ge=0, description="A change no larger than this is shown as no change."
    )
    recipe: RecipeRef | None = Field(None, description="How the figures are computed, if they are.")
    components: tuple[Component, ...] = ()
    ownership: Ownership | None = Field(None, description="Who supplies and answers for it.")
    disclosure: DisclosurePolicy = Field(
        DisclosurePolicy.NONE,
        description="The disclosure control applied to its figures in public outputs.",
    )

    @field_validator("schedule")
    @classmethod
    def _month_names(cls, value: tuple[str, ...] | None) -> tuple[str, ...] | None:
        if value is not None:
            if not value:
                raise ValueError("give at least one month, or leave the schedule out")
            for name in value:
                month_number(name)
        return value

    @field_validator("negative")
    @classmethod
    def _negative_not_percent(cls, value: NegativeFigures, info: ValidationInfo) -> NegativeFigures:
        if value is NegativeFigures.ALLOWED and info.data.get("unit") is Unit.PERCENT:
            raise ValueError("a percentage is 0 to 100, so its figures cannot be negative")
        return value

    @cached_property
    def reporting_schedule(self) -> Schedule:
        months = None if self.schedule is None else [month_number(n) for n in self.schedule]
        return Schedule.of(self.frequency, months)

    @property
    def allows_negative(self) -> bool:
        return self.negative is NegativeFigures.ALLOWED

    @property
    def polarity_text(self) -> str:
        match self.polarity:
            case Polarity.HIGHER_IS_BETTER:
                return "Higher is better."
            case Polarity.LOWER_IS_BETTER:
                return "Lower is better."
            case Polarity.NONE:
                return "Neither higher nor lower is better in itself."

    @property
    def slug(self) -> str:
        """The id in a form safe for web addresses and anchors: "1/2.1" → "1-2-1"."""
        return self.id.replace("/", "-").replace(".", "-")

    @property
    def shown_unit(self) -> str:
        return self.unit_label or UNIT_LABELS[self.unit]

    @property
    def series(self) -> tuple[Series, ...]:
        """The series of figures this metric has: one, or one per component."""
        if self.components:
            return tuple(
                Series(self, c.id, c.short_label, c.baseline, c.targets, c.trajectory, c.recipe)
                for c in self.components
            )
        whole = Series(
            self,
            "",
            "",
            self.baseline or Baseline(),
            self.targets or {},
            self.trajectory,
            self.recipe,
        )
        return (whole,)

    def component_ids(self) -> tuple[str, ...]:
        return tuple(s.component for s in self.series)


@dataclass(frozen=True)
class Series:
    """A metric, or one component of a multi-part metric: one line of figures over time."""

    metric: Metric
    component: str
    component_label: str
    baseline: Baseline
    targets: Targets
    milestones: Milestones
    recipe: RecipeRef | None = None

    def target_for(self, year: FinancialYear) -> Target:
        return target_from(self.targets, year)

    @property
    def label(self) -> str:
        return f"{self.metric.id} {self.component_label}".strip()


class WorkingGroup(Frozen):
    id: int = Field(ge=1)
    title: Text


class AreaOfImprovement(Frozen):
    id: int = Field(ge=1)
    recommendation: Text = Field(description="The inspection report's recommendation text.")
    working_groups: tuple[int, ...] = Field(min_length=1)


class Contact(Frozen):
    """Who readers ask about the figures: every published document and page gives it."""

    team: Text = Field(description='The team that answers ("Performance and Intelligence").')
    email: str = Field(pattern=EMAIL_PATTERN, description="Its email address.")
    phone: str | None = Field(None, pattern=PHONE_PATTERN, description='Optional: "0330 222 8555".')

    @property
    def in_words(self) -> str:
        """ "Performance and Intelligence, send.performance@my-area.gov.uk, 01234 567890"."""
        return ", ".join(part for part in (self.team, self.email, self.phone) if part)


class Organisation(Frozen):
    name: Text
    logo: str | None = Field(
        None,
        pattern=r"^/[^\s]*$",
        description='Address of the logo image on this site, e.g. "/static/logos/area.svg".',
    )
    contact: Contact | None = Field(
        None, description="Optional: who readers ask about the figures, shown wherever published."
    )


class TermDates(Frozen):
    autumn: dt.date
    spring: dt.date
    summer: dt.date


class PlanHeader(Frozen):
    """What plan.yaml holds: the plan without its metrics (they live in metrics.yaml)."""

    id: str = Field(pattern=PLAN_ID_PATTERN, description="Lower case, digits, -.")
    title: Text
    local_area: Text
    la_code: str | None = Field(
        None,
        pattern=LA_CODE_PATTERN,
        description=(
            'The local authority\'s three-digit DfE (LA) code (for example "874"), not its ONS '
            "code: scorecard compute computes its records only and stores no other authority's "
            "figures in the plan."
        ),
    )
    organisation: Organisation
    description: str | None = None
    status: str | None = Field(None, description='As published, for example "Draft".')
    notice: str | None = Field(
        None, description="Shown prominently wherever the plan is shown (e.g. synthetic data)."
    )
    start: MonthField
    end: MonthField
    baseline_label: Text = Field(description='The baseline column\'s period ("March 24").')
    term_dates: dict[AcademicYearLabel, TermDates] = {}
    rag_rules: tuple[RagRule, ...] = Field(
        DEFAULT_RULES, description="RAG rules in order; the first that holds gives the rating."
    )
    areas: tuple[AreaOfImprovement, ...] = Field(min_length=1)
    working_groups: tuple[WorkingGroup, ...] = ()
    partners: tuple[Partner, ...] = Field(
        (), description="The organisations that supply figures (owners of metrics)."
    )
    returns: ReturnSettings = ReturnSettings()


class Plan(PlanHeader):
    metrics: tuple[Metric, ...] = ()

    @property
    def months(self) -> tuple[Month, ...]:
        return month_range(self.start, self.end)

    @property
    def years(self) -> tuple[FinancialYear, ...]:
        return tuple(
            FinancialYear(y)
            for y in range(
                self.start.financial_year.start_year, self.end.financial_year.start_year + 1
            )
        )

    @property
    def term_calendar(self) -> TermCalendar:
        """The plan's term dates (not cached: a copy of the plan with other dates must not
        keep the old calendar)."""
        return TermCalendar(
            {
                AcademicYear.parse(year): TermStarts(d.autumn, d.spring, d.summer)
                for year, d in self.term_dates.items()
            }
        )

    def metric(self, metric_id: str) -> Metric:
        for metric in self.metrics:
            if metric.id == metric_id:
                return metric
        others = did_you_mean(metric_id, (m.id for m in self.metrics))
        raise ScorecardError(f'plan {self.id} has no metric "{metric_id}"{others}')

    def area(self, area_id: int) -> AreaOfImprovement:
        for area in self.areas:
            if area.id == area_id:
                return area
        raise ScorecardError(f"plan {self.id} has no area of improvement {area_id}")

    def working_group(self, group_id: int) -> WorkingGroup:
        for group in self.working_groups:
            if group.id == group_id:
                return group
        raise ScorecardError(f"plan {self.id} has no working group {group_id}")

    def sections(self) -> tuple[Section, ...]:
        """Metrics grouped as the scorecard prints them: by the areas they belong to, so that
        metrics shared by areas 1 and 2 form one section "Areas of improvement 1 and 2"."""
        order: list[tuple[int, ...]] = []
        grouped: dict[tuple[int, ...], list[Metric]] = {}
        for metric in self.metrics:
            key = tuple(sorted(metric.areas))
            if key not in grouped:
                order.append(key)
                grouped[key] = []
            grouped[key].append(metric)
        return tuple(
            Section(tuple(self.area(a) for a in key), tuple(grouped[key])) for key in sorted(order)
        )


@dataclass(frozen=True)
class Section:
    areas: tuple[AreaOfImprovement, ...]
    metrics: tuple[Metric, ...]

    @property
    def title(self) -> str:
        ids = [str(a.id) for a in self.areas]
        if len(ids) == 1:
            return f"Area of improvement {ids[0]}"
        return f"Areas of improvement {', '.join(ids[:-1])} and {ids[-1]}"

    @property
    def working_groups(self) -> tuple[int, ...]:
        return tuple(sorted({g for a in self.areas for g in a.working_groups}))
