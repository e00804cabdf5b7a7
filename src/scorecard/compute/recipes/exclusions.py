"""Permanent exclusions in the last term of pupils on SEN support (4.5) or with an EHC plan
(4.6)."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

import ibis
import ibis.expr.types as ir

from scorecard.compute.recipes.base import (
    Aggregates,
    Context,
    Outcome,
    Parameters,
    Recipe,
    Tables,
    Window,
    total,
)
from scorecard.domain.catalogue import Unit
from scorecard.domain.periods import Month, Term, TermCalendar, month_range


def last_term(calendar: TermCalendar, month: Month) -> Term:
    """The term in progress on the last day of the month before `month`: reported in April,
    the spring term; in August, the summer term (with real term dates too, where the summer term
    runs on through the holiday to the day before the autumn term starts)."""
    return calendar.term_of(month.plus(-1).last_day)


class ExclusionParameters(Parameters):
    sen_status: Literal["K", "E"]
    exclusion_type: Literal["PERMANENT", "SUSPENSION"] = "PERMANENT"


class ExclusionsInLastTerm(Recipe[ExclusionParameters]):
    """ "The number of children with SEN support receiving a permanent exclusion in the last
    term. SEN support is determined from the last academic school census." (4.5); "The number of
    children with an EHCP receiving a permanent exclusion in the last term." (4.6)

    The last term: the term in progress on the last day of the month before the reporting month,
    by the plan's term calendar (April reports the spring term and August the summer term, with
    the default dates and with real ones; a term runs to the day before the next one starts).
    Value: the distinct people (person_id) with an exclusion of `exclusion_type` (PERMANENT)
    whose exclusion_date falls in that term, its first and last day included, and whose
    census_sen_status is `sen_status` (K SEN support, E EHC plan): the
    SEN status the extract carries from the last school census before the exclusion. A pupil
    excluded twice in the term counts once. A term without such exclusions gives 0. No
    numerator or denominator.
    """

    name = "exclusions_in_last_term"
    unit = Unit.COUNT
    version = "1"
    extracts = ("exclusions",)
    Params = ExclusionParameters

    def terms_counted(self, calendar: TermCalendar, month: Month) -> tuple[Term, ...]:
        return (last_term(calendar, month),)

    def aggregates(
        self, tables: Tables, params: ExclusionParameters, window: Window, context: Context
    ) -> ir.Table:
        calendar = context.terms
        terms = sorted(
            {last_term(calendar, m) for m in month_range(window.first, window.last)},
            key=calendar.first_day,
        )
        bounds = ibis.memtable(
            {
                "term_start": [calendar.first_day(term) for term in terms],
                "term_end": [calendar.last_day(term) for term in terms],
            },
            schema={"term_start": "date", "term_end": "date"},
        )
        t = tables["exclusions"]
        t = t.filter(
            t.exclusion_type == params.exclusion_type,
            t.census_sen_status == params.sen_status,
            t.exclusion_date.between(calendar.first_day(terms[0]), calendar.last_day(terms[-1])),
        )
        joined = t.join(bounds, t.exclusion_date.between(bounds.term_start, bounds.term_end))
        return joined.group_by(la_code=joined.la_code, key=joined.term_start).aggregate(
            excluded=joined.person_id.nunique()
        )

    def outcome(
        self,
        sums: Aggregates,
        la_code: str,
        month: Month,
        params: ExclusionParameters,
        context: Context,
    ) -> Outcome:
        keys = [context.terms.first_day(last_term(context.terms, month))]
        return Outcome(Decimal(total(sums, la_code, keys, "excluded")))
