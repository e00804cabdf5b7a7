"""A release version's snapshot as JSON and back: every figure exactly as stored, and the
approved commentary. Numbers are kept as exact text, so 83 and 83.0 stay different."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from scorecard.domain.figures import Figure, FigureStatus, QualityFlag
from scorecard.domain.periods import Month
from scorecard.publish.report import Commentary

NUMBERS = ("value", "numerator", "denominator")


def figure_json(figure: Figure) -> dict[str, Any]:
    return {
        "metric_id": figure.metric_id,
        "component": figure.component,
        "period": str(figure.period),
        "status": figure.status.value,
        **{n: None if getattr(figure, n) is None else str(getattr(figure, n)) for n in NUMBERS},
        "reference_period": figure.reference_period,
        "quality": sorted(q.value for q in figure.quality),
        "source": figure.source,
        "note": figure.note,
    }


def figure_from_json(data: dict[str, Any]) -> Figure:
    return Figure(
        metric_id=data["metric_id"],
        component=data["component"],
        period=Month.parse(data["period"]),
        status=FigureStatus(data["status"]),
        value=_number(data["value"]),
        numerator=_number(data["numerator"]),
        denominator=_number(data["denominator"]),
        reference_period=data["reference_period"],
        quality=frozenset(QualityFlag(q) for q in data["quality"]),
        source=data["source"],
        note=data["note"],
    )


def _number(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def make_snapshot(figures: list[Figure], commentary: list[Commentary]) -> dict[str, Any]:
    ordered = sorted(figures, key=lambda f: (f.metric_id, f.component, f.period))
    return {
        "figures": [figure_json(f) for f in ordered],
        "commentary": [
            {"metric_id": c.metric_id, "commentary": c.commentary, "actions": c.actions}
            for c in sorted(commentary, key=lambda c: c.metric_id)
        ],
    }


def snapshot_figures(snapshot: dict[str, Any]) -> list[Figure]:
    return [figure_from_json(f) for f in snapshot["figures"]]


def snapshot_commentary(snapshot: dict[str, Any]) -> list[Commentary]:
    return [
        Commentary(c["metric_id"], c["commentary"], c["actions"]) for c in snapshot["commentary"]
    ]


def refresh_words(
    before: dict[str, Any], after: dict[str, Any], plan_before: int, plan_after: int
) -> str:
    """What a refresh changed in a draft, for its history: "figures changed: 3.1 2024-09,
    4.2 2024-09; commentary changed: 3.1; plan version 3 to 4", or "nothing changed"."""
    parts = []
    figures = _changed(before["figures"], after["figures"], ("metric_id", "component", "period"))
    if figures:
        parts.append("figures changed: " + ", ".join(_figure_key(key) for key in figures))
    commentary = _changed(before["commentary"], after["commentary"], ("metric_id",))
    if commentary:
        parts.append("commentary changed: " + ", ".join(key[0] for key in commentary))
    if plan_before != plan_after:
        parts.append(f"plan version {plan_before} to {plan_after}")
    return "; ".join(parts) or "nothing changed"


def _changed(
    before: list[dict[str, Any]], after: list[dict[str, Any]], key: tuple[str, ...]
) -> list[tuple[str, ...]]:
    """The keys of the records added, taken out or changed, in order."""
    old = {tuple(record[k] for k in key): record for record in before}
    new = {tuple(record[k] for k in key): record for record in after}
    return sorted(k for k in old.keys() | new.keys() if old.get(k) != new.get(k))


def _figure_key(key: tuple[str, ...]) -> str:
    metric_id, component, period = key
    return f"{metric_id}{' ' + component if component else ''} {period}"
