"""What each page shows, built from the stored plan and its figures through the same report,
assessments and charts as every other output."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from scorecard.compute.recipes.words import in_words
from scorecard.domain.assessment.labels import RATING_LABELS, spc_label, travel_label
from scorecard.domain.assessment.series import SeriesAssessment
from scorecard.domain.catalogue import Metric, Plan, Series
from scorecard.domain.figures import (
    SYMBOLS,
    Figure,
    FigureStatus,
    QualityFlag,
    figure_grid,
    symbol_legend,
)
from scorecard.domain.formatting import baseline_text, figure_text, quantity, target_text
from scorecard.domain.periods import Month
from scorecard.publish.chart_data import ChartData, chart_data
from scorecard.publish.charts import Chart, metric_chart, sparkline
from scorecard.publish.report import (
    REVISED_MARK,
    Row,
    ScorecardReport,
    SectionReport,
    build_report,
)
from scorecard.web.dashboard.queries import StoredPlan


@dataclass(frozen=True)
class Mark:
    """A mark after a figure: its symbol, what it means (the legend's words, and the symbol's
    title) and what a screen reader hears after it."""

    symbol: str
    meaning: str
    spoken: str


# the release files' own mark and words (docs/publishing.md)
REVISED = Mark(REVISED_MARK[0], REVISED_MARK[1], "revised")
# the partnership's only: an approved figure the public do not see yet
CHANGED = Mark(
    "[changed]",
    "changed since published: the approved figure differs from the one the public see, "
    "in the latest release or the plan's files",
    "changed since published",
)


def mark(stored: StoredPlan, figure: Figure) -> Mark | None:
    """The figure's mark: [r] when the latest public release marks it revised (or it is
    flagged revised), as the release's files do; for the partnership, "[changed]" instead when
    the approved figure is not the one the public see."""
    if figure.key in stored.changed:
        return CHANGED
    if figure.key in stored.revised or QualityFlag.REVISED in figure.quality:
        return REVISED
    return None


def legend(marks: Iterable[Mark | None]) -> tuple[Mark, ...]:
    """The marks a page shows, in the legend's order: nothing when nothing is marked."""
    used = set(marks)
    return tuple(m for m in (REVISED, CHANGED) if m in used)


@dataclass(frozen=True)
class SeriesLine:
    """One metric or component on the overview: its latest figure and assessment."""

    assessment: SeriesAssessment
    label: str
    latest: str
    target: str
    rating: str
    rating_label: str
    direction: str
    spc: str
    sparkline: str
    trend: str  # the sparkline in words, for screen readers
    mark: Mark | None = None  # the latest figure's


@dataclass(frozen=True)
class OverviewRow:
    row: Row
    lines: tuple[SeriesLine, ...]

    @property
    def metric(self) -> Metric:
        return self.row.metric


def report(stored: StoredPlan, period: Month) -> ScorecardReport:
    """The month's report; the public's figures are disclosed already, so its legend says
    what "[c]" means."""
    built = build_report(stored.plan, stored.figures, period)
    if stored.internal:
        return built
    legend = (*symbol_legend(suppressed=True), *built.legend[len(symbol_legend()) :])
    return replace(built, legend=legend, public=True)


def series_line(stored: StoredPlan, assessment: SeriesAssessment, period: Month) -> SeriesLine:
    series = assessment.series
    metric = series.metric
    data = chart_data(stored.plan, series, stored.figures, period)
    latest = latest_figure(stored, assessment, period)
    return SeriesLine(
        assessment=assessment,
        label=series.component_label,
        latest=latest_text(assessment, latest, period),
        mark=None if latest is None else mark(stored, latest),
        target=target_text(assessment.target, metric.unit),
        rating=assessment.rag.rating.value,
        rating_label=RATING_LABELS[assessment.rag.rating],
        direction=travel_label(assessment.previous),
        spc=spc_label(assessment.spc),
        sparkline=sparkline(data),
        trend=trend_text(data),
    )


