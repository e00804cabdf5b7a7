"""Disclosure control: hand-computed boundaries for each policy, and properties that hold for any
figures (no withheld number shown or derivable; percentages from the unrounded counts)."""

from __future__ import annotations

import itertools
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scorecard.domain.catalogue import (
    Baseline,
    Component,
    DisclosurePolicy,
    Frequency,
    Metric,
    Plan,
    Polarity,
    Unit,
)
from scorecard.domain.disclosure import (
    Shown,
    derivable_part,
    disclose,
    disclose_figure,
    disclose_plain,
    protect_group,
    round_half_up,
    round_to_five,
    rules_for,
)
from scorecard.domain.figures import Figure, FigureStatus
from scorecard.domain.periods import Month
from scorecard.planfiles.reader import read_plan

BUNDLED_PLAN = Path(__file__).resolve().parents[3] / "plans" / "west-sussex-2024-27"
NHS, HES, DFE, NONE = (
    DisclosurePolicy.NHS_MHSDS,
    DisclosurePolicy.HES,
    DisclosurePolicy.DFE_EXCLUSIONS,
    DisclosurePolicy.NONE,
)
APRIL = Month(2024, 4)
D = Decimal


def metric(unit: Unit, policy: DisclosurePolicy, *, components: tuple[str, ...] = ()) -> Metric:
    return Metric(
        id="9.9",
        kpi="A metric",
        measure="A metric",
        source="Test",
        definition="A metric for the tests.",
        unit=unit,
        frequency=Frequency.MONTHLY,
        polarity=Polarity.HIGHER_IS_BETTER,
        areas=(1,),
        disclosure=policy,
        components=tuple(
            Component(id=c, label=c, short_label=c, baseline=Baseline(), targets={})
            for c in components
        ),
    )


@cache
def bundled() -> Plan:
    plan = read_plan(BUNDLED_PLAN).plan
    assert plan is not None
    return plan


def plan_of(*metrics: Metric) -> Plan:
    return bundled().model_copy(update={"metrics": metrics})


def fig(
    value: str | None,
    numerator: str | None = None,
    denominator: str | None = None,
    *,
    component: str = "",
    status: FigureStatus = FigureStatus.VALUE,
    note: str | None = None,
) -> Figure:
    def number(text: str | None) -> Decimal | None:
        return None if text is None else D(text)

    return Figure(
        "9.9",
        component,
        APRIL,
        status,
        number(value),
        number(numerator),
        number(denominator),
        note=note,
    )


def shown(unit: Unit, policy: DisclosurePolicy, figure: Figure) -> Figure:
    return disclose_figure(metric(unit, policy), figure).figure


def numbers(figure: Figure) -> tuple[Decimal | None, Decimal | None, Decimal | None]:
    return figure.value, figure.numerator, figure.denominator


# Counts ---------------------------------------------------------------------------------------

WITHHELD = None


@pytest.mark.parametrize(
    ("policy", "count", "expected"),
    [
        (NHS, "0", WITHHELD),
        (NHS, "4", WITHHELD),
        (NHS, "5", D(5)),
        (NHS, "7", D(5)),
        (NHS, "8", D(10)),
        (NHS, "12", D(10)),
        (NHS, "13", D(15)),
        (NHS, "12.5", D(15)),
        (NHS, "1780", D(1780)),
        (HES, "0", D(0)),
        (HES, "1", WITHHELD),
        (HES, "7", WITHHELD),
        (HES, "8", D(10)),
        (HES, "12", D(10)),
        (HES, "13", D(15)),
        (DFE, "0", D(0)),
        (DFE, "1", WITHHELD),
        (DFE, "2", WITHHELD),
        (DFE, "3", D(3)),
        (DFE, "12", D(12)),
        (NONE, "1", D(1)),
        (NONE, "0", D(0)),
    ],
)
def test_counts_are_withheld_or_rounded_at_each_policys_boundaries(
    policy: DisclosurePolicy, count: str, expected: Decimal | None
) -> None:
    out = shown(Unit.COUNT, policy, fig(count))
    assert out.value == expected
    if expected is None:
        assert out.status is FigureStatus.SUPPRESSED and out.withheld == {"value"}
    else:
        assert out.status is FigureStatus.VALUE and not out.withheld


def test_rounding_to_five_and_whole_numbers_rounds_halves_up() -> None:
    assert [round_to_five(D(n)) for n in ("2.5", "7.5", "12", "13", "17.5")] == [5, 10, 10, 15, 20]
    assert [round_half_up(D(n)) for n in ("12.5", "87.5", "53.846", "0.49")] == [13, 88, 54, 0]


