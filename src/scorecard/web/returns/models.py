"""A return: one metric's figures for one month, entered by its data owner and signed off, with
its append-only history of every save and every move between states (docs/collection.md).

Approved figures are copied into the figures store (scorecard.web.figures), which is what the
board's scorecard shows; a return's own figures are the owner's working copy.
"""

from __future__ import annotations

from django.db import models

from scorecard.domain.figures import RECORDED_STATUSES
from scorecard.domain.signoff import SignOff
from scorecard.web.catalogue.models import Plan
from scorecard.web.figures.fields import ExactDecimalField
from scorecard.web.history import AppendOnly

STATE_CHOICES = [(s.value, s.value) for s in SignOff]


class Return(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="returns")
    metric_id = models.CharField(max_length=40)
    period = models.CharField(max_length=7, help_text="YYYY-MM")
    state = models.CharField(max_length=20, choices=STATE_CHOICES, default=SignOff.DRAFT.value)
    version = models.PositiveIntegerField(
        default=1, help_text="Goes up with every change, so that no one overwrites a newer one"
    )
    commentary = models.TextField(blank=True, default="", help_text="What the figure tells us")
    actions = models.TextField(blank=True, default="", help_text="The actions being taken")
    last_editor = models.CharField(max_length=150, blank=True, default="")
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["plan", "period", "metric_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "metric_id", "period"], name="one_return_per_metric_month"
            )
        ]

    def __str__(self) -> str:
        return f"{self.plan.plan_id} {self.metric_id} {self.period}"


class ReturnFigure(models.Model):
    """One component's figure in a return (the component is empty for a single-part metric)."""

    entry = models.ForeignKey(Return, on_delete=models.CASCADE, related_name="figures")
    component = models.CharField(max_length=40, blank=True, default="")
    status = models.CharField(
        max_length=20,
        choices=[(s.value, s.value) for s in RECORDED_STATUSES],
    )
    value = ExactDecimalField(null=True, blank=True)
    numerator = ExactDecimalField(null=True, blank=True)
    denominator = ExactDecimalField(null=True, blank=True)
    quality = models.CharField(max_length=100, blank=True, default="")
    note = models.TextField(blank=True, default="", help_text="Why it is not available")

    class Meta:
        ordering = ["entry", "component"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "component"], name="one_figure_per_component")
        ]


class Event(models.TextChoices):
    SAVED = "saved", "Saved"
    SUBMITTED = "submitted", "Submitted"
    RETURNED = "returned", "Returned"
    APPROVED = "approved", "Approved"
    PUBLISHED = "published", "Published"


class ReturnEvent(AppendOnly):
    """One save or move of a return: who, when, what, before, after, why, and how when not on
    the return's page (an upload). Never edited."""

    history_name = "a return's history"

    entry = models.ForeignKey(Return, on_delete=models.PROTECT, related_name="events")
    event = models.CharField(max_length=20, choices=Event.choices)
    from_state = models.CharField(max_length=20, choices=STATE_CHOICES)
    to_state = models.CharField(max_length=20, choices=STATE_CHOICES)
    before = models.JSONField(null=True)
    after = models.JSONField(null=True)
    reason = models.TextField(blank=True, default="")
    by = models.CharField(max_length=150)
    at = models.DateTimeField()
    through = models.CharField(
        max_length=300,
        blank=True,
        default="",
        help_text='How, when not on the return\'s page: "an upload of returns.xlsx"',
    )

    class Meta:
        ordering = ["id"]


class ReminderKind(models.TextChoices):
    DUE_SOON = "due_soon", "Due soon"
    OVERDUE = "overdue", "Overdue"


class Reminder(models.Model):
    """A reminder sent to a person about a return, so that a scheduler running the reminders
    every day sends each one once (overdue notices again each week)."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="reminders")
    username = models.CharField(max_length=150)
    email = models.CharField(max_length=254)
    metric_id = models.CharField(max_length=40)
    period = models.CharField(max_length=7)
    kind = models.CharField(max_length=20, choices=ReminderKind.choices)
    sent_at = models.DateTimeField()

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["plan", "username", "metric_id", "period", "kind"])]
