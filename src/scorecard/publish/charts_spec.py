"""The Vega-Lite specification of a metric chart (scorecard.publish.charts renders it to SVG).

A plain Vega-Lite dict, built the same way every time from the chart data, so that the SVG is
byte-identical for the same data: the plot, and below it a key drawn as marks placed by pixel,
in as many columns as the width allows. Labels of the target and baseline lines go where they
are clear of the figures, which are drawn over everything else.
"""

from __future__ import annotations

import calendar
import math
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from scorecard.domain.catalogue import Unit
from scorecard.domain.figures import FigureStatus
from scorecard.domain.formatting import quantity
from scorecard.domain.periods import FinancialYear, Month
from scorecard.domain.spc import PointType
from scorecard.publish.chart_data import ChartData, ChartPoint

Spec = dict[str, Any]
Style = tuple[str, float, tuple[int, ...]]  # stroke colour, width, dash

VEGA_LITE = "6.4"
FONT = "Arial, Helvetica, sans-serif"
FONT_SIZE = 12
# GOV.UK colours: lines and points at least 3:1 against white, text at least 4.5:1
TEXT, BLUE, GREY, PURPLE = "#0b0c0c", "#1d70b8", "#505a5f", "#4c2c92"
GREEN, RED, PINK, GRID = "#00703c", "#d4351c", "#912b88", "#dee0e2"

FIGURE_LINE: Style = (BLUE, 2.5, ())
TARGET_LINE: Style = (TEXT, 2.0, ())
TRAJECTORY_LINE: Style = (GREY, 2.0, (7, 4))
BASELINE_LINE: Style = (GREY, 2.0, (2, 3))
MEAN_LINE: Style = (PURPLE, 1.25, ())
LIMIT_LINE: Style = (PURPLE, 1.25, (4, 2))

# each kind of point: (shape, fill, size, key label); special causes differ in shape and colour
FIGURE_POINT = "figure"
POINTS: dict[str, tuple[str, str, int, str]] = {
    FIGURE_POINT: ("circle", BLUE, 50, "Figure"),
    PointType.IMPROVEMENT: ("diamond", GREEN, 130, "Special cause: improvement"),
    PointType.CONCERN: ("square", RED, 90, "Special cause: concern"),
    PointType.NEUTRAL_HIGH: ("triangle-up", PINK, 100, "Special cause: neutral, high"),
    PointType.NEUTRAL_LOW: ("triangle-down", PINK, 100, "Special cause: neutral, low"),
}
AXIS_TITLES = {
    Unit.PERCENT: "Percent (%)",
    Unit.WEEKS: "Weeks",
    Unit.DAYS: "Days",
    Unit.YEARS: "Age in years",
    Unit.COUNT: "Number",
}
FROM_ZERO = frozenset({Unit.PERCENT, Unit.COUNT})  # times and ages start near their lowest

LEFT, RIGHT = 52, 24  # room for the y-axis labels and the last month's label, in pixels
AXES = 64  # the y-axis title above the plot, the x-axis labels and title below it
X_PADDING, Y_PADDING = 16, 10
LABEL_HEIGHT = 20  # a label and its gap from its line
CLEAR = 6  # between a label and a figure's point
CHAR_WIDTH = 6.6  # a generous average width of a 12px Arial character
KEY_ROW, KEY_SYMBOL = 20, 30
TICK_STEPS = (1, 2, 3, 6, 12, 24)
CROWDED = 18  # more figures than this, and plain points get smaller
HALF_MONTH_MS = 15 * 86_400_000
MONTH: Spec = {"field": "t", "type": "temporal"}
ONE_ROW: Spec = {"values": [{}]}


def axis_title(data: ChartData) -> str:
    """ "Percent (%)"; "Average number of weeks" from the unit label "Average # weeks"."""
    label = data.unit_label.strip()
    if data.unit is not Unit.PERCENT and any(c.isalpha() for c in label):
        return " ".join(label.replace("#", "number of").split())
    return AXIS_TITLES[data.unit]


def timestamp(month: Month) -> int:
    """The first instant of the month, in milliseconds since 1970 (UTC)."""
    return calendar.timegm(month.first_day.timetuple()) * 1000


