"""A figure in a return's history and the scorecard's figure history: its value exactly as
stored (83.0 stays 83.0), with its unit, as the returns list gives it."""

from __future__ import annotations

import pytest

from scorecard.domain.catalogue import Unit
from scorecard.web.returns.forms import figure_words


@pytest.mark.parametrize(
    ("figure", "unit", "words"),
    [
        ({"status": "value", "value": "14.2", "numerator": "71", "denominator": "500"},
         Unit.PERCENT, "14.2% (71 / 500)"),
        ({"status": "value", "value": "41.50"}, Unit.WEEKS, "41.50 weeks"),
        ({"status": "value", "value": "1"}, Unit.WEEKS, "1 week"),
        ({"status": "value", "value": "1.0"}, Unit.DAYS, "1.0 days"),
        ({"status": "value", "value": "17.5"}, Unit.YEARS, "17.5 years"),
        ({"status": "value", "value": "1565"}, Unit.COUNT, "1565"),
        ({"status": "value", "value": "-3", "quality": "provisional"}, Unit.COUNT,
         "-3, provisional"),
        ({"status": "not_available", "note": "system outage"}, Unit.PERCENT,
         "Not available (system outage)"),
    ],
)  # fmt: skip
def test_history_words(figure: dict[str, str], unit: Unit, words: str) -> None:
    assert figure_words(figure, unit) == words
