"""The return calendar as a tidy table: the columns of `scorecard returns` (docs/returns.md)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping

from scorecard.domain.catalogue import Plan
from scorecard.domain.periods import Month
from scorecard.domain.returns import Return, return_state
from scorecard.domain.signoff import SignOff
from scorecard.publish.tables import Cell, Table

RETURN_COLUMNS = (
    "plan_id",
    "metric_id",
    "kpi",
    "period",
    "due_date",
    "state",
    "reason",
    "organisation_id",
    "organisation",
    "team",
    "data_owner",
    "accountable_lead",
)


def returns_table(
    plan: Plan,
    returns: Collection[Return],
    *,
    today: dt.date,
    recorded: Mapping[tuple[str, Month], bool],
    sign_offs: Mapping[tuple[str, Month], SignOff] | None = None,
) -> Table:
    """One row per return. `recorded` maps the (metric, month) pairs with figures in the store
    to whether any of them is a value (not all "not available"); figures loaded from plan files
    or computed count as approved (docs/returns.md). `sign_offs` holds the state of the returns
    entered by their data owners."""
    partners = {p.id: p.name for p in plan.partners}
    rows = []
    for due in returns:
        key = (due.metric_id, due.period)
        sign_off = (sign_offs or {}).get(key)
        if sign_off is None and key in recorded:
            sign_off = SignOff.APPROVED
        state, reason = return_state(due, today=today, sign_off=sign_off)
        if recorded.get(key) is False:
            reason += ', as not available ("-")'
        owner = due.ownership
        row: dict[str, Cell] = {
            "plan_id": plan.id,
            "metric_id": due.metric_id,
            "kpi": plan.metric(due.metric_id).kpi,
            "period": str(due.period),
            "due_date": due.due.isoformat(),
            "state": state.value,
            "reason": reason,
            "organisation_id": owner.organisation if owner else None,
            "organisation": partners.get(owner.organisation) if owner else None,
            "team": owner.team if owner else None,
            "data_owner": owner.data_owner if owner else None,
            "accountable_lead": owner.accountable_lead if owner else None,
        }
        rows.append(row)
    return RETURN_COLUMNS, rows