def chart_spec(data: ChartData, *, width: int, height: int) -> Spec:
    plot_width, plot_height = max(120, width - LEFT - RIGHT), max(80, height - AXES)
    plot: Spec = {"width": plot_width, "height": plot_height}
    if data.points:
        plot["layer"] = _layers(data, plot_width, plot_height)
    else:
        plot["layer"] = _message("There are no figures yet.", plot_width, plot_height)
    key = _key(data, plot_width + LEFT)
    return {
        "$schema": f"https://vega.github.io/schema/vega-lite/v{VEGA_LITE}.json",
        "background": "white",
        "padding": {"left": 4, "right": 4, "top": 6, "bottom": 4},
        "autosize": {"type": "pad"},
        "spacing": 10,
        "vconcat": [plot, key] if key else [plot],
        "config": {
            "font": FONT,
            "view": {"stroke": None},
            "axis": {
                "labelFontSize": FONT_SIZE,
                "titleFontSize": FONT_SIZE + 1,
                "titleFontWeight": "bold",
                "labelColor": TEXT,
                "titleColor": TEXT,
                "domainColor": GREY,
                "tickColor": GREY,
                "gridColor": GRID,
            },
            "text": {"font": FONT, "fontSize": FONT_SIZE, "fill": TEXT},
        },
    }


# The scales --------------------------------------------------------------------------------


def _x_axis(data: ChartData, plot_width: int) -> Spec:
    """Months, labelled "Apr 24" every 1, 2, 3, 6 or 12 months from the first, as fit."""
    months = [p.month for p in data.points]
    first, last = _x_range(data)
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


def _x_range(data: ChartData) -> tuple[Month, Month]:
    first, last = data.points[0].month, data.points[-1].month
    return (first.plus(-1), last.plus(1)) if first == last else (first, last)


def _y_axis(data: ChartData) -> Spec:
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
        scale["domain"] = list(_y_range(data))
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


def _y_range(data: ChartData) -> tuple[float, float]:
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
class _Frame:
    """Where things fall on the plot, in pixels from its top left, near enough as Vega draws
    them: to keep the labels of lines inside the plot and clear of the figures."""

    data: ChartData
    width: int
    height: int

    @property
    def y_range(self) -> tuple[float, float]:
        low, high = _y_range(self.data)
        if self.data.unit not in FROM_ZERO:  # padded
            pad = (high - low) * Y_PADDING / (self.height - 2 * Y_PADDING)
            return low - pad, high + pad
        raw = (high - low) / 10  # rounded out to one of about 10 ticks ("nice")
        power = 10 ** math.floor(math.log10(raw))
        step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw / 1.42)
        return math.floor(low / step) * step, math.ceil(high / step) * step

    def x(self, month: Month) -> float:
        first, last = _x_range(self.data)
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
        right = left + _text_width(text)
        points = self.data.points
        figures = [(self.x(p.month), float(p.value)) for p in points if p.value is not None]
        return self.inside(value, above) and not any(
            left - CLEAR <= x <= right + CLEAR
            and top - CLEAR <= self.y(v) <= top + LABEL_HEIGHT + CLEAR
            for x, v in figures
        )


def _text_width(text: str) -> float:
    return len(text) * CHAR_WIDTH + 4


# The plot ----------------------------------------------------------------------------------


