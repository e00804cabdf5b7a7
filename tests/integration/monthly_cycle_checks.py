"""What the monthly cycle (monthly_cycle.py) checks after every step: the histories are only
added to, a refused action changes no table, the returns stand as the model says, and a release
the public have seen never changes and its versions count up."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import User
from django.db.models import Model

from scorecard.domain.figures import Figure
from scorecard.web.accounts import models as accounts_models
from scorecard.web.catalogue.models import DefinitionChange, PlanVersion
from scorecard.web.figures.models import Figure as StoredFigure
from scorecard.web.figures.models import FigureChange
from scorecard.web.releases import models as release_models
from scorecard.web.returns.models import Return, ReturnEvent, ReturnFigure

HISTORIES: tuple[type[Model], ...] = (
    ReturnEvent,
    release_models.ReleaseEvent,
    FigureChange,
    accounts_models.RoleChange,
    accounts_models.PersonEvent,
    DefinitionChange,
    PlanVersion,
)
TABLES: tuple[type[Model], ...] = (
    Return,
    ReturnFigure,
    StoredFigure,
    release_models.Release,
    release_models.ReleaseFile,
    accounts_models.PlanRole,
)


def table_rows() -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the tables the cycle writes (a release file's bytes as their hash; a
    release version without its snapshot, whose size stands for it)."""
    rows = {
        model.__name__: [
            tuple(row)
            for row in model.objects.order_by("pk").values_list(
                *[f.attname for f in model._meta.concrete_fields if f.attname != "content"]
            )
        ]
        for model in HISTORIES + TABLES
    }
    rows["ReleaseVersion"] = [
        (v.pk, v.number, v.state, v.embargo, len(str(v.snapshot)))
        for v in release_models.ReleaseVersion.objects.order_by("pk")
    ]
    rows["User"] = list(User.objects.order_by("pk").values_list("username", "is_active"))
    return rows


@dataclass
class Kept:
    """The model's return: its state and figures; the model's release version: its files once
    the public have seen it."""

    state: str = "draft"
    version: int = 0
    figures: dict[str, Figure] = field(default_factory=dict)
    last_editor: str = ""


class Checks:
    """The checks, over the state the cycle keeps."""

    seed: int
    now: dt.datetime
    steps: int
    done: Counter[str]
    faults: list[str]
    rows: dict[str, list[tuple[Any, ...]]]
    returns: dict[tuple[str, str], Kept]
    public_files: dict[int, dict[str, str]]

    def fault(self, what: str) -> None:
        self.faults.append(f"seed {self.seed}, {self.now:%Y-%m-%d %H:%M}: {what}")

    def check(self, action: str, done: bool, allowed: bool) -> None:
        self.steps += 1
        self.done[f"{action}: {'done' if done else 'refused'}"] += 1
        if done != allowed:
            self.fault(f"{action}: the model expected {'success' if allowed else 'a refusal'}")
        rows = table_rows()
        for model in HISTORIES:
            name = model.__name__
            old, new = self.rows[name], rows[name]
            if new[: len(old)] != old:
                self.fault(f"{action}: the {name} history was edited")
        if not done and rows != self.rows:
            self.fault(f"{action}: refused, yet {[k for k in rows if rows[k] != self.rows[k]]}")
        self.rows = rows
        self.check_returns(action)
        self.check_releases()

    def check_returns(self, action: str) -> None:
        for (metric_id, period), kept in self.returns.items():
            found = Return.objects.get(metric_id=metric_id, period=period)
            if (found.state, found.version) != (kept.state, kept.version):
                self.fault(
                    f"{action}: return {metric_id} {period}: {found.state} v{found.version}, "
                    f"the model says {kept.state} v{kept.version}"
                )
                kept.state, kept.version = found.state, found.version

    def check_releases(self) -> None:
        for version in release_models.ReleaseVersion.objects.select_related("release"):
            files = dict(version.files.values_list("name", "sha256"))
            public = version.state == "published" or (
                version.state == "scheduled" and version.embargo <= self.now
            )
            seen = self.public_files.get(version.pk)
            if seen is not None and (files != seen or not public):
                self.fault(f"release {version}: public, then changed ({version.state})")
            if public:
                self.public_files[version.pk] = files
        for release in release_models.Release.objects.all():
            numbers = list(release.versions.order_by("number").values_list("number", flat=True))
            if numbers != list(range(1, len(numbers) + 1)):
                self.fault(f"release {release}: version numbers {numbers}")
