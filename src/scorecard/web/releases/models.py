"""Releases: each a plan's reporting month, each version an immutable snapshot (docs/releases.md).

A version's snapshot holds every figure up to the reporting month exactly as stored when it was
made, the approved commentary, and the plan version used; its public files are rendered once,
when it is published or scheduled, and kept as bytes, so a past version reads the same forever.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from scorecard.domain.releases import ReleaseState
from scorecard.web.catalogue.models import Plan, PlanVersion
from scorecard.web.history import AppendOnly

# A published version never changes: it is amended with a new version (docs/releases.md).
VERSION_EDITED = "a published release version never changes; amend it with a new version"
VERSION_DELETED = "a published release version is never deleted"
FILE_EDITED = "a published release version's files never change; amend it with a new version"
FILE_DELETED = "a published release version's files are never deleted"


class ReleaseVersionQuerySet(models.QuerySet):
    """A published version never changes, however it is written to: its rows are not updated
    or deleted, one at a time or many at once."""

    def update(self, **kwargs: Any) -> int:
        if self.filter(state=ReleaseState.PUBLISHED.value).exists():
            raise ValueError(VERSION_EDITED)
        return super().update(**kwargs)

    def bulk_update(self, objs: Any, *args: Any, **kwargs: Any) -> int:
        published = ReleaseState.PUBLISHED.value
        if self.filter(pk__in=[o.pk for o in objs], state=published).exists():
            raise ValueError(VERSION_EDITED)
        return super().bulk_update(objs, *args, **kwargs)

    def delete(self) -> tuple[int, dict[str, int]]:
        if self.filter(state=ReleaseState.PUBLISHED.value).exists():
            raise ValueError(VERSION_DELETED)
        return super().delete()


class ReleaseFileQuerySet(models.QuerySet):
    """A published version's files are kept as released, byte for byte."""

    def _published(self) -> bool:
        return self.filter(version__state=ReleaseState.PUBLISHED.value).exists()

    def update(self, **kwargs: Any) -> int:
        if self._published():
            raise ValueError(FILE_EDITED)
        return super().update(**kwargs)

    def bulk_update(self, objs: Any, *args: Any, **kwargs: Any) -> int:
        if self.filter(pk__in=[o.pk for o in objs])._published():
            raise ValueError(FILE_EDITED)
        return super().bulk_update(objs, *args, **kwargs)

    def delete(self) -> tuple[int, dict[str, int]]:
        if self._published():
            raise ValueError(FILE_DELETED)
        return super().delete()


class Release(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="releases")
    period = models.CharField(max_length=7, help_text="The reporting month, YYYY-MM")

    class Meta:
        ordering = ["plan", "period"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "period"], name="one_release_per_plan_month")
        ]

    def __str__(self) -> str:
        return f"{self.plan.plan_id} {self.period}"


class ReleaseVersion(models.Model):
    release = models.ForeignKey(Release, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    state = models.CharField(
        max_length=20,
        choices=[(s.value, s.value) for s in ReleaseState],
        default=ReleaseState.DRAFT.value,
    )
    plan_version = models.ForeignKey(PlanVersion, on_delete=models.PROTECT, related_name="+")
    snapshot = models.JSONField(help_text="The figures and commentary, exactly as stored")
    revised = models.JSONField(
        default=list,
        help_text="[metric, component, period] shown differently from the last version",
    )
    assessments = models.JSONField(
        null=True,
        help_text="Every series' assessment as the public files show it, fixed with the files",
    )
    released_on = models.DateField(null=True, help_text="The date printed on the outputs")
    embargo = models.DateTimeField(null=True, help_text="When a scheduled version goes public")
    published_at = models.DateTimeField(null=True)
    reason = models.CharField(max_length=500, blank=True, default="", help_text="Why amended")
    change_note = models.TextField(blank=True, default="", help_text="What changed, for readers")
    created_by = models.CharField(max_length=150)
    created_at = models.DateTimeField()

    objects = ReleaseVersionQuerySet.as_manager()

    class Meta:
        ordering = ["release", "number"]
        constraints = [
            models.UniqueConstraint(fields=["release", "number"], name="one_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.release} version {self.number}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            stored = ReleaseVersion.objects.filter(pk=self.pk).values_list("state", flat=True)
            if stored.first() == ReleaseState.PUBLISHED.value:
                raise ValueError(f"{self} is published and never changes; amend it instead")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        if ReleaseVersion.objects.filter(pk=self.pk, state=ReleaseState.PUBLISHED.value).exists():
            raise ValueError(VERSION_DELETED)
        return super().delete(*args, **kwargs)


class ReleaseFile(models.Model):
    """One public output of a version (disclosure-controlled), as rendered when it was released."""

    version = models.ForeignKey(ReleaseVersion, on_delete=models.PROTECT, related_name="files")
    name = models.CharField(max_length=40, help_text="The renderer's name")
    filename = models.CharField(max_length=100)
    media_type = models.CharField(max_length=120)
    content = models.BinaryField()
    sha256 = models.CharField(max_length=64)

    objects = ReleaseFileQuerySet.as_manager()

    class Meta:
        ordering = ["version", "name"]
        constraints = [
            models.UniqueConstraint(fields=["version", "name"], name="one_file_per_output")
        ]

    def _published(self) -> bool:
        published = ReleaseState.PUBLISHED.value
        return ReleaseVersion.objects.filter(pk=self.version_id, state=published).exists()

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self._published():
            raise ValueError(FILE_EDITED)
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        if self._published():
            raise ValueError(FILE_DELETED)
        return super().delete(*args, **kwargs)


class Action(models.TextChoices):
    DRAFTED = "drafted", "Drafted"
    REFRESHED = "refreshed", "Refreshed from the latest figures"
    SCHEDULED = "scheduled", "Scheduled"
    UNSCHEDULED = "unscheduled", "Back to draft"
    PUBLISHED = "published", "Published"


class ReleaseEvent(AppendOnly):
    """One thing done to a release version: who, when, what and why; for a refresh, what it
    changed in words and the snapshot it replaced. Never edited."""

    history_name = "release history"

    version = models.ForeignKey(ReleaseVersion, on_delete=models.PROTECT, related_name="events")
    action = models.CharField(max_length=20, choices=Action.choices)
    by = models.CharField(max_length=150)
    at = models.DateTimeField()
    note = models.CharField(max_length=500, blank=True, default="")
    before = models.JSONField(
        null=True, help_text="What a refresh replaced: the plan version and the snapshot"
    )

    class Meta:
        ordering = ["id"]
