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
from typing import assert_never

from scorecard.domain.catalogue import DisclosurePolicy, Plan, Unit
from scorecard.domain.disclosure import DENOMINATOR, NUMERATOR, VALUE, disclose
from scorecard.domain.figures import Figure, FigureStatus
from scorecard.domain.periods import Month

# A number standing on its own, with its minus sign if it has one: not part of an id ("1/2.1"),
# a year range ("2024-25"), a word ("v2") or a longer number; thousands may be written with
# commas ("1,780").
NUMBER = re.compile(r"(?<![\w./,-])[-\u2212]?\d+(?:,\d{3})*(?:\.\d+)?(?![\w/-]|[.,]\d)")

# Numbers written as words give a number away as well ("one fewer exclusion", "corrected to
# two"); "no one" and "one-off" are not numbers.
# fmt: off
NUMBER_WORDS = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen", "twenty",
)
# fmt: on
NUMBER_WORD = re.compile(
    rf"(?<!\bno\s)\b({'|'.join(NUMBER_WORDS)})\b(?!-off\b)",
    re.IGNORECASE,
)

# A number, in figures or in words, that counts what the note is about ("two figures were
# corrected", "2 late returns", "one of the three metrics") says nothing of a figure. Records,
# rows, pupils, referrals and schools are not among them: they count children, or bound them.
_ABOUT_THE_NOTE = (
    r"figures?|values?|metrics?|KPIs?|months?|versions?|releases?|returns?|submissions?|"
    r"extracts?|files?|corrections?|changes?|amendments?|components?|parts?|errors?|"
    r"mistakes?|typing|definitions?|targets?|baselines?"
)
_QUALIFIERS = (
    r"more|other|earlier|later|late|revised|corrected|amended|coding|data|monthly|termly|"
    r"quarterly|annual|missing|further|additional|separate|new|previous|affected|wrong|"
    r"provisional|final|published|duplicate|duplicated"
)
_COUNTING = re.compile(
    r"\s+(?:of\s+(?:the|its|our|these|those)\s+)?"
    rf"(?:(?:{_QUALIFIERS}|{'|'.join(NUMBER_WORDS)}|\d+)\s+){{0,2}}(?:{_ABOUT_THE_NOTE})\b",
    re.IGNORECASE,
)
# A day of the month before its name is a date ("on 2 October"); a number after one of these
# words is a name ("area 4", "working group 3", "version 2", "Key stage 4").
_MONTH = (
    r"january|february|march|april|may|june|july|august|september|october|november|december|"
    r"jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
_DATE = re.compile(rf"\s+(?:{_MONTH})\b", re.IGNORECASE)
_NAME_BEFORE = re.compile(
    r"\b(?:area|improvement|group|version|row|column|page|table|step|priority|stage|phase|"
    r"section|appendix|tab|sheet|line|recommendation)\s+$",
    re.IGNORECASE,
)
# "the 2021/22 one", "the right one": a pronoun.
_ONE_AFTER = re.compile(r"\b(?:the|this|that|each|every|any|which|another)\s+\S+\s+$", re.I)
_PRONOUN_END = re.compile(r"\s*(?:[.,;:)]|$)")
# "A single exclusion" and "both pupils" give 1 and 2 as surely as the numbers do; "a single
# school" and "both returns" do not.
_CHILDREN = (
    r"exclusions?|pupils?|child(?:ren)?|young\s+(?:people|person)|referrals?|records?|"
    r"cases?|learners?|students?|famil(?:y|ies)|plans?|assessments?|duplicates?|places?"
)
_SINGLE_OR_BOTH = re.compile(
    rf"\b(single|sole|both)\s+(?:[a-z]+\s+)?(?:{_CHILDREN})\b", re.IGNORECASE
)
# A number written as a percentage ("12%", "1 percentage point") can give away only a
# percentage, and one written as a time ("2 days late", "13 weeks") only an average time or
# age: never a count of children.
PERCENT, TIME, COUNT = "percent", "time", "count"
_PERCENT_AFTER = re.compile(
    r"\s*(?:%|per\s*cent\b|percentage\s+points?\b|points?\b)", re.IGNORECASE
)
_TIME_AFTER = re.compile(
    r"\s+(?:working\s+|calendar\s+|school\s+)?(?:days?|weeks?|years?|terms?|quarters?)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Undisclosed:
    """A number recorded in a figure that public outputs withhold or show rounded."""

    number: Decimal
    key: tuple[str, str, Month]
    how: str  # "withheld" or "rounded"
    change: bool = False  # the size of a change to the number, not the number itself
    part: str = VALUE  # VALUE, NUMERATOR or DENOMINATOR
    value_kind: str = COUNT  # what the figure's value is: PERCENT, TIME or COUNT

    @property
    def kind(self) -> str:
        """What the number is: a numerator or denominator counts children."""
        return self.value_kind if self.part == VALUE else COUNT

    @property
    def where(self) -> str:
        metric_id, component, period = self.key
        part = f" ({component})" if component else ""
        return f"{metric_id}{part} for {period.label}"


def _value_kind(unit: Unit) -> str:
    match unit:
        case Unit.PERCENT:
            return PERCENT
        case Unit.WEEKS | Unit.DAYS | Unit.YEARS:
            return TIME
        case Unit.COUNT:
            return COUNT
        case _:
            assert_never(unit)


def undisclosed_numbers(
    plan: Plan,
    figures: Sequence[Figure],
    kept: Mapping[tuple[str, str, Month], AbstractSet[DisclosurePolicy]] | None = None,
) -> list[Undisclosed]:
    """Every value, numerator and denominator recorded in `figures` that their public
    outputs do not show as recorded (under the policies each keeps: `disclose`)."""
    metrics = {m.id: m for m in plan.metrics}
    found = []
    for recorded, shown in zip(figures, disclose(plan, figures, kept), strict=True):
        # a figure of a metric the plan no longer has is shown as recorded, if at all
        if recorded.status is not FigureStatus.VALUE or recorded.metric_id not in metrics:
            continue
        kind = _value_kind(metrics[recorded.metric_id].unit)
        for part in (VALUE, NUMERATOR, DENOMINATOR):
            number = getattr(recorded, part)
            public = getattr(shown, part) if shown.status is FigureStatus.VALUE else None
            if number is None or public == number:
                continue
            how = "withheld" if public is None else "rounded"
            found.append(Undisclosed(number, recorded.key, how, False, part, kind))
    return found


def undisclosed_changes(
    before: Iterable[Figure], after: Iterable[Figure], hidden: Iterable[Undisclosed]
) -> list[Undisclosed]:
    """The size of each change between two versions to a figure with a number that either
    withholds or rounds (`hidden`): with the number the earlier version showed, the size of
    the change gives the number withheld ("down by 1" from a 3 shown gives the 2 withheld), and
    between two withheld numbers it narrows both (2 to 1 is the only change of 1 among 1s and
    2s)."""
    seen: dict[tuple[str, str, Month], Undisclosed] = {}
    for item in hidden:
        seen.setdefault(item.key, item)
    old = {f.key: f for f in before}
    found = []
    for figure in after:
        earlier, like = old.get(figure.key), seen.get(figure.key)
        if earlier is None or like is None:
            continue
        for part in (VALUE, NUMERATOR, DENOMINATOR):
            then, now = getattr(earlier, part), getattr(figure, part)
            if then is not None and now is not None and then != now:
                size = abs(now - then)
                found.append(Undisclosed(size, figure.key, like.how, True, part, like.value_kind))
    return found


@dataclass(frozen=True)
class Written:
    """A number written in a note: where, as written, its value, and what it can be."""

    start: int
    words: str
    number: Decimal
    kind: str | None  # PERCENT or TIME when written so; None when it could be anything


def written_numbers(text: str) -> list[Written]:
    """The numbers in `text`, in figures or in words, that could be a figure's number: not
    those counting what the note is about, dates, names ("area 4") or the pronoun "one"."""
    found = [
        (m.start(), m.end(), m.group(), Decimal(m.group().replace(",", "").lstrip("-\u2212")))
        for m in NUMBER.finditer(text)
    ]
    found += [
        (m.start(), m.end(), m.group(), Decimal(NUMBER_WORDS.index(m.group().lower())))
        for m in NUMBER_WORD.finditer(text)
    ]
    found += [
        (m.start(), m.end(1), m.group(1), Decimal(2 if m.group(1).lower() == "both" else 1))
        for m in _SINGLE_OR_BOTH.finditer(text)
    ]
    written = []
    for start, end, words, number in sorted(found, key=lambda each: each[0]):
        before, after = text[:start], text[end:]
        if _COUNTING.match(after) or _NAME_BEFORE.search(before):
            continue
        if number == number.to_integral_value() and 1 <= number <= 31 and _DATE.match(after):
            continue
        if words.lower() == "one" and _ONE_AFTER.search(before) and _PRONOUN_END.match(after):
            continue
        kind = (
            PERCENT if _PERCENT_AFTER.match(after) else TIME if _TIME_AFTER.match(after) else None
        )
        written.append(Written(start, words, number, kind))
    return written


def _first_named(text: str, numbers: Iterable[Undisclosed]) -> tuple[Written, Undisclosed] | None:
    hidden = list(numbers)
    for each in written_numbers(text):
        for item in hidden:
            if abs(item.number) == each.number and each.kind in (None, item.kind):
                return each, item
    return None


def named_undisclosed(text: str, numbers: Iterable[Undisclosed]) -> tuple[str, Undisclosed] | None:
    """The first number written in `text` that is one of `numbers`, as written, with it; by
    its size, since "fell by 3" gives away a net change of -3 as "-3" does; in figures or in
    words ("one fewer"). A number written as a percentage or a time is compared only with
    percentages or times."""
    named = _first_named(text, numbers)
    return None if named is None else (named[0].words, named[1])


def _in_context(text: str, written: Written, around: int = 30) -> str:
    """The words around a number in a note, as a reader would find it."""
    start, end = written.start, written.start + len(written.words)
    left = text.rfind(" ", 0, max(start - around, 0)) + 1 if start > around else 0
    right = text.find(" ", end + around)
    right = len(text) if right == -1 or end + around >= len(text) else right
    return ("…" if left else "") + text[left:right].strip() + ("…" if right < len(text) else "")


def note_problem(what: str, text: str, numbers: Iterable[Undisclosed]) -> str | None:
    """Why `text` (the reason or change note) may not be published, or None: which words
    were taken for which number, and how to say it otherwise."""
    named = _first_named(text, numbers)
    if named is None:
        return None
    written, item = named
    if item.change:
        problem = (
            f"{what} gives {written.words}, the size of a change to {item.where}, which is "
            f"{item.how} by disclosure control: with the figure shown before, it would give "
            "the number"
        )
    else:
        problem = (
            f"{what} gives {written.words}, which the public outputs do not show: "
            f"{item.where} is {item.how} by disclosure control"
        )
    return (
        f'{problem}. "{written.words}" in "{_in_context(text, written)}" is read as that '
        f'number. Describe the change without it ("{item.where} is corrected"); a number '
        'that counts figures, returns or metrics ("two returns were late"), a date ("on '
        '2 October") or a name ("area 2", "version 2") is not read as one'
    )
