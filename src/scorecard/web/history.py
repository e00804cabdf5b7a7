"""What every history in the store shares: a record, once written, is never edited or deleted,
one at a time (save, delete) or many at once (a queryset's update, delete or bulk_update, and
bulk_create overwriting rows that are there)."""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models


def edit_refused(name: str) -> ValueError:
    return ValueError(f"{name} is append-only; a record cannot be edited")


def delete_refused(name: str) -> ValueError:
    return ValueError(f"{name} is append-only; a record cannot be deleted")


class AppendOnlyQuerySet(models.QuerySet):
    """Records are added, never changed or removed, however many at once."""

    def _name(self) -> str:
        return str(getattr(self.model, "history_name", "this history"))

    def update(self, **kwargs: Any) -> int:
        raise edit_refused(self._name())

    def bulk_update(self, objs: Any, *args: Any, **kwargs: Any) -> int:
        raise edit_refused(self._name())

    def delete(self) -> tuple[int, dict[str, int]]:
        raise delete_refused(self._name())

    def bulk_create(self, objs: Any, *args: Any, **kwargs: Any) -> list[Any]:
        if kwargs.get("update_conflicts"):
            raise edit_refused(self._name())
        return super().bulk_create(objs, *args, **kwargs)


class AppendOnly(models.Model):
    """A history record; `history_name` says whose history it is, for the refusal."""

    history_name: ClassVar[str] = "this history"

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise edit_refused(self.history_name)
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise delete_refused(self.history_name)
