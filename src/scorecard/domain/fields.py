"""Annotated field types shared by the plan models: periods written as text in plan files."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    WithJsonSchema,
)

from scorecard.domain.periods import AcademicYear, FinancialYear, Month

# Every plan model is immutable, and an unknown field is an error, never ignored.
FROZEN = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


def _month(value: Any) -> Month:
    if isinstance(value, Month):
        return value
    if isinstance(value, dt.date):
        raise ValueError(f"{value.isoformat()} is a date, not a month; write it as YYYY-MM")
    return Month.parse(str(value))


def _finite(value: Decimal) -> Decimal:
    if not value.is_finite():
        raise ValueError("must be a finite number")
    return abs(value) if value.is_zero() else value  # "-0" is 0


MonthField = Annotated[
    Month,
    PlainValidator(_month),
    PlainSerializer(str, return_type=str),
    WithJsonSchema({"type": "string", "pattern": r"^\d{4}-(0[1-9]|1[0-2])$"}),
]


def financial_year_label(value: str) -> str:
    """Check a "2024-25" label and return it in its canonical form."""
    return str(FinancialYear.parse(value))


def month_label(value: str) -> str:
    """Check a "2024-09" label and return it in its canonical form."""
    return str(Month.parse(value))


def academic_year_label(value: str) -> str:
    return str(AcademicYear.parse(value))


FinancialYearLabel = Annotated[
    str,
    AfterValidator(financial_year_label),
    WithJsonSchema({"type": "string", "pattern": r"^\d{4}-\d{2}$", "examples": ["2024-25"]}),
]
MonthLabel = Annotated[
    str,
    AfterValidator(month_label),
    WithJsonSchema(
        {"type": "string", "pattern": r"^\d{4}-(0[1-9]|1[0-2])$", "examples": ["2024-09"]}
    ),
]
AcademicYearLabel = Annotated[
    str,
    AfterValidator(academic_year_label),
    WithJsonSchema({"type": "string", "pattern": r"^\d{4}/\d{2}$", "examples": ["2024/25"]}),
]

# Numbers stay exact: plan files are read as text and numbers become Decimals, never floats.
Number = Annotated[Decimal, AfterValidator(_finite)]

NO_TARGET = "no target available"


def _target_value(value: Any) -> Decimal | str:
    if isinstance(value, str) and value.strip().lower() == NO_TARGET:
        return NO_TARGET
    try:
        number = Decimal(str(value).strip())
    except ArithmeticError:
        number = None
    if number is None or isinstance(value, bool) or not number.is_finite():
        raise ValueError(f'a target is a number or "{NO_TARGET}", not "{value}"')
    return abs(number) if number.is_zero() else number  # "-0" is 0


# A year's target: a number, or "no target available" when the plan publishes that it has none.
TargetValue = Annotated[
    Decimal | str,
    PlainValidator(_target_value),
    PlainSerializer(lambda v: v if isinstance(v, str) else str(v), return_type=str),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "number"},
                {"type": "string", "pattern": r"^-?\d+(\.\d+)?$"},
                {"const": NO_TARGET},
            ]
        }
    ),
]

IDENTIFIER_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._/-]*$"
PLAN_ID_PATTERN = r"^[a-z0-9][a-z0-9-]{1,62}$"
LA_CODE_PATTERN = r"^[0-9]{3}$"
# What each pattern means, for messages.
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
PHONE_PATTERN = r"^\+?[0-9][0-9 ]{6,}[0-9]$"

PATTERN_WORDS = {
    IDENTIFIER_PATTERN: "use letters, digits and . / _ - only, starting with a letter or digit",
    PLAN_ID_PATTERN: "use 2 to 63 lower-case letters, digits and -, starting with either",
    LA_CODE_PATTERN: (
        "use the local authority's three-digit DfE code, as plan.yaml gives it as la_code, "
        "for example 874"
    ),
    EMAIL_PATTERN: "write an email address, such as send.performance@my-area.gov.uk",
    PHONE_PATTERN: "write a telephone number in digits and spaces, such as 01234 567890",
}

# An ONS (GSS) code of a local authority: unitary, district, metropolitan district, London
# borough, county (E06-E10) or Welsh principal area (W06), which people often give for la_code.
ONS_LA_CODE = re.compile(r"(E0[6-9]|E10|W06)[0-9]{6}", re.IGNORECASE)


def la_code_words(value: str, name: str = "la_code") -> str:
    """What to write instead of `value`, given where a local authority's DfE code belongs
    (`name`: la_code, or an option such as --la): an ONS code is named as one."""
    if ONS_LA_CODE.fullmatch(value.strip()):
        return (
            f"that is an ONS local authority code; {name} is the three-digit DfE (LA) code of "
            "the same authority, for example 874"
        )
    return PATTERN_WORDS[LA_CODE_PATTERN]


Identifier = Annotated[str, Field(min_length=1, max_length=40, pattern=IDENTIFIER_PATTERN)]
Text = Annotated[str, Field(min_length=1)]
