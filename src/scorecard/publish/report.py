"""The scorecard for one reporting month as a typed object that every renderer reads."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from scorecard.domain.assessment.labels import RATING_LABELS, spc_label, travel_label
from scorecard.domain.assessment.series import SeriesAssessment, assess_plan
from scorecard.domain.catalogue import DisclosurePolicy, Metric, Plan, Series
from scorecard.domain.disclosure import disclose
from scorecard.domain.errors import ScorecardError
from scorecard.domain.figures import (
    SYMBOL_MEANINGS,
    Figure,
    FigureStatus,
    QualityFlag,
    figure_grid,
    symbol_legend,
)
from scorecard.domain.formatting import baseline_text, figure_text, target_text
from scorecard.domain.periods import FinancialYear, Month, month_range
from scorecard.domain.public_baselines import disclose_baselines
from scorecard.domain.ragrules import Rating
from scorecard.domain.releases import ReleaseInfo

REVISED_MARK = ("[r]", "revised since it was first published")


@dataclass(frozen=True)
class Part:
    """One part of a multi-part metric's cell ("SSCs 12"), marked revised on its own."""

    label: str
    text: str
    status: FigureStatus
    revised: bool = False

    @property
    def symbol_meaning(self) -> str | None:
        return SYMBOL_MEANINGS.get(self.status)


@dataclass(frozen=True)
class Cell:
    month: Month
    text: str
    statuses: tuple[FigureStatus, ...]
    revised: bool = False
    parts: tuple[Part, ...] = ()

    @property
    def symbol_meaning(self) -> str | None:
        """What the cell's symbol means, when the whole cell is one symbol."""
        if len(set(self.statuses)) == 1 and self.statuses[0] in SYMBOL_MEANINGS:
            return SYMBOL_MEANINGS[self.statuses[0]]
        return None

    @property
    def marked_parts(self) -> bool:
        """Whether [r] follows each revised part rather than the cell: a multi-part metric with
        a part revised ("SSCs 13 [r] / SS 1"), so that the mark names the part that changed."""
        return self.revised and bool(self.parts)

    @property
    def marked_text(self) -> str:
        """The cell as text with its [r] marks, as the workbook writes a cell of text."""
        mark = f" {REVISED_MARK[0]}"
        if self.marked_parts:
            return " / ".join(f"{p.label} {p.text}{mark if p.revised else ''}" for p in self.parts)
        return f"{self.text}{mark}" if self.revised else self.text


@dataclass(frozen=True)
class Row:
    """One metric as the scorecard prints it; a multi-part metric's components share the row,
    written "SSCs 372 / SS 1,565" as in the published tables."""

    metric: Metric
    unit: str
    frequency: str
    baseline: str
    target: str
    cells: tuple[Cell, ...]
    assessments: tuple[SeriesAssessment, ...]
    rating: str
    direction: str
    spc: str

    @property
    def ratings(self) -> tuple[Rating, ...]:
        return tuple(a.rag.rating for a in self.assessments)


@dataclass(frozen=True)
class SectionReport:
    title: str
    areas: tuple[tuple[int, str], ...]
    working_groups: tuple[tuple[int, str], ...]
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Commentary:
    """A data owner's approved words on a metric's figure for the reporting month."""

    metric_id: str
    commentary: str
    actions: str


@dataclass(frozen=True)
class ScorecardReport:
    """`public`: the figures went through disclosure control, and the report carries no
    internal commentary; `release`: the release version it belongs to, if any; `figures`: every
    figure the report was built from (disclosed when public), for the tidy outputs."""

    plan: Plan
    period: Month
    year: FinancialYear
    months: tuple[Month, ...]
    sections: tuple[SectionReport, ...]
    legend: tuple[tuple[str, str], ...]
    public: bool = False
    release: ReleaseInfo | None = None
    commentary: tuple[Commentary, ...] = ()
    figures: tuple[Figure, ...] = ()

    @property
    def rows(self) -> tuple[Row, ...]:
        return tuple(row for section in self.sections for row in section.rows)

    @property
    def months_label(self) -> str:
        """The months shown, in words: "April 2024 to September 2024", or "April 2024" when
        the year to date is one month (an April, or a plan's first month)."""
        first, last = self.months[0], self.months[-1]
        return first.label if first == last else f"{first.label} to {last.label}"


