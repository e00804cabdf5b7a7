"""Disclosure control: the public version of figures about children (docs/disclosure.md)."""

from __future__ import annotations

from collections.abc import Iterable

from scorecard.domain.catalogue import DisclosurePolicy, Plan
from scorecard.domain.figures import Figure


def disclose(plan: Plan, figures: Iterable[Figure]) -> list[Figure]:
    """The figures as a public output shows them, each under its metric's policy."""
    policies = {m.id: m.disclosure for m in plan.metrics}
    shown = list(figures)
    if any(
        policies.get(f.metric_id, DisclosurePolicy.NONE) is not DisclosurePolicy.NONE for f in shown
    ):
        raise NotImplementedError("disclosure policies other than none")
    return shown
