"""The returns list in pages of PER_PAGE, in GOV.UK's pagination pattern: which page was asked
for (or, in words, why that page cannot be shown), the rows on it and the links to the others,
each keeping the list's filter."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from django.utils.http import urlencode

PER_PAGE = 50
# Page numbers longer than this are far beyond any list's last page (and never reach int()).
_LONGEST = 9
_NUMBER = re.compile(r"[0-9]+")
T = TypeVar("T")


@dataclass(frozen=True)
class Link:
    number: int | None  # None: an ellipsis between page numbers
    href: str = ""
    current: bool = False


@dataclass(frozen=True)
class Paged:
    number: int
    last: int
    total: int
    first_shown: int  # 1-based; 0 when the list is empty
    last_shown: int
    links: tuple[Link, ...]
    previous: str
    next: str
    problem: str
    named: str  # what the rows are, as many of them: "open returns"


def page_of(
    rows: Sequence[T],
    asked: str | None,
    *,
    base: str,
    what: tuple[str, str],
    keep: Mapping[str, str],
) -> tuple[list[T], Paged]:
    """The rows on the page asked for; a page number not understood, or beyond the last, shows
    the first page with `problem` saying why. `what` names one row and many ("open return",
    "open returns"); `base` is the list's address, and `keep` the query every page link carries
    (the filter)."""
    total = len(rows)
    last = max(1, -(-total // PER_PAGE))
    number, problem = _number(asked, last=last, total=total, what=what)
    start = (number - 1) * PER_PAGE
    shown = list(rows[start : start + PER_PAGE])

    def href(n: int) -> str:
        query = {**keep, **({"page": str(n)} if n > 1 else {})}
        return f"{base}?{urlencode(query)}" if query else base

    links = tuple(
        Link(n, href(n), n == number) if n else Link(None) for n in _numbers(number, last)
    )
    return shown, Paged(
        number=number,
        last=last,
        total=total,
        first_shown=start + 1 if shown else 0,
        last_shown=start + len(shown),
        links=links if last > 1 else (),
        previous=href(number - 1) if number > 1 else "",
        next=href(number + 1) if number < last else "",
        problem=problem,
        named=what[1],
    )


def _number(asked: str | None, *, last: int, total: int, what: tuple[str, str]) -> tuple[int, str]:
    text = (asked or "").strip()
    if not text:
        return 1, ""
    if not _NUMBER.fullmatch(text):
        return 1, f'"{text[:40]}" is not a page number: {_there_are(total, last, what)}'
    digits = text.lstrip("0")
    if not digits or len(digits) > _LONGEST or int(digits) > last:
        return 1, f"There is no page {text[:40]}: {_there_are(total, last, what)}"
    return int(digits), ""


def _there_are(total: int, last: int, what: tuple[str, str]) -> str:
    """ "there are 421 open returns, on 9 pages, so page 1 is shown" and the like."""
    one, many = what
    if total == 0:
        return f"there are no {many}."
    if total == 1:
        return f"there is 1 {one}, shown below."
    pages = "1 page" if last == 1 else f"{last} pages"
    return f"there are {total} {many}, on {pages}, so page 1 is shown."


def _numbers(current: int, last: int) -> list[int]:
    """The page numbers to link to: the first, the last, the current one and its neighbours,
    with 0 for each gap (shown as an ellipsis)."""
    wanted = sorted({1, last, current - 1, current, current + 1} & set(range(1, last + 1)))
    numbers: list[int] = []
    for n in wanted:
        if numbers and n - numbers[-1] == 2:
            numbers.append(n - 1)  # a gap of one page: show the page, not an ellipsis
        elif numbers and n - numbers[-1] > 2:
            numbers.append(0)
        numbers.append(n)
    return numbers
