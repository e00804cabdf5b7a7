"""People's roles in a plan, and failed sign-ins (for throttling).

People are Django users. A role is held in one plan; a data owner's role names the metrics they
own. Every grant and removal is recorded in the role history, every person added,
deactivated or reactivated in the history of people, and every sign-in, failed sign-in and
sign-out in the sign-in history; none is ever edited.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from scorecard.domain.signoff import Role
from scorecard.web.catalogue.models import Plan
from scorecard.web.history import AppendOnly

ROLE_CHOICES = [
    (Role.VIEWER.value, "Viewer"),
    (Role.DATA_OWNER.value, "Data owner"),
    (Role.APPROVER.value, "Approver"),
    (Role.ADMINISTRATOR.value, "Administrator"),
]


class PlanRole(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="plan_roles"
    )
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="roles")
    role = models.CharField(max_length=20, choices=ROLE_CHOICES)
    organisation = models.CharField(
        max_length=40, blank=True, default="", help_text="The partner the person works for"
    )
    metrics = models.JSONField(default=list, help_text="Metric ids, for a data owner")

    class Meta:
        ordering = ["plan", "user", "role"]
        constraints = [
            models.UniqueConstraint(fields=["user", "plan", "role"], name="one_role_each_per_plan")
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.role} in {self.plan}"


class RoleChange(AppendOnly):
    """One grant or removal of a role: who, what, by whom, when, why. Never edited."""

    history_name = "role history"

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="role_changes")
    username = models.CharField(max_length=150)
    role = models.CharField(max_length=20, choices=ROLE_CHOICES)
    before = models.JSONField(null=True)
    after = models.JSONField(null=True)
    changed_by = models.CharField(max_length=150)
    changed_at = models.DateTimeField()
    reason = models.CharField(max_length=500)

    class Meta:
        ordering = ["id"]


class PersonAction(models.TextChoices):
    ADDED = "added", "Added"
    DEACTIVATED = "deactivated", "Deactivated"
    REACTIVATED = "reactivated", "Reactivated"


class PersonEvent(AppendOnly):
    """One person added, deactivated (they can no longer sign in) or reactivated: who, with
    what name and email address then, by whom, when, through what (the command line, or a
    plan's People page) and why. Never edited."""

    history_name = "the history of people"

    username = models.CharField(max_length=150)
    action = models.CharField(max_length=20, choices=PersonAction.choices)
    name = models.CharField(max_length=150)
    email = models.CharField(max_length=254)
    by = models.CharField(max_length=150)
    at = models.DateTimeField()
    through = models.CharField(max_length=200)
    reason = models.CharField(max_length=500, blank=True, default="")

    class Meta:
        ordering = ["id"]


class SignInOutcome(models.TextChoices):
    SIGNED_IN = "signed_in", "Signed in"
    FAILED = "failed", "Failed"
    LOCKED_OUT = "locked_out", "Refused: too many failed attempts"
    SIGNED_OUT = "signed_out", "Signed out"


class SignInEvent(AppendOnly):
    """One sign-in, failed sign-in, sign-in refused while locked out, or sign-out: whose
    account (empty when what was typed names no one: it is not kept, as it may be a password
    typed in the wrong box), how (password or single sign-on), from which address, when.
    Never edited."""

    history_name = "the sign-in history"

    username = models.CharField(max_length=150, blank=True, default="")
    outcome = models.CharField(max_length=20, choices=SignInOutcome.choices)
    method = models.CharField(max_length=40, blank=True, default="")
    address = models.CharField(max_length=64, blank=True, default="")
    at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["id"]


class FailedSignIn(models.Model):
    """A failed sign-in, kept for a while to slow down guessing."""

    username = models.CharField(max_length=150, db_index=True)
    address = models.CharField(max_length=64, db_index=True)
    at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["id"]
