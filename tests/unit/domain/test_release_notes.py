"""An amendment's reason and change note may not print a number that disclosure control keeps
from the public: neither a withheld one nor the unrounded one behind a rounded figure."""

from __future__ import annotations

import dataclasses

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
        'April 2024 is withheld by disclosure control. "2" in "corrected from 14 to 2" is read '
        'as that number. Describe the change without it ("9.9 for April 2024 is corrected"); a '
        'number that counts figures, returns or metrics ("two returns were late"), a date ("on '
        '2 October") or a name ("area 2", "version 2") is not read as one'
    )


def test_the_problem_quotes_the_words_around_the_number_in_a_long_note() -> None:
    text = (
        "The census return for one of the academies arrived late, after the provider's "
        "validation of the extract had failed."
    )
    problem = note_problem("the reason", text, _amended("3", "2"))
    assert problem is not None
    assert '"one" in "The census return for one of the academies arrived late,…"' in problem


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


@pytest.mark.parametrize(
    "text",
    [
        "2 returns were received after the deadline.",  # in figures as in words
        "1 return was resubmitted.",
        "Two late returns have been added.",
        "One revised figure for 4.5; two coding errors were fixed.",
        "One of the returns for 4.5 had the wrong month.",
        "One of the three metrics for area 5 is corrected.",
        "Figures for 2 of the 22 metrics were corrected.",
        "The figure was corrected on 2 October.",  # a date
        "This amends the release published on 1 October 2024.",
        "The figures for area 1 and area 2 are unchanged.",  # names
        "Working group 3 found it; version 2 corrects it. Key stage 4 is unaffected.",
        "4.2 rose by 1 percentage point after the correction.",  # not a count
        "The return was 2 days late; the first two terms count for 5.4.",
        "The baseline is the March 2024 figure, not the 2021/22 one.",
    ],
)
def test_counts_of_returns_dates_names_percentages_and_times_are_not_mistaken_for_a_count(
    text: str,
) -> None:
    hidden = _amended("3", "2") + _amended("2", "1") + _amended("2", "5")
    assert note_problem("the reason", text, hidden) is None


@pytest.mark.parametrize(
    ("old", "new", "text", "named"),
    [
        ("4", "2", "Two rows were removed as duplicates.", "Two"),  # rows are records
        ("4", "2", "Two more exclusions were found.", "Two"),
        ("4", "2", "Both exclusions were duplicates.", "Both"),
        ("2", "1", "A single pupil had been counted twice.", "single"),
        ("3", "2", "One of the exclusions was a duplicate.", "One"),
        ("4", "2", "Area 4: 2 exclusions, not 4.", "2"),
        ("3", "2", "On 2 October it was corrected to 2.", "2"),
    ],
)
def test_a_count_of_children_is_found_beside_those_exceptions(
    old: str, new: str, text: str, named: str
) -> None:
    found = named_undisclosed(text, _amended(old, new))
    assert found is not None and found[0] == named


def test_a_percentage_or_a_time_is_found_when_the_figure_withheld_is_one() -> None:
    autism = plan_of(metric(Unit.PERCENT, DisclosurePolicy.NHS_MHSDS))
    before, after = [fig("85.7", "6", "7")], [fig("75", "6", "8")]
    hidden = undisclosed_numbers(autism, before) + undisclosed_numbers(autism, after)
    hidden += undisclosed_changes(before, after, hidden)
    assert named_undisclosed("It fell by 10.7 percentage points.", hidden) is not None
    assert named_undisclosed("It was 85.7%.", hidden) is not None  # rounded: shown as 86%
    assert named_undisclosed("6 of the 8 referrals were 1 day late.", hidden) is not None
    waits = plan_of(metric(Unit.WEEKS, DisclosurePolicy.NHS_MHSDS))
    before, after = [fig("14.2", "42.6", "3")], [fig("12.5", "50", "4")]
    hidden = undisclosed_numbers(waits, before) + undisclosed_numbers(waits, after)
    hidden += undisclosed_changes(before, after, hidden)
    found = named_undisclosed("The average wait fell by 1.7 weeks.", hidden)
    assert found is not None and found[0] == "1.7"
    assert named_undisclosed("The return was 3 weeks late.", hidden) is None  # 3 children


def test_a_figure_of_a_metric_the_plan_no_longer_has_is_passed_over() -> None:
    """A version's figures may hold a metric a later plan version took out: it is shown as
    recorded, if at all, so it has no number to hold back (and is no error)."""
    exclusions = plan_of(metric(Unit.COUNT, DisclosurePolicy.DFE_EXCLUSIONS))
    gone = dataclasses.replace(fig("2"), metric_id="8.8")
    assert [(u.number, u.key) for u in undisclosed_numbers(exclusions, [fig("2"), gone])] == [
        (2, fig("2").key)
    ]