def test_a_count_with_a_numerator_and_denominator_shows_the_count_only() -> None:
    out = shown(Unit.COUNT, DFE, fig("12", "12", "40"))
    assert numbers(out) == (D(12), None, None)
    assert out.status is FigureStatus.VALUE and out.withheld == {"numerator", "denominator"}


# Percentages ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("policy", "value", "numerator", "denominator", "expected"),
    [
        # From the unrounded counts: 7/13 = 53.8% → 54, never 5/15 = 33%.
        (NHS, "53.8", "7", "13", (D(54), D(5), D(15))),
        (NHS, "12.5", "5", "40", (D(13), D(5), D(40))),
        (NHS, "4.0", "4", "100", None),
        (NHS, "0.0", "0", "10", None),
        (NHS, "100.0", "4", "4", None),
        (NHS, "2.5", "5", "200", None),
        # 4.5% would round to 5, but is below 5.
        (NHS, "4.5", "9", "200", None),
        (NHS, "5.0", "10", "200", (D(5), D(10), D(200))),
        (NHS, "79.1", "1780", "2251", (D(79), D(1780), D(2250))),
        (HES, "12.5", "8", "64", (D(13), D(10), D(65))),
        (HES, "7.0", "7", "100", None),
        (HES, "0.0", "0", "20", (D(0), D(0), D(20))),
        (HES, "2.0", "8", "400", (D(2), D(10), D(400))),
        (HES, "100.0", "7", "7", None),
        (DFE, "4.0", "2", "50", None),
        (DFE, "6.0", "3", "50", (D("6.0"), D(3), D(50))),
        (DFE, "0.0", "0", "2", None),
        (DFE, "0.0", "0", "50", (D("0.0"), D(0), D(50))),
        (NONE, "50.0", "1", "2", (D("50.0"), D(1), D(2))),
    ],
)
def test_percentages_come_from_the_unrounded_counts(
    policy: DisclosurePolicy,
    value: str,
    numerator: str,
    denominator: str,
    expected: tuple[Decimal, Decimal, Decimal] | None,
) -> None:
    out = shown(Unit.PERCENT, policy, fig(value, numerator, denominator))
    if expected is None:
        assert out.status is FigureStatus.SUPPRESSED
        assert numbers(out) == (None, None, None)
        assert out.withheld == {"value", "numerator", "denominator"}
    else:
        assert out.status is FigureStatus.VALUE and not out.withheld
        assert numbers(out) == expected


@pytest.mark.parametrize(
    ("policy", "value", "expected"),
    [
        (NHS, "77.7", D("77.7")),
        (NHS, "5.0", D("5.0")),
        (NHS, "4.9", None),
        (NHS, "0", None),
        (HES, "2.0", D("2.0")),
        (DFE, "1.0", D("1.0")),
    ],
)
def test_a_percentage_recorded_without_counts_is_kept_unless_below_the_threshold(
    policy: DisclosurePolicy, value: str, expected: Decimal | None
) -> None:
    out = shown(Unit.PERCENT, policy, fig(value))
    assert out.value == expected
    expected_status = FigureStatus.VALUE if expected is not None else FigureStatus.SUPPRESSED
    assert out.status is expected_status


def test_a_lone_count_of_a_percentage_is_withheld() -> None:
    out = shown(Unit.PERCENT, DFE, fig("40.0", None, "50"))
    assert numbers(out) == (D("40.0"), None, None) and out.withheld == {"denominator"}


# Means ----------------------------------------------------------------------------------------


def test_a_mean_under_a_rounding_policy_hides_the_sum_that_would_give_the_unrounded_count() -> None:
    out = shown(Unit.WEEKS, NHS, fig("26.9", "7034.714286", "262"))
    assert numbers(out) == (D("26.9"), None, D(260))
    assert out.status is FigureStatus.VALUE and out.withheld == {"numerator"}


@pytest.mark.parametrize(
    ("policy", "denominator", "kept"),
    [
        (NHS, "4", False),
        (NHS, "5", True),
        (HES, "7", False),
        (HES, "8", True),
        (HES, "0", False),
        (DFE, "2", False),
        (DFE, "3", True),
    ],
)
def test_a_mean_is_withheld_when_the_number_of_children_is(
    policy: DisclosurePolicy, denominator: str, kept: bool
) -> None:
    out = shown(Unit.DAYS, policy, fig("300", str(300 * int(denominator)), denominator))
    assert (out.status is FigureStatus.VALUE) is kept
    assert (out.value is not None) is kept


def test_a_mean_under_dfe_shows_every_part_as_recorded() -> None:
    out = shown(Unit.YEARS, DFE, fig("16.5", "49.5", "3"))
    assert numbers(out) == (D("16.5"), D("49.5"), D(3)) and not out.withheld


