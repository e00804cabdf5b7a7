"""How long a session lasts without a request, in the timeout warning's words."""

from __future__ import annotations

import pytest

from scorecard.web.accounts.templatetags.session import in_words


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        (7200, "2 hours"),
        (3600, "1 hour"),
        (5400, "90 minutes"),
        (124, "2 minutes"),
        (60, "1 minute"),
        (20, "1 minute"),
    ],
)
def test_in_words(seconds: int, words: str) -> None:
    assert in_words(seconds) == words
