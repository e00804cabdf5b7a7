"""SPC for a plan's series: the due months from the first figure to the reporting month."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from scorecard.domain.assessment.words import shown
from scorecard.domain.catalogue import Accumulation, Polarity, Series
from scorecard.domain.formatting import rounded
from scorecard.domain.periods import Month, month_range
from scorecard.domain.spc import AssuranceIcon, Direction, VariationIcon, xmr

MIN_POINTS = 2
DIRECTIONS = {
    Polarity.HIGHER_IS_BETTER: Direction.INCREASE,
    Polarity.LOWER_IS_BETTER: Direction.DECREASE,
    Polarity.NONE: Direction.NEUTRAL,
}


@dataclass(frozen=True)
class SpcSummary:
    variation: VariationIcon | None
    assurance: AssuranceIcon | None
    reason: str
    warnings: tuple[str, ...] = ()
    points: int = 0

    @property
    def in_words(self) -> str:
        """The reason with its notes, as every public output gives it ("… Note: The group
        starting April 2024 has 6 points; limits … are provisional …")."""
        notes = "".join(f" Note: {w[:1].upper()}{w[1:]}." for w in self.warnings)
        return f"{self.reason}{notes}"


def series_spc(
    *,
    series: Series,
    values: Mapping[Month, Decimal],
    period: Month,
    target: Decimal | None,
) -> SpcSummary:
    """An XmR chart over the months the metric is due, from its first figure to `period`; a due
    month without a figure is a missing point, which breaks runs."""
    recorded = [m for m in values if m <= period]
    if not recorded:
        return SpcSummary(None, None, "No SPC: there are no figures yet.")
    schedule = series.metric.reporting_schedule
    months = schedule.due_months(month_range(min(recorded), period))
    points = [float(values[m]) if m in values else None for m in months]
    count = sum(p is not None for p in points)
    if count < MIN_POINTS:
        return SpcSummary(
            None,
            None,
            f"No SPC: it needs at least {MIN_POINTS} figures and there is {count}.",
            points=count,
        )
    direction = DIRECTIONS[series.metric.polarity]
    metric = series.metric
    # a target met by the year's figures added up says nothing about each figure's limits
    cumulative = metric.accumulation is Accumulation.YEAR_TO_DATE
    result = xmr(
        dates=[m.first_day for m in months],
        values=points,
        direction=direction,
        target=None if target is None or cumulative else float(target),
        date_words=lambda day: Month.of(day).label,
        number_words=lambda x: shown(_tidy(Decimal(repr(x)), metric.decimals), metric.unit),
    )
    assurance_reason = result.assurance_reason
    if cumulative and target is not None:
        assurance_reason = (
            f"No assurance icon: the target of {shown(target, metric.unit)} is for the year's "
            "figures added up, not for each figure."
        )
    reason = f"{result.variation_reason} {assurance_reason}"
    return SpcSummary(
        result.variation_icon, result.assurance_icon, reason, result.warnings, points=count
    )


def _tidy(value: Decimal, decimals: int) -> Decimal:
    """Rounded to the metric's decimal places, without trailing zeros: 49.0 → 49, 16.086 → 16.1."""
    result = rounded(value, decimals)
    if result == result.to_integral_value():
        return result.quantize(Decimal(1))
    return result.normalize()
