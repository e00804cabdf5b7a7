"""Recorded figures (value or not available) and their append-only change history.

`not_due` is never stored: it follows from each metric's schedule.
"""

from __future__ import annotations

from django.db import models

from scorecard.domain.figures import RECORDED_STATUSES
from scorecard.web.catalogue.models import Plan
from scorecard.web.figures.fields import ExactDecimalField
from scorecard.web.history import AppendOnly


class Origin(models.TextChoices):
    PLAN_FILE = "plan_file", "Plan file"
    COMPUTED = "computed", "Computed from extracts"
    SUBMITTED = "submitted", "Submitted by its data owner and approved"


class Figure(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="figures")
    metric_id = models.CharField(max_length=40)
    component = models.CharField(max_length=40, blank=True, default="")
    period = models.CharField(max_length=7, help_text="YYYY-MM")
    status = models.CharField(
        max_length=20,
        choices=[(s.value, s.value) for s in RECORDED_STATUSES],
    )
    value = ExactDecimalField(null=True, blank=True)
    numerator = ExactDecimalField(null=True, blank=True)
    denominator = ExactDecimalField(null=True, blank=True)
    reference_period = models.CharField(max_length=200, blank=True, default="")
    quality = models.CharField(
        max_length=100, blank=True, default="", help_text="flags, ; separated"
    )
    source = models.CharField(max_length=300, blank=True, default="")
    note = models.TextField(blank=True, default="")
    origin = models.CharField(max_length=20, choices=Origin.choices)
    computation = models.ForeignKey(
        "computations.ComputationRun",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="figures",
        help_text="The run that computed the figure, for computed figures",
    )
    recorded_by = models.CharField(max_length=150)
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["plan", "metric_id", "component", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "metric_id", "component", "period"],
                name="one_figure_per_metric_component_month",
            )
        ]

    def __str__(self) -> str:
        part = f" {self.component}" if self.component else ""
        return f"{self.plan.plan_id} {self.metric_id}{part} {self.period}"


class Action(models.TextChoices):
    CREATED = "created", "Created"
    UPDATED = "updated", "Updated"
    REMOVED = "removed", "Removed"


class FigureChange(AppendOnly):
    """One change to one figure: who, when, what, before, after and why. Never edited."""

    history_name = "figure history"

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="figure_changes")
    metric_id = models.CharField(max_length=40)
    component = models.CharField(max_length=40, blank=True, default="")
    period = models.CharField(max_length=7)
    action = models.CharField(max_length=10, choices=Action.choices)
    before = models.JSONField(null=True)
    after = models.JSONField(null=True)
    reason = models.CharField(max_length=500)
    changed_by = models.CharField(max_length=150)
    changed_at = models.DateTimeField()

    class Meta:
        ordering = ["id"]
