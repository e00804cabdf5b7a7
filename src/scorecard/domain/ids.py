"""Ids are data and are compared exactly ("INC-03" is not "inc-03"), but an id given in the
wrong case is most often a slip: these name the id that was probably meant."""

from __future__ import annotations

from collections.abc import Iterable


def in_other_case(given: str, ids: Iterable[str]) -> tuple[str, ...]:
    """The ids that are `given` in other case (none when `given` is one of them exactly)."""
    known = list(dict.fromkeys(ids))
    if given in known:
        return ()
    folded = given.casefold()
    return tuple(i for i in known if i.casefold() == folded)


def did_you_mean(given: str, ids: Iterable[str]) -> str:
    """ "; did you mean INC-03?" when `given` is an id in other case, else nothing: to end a
    message that `given` is not one of the ids."""
    found = in_other_case(given, ids)
    return f"; did you mean {' or '.join(found)}?" if found else ""