def trend_text(data: ChartData) -> str:
    """What the trend line draws, for screen readers: its first and last figures."""
    shown = [(p.month, quantity(p.value, data.unit)) for p in data.reported if p.value is not None]
    if not shown:
        return "No figures to draw"
    (first, first_value), (last, last_value) = shown[0], shown[-1]
    if len(shown) == 1:
        return f"One figure: {first_value} in {first.label}"
    return f"From {first_value} in {first.label} to {last_value} in {last.label}"


def latest_figure(stored: StoredPlan, assessment: SeriesAssessment, period: Month) -> Figure | None:
    """The series' latest figure up to `period`, as the overview shows it: the latest value, or
    a later figure withheld by disclosure control, rather than passed over; None before any."""
    series = assessment.series
    mine = {
        f.period: f
        for f in stored.figures
        if f.metric_id == series.metric.id
        and f.component == series.component
        and f.period <= period
    }
    withheld = [m for m, f in mine.items() if f.status is FigureStatus.SUPPRESSED]
    newest = max(withheld, default=None)
    shown = assessment.figure_month
    if newest is not None and (shown is None or newest > shown):
        return mine[newest]
    if assessment.value is None or shown is None:
        return None
    return mine.get(shown)


def latest_text(assessment: SeriesAssessment, latest: Figure | None, period: Month) -> str:
    """The series' `latest` figure (`latest_figure`), with its month when that is not
    `period`: a value, or withheld."""
    if latest is not None and latest.status is FigureStatus.SUPPRESSED:
        return f"{SYMBOLS[FigureStatus.SUPPRESSED]} withheld ({latest.period.label})"
    if latest is None or assessment.value is None:
        return "No figure yet"
    text = quantity(assessment.value, assessment.series.metric.unit)
    return text if latest.period == period else f"{text} ({latest.period.label})"


def overview_rows(
    stored: StoredPlan, section: SectionReport, period: Month
) -> tuple[OverviewRow, ...]:
    return tuple(
        OverviewRow(row, tuple(series_line(stored, a, period) for a in row.assessments))
        for row in section.rows
    )


@dataclass(frozen=True)
class FigureLine:
    """One month of a series as the full table of figures shows it."""

    month: Month
    text: str  # the figure, or the plan's symbol
    status: str  # in words
    reference_period: str
    quality: str
    note: str
    mark: Mark | None = None


STATUS_WORDS = {
    FigureStatus.VALUE: "Reported",
    FigureStatus.NOT_DUE: "Not due",
    FigureStatus.NOT_AVAILABLE: "Not available",
    FigureStatus.SUPPRESSED: "Withheld to protect confidentiality",
}


def figure_lines(stored: StoredPlan, series: Series, period: Month) -> tuple[FigureLine, ...]:
    """Every month from the plan's start to `period`, newest first: the figure or its symbol."""
    metric = series.metric
    grid = figure_grid(stored.plan, stored.figures, stored.plan.start, period)
    mine = [f for f in grid if f.metric_id == metric.id and f.component == series.component]
    return tuple(
        FigureLine(
            month=f.period,
            text=figure_text(f, metric.unit),
            status=STATUS_WORDS[f.status],
            reference_period=f.reference_period or "",
            quality=", ".join(sorted(q.value for q in f.quality)).capitalize(),
            note=f.note or "",
            mark=mark(stored, f),
        )
        for f in reversed(mine)
    )


@dataclass(frozen=True)
class SeriesDetail:
    """A metric (or component) on its own page: baseline, targets, chart and reasons."""

    series: Series
    assessment: SeriesAssessment
    baseline: str
    targets: tuple[tuple[str, str], ...]
    chart: Chart
    narrow_chart: Chart  # drawn for small screens: the wide one scaled down is unreadable
    chart_id: str
    rating_label: str
    figures: tuple[FigureLine, ...]
    chart_rows: tuple[ChartRow, ...]  # the chart's table, each figure with its mark

    @property
    def marks(self) -> tuple[Mark, ...]:
        return legend(line.mark for line in self.figures)


