"""Between stored figure rows and domain figures."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from scorecard.domain.figures import Figure, FigureStatus, QualityFlag
from scorecard.domain.periods import Month
from scorecard.web.figures import models


def to_domain(row: models.Figure) -> Figure:
    return Figure(
        metric_id=row.metric_id,
        component=row.component,
        period=Month.parse(row.period),
        status=FigureStatus(row.status),
        value=exact(row.value),
        numerator=exact(row.numerator),
        denominator=exact(row.denominator),
        reference_period=row.reference_period or None,
        quality=frozenset(QualityFlag(q) for q in row.quality.split(";") if q),
        source=row.source or None,
        note=row.note or None,
        recorded_by=row.recorded_by,
        recorded_at=row.recorded_at,
    )


def exact(value: Decimal | str | None) -> Decimal | None:
    """ExactDecimalField reads back Decimals; the type checker sees its text column."""
    return None if value is None else Decimal(value)


def stored_fields(figure: Figure) -> dict[str, Any]:
    """The columns a figure's content sets (not who recorded it or when)."""
    return {
        "status": figure.status.value,
        "value": figure.value,
        "numerator": figure.numerator,
        "denominator": figure.denominator,
        "reference_period": figure.reference_period or "",
        "quality": ";".join(sorted(q.value for q in figure.quality)),
        "source": figure.source or "",
        "note": figure.note or "",
    }


def snapshot(figure: Figure) -> dict[str, Any]:
    """A figure's content as JSON for the change history; numbers as exact text."""
    return {
        key: (
            str(value)
            if value is not None and key in {"value", "numerator", "denominator"}
            else value
        )
        for key, value in stored_fields(figure).items()
    }
