"""An amendment's reason and change note are printed in every public file of the release, so
they must not give away a number that disclosure control keeps from the public: "4.5 for August
2026 corrected from 4 to 2" would print the 2 that every table shows as [c] (docs/disclosure.md).

`undisclosed_numbers` lists the numbers recorded in figures that their public outputs do not
show as recorded (withheld, or rounded); `named_undisclosed` finds one of them written in a text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from decimal import Decimal

from scorecard.domain.catalogue import DisclosurePolicy, Plan
from scorecard.domain.disclosure import DENOMINATOR, NUMERATOR, VALUE, disclose
from scorecard.domain.figures import Figure, FigureStatus
from scorecard.domain.periods import Month

# A number standing on its own, with its minus sign if it has one: not part of an id ("1/2.1"),
# a year range ("2024-25"), a word ("v2") or a longer number; thousands may be written with
# commas ("1,780").
NUMBER = re.compile(r"(?<![\w./,-])[-\u2212]?\d+(?:,\d{3})*(?:\.\d+)?(?![\w/-]|[.,]\d)")


@dataclass(frozen=True)
class Undisclosed:
    """A number recorded in a figure that public outputs withhold or show rounded."""

    number: Decimal
    key: tuple[str, str, Month]
    how: str  # "withheld" or "rounded"

    @property
    def where(self) -> str:
        metric_id, component, period = self.key
        part = f" ({component})" if component else ""
        return f"{metric_id}{part} for {period.label}"


def undisclosed_numbers(
    plan: Plan,
    figures: Sequence[Figure],
    kept: Mapping[tuple[str, str, Month], AbstractSet[DisclosurePolicy]] | None = None,
) -> list[Undisclosed]:
    """Every value, numerator and denominator recorded in `figures` that their public
    outputs do not show as recorded (under the policies each keeps: `disclose`)."""
    found = []
    for recorded, shown in zip(figures, disclose(plan, figures, kept), strict=True):
        if recorded.status is not FigureStatus.VALUE:
            continue
        for part in (VALUE, NUMERATOR, DENOMINATOR):
            number = getattr(recorded, part)
            public = getattr(shown, part) if shown.status is FigureStatus.VALUE else None
            if number is None or public == number:
                continue
            how = "withheld" if public is None else "rounded"
            found.append(Undisclosed(number, recorded.key, how))
    return found


def named_undisclosed(text: str, numbers: Iterable[Undisclosed]) -> tuple[str, Undisclosed] | None:
    """The first number written in `text` that is one of `numbers`, as written, with it; by
    its size, since "fell by 3" gives away a net change of -3 as "-3" does."""
    hidden = list(numbers)
    for match in NUMBER.finditer(text):
        written = Decimal(match.group().replace(",", "").lstrip("-\u2212"))
        for item in hidden:
            if abs(item.number) == written:
                return match.group(), item
    return None


def note_problem(what: str, text: str, numbers: Iterable[Undisclosed]) -> str | None:
    """Why `text` (the reason or change note) may not be published, or None."""
    named = named_undisclosed(text, numbers)
    if named is None:
        return None
    written, item = named
    return (
        f"{what} gives {written}, which the public outputs do not show: {item.where} is "
        f"{item.how} by disclosure control. Describe the change without that number"
    )