def test_a_mean_without_its_counts_is_shown_as_recorded() -> None:
    assert shown(Unit.YEARS, NHS, fig("16.1")).value == D("16.1")


# Every figure ---------------------------------------------------------------------------------


@pytest.mark.parametrize("policy", [NHS, HES, DFE, NONE])
@pytest.mark.parametrize("status", [FigureStatus.NOT_AVAILABLE, FigureStatus.NOT_DUE])
def test_figures_without_a_value_pass_through(
    policy: DisclosurePolicy, status: FigureStatus
) -> None:
    figure = fig(None, status=status, note="late")
    assert shown(Unit.COUNT, policy, figure) == figure


def test_a_withheld_figure_loses_its_note_which_may_restate_it() -> None:
    out = shown(Unit.COUNT, DFE, fig("2", note="Published as 2 pupils"))
    assert out.note is None and out.status is FigureStatus.SUPPRESSED


def test_a_withheld_count_is_derivable_from_the_value_and_the_other_count_unrounded() -> None:
    value, exact = Shown(D(54), "shown"), Shown(D(13), "shown")
    hidden, rounded = Shown(None, "withheld"), Shown(D(15), "rounded", rounded=True)
    assert "numerator" in derivable_part(value, exact, hidden)
    assert "denominator" in derivable_part(value, hidden, exact)
    assert derivable_part(value, hidden, rounded) == ""
    assert "value" in derivable_part(hidden, exact, exact)
    assert derivable_part(hidden, rounded, exact) == ""


def test_disclose_applies_each_metrics_policy_and_leaves_none_alone() -> None:
    nhs = metric(Unit.COUNT, NHS)
    other = nhs.model_copy(update={"id": "9.8", "disclosure": NONE})
    figures = [fig("3"), Figure("9.8", "", APRIL, FigureStatus.VALUE, D(3))]
    out = disclose(plan_of(nhs, other), figures)
    assert [f.status for f in out] == [FigureStatus.SUPPRESSED, FigureStatus.VALUE]
    assert out[1] == figures[1]


def test_the_bundled_plans_public_figures_keep_every_published_value() -> None:
    reading = read_plan(BUNDLED_PLAN)
    assert reading.plan is not None
    assert disclose(reading.plan, reading.figures) == list(reading.figures)


# Secondary suppression ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("parts", "primary"),
    [
        ({"a": D(1), "b": D(0), "c": D(9), "d": D(4)}, {"a"}),
        ({"a": D(1), "b": D(1), "c": D(40)}, {"a", "b"}),  # 42 less 40: both are 1
        ({"a": D(0), "b": D(20), "c": D(30), "d": D(40)}, {"a"}),
    ],
)
def test_a_withheld_part_beside_a_published_total_withholds_every_part(
    parts: dict[str, Decimal], primary: set[str]
) -> None:
    protection = protect_group(parts, primary, total_can_be_withheld=False)
    assert protection.withheld == set(parts) and not protection.total_withheld
    assert "every part is withheld" in protection.reason


def test_a_withheld_part_withholds_the_total_when_it_can_be() -> None:
    protection = protect_group({"a": D(1), "b": D(1), "c": D(40)}, {"a", "b"})
    assert protection.withheld == {"a", "b"} and protection.total_withheld


@pytest.mark.parametrize(
    "parts", [{"a": D(3)}, {"a": D(2), "b": D(0), "c": D(0)}, {"a": D(0), "b": D(6)}]
)
def test_when_only_the_total_would_give_a_part_away_the_total_or_every_part_is_withheld(
    parts: dict[str, Decimal],
) -> None:
    protection = protect_group(parts, {"a"})
    assert protection.total_withheld
    fallback = protect_group(parts, {"a"}, total_can_be_withheld=False)
    assert fallback.withheld == set(parts) and not fallback.total_withheld


def test_a_group_with_nothing_withheld_withholds_nothing() -> None:
    protection = protect_group({"a": D(1), "b": D(2)}, set())
    assert protection.withheld == set() and not protection.total_withheld


@pytest.mark.parametrize(
    ("ssc", "special", "expected"),
    [
        ("11", "1", {"ssc", "special_school"}),
        ("2", "0", {"ssc", "special_school"}),
        ("11", "9", set()),
        ("1", "2", {"ssc", "special_school"}),
    ],
)
def test_the_components_of_a_count_metric_are_protected_month_by_month(
    ssc: str, special: str, expected: set[str]
) -> None:
    places = metric(Unit.COUNT, DFE, components=("ssc", "special_school"))
    figures = [fig(ssc, component="ssc"), fig(special, component="special_school")]
    out = disclose(plan_of(places), figures)
    assert {f.component for f in out if f.status is FigureStatus.SUPPRESSED} == expected


