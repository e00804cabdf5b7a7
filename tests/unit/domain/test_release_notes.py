"""An amendment's reason and change note may not print a number that disclosure control keeps
from the public: neither a withheld one nor the unrounded one behind a rounded figure."""

from __future__ import annotations

import pytest

from scorecard.domain.catalogue import DisclosurePolicy, Unit
from scorecard.domain.release_notes import (
    Undisclosed,
    named_undisclosed,
    note_problem,
    undisclosed_changes,
    undisclosed_numbers,
)
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


EXCLUSIONS = plan_of(metric(Unit.COUNT, DisclosurePolicy.DFE_EXCLUSIONS))


def _amended(old: str, new: str) -> list[Undisclosed]:
    """The numbers a note may not give when a figure goes from `old` to `new`."""
    before, after = [fig(old)], [fig(new)]
    hidden = undisclosed_numbers(EXCLUSIONS, before) + undisclosed_numbers(EXCLUSIONS, after)
    return hidden + undisclosed_changes(before, after, hidden)


@pytest.mark.parametrize(
    ("old", "new", "text", "named"),
    [
        ("3", "2", "9.9 for April 2024 went down by 1.", "1"),  # 3 shown, less 1: the 2 withheld
        ("3", "2", "9.9 for April 2024: one fewer exclusion.", "one"),
        ("2", "1", "Corrected: one exclusion had been counted twice.", "one"),  # 2 to 1
        ("14", "2", "Corrected from fourteen to two.", "two"),
        ("2", "5", "Three exclusions had been left out.", "Three"),
    ],
)
def test_the_size_of_a_change_to_a_withheld_figure_is_found_in_figures_or_words(
    old: str, new: str, text: str, named: str
) -> None:
    found = named_undisclosed(text, _amended(old, new))
    assert found is not None and found[0] == named


def test_the_problem_says_the_size_of_a_change_gives_the_number_away() -> None:
    problem = note_problem("the note of what changed", "down by 1", _amended("3", "2"))
    assert problem is not None
    assert "gives 1, the size of a change to 9.9 for April 2024, which is withheld" in problem


@pytest.mark.parametrize(
    "text",
    [
        "Two figures were corrected.",
        "One more figure is now withheld.",
        "Three months corrected after one typing mistake was found.",
        "Two returns were corrected after a one-off audit that no one had expected.",
    ],
)
def test_words_that_count_what_the_note_is_about_are_not_mistaken_for_a_figure(
    text: str,
) -> None:
    assert note_problem("the note of what changed", text, _amended("3", "2")) is None


def test_a_change_to_a_figure_shown_in_both_versions_is_not_held_back() -> None:
    assert undisclosed_changes([fig("30")], [fig("31")], []) == []
