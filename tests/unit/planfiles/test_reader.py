"""Reading a plan folder: the bundled plan, problems across files, ids and exact numbers."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from scorecard.domain.errors import ScorecardError
from scorecard.domain.periods import Month
from scorecard.planfiles.reader import plan_folder, read_plan
from tests.unit.planfiles.plan_edits import listing

PLAN, METRICS, FIGURES = "plan.yaml", "metrics.yaml", "figures.csv"


def edit(folder: Path, name: str, old: str, new: str) -> int:
    """Replace the first `old` in a plan file with `new`; the line the new text starts on."""
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{name} no longer holds {old!r}"
    at = text.index(old)
    path.write_text(text[:at] + new + text[at + len(old) :], encoding="utf-8")
    return text.count("\n", 0, at) + 1


def months_in(message: str) -> list[Month]:
    return [Month.parse(found) for found in re.findall(r"\b\d{4}-\d{2}\b", message)]


# --- the bundled plan -----------------------------------------------------------------------


def test_the_bundled_plan_reads_without_problems(bundled_plan: Path) -> None:
    reading = read_plan(bundled_plan)
    assert reading.problems == [], listing(reading.problems)
    assert reading.ok is True
    assert reading.errors == []
    assert reading.warnings == []
    assert reading.plan is not None
    assert len(reading.plan.metrics) == 22
    assert len(reading.figures) == 100


def test_the_bundled_plan_can_be_read_from_its_plan_yaml(bundled_plan: Path) -> None:
    assert plan_folder(bundled_plan / PLAN) == bundled_plan
    assert read_plan(bundled_plan / PLAN).ok is True


# --- every problem, in every file, at once --------------------------------------------------


def test_problems_in_several_files_are_reported_together(plan_copy: Path) -> None:
    metric_line = edit(plan_copy, METRICS, "  unit: percent\n", "  unit: percentage\n")
    row_line = edit(plan_copy, FIGURES, "3.2,,2024-04,value,45.46,", "3.2,,2024-04,value,45.46%,")
    plan_line = edit(
        plan_copy, PLAN, "    working_groups: [5, 6]\n", "    working_groups: [5, 7]\n"
    )
    reading = read_plan(plan_copy)
    assert reading.ok is False
    found = {(p.file, p.line, p.rule, p.metric_id) for p in reading.errors}
    assert (METRICS, metric_line, "schema-enum", "1/2.1") in found, listing(reading.problems)
    assert (FIGURES, row_line, "figure-not-a-number", "3.2") in found, listing(reading.problems)
    assert (PLAN, plan_line, "unknown-working-group", None) in found, listing(reading.problems)


def test_a_broken_plan_yaml_does_not_hide_problems_in_the_other_files(plan_copy: Path) -> None:
    """A figure written "45.46%" is wrong whatever plan.yaml says, so it is reported too."""
    plan_line = edit(plan_copy, PLAN, "start: 2024-04\n", "start: 2024-13\n")
    metric_line = edit(plan_copy, METRICS, "  unit: percent\n", "  unit: percentage\n")
    row_line = edit(plan_copy, FIGURES, "3.2,,2024-04,value,45.46,", "3.2,,2024-04,value,45.46%,")
    reading = read_plan(plan_copy)
    found = {(p.file, p.line, p.rule) for p in reading.errors}
    assert (PLAN, plan_line, "schema-value-error") in found
    assert (METRICS, metric_line, "schema-enum") in found
    assert (FIGURES, row_line, "figure-not-a-number") in found, listing(reading.problems)


def test_every_broken_row_is_reported_not_just_the_first(plan_copy: Path) -> None:
    first = edit(plan_copy, FIGURES, "3.1,,2024-05,value,9.9,", "3.1,,2024-05,value,9.9%,")
    second = edit(plan_copy, FIGURES, "5.1,,2024-05,value,16.7,", "5.1,,2024-05,value,sixteen,")
    reading = read_plan(plan_copy)
    lines = {p.line for p in reading.errors if p.rule == "figure-not-a-number"}
    assert lines == {first, second}


def test_figures_of_a_broken_metric_are_not_reported_again(plan_copy: Path) -> None:
    """3.1 fails to parse; its six figures are not also "unknown metric" or "missing"."""
    line = edit(plan_copy, METRICS, "  baseline: {value: 8.4}\n", "  baseline: {value: 8.4%}\n")
    reading = read_plan(plan_copy)
    assert reading.ok is False
    about_3_1 = [p for p in reading.problems if p.metric_id == "3.1"]
    assert [(p.file, p.line, p.rule) for p in about_3_1] == [
        (METRICS, line, "schema-decimal-parsing")
    ], listing(about_3_1)
    assert not [p for p in reading.problems if p.rule == "figure-unknown-metric"]


def test_figures_of_an_unknown_metric_are_reported_once_each(plan_copy: Path) -> None:
    text = (plan_copy / FIGURES).read_text(encoding="utf-8")
    (plan_copy / FIGURES).write_text(text.replace("\n3.5,", "\n3.9,"), encoding="utf-8")
    reading = read_plan(plan_copy)
    unknown = [p for p in reading.problems if p.rule == "figure-unknown-metric"]
    assert len(unknown) == 6
    assert {p.metric_id for p in unknown} == {"3.9"}


def test_missing_figures_are_only_warned_about_within_the_plan(plan_copy: Path) -> None:
    """A figure dated after the plan ends is an error; it must not also make the months after
    the plan's end "due" (figure-missing warnings for 2027-04 to 2027-06)."""
    text = (plan_copy / FIGURES).read_text(encoding="utf-8")
    (plan_copy / FIGURES).write_text(text + "3.1,,2027-06,value,10,\n", encoding="utf-8")
    reading = read_plan(plan_copy)
    assert reading.plan is not None
    assert any(p.rule == "figure-outside-plan" for p in reading.errors)
    [missing] = [p for p in reading.warnings if p.rule == "figure-missing" and p.metric_id == "3.1"]
    # monthly, October 2024 (after the last published month) to March 2027: 30 months, one warning
    named = months_in(missing.message)
    assert named == [Month(2024, 10).plus(i) for i in range(6)]
    assert "and 24 more months, which are due" in missing.message


