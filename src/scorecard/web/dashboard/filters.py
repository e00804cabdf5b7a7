"""The overview's filters, read from the query string: a value that is not the plan's is not
used, and is an error in the page at its field (the page shows what it would without it)."""

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
    # (field, why its value was not used), for the error summary and the field's own message
    ignored: tuple[tuple[str, str], ...] = field(default=())

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
    ignored: list[tuple[str, str]] = []
    areas = [a.id for a in plan.areas]
    area = _choice(query, "area", areas, ("area of improvement", "area"), ignored)
    group = _choice(
        query, "group", [g.id for g in plan.working_groups], ("working group", "group"), ignored
    )
    rating = None
    text = (query.get("rating") or "").strip()
    if text:
        try:
            rating = Rating(text)
        except ValueError:
            words = f'There is no rating "{text[:40]}", so every rating is shown.'
            ignored.append(("rating", words))
    return Filters(area, group, rating, tuple(ignored))


def _choice(
    query: Mapping[str, str],
    name: str,
    allowed: list[int],
    what: tuple[str, str],
    ignored: list[tuple[str, str]],
) -> int | None:
    text = (query.get(name) or "").strip()
    if not text:
        return None
    # ASCII digits only: str.isdigit() also takes "²" (which int() refuses) and "٣"
    if text.isascii() and text.isdigit() and int(text) in allowed:
        return int(text)
    one, every = what
    ignored.append(
        (name, f'There is no {one} "{text[:40]}" in this plan, so every {every} is shown.')
    )
    return None


RATING_CHOICES = [(r.value, RATING_LABELS[r]) for r in Rating]


@dataclass(frozen=True)
class FilterField:
    """One of the overview's filters as its form shows it: a select of the plan's choices."""

    name: str
    label: str
    everything: str  # the first option, for no filter: "All areas"
    options: tuple[tuple[str, str], ...]  # (value, label)
    chosen: str
    error: str = ""


def filter_fields(plan: Plan, filters: Filters, errors: Mapping[str, str]) -> list[FilterField]:
    """The area, working group and rating filters, each with its choices and any error."""
    fields = (
        ("area", "Area of improvement", "All areas", [(a.id, f"Area {a.id}") for a in plan.areas]),
        (
            "group",
            "Partner working group",
            "All groups",
            [(g.id, f"Group {g.id}") for g in plan.working_groups],
        ),
        ("rating", "Rating", "All ratings", RATING_CHOICES),
    )
    chosen = {"area": filters.area, "group": filters.group, "rating": filters.rating}
    return [
        FilterField(
            name,
            label,
            everything,
            tuple((str(value), text) for value, text in options),
            "" if chosen[name] is None else str(getattr(chosen[name], "value", chosen[name])),
            errors.get(name, ""),
        )
        for name, label, everything, options in fields
    ]
