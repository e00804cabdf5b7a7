"""Loading plans into the store: atomic, idempotent, and keeping history."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.db.models import QuerySet

from scorecard.domain.periods import Month
from scorecard.planfiles.reader import PlanReading, read_plan
from scorecard.web.catalogue import models as catalogue_models
from scorecard.web.catalogue.queries import current_plan, versions
from scorecard.web.catalogue.services import load_plan
from scorecard.web.figures import models as figure_models
from scorecard.web.figures import services as figure_services
from scorecard.web.figures.queries import history, recorded_figures

pytestmark = pytest.mark.django_db
PLAN_ID = "west-sussex-2024-27"
AT = dt.datetime(2024, 10, 15, 9, 30, tzinfo=dt.UTC)


def _read(folder: Path) -> PlanReading:
    reading = read_plan(folder)
    assert reading.ok, [p.describe() for p in reading.errors]
    return reading


def _load(folder: Path, when: dt.datetime = AT):
    reading = _read(folder)
    assert reading.plan is not None
    return load_plan(
        reading.plan, reading.figures, source=str(folder), loaded_by="analyst", now=when
    )


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_first_load_stores_the_plan_and_every_figure(bundled_plan: Path) -> None:
    result = _load(bundled_plan)
    assert (result.version, result.new_version) == (1, True)
    assert (result.figures.created, result.figures.updated, result.figures.removed) == (100, 0, 0)
    assert figure_models.Figure.objects.count() == 100
    assert figure_models.FigureChange.objects.filter(action="created").count() == 100
    assert current_plan(PLAN_ID) == _read(bundled_plan).plan


def test_loading_twice_changes_nothing(bundled_plan: Path) -> None:
    _load(bundled_plan)
    before = list(figure_models.Figure.objects.values())
    again = _load(bundled_plan, AT + dt.timedelta(days=1))
    assert not again.changed
    assert again.figures.unchanged == 100
    assert list(figure_models.Figure.objects.values()) == before
    assert catalogue_models.PlanVersion.objects.count() == 1
    assert figure_models.FigureChange.objects.count() == 100


def test_a_corrected_figure_is_updated_with_its_history(plan_copy: Path) -> None:
    _load(plan_copy)
    _edit(plan_copy / "figures.csv", "3.1,,2024-09,value,12.8,", "3.1,,2024-09,value,12.9,")
    result = _load(plan_copy, AT + dt.timedelta(days=3))
    assert (result.new_version, result.figures.updated, result.figures.unchanged) == (False, 1, 99)
    stored = {f.key: f for f in recorded_figures(PLAN_ID)}
    assert stored[("3.1", "", Month(2024, 9))].value == Decimal("12.9")
    change = [c for c in history(PLAN_ID) if c.action == "updated"]
    assert len(change) == 1
    assert (change[0].metric_id, change[0].period) == ("3.1", "2024-09")
    assert change[0].before["value"] == "12.8" and change[0].after["value"] == "12.9"
    assert change[0].changed_by == "analyst"
    assert "plan load from" in change[0].reason


def test_a_removed_figure_is_removed_with_its_history(plan_copy: Path) -> None:
    _load(plan_copy)
    _edit(plan_copy / "figures.csv", "5.6,,2024-09,value,21,\n", "")
    result = _load(plan_copy)
    assert result.figures.removed == 1
    removed = figure_models.FigureChange.objects.get(action="removed")
    assert (removed.metric_id, removed.before["value"], removed.after) == ("5.6", "21", None)


def test_a_changed_definition_makes_a_new_version_and_keeps_the_old(plan_copy: Path) -> None:
    _load(plan_copy)
    _edit(plan_copy / "metrics.yaml", "baseline: {value: 8.4}", "baseline: {value: 8.5}")
    result = _load(plan_copy)
    assert (result.version, result.new_version, result.figures.changed) == (2, True, False)
    stored = versions(PLAN_ID)
    assert [v.number for v in stored] == [1, 2]
    assert current_plan(PLAN_ID).metric("3.1").baseline.value == Decimal("8.5")


def test_a_field_added_in_a_later_release_makes_no_new_version(plan_copy: Path) -> None:
    """A version stored before plans could name a contact has no such field; loading the same
    plan files after the upgrade (the field now stored as null) is no change. Naming a contact
    is: a new version, its change in the history."""
    _load(plan_copy)
    stored = catalogue_models.PlanVersion.objects.get()
    older = dict(stored.definition)
    older["organisation"] = {
        k: v for k, v in older["organisation"].items() if k != "contact"
    }  # as a store written before the field existed holds it (update: no model save)
    # the plain queryset update, past the append-only guard: the row as the store holds it
    QuerySet.update(catalogue_models.PlanVersion.objects.filter(pk=stored.pk), definition=older)
    again = _load(plan_copy)
    assert (again.version, again.new_version) == (1, False)
    _edit(
        plan_copy / "plan.yaml",
        "  name: West Sussex Local Area SEND Partnership\n",
        "  name: West Sussex Local Area SEND Partnership\n"
        "  contact: {team: SEND Performance, email: send.performance@example.gov.uk}\n",
    )
    named = _load(plan_copy)
    assert (named.version, named.new_version) == (2, True)
    changes = catalogue_models.DefinitionChange.objects.values_list("path", flat=True)
    assert sorted(changes) == ["organisation/contact"]
    contact = current_plan(PLAN_ID).organisation.contact
    assert contact is not None and contact.in_words == (
        "SEND Performance, send.performance@example.gov.uk"
    )


def test_a_failure_part_way_stores_nothing(
    bundled_plan: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Fault injection: the 50th history record fails; the whole load must roll back."""
    calls = {"n": 0}
    real = figure_services._record

    def failing(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 50:
            raise RuntimeError("disk full")
        return real(*args, **kwargs)

    monkeypatch.setattr(figure_services, "_record", failing)
    with pytest.raises(RuntimeError):
        _load(bundled_plan)
    assert catalogue_models.Plan.objects.count() == 0
    assert catalogue_models.PlanVersion.objects.count() == 0
    assert figure_models.Figure.objects.count() == 0
    assert figure_models.FigureChange.objects.count() == 0


def test_history_is_append_only(bundled_plan: Path) -> None:
    _load(bundled_plan)
    change = figure_models.FigureChange.objects.first()
    assert change is not None
    change.reason = "rewritten"
    with pytest.raises(ValueError, match="append-only"):
        change.save()
    with pytest.raises(ValueError, match="append-only"):
        change.delete()


def test_numbers_keep_their_written_precision(bundled_plan: Path) -> None:
    _load(bundled_plan)
    values = {(f.metric_id, str(f.period)): f.value for f in recorded_figures(PLAN_ID) if f.value}
    assert str(values[("1/2.1", "2024-07")]) == "83"
    assert str(values[("3.2", "2024-09")]) == "41.71"
    row = figure_models.Figure.objects.get(metric_id="3.5", period="2024-09")
    assert str(row.value) == "94"


def test_a_change_of_written_precision_is_a_correction(plan_copy: Path) -> None:
    _load(plan_copy)
    _edit(plan_copy / "figures.csv", "1/2.1,,2024-07,value,83,", "1/2.1,,2024-07,value,83.0,")
    result = _load(plan_copy)
    assert result.figures.updated == 1
    stored = {f.key: f for f in recorded_figures(PLAN_ID)}
    assert str(stored[("1/2.1", "", Month(2024, 7))].value) == "83.0"


def test_the_store_is_the_database_configured() -> None:
    """tools/test_postgres.sh runs these tests on PostgreSQL: make sure they really do."""
    import os

    from django.db import connection

    url = os.environ.get("SCORECARD_DATABASE_URL", "")
    expected = "postgresql" if url.startswith("postgres") else "sqlite"
    assert connection.vendor == expected
