"""What every history in the store shares: a record, once written, is never edited or deleted."""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models


class AppendOnly(models.Model):
    """A history record; `history_name` says whose history it is, for the refusal."""

    history_name: ClassVar[str] = "this history"

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError(f"{self.history_name} is append-only; a record cannot be edited")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ValueError(f"{self.history_name} is append-only; a record cannot be deleted")
