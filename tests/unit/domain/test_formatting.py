"""Numbers and figures written for people."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scorecard.domain.catalogue import Baseline, Target, TargetState, Unit
from scorecard.domain.figures import Figure, FigureStatus, QualityFlag
from scorecard.domain.formatting import (
    amount,
    baseline_text,
    excerpt,
    figure_in_full,
    figure_text,
    number,
    quantity,
    rounded,
    target_text,
)
from scorecard.domain.periods import FinancialYear, Month

D = Decimal
FY24 = FinancialYear(2024)
SEP24 = Month(2024, 9)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("1565", "1,565"),
        ("44.35", "44.35"),
        ("83", "83"),
        ("0.05", "0.05"),
        ("0", "0"),
        ("999", "999"),
        ("1000", "1,000"),
        ("100000", "100,000"),
        ("1234567.891", "1,234,567.891"),
        ("1565.0", "1,565.0"),  # precision as recorded: the trailing zero stays
        ("12.80", "12.80"),
        ("-1565", "-1,565"),
        ("-12.5", "-12.5"),
        ("-0.05", "-0.05"),
        ("-1234567.5", "-1,234,567.5"),
        ("1E+3", "1,000"),  # exponent form is written out
        ("-0", "0"),  # no minus sign on zero
    ],
)
def test_number(value: str, text: str) -> None:
    assert number(D(value)) == text


@pytest.mark.parametrize(
    ("unit", "value", "text"),
    [
        (Unit.PERCENT, "12.8", "12.8%"),
        (Unit.PERCENT, "100", "100%"),
        (Unit.PERCENT, "-0.1", "-0.1%"),
        (Unit.WEEKS, "27.1", "27.1"),
        (Unit.DAYS, "1565", "1,565"),
        (Unit.YEARS, "17.5", "17.5"),
        (Unit.COUNT, "1565", "1,565"),
        (Unit.COUNT, "0", "0"),
    ],
)
def test_quantity(unit: Unit, value: str, text: str) -> None:
    assert quantity(D(value), unit) == text


@pytest.mark.parametrize(
    ("value", "decimals", "text"),
    [
        ("2.345", 2, "2.35"),  # half up, not half to even
        ("2.5", 0, "3"),
        ("3.5", 0, "4"),
        ("-2.5", 0, "-3"),  # half away from zero
        ("-0.5", 0, "-1"),
        ("0.125", 2, "0.13"),
        ("2.675", 2, "2.68"),  # a float would give 2.67
        ("2.344", 2, "2.34"),
        ("2.4999", 0, "2"),
        ("-2.4999", 0, "-2"),
        ("9.995", 2, "10.00"),
        ("44.35", 1, "44.4"),
        ("-44.35", 1, "-44.4"),
        ("12", 2, "12.00"),  # padded to the metric's places
        ("12.8", 1, "12.8"),
        ("1565", 0, "1565"),
    ],
)
def test_rounded(value: str, decimals: int, text: str) -> None:
    assert str(rounded(D(value), decimals)) == text


def _figure(status: FigureStatus, value: str | None = None) -> Figure:
    return Figure("3.1", "", SEP24, status, None if value is None else D(value))


@pytest.mark.parametrize(
    ("figure", "unit", "text"),
    [
        (_figure(FigureStatus.VALUE, "44.35"), Unit.PERCENT, "44.35%"),
        (_figure(FigureStatus.VALUE, "0"), Unit.PERCENT, "0%"),
        (_figure(FigureStatus.VALUE, "1565"), Unit.COUNT, "1,565"),
        (_figure(FigureStatus.VALUE, "27.10"), Unit.WEEKS, "27.10"),
        (_figure(FigureStatus.NOT_DUE), Unit.PERCENT, "/"),
        (_figure(FigureStatus.NOT_AVAILABLE), Unit.PERCENT, "-"),
        (_figure(FigureStatus.NOT_AVAILABLE), Unit.COUNT, "-"),
        (_figure(FigureStatus.VALUE), Unit.PERCENT, "-"),  # a value figure with no value
    ],
)
def test_figure_text(figure: Figure, unit: Unit, text: str) -> None:
    assert figure_text(figure, unit) == text


@pytest.mark.parametrize(
    ("baseline", "unit", "text"),
    [
        (Baseline(value=D("12.8"), label="Dec 23"), Unit.PERCENT, "12.8% (Dec 23)"),
        (Baseline(value=D("12.8")), Unit.PERCENT, "12.8%"),
        (Baseline(value=D("1565"), label="2023"), Unit.COUNT, "1,565 (2023)"),
        (Baseline(value=D("1565")), Unit.DAYS, "1,565"),
        (Baseline(value=D("0")), Unit.COUNT, "0"),  # zero is a value, not "not set"
        (Baseline(value=D("27.1"), note="ignored"), Unit.WEEKS, "27.1"),
        (Baseline(), Unit.PERCENT, "Not set"),
        (Baseline(label="Dec 23"), Unit.PERCENT, "Not set"),
        (Baseline(note="Baseline to be set in Q1"), Unit.PERCENT, "Baseline to be set in Q1"),
    ],
)
def test_baseline_text(baseline: Baseline, unit: Unit, text: str) -> None:
    assert baseline_text(baseline, unit) == text


@pytest.mark.parametrize(
    ("target", "unit", "text"),
    [
        (Target(FY24, TargetState.SET, D("80")), Unit.PERCENT, "80%"),
        (Target(FY24, TargetState.SET, D("12.5")), Unit.PERCENT, "12.5%"),
        (Target(FY24, TargetState.SET, D("0")), Unit.PERCENT, "0%"),
        (Target(FY24, TargetState.SET, D("1565")), Unit.COUNT, "1,565"),
        (Target(FY24, TargetState.SET, D("20.0")), Unit.WEEKS, "20.0"),
        (Target(FY24, TargetState.NO_TARGET), Unit.PERCENT, "No target available"),
        (Target(FY24, TargetState.NOT_SET), Unit.PERCENT, "Not set"),
        (Target(FY24, TargetState.NOT_SET), Unit.COUNT, "Not set"),
    ],
)
def test_target_text(target: Target, unit: Unit, text: str) -> None:
    assert target_text(target, unit) == text


# Properties

# Decimals as recorded: an integer of digits written with 0 to 6 decimal places.
written = st.tuples(st.integers(-(10**15), 10**15), st.integers(0, 6))
GROUPED = re.compile(r"-?\d{1,3}(,\d{3})*(\.\d+)?")


@given(written)
def test_number_groups_thousands_and_keeps_the_value(case: tuple[int, int]) -> None:
    digits, places = case
    value = D(digits).scaleb(-places)
    text = number(value)
    assert GROUPED.fullmatch(text)
    assert D(text.replace(",", "")) == value
    assert text.startswith("-") is (digits < 0)
    assert len(text.partition(".")[2]) == places  # the places it was written with


@given(written, st.integers(0, 4))
def test_rounded_is_near_symmetric_and_at_the_places(case: tuple[int, int], places: int) -> None:
    value = D(case[0]).scaleb(-case[1])
    result = rounded(value, places)
    assert result.as_tuple().exponent == -places
    assert abs(result - value) <= D(1).scaleb(-places) / 2
    assert rounded(-value, places) == -result


@given(st.integers(-(10**6), 10**6), st.integers(0, 3))
def test_rounded_halves_go_away_from_zero(whole: int, places: int) -> None:
    step = D(1).scaleb(-places)
    half = D(whole) * step + step / 2  # exactly half way between two steps
    expected = D(whole + 1) * step if whole >= 0 else D(whole) * step
    assert rounded(half, places) == expected


@pytest.mark.parametrize(
    ("unit", "value", "text"),
    [
        (Unit.PERCENT, "12.8", "12.8%"),
        (Unit.WEEKS, "41.5", "41.5 weeks"),
        (Unit.WEEKS, "1", "1 week"),
        (Unit.WEEKS, "1.0", "1.0 weeks"),
        (Unit.DAYS, "1565", "1,565 days"),
        (Unit.YEARS, "17.5", "17.5 years"),
        (Unit.COUNT, "1565", "1,565"),
        (Unit.COUNT, "-3", "-3"),
    ],
)
def test_amount(unit: Unit, value: str, text: str) -> None:
    assert amount(D(value), unit) == text


@pytest.mark.parametrize(
    ("figure", "unit", "text"),
    [
        (_figure(FigureStatus.VALUE, "14.20"), Unit.PERCENT, "14.20%"),  # as written
        (
            Figure("3.1", "", SEP24, FigureStatus.VALUE, D("14.2"), D("71"), D("500")),
            Unit.PERCENT,
            "14.2% (71 / 500)",
        ),
        (
            Figure("3.2", "", SEP24, FigureStatus.VALUE, D("41.5"), D("1245"), D("30")),
            Unit.WEEKS,
            "41.5 weeks (1,245 / 30)",
        ),
        (
            Figure(
                "3.1",
                "",
                SEP24,
                FigureStatus.VALUE,
                D("3"),
                quality=frozenset({QualityFlag.REVISED, QualityFlag.PROVISIONAL}),
            ),
            Unit.PERCENT,
            "3%, provisional, revised",
        ),
        (
            Figure("3.1", "", SEP24, FigureStatus.NOT_AVAILABLE, note="System outage"),
            Unit.PERCENT,
            "Not available (System outage)",
        ),
        (_figure(FigureStatus.NOT_AVAILABLE), Unit.PERCENT, "Not available"),
    ],
)
def test_figure_in_full(figure: Figure, unit: Unit, text: str) -> None:
    assert figure_in_full(figure, unit) == text


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("", ""),
        ("  Short,\n\n on  two lines. ", "Short, on two lines."),
        ("a" * 100, "a" * 100),
        ("a" * 101, "a" * 100 + "…"),  # no space: cut mid-word
        ("word " * 30, "word " * 19 + "word…"),  # 20 words fit in 100 characters
        ("b" * 95 + " cdefghij", "b" * 95 + "…"),
        ("c" * 100 + " next", "c" * 100 + "…"),  # the limit falls between words
        ("d" * 60 + ", " + "e" * 60, "d" * 60 + "…"),  # no stray comma before the ellipsis
        ("x" * 99 + "e\u0301" + "y", "x" * 99 + "…"),  # the accent stays with its letter
    ],
)
def test_excerpt(text: str, shown: str) -> None:
    assert excerpt(text) == shown


@given(st.text(st.characters(codec="utf-8"), max_size=400))
def test_an_excerpt_is_the_start_of_the_text_within_the_limit(text: str) -> None:
    shown = excerpt(text)
    flat = " ".join(text.split())
    if len(flat) <= 100:
        assert shown == flat.strip()
    else:
        assert shown.endswith("…") and len(shown) <= 101
        assert flat.startswith(shown[:-1])
