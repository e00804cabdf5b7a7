"""Invalid plans made from the bundled one by small textual edits, and the problem each causes.

A `Case` edits one file of a copy of the bundled plan and names the problem `read_plan` must
report. The expected line is never hard-coded: it is found in the edited text, either where the
last edit wrote its new text (`EDITED`) or as the one line holding a given text (`LineOf`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from scorecard.compute.recipes.registry import PLAN_CHECK
from scorecard.domain.problems import Problem, Severity
from scorecard.planfiles.reader import PlanReading, read_plan

ERROR, WARNING = Severity.ERROR, Severity.WARNING


class Edit(Protocol):
    def apply(self, text: str) -> tuple[str, int | None]:
        """The edited text, and the line the edit wrote (None when it names no line)."""
        ...


@dataclass(frozen=True)
class Replace:
    """Replace the first occurrence of `old` (which must occur) with `new`."""

    old: str
    new: str

    def apply(self, text: str) -> tuple[str, int | None]:
        assert self.old in text, f"the bundled plan no longer holds {self.old!r}"
        at = text.index(self.old)
        edited = text[:at] + self.new + text[at + len(self.old) :]
        start = at + len(self.new) - len(self.new.lstrip("\n"))
        return edited, edited.count("\n", 0, start) + 1


@dataclass(frozen=True)
class Append:
    """Add lines at the end of the file."""

    added: str

    def apply(self, text: str) -> tuple[str, int | None]:
        base = text if text.endswith("\n") else text + "\n"
        return base + self.added, base.count("\n") + 1


@dataclass(frozen=True)
class Whole:
    """Replace the whole file."""

    text: str

    def apply(self, text: str) -> tuple[str, int | None]:
        return self.text, 1


@dataclass(frozen=True)
class AddColumns:
    """Add empty columns at the end of every line of a CSV file whose lines are all rows."""

    names: tuple[str, ...]

    def apply(self, text: str) -> tuple[str, int | None]:
        header, *rows = text.splitlines()
        empty = "," * len(self.names)
        lines = [",".join((header, *self.names)), *(row + empty for row in rows)]
        return "\n".join(lines) + "\n", None


@dataclass(frozen=True)
class LineOf:
    """The one line of the edited file that holds `text` (rendered as "line N" in words)."""

    text: str

    def find(self, edited: str) -> int:
        found = [n for n, line in enumerate(edited.splitlines(), start=1) if self.text in line]
        assert len(found) == 1, f"{self.text!r} is on lines {found}; make it unique"
        return found[0]


EDITED = "edited"  # the expected line is where the last edit wrote its new text
Where = LineOf | str | None
Word = str | LineOf


@dataclass(frozen=True)
class Case:
    name: str
    file: str
    edits: tuple[Edit, ...]
    rule: str
    metric_id: str | None
    field: str | None
    words: tuple[Word, ...]
    line: Where = EDITED
    severity: Severity = ERROR
    encoding: str = "utf-8"
    remove: bool = False  # delete the file instead of writing it
    directory: bool = False  # put a folder where the file should be


@dataclass(frozen=True)
class Expected:
    rule: str
    severity: Severity
    file: str
    line: int | None
    metric_id: str | None
    field: str | None
    words: tuple[str, ...]

    def place(self) -> tuple[object, ...]:
        return (self.severity, self.file, self.line, self.metric_id, self.field)


def build(folder: Path, case: Case) -> Expected:
    """Apply the case's edits to its file in `folder`; the problem it should cause."""
    path = folder / case.file
    text = path.read_text(encoding="utf-8")
    written: int | None = None
    for edit in case.edits:
        text, written = edit.apply(text)
    if case.remove:
        path.unlink()
    elif case.directory:
        path.unlink()
        path.mkdir()
    else:
        path.write_bytes(text.encode(case.encoding))
    if case.line == EDITED:
        assert written is not None, f"{case.name}: the last edit names no line"
        line: int | None = written
    elif isinstance(case.line, LineOf):
        line = case.line.find(text)
    else:
        line = None
    words = tuple(f"line {w.find(text)}" if isinstance(w, LineOf) else w for w in case.words)
    return Expected(case.rule, case.severity, case.file, line, case.metric_id, case.field, words)


def place(problem: Problem) -> tuple[object, ...]:
    return (problem.severity, problem.file, problem.line, problem.metric_id, problem.field)


def listing(problems: list[Problem], most: int = 12) -> str:
    """The problems, one a line, for assertion messages (at most `most` of them)."""
    lines = [f"  [{p.rule}] {p.describe()} (field={p.field!r})" for p in problems[:most]]
    if len(problems) > most:
        lines.append(f"  … and {len(problems) - most} more")
    return "\n".join(lines)


def check_case(folder: Path, case: Case) -> PlanReading:
    """Build the case, read the plan, and assert that it reports the expected problem."""
    expected = build(folder, case)
    reading = read_plan(folder, recipes=PLAN_CHECK)
    same_rule = [p for p in reading.problems if p.rule == expected.rule]
    assert same_rule, f"no {expected.rule} problem; found:\n{listing(reading.problems)}"
    placed = [p for p in same_rule if place(p) == expected.place()]
    assert placed, (
        f"no {expected.rule} problem with (severity, file, line, metric_id, field) = "
        f"{expected.place()}; found:\n{listing(same_rule)}"
    )
    worded = [p for p in placed if all(w in p.message for w in expected.words)]
    assert worded, f"no message holds all of {expected.words}; found:\n{listing(placed)}"
    if expected.severity is ERROR:
        assert reading.ok is False
    else:
        assert reading.ok is True, f"a warning stopped the plan:\n{listing(reading.errors)}"
        assert reading.errors == []
    return reading
