"""Approving several submitted returns at once, from the returns list (docs/collection.md,
"Approving several returns at once"). All or nothing: each return goes through
scorecard.web.returns.services.move, exactly as when it is approved on its own page (the month
ended, the approver did not edit the figures last, the version seen is the current one, the
figures not from the plan's files or a computation), in one transaction; if any is refused,
nothing is approved and every refusal is given with its reason."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import transaction

from scorecard.domain.errors import ScorecardError
from scorecard.domain.periods import Month
from scorecard.domain.signoff import SignOff
from scorecard.web.catalogue.queries import current_plan
from scorecard.web.returns import services
from scorecard.web.returns.forms import whole
from scorecard.web.returns.models import Return


@dataclass(frozen=True)
class Chosen:
    """A return ticked in the list: its id as the form sent it, and the version shown."""

    given: str
    version: int


@dataclass(frozen=True)
class Refusal:
    """A return that could not be approved: the return (None for an id that names no return of
    the plan) and why, in words."""

    given: str
    found: Return | None
    message: str


class NotApprovedError(ScorecardError):
    """At least one return chosen could not be approved, so none was."""

    def __init__(self, refusals: list[Refusal]) -> None:
        super().__init__(f"{len(refusals)} of the returns chosen could not be approved")
        self.refusals = refusals


def through_words(count: int) -> str:
    """How the approval was made, for each return's history."""
    together = f" ({count} returns approved together)" if count > 1 else ""
    return f"the returns list{together}"


def approve_returns(
    *,
    plan_id: str,
    chosen: Sequence[Chosen],
    user: User,
    reason: str,
    now: dt.datetime,
    today: dt.date,
) -> list[Return]:
    """Approve every return chosen, or none: raises NotApprovedError listing every return that
    was refused (each checked as if it were the only one), with nothing stored."""
    chosen = list({c.given: c for c in chosen[::-1]}.values())  # each id once (the first)
    ids = {c.given: n for c in chosen if (n := whole(c.given)) is not None}
    through = through_words(len(chosen))
    refusals: list[Refusal] = []
    approved: list[Return] = []
    metrics = {m.id for m in current_plan(plan_id).metrics}
    with transaction.atomic():
        found = Return.objects.filter(plan__plan_id=plan_id, pk__in=list(ids.values())).in_bulk()
        for choice in _in_order(chosen, ids, found):
            row = found.get(ids.get(choice.given, -1))
            if row is None:
                what = f'There is no return "{choice.given[:40]}" in this plan'
                refusals.append(Refusal(choice.given, None, what))
                continue
            if row.metric_id not in metrics:  # its page is not found either
                refusals.append(Refusal(choice.given, None, _no_longer(row)))
                continue
            try:  # move's own transaction is a savepoint: a refusal undoes only its own work
                approved.append(
                    services.move(
                        plan_id=plan_id,
                        metric_id=row.metric_id,
                        period=Month.parse(row.period),
                        user=user,
                        target=SignOff.APPROVED,
                        reason=reason,
                        version=choice.version,
                        now=now,
                        today=today,
                        through=through,
                    )
                )
            except services.StaleReturnError:
                refusals.append(Refusal(choice.given, row, _changed_since(row)))
            except ScorecardError as exc:
                refusals.append(Refusal(choice.given, row, str(exc)))
        if refusals:
            raise NotApprovedError(refusals)  # leaving the transaction undoes every approval
    return approved


def _no_longer(row: Return) -> str:
    """Why a return of a metric the plan no longer has (a later plan version took it out) is
    not approved."""
    month = Month.parse(row.period).label
    return (
        f"{row.metric_id}, {month}: the plan no longer has metric {row.metric_id}, so its "
        "return cannot be approved"
    )


def _changed_since(row: Return) -> str:
    """Why a return whose version is not the one the list showed is not approved."""
    latest = row.events.order_by("-id").first()
    who = f" by {latest.by}" if latest is not None else ""
    return (
        f"These figures were changed{who} after the list was shown, so they were not approved: "
        "open the return to check them before approving it"
    )


def _in_order(
    chosen: Sequence[Chosen], ids: dict[str, int], found: dict[int, Return]
) -> list[Chosen]:
    """The returns in the list's order of metric and month (the order their histories and the
    figures store record them in), ids that name no return last."""

    def key(choice: Chosen) -> tuple[int, str, str, str]:
        row = found.get(ids.get(choice.given, -1))
        if row is None:
            return (1, "", "", choice.given)
        return (0, row.period, row.metric_id, choice.given)

    return sorted(chosen, key=key)
