"""A computation run and its lineage: which recipes (name, version, parameters) ran on which
extracts (file, SHA-256 checksum, rows), with which engine, for which months and authority."""

from __future__ import annotations

from django.db import models

from scorecard.web.catalogue.models import Plan
from scorecard.web.history import AppendOnly


class ComputationRun(AppendOnly):
    """One run, as it ran. Never edited: the computed figures' lineage."""

    history_name = "the computations' lineage"

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="computations")
    la_code = models.CharField(max_length=20)
    first_month = models.CharField(max_length=7)
    last_month = models.CharField(max_length=7)
    engine = models.CharField(max_length=20)
    extracts = models.JSONField(help_text="[{name, file, sha256, rows, duplicates_dropped}]")
    recipes = models.JSONField(help_text="[{metric_id, component, recipe, version, parameters}]")
    run_by = models.CharField(max_length=150)
    run_at = models.DateTimeField()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.plan.plan_id} computation {self.pk}"
