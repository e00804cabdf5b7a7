"""The store's schema: every model change has its migration, and a store made before the latest
migrations upgrades to them keeping every record (the first command that needs the store
upgrades it, README)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

AT = dt.datetime(2024, 11, 20, 9, 0, tzinfo=dt.UTC)
# Each app at the migration before its newest: a store as an earlier release left it.
EARLIER = [
    ("accounts", "0001_initial"),
    ("returns", "0002_reminder"),
    ("releases", "0002_version_assessments"),
]


def test_every_model_change_has_its_migration(db: None) -> None:
    out = io.StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out)
    except SystemExit:
        pytest.fail(f"a model changed without a migration:\n{out.getvalue()}")


@pytest.mark.django_db(transaction=True)
def test_a_store_from_an_earlier_release_upgrades_keeping_its_records() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(EARLIER)
    old = executor.loader.project_state(EARLIER).apps
    plan = old.get_model("catalogue", "Plan").objects.create(plan_id="p", title="P")
    old.get_model("auth", "User").objects.create(username="olive", email="olive@example.org")
    entry = old.get_model("returns", "Return").objects.create(
        plan=plan, metric_id="3.1", period="2024-10", updated_at=AT
    )
    old.get_model("returns", "ReturnEvent").objects.create(
        entry=entry, event="saved", from_state="draft", to_state="draft", by="olive", at=AT
    )
    version = old.get_model("catalogue", "PlanVersion").objects.create(
        plan=plan, number=1, definition={}, digest="d", source="s", loaded_by="a", loaded_at=AT
    )
    release = old.get_model("releases", "Release").objects.create(plan=plan, period="2024-09")
    draft = old.get_model("releases", "ReleaseVersion").objects.create(
        release=release,
        number=1,
        plan_version=version,
        snapshot={},
        created_by="a",
        created_at=AT,
    )
    old.get_model("releases", "ReleaseEvent").objects.create(
        version=draft, action="drafted", by="a", at=AT
    )

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    new = executor.loader.project_state(executor.loader.graph.leaf_nodes()).apps

    (event,) = new.get_model("returns", "ReturnEvent").objects.all()
    assert (event.by, event.event, event.through) == ("olive", "saved", "")
    (drafted,) = new.get_model("releases", "ReleaseEvent").objects.all()
    assert (drafted.action, drafted.before) == ("drafted", None)
    assert new.get_model("auth", "User").objects.get().username == "olive"
    assert not new.get_model("accounts", "PersonEvent").objects.exists()  # not known then
    assert not new.get_model("accounts", "SignInEvent").objects.exists()
