"""What the API answers, as pydantic models: the views build these, and the OpenAPI document's
schemas are generated from them (scorecard.web.api.openapi), so the two cannot drift apart.

Numbers are JSON numbers exactly as recorded (83 stays 83, 44.35 stays 44.35); months are
"YYYY-MM"; a value withheld by disclosure control is null with the status "suppressed".
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from scorecard.domain.assessment.travel import Travel
from scorecard.domain.catalogue import (
    Accumulation,
    DataQuality,
    DisclosurePolicy,
    Polarity,
    TargetState,
    Unit,
)
from scorecard.domain.figures import QualityFlag
from scorecard.domain.ragrules import Rating
from scorecard.domain.schedule import Frequency
from scorecard.domain.spc import AssuranceIcon, VariationIcon
from scorecard.web.api.params import MONTH_PATTERN, PublicStatus

MonthText = Annotated[
    str, Field(pattern=MONTH_PATTERN, description="A month, YYYY-MM.", examples=["2024-09"])
]
Number = Annotated[int | float, Field(description="A number exactly as recorded or as disclosed.")]
Link = Annotated[
    str,
    Field(description="An address on this site.", json_schema_extra={"format": "uri-reference"}),
]


class Answer(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


# -- problems ----------------------------------------------------------------------------------


class Problem(Answer):
    """An error, as RFC 9457 problem details (application/problem+json)."""

    type: str = Field(description='Always "about:blank": the status says what kind of error.')
    title: str = Field(description="The HTTP status phrase.")
    status: int
    detail: str = Field(description="What went wrong, in words a person can act on.")
    instance: str = Field(description="The address asked for.")
    parameter: str | None = Field(None, description="The query parameter at fault, if one is.")


# -- plans -------------------------------------------------------------------------------------


class Contact(Answer):
    team: str = Field(description="The team that answers questions about the figures.")
    email: str
    phone: str | None


class Organisation(Answer):
    name: str
    contact: Contact | None = Field(
        description="Who to ask about the figures, when the plan names someone."
    )


class PlanSummary(Answer):
    id: str
    title: str
    local_area: str
    organisation: Organisation
    start: MonthText
    end: MonthText
    url: Link


class PlanList(Answer):
    count: int
    results: list[PlanSummary]


class WorkingGroup(Answer):
    id: int
    title: str


class Area(Answer):
    id: int
    recommendation: str = Field(description="The inspection report's recommendation.")
    working_groups: list[int]


class PlanLinks(Answer):
    metrics: Link
    figures: Link
    assessments: Link
    releases: Link


class PlanDetail(Answer):
    id: str
    title: str
    local_area: str
    organisation: Organisation
    description: str | None
    status: str | None
    notice: str | None
    start: MonthText
    end: MonthText
    version: int = Field(description="The version of the plan's definition shown.")
    baseline_label: str
    areas: list[Area]
    working_groups: list[WorkingGroup]
    links: PlanLinks


# -- metrics -----------------------------------------------------------------------------------


class Baseline(Answer):
    value: Number | None
    label: str | None = Field(description="Its reference period, e.g. March 24.")
    note: str | None


class Target(Answer):
    year: str = Field(description="The financial year, YYYY-YY.", examples=["2024-25"])
    state: TargetState
    value: Number | None


class Component(Answer):
    id: str
    label: str
    short_label: str
    baseline: Baseline
    targets: list[Target]


class Disclosure(Answer):
    policy: DisclosurePolicy
    description: str
    also_kept: list[DisclosurePolicy] = Field(
        description="Earlier policies of the metric, weaker than none of the current one's, "
        "that figures recorded under them keep: a plan edit never loosens disclosure control."
    )


class Metric(Answer):
    id: str = Field(description='As published, e.g. "1/2.1".')
    slug: str = Field(description='The id written for addresses, e.g. "1-2-1".')
    kpi: str
    measure: str
    source: str
    source_detail: str | None
    definition: str
    notes: list[str]
    data_quality: DataQuality
    unit: Unit
    unit_label: str
    decimals: int
    frequency: Frequency
    schedule: list[str] = Field(description="The months a figure is due in.")
    polarity: Polarity
    polarity_note: str | None
    accumulation: Accumulation
    areas: list[int]
    working_groups: list[int]
    components: list[Component]
    baseline: Baseline | None = Field(description="Null for a multi-part metric: see components.")
    targets: list[Target] = Field(description="Empty for a multi-part metric: see components.")
    disclosure: Disclosure
    url: Link


class MetricList(Answer):
    count: int
    results: list[Metric]


# -- releases ----------------------------------------------------------------------------------


class ReleaseRef(Answer):
    period: MonthText
    version: int
    published_at: dt.datetime
    url: Link


class VersionSummary(Answer):
    number: int
    released_on: dt.date
    published_at: dt.datetime
    amendment: bool
    reason: str | None
    url: Link


class ReleaseSummary(Answer):
    period: MonthText
    latest_version: int
    versions: int
    published_at: dt.datetime = Field(description="When its latest version was published.")
    url: Link


class ReleaseList(Answer):
    count: int
    results: list[ReleaseSummary]


class ReleaseDetail(Answer):
    plan_id: str
    period: MonthText
    versions: list[VersionSummary]


class HistoryEntry(Answer):
    number: int
    released_on: dt.date
    reason: str | None
    change_note: str | None


class RevisedKey(Answer):
    metric_id: str
    component: str
    period: MonthText


class ReleaseFile(Answer):
    name: str
    title: str
    filename: str
    media_type: str
    size: int
    sha256: str
    url: Link


class VersionDetail(Answer):
    plan_id: str
    period: MonthText
    number: int
    released_on: dt.date
    published_at: dt.datetime
    reason: str | None = Field(description="Why it was amended; null for version 1.")
    change_note: str | None
    plan_version: int
    history: list[HistoryEntry] = Field(description="Every version up to this one, oldest first.")
    revised: list[RevisedKey] = Field(
        description="Values shown differently from the version before."
    )
    files: list[ReleaseFile]


# -- figures and assessments -------------------------------------------------------------------


class Figure(Answer):
    metric_id: str
    component: str
    period: MonthText
    status: PublicStatus
    value: Number | None = Field(description="Null unless the status is value.")
    numerator: Number | None
    denominator: Number | None
    withheld: list[str] = Field(description="Parts withheld by disclosure control.")
    unit: Unit
    reference_period: str | None
    quality: list[QualityFlag]
    revised: bool = Field(description="Shown differently from the release's version before.")


class FigurePage(Answer):
    release: ReleaseRef | None = Field(description="The release the figures come from.")
    note: str | None = Field(description="Why the list is empty, when nothing is published.")
    count: int
    page: int
    page_size: int
    next: Link | None
    previous: Link | None
    results: list[Figure]


class RatingResult(Answer):
    rating: Rating
    label: str
    reason: str


class DirectionResult(Answer):
    direction: Travel
    label: str
    compared_with: MonthText | None
    change: Number | None
    reason: str


class SpcResult(Answer):
    variation: VariationIcon | None
    assurance: AssuranceIcon | None
    label: str
    points: int
    reason: str


class Assessment(Answer):
    metric_id: str
    component: str
    period: MonthText = Field(description="The reporting month.")
    figure_month: MonthText | None = Field(description="The month of the latest figure.")
    value: Number | None
    assessed_value: Number | None = Field(description="The value, or the year to date.")
    target: Target
    rating: RatingResult
    direction: DirectionResult
    spc: SpcResult


class AssessmentList(Answer):
    release: ReleaseRef | None
    note: str | None
    period: MonthText | None
    count: int
    results: list[Assessment]
