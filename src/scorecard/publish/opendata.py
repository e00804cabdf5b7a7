"""The open data of a scorecard: `data.csv`, one row per metric × component × month of the year
to date with the Government Analysis Function symbols, and `datapackage.json`, a Frictionless
Data Package describing it (docs/publishing.md). The column names are a public contract."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from decimal import Decimal
from typing import assert_never

from scorecard.domain.assessment.series import SeriesAssessment
from scorecard.domain.assessment.travel import Travel
from scorecard.domain.catalogue import DataQuality, Metric, Plan, Unit
from scorecard.domain.figures import Figure, FigureStatus, QualityFlag, figure_grid
from scorecard.domain.ragrules import Rating
from scorecard.domain.spc import AssuranceIcon, VariationIcon
from scorecard.publish.report import ScorecardReport
from scorecard.publish.tables import Cell, Table
from scorecard.publish.writers import table_as_csv

LICENCE = {
    "name": "OGL-UK-3.0",
    "title": "Open Government Licence v3.0",
    "path": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
}

# The Analysis Function's symbols, in the order its guidance lists them; a row's symbols are
# written in this order, separated by a space.
OPEN_SYMBOLS: tuple[tuple[str, str], ...] = (
    ("[c]", "confidential: withheld to protect children's privacy (disclosure control)"),
    ("[x]", "not available: the figure was due but not available at the time of publishing"),
    ("[z]", "not applicable: no figure is scheduled for this month at this frequency"),
    ("[u]", "low reliability: the metric's data are experimental"),
    ("[e]", "estimated"),
    ("[p]", "provisional: the figure may change"),
    ("[r]", "revised since it was first published"),
)
_ORDER = {symbol: n for n, (symbol, _) in enumerate(OPEN_SYMBOLS)}


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    description: str
    values: tuple[str, ...] = ()  # the closed set of values, when there is one


FIELDS: tuple[Field, ...] = (
    Field("plan_id", "string", "The plan's id."),
    Field("release_version", "integer", "The release version; empty when not a release."),
    Field("reporting_period", "yearmonth", "The month the scorecard reports on, YYYY-MM."),
    Field("period", "yearmonth", "The month the figure is for, YYYY-MM."),
    Field("metric_id", "string", 'The metric\'s id as published, for example "1/2.1".'),
    Field("component", "string", "The component of a multi-part metric; empty otherwise."),
    Field("measure", "string", "The measure as named in the metric definitions."),
    Field("unit", "string", "The unit of value: percentages are 0-100.", tuple(Unit)),
    Field(
        "value",
        "number",
        "The figure, in the unit named in the row's unit column (percent: 0 to 100; below zero "
        "only for a metric of net changes, such as places created less places removed); empty "
        "when a symbol stands for it.",
    ),
    Field("numerator", "number", "The count above the line, where recorded and not withheld."),
    Field("denominator", "number", "The count below the line, where recorded and not withheld."),
    Field(
        "symbol",
        "string",
        "Government Analysis Function symbols, separated by a space: [c] confidential, "
        "[x] not available, [z] not applicable, [u] low reliability, [e] estimated, "
        "[p] provisional, [r] revised (the schema's symbols explain each).",
    ),
    Field("status", "string", "What the row holds.", tuple(FigureStatus)),
    Field("withheld", "string", "Parts withheld by disclosure control, separated by ;."),
    Field("quality", "string", "Quality flags, separated by ;: provisional, revised, estimated."),
    Field("data_quality", "string", "The metric's data quality.", tuple(DataQuality)),
    Field("reference_period", "string", "The period the figure describes, when not the month."),
    Field("rating", "string", "RAG rating; on the reporting month's rows only.", tuple(Rating)),
    Field("direction", "string", "Direction of travel against the previous figure.", tuple(Travel)),
    Field("spc_variation", "string", "SPC variation (Making Data Count).", tuple(VariationIcon)),
    Field("spc_assurance", "string", "SPC assurance against the target.", tuple(AssuranceIcon)),
)
COLUMNS = tuple(f.name for f in FIELDS)
_ASSESSED_COLUMNS = ("rating", "direction", "spc_variation", "spc_assurance")


def release_date(report: ScorecardReport) -> dt.date:
    """The release's date, or the reporting month's last day for a scorecard not released."""
    return report.release.released_on if report.release else report.period.last_day


def shown_numbers(figure: Figure) -> tuple[Decimal | None, Decimal | None, Decimal | None]:
    """Value, numerator and denominator as a public output may show them: nothing unless the
    figure is a value, and never a part withheld by disclosure control."""
    if figure.status is not FigureStatus.VALUE:
        return None, None, None
    parts = (("value", figure.value), ("numerator", figure.numerator))
    numbers = [None if name in figure.withheld else n for name, n in parts]
    denominator = None if "denominator" in figure.withheld else figure.denominator
    return numbers[0], numbers[1], denominator


def figure_symbols(figure: Figure, metric: Metric, *, revised: bool) -> tuple[str, ...]:
    """The row's symbols: one that stands for a missing value ([c], [x], [z]), or the ones that
    qualify a value shown ([u], [e], [p]; [c] as well when its numerator or denominator is
    withheld); [r] on any row whose published content changed since the last version."""
    value = shown_numbers(figure)[0]
    symbols: list[str] = []
    match figure.status:
        case FigureStatus.SUPPRESSED:
            symbols.append("[c]")
        case FigureStatus.NOT_AVAILABLE:
            symbols.append("[x]")
        case FigureStatus.NOT_DUE:
            symbols.append("[z]")
        case FigureStatus.VALUE:
            if figure.withheld:
                symbols.append("[c]")
            elif value is None:
                symbols.append("[x]")
        case _:
            assert_never(figure.status)
    if value is not None:
        if metric.data_quality is DataQuality.EXPERIMENTAL:
            symbols.append("[u]")
        if QualityFlag.ESTIMATED in figure.quality:
            symbols.append("[e]")
        if QualityFlag.PROVISIONAL in figure.quality:
            symbols.append("[p]")
    if revised or QualityFlag.REVISED in figure.quality:
        symbols.append("[r]")
    return tuple(sorted(set(symbols), key=_ORDER.__getitem__))


def open_data_table(report: ScorecardReport) -> Table:
    """One row per metric × component × month of the year to date, in plan order."""
    plan = report.plan
    revised = report.release.revised if report.release else frozenset()
    assessed = {
        (a.series.metric.id, a.series.component): a for r in report.rows for a in r.assessments
    }
    grid = figure_grid(plan, report.figures, report.months[0], report.months[-1])
    rows = []
    for figure in grid:
        metric = plan.metric(figure.metric_id)
        row = _row(report, figure, metric, revised=figure.key in revised)
        latest = figure.period == report.period
        row.update(
            _assessed(assessed.get((figure.metric_id, figure.component)) if latest else None)
        )
        rows.append(row)
    return COLUMNS, rows


def _row(
    report: ScorecardReport, figure: Figure, metric: Metric, *, revised: bool
) -> dict[str, Cell]:
    value, numerator, denominator = shown_numbers(figure)
    return {
        "plan_id": report.plan.id,
        "release_version": report.release.version if report.release else None,
        "reporting_period": str(report.period),
        "period": str(figure.period),
        "metric_id": figure.metric_id,
        "component": figure.component,
        "measure": metric.measure,
        "unit": metric.unit.value,
        "value": value,
        "numerator": numerator,
        "denominator": denominator,
        "symbol": " ".join(figure_symbols(figure, metric, revised=revised)),
        "status": figure.status.value,
        "withheld": ";".join(sorted(figure.withheld)),
        "quality": ";".join(sorted(q.value for q in figure.quality)),
        "data_quality": metric.data_quality.value,
        "reference_period": figure.reference_period,
    }


def _assessed(assessment: SeriesAssessment | None) -> dict[str, Cell]:
    if assessment is None:
        return dict.fromkeys(_ASSESSED_COLUMNS)
    spc = assessment.spc
    return {
        "rating": assessment.rag.rating.value,
        "direction": assessment.previous.travel.value,
        "spc_variation": spc.variation.value if spc.variation else None,
        "spc_assurance": spc.assurance.value if spc.assurance else None,
    }


def render_data_csv(report: ScorecardReport) -> bytes:
    return table_as_csv(open_data_table(report)).encode("utf-8")


def _contributors(plan: Plan) -> list[dict[str, str]]:
    """The partnership publishes; its contact, when the plan names one, maintains the data."""
    found = [{"title": plan.organisation.name, "role": "publisher"}]
    contact = plan.organisation.contact
    if contact is not None:
        found.append({"title": contact.team, "email": contact.email, "role": "maintainer"})
    return found


def datapackage(report: ScorecardReport) -> dict[str, object]:
    """The Frictionless Data Package descriptor of the report's data.csv."""
    plan = report.plan
    data = render_data_csv(report)
    released = release_date(report)
    descriptor: dict[str, object] = {
        "profile": "tabular-data-package",
        "name": f"{plan.id}-{report.period}",
        "title": f"{plan.title}: {report.period.label} – {plan.local_area}",
        "description": _description(report),
        "created": f"{released.isoformat()}T00:00:00Z",
        "licenses": [LICENCE],
        "contributors": _contributors(plan),
        "sources": [{"title": source} for source in _sources(report)],
        "resources": [_resource(report, data)],
    }
    if report.release:
        descriptor["version"] = f"{report.release.version}.0.0"
    return descriptor


