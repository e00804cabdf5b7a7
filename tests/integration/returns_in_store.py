"""Returns entered and moved in a real store, in a process of their own, as the returns pages
enter them (the same checks and services): for tests of the command line that need returns.

    python -m tests.integration.returns_in_store '[{"metric": "3.1", "period": "2024-10",
        "figures": {"": "14.2"}, "to": "submitted"}]'

with SCORECARD_DATA_DIR naming the store. An owner of every metric named ("owner") enters the
figures; an approver ("approver") approves. Prints each return's state and version as JSON.
"""

from __future__ import annotations

import datetime as dt
import json
import sys

from scorecard.web.store import open_store

PLAN_ID = "west-sussex-2024-27"
TODAY = dt.date(2025, 7, 20)
NOW = dt.datetime(2025, 7, 20, 9, 0, tzinfo=dt.UTC)
STEPS = {"draft": (), "submitted": ("submitted",), "approved": ("submitted", "approved")}


def main(wanted: list[dict[str, object]]) -> None:
    open_store()
    from django.contrib.auth.models import User

    from scorecard.domain.periods import Month
    from scorecard.domain.signoff import Role, SignOff
    from scorecard.web.accounts.services import add_person, grant
    from scorecard.web.catalogue.queries import current_plan
    from scorecard.web.returns import services
    from scorecard.web.returns.entries import Entry, PartEntry, check_entry
    from scorecard.web.returns.queries import metric_history

    plan = current_plan(PLAN_ID)
    metrics = tuple(str(w["metric"]) for w in wanted)
    people = {}
    for name, role in (("owner", Role.DATA_OWNER), ("approver", Role.APPROVER)):
        found = User.objects.filter(username=name).first()
        people[name] = found or add_person(
            username=name, name=name.title(), email=f"{name}@example.org", password=None,
            by="tester", at=NOW, through="the tests",
        )  # fmt: skip
        if found is None:
            owned = metrics if role is Role.DATA_OWNER else ()
            grant(plan_id=PLAN_ID, username=name, role=role, metrics=owned, by="tester",
                  at=NOW, reason="test")  # fmt: skip
    done = []
    for one in wanted:
        metric = next(m for m in plan.metrics if m.id == one["metric"])
        month = Month.parse(str(one["period"]))
        figures = one["figures"]
        assert isinstance(figures, dict)
        parts = tuple(PartEntry(component=c, value=v) for c, v in figures.items())
        entry = Entry(parts=parts, commentary=f"commentary of {metric.id}", confirmation="checked")
        checked = check_entry(plan, metric, month, entry, metric_history(PLAN_ID, metric.id))
        assert not checked.errors, checked.errors
        saved = services.save_entry(
            plan_id=PLAN_ID, metric_id=metric.id, period=month, user=people["owner"],
            figures=checked.figures, entry=entry, version=0, now=NOW, today=TODAY,
        )  # fmt: skip
        for step in STEPS[str(one["to"])]:
            who = people["owner" if step == "submitted" else "approver"]
            saved = services.move(
                plan_id=PLAN_ID, metric_id=metric.id, period=month, user=who,
                target=SignOff(step), reason="", version=saved.version, now=NOW, today=TODAY,
            )  # fmt: skip
        done.append({"metric": metric.id, "period": str(month), "state": saved.state})
    print(json.dumps(done))


if __name__ == "__main__":
    main(json.loads(sys.argv[1]))
