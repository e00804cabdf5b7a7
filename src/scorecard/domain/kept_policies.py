"""A plan edit never loosens disclosure control for figures already recorded (docs/disclosure.md,
decision 0010).

Each figure keeps every policy its metric has had since the figure was first recorded, and public
outputs show it as the strictest of them would (`disclose(..., kept=...)`): a figure withheld or
rounded in public stays so when a later plan version names a weaker policy, while a stricter
policy applies to every figure at once. `policies_kept` works out what each figure keeps from
the plan's versions; `weakenings` names what a new plan version weakens, for the loader.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from scorecard.domain.catalogue import DisclosurePolicy
from scorecard.domain.periods import Month

FigureKey = tuple[str, str, Month]

# What each policy withholds or rounds, at least: the policies it is at least as strict as.
# NHS mental health data and NHS hospital data differ either way (a count of 0; counts of 5 to
# 7; percentages below 5), so neither covers the other.
_COVERS: Mapping[DisclosurePolicy, frozenset[DisclosurePolicy]] = {
    DisclosurePolicy.NONE: frozenset({DisclosurePolicy.NONE}),
    DisclosurePolicy.DFE_EXCLUSIONS: frozenset(
        {DisclosurePolicy.NONE, DisclosurePolicy.DFE_EXCLUSIONS}
    ),
    DisclosurePolicy.HES: frozenset(
        {DisclosurePolicy.NONE, DisclosurePolicy.DFE_EXCLUSIONS, DisclosurePolicy.HES}
    ),
    DisclosurePolicy.NHS_MHSDS: frozenset(
        {DisclosurePolicy.NONE, DisclosurePolicy.DFE_EXCLUSIONS, DisclosurePolicy.NHS_MHSDS}
    ),
}


def at_least_as_strict(policy: DisclosurePolicy, than: DisclosurePolicy) -> bool:
    """Whether `policy` withholds or rounds everything `than` withholds or rounds."""
    return than in _COVERS[policy]


@dataclass(frozen=True)
class PolicyVersion:
    """One version of a plan as disclosure control needs it: its number, when it was loaded and
    each metric's policy."""

    number: int
    loaded_at: dt.datetime
    policies: Mapping[str, DisclosurePolicy]


def policies_kept(
    versions: Iterable[PolicyVersion],
    first_recorded: Mapping[FigureKey, dt.datetime],
    keys: Iterable[FigureKey],
    *,
    up_to: int | None = None,
) -> dict[FigureKey, frozenset[DisclosurePolicy]]:
    """The policies each figure keeps: its metric's policy in the plan version in force when the
    figure was first recorded and in every version since (up to version `up_to`, a release's
    own, when given). A figure with no record of when it was first recorded keeps every
    version's policy."""
    ordered = sorted(
        (v for v in versions if up_to is None or v.number <= up_to), key=lambda v: v.number
    )
    kept: dict[FigureKey, frozenset[DisclosurePolicy]] = {}
    for key in keys:
        since = _in_force(ordered, first_recorded.get(key))
        found = frozenset(v.policies[key[0]] for v in ordered[since:] if key[0] in v.policies)
        if found - {DisclosurePolicy.NONE}:
            kept[key] = found
    return kept


def _in_force(ordered: Sequence[PolicyVersion], at: dt.datetime | None) -> int:
    """The index of the version in force at `at`: the last loaded by then (the first if none)."""
    if at is None:
        return 0
    loaded = [i for i, v in enumerate(ordered) if v.loaded_at <= at]
    return loaded[-1] if loaded else 0


@dataclass(frozen=True)
class Weakening:
    """A metric whose policy a new plan version makes weaker than it was."""

    metric_id: str
    before: DisclosurePolicy
    after: DisclosurePolicy

    def describe(self) -> str:
        return (
            f"metric {self.metric_id}, disclosure: {self.before.value} is changed to "
            f"{self.after.value}, which shows some figures that {self.before.value} withholds "
            f"or rounds. The figures already recorded keep {self.before.value} in every public "
            "output (a figure once withheld or rounded in public stays so); only figures "
            f"recorded from now on are shown under {self.after.value} alone"
        )


def weakenings(
    before: Mapping[str, DisclosurePolicy], after: Mapping[str, DisclosurePolicy]
) -> list[Weakening]:
    """Each metric in both versions whose new policy is not at least as strict as the old."""
    return [
        Weakening(metric_id, before[metric_id], policy)
        for metric_id, policy in after.items()
        if metric_id in before and not at_least_as_strict(policy, before[metric_id])
    ]
