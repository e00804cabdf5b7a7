"""What the returns list shows of each return on a page, so that an approver sees what they
approve (docs/collection.md, "What the list shows of each return"): its figures as entered, the
last figure on the scorecard before its month, the confirmation its data owner gave with a
warning, and the start of its commentary. Internal and exact, as on the return's page.

Read for the page's returns together, in three queries however many the page holds: the returns
with their latest confirmation, their figures, and the figures on the scorecard."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import OuterRef, Subquery

from scorecard.domain.catalogue import Metric, Plan
from scorecard.domain.figures import Figure, FigureStatus
from scorecard.domain.formatting import excerpt, figure_in_full
from scorecard.domain.periods import Month
from scorecard.domain.signoff import SignOff
from scorecard.web.figures import models as figure_models
from scorecard.web.figures.convert import to_domain
from scorecard.web.returns.entries import component_ids
from scorecard.web.returns.models import Event, Return, ReturnEvent
from scorecard.web.returns.pages import ReturnRow
from scorecard.web.returns.queries import return_figure

Key = tuple[str, Month]


@dataclass(frozen=True)
class Line:
    """One component's figure in words; `label` is the component's ("" for a single-part
    metric), and for a figure before the month, its month too."""

    label: str
    text: str


@dataclass(frozen=True)
class Shown:
    """What the list shows of a return that has figures."""

    figures: tuple[Line, ...]
    previous: tuple[Line, ...]  # the last figure on the scorecard before the month, by component
    draft: bool  # saved but not submitted
    replacing: tuple[Line, ...]  # the month's figures on the scorecard that these would correct
    origin: str  # where figures not entered through a return come from; "" for a return's
    confirmation: str  # the start of the confirmation given with its warnings; "" for none
    commentary: str  # the start of "What the figures tell us"; "" for none
    actions: bool  # whether the actions being taken were given


def shown_figures(plan: Plan, rows: Sequence[ReturnRow]) -> dict[Key, Shown]:
    """What the list shows of each of `rows` that has figures, by metric and month."""
    if not rows:
        return {}
    metrics = {r.metric.id for r in rows}
    periods = {str(r.due.period) for r in rows}
    entered = {
        (found.metric_id, Month.parse(found.period)): found
        for found in _returns(plan.id, metrics, periods)
    }
    recorded = _recorded(plan.id, metrics, last=max(periods))
    shown = {}
    for row in rows:
        key = (row.metric.id, row.due.period)
        found = entered.get(key)
        if found is not None and found.figures.all():
            shown[key] = _from_return(row, found, recorded)
        elif key in recorded.origins:
            shown[key] = _from_scorecard(row, recorded)
    return shown


@dataclass(frozen=True)
class _Recorded:
    """Figures on the scorecard: by metric and component, oldest first; and where the figures
    of each metric and month came from."""

    figures: dict[str, dict[str, list[Figure]]]
    origins: dict[Key, str]

    def of(self, metric: Metric, period: Month) -> dict[str, Figure]:
        """The metric's figures for the month, by component."""
        parts = self.figures.get(metric.id, {})
        return {c: f for c, fs in parts.items() for f in fs if f.period == period}

    def before(self, metric: Metric, period: Month) -> dict[str, Figure]:
        """Each component's last figure with a value before the month: the one the warning of
        a large change compares a new figure with (scorecard.domain.entrychecks)."""
        found = {}
        for component, figures in self.figures.get(metric.id, {}).items():
            earlier = [f for f in figures if f.value is not None and f.period < period]
            if earlier:
                found[component] = earlier[-1]
        return found


def _returns(plan_id: str, metrics: Iterable[str], periods: Iterable[str]) -> list[Return]:
    """The returns of these metrics and months (some of them pairs not on the page, which the
    caller passes over), each with the confirmation of its latest save and its figures."""
    latest_save = (
        ReturnEvent.objects.filter(entry=OuterRef("pk"), event=Event.SAVED)
        .order_by("-id")
        .values("reason")[:1]
    )
    return list(
        Return.objects.filter(plan__plan_id=plan_id, metric_id__in=metrics, period__in=periods)
        .annotate(confirmation=Subquery(latest_save))
        .prefetch_related("figures")
    )


def _recorded(plan_id: str, metrics: Iterable[str], *, last: str) -> _Recorded:
    """The figures on the scorecard of these metrics up to the month `last`."""
    rows = (
        figure_models.Figure.objects.filter(
            plan__plan_id=plan_id, metric_id__in=metrics, period__lte=last
        )
        .exclude(status=FigureStatus.NOT_DUE.value)
        .order_by("period")
    )
    figures: dict[str, dict[str, list[Figure]]] = {}
    origins: dict[Key, str] = {}
    for row in rows:
        figure = to_domain(row)
        figures.setdefault(row.metric_id, {}).setdefault(row.component, []).append(figure)
        origins[(row.metric_id, figure.period)] = row.origin
    return _Recorded(figures, origins)


def _from_return(row: ReturnRow, found: Return, recorded: _Recorded) -> Shown:
    parts = {f.component: return_figure(found, f) for f in found.figures.all()}
    settled = found.state in (SignOff.APPROVED.value, SignOff.PUBLISHED.value)
    now = {} if settled else recorded.of(row.metric, row.due.period)
    return Shown(
        figures=_lines(row.metric, parts),
        previous=_lines(row.metric, recorded.before(row.metric, row.due.period), dated=True),
        draft=found.state == SignOff.DRAFT.value,
        replacing=_lines(row.metric, now),
        origin="",
        confirmation=excerpt(getattr(found, "confirmation", None) or ""),
        commentary=excerpt(found.commentary),
        actions=bool(found.actions.strip()),
    )


def _from_scorecard(row: ReturnRow, recorded: _Recorded) -> Shown:
    """Figures on the scorecard that were not entered through a return: from the plan's files
    or computed from its extracts."""
    key = (row.metric.id, row.due.period)
    origin = figure_models.Origin(recorded.origins[key])
    return Shown(
        figures=_lines(row.metric, recorded.of(row.metric, row.due.period)),
        previous=_lines(row.metric, recorded.before(row.metric, row.due.period), dated=True),
        draft=False,
        replacing=(),
        origin=ORIGIN_WORDS.get(origin, ""),
        confirmation="",
        commentary="",
        actions=False,
    )


ORIGIN_WORDS = {
    figure_models.Origin.PLAN_FILE: "From the plan’s files",
    figure_models.Origin.COMPUTED: "Computed from the plan’s extracts",
}


def _lines(metric: Metric, parts: dict[str, Figure], *, dated: bool = False) -> tuple[Line, ...]:
    """Each component's figure in the metric's order of components, labelled with the
    component (and, `dated`, the figure's month)."""
    labels = {c.id: c.label for c in metric.components}
    lines = []
    for component in component_ids(metric):
        figure = parts.get(component)
        if figure is None:
            continue
        label = labels.get(component, "")
        if dated:
            label = f"{label}, {figure.period.label}" if label else figure.period.label
        lines.append(Line(label, figure_in_full(figure, metric.unit)))
    return tuple(lines)
