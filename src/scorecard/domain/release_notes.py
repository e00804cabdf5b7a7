"""An amendment's reason and change note are printed in every public file of the release, so
they must not give away a number that disclosure control keeps from the public: "4.5 for August
2026 corrected from 4 to 2" would print the 2 that every table shows as [c] (docs/disclosure.md).

`undisclosed_numbers` lists the numbers recorded in figures that their public outputs do not
show as recorded (withheld, or rounded), `undisclosed_changes` the size of each change to one of
them ("down by 1" from a 3 shown before gives the 2 now withheld); `named_undisclosed` finds one
of them written in a text, in figures or in words ("one fewer").
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

# Numbers written as words give a number away as well ("one fewer exclusion", "corrected to
# two"), except when they count what the note is about ("two figures were corrected").
# fmt: off
NUMBER_WORDS = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen", "twenty",
)
# fmt: on
_ABOUT_THE_NOTE = (
    "figures?|values?|metrics?|months?|versions?|releases?|returns?|corrections?|changes?|"
    "rows?|components?|parts?|errors?|mistakes?|typing"
)
# Nor is "one" a number in "no one" or "one-off".
NUMBER_WORD = re.compile(
    rf"(?<!\bno\s)\b({'|'.join(NUMBER_WORDS)})\b(?!-off\b)"
    rf"(?!\s+(?:more\s+|other\s+|earlier\s+|later\s+)?(?:{_ABOUT_THE_NOTE})\b)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Undisclosed:
    """A number recorded in a figure that public outputs withhold or show rounded."""

    number: Decimal
    key: tuple[str, str, Month]
    how: str  # "withheld" or "rounded"
    change: bool = False  # the size of a change to the number, not the number itself

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


def undisclosed_changes(
    before: Iterable[Figure], after: Iterable[Figure], hidden: Iterable[Undisclosed]
) -> list[Undisclosed]:
    """The size of each change between two versions to a figure with a number that either
    withholds or rounds (`hidden`): with the number the earlier version showed, the size of
    the change gives the number withheld ("down by 1" from a 3 shown gives the 2 withheld), and
    between two withheld numbers it narrows both (2 to 1 is the only change of 1 among 1s and
    2s)."""
    how: dict[tuple[str, str, Month], str] = {}
    for item in hidden:
        how.setdefault(item.key, item.how)
    old = {f.key: f for f in before}
    found = []
    for figure in after:
        earlier = old.get(figure.key)
        if earlier is None or figure.key not in how:
            continue
        for part in (VALUE, NUMERATOR, DENOMINATOR):
            then, now = getattr(earlier, part), getattr(figure, part)
            if then is not None and now is not None and then != now:
                found.append(Undisclosed(abs(now - then), figure.key, how[figure.key], True))
    return found


def named_undisclosed(text: str, numbers: Iterable[Undisclosed]) -> tuple[str, Undisclosed] | None:
    """The first number written in `text` that is one of `numbers`, as written, with it; by
    its size, since "fell by 3" gives away a net change of -3 as "-3" does; in figures or in
    words ("one fewer")."""
    hidden = list(numbers)
    written: list[tuple[int, str, Decimal]] = [
        (m.start(), m.group(), Decimal(m.group().replace(",", "").lstrip("-\u2212")))
        for m in NUMBER.finditer(text)
    ]
    written += [
        (m.start(), m.group(), Decimal(NUMBER_WORDS.index(m.group().lower())))
        for m in NUMBER_WORD.finditer(text)
    ]
    for _, words, number in sorted(written, key=lambda found: found[0]):
        for item in hidden:
            if abs(item.number) == number:
                return words, item
    return None


def note_problem(what: str, text: str, numbers: Iterable[Undisclosed]) -> str | None:
    """Why `text` (the reason or change note) may not be published, or None."""
    named = named_undisclosed(text, numbers)
    if named is None:
        return None
    written, item = named
    if item.change:
        return (
            f"{what} gives {written}, the size of a change to {item.where}, which is "
            f"{item.how} by disclosure control: with the figure shown before, it would give "
            "the number. Describe the change without that number"
        )
    return (
        f"{what} gives {written}, which the public outputs do not show: {item.where} is "
        f"{item.how} by disclosure control. Describe the change without that number"
    )
