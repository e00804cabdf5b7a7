"""JSON Schema for plan files, generated from the plan models (never written by hand)."""

from __future__ import annotations

import json
from typing import Any

from pydantic import TypeAdapter

from scorecard.domain.catalogue import Metric, PlanHeader

SCHEMA_URL = "https://json-schema.org/draft/2020-12/schema"


def plan_schema() -> dict[str, Any]:
    schema = PlanHeader.model_json_schema()
    return {"$schema": SCHEMA_URL, "title": "plan.yaml", **schema}


def metrics_schema() -> dict[str, Any]:
    schema = TypeAdapter(list[Metric]).json_schema()
    return {"$schema": SCHEMA_URL, "title": "metrics.yaml", **schema}


def schema_texts() -> dict[str, str]:
    return {
        "plan.schema.json": json.dumps(plan_schema(), indent=2, ensure_ascii=False) + "\n",
        "metrics.schema.json": json.dumps(metrics_schema(), indent=2, ensure_ascii=False) + "\n",
    }
