"""Progress: the share of the distance from the baseline to the target already covered."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from scorecard.domain.assessment.words import at_least_as_good, shown
from scorecard.domain.catalogue import Polarity, Target, TargetState, Unit


@dataclass(frozen=True)
class ProgressResult:
    share: Decimal | None  # 0.25 means a quarter of the way; negative: further away
    reason: str

    @property
    def percent(self) -> Decimal | None:
        if self.share is None:
            return None
        percent = (self.share * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP)
        return percent.copy_abs() if percent == 0 else percent  # never "-0%"


def progress(
    *,
    value: Decimal | None,
    baseline: Decimal | None,
    target: Target,
    unit: Unit,
    polarity: Polarity = Polarity.NONE,
    year_to_date: bool = False,
) -> ProgressResult:
    """(value - baseline) / (target - baseline). For targets met by the year's figures added
    up, pass the year-to-date total as `value`, 0 as `baseline` and `year_to_date=True`.
    When the baseline already meets the target there is no distance to cover, and a share
    would call a worse figure progress: no measure."""
    if target.state is not TargetState.SET or target.value is None:
        return ProgressResult(None, f"No progress measure: no target for {target.year}.")
    if baseline is None:
        return ProgressResult(None, "No progress measure: the baseline is not set.")
    if value is None:
        return ProgressResult(None, "No progress measure: there is no figure yet.")
    distance = target.value - baseline
    if not year_to_date and at_least_as_good(baseline, target.value, polarity):
        return ProgressResult(
            None,
            f"No progress measure: the baseline of {shown(baseline, unit)} already meets the "
            f"{target.year} target of {shown(target.value, unit)}.",
        )
    if distance == 0:
        return ProgressResult(None, "No progress measure: the target equals the baseline.")
    result = ProgressResult((value - baseline) / distance, "")
    start, goal = shown(baseline, unit), shown(target.value, unit)
    percent = result.percent
    year = target.year
    if year_to_date:
        so_far = f"{shown(value, unit)} so far"
        if result.share is not None and result.share < 0:
            reason = (
                f"Progress: {percent}%: {so_far} in {year}, further from the target of {goal} "
                "than at the start of the year."
            )
        else:
            reason = f"Progress: {percent}% of the {year} target of {goal} ({so_far})."
        return ProgressResult(result.share, reason)
    if result.share is not None and result.share < 0:
        reason = (
            f"Progress: {percent}%: {shown(value, unit)} is further from the {year} "
            f"target of {goal} than the baseline of {start} was."
        )
    elif result.share is not None and result.share > 1:
        reason = (
            f"Progress: {percent}%: {shown(value, unit)} has gone past the {year} target of "
            f"{goal}, from the baseline of {start}."
        )
    else:
        reason = (
            f"Progress: {percent}% of the way from the baseline of {start} to the {year} "
            f"target of {goal}."
        )
    return ProgressResult(result.share, reason)
