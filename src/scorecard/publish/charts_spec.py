"""The Vega-Lite specification of a metric chart (scorecard.publish.charts renders it to SVG).

A plain Vega-Lite dict, built the same way every time from the chart data, so that the SVG is
byte-identical for the same data: the plot, and below it a key drawn as marks placed by pixel,
in as many columns as the width allows. Labels of the target and baseline lines go where they
are clear of the figures, which are drawn over everything else.
"""

from __future__ import annotations

from decimal import Decimal

from scorecard.domain.figures import FigureStatus
from scorecard.domain.formatting import quantity
from scorecard.domain.periods import FinancialYear, Month
from scorecard.publish.chart_data import ChartData, ChartPoint
from scorecard.publish.chart_key import chart_key
from scorecard.publish.chart_scales import (
    Frame,
    axis_title,
    baseline_on_scale,
    timestamp,
    x_axis,
    y_axis,
)
from scorecard.publish.chart_style import (
    AXES,
    BASELINE_LINE,
    CROWDED,
    FIGURE_LINE,
    FONT,
    FONT_SIZE,
    GREY,
    GRID,
    HALF_MONTH_MS,
    LEFT,
    LIMIT_LINE,
    MEAN_LINE,
    MONTH,
    ONE_ROW,
    POINTS,
    RIGHT,
    TARGET_LINE,
    TEXT,
    TRAJECTORY_LINE,
    VEGA_LITE,
    Spec,
    Style,
    literal,
    point_kind,
    text_width,
)


def chart_spec(data: ChartData, *, width: int, height: int) -> Spec:
    plot_width, plot_height = max(120, width - LEFT - RIGHT), max(80, height - AXES)
    plot: Spec = {"width": plot_width, "height": plot_height}
    if data.points:
        plot["layer"] = _layers(data, plot_width, plot_height)
    else:
        plot["layer"] = _message("There are no figures yet.", plot_width, plot_height)
    key = chart_key(data, plot_width + LEFT)
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


# The plot ----------------------------------------------------------------------------------


def _layers(data: ChartData, plot_width: int, plot_height: int) -> list[Spec]:
    """SPC lines, baseline, targets and trajectory, their labels, then the figures on top; the
    scales and axes defined once, on the first layer using each."""
    frame = Frame(data, plot_width, plot_height)
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
    with_x[0]["x"] = with_x[0]["x"] | x_axis(data, plot_width)
    with_y = [layer["encoding"] for layer in layers if "y" in layer.get("encoding", {})]
    if with_y:
        with_y[0]["y"] = with_y[0]["y"] | y_axis(data)
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


def _baseline(baseline: Decimal, frame: Frame) -> list[Spec]:
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
            left = frame.width - text_width(text) if right else 0
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


def _targets(frame: Frame) -> list[Spec]:
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
            shape, fill, size, _ = POINTS[point_kind(point)]
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
            "shape": literal("shape"),
            "fill": literal("fill"),
            "size": literal("size", "quantitative"),
        },
    }


def _message(text: str, plot_width: int, plot_height: int) -> list[Spec]:
    """Words in the middle of the plot, in a white box over any lines."""
    middle, half = plot_width / 2, text_width(text) * 0.6 + 8
    box: Spec = {"x": middle - half, "x2": middle + half}
    box |= {"y": plot_height / 2 - 14, "y2": plot_height / 2 + 14}
    words: Spec = {"x": middle, "y": plot_height / 2, "align": "center", "baseline": "middle"}
    words |= {"fontSize": FONT_SIZE + 2, "fill": TEXT, "text": text}
    box |= {"type": "rect", "fill": "white", "stroke": GREY, "strokeWidth": 1}
    return [
        {"name": "message_box", "data": ONE_ROW, "mark": box},
        {"name": "message_text", "data": ONE_ROW, "mark": {"type": "text"} | words},
    ]
