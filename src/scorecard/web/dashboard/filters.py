"""The overview's filters, read from the query string: unknown values are ignored, and said so."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from scorecard.domain.assessment.labels import RATING_LABELS
from scorecard.domain.catalogue import Metric, Plan
from scorecard.domain.ragrules import Rating
from scorecard.publish.report import Row


@dataclass(frozen=True)
class Filters:
    area: int | None = None
    group: int | None = None
    rating: Rating | None = None
    ignored: tuple[str, ...] = field(default=())

    @property
    def active(self) -> bool:
        return any(v is not None for v in (self.area, self.group, self.rating))

    def keeps(self, plan: Plan, row: Row) -> bool:
        metric = row.metric
        if self.area is not None and self.area not in metric.areas:
            return False
        if self.group is not None and self.group not in _groups(plan, metric):
            return False
        return self.rating is None or self.rating in row.ratings


def _groups(plan: Plan, metric: Metric) -> set[int]:
    return {g for a in plan.areas if a.id in metric.areas for g in a.working_groups}


def read_filters(plan: Plan, query: Mapping[str, str]) -> Filters:
    ignored: list[str] = []
    area = _choice(query, "area", [a.id for a in plan.areas], "area of improvement", ignored)
    group = _choice(query, "group", [g.id for g in plan.working_groups], "working group", ignored)
    rating = None
    text = (query.get("rating") or "").strip()
    if text:
        try:
            rating = Rating(text)
        except ValueError:
            ignored.append(f'The rating "{text[:40]}" was not understood, so it was ignored.')
    return Filters(area, group, rating, tuple(ignored))


def _choice(
    query: Mapping[str, str], name: str, allowed: list[int], what: str, ignored: list[str]
) -> int | None:
    text = (query.get(name) or "").strip()
    if not text:
        return None
    if text.isdigit() and int(text) in allowed:
        return int(text)
    ignored.append(f'There is no {what} "{text[:40]}" in this plan, so it was ignored.')
    return None


RATING_CHOICES = [(r.value, RATING_LABELS[r]) for r in Rating]
