"""Problems found by validation: every rule returns a list of them rather than stopping."""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """One thing wrong (error) or worth a second look (warning), said in plain English.

    `file` and `line` say where in a plan file; `metric_id` and `field` say which object.
    """

    severity: Severity
    message: str
    rule: str
    file: str | None = None
    line: int | None = None
    metric_id: str | None = None
    field: str | None = None

    def at(self, file: str | None, line: int | None) -> Problem:
        return replace(self, file=file, line=line)

    def describe(self) -> str:
        """One line: "metrics.yaml:12: error: metric 3.1, unit: ..."."""
        where = ":".join(str(part) for part in (self.file, self.line) if part is not None)
        what = ", ".join(
            part
            for part in (
                f"metric {self.metric_id}" if self.metric_id else "",
                self.field or "",
            )
            if part
        )
        prefix = f"{where}: " if where else ""
        subject = f"{what}: " if what else ""
        return f"{prefix}{self.severity.value}: {subject}{self.message}"


def error(
    rule: str,
    message: str,
    *,
    metric_id: str | None = None,
    field: str | None = None,
    file: str | None = None,
    line: int | None = None,
) -> Problem:
    return Problem(Severity.ERROR, message, rule, file, line, metric_id, field)


def warning(
    rule: str,
    message: str,
    *,
    metric_id: str | None = None,
    field: str | None = None,
    file: str | None = None,
    line: int | None = None,
) -> Problem:
    return Problem(Severity.WARNING, message, rule, file, line, metric_id, field)
