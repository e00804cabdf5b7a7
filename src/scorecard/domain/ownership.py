"""Who supplies each metric's figures: the partner organisations and each metric's owners, and
when figures are due (docs/returns.md)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum

from pydantic import BaseModel, Field

from scorecard.domain.fields import FROZEN, Identifier, Number, Text


class Frozen(BaseModel):
    model_config = FROZEN


class PartnerKind(StrEnum):
    COUNCIL = "council"
    NHS_PROVIDER = "nhs_provider"
    ICB = "icb"
    OTHER = "other"


PARTNER_KIND_WORDS = {
    PartnerKind.COUNCIL: "council service",
    PartnerKind.NHS_PROVIDER: "NHS provider",
    PartnerKind.ICB: "integrated care board",
    PartnerKind.OTHER: "partner",
}


class Partner(Frozen):
    """An organisation of the partnership that supplies figures: a council service, an NHS
    provider, the integrated care board."""

    id: Identifier
    name: Text
    kind: PartnerKind


class Ownership(Frozen):
    """Who answers for a metric: the organisation that supplies its figures, the role that
    submits them (the data owner) and the senior leader accountable for it. Roles, not people:
    the people holding them are given access in the application."""

    organisation: Identifier = Field(description="The id of one of the plan's partners.")
    team: str | None = Field(None, description='The team or service ("SEN Assessment Team").')
    data_owner: Text = Field(description="The role that submits the figures.")
    accountable_lead: Text = Field(description="The senior leader accountable for the metric.")


class ReturnSettings(Frozen):
    """When a month's figures are due: a number of working days (England and Wales) after the
    month ends, skipping bank holidays and any closed days the plan names."""

    lag_working_days: int = Field(
        10, ge=1, le=60, description="Working days after the month ends that its figures are due."
    )
    closed_days: tuple[dt.date, ...] = Field(
        (), description="Extra days that are not working days (closures, new bank holidays)."
    )
    change_warning_percent: Number = Field(
        Decimal(50),
        ge=0,
        description="A figure that differs from the last by more than this share of it (%) "
        "is a warning the data owner confirms.",
    )
