"""Short labels for assessments, each a symbol and words, so colour never carries the meaning."""

from __future__ import annotations

from scorecard.domain.assessment.spc_series import SpcSummary
from scorecard.domain.assessment.travel import Travel, TravelResult
from scorecard.domain.ragrules import Rating
from scorecard.domain.spc import AssuranceIcon, VariationIcon

RATING_LABELS: dict[Rating, str] = {
    Rating.GREEN: "✓ Green",
    Rating.AMBER: "▲ Amber",
    Rating.RED: "✗ Red",
    Rating.NONE: "– No rating",
}
TRAVEL_WORDS: dict[Travel, str] = {
    Travel.IMPROVING: "Improving",
    Travel.WORSENING: "Worsening",
    Travel.NO_CHANGE: "No change",
    Travel.UP: "Up",
    Travel.DOWN: "Down",
    Travel.NOT_COMPARABLE: "No comparison",
}
VARIATION_LABELS: dict[VariationIcon, str] = {
    VariationIcon.COMMON_CAUSE: "Common cause",
    VariationIcon.IMPROVEMENT_HIGH: "Improvement (high)",
    VariationIcon.IMPROVEMENT_LOW: "Improvement (low)",
    VariationIcon.CONCERN_HIGH: "Concern (high)",
    VariationIcon.CONCERN_LOW: "Concern (low)",
    VariationIcon.NEUTRAL_HIGH: "Special cause (high)",
    VariationIcon.NEUTRAL_LOW: "Special cause (low)",
}
ASSURANCE_LABELS: dict[AssuranceIcon, str] = {
    AssuranceIcon.PASS: "consistently passing",
    AssuranceIcon.FAIL: "consistently failing",
    AssuranceIcon.INCONSISTENT: "hit and miss",
}


def travel_label(result: TravelResult) -> str:
    """ "↑ Improving": the arrow shows which way the figure moved, the word what that means."""
    change = result.change
    if result.travel is Travel.NOT_COMPARABLE or change is None:
        arrow = "–"
    else:
        arrow = "↑" if change > 0 else "↓" if change < 0 else "→"
    return f"{arrow} {TRAVEL_WORDS[result.travel]}"


def spc_label(summary: SpcSummary) -> str:
    if summary.variation is None:
        return "No SPC"
    label = VARIATION_LABELS[summary.variation]
    if summary.assurance is not None:
        label += f"; {ASSURANCE_LABELS[summary.assurance]}"
    return label