def _layers(data: ChartData, plot_width: int, plot_height: int) -> list[Spec]:
    """SPC lines, baseline, targets and trajectory, their labels, then the figures on top; the
    scales and axes defined once, on the first layer using each."""
    frame = _Frame(data, plot_width, plot_height)
    points = data.points
    reported = [p for p in points if p.status is not FigureStatus.NOT_DUE]
    layers: list[Spec] = []
    spc = [(p.month, p.lower_limit, p.upper_limit, p.mean) for p in points if p.mean is not None]
    for index, field, style in (
        (1, "lpl", LIMIT_LINE),
        (2, "upl", LIMIT_LINE),
        (3, "mean", MEAN_LINE),
    ):
        rows = [{"t": timestamp(row[0]), field: row[index]} for row in spc]
        layers.append(_line(rows, field, style, data))
    if data.baseline is not None and baseline_on_scale(data):
        layers += _baseline(data.baseline, frame)
    layers += _targets(frame)
    trajectory = [(p.month, float(p.trajectory)) for p in points if p.trajectory is not None]
    if len(trajectory) == 1:  # one month: a line a month wide, as a target's
        (month, value) = trajectory[0]
        layers.append(_rules([_across(month, value)], TRAJECTORY_LINE, data))
    else:
        rows = [{"t": timestamp(m), "trajectory": v} for m, v in trajectory]
        layers.append(_line(rows, "trajectory", TRAJECTORY_LINE, data))
    if any(p.value is not None for p in reported):
        rows = [{"t": timestamp(p.month), "value": _float(p.value)} for p in reported]
        layers += [_line(rows, "value", FIGURE_LINE, data), _points(data, reported)]
    else:
        layers += _message("There are no figures yet.", plot_width, plot_height)
    layers = [layer for layer in layers if layer.get("data", ONE_ROW)["values"]]
    layers.sort(key=_drawing_order)
    with_x = [layer["encoding"] for layer in layers if "x" in layer.get("encoding", {})]
    if not with_x:  # the months still run along the bottom
        layers.append({"data": {"values": []}, "mark": "point", "encoding": {"x": MONTH}})
        with_x = [layers[-1]["encoding"]]
    with_x[0]["x"] = with_x[0]["x"] | _x_axis(data, plot_width)
    with_y = [layer["encoding"] for layer in layers if "y" in layer.get("encoding", {})]
    if with_y:
        with_y[0]["y"] = with_y[0]["y"] | _y_axis(data)
    return layers


def _drawing_order(layer: Spec) -> int:
    if layer.get("name", "").startswith("message"):
        return 3
    if layer.get("encoding", {}).get("y", {}).get("field") == "value":
        return 2
    return 1 if layer["mark"]["type"] == "text" else 0


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _stroke(style: Style) -> Spec:
    colour, width, dash = style
    return {"stroke": colour, "strokeWidth": width} | ({"strokeDash": list(dash)} if dash else {})


def _y(field: str, data: ChartData) -> Spec:
    return {"field": field, "type": "quantitative", "title": axis_title(data)}


def _line(rows: list[Spec], field: str, style: Style, data: ChartData) -> Spec:
    """A line through the rows' months; a month without a value breaks it."""
    return {
        "data": {"values": rows},
        "mark": {"type": "line"} | _stroke(style),
        "encoding": {"x": MONTH, "y": _y(field, data)},
    }


def _across(month: Month, value: float, start: bool = True, end: bool = True) -> Spec:
    """A level line over a month, reaching halfway to the month before or after."""
    t = timestamp(month)
    return {"t": t - HALF_MONTH_MS * start, "t2": t + HALF_MONTH_MS * end, "y": value}


def _rules(rows: list[Spec], style: Style, data: ChartData) -> Spec:
    return {
        "data": {"values": rows},
        "mark": {"type": "rule"} | _stroke(style),
        "encoding": {"x": MONTH, "x2": {"field": "t2"}, "y": _y("y", data)},
    }


def _label(mark: Spec, encoding: Spec, rows: list[Spec] | None = None) -> list[Spec]:
    """A text layer, after the same text in thick white to keep it clear of the lines."""
    layer = {"data": {"values": rows} if rows is not None else ONE_ROW}
    halo = {"fill": "white", "stroke": "white", "strokeWidth": 4, "strokeJoin": "round"}
    text = {"type": "text"} | mark
    return [
        layer | {"mark": text | halo, "encoding": dict(encoding)},
        layer | {"mark": text, "encoding": dict(encoding)},
    ]


