"""Query parameters, read strictly: an unknown parameter, a parameter given twice or a value that
is not allowed is a 400 problem naming the parameter, never silently ignored."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from django.http import QueryDict

from scorecard.domain.periods import Month
from scorecard.web.api.problems import bad_parameter

# A month YYYY-MM of the years the plans may cover (scorecard.domain.periods: 1900 to 2999).
MONTH_PATTERN = r"^(19[0-9]{2}|2[0-9]{3})-(0[1-9]|1[0-2])$"
MONTH = re.compile(MONTH_PATTERN)
_WHOLE = re.compile(r"^[0-9]{1,9}$")
DEFAULT_PAGE_SIZE = 100
MAX_PAGE_SIZE = 500
MAX_PAGE = 1_000_000


class PublicStatus(StrEnum):
    """The statuses a published figure can have (a figure not due is not listed)."""

    VALUE = "value"
    NOT_AVAILABLE = "not_available"
    SUPPRESSED = "suppressed"


@dataclass(frozen=True)
class Query:
    """The query string of a request to an operation that takes `allowed` parameters."""

    given: QueryDict
    allowed: tuple[str, ...]

    def check(self) -> Query:
        for name in self.given:
            if name not in self.allowed:
                known = ", ".join(self.allowed) if self.allowed else "none"
                raise bad_parameter(
                    name, f'there is no parameter "{name}" here; the parameters are: {known}'
                )
            if len(self.given.getlist(name)) > 1:
                raise bad_parameter(name, f"give {name} once")
        return self

    def text(self, name: str) -> str | None:
        return self.given.get(name)

    def month(self, name: str) -> Month | None:
        text = self.text(name)
        if text is None:
            return None
        if not MONTH.fullmatch(text):
            raise bad_parameter(
                name, f'{name}: "{text}" is not a month; write it as YYYY-MM, for example 2024-09'
            )
        return Month.parse(text)

    def whole(self, name: str, default: int, *, largest: int) -> int:
        text = self.text(name)
        if text is None:
            return default
        if not _WHOLE.fullmatch(text) or not 1 <= int(text) <= largest:
            raise bad_parameter(
                name, f'{name}: "{text}" is not a whole number from 1 to {largest:,}'
            )
        return int(text)

    def status(self, name: str) -> PublicStatus | None:
        text = self.text(name)
        if text is None:
            return None
        try:
            return PublicStatus(text)
        except ValueError:
            known = ", ".join(s.value for s in PublicStatus)
            raise bad_parameter(
                name, f'{name}: "{text}" is not a status; the statuses are: {known}'
            ) from None


def query(given: QueryDict, *allowed: str) -> Query:
    return Query(given, allowed).check()


@dataclass(frozen=True)
class Page:
    number: int
    size: int

    @classmethod
    def of(cls, found: Query) -> Page:
        return cls(
            found.whole("page", 1, largest=MAX_PAGE),
            found.whole("page_size", DEFAULT_PAGE_SIZE, largest=MAX_PAGE_SIZE),
        )

    def last(self, count: int) -> int:
        return max(1, -(-count // self.size))

    def check(self, count: int) -> None:
        last = self.last(count)
        if self.number > last:
            pages = "1 page" if last == 1 else f"{last} pages"
            raise bad_parameter(
                "page",
                f"page {self.number} is beyond the last: {count} results make {pages} "
                f"of {self.size}",
            )

    def slice(self, count: int) -> tuple[int, int]:
        self.check(count)
        start = (self.number - 1) * self.size
        return start, min(start + self.size, count)