def _description(report: ScorecardReport) -> str:
    plan = report.plan
    # the plan's own title, with its local area unless the title names it already
    named = plan.title if plan.local_area in plan.title else f"{plan.title}, {plan.local_area},"
    text = (
        f"The figures of {named} for {report.months_label}: one row per metric, component "
        "and month, with each metric's rating, direction of travel and SPC for the reporting "
        "month."
    )
    if report.release:
        text += f" Release version {report.release.version} of {released_text(report)}."
    if report.public:
        text += " Small numbers about children are withheld ([c]) by disclosure control."
    return text


def released_text(report: ScorecardReport) -> str:
    """ "24 October 2024"."""
    day = release_date(report)
    return f"{day.day} {day:%B %Y}"


def _sources(report: ScorecardReport) -> list[str]:
    return list(dict.fromkeys(m.source for m in report.plan.metrics))


def _resource(report: ScorecardReport, data: bytes) -> dict[str, object]:
    return {
        "profile": "tabular-data-resource",
        "name": "data",
        "path": "data.csv",
        "title": f"Scorecard figures, {report.months_label}",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "bytes": len(data),
        "hash": "sha256:" + hashlib.sha256(data).hexdigest(),
        "dialect": {"delimiter": ",", "doubleQuote": True, "header": True, "lineTerminator": "\n"},
        "schema": {
            "fields": [_field(f) for f in FIELDS],
            "missingValues": [""],
            "symbols": [{"symbol": s, "meaning": m} for s, m in OPEN_SYMBOLS],
        },
    }


def _field(field: Field) -> dict[str, object]:
    described: dict[str, object] = {
        "name": field.name,
        "type": field.type,
        "description": field.description,
    }
    if field.type == "yearmonth":
        described["format"] = "default"
    if field.values:
        described["constraints"] = {"enum": [str(v) for v in field.values]}
    return described


def render_datapackage(report: ScorecardReport) -> bytes:
    text = json.dumps(datapackage(report), indent=2, ensure_ascii=False, sort_keys=True)
    return (text + "\n").encode("utf-8")
