"""Reporting schedules: the months of the year a figure is due in."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scorecard.domain.periods import FinancialYear, Month
from scorecard.domain.schedule import Frequency, Schedule, month_number

NAMES = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def m(text: str) -> Month:
    year, month = text.split("-")
    return Month(int(year), int(month))


@pytest.mark.parametrize(
    ("frequency", "months"),
    [
        (Frequency.MONTHLY, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}),
        (Frequency.QUARTERLY, {6, 9, 12, 3}),
        (Frequency.TERMLY, {12, 3, 8}),
        (Frequency.ANNUAL, {3}),
    ],
)
def test_default_months(frequency: Frequency, months: set[int]) -> None:
    assert Schedule.of(frequency).months == frozenset(months)


@pytest.mark.parametrize(
    ("frequency", "given_months", "months"),
    [
        (Frequency.MONTHLY, [5], {5}),  # 3.6: monthly, but only May
        (Frequency.QUARTERLY, [6], {6}),  # 4.1
        (Frequency.TERMLY, [4, 8], {4, 8}),  # 4.5
        (Frequency.ANNUAL, [7], {7}),  # 5.4
        (Frequency.ANNUAL, [9, 9], {9}),
        (Frequency.QUARTERLY, (x for x in (1, 4, 7, 10)), {1, 4, 7, 10}),  # any iterable
    ],
)
def test_explicit_months_replace_the_default(
    frequency: Frequency, given_months: list[int], months: set[int]
) -> None:
    assert Schedule.of(frequency, given_months).months == frozenset(months)


@pytest.mark.parametrize(
    ("schedule", "month", "due"),
    [
        (Schedule.of(Frequency.QUARTERLY), "2024-06", True),
        (Schedule.of(Frequency.QUARTERLY), "2024-07", False),
        (Schedule.of(Frequency.QUARTERLY), "2025-03", True),
        (Schedule.of(Frequency.QUARTERLY), "2031-12", True),
        (Schedule.of(Frequency.TERMLY), "2025-08", True),
        (Schedule.of(Frequency.TERMLY), "2025-09", False),
        (Schedule.of(Frequency.ANNUAL), "2025-03", True),
        (Schedule.of(Frequency.ANNUAL), "2025-04", False),
        (Schedule.of(Frequency.MONTHLY), "2024-01", True),
        (Schedule.of(Frequency.MONTHLY, [5]), "2024-05", True),
        (Schedule.of(Frequency.MONTHLY, [5]), "2024-06", False),
    ],
)
def test_is_due(schedule: Schedule, month: str, due: bool) -> None:
    assert schedule.is_due(m(month)) is due


@pytest.mark.parametrize(
    ("schedule", "due"),
    [
        (Schedule.of(Frequency.QUARTERLY), ["2024-06", "2024-09", "2024-12", "2025-03"]),
        (Schedule.of(Frequency.TERMLY), ["2024-08", "2024-12", "2025-03"]),
        (Schedule.of(Frequency.ANNUAL), ["2025-03"]),
        (Schedule.of(Frequency.TERMLY, [4, 8]), ["2024-04", "2024-08"]),
        (Schedule.of(Frequency.ANNUAL, [2]), ["2025-02"]),
    ],
)
def test_due_months_in_a_financial_year(schedule: Schedule, due: list[str]) -> None:
    assert schedule.due_months(FinancialYear(2024).months) == tuple(m(x) for x in due)


def test_due_months_keeps_the_order_given() -> None:
    given_order = [m("2025-03"), m("2024-06"), m("2024-07"), m("2023-12")]
    due = Schedule.of(Frequency.QUARTERLY).due_months(given_order)
    assert due == (m("2025-03"), m("2024-06"), m("2023-12"))


@pytest.mark.parametrize(
    ("schedule", "text"),
    [
        (Schedule.of(Frequency.MONTHLY), "every month"),
        (Schedule.of(Frequency.MONTHLY, range(12, 0, -1)), "every month"),
        (Schedule.of(Frequency.QUARTERLY, [6]), "June"),
        (Schedule.of(Frequency.ANNUAL), "March"),
        (Schedule.of(Frequency.TERMLY, [4, 8]), "April and August"),
        (Schedule.of(Frequency.TERMLY, [8, 4]), "April and August"),
        (Schedule.of(Frequency.TERMLY), "August, December and March"),
        (Schedule.of(Frequency.QUARTERLY), "June, September, December and March"),
        (Schedule.of(Frequency.ANNUAL, [3, 4]), "April and March"),
        (Schedule.of(Frequency.ANNUAL, [1, 2, 3]), "January, February and March"),
        (Schedule.of(Frequency.ANNUAL, [12, 1]), "December and January"),
        (
            Schedule.of(Frequency.MONTHLY, range(2, 13)),
            "April, May, June, July, August, September, October, November, December, "
            "February and March",
        ),
    ],
)
def test_describe(schedule: Schedule, text: str) -> None:
    assert schedule.describe() == text


@pytest.mark.parametrize(
    ("name", "number"),
    [
        ("January", 1),
        ("june", 6),
        ("JUNE", 6),
        ("sEpTeMbEr", 9),
        (" May ", 5),
        ("December", 12),
    ],
)
def test_month_number(name: str, number: int) -> None:
    assert month_number(name) == number


@pytest.mark.parametrize("name", ["Sept", "13", "", "Jan", "Juneteenth", "6"])
def test_month_number_rejects_names_naming_the_allowed_ones(name: str) -> None:
    with pytest.raises(ValueError) as caught:
        month_number(name)
    message = str(caught.value)
    assert f'"{name}"' in message
    assert "January, February, March, April, May, June, July, August, September" in message
    assert "October, November, December" in message


# Properties

month_sets = st.frozensets(st.integers(1, 12), min_size=1)
months = st.builds(Month, st.integers(1950, 2100), st.integers(1, 12))


@given(month_sets, months)
def test_is_due_exactly_in_the_chosen_months(chosen: frozenset[int], month: Month) -> None:
    schedule = Schedule.of(Frequency.MONTHLY, chosen)
    assert schedule.is_due(month) is (month.month in chosen)
    assert schedule.is_due(month.plus(12)) is schedule.is_due(month)  # the same every year


@given(month_sets, st.integers(1950, 2100))
def test_a_financial_year_has_one_due_month_per_chosen_month(
    chosen: frozenset[int], start: int
) -> None:
    due = Schedule.of(Frequency.ANNUAL, chosen).due_months(FinancialYear(start).months)
    assert sorted(x.month for x in due) == sorted(chosen)
    assert list(due) == sorted(due)


@given(month_sets.filter(lambda s: len(s) < 12))
def test_describe_names_each_month_once_from_april(chosen: frozenset[int]) -> None:
    text = Schedule.of(Frequency.MONTHLY, chosen).describe()
    words = text.replace(",", "").replace(" and ", " ").split()
    financial_order = [4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3]
    assert words == [NAMES[n - 1] for n in financial_order if n in chosen]
    if len(chosen) > 1:
        assert text.count(" and ") == 1
        assert text.count(", ") == len(chosen) - 2


@given(st.integers(1, 12), st.lists(st.booleans(), min_size=9, max_size=9))
def test_month_number_ignores_case(number: int, upper: list[bool]) -> None:
    name = NAMES[number - 1]
    mixed = "".join(c.upper() if u else c.lower() for c, u in zip(name, upper, strict=False))
    assert month_number(mixed) == number


@pytest.mark.parametrize("months", [[], [0], [13], [5, 12, 14]])
def test_a_schedule_needs_real_months(months: list[int]) -> None:
    with pytest.raises(ValueError, match="months numbered 1 to 12"):
        Schedule.of(Frequency.MONTHLY, months)


@pytest.mark.parametrize(
    ("months", "words"),
    [
        (list(range(1, 13)), "due every month"),
        ([6], "due in June"),
        ([4, 8], "due in April and August"),
    ],
)
def test_due_words(months: list[int], words: str) -> None:
    assert Schedule.of(Frequency.MONTHLY, months).due_words() == words
