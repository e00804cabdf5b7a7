"""The rule set that turns a figure into a RAG rating, declared per plan (plan.yaml `rag_rules`).

Rules are tried in order; the first with any condition holding gives the rating. The default:
Green when the figure meets the year's target; Amber when it does not but is on the trajectory
towards it or within the metric's tolerance of it; Red otherwise.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class Rating(StrEnum):
    GREEN = "green"
    AMBER = "amber"
    RED = "red"
    NONE = "none"


class Condition(StrEnum):
    MEETS_TARGET = "meets_target"
    ON_TRAJECTORY = "on_trajectory"
    WITHIN_TOLERANCE = "within_tolerance"
    BETTER_THAN_BASELINE = "better_than_baseline"
    ALWAYS = "always"


class RagRule(BaseModel):
    """One rule: the rating given when any of the conditions holds."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    rating: Rating
    when: tuple[Condition, ...] = Field(min_length=1)


DEFAULT_RULES: tuple[RagRule, ...] = (
    RagRule(rating=Rating.GREEN, when=(Condition.MEETS_TARGET,)),
    RagRule(rating=Rating.AMBER, when=(Condition.ON_TRAJECTORY, Condition.WITHIN_TOLERANCE)),
    RagRule(rating=Rating.RED, when=(Condition.ALWAYS,)),
)