def _baseline(baseline: Decimal, frame: _Frame) -> list[Spec]:
    """A dotted rule across the plot, labelled at its right or left end, above or below it,
    where the label is clear of the figures (if nowhere, the key gives its value)."""
    data, value = frame.data, float(baseline)
    y = {"datum": value, "type": "quantitative"}
    rule = {"data": ONE_ROW, "mark": {"type": "rule"} | _stroke(BASELINE_LINE)}
    layers = [rule | {"encoding": {"y": y | {"title": axis_title(data)}}}]
    text = f"Baseline {quantity(baseline, data.unit)}"
    values = [p.value for p in data.points if p.value is not None]
    prefer_above = not values or values[-1] < baseline
    for right in (True, False):
        for above in (prefer_above, not prefer_above):
            left = frame.width - _text_width(text) if right else 0
            if frame.fits(left, text, value, above):
                mark = {
                    "x": frame.width if right else 0,
                    "align": "right" if right else "left",
                    "baseline": "bottom" if above else "top",
                    "dy": -4 if above else 4,
                    "fill": GREY,
                    "text": text,
                }
                return layers + _label(mark, {"y": y})
    return layers


def _targets(frame: _Frame) -> list[Spec]:
    """Each plan year's target as a level line over its months, the lines meeting halfway
    between March and April; labelled at the start, on the side with fewer of the year's
    figures, unless the label only fits on the other (figures drawn over it are still seen)."""
    data = frame.data
    years: dict[FinancialYear, list[ChartPoint]] = {}
    for point in data.points:
        years.setdefault(point.month.financial_year, []).append(point)
    rules, labels = [], []
    for months in years.values():
        target = months[0].target
        if target is None:
            continue
        first, last = months[0].month, months[-1].month
        start = first != data.points[0].month or first == last
        end = last != data.points[-1].month or first == last
        rule = _across(first, float(target), start=start, end=False)
        rule["t2"] = _across(last, float(target), start=False, end=end)["t2"]
        rules.append(rule)
        text = f"Target {quantity(target, data.unit)}"
        values = [p.value for p in months if p.value is not None]
        prefer = sum(v > target for v in values) * 2 <= len(values)
        left, value = frame.x(first), float(target)
        sides = [s for s in (prefer, not prefer) if frame.fits(left, text, value, s)]
        sides = sides or [s for s in (prefer, not prefer) if frame.inside(value, s)] or [prefer]
        labels.append({"t": rule["t"], "y": value, "label": text, "above": sides[0]})
    layers = [_rules(rules, TARGET_LINE, data)] if rules else []
    for above in (True, False):
        rows = [row for row in labels if row["above"] is above]
        mark = {
            "align": "left",
            "baseline": "bottom" if above else "top",
            "dx": 2,
            "dy": -4 if above else 4,
            "fill": TEXT,
        }
        encoding = {"x": MONTH, "y": _y("y", data), "text": {"field": "label", "type": "nominal"}}
        layers += _label(mark, encoding, rows) if rows else []
    return layers


def _points(data: ChartData, reported: list[ChartPoint]) -> Spec:
    rows = []
    crowded = sum(p.value is not None for p in reported) > CROWDED
    for point in reported:
        if point.value is not None:
            shape, fill, size, _ = POINTS[_kind(point)]
            size = size * 3 // 5 if crowded and shape == "circle" else size
            rows.append(
                {"t": timestamp(point.month), "value": float(point.value)}
                | {"shape": shape, "fill": fill, "size": size}
            )
    return {
        "data": {"values": rows},
        "mark": {"type": "point", "filled": True, "opacity": 1, "stroke": "white"},
        "encoding": {
            "x": MONTH,
            "y": _y("value", data),
            "shape": _literal("shape"),
            "fill": _literal("fill"),
            "size": _literal("size", "quantitative"),
        },
    }


def _kind(point: ChartPoint) -> str:
    if point.point_type is None or point.point_type is PointType.COMMON_CAUSE:
        return FIGURE_POINT
    return str(point.point_type)


def _literal(field: str, kind: str = "nominal") -> Spec:
    """A channel whose values are used as they are: colours, shapes, sizes, pixels."""
    return {"field": field, "type": kind, "scale": None}


def _message(text: str, plot_width: int, plot_height: int) -> list[Spec]:
    """Words in the middle of the plot, in a white box over any lines."""
    middle, half = plot_width / 2, _text_width(text) * 0.6 + 8
    box: Spec = {"x": middle - half, "x2": middle + half}
    box |= {"y": plot_height / 2 - 14, "y2": plot_height / 2 + 14}
    words: Spec = {"x": middle, "y": plot_height / 2, "align": "center", "baseline": "middle"}
    words |= {"fontSize": FONT_SIZE + 2, "fill": TEXT, "text": text}
    box |= {"type": "rect", "fill": "white", "stroke": GREY, "strokeWidth": 1}
    return [
        {"name": "message_box", "data": ONE_ROW, "mark": box},
        {"name": "message_text", "data": ONE_ROW, "mark": {"type": "text"} | words},
    ]


