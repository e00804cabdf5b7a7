"""The data contracts of the record-level extracts, read from contracts.yaml."""

from __future__ import annotations

from enum import StrEnum
from functools import cache
from importlib.resources import files

import yaml
from pydantic import BaseModel, ConfigDict, Field


class ColumnType(StrEnum):
    STRING = "string"
    CODE = "code"
    DATE = "date"
    INTEGER = "integer"
    BOOLEAN = "boolean"


class Column(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    type: ColumnType
    meaning: str
    nullable: bool = False
    codes: tuple[str, ...] = ()


class Extract(BaseModel):
    """One extract: its columns, its key, and the date columns that must come in order."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    description: str
    metrics: tuple[str, ...]
    key: tuple[str, ...]
    columns: tuple[Column, ...] = Field(min_length=1)
    order: tuple[tuple[str, str], ...] = ()

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


@cache
def contracts() -> dict[str, Extract]:
    text = (files("scorecard.compute") / "contracts.yaml").read_text(encoding="utf-8")
    return {e.name: e for e in (Extract.model_validate(item) for item in yaml.safe_load(text))}
