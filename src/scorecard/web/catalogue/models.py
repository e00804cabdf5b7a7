"""A plan and the versions of its definition.

The definition is stored whole, as the validated plan model's JSON, so that the plan file's
models stay the one source of truth; each change to it makes a new numbered version and the old
ones stay as its history.
"""

from __future__ import annotations

from django.db import models

from scorecard.web.history import AppendOnly


class Plan(models.Model):
    plan_id = models.CharField(max_length=63, unique=True)
    title = models.CharField(max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["plan_id"]

    def __str__(self) -> str:
        return self.plan_id


class PlanVersion(AppendOnly):
    """One version of a plan's definition, as loaded or changed: who, when, from where. Never
    edited: a change makes the next version."""

    history_name = "a plan's version history"

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    definition = models.JSONField()
    digest = models.CharField(max_length=64, help_text="SHA-256 of the canonical definition")
    source = models.CharField(max_length=500, help_text="Where the definition was loaded from")
    loaded_by = models.CharField(max_length=150)
    loaded_at = models.DateTimeField()

    class Meta:
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="one_version_number_per_plan")
        ]

    def __str__(self) -> str:
        return f"{self.plan.plan_id} v{self.number}"


class DefinitionChange(AppendOnly):
    """One change to a plan's definition between two versions: which field (a path such as
    "metrics/3.1/targets/2024-25"), before, after, who, when and why. Never edited."""

    history_name = "definition history"

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="definition_changes")
    version = models.PositiveIntegerField(help_text="The version the change made")
    path = models.CharField(max_length=300)
    before = models.JSONField(null=True)
    after = models.JSONField(null=True)
    changed_by = models.CharField(max_length=150)
    changed_at = models.DateTimeField()
    reason = models.CharField(max_length=500)

    class Meta:
        ordering = ["id"]
