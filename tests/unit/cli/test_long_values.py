"""A very long value echoed in a command-line message is cut to its start and its length, so
that one pasted paragraph does not bury the message (docs/cli.md)."""

from __future__ import annotations

import contextlib
import io

from scorecard.cli.main import LONGEST_WORD, main, shortened


def test_a_long_value_is_cut_to_its_start_and_length() -> None:
    value = "x" * 3000
    assert shortened(f'no plan "{value}" in the store') == (
        f'no plan "{"x" * 60}… (3,000 characters)" in the store'
    )


def test_values_up_to_the_limit_and_ordinary_messages_are_kept_whole() -> None:
    value = "y" * LONGEST_WORD
    message = f'--period: "{value}" is not a month; write it as YYYY-MM, e.g. 2024-09'
    assert shortened(message) == message


def test_a_long_option_value_click_refuses_is_cut_too() -> None:
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        code = main(["assess", "--plan", "p", "--period", "2024-09", "--format", "z" * 5000])
    assert code == 1
    assert "(5,000 characters)" in err.getvalue() and "z" * 61 not in err.getvalue()
