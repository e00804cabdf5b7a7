"""Every history in the store is append-only: a record, once written, is never edited or
deleted (people added or deactivated, role changes, sign-ins, plan versions and definition
changes, figure changes, computation runs, return events, release events)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.apps import apps
from django.db import models

from scorecard.web.accounts.models import PersonEvent, RoleChange, SignInEvent
from scorecard.web.catalogue.models import DefinitionChange, Plan, PlanVersion
from scorecard.web.computations.models import ComputationRun
from scorecard.web.figures.models import FigureChange
from scorecard.web.history import AppendOnly
from scorecard.web.releases.models import Release, ReleaseEvent, ReleaseFile, ReleaseVersion
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
        SignInEvent.objects.create(username="u", outcome="signed_in", method="password", at=AT),
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


@pytest.mark.django_db
def test_no_history_record_can_be_edited_or_deleted_many_at_once() -> None:
    """A queryset's update, delete and bulk_update, and a bulk_create that would overwrite,
    are refused as a record's save and delete are: nothing is changed."""
    plan = Plan.objects.create(plan_id="p", title="P")
    records = _records(plan)
    for record in records:
        model = type(record)
        rows = model.objects.filter(pk=record.pk)
        stored = list(rows.values())
        with pytest.raises(ValueError, match="append-only; a record cannot be edited"):
            rows.update(id=record.pk)
        with pytest.raises(ValueError, match="append-only; a record cannot be edited"):
            model.objects.bulk_update([record], fields=[model._meta.fields[1].name])
        with pytest.raises(ValueError, match="append-only; a record cannot be edited"):
            model.objects.bulk_create(
                [record],
                update_conflicts=True,
                unique_fields=["id"],
                update_fields=[model._meta.fields[1].name],
            )
        with pytest.raises(ValueError, match="append-only; a record cannot be deleted"):
            rows.delete()
        with pytest.raises(ValueError, match="append-only; a record cannot be deleted"):
            model.objects.all().delete()
        assert list(model.objects.filter(pk=record.pk).values()) == stored
    # through a related manager as well (a plan's role history, a version's events)
    with pytest.raises(ValueError, match="append-only"):
        plan.role_changes.all().delete()
    with pytest.raises(ValueError, match="append-only"):
        plan.figure_changes.update(reason="rewritten")


def _version(plan: Plan, state: str) -> ReleaseVersion:
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
    ReleaseFile.objects.create(
        version=release,
        name="csv",
        filename="data.csv",
        media_type="text/csv",
        content=b"a,b\n",
        sha256="x",
    )
    ReleaseVersion.objects.filter(pk=release.pk).update(state=state)
    return ReleaseVersion.objects.get(pk=release.pk)


@pytest.mark.django_db
def test_a_published_version_and_its_files_never_change() -> None:
    version = _version(Plan.objects.create(plan_id="p", title="P"), "published")
    rows = ReleaseVersion.objects.filter(pk=version.pk)
    with pytest.raises(ValueError, match="a published release version never changes"):
        rows.update(change_note="edited")
    with pytest.raises(ValueError, match="a published release version never changes"):
        ReleaseVersion.objects.bulk_update([version], fields=["change_note"])
    with pytest.raises(ValueError, match="a published release version is never deleted"):
        rows.delete()
    with pytest.raises(ValueError, match="a published release version is never deleted"):
        version.delete()
    stored = version.files.get()
    stored.content = b"edited"
    with pytest.raises(ValueError, match="version's files never change"):
        stored.save()
    with pytest.raises(ValueError, match="version's files are never deleted"):
        stored.delete()
    with pytest.raises(ValueError, match="version's files never change"):
        version.files.update(content=b"edited")
    with pytest.raises(ValueError, match="version's files never change"):
        ReleaseFile.objects.bulk_update([stored], fields=["content"])
    with pytest.raises(ValueError, match="version's files are never deleted"):
        version.files.all().delete()
    with pytest.raises(ValueError, match="version's files never change"):
        ReleaseFile.objects.create(
            version=version, name="pdf", filename="a.pdf", media_type="x", content=b"", sha256=""
        )
    assert ReleaseVersion.objects.get(pk=version.pk).change_note == ""
    assert [bytes(f.content) for f in version.files.all()] == [b"a,b\n"]


@pytest.mark.django_db
def test_a_draft_or_scheduled_version_is_still_prepared_and_its_files_replaced() -> None:
    """Until it is published, a version is refreshed and its files rendered again (a scheduled
    one going back to draft loses them)."""
    for state in ("draft", "scheduled"):
        version = _version(Plan.objects.create(plan_id=f"p-{state}", title="P"), state)
        assert ReleaseVersion.objects.filter(pk=version.pk).update(change_note="note") == 1
        assert version.files.all().delete()[0] == 1