def test_a_component_not_available_is_not_part_of_the_group() -> None:
    places = metric(Unit.COUNT, DFE, components=("ssc", "special_school"))
    figures = [
        fig("12", component="ssc"),
        fig(None, component="special_school", status=FigureStatus.NOT_AVAILABLE),
    ]
    assert disclose(plan_of(places), figures) == figures


# Properties -----------------------------------------------------------------------------------

POLICIES = st.sampled_from([NHS, HES, DFE])
MEAN_UNITS = (Unit.WEEKS, Unit.DAYS, Unit.YEARS)


@st.composite
def recorded(draw: st.DrawFn) -> tuple[Unit, Figure]:
    unit = draw(st.sampled_from(list(Unit)))
    with_counts = draw(st.booleans())
    if unit is Unit.COUNT:
        return unit, fig(str(draw(st.integers(0, 60))))
    if unit is Unit.PERCENT and not with_counts:
        return unit, fig(str(draw(st.integers(0, 1000)) / D(10)))
    denominator = draw(st.integers(0 if unit in MEAN_UNITS else 1, 60))
    if unit is Unit.PERCENT:
        numerator = draw(st.integers(0, denominator))
        value = (D(100) * numerator / denominator).quantize(D("0.1"), ROUND_HALF_UP)
        return unit, fig(str(value), str(numerator), str(denominator))
    mean = D(draw(st.integers(0, 500)))
    if not with_counts:
        return unit, fig(str(mean))
    return unit, fig(str(mean), str(mean * denominator), str(denominator))


def _exact_percent(figure: Figure) -> Decimal:
    numerator, denominator = figure.numerator, figure.denominator
    assert numerator is not None and denominator is not None
    percent: Decimal = Decimal(100) * numerator / denominator
    return percent


@settings(max_examples=200, deadline=None)
@given(policy=POLICIES, drawn=recorded())
def test_no_output_shows_a_number_its_policy_withholds(
    policy: DisclosurePolicy, drawn: tuple[Unit, Figure]
) -> None:
    unit, before = drawn
    rules = rules_for(policy)
    assert rules is not None
    after = shown(unit, policy, before)
    if after.status is FigureStatus.SUPPRESSED:
        assert numbers(after) == (None, None, None) and "value" in after.withheld
        return
    assert after.status is FigureStatus.VALUE and after.value is not None
    counts = [n for n in (before.numerator, before.denominator) if n is not None]
    if unit is Unit.COUNT:
        counts = [before.value] if before.value is not None else []
    if unit in MEAN_UNITS:
        counts = [before.denominator] if before.denominator is not None else []
    assert not any(rules.withholds(c) for c in counts)
    for part in (after.numerator, after.denominator):
        assert part is None or not rules.withholds(part)
    if unit is Unit.PERCENT and rules.percent_below is not None:
        low = _exact_percent(before) if before.numerator is not None else before.value
        assert low is not None and low >= rules.percent_below


@settings(max_examples=200, deadline=None)
@given(policy=st.sampled_from([NHS, HES]), drawn=recorded())
def test_shown_counts_are_multiples_of_five_and_percentages_come_from_unrounded_counts(
    policy: DisclosurePolicy, drawn: tuple[Unit, Figure]
) -> None:
    unit, before = drawn
    after = shown(unit, policy, before)
    if after.status is not FigureStatus.VALUE:
        return
    shown_counts = [after.numerator, after.denominator]
    if unit is Unit.COUNT:
        shown_counts.append(after.value)
    assert all(c is None or c % 5 == 0 for c in shown_counts)
    if unit is Unit.PERCENT and before.numerator is not None:
        expected = _exact_percent(before).quantize(D(1), ROUND_HALF_UP)
        assert after.value == expected
    if unit in MEAN_UNITS and after.denominator is not None:
        assert after.numerator is None and after.withheld == {"numerator"}


@settings(max_examples=200, deadline=None)
@given(drawn=recorded())
def test_dfe_and_none_show_every_number_as_recorded_or_not_at_all(
    drawn: tuple[Unit, Figure],
) -> None:
    unit, before = drawn
    assert shown(unit, NONE, before) == before
    after = shown(unit, DFE, before)
    if after.status is FigureStatus.VALUE:
        assert after.value == before.value
        if unit is not Unit.COUNT:
            assert (after.numerator, after.denominator) == (before.numerator, before.denominator)


