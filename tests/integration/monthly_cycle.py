"""A plan's monthly cycle run for months at random on the real services (returns entered,
submitted, returned and approved, one at a time and together; releases prepared, scheduled,
published and amended; plan versions loaded; people deactivated), against a model of what
should hold, checked after every step (tests/integration/test_monthly_cycle.py)."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import User

from scorecard.domain.catalogue import Plan
from scorecard.domain.figures import Figure
from scorecard.domain.periods import Month
from scorecard.domain.signoff import Role, SignOff
from scorecard.web.accounts import services as accounts
from scorecard.web.catalogue.services import load_plan
from scorecard.web.figures.queries import recorded_figures
from scorecard.web.releases import models as release_models
from scorecard.web.releases import services as releases
from scorecard.web.releases.amendments import ReleaseRefusedError
from scorecard.web.releases.snapshots import snapshot_figures
from scorecard.web.returns import approvals, services
from scorecard.web.returns.entries import Entry, PartEntry, check_entry
from scorecard.web.returns.models import Return
from scorecard.web.returns.queries import entry_figures, metric_history
from tests.integration.monthly_cycle_checks import Checks, Kept, table_rows

REFUSED = (
    services.NotAllowedError,
    services.StaleReturnError,
    approvals.NotApprovedError,
    releases.ReleaseBlockedError,
    ReleaseRefusedError,
)
PEOPLE = {
    "admin": {Role.ADMINISTRATOR: ()},
    "approver": {Role.APPROVER: ()},
    "second_approver": {Role.APPROVER: ()},
    "council_owner": {Role.DATA_OWNER: ("A1", "D3", "C/4")},
    "trust_owner": {Role.DATA_OWNER: ("B1",)},
    "viewer": {Role.VIEWER: ()},
}
OPEN = ("draft", "returned")


class Cycle(Checks):
    def __init__(self, seed: int, plan: Plan, plan_figures: list[Figure]) -> None:
        self.rng = random.Random(seed)
        self.seed = seed
        self.plan, self.first_plan, self.plan_figures = plan, plan, plan_figures
        self.now = dt.datetime(2025, 4, 1, 9, 0, tzinfo=dt.UTC)
        load_plan(plan, plan_figures, source="cycle", loaded_by="loader", now=self.now)
        self.returns: dict[tuple[str, str], Kept] = {}
        self.public_files: dict[int, dict[str, str]] = {}  # version pk -> name -> sha256
        self.active = dict.fromkeys(PEOPLE, True)
        self.faults: list[str] = []
        self.steps = 0
        self.done: Counter[str] = Counter()
        for name, roles in PEOPLE.items():
            accounts.add_person(
                username=name,
                name=name.title(),
                email=f"{name}@example.org",
                password=None,
                by="setup",
                at=self.now,
                through="the tests",
            )
            for role, metrics in roles.items():
                accounts.grant(
                    plan_id=plan.id,
                    username=name,
                    role=role,
                    metrics=metrics,
                    by="setup",
                    at=self.now,
                    reason="setup",
                )
        self.rows = table_rows()

    # -- who may do what, in the model --
    def may_edit(self, name: str, metric_id: str) -> bool:
        roles = PEOPLE[name] if self.active[name] else {}
        return Role.ADMINISTRATOR in roles or metric_id in roles.get(Role.DATA_OWNER, ())

    def approves(self, name: str) -> bool:
        roles = PEOPLE[name] if self.active[name] else {}
        return bool({Role.ADMINISTRATOR, Role.APPROVER} & set(roles))

    def expected(self, metric_id: str, month: Month) -> Any:
        metric = next((m for m in self.plan.metrics if m.id == metric_id), None)
        if metric is None or not metric.reporting_schedule.is_due(month):
            return None
        return metric

    def fits(self, metric_id: str, kept: Kept) -> bool:
        metric = self.expected(metric_id, Month.parse("2025-04")) or next(
            (m for m in self.plan.metrics if m.id == metric_id), None
        )
        parts = metric.component_ids() if metric and metric.components else ("",)
        return set(kept.figures) == set(parts)

    # -- actions --
    def ended(self, month: Month) -> bool:
        return self.now.date() > month.last_day

    def due(self) -> list[tuple[str, Month]]:
        found, month = [], self.plan.start
        while month <= self.plan.end and self.ended(month):
            found += [
                (m.id, month) for m in self.plan.metrics if m.reporting_schedule.is_due(month)
            ]
            month = month.plus(1)
        return found

    def locked(self, metric_id: str, month: Month) -> bool:
        return any(
            f.metric_id == metric_id and f.period == month
            for f in recorded_figures(self.plan.id, origins=("plan_file",))
        )

    def enter(self, metric_id: str, month: Month, who: str, submit: bool) -> None:
        kept = self.returns.get((metric_id, str(month)), Kept())
        metric = self.expected(metric_id, month)
        if metric is None:
            return
        parts = []
        for component in metric.component_ids() if metric.components else ("",):
            low = -3 if metric.negative.value == "allowed" else 0
            value = self.rng.randint(low, 40) if metric.unit.value != "percent" else None
            if value is None:
                denominator = self.rng.randint(1, 30)
                numerator = str(self.rng.randint(0, denominator))
                parts.append(
                    PartEntry(component, numerator=numerator, denominator=str(denominator))
                )
            else:
                parts.append(PartEntry(component, value=str(value)))
        entry = Entry(tuple(parts), commentary=self.rng.choice(["", "steady"]), confirmation="ok")
        checked = check_entry(
            self.plan, metric, month, entry, metric_history(self.plan.id, metric_id)
        )
        allowed = (
            self.may_edit(who, metric_id)
            and kept.state in OPEN
            and not self.locked(metric_id, month)
        )
        user = User.objects.get(username=who)
        try:
            saved = services.save_entry(
                plan_id=self.plan.id,
                metric_id=metric_id,
                period=month,
                user=user,
                figures=checked.figures,
                entry=entry,
                version=kept.version,
                now=self.now,
                today=self.now.date(),
            )
            kept.version, kept.last_editor = saved.version, who
            kept.figures = {f.component: f for f in checked.figures}
            self.returns[(metric_id, str(month))] = kept
            self.check("save", True, allowed)
        except REFUSED:
            self.check("save", False, allowed)
            return
        if submit:
            self.move(metric_id, month, who, SignOff.SUBMITTED)

    def move(self, metric_id: str, month: Month, who: str, target: SignOff) -> None:
        kept = self.returns[(metric_id, str(month))]
        needs = {
            SignOff.SUBMITTED: OPEN,
            SignOff.APPROVED: ("submitted",),
            SignOff.RETURNED: ("submitted", "approved", "published"),
        }[target]
        may = (
            self.may_edit(who, metric_id)
            if target is SignOff.SUBMITTED
            else (self.approves(who) and kept.last_editor != who)
        )
        allowed = (
            kept.state in needs
            and may
            and self.expected(metric_id, month) is not None
            and (target is SignOff.RETURNED or self.fits(metric_id, kept))
        )
        try:
            moved = services.move(
                plan_id=self.plan.id,
                metric_id=metric_id,
                period=month,
                user=User.objects.get(username=who),
                target=target,
                reason="checked",
                version=kept.version,
                now=self.now,
                today=self.now.date(),
            )
            kept.state, kept.version = moved.state, moved.version
            self.check(target.value, True, allowed)
        except REFUSED:
            self.check(target.value, False, allowed)

    def progress(self) -> None:
        """The oldest return that holds back a release moves on, by someone who may move it."""
        for metric_id, month in sorted(self.due(), key=lambda d: (d[1], d[0])):
            kept = self.returns.get((metric_id, str(month)))
            if self.locked(metric_id, month) or (kept and kept.state in ("approved", "published")):
                continue
            approvers = [n for n in PEOPLE if self.approves(n) and n != (kept and kept.last_editor)]
            if kept is not None and kept.state == "submitted" and approvers:
                target = SignOff.APPROVED if self.fits(metric_id, kept) else SignOff.RETURNED
                self.move(metric_id, month, self.rng.choice(approvers), target)
                return
            owners = [n for n in PEOPLE if self.may_edit(n, metric_id)]
            if owners:
                self.enter(metric_id, month, self.rng.choice(owners), submit=True)
            return

    def anything(self) -> None:
        """Someone (perhaps someone who may not) does something to a return."""
        due = self.due()
        if not due:
            return
        metric_id, month = self.rng.choice(due)
        who = self.rng.choice(sorted(PEOPLE))
        if (metric_id, str(month)) not in self.returns or self.rng.random() < 0.3:
            self.enter(metric_id, month, who, submit=self.rng.random() < 0.5)
        else:
            target = self.rng.choice([SignOff.APPROVED, SignOff.RETURNED, SignOff.SUBMITTED])
            self.move(metric_id, month, who, target)

    def approve_together(self) -> None:
        submitted = sorted(k for k, r in self.returns.items() if r.state == "submitted")
        if not submitted:
            return
        chosen = self.rng.sample(submitted, min(3, len(submitted)))
        who = self.rng.choice(["approver", "second_approver", "admin"])
        allowed = self.approves(who) and all(
            self.returns[k].last_editor != who
            and self.fits(k[0], self.returns[k])
            and self.expected(k[0], Month.parse(k[1])) is not None
            for k in chosen
        )
        ids = {k: Return.objects.get(metric_id=k[0], period=k[1]).pk for k in chosen}
        try:
            approvals.approve_returns(
                plan_id=self.plan.id,
                chosen=[approvals.Chosen(str(ids[k]), self.returns[k].version) for k in chosen],
                user=User.objects.get(username=who),
                reason="",
                now=self.now,
                today=self.now.date(),
            )
            for k in chosen:
                self.returns[k].state = "approved"
                self.returns[k].version += 1
            self.check("approve together", True, allowed)
        except REFUSED:
            self.check("approve together", False, allowed)

    def release(self) -> None:
        released = set(
            release_models.Release.objects.filter(versions__state="published").values_list(
                "period", flat=True
            )
        )
        ended = [m for m in {d[1] for d in self.due()} if m <= self.plan.end]
        waiting = sorted(m for m in ended if str(m) not in released)
        if not ended:
            return
        month = waiting[0] if waiting and self.rng.random() < 0.7 else self.rng.choice(ended)
        who = self.rng.choice(["approver", "admin"])
        latest = release_models.ReleaseVersion.objects.filter(
            release__plan__plan_id=self.plan.id, release__period=str(month)
        ).last()
        if latest is not None and latest.state == "scheduled" and self.rng.random() < 0.5:
            try:
                releases.unschedule(latest, by=who, now=self.now)
                self.check("back to draft", True, latest.embargo > self.now)
            except REFUSED:
                self.check("back to draft", False, latest.embargo > self.now)
            return
        try:
            draft = releases.prepare(self.plan.id, month, by=who, now=self.now)
        except REFUSED:
            self.check("prepare", False, False)
            return
        if latest is not None and latest.state == "scheduled" and latest.embargo <= self.now:
            self.published(latest)  # public since its embargo: recorded as published first
        self.check("prepare", True, True)
        if _contents(snapshot_figures(draft.snapshot)) != self.latest(month):
            self.fault(f"prepare {month}: the snapshot is not the latest approved figures")
        if self.rng.random() < 0.4:
            self.rng.choice([self.anything, self.progress])()  # the store moves on meanwhile
        amend = (
            {"reason": "corrected", "change_note": "figures corrected"} if draft.number > 1 else {}
        )
        try:
            if self.rng.random() < 0.35:
                embargo = self.now + dt.timedelta(days=self.rng.randint(1, 9))
                releases.schedule(draft, embargo=embargo, by=who, now=self.now, **amend)
            else:
                releases.publish(draft, by=who, now=self.now, **amend)
                self.published(draft)
                if _contents(snapshot_figures(draft.snapshot)) != self.latest(month):
                    self.fault(f"publish {month}: not the latest approved figures")
                if self.pending(month):
                    self.fault(f"publish {month}: published while {self.pending(month)} blocks it")
            self.check("release", True, True)
        except REFUSED:
            self.check("release", False, False)

    def pending(self, month: Month) -> list[tuple[str, str]]:
        first = max(month.financial_year.first_month, self.plan.start)
        return [
            key
            for key, kept in self.returns.items()
            if kept.state in ("draft", "submitted", "returned")
            and first <= Month.parse(key[1]) <= month
            and self.expected(key[0], Month.parse(key[1])) is not None
        ]

    def latest(self, month: Month) -> set[tuple[object, ...]]:
        return _contents(f for f in recorded_figures(self.plan.id) if f.period <= month)

    def published(self, version: release_models.ReleaseVersion) -> None:
        """The model's returns the version shows become published; the others stay."""
        shown = {f.key: f for f in snapshot_figures(version.snapshot)}
        plan = Plan.model_validate(version.plan_version.definition)  # the one it shows
        first = max(Month.parse(version.release.period).financial_year.first_month, plan.start)
        for (metric_id, period), kept in self.returns.items():
            month = Month.parse(period)
            if kept.state != "approved" or not first <= month <= Month.parse(
                version.release.period
            ):
                continue
            found = Return.objects.get(metric_id=metric_id, period=period)
            figures = entry_figures(found)
            same = all(
                f.key in shown and shown[f.key].value == f.value and shown[f.key].status == f.status
                for f in figures
            )
            metric = next((m for m in plan.metrics if m.id == metric_id), None)
            if same and metric is not None and metric.reporting_schedule.is_due(month):
                kept.state, kept.version = "published", kept.version + 1

    def scheduler(self) -> None:
        for version in releases.release_due(by="scheduler", now=self.now):
            self.published(version)
        self.check("scheduler", True, True)

    def plan_version(self) -> None:
        metrics = list(self.first_plan.metrics)
        if self.rng.random() < 0.5:
            metrics.remove(self.rng.choice([m for m in metrics if m.id != "A1"]))
        plan = self.first_plan.model_copy(update={"metrics": tuple(metrics)})
        kept = {m.id for m in metrics}
        figures = [f for f in self.plan_figures if f.metric_id in kept]
        before = {k: (r.state, dict(r.figures)) for k, r in self.returns.items()}
        load_plan(plan, figures, source="cycle", loaded_by="loader", now=self.now)
        self.plan = plan
        self.check("plan version", True, True)
        if {k: (r.state, dict(r.figures)) for k, r in self.returns.items()} != before:
            self.fault("a plan version changed a return")

    def people(self) -> None:
        name = self.rng.choice(["approver", "council_owner", "trust_owner", "second_approver"])
        active = not self.active[name]
        accounts.set_active(
            username=name,
            active=active,
            by="admin",
            at=self.now,
            through="the tests",
            reason="moves on",
        )
        self.active[name] = active
        self.check("deactivate" if not active else "reactivate", True, True)

    def run(self, months: int, steps: int) -> None:
        actions = [
            (self.progress, 12),
            (self.anything, 4),
            (self.approve_together, 2),
            (self.release, 3),
            (self.scheduler, 1),
            (self.plan_version, 0.4),
            (self.people, 0.6),
        ]
        handlers, weights = zip(*actions, strict=True)
        for _ in range(months):
            for _ in range(steps):
                self.now += dt.timedelta(hours=self.rng.uniform(1, 40))
                self.rng.choices(handlers, weights)[0]()
            self.now = dt.datetime.combine(
                Month.of(self.now.date()).plus(1).first_day, dt.time(9), tzinfo=dt.UTC
            )


def _contents(figures: Iterable[Figure]) -> set[tuple[object, ...]]:
    return {f.content() for f in figures}
