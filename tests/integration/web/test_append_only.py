"""Every history in the store is append-only: a record, once written, is never edited or
deleted (people added or deactivated, role changes, plan versions and definition changes,
figure changes, computation runs, return events, release events)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.apps import apps
from django.db import models

from scorecard.web.accounts.models import PersonEvent, RoleChange
from scorecard.web.catalogue.models import DefinitionChange, Plan, PlanVersion
from scorecard.web.computations.models import ComputationRun
from scorecard.web.figures.models import FigureChange
from scorecard.web.history import AppendOnly
from scorecard.web.releases.models import Release, ReleaseEvent, ReleaseVersion
from scorecard.web.returns.models import Return, ReturnEvent

AT = dt.datetime(2024, 11, 20, tzinfo=dt.UTC)


def _records(plan: Plan) -> list[models.Model]:
    entry = Return.objects.create(plan=plan, metric_id="3.1", period="2024-10", updated_at=AT)
    version = PlanVersion.objects.create(
        plan=plan, number=1, definition={}, digest="d", source="s", loaded_by="a", loaded_at=AT
    )
    release = ReleaseVersion.objects.create(
        release=Release.objects.create(plan=plan, period="2024-09"),
        number=1,
        plan_version=version,
        snapshot={},
        created_by="a",
        created_at=AT,
    )
    return [
        version,
        ComputationRun.objects.create(
            plan=plan,
            la_code="938",
            first_month="2024-09",
            last_month="2024-09",
            engine="duckdb",
            extracts=[],
            recipes=[],
            run_by="a",
            run_at=AT,
        ),
        ReleaseEvent.objects.create(version=release, action="drafted", by="a", at=AT),
        RoleChange.objects.create(
            plan=plan, username="u", role="viewer", changed_by="a", changed_at=AT, reason="r"
        ),
        PersonEvent.objects.create(
            username="u",
            action="added",
            name="U",
            email="u@example.org",
            by="a",
            at=AT,
            through="t",
        ),
        DefinitionChange.objects.create(
            plan=plan, version=2, path="notice", changed_by="a", changed_at=AT, reason="r"
        ),
        FigureChange.objects.create(
            plan=plan,
            metric_id="3.1",
            period="2024-10",
            action="created",
            reason="r",
            changed_by="a",
            changed_at=AT,
        ),
        ReturnEvent.objects.create(
            entry=entry, event="saved", from_state="draft", to_state="draft", by="a", at=AT
        ),
    ]


@pytest.mark.django_db
def test_no_history_record_can_be_edited_or_deleted() -> None:
    plan = Plan.objects.create(plan_id="p", title="P")
    records = _records(plan)
    histories = {m for m in apps.get_models() if issubclass(m, AppendOnly)}
    assert {type(record) for record in records} == histories  # every history is tried
    for record in records:
        with pytest.raises(ValueError, match="append-only; a record cannot be edited"):
            record.save()
        with pytest.raises(ValueError, match="append-only; a record cannot be deleted"):
            record.delete()
        assert type(record).objects.filter(pk=record.pk).exists()