@settings(max_examples=200, deadline=None)
@given(policy=POLICIES, drawn=recorded())
def test_no_withheld_count_can_be_worked_out_from_its_own_figure(
    policy: DisclosurePolicy, drawn: tuple[Unit, Figure]
) -> None:
    unit, before = drawn
    after = shown(unit, policy, before)
    if after.status is not FigureStatus.VALUE or unit is Unit.COUNT:
        return
    # A withheld count never sits beside the other count shown exactly (unrounded).
    rounds = rules_for(policy) is not None and policy is not DFE
    if after.withheld & {"numerator", "denominator"} and (
        after.numerator is not None or after.denominator is not None
    ):
        assert rounds


GROUPS = st.dictionaries(
    st.sampled_from("abcdef"), st.integers(0, 12).map(D), min_size=1, max_size=6
)


@settings(max_examples=200, deadline=None)
@given(parts=GROUPS, data=st.data())
def test_no_withheld_part_equals_the_total_less_the_parts_shown(
    parts: dict[str, Decimal], data: st.DataObject
) -> None:
    primary = data.draw(st.sets(st.sampled_from(sorted(parts))))
    can_withhold_total = data.draw(st.booleans())
    protection = protect_group(parts, primary, total_can_be_withheld=can_withhold_total)
    assert primary <= protection.withheld <= set(parts)
    if protection.total_withheld:
        assert can_withhold_total
        return
    if protection.withheld == set(parts) and not can_withhold_total:
        return
    rest = sum(parts.values()) - sum(v for k, v in parts.items() if k not in protection.withheld)
    assert all(parts[k] != rest for k in protection.withheld)


@settings(max_examples=200, deadline=None)
@given(
    policy=POLICIES,
    values=st.lists(st.integers(0, 12), min_size=2, max_size=4),
)
def test_no_withheld_component_is_the_total_less_the_components_shown(
    policy: DisclosurePolicy, values: list[int]
) -> None:
    names = tuple(f"c{i}" for i in range(len(values)))
    group = metric(Unit.COUNT, policy, components=names)
    figures = [fig(str(v), component=n) for n, v in zip(names, values, strict=True)]
    out = disclose(plan_of(group), figures)
    hidden = {f.component for f in out if f.status is FigureStatus.SUPPRESSED}
    if hidden == set(names):
        return
    recorded_values = dict(zip(names, map(D, values), strict=True))
    rest = sum(v for n, v in recorded_values.items() if n in hidden)
    assert all(recorded_values[n] != rest for n in hidden)


@pytest.mark.parametrize("policy", [NHS, HES, DFE])
def test_an_adversary_with_the_total_and_the_rules_cannot_pin_down_a_withheld_component(
    policy: DisclosurePolicy,
) -> None:
    """Every group of three components adding up to 12 or less: an adversary who knows the
    total and the rules lists every group that the public would see exactly so (the same parts
    shown, the same total), and must be left with at least two values for each part withheld.
    (A total of 0 says every part is 0 whatever is withheld: nothing to protect beyond it.)"""
    names = ("a", "b", "c")
    group = plan_of(metric(Unit.COUNT, policy, components=names))
    seen: dict[tuple[object, ...], list[tuple[int, ...]]] = {}
    for values in itertools.product(range(13), repeat=3):
        if sum(values) > 12:
            continue
        figures = [fig(str(v), component=n) for n, v in zip(names, values, strict=True)]
        public = tuple(f.value for f in disclose(group, figures))
        seen.setdefault((public, sum(values)), []).append(values)
    pinned = [
        (candidates[0], names[i])
        for (public, total), candidates in seen.items()
        if total
        for i, shown in enumerate(public)
        if shown is None and len({c[i] for c in candidates}) == 1
    ]
    assert pinned == []


@pytest.mark.parametrize(
    ("unit", "policy", "value", "shown"),
    [
        (Unit.COUNT, DFE, "2", None),
        (Unit.COUNT, DFE, "9", "9"),
        (Unit.COUNT, NHS, "12", "10"),
        (Unit.COUNT, NHS, "10", "10"),
        (Unit.COUNT, HES, "6", None),
        (Unit.PERCENT, NHS, "4", None),
        (Unit.PERCENT, NHS, "9", "9"),
        (Unit.DAYS, DFE, "2", "2"),
        (Unit.COUNT, NONE, "1", "1"),
    ],
)
def test_a_baseline_is_judged_as_a_number_given_without_counts(
    unit: Unit, policy: DisclosurePolicy, value: str, shown: str | None
) -> None:
    result = disclose_plain(metric(unit, policy), D(value))
    assert result.value == (None if shown is None else D(shown))
