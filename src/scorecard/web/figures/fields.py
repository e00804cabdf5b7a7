"""A number kept exactly as written: stored as text, read back as a Decimal.

"83" stays 83 and "44.35" stays 44.35 on every database, with no binary rounding and no
trailing zeros added, so that the published precision of each figure survives.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import models


class ExactDecimalField(models.CharField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 40)
        super().__init__(*args, **kwargs)

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> Decimal | None:
        return None if value is None else Decimal(value)

    def to_python(self, value: Any) -> Decimal | None:
        if value is None or isinstance(value, Decimal):
            return value
        return Decimal(str(value))

    def get_prep_value(self, value: Any) -> str | None:
        if value is None:
            return None
        return str(value if isinstance(value, Decimal) else Decimal(str(value)))
