"""Warnings on a figure as it is entered: a large change from the last figure, and a value
outside the SPC limits of the figures before it (hand-computed cases at their boundaries)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from scorecard.domain.entrychecks import entry_warnings
from scorecard.domain.figures import Figure, FigureStatus
from scorecard.domain.periods import Month

D = Decimal
OCTOBER = Month(2024, 10)


def _figure(month: Month, value: str | None) -> Figure:
    status = FigureStatus.VALUE if value is not None else FigureStatus.NOT_AVAILABLE
    return Figure("3.1", "", month, status, None if value is None else D(value))


def _history(*values: str | None) -> list[Figure]:
    return [_figure(OCTOBER.plus(-len(values) + i), v) for i, v in enumerate(values)]


def _warnings(value: str, history: list[Figure], change: str = "50") -> list[str]:
    return entry_warnings(
        figure=_figure(OCTOBER, value), history=history, change_percent=D(change), decimals=1
    )


@pytest.mark.parametrize(
    ("value", "warned"),
    [("15", False), ("15.1", True), ("5", False), ("4.9", True), ("10", False)],
)
def test_a_change_over_half_the_last_figure_is_a_warning(value: str, warned: bool) -> None:
    found = _warnings(value, _history("8", "10"))
    assert bool(found) == warned
    if warned:
        way = "higher" if D(value) > 10 else "lower"
        assert found[0].startswith(f"{value} is 51% {way} than the last figure, 10 for September")


def test_the_last_figure_is_the_latest_value_skipping_not_available() -> None:
    assert _warnings("15.1", _history("10", None)) == [
        "15.1 is 51% higher than the last figure, 10 for August 2024: check it"
    ]


def test_no_change_warning_from_zero_or_without_history() -> None:
    assert _warnings("100", _history("0")) == []
    assert _warnings("100", []) == []


def test_figures_after_the_month_are_not_history() -> None:
    later = [_figure(OCTOBER.plus(1), "10")]
    assert _warnings("100", later) == []


# 13 points, alternating 10 and 12: mean 142/13 = 10.923, every moving range 2, so the limits
# are 10.923 ± 2.66 × 2 = 5.603 to 16.243.
ALTERNATING = [str(10 + 2 * (i % 2)) for i in range(13)]


@pytest.mark.parametrize(
    ("value", "warned"), [("16.2", False), ("16.3", True), ("5.6", True), ("5.7", False)]
)
def test_outside_the_process_limits_is_a_warning(value: str, warned: bool) -> None:
    found = _warnings(value, _history(*ALTERNATING), change="1000")
    assert bool(found) == warned
    if warned:
        assert found[0] == (
            f"{value} is outside the range the last 13 figures make usual "
            "(5.60 to 16.24, their SPC process limits): check it"
        )


def test_twelve_figures_are_too_few_for_limits() -> None:
    assert _warnings("30", _history(*ALTERNATING[:12]), change="1000") == []