def reporting_months(plan: Plan, period: Month) -> tuple[Month, ...]:
    """The year to date: the plan year's months from its first (or the plan's start) to `period`."""
    if not plan.start <= period <= plan.end:
        raise ScorecardError(
            f"{period} is outside plan {plan.id}, which runs from {plan.start} to {plan.end}"
        )
    first = max(period.financial_year.first_month, plan.start)
    return month_range(first, period)


def build_report(
    plan: Plan,
    recorded: Iterable[Figure],
    period: Month,
    *,
    public: bool = False,
    release: ReleaseInfo | None = None,
    commentary: Iterable[Commentary] = (),
    kept: Mapping[tuple[str, str, Month], AbstractSet[DisclosurePolicy]] | None = None,
) -> ScorecardReport:
    """The scorecard for `period`. A public report is built from disclosed figures (under the
    policies each figure `kept` from earlier plan versions too) and baselines (a plan stored
    before such baselines were refused may hold one its policy withholds), so that its
    assessments and charts can be reproduced from what it shows, and has no commentary."""
    months = reporting_months(plan, period)
    figures = [f for f in recorded if f.period <= period]
    if public:
        plan = disclose_baselines(plan)
        figures = disclose(plan, figures, kept)
    revised = release.revised if release else frozenset()
    grid = {f.key: f for f in figure_grid(plan, figures, months[0], months[-1])}
    assessed = {
        (a.series.metric.id, a.series.component): a
        for a in assess_plan(plan=plan, figures=figures, period=period)
    }
    year = period.financial_year
    sections = tuple(
        SectionReport(
            title=section.title,
            areas=tuple((a.id, a.recommendation) for a in section.areas),
            working_groups=tuple((g, plan.working_group(g).title) for g in section.working_groups),
            rows=tuple(_row(m, months, grid, year, assessed, revised) for m in section.metrics),
        )
        for section in plan.sections()
    )
    legend = symbol_legend(suppressed=public)
    if revised or any(QualityFlag.REVISED in f.quality for f in grid.values()):
        legend = (*legend, REVISED_MARK)
    return ScorecardReport(
        plan,
        period,
        year,
        months,
        sections,
        legend,
        public=public,
        release=release,
        commentary=() if public else tuple(commentary),
        figures=tuple(figures),
    )


def _row(
    metric: Metric,
    months: tuple[Month, ...],
    grid: dict[tuple[str, str, Month], Figure],
    year: FinancialYear,
    assessed: dict[tuple[str, str], SeriesAssessment],
    revised: frozenset[tuple[str, str, Month]],
) -> Row:
    series = metric.series
    mine = {s.component: assessed[(metric.id, s.component)] for s in series}
    return Row(
        metric=metric,
        unit=metric.shown_unit,
        frequency=metric.frequency.value.capitalize(),
        baseline=_joined(series, lambda s: baseline_text(s.baseline, metric.unit)),
        target=_joined(series, lambda s: target_text(s.target_for(year), metric.unit)),
        cells=tuple(_cell(metric, month, grid, revised) for month in months),
        assessments=tuple(mine.values()),
        rating=_joined(series, lambda s: RATING_LABELS[mine[s.component].rag.rating]),
        direction=_joined(series, lambda s: travel_label(mine[s.component].previous)),
        spc=_joined(series, lambda s: spc_label(mine[s.component].spc)),
    )


def _cell(
    metric: Metric,
    month: Month,
    grid: dict[tuple[str, str, Month], Figure],
    revised: frozenset[tuple[str, str, Month]],
) -> Cell:
    figures = [grid[(metric.id, s.component, month)] for s in metric.series]
    statuses = tuple(f.status for f in figures)
    marks = [f.key in revised or QualityFlag.REVISED in f.quality for f in figures]
    if len(figures) == 1 or all(s is FigureStatus.NOT_DUE for s in statuses):
        return Cell(month, figure_text(figures[0], metric.unit), statuses, any(marks))
    parts = tuple(
        Part(s.component_label, figure_text(f, metric.unit), f.status, mark)
        for s, f, mark in zip(metric.series, figures, marks, strict=True)
    )
    text = " / ".join(f"{p.label} {p.text}" for p in parts)
    return Cell(month, text, statuses, any(marks), parts)


def _joined(series: tuple[Series, ...], text_of: Callable[[Series], str]) -> str:
    if len(series) == 1:
        return text_of(series[0])
    return " / ".join(f"{s.component_label} {text_of(s)}" for s in series)
