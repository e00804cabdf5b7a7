"""Direction of travel: against the previous reported figure (months without a value are
skipped, never read as zero) and against exactly twelve months earlier; a change no larger
than the metric's threshold is no change. Expected values worked out by hand."""

from __future__ import annotations

from decimal import Decimal

import pytest

from scorecard.domain.assessment.travel import Travel, direction_of_travel, previous_reported
from scorecard.domain.catalogue import Polarity, Unit
from scorecard.domain.periods import Month

D = Decimal
HIGHER, LOWER, NEITHER = Polarity.HIGHER_IS_BETTER, Polarity.LOWER_IS_BETTER, Polarity.NONE


def m(text: str) -> Month:
    return Month.parse(text)


def values(**by_month: str) -> dict[Month, Decimal]:
    return {m(k.replace("_", "-")): D(v) for k, v in by_month.items()}


# 3.1 as published, April to September 2024.
SERIES_3_1 = values(
    **{
        "2024-04": "8.5",
        "2024-05": "9.9",
        "2024-06": "10.1",
        "2024-07": "12.4",
        "2024-08": "9.3",
        "2024-09": "12.8",
    }
)
# 4.5 (termly, reported in April and August): the months between are absent, not zero.
SERIES_4_5 = values(**{"2024-04": "62", "2024-08": "55"})


def test_previous_reported_is_the_month_before_when_every_month_has_a_value() -> None:
    assert previous_reported(SERIES_3_1, m("2024-09")) == m("2024-08")


def test_previous_reported_skips_months_without_values() -> None:
    assert previous_reported(SERIES_4_5, m("2024-08")) == m("2024-04")
    assert previous_reported(SERIES_4_5, m("2024-09")) == m("2024-08")
    gappy = values(**{"2024-04": "8.5", "2024-07": "12.4", "2024-09": "12.8"})
    assert previous_reported(gappy, m("2024-09")) == m("2024-07")


def test_previous_reported_none_before_the_first_value() -> None:
    assert previous_reported(SERIES_4_5, m("2024-04")) is None
    assert previous_reported({}, m("2024-09")) is None


def test_previous_reported_ignores_later_months() -> None:
    assert previous_reported(SERIES_3_1, m("2024-06")) == m("2024-05")


def test_termly_series_compares_with_the_last_reported_term_not_a_zero() -> None:
    result = direction_of_travel(
        values=SERIES_4_5,
        month=m("2024-08"),
        against=previous_reported(SERIES_4_5, m("2024-08")),
        polarity=LOWER,
        unit=Unit.COUNT,
    )
    assert result.travel is Travel.IMPROVING
    assert result.compared_with == m("2024-04")
    assert result.reason == "Improving: 55, down from 62 in April 2024."


@pytest.mark.parametrize(
    ("polarity", "now", "then", "travel", "reason"),
    [
        (HIGHER, "12.8", "9.3", Travel.IMPROVING, "Improving: 12.8%, up from 9.3% in August 2024."),
        (
            HIGHER,
            "9.3",
            "12.4",
            Travel.WORSENING,
            "Worsening: 9.3%, down from 12.4% in August 2024.",
        ),
        (
            LOWER,
            "85.8",
            "88.9",
            Travel.IMPROVING,
            "Improving: 85.8%, down from 88.9% in August 2024.",
        ),
        (
            LOWER,
            "88.9",
            "85.8",
            Travel.WORSENING,
            "Worsening: 88.9%, up from 85.8% in August 2024.",
        ),
        (NEITHER, "12.8", "9.3", Travel.UP, "Up: 12.8%, up from 9.3% in August 2024."),
        (NEITHER, "9.3", "12.8", Travel.DOWN, "Down: 9.3%, down from 12.8% in August 2024."),
        (
            HIGHER,
            "12.8",
            "12.8",
            Travel.NO_CHANGE,
            "No change: 12.8% is the same as 12.8% in August 2024.",
        ),
        (
            LOWER,
            "12.8",
            "12.80",
            Travel.NO_CHANGE,
            "No change: 12.8% is the same as 12.80% in August 2024.",
        ),
        (NEITHER, "5", "5", Travel.NO_CHANGE, "No change: 5% is the same as 5% in August 2024."),
    ],
)
def test_direction_by_polarity(
    polarity: Polarity, now: str, then: str, travel: Travel, reason: str
) -> None:
    result = direction_of_travel(
        values={m("2024-08"): D(then), m("2024-09"): D(now)},
        month=m("2024-09"),
        against=m("2024-08"),
        polarity=polarity,
        unit=Unit.PERCENT,
    )
    assert (result.travel, result.compared_with, result.reason) == (travel, m("2024-08"), reason)


