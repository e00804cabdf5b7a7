"""A page not found that names the page most likely meant: a metric's address with its id in
other case ("inc-03" for INC-03). Ids are compared exactly (docs/plan-format.md); the page not
found (dashboard/404.html) offers the link."""

from __future__ import annotations

from collections.abc import Callable

from django.http import Http404

from scorecard.domain.catalogue import Metric, Plan
from scorecard.domain.ids import in_other_case


class NotFoundMeant(Http404):
    """Not found, with the pages meant: (what to call it, its address)."""

    def __init__(self, reason: str, meant: tuple[tuple[str, str], ...] = ()) -> None:
        super().__init__(reason)
        self.meant = meant


def metric_or_404(plan: Plan, slug: str, address: Callable[[Metric], str]) -> Metric:
    """The plan's metric with this slug; else not found, with `address` of the metric whose
    slug is `slug` in other case, when there is one."""
    for metric in plan.metrics:
        if metric.slug == slug:
            return metric
    others = in_other_case(slug, (m.slug for m in plan.metrics))
    meant = tuple((m.id, address(m)) for m in plan.metrics if m.slug in others)
    raise NotFoundMeant(f'There is no metric "{slug}" in this plan.', meant)