def test_a_plan_ending_before_it_starts_is_one_error_not_a_cascade(plan_copy: Path) -> None:
    """Every target and figure is then outside the plan's (no) months: those errors only
    restate the wrong end, so they are counted in its message, not listed; a real error
    elsewhere still is."""
    line = edit(plan_copy, PLAN, "end: 2027-03\n", "end: 2023-03\n")
    unknown = edit(plan_copy, FIGURES, "\n3.5,", "\n3.9,") + 1
    reading = read_plan(plan_copy)
    assert [(p.file, p.line, p.rule) for p in reading.errors] == [
        (PLAN, line, "plan-period"),
        (FIGURES, unknown, "figure-unknown-metric"),
    ], listing(reading.errors)
    assert reading.errors[0].message == (
        "the plan ends (2023-03) before it starts (2024-04); correct start or end: the 122 "
        "errors that follow from it (23 targets and 99 figures outside the plan's months) are "
        "not listed"
    )


def test_missing_figures_one_warning_per_series(plan_copy: Path) -> None:
    """Each series with due months missing gets one warning naming them; a series that has a
    recipe and no rows at all is computed, so it gets none."""
    text = (plan_copy / FIGURES).read_text(encoding="utf-8")
    kept = [
        line
        for line in text.splitlines(keepends=True)
        if not line.startswith(("3.1,,2024-05", "3.1,,2024-07", "3.2,"))
    ]
    (plan_copy / FIGURES).write_text("".join(kept), encoding="utf-8")
    reading = read_plan(plan_copy)
    missing = {p.metric_id: p.message for p in reading.warnings if p.rule == "figure-missing"}
    assert missing == {
        "3.1": "no figure for 2024-05 and 2024-07, which are due; they will show as not "
        "available (-)"
    }


# --- finding the plan folder ----------------------------------------------------------------