# The key -----------------------------------------------------------------------------------


def key_items(data: ChartData) -> list[tuple[str, Style | None, str]]:
    """(label, line style, point kind) of each kind of line and point drawn."""
    points = data.points
    values = [p for p in points if p.value is not None]
    items: list[tuple[str, Style | None, str]] = []
    if values:
        items.append(("Figure", FIGURE_LINE, FIGURE_POINT))
    if any(p.target is not None for p in points):
        items.append(("Target", TARGET_LINE, ""))
    if any(p.trajectory is not None for p in points):
        items.append(("Trajectory", TRAJECTORY_LINE, ""))
    if data.baseline is not None:
        label = f"Baseline {quantity(data.baseline, data.unit)}"
        label += f" ({data.baseline_label})" if data.baseline_label else ""
        if baseline_on_scale(data):
            items.append((label, BASELINE_LINE, ""))
        else:
            items.append((f"{label}: off the scale, not drawn", None, ""))
    if any(p.mean is not None for p in points):
        items += [("SPC mean", MEAN_LINE, ""), ("Process limits", LIMIT_LINE, "")]
    kinds = {_kind(p) for p in values}
    items += [(POINTS[k][3], None, k) for k in POINTS if k != FIGURE_POINT and k in kinds]
    return items


def _key(data: ChartData, room: int) -> Spec | None:
    """A symbol and a label for each item, in as many columns as fit in `room` pixels."""
    items = key_items(data)
    if not items:
        return None
    widths = [KEY_SYMBOL + 26 + math.ceil(_text_width(label)) for label, _, _ in items]
    columns = next(
        (n for n in range(len(items), 0, -1) if sum(max(widths[i::n]) for i in range(n)) <= room),
        1,
    )
    spans = [max(widths[i::columns]) for i in range(columns)]
    lines: list[Spec] = []
    symbols: list[Spec] = []
    labels: list[Spec] = []
    for index, (label, style, kind) in enumerate(items):
        left = sum(spans[: index % columns]) - LEFT + 8
        y = (index // columns + 0.5) * KEY_ROW
        if style is not None:
            colour, width, dash = style
            lines.append(
                {"x": left, "x2": left + KEY_SYMBOL, "y": y, "stroke": colour, "width": width}
                | {"dash": list(dash) or [1, 0]}
            )
        if kind:
            shape, fill, size, _ = POINTS[kind]
            symbols.append({"x": left + KEY_SYMBOL / 2, "y": y} | {"shape": shape, "fill": fill})
            symbols[-1]["size"] = size
        labels.append({"x": left + KEY_SYMBOL + 8, "y": y, "label": label})
    at = {"x": _literal("x", "quantitative"), "y": _literal("y", "quantitative")}
    layers: list[Spec] = [
        {
            "data": {"values": lines},
            "mark": {"type": "rule"},
            "encoding": at
            | {"x2": {"field": "x2"}, "stroke": _literal("stroke")}
            | {"strokeWidth": _literal("width", "quantitative"), "strokeDash": _literal("dash")},
        },
        {
            "data": {"values": symbols},
            "mark": {"type": "point", "filled": True, "opacity": 1, "stroke": "white"},
            "encoding": at
            | {"shape": _literal("shape"), "fill": _literal("fill")}
            | {"size": _literal("size", "quantitative")},
        },
        {
            "data": {"values": labels},
            "mark": {"type": "text", "align": "left", "baseline": "middle", "fill": TEXT},
            "encoding": at | {"text": {"field": "label", "type": "nominal"}},
        },
    ]
    height = math.ceil(len(items) / columns) * KEY_ROW
    layers = [layer for layer in layers if layer["data"]["values"]]
    return {"width": room - LEFT, "height": height, "layer": layers}
