"""The words of an XmR chart's reasons and warnings: numbers as shown, special causes in plain
English, and a limit that rounds to the target with its value before rounding."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal

DateWords = Callable[[dt.date], str]
NumberWords = Callable[[float], str]


def plain_number(value: float) -> str:
    """12630.4512 → "12,630.45"; 49.0 → "49"; -0.001 → "0" (never "-0")."""
    text = f"{value:,.2f}"
    text = text.rstrip("0").rstrip(".") if "." in text else text
    return "0" if text == "-0" else text


def cause_words(cause: str) -> str:
    """A special cause as the reference names it, in plain English."""
    return {
        "Above UCL": "above the upper process limit",
        "Below LCL": "below the lower process limit",
        "7 Point Trend (Increasing)": "part of 7 points rising in a row",
        "7 Point Trend (Decreasing)": "part of 7 points falling in a row",
        "2 in 3 Above CL": "one of 2 in 3 points close to the upper limit",
        "2 in 3 Below CL": "one of 2 in 3 points close to the lower limit",
        "7 Points Above CL": "part of 7 points in a row above the mean",
        "7 Points Below CL": "part of 7 points in a row below the mean",
    }.get(cause, cause)


def limit_words(limit: float, target: float, number_words: NumberWords) -> str:
    """A limit as shown, with its unrounded value when rounding makes it read as the target."""
    shown = number_words(limit)
    if shown != number_words(target):
        return shown
    exact, wanted = Decimal(repr(limit)), Decimal(repr(target))
    for places in range(1, 16):
        step = Decimal(1).scaleb(-places)
        finer = exact.quantize(step, ROUND_HALF_UP)
        if finer != wanted.quantize(step, ROUND_HALF_UP):
            break
    return f"{shown} ({finer:,} before rounding)"
