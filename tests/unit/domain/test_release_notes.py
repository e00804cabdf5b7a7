"""An amendment's reason and change note may not print a number that disclosure control keeps
from the public: neither a withheld one nor the unrounded one behind a rounded figure."""

from __future__ import annotations

import pytest

from scorecard.domain.catalogue import DisclosurePolicy, Unit
from scorecard.domain.release_notes import named_undisclosed, note_problem, undisclosed_numbers
from tests.unit.domain.test_disclosure import fig, metric, plan_of


def test_withheld_and_rounded_numbers_are_undisclosed_and_shown_ones_are_not() -> None:
    exclusions = plan_of(metric(Unit.COUNT, DisclosurePolicy.DFE_EXCLUSIONS))
    assert [(u.number, u.how) for u in undisclosed_numbers(exclusions, [fig("2")])] == [
        (2, "withheld")
    ]
    assert undisclosed_numbers(exclusions, [fig("3")]) == []
    autism = plan_of(metric(Unit.PERCENT, DisclosurePolicy.NHS_MHSDS))
    found = undisclosed_numbers(autism, [fig("85.7", "6", "7")])
    assert {(str(u.number), u.how) for u in found} == {
        ("85.7", "rounded"),
        ("6", "rounded"),
        ("7", "rounded"),
    }
    assert undisclosed_numbers(plan_of(metric(Unit.COUNT, DisclosurePolicy.NONE)), [fig("2")]) == []


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("4.6 for August 2024 corrected from 14 to 2.", "2"),
        ("The figure (2) is now withheld.", "2"),
        ("Corrected to 85.7%.", "85.7"),
        ("Corrected: 1,781 of 2,251.", "1,781"),
    ],
)
def test_a_number_written_on_its_own_is_found(text: str, named: str) -> None:
    hidden = undisclosed_numbers(
        plan_of(metric(Unit.COUNT, DisclosurePolicy.DFE_EXCLUSIONS)), [fig("2")]
    ) + undisclosed_numbers(
        plan_of(metric(Unit.PERCENT, DisclosurePolicy.NHS_MHSDS)), [fig("85.7", "6", "7")]
    )
    hidden += undisclosed_numbers(
        plan_of(metric(Unit.PERCENT, DisclosurePolicy.NHS_MHSDS)), [fig("79.1", "1781", "2251")]
    )
    found = named_undisclosed(text, hidden)
    assert found is not None and found[0] == named


@pytest.mark.parametrize(
    "text",
    [
        "1/2.2 for 2024-25 corrected; the figure for v2 is now withheld.",
        "4.6 for August 2024 corrected: it is now withheld ([c]).",
        "Two figures were corrected on 12 October.",
    ],
)
def test_ids_years_and_other_numbers_are_not_mistaken_for_it(text: str) -> None:
    hidden = undisclosed_numbers(
        plan_of(metric(Unit.COUNT, DisclosurePolicy.DFE_EXCLUSIONS)), [fig("2")]
    )
    assert note_problem("the note of what changed", text, hidden) is None


def test_the_problem_names_the_number_the_figure_and_what_to_do() -> None:
    hidden = undisclosed_numbers(
        plan_of(metric(Unit.COUNT, DisclosurePolicy.DFE_EXCLUSIONS)), [fig("2")]
    )
    problem = note_problem("the note of what changed", "corrected from 14 to 2", hidden)
    assert problem == (
        "the note of what changed gives 2, which the public outputs do not show: 9.9 for "
        "April 2024 is withheld by disclosure control. Describe the change without that number"
    )