@dataclass(frozen=True)
class ChartRow:
    """A row of a chart's table: the month, the figure with its mark, then the lines drawn."""

    month: str
    figure: str
    mark: Mark | None
    rest: tuple[str, ...]


def chart_rows(chart: Chart, figures: tuple[FigureLine, ...]) -> tuple[ChartRow, ...]:
    """The chart's table (a month, its figure, then the lines) with each figure's mark."""
    marks = {line.month.label: line.mark for line in figures}
    return tuple(
        ChartRow(month, figure, marks.get(month), tuple(rest))
        for month, figure, *rest in chart.table.rows
    )


def series_detail(
    stored: StoredPlan, assessment: SeriesAssessment, period: Month, chart_id: str
) -> SeriesDetail:
    plan: Plan = stored.plan
    series = assessment.series
    unit = series.metric.unit
    data = chart_data(plan, series, stored.figures, period)
    chart = metric_chart(data, chart_id=chart_id)
    figures = figure_lines(stored, series, period)
    return SeriesDetail(
        series=series,
        assessment=assessment,
        baseline=baseline_text(series.baseline, unit),
        targets=tuple(
            (str(year), target_text(series.target_for(year), unit)) for year in plan.years
        ),
        chart=chart,
        narrow_chart=metric_chart(data, chart_id=f"{chart_id}-narrow", width=320, height=240),
        chart_id=chart_id,
        rating_label=RATING_LABELS[assessment.rag.rating],
        figures=figures,
        chart_rows=chart_rows(chart, figures),
    )


@dataclass(frozen=True)
class ComputedBy:
    """How a metric's (or a component's) figures are computed from record-level extracts."""

    label: str | None  # the component's, for a metric of several parts
    name: str
    version: str
    parameters: str  # "`weeks` 4, `excluded_teams` ED, PERINATAL, SPOA"
    paragraphs: tuple[str, ...]
    # The parameters given other than as the recipe's defaults, which its words' numbers are:
    # "`weeks` 4" (the recipe's) and "`weeks` 6" (the metric's); empty when there are none.
    defaults: str = ""
    own: str = ""


def computed_by(metric: Metric) -> tuple[ComputedBy, ...]:
    """The recipe behind each of the metric's series that has one, in words."""
    found = []
    for series in metric.series:
        if series.recipe is None:
            continue
        words = in_words(series.recipe.name)
        if words is None:
            continue
        # in the order the recipe declares them (a store may keep them in another order)
        given = series.recipe.parameters
        order = [p for p in words.parameters if p in given] + sorted(
            set(given) - set(words.parameters)
        )
        shown = ", ".join(f"`{name}` {_as_written(given[name])}" for name in order)
        label = series.component_label if series.component else None
        defaults = dict(words.defaults)
        changed = [
            name
            for name in order
            if (default := defaults.get(name)) is not None and not _same(given[name], default)
        ]
        found.append(
            ComputedBy(
                label,
                words.name,
                words.version,
                shown,
                words.paragraphs,
                ", ".join(f"`{name}` {defaults[name]}" for name in changed),
                ", ".join(f"`{name}` {_as_written(given[name])}" for name in changed),
            )
        )
    return tuple(found)


def _same(given: object, default: str) -> bool:
    """Whether a parameter as the plan gives it means its default as the recipe's words write it:
    `06` is 6, `True` is true, and a list of codes is the same in any order (as the recipes'
    parameter models read them, which the pages do not load: they would bring the engines)."""
    items = given if isinstance(given, list) else [given]
    return sorted(_meaning(_as_written(v)) for v in items) == sorted(
        _meaning(d) for d in default.split(", ")
    )


def _meaning(text: str) -> str:
    text = text.strip()
    if text.isascii() and text.isdigit():
        return str(int(text))
    return text.lower() if text.lower() in ("true", "false") else text


def _as_written(value: object) -> str:
    """A recipe parameter as the plan file writes it: true, 2018-04-01, ED, PERINATAL."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ", ".join(_as_written(v) for v in value)
    return str(value)