def test_a_missing_path_is_named(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-plan"
    with pytest.raises(ScorecardError, match="does not exist") as raised:
        read_plan(missing)
    assert str(missing) in str(raised.value)


def test_a_file_that_is_not_plan_yaml_is_named(plan_copy: Path) -> None:
    with pytest.raises(ScorecardError, match="is not a plan") as raised:
        read_plan(plan_copy / METRICS)
    assert str(plan_copy / METRICS) in str(raised.value)


def test_a_folder_without_plan_yaml_is_named(plan_copy: Path) -> None:
    (plan_copy / PLAN).unlink()
    with pytest.raises(ScorecardError, match=r"holds no plan\.yaml") as raised:
        plan_folder(plan_copy)
    assert str(plan_copy) in str(raised.value)


# --- ids stay text, numbers stay exact ------------------------------------------------------


def test_metric_ids_stay_strings(plan_copy: Path) -> None:
    """An unquoted 3.10 is the metric id "3.10", never the number 3.1."""
    edit(plan_copy, METRICS, '- id: "3.6"\n', "- id: 3.10\n")
    edit(plan_copy, FIGURES, "3.6,,2024-05,", "3.10,,2024-05,")
    reading = read_plan(plan_copy)
    assert reading.ok is True, listing(reading.problems)
    assert reading.plan is not None
    ids = [m.id for m in reading.plan.metrics]
    assert "3.10" in ids
    assert "3.1" in ids  # the other metric, 3.1, is still there, distinct
    assert all(isinstance(i, str) for i in ids)
    assert reading.plan.metric("3.10").schedule == ("May",)
    [figure] = [f for f in reading.figures if f.metric_id == "3.10"]
    assert figure.period == Month(2024, 5)


def test_numbers_stay_exact_decimals(plan_copy: Path) -> None:
    edit(plan_copy, METRICS, "  baseline: {value: 27.1}\n", "  baseline: {value: 27.10}\n")
    edit(plan_copy, FIGURES, "3.1,,2024-09,value,12.8,", "3.1,,2024-09,value,12.80,")
    reading = read_plan(plan_copy)
    assert reading.ok is True, listing(reading.problems)
    assert reading.plan is not None
    baseline = reading.plan.metric("1/2.2").baseline
    assert baseline is not None
    assert isinstance(baseline.value, Decimal)
    assert str(baseline.value) == "27.10"  # Decimal("27.1") == Decimal("27.10"): compare text
    targets = reading.plan.metric("3.2").targets
    assert targets is not None
    assert targets["2024-25"] == Decimal("34")
    assert isinstance(targets["2024-25"], Decimal)
    values = {(f.metric_id, str(f.period)): f.value for f in reading.figures}
    assert str(values[("3.1", "2024-09")]) == "12.80"
    assert str(values[("3.2", "2024-04")]) == "45.46"
    assert isinstance(values[("3.2", "2024-04")], Decimal)


def test_no_target_available_is_kept_as_such(bundled_plan: Path) -> None:
    reading = read_plan(bundled_plan)
    assert reading.plan is not None
    targets = reading.plan.metric("1/2.1").targets
    assert targets == {"2024-25": "no target available"}


def test_a_plan_without_figures_yet_reads(plan_copy: Path) -> None:
    """figures.csv is optional: a new plan has no figures, and none are "missing" yet."""
    (plan_copy / FIGURES).unlink()
    reading = read_plan(plan_copy)
    assert reading.ok is True, listing(reading.problems)
    assert reading.figures == []
    assert reading.problems == []


def test_a_net_change_below_zero_reads_from_the_files(plan_copy: Path) -> None:
    """4.1 has negative: allowed: its figures, targets and milestones may be below zero, and
    "-0" is 0 (never shown as "-0")."""
    edit(
        plan_copy,
        FIGURES,
        '4.1,ssc,2024-06,value,12,"Published as ""12 SCC""."',
        "4.1,ssc,2024-06,value,-1,",
    )
    edit(
        plan_copy,
        FIGURES,
        '4.1,special_school,2024-06,not_available,,"The published cell ""12 SCC"" gives SSC '
        'places only."',
        "4.1,special_school,2024-06,value,-0,",
    )
    edit(plan_copy, METRICS, "        2024-25: 10\n", "        2024-25: -5\n")
    reading = read_plan(plan_copy)
    assert reading.ok is True, listing(reading.problems)
    values = {f.component: f.value for f in reading.figures if f.metric_id == "4.1"}
    assert values == {"ssc": Decimal(-1), "special_school": Decimal(0)}
    assert str(values["special_school"]) == "0"
    assert reading.plan is not None
    (_, special) = reading.plan.metric("4.1").components
    assert special.targets == {"2024-25": Decimal(-5)}