def test_values_without_a_unit_sign() -> None:
    result = direction_of_travel(
        values={m("2024-08"): D("42.19"), m("2024-09"): D("41.71")},
        month=m("2024-09"),
        against=m("2024-08"),
        polarity=LOWER,
        unit=Unit.WEEKS,
    )
    assert result.travel is Travel.IMPROVING
    assert result.reason == "Improving: 41.71, down from 42.19 in August 2024."


@pytest.mark.parametrize(
    ("now", "travel"),
    [
        ("10.5", Travel.NO_CHANGE),  # +0.5: equal to the threshold
        ("9.5", Travel.NO_CHANGE),  # -0.5
        ("10.2", Travel.NO_CHANGE),
        ("10.6", Travel.IMPROVING),  # +0.6: beyond it
        ("9.4", Travel.WORSENING),
    ],
)
def test_threshold(now: str, travel: Travel) -> None:
    result = direction_of_travel(
        values={m("2024-08"): D("10"), m("2024-09"): D(now)},
        month=m("2024-09"),
        against=m("2024-08"),
        polarity=HIGHER,
        unit=Unit.PERCENT,
        threshold=D("0.5"),
    )
    assert result.travel is travel


def test_threshold_lower_is_better_and_neutral() -> None:
    def judged(polarity: Polarity, now: str) -> Travel:
        return direction_of_travel(
            values={m("2024-08"): D("20"), m("2024-09"): D(now)},
            month=m("2024-09"),
            against=m("2024-08"),
            polarity=polarity,
            unit=Unit.WEEKS,
            threshold=D("1"),
        ).travel

    assert judged(LOWER, "21") is Travel.NO_CHANGE
    assert judged(LOWER, "19") is Travel.NO_CHANGE
    assert judged(LOWER, "18.9") is Travel.IMPROVING
    assert judged(LOWER, "21.1") is Travel.WORSENING
    assert judged(NEITHER, "21") is Travel.NO_CHANGE
    assert judged(NEITHER, "21.1") is Travel.UP
    assert judged(NEITHER, "18.9") is Travel.DOWN


def test_a_change_within_the_threshold_reason_names_the_threshold() -> None:
    """The reason must say how far the threshold reaches, not call the earlier figure the
    threshold: 10.5% against 10% with a threshold of 0.5 percentage points."""
    result = direction_of_travel(
        values={m("2024-08"): D("10"), m("2024-09"): D("10.5")},
        month=m("2024-09"),
        against=m("2024-08"),
        polarity=HIGHER,
        unit=Unit.PERCENT,
        threshold=D("0.5"),
    )
    assert result.travel is Travel.NO_CHANGE
    assert result.reason.startswith("No change: 10.5% ")
    assert "10% in August 2024" in result.reason
    assert "0.5 percentage points" in result.reason, result.reason
    assert "threshold of 10%" not in result.reason, result.reason


# A year earlier: exactly twelve months before, or no comparison.


def test_year_ago_compares_with_exactly_twelve_months_earlier() -> None:
    series = {**SERIES_3_1, m("2023-09"): D("10")}
    result = direction_of_travel(
        values=series,
        month=m("2024-09"),
        against=m("2024-09").plus(-12),
        polarity=HIGHER,
        unit=Unit.PERCENT,
    )
    assert result.travel is Travel.IMPROVING
    assert result.compared_with == m("2023-09")
    assert result.reason == "Improving: 12.8%, up from 10% in September 2023."


def test_year_ago_without_that_month_is_not_comparable_even_with_neighbours() -> None:
    series = {**SERIES_3_1, m("2023-08"): D("10"), m("2023-10"): D("11")}
    result = direction_of_travel(
        values=series,
        month=m("2024-09"),
        against=m("2023-09"),
        polarity=HIGHER,
        unit=Unit.PERCENT,
    )
    assert result.travel is Travel.NOT_COMPARABLE
    assert result.compared_with == m("2023-09")
    assert result.reason == "No comparison: no figure for September 2023."


def test_nothing_earlier() -> None:
    result = direction_of_travel(
        values={m("2024-05"): D("43")},
        month=m("2024-05"),
        against=None,
        polarity=HIGHER,
        unit=Unit.PERCENT,
    )
    assert (result.travel, result.compared_with) == (Travel.NOT_COMPARABLE, None)
    assert result.reason == "No comparison: no earlier figure."


def test_no_figure_for_the_month_itself() -> None:
    result = direction_of_travel(
        values={m("2024-08"): D("9.3")},
        month=m("2024-09"),
        against=m("2024-08"),
        polarity=HIGHER,
        unit=Unit.PERCENT,
    )
    assert (result.travel, result.compared_with) == (Travel.NOT_COMPARABLE, None)
    assert result.reason == "No comparison: no figure for September 2024."
