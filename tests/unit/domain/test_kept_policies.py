"""A figure keeps every disclosure policy its metric has had since it was first recorded, and is
shown as the strictest of them would show it: withheld wins, then rounded, then as recorded."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from scorecard.domain.catalogue import DisclosurePolicy, Unit
from scorecard.domain.disclosure import disclose, disclose_figure
from scorecard.domain.figures import FigureStatus
from scorecard.domain.kept_policies import (
    PolicyVersion,
    Weakening,
    at_least_as_strict,
    policies_kept,
    weakenings,
)
from scorecard.domain.periods import Month
from tests.unit.domain.test_disclosure import fig, metric, numbers, plan_of

NHS, HES, DFE, NONE = (
    DisclosurePolicy.NHS_MHSDS,
    DisclosurePolicy.HES,
    DisclosurePolicy.DFE_EXCLUSIONS,
    DisclosurePolicy.NONE,
)
D = Decimal
WITHHELD = (None, None, None)


@pytest.mark.parametrize(
    ("policy", "than", "expected"),
    [
        (DFE, NONE, True),
        (HES, DFE, True),
        (NHS, DFE, True),
        (NHS, HES, False),  # NHS shows a count of 6 as 5, which HES withholds
        (HES, NHS, False),  # HES shows a count of 0, which NHS withholds
        (NONE, DFE, False),
        (DFE, NHS, False),
        (DFE, DFE, True),
    ],
)
def test_which_policy_is_at_least_as_strict(
    policy: DisclosurePolicy, than: DisclosurePolicy, expected: bool
) -> None:
    assert at_least_as_strict(policy, than) is expected


@pytest.mark.parametrize(
    ("unit", "policy", "kept", "figure", "expected"),
    [
        # a count: each policy's withheld counts stay withheld, and rounding wins over exact
        (Unit.COUNT, NONE, {DFE}, ("1",), WITHHELD),
        (Unit.COUNT, NONE, {DFE}, ("3",), (D(3), None, None)),
        (Unit.COUNT, NHS, {HES}, ("0",), WITHHELD),
        (Unit.COUNT, HES, {NHS}, ("0",), WITHHELD),
        (Unit.COUNT, NHS, {HES}, ("6",), WITHHELD),
        (Unit.COUNT, DFE, {NHS}, ("12",), (D(10), None, None)),
        # a percentage: withheld by its counts under either; whole and rounded under NHS
        (Unit.PERCENT, NONE, {DFE}, ("4", "2", "50"), WITHHELD),
        (Unit.PERCENT, NONE, {DFE}, ("6.0", "3", "50"), (D("6.0"), D(3), D(50))),
        (Unit.PERCENT, DFE, {NHS}, ("53.8", "7", "13"), (D(54), D(5), D(15))),
        # a mean: the sum of durations is withheld where either policy rounds
        (Unit.YEARS, DFE, {NHS}, ("17.2", "103.2", "6"), (D("17.2"), None, D(5))),
        (Unit.YEARS, NONE, {DFE}, ("17.2", "34.4", "2"), WITHHELD),
    ],
)
def test_a_figure_is_shown_as_the_strictest_of_its_policies(
    unit: Unit,
    policy: DisclosurePolicy,
    kept: set[DisclosurePolicy],
    figure: tuple[str, ...],
    expected: tuple[Decimal | None, ...],
) -> None:
    shown = disclose_figure(metric(unit, policy), fig(*figure), frozenset(kept)).figure
    assert numbers(shown) == expected
    assert (shown.status is FigureStatus.SUPPRESSED) is (expected == WITHHELD)


def test_without_kept_policies_a_figure_follows_its_metric_alone() -> None:
    assert numbers(disclose_figure(metric(Unit.COUNT, NONE), fig("1")).figure) == (D(1), None, None)


def test_the_parts_of_a_metric_without_a_policy_are_protected_under_a_kept_one() -> None:
    places = metric(Unit.COUNT, NONE, components=("ssc", "special_school"))
    figures = [fig("11", component="ssc"), fig("1", component="special_school")]
    kept = {f.key: frozenset({DFE}) for f in figures}
    shown = disclose(plan_of(places), figures, kept)
    assert all(f.status is FigureStatus.SUPPRESSED for f in shown)
    assert disclose(plan_of(places), figures) == figures


def _at(day: int) -> dt.datetime:
    return dt.datetime(2024, 10, day, 9, 0, tzinfo=dt.UTC)


VERSIONS = (
    PolicyVersion(1, _at(1), {"5.6": DFE}),
    PolicyVersion(2, _at(10), {"5.6": NONE}),
    PolicyVersion(3, _at(20), {"5.6": NONE, "5.7": DFE}),
)
SEPTEMBER = ("5.6", "", Month(2024, 9))


@pytest.mark.parametrize(
    ("first_recorded", "up_to", "expected"),
    [
        (_at(5), None, {DFE, NONE}),  # recorded under version 1: keeps its policy
        (_at(1), None, {DFE, NONE}),  # recorded with version 1
        (dt.datetime(2024, 9, 1, tzinfo=dt.UTC), None, {DFE, NONE}),  # before any version
        (_at(10), None, None),  # recorded with the weaker version 2: its policy alone
        (_at(25), None, None),
        (None, None, {DFE, NONE}),  # no record of when: every version's policy
        (_at(5), 1, {DFE}),  # a release made with version 1 sees only version 1
    ],
)
def test_a_figure_keeps_the_policies_since_it_was_first_recorded(
    first_recorded: dt.datetime | None, up_to: int | None, expected: set[DisclosurePolicy] | None
) -> None:
    recorded = {} if first_recorded is None else {SEPTEMBER: first_recorded}
    kept = policies_kept(VERSIONS, recorded, [SEPTEMBER], up_to=up_to)
    assert kept.get(SEPTEMBER) == (None if expected is None else frozenset(expected))


def test_a_weaker_policy_is_named_and_a_stricter_one_is_not() -> None:
    before = {"5.6": DFE, "1/2.1": NHS, "4.1": NONE, "4.5": DFE}
    after = {"5.6": NONE, "1/2.1": HES, "4.1": DFE, "4.5": NHS, "5.7": NONE}
    assert weakenings(before, after) == [Weakening("5.6", DFE, NONE), Weakening("1/2.1", NHS, HES)]
    message = Weakening("5.6", DFE, NONE).describe()
    assert message.startswith("metric 5.6, disclosure: dfe_exclusions is changed to none")
    assert "figures already recorded keep dfe_exclusions" in message
