"""A metric chart's scales: the months along the bottom, the unit up the side, and where
things fall on the plot in pixels (to keep labels clear of the figures)."""

from __future__ import annotations

import calendar
import math
from dataclasses import dataclass

from scorecard.domain.catalogue import Unit
from scorecard.domain.periods import Month
from scorecard.publish.chart_data import ChartData
from scorecard.publish.chart_style import (
    AXIS_TITLES,
    CLEAR,
    FROM_ZERO,
    LABEL_HEIGHT,
    LEFT,
    TICK_STEPS,
    X_PADDING,
    Y_PADDING,
    Spec,
    text_width,
)


def axis_title(data: ChartData) -> str:
    """ "Percent (%)"; "Average number of weeks" from the unit label "Average # weeks"."""
    label = data.unit_label.strip()
    if data.unit is not Unit.PERCENT and any(c.isalpha() for c in label):
        return " ".join(label.replace("#", "number of").split())
    return AXIS_TITLES[data.unit]


def timestamp(month: Month) -> int:
    """The first instant of the month, in milliseconds since 1970 (UTC)."""
    return calendar.timegm(month.first_day.timetuple()) * 1000


def x_axis(data: ChartData, plot_width: int) -> Spec:
    """Months, labelled "Apr 24" every 1, 2, 3, 6 or 12 months from the first, as fit."""
    months = [p.month for p in data.points]
    first, last = x_range(data)
    fits = max(2, plot_width // 58)
    step = next((s for s in TICK_STEPS if math.ceil(len(months) / s) <= fits), 36)
    return {
        "title": "Month",
        "scale": {
            "type": "utc",
            "domain": [timestamp(first), timestamp(last)],
            "nice": False,
            "padding": X_PADDING,
        },
        "axis": {
            "values": [timestamp(m) for m in months[::step]],
            "labelExpr": "utcFormat(datum.value, '%b %y')",
            "grid": False,
            "labelOverlap": False,
            "labelFlush": False,
        },
    }


def x_range(data: ChartData) -> tuple[Month, Month]:
    first, last = data.points[0].month, data.points[-1].month
    return (first.plus(-1), last.plus(1)) if first == last else (first, last)


def y_axis(data: ChartData) -> Spec:
    """The unit's title above the axis, read across; percentages labelled with "%"."""
    axis: Spec = {
        "titleAngle": 0,
        "titleAlign": "left",
        "titleAnchor": "start",
        "titleBaseline": "bottom",
        "titleX": -LEFT + 8,
        "titleY": -12,
        "tickCount": 5,
        "format": ",~f",
    }
    if data.unit is Unit.PERCENT:
        axis["labelExpr"] = "format(datum.value, ',~f') + '%'"
    scale: Spec = {"zero": True, "nice": True}
    if data.unit not in FROM_ZERO:  # room above and below, so that no line lies on the axis
        scale = {"zero": False, "nice": True, "padding": Y_PADDING}
    numbers = _numbers(data)
    if len(set(numbers)) < 2:  # one number: a range around it
        scale["domain"] = list(y_range(data))
    return {"scale": scale, "axis": axis}


def _numbers(data: ChartData) -> list[float]:
    """What the lines reach, but for the baseline (and zero, when drawn from it)."""
    numbers = [0.0] if data.unit in FROM_ZERO else []
    for p in data.points:
        numbers += [float(n) for n in (p.value, p.target, p.trajectory) if n is not None]
        numbers += [n for n in (p.lower_limit, p.upper_limit) if n is not None]
    return numbers


def baseline_on_scale(data: ChartData) -> bool:
    """Whether the baseline can be drawn without squashing the rest: not if it would more than
    treble the y axis's range (as when it counts existing places and the figures new ones)."""
    if data.baseline is None:
        return False
    numbers, baseline = _numbers(data), float(data.baseline)
    if not numbers:
        return True
    low, high = min(numbers), max(numbers)
    span = (high - low) or abs(high) or 1.0
    return max(high, baseline) - min(low, baseline) <= 3 * span


def y_range(data: ChartData) -> tuple[float, float]:
    numbers = _numbers(data)
    if data.baseline is not None and baseline_on_scale(data):
        numbers.append(float(data.baseline))
    low, high = (min(numbers), max(numbers)) if numbers else (0.0, 1.0)
    if low == high:
        gap = max(abs(low) / 10, 1.0)
        low = 0.0 if data.unit in FROM_ZERO and low >= 0 else low - gap
        high += gap
    return low, high


@dataclass(frozen=True)
class Frame:
    """Where things fall on the plot, in pixels from its top left, near enough as Vega draws
    them: to keep the labels of lines inside the plot and clear of the figures."""

    data: ChartData
    width: int
    height: int

    @property
    def y_range(self) -> tuple[float, float]:
        low, high = y_range(self.data)
        if self.data.unit not in FROM_ZERO:  # padded
            pad = (high - low) * Y_PADDING / (self.height - 2 * Y_PADDING)
            return low - pad, high + pad
        raw = (high - low) / 10  # rounded out to one of about 10 ticks ("nice")
        power = 10 ** math.floor(math.log10(raw))
        step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw / 1.42)
        return math.floor(low / step) * step, math.ceil(high / step) * step

    def x(self, month: Month) -> float:
        first, last = x_range(self.data)
        inner = self.width - 2 * X_PADDING
        return X_PADDING + inner * month.months_since(first) / last.months_since(first)

    def y(self, value: float) -> float:
        low, high = self.y_range
        return self.height * (high - value) / (high - low)

    def inside(self, value: float, above: bool) -> bool:
        """Whether a label above or below the line at `value` is inside the plot."""
        top = self.y(value) - (LABEL_HEIGHT if above else 0)
        return top >= 0 and top + LABEL_HEIGHT <= self.height

    def fits(self, left: float, text: str, value: float, above: bool) -> bool:
        """Whether `text` from `left`, above or below the line at `value`, is inside the plot
        and clear of the figures."""
        top = self.y(value) - (LABEL_HEIGHT if above else 0)
        right = left + text_width(text)
        points = self.data.points
        figures = [(self.x(p.month), float(p.value)) for p in points if p.value is not None]
        return self.inside(value, above) and not any(
            left - CLEAR <= x <= right + CLEAR
            and top - CLEAR <= self.y(v) <= top + LABEL_HEIGHT + CLEAR
            for x, v in figures
        )
