"""The OpenAPI 3.1 document of the API, generated: the operations are listed here as data, and
every schema comes from the answer models (scorecard.web.api.schemas), so the document says
what the views send. The tests check every answer against it."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from scorecard.domain.fields import PLAN_ID_PATTERN
from scorecard.web.api import schemas
from scorecard.web.api.params import (
    DEFAULT_PAGE_SIZE,
    MAX_PAGE,
    MAX_PAGE_SIZE,
    MONTH_PATTERN,
    PublicStatus,
)
from scorecard.web.api.queries import LARGEST_VERSION

API_VERSION = "1.0.0"
PREFIX = "/api/v1"
MONTH = {"type": "string", "pattern": MONTH_PATTERN}


@dataclass(frozen=True)
class Param:
    name: str
    where: str  # "path" or "query"
    description: str
    schema: dict[str, Any]

    def as_openapi(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "in": self.where,
            "required": self.where == "path",
            "description": self.description,
            "schema": self.schema,
        }


@dataclass(frozen=True)
class Operation:
    path: str
    name: str  # the operationId
    url_name: str  # the address's name in scorecard.web.api.urls
    summary: str
    description: str
    answer: type[BaseModel] | None  # None: the OpenAPI document itself
    params: tuple[Param, ...] = ()


PLAN = Param("plan_id", "path", "The plan's id.", {"type": "string", "pattern": PLAN_ID_PATTERN})
METRIC = Param(
    "metric", "path", 'The metric\'s slug ("1/2.1" is 1-2-1).', {"type": "string", "minLength": 1}
)
PERIOD = Param("period", "path", "The release's reporting month, YYYY-MM.", MONTH)
NUMBER = Param(
    "number",
    "path",
    "The version number.",
    {"type": "integer", "minimum": 1, "maximum": LARGEST_VERSION},
)
FIGURE_FILTERS = (
    Param(
        "metric", "query", "Only this metric (its id or slug).", {"type": "string", "minLength": 1}
    ),
    Param("from", "query", "Only figures for this month or later, YYYY-MM.", MONTH),
    Param("to", "query", "Only figures for this month or earlier, YYYY-MM.", MONTH),
    Param(
        "status",
        "query",
        "Only figures with this status.",
        {"type": "string", "enum": [s.value for s in PublicStatus]},
    ),
    Param(
        "page",
        "query",
        "The page, from 1; a page beyond the last is a 400 problem.",
        {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1},
    ),
    Param(
        "page_size",
        "query",
        f"Figures a page, at most {MAX_PAGE_SIZE}.",
        {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE, "default": DEFAULT_PAGE_SIZE},
    ),
)
PLANS = f"{PREFIX}/plans"
ONE_PLAN = PLANS + "/{plan_id}"
RELEASE = ONE_PLAN + "/releases/{period}"

OPERATIONS: tuple[Operation, ...] = (
    Operation(
        f"{PREFIX}/openapi.json",
        "openapi",
        "openapi",
        "This document",
        "The OpenAPI 3.1 description of the API.",
        None,
    ),
    Operation(PLANS, "listPlans", "plans", "The plans", "Every plan loaded.", schemas.PlanList),
    Operation(
        ONE_PLAN,
        "getPlan",
        "plan",
        "A plan",
        "The plan's title, local area, organisation, period, areas of improvement with their "
        "recommendations, and working groups, from the latest version of its definition.",
        schemas.PlanDetail,
        (PLAN,),
    ),
    Operation(
        ONE_PLAN + "/metrics",
        "listMetrics",
        "metrics",
        "The plan's metrics",
        "Every metric with its definition, unit, frequency, polarity, baseline, targets and "
        "disclosure policy.",
        schemas.MetricList,
        (PLAN,),
    ),
    Operation(
        ONE_PLAN + "/metrics/{metric}",
        "getMetric",
        "metric",
        "A metric",
        "One metric with its definition.",
        schemas.Metric,
        (PLAN, METRIC),
    ),
    Operation(
        ONE_PLAN + "/figures",
        "listFigures",
        "figures",
        "The published figures",
        "The figures of the plan's latest public release version (or, with release, of that "
        "month's release: its latest public version, or the version given), "
        "disclosure-controlled: a withheld value is null with the status suppressed. Ordered "
        "by metric, component and month. Empty, with a note, while nothing is published.",
        schemas.FigurePage,
        (
            PLAN,
            *FIGURE_FILTERS,
            Param(
                "release",
                "query",
                "The figures as the release for this month published them, YYYY-MM (its latest "
                "public version); a month without a public release is a 404 problem.",
                MONTH,
            ),
            Param(
                "version",
                "query",
                "With release: that version of it (an earlier one shows the figures before "
                "its amendments); a version that is not public is a 404 problem.",
                {"type": "integer", "minimum": 1, "maximum": LARGEST_VERSION},
            ),
        ),
    ),
    Operation(
        ONE_PLAN + "/assessments",
        "listAssessments",
        "assessments",
        "The published assessments",
        "Each metric's (or component's) rating, direction of travel and SPC, each with its "
        "reason in words, as the public release shows them: of the latest public version of "
        "the month's release, or of the latest release without a period.",
        schemas.AssessmentList,
        (PLAN, Param("period", "query", "The reporting month, YYYY-MM.", MONTH)),
    ),
    Operation(
        ONE_PLAN + "/releases",
        "listReleases",
        "releases",
        "The releases",
        "Every month with a public release version, newest first.",
        schemas.ReleaseList,
        (PLAN,),
    ),
    Operation(
        RELEASE,
        "getRelease",
        "release",
        "A release",
        "The month's public versions, oldest first.",
        schemas.ReleaseDetail,
        (PLAN, PERIOD),
    ),
    Operation(
        RELEASE + "/versions/{number}",
        "getVersion",
        "version",
        "A release version",
        "The version's facts, history, the values it revised, and its public files.",
        schemas.VersionDetail,
        (PLAN, PERIOD, NUMBER),
    ),
)

CONDITIONAL = (
    {
        "name": "If-None-Match",
        "in": "header",
        "required": False,
        "description": "ETags held: 304 when the answer's ETag is among them.",
        "schema": {"type": "string"},
    },
    {
        "name": "If-Modified-Since",
        "in": "header",
        "required": False,
        "description": "An HTTP date: 304 when the answer has not changed since (without "
        "If-None-Match).",
        "schema": {"type": "string"},
    },
)
HEADERS = {
    "ETag": {
        "description": "A strong ETag: the SHA-256 of the body, in quotes.",
        "required": True,
        "schema": {"type": "string", "pattern": '^"[0-9a-f]{64}"$'},
    },
    "Last-Modified": {
        "description": "When the data the answer depends on last changed.",
        "schema": {"type": "string"},
    },
    "Cache-Control": {"schema": {"type": "string"}},
}


def _problem(description: str) -> dict[str, Any]:
    content = {"schema": {"$ref": "#/components/schemas/Problem"}}
    return {"description": description, "content": {"application/problem+json": content}}


def _operation(operation: Operation) -> dict[str, Any]:
    body: dict[str, Any] = (
        {"type": "object"}
        if operation.answer is None
        else {"$ref": f"#/components/schemas/{operation.answer.__name__}"}
    )
    responses: dict[str, Any] = {
        "200": {
            "description": "OK",
            "headers": HEADERS,
            "content": {"application/json": {"schema": body}},
        },
        "304": {"description": "Not modified: the copy held is current.", "headers": HEADERS},
        "400": _problem("A query parameter is unknown, given twice or not allowed."),
    }
    if any(p.where == "path" for p in operation.params):
        responses["404"] = _problem("No such plan, metric, release or version (or not public).")
    return {
        "operationId": operation.name,
        "summary": operation.summary,
        "description": operation.description,
        "parameters": [p.as_openapi() for p in operation.params] + list(CONDITIONAL),
        "responses": responses,
    }


@functools.cache
def document() -> dict[str, Any]:
    models: list[type[BaseModel]] = [schemas.Problem]
    models += [o.answer for o in OPERATIONS if o.answer is not None]
    _, found = models_json_schema(
        [(m, "serialization") for m in models],
        ref_template="#/components/schemas/{model}",
    )
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Scorecard open data API",
            "version": API_VERSION,
            "description": "Read-only, public: plans, metrics, and the figures and assessments "
            "of published releases, disclosure-controlled (docs/api.md).",
        },
        "paths": {o.path: {"get": _operation(o)} for o in OPERATIONS},
        "components": {"schemas": found["$defs"]},
    }


@functools.cache
def document_modified() -> dt.datetime:
    """When the API's code last changed: the document is generated from it."""
    newest = max(p.stat().st_mtime for p in Path(__file__).parent.glob("*.py"))
    return dt.datetime.fromtimestamp(newest, tz=dt.UTC)
