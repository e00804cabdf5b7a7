"""A metric chart's key, below the plot: a symbol and a label for each kind of line and point
drawn, placed by pixel in as many columns as the width allows."""

from __future__ import annotations

import math

from scorecard.domain.formatting import quantity
from scorecard.publish.chart_data import ChartData
from scorecard.publish.chart_scales import baseline_on_scale
from scorecard.publish.chart_style import (
    BASELINE_LINE,
    FIGURE_LINE,
    FIGURE_POINT,
    KEY_ROW,
    KEY_SYMBOL,
    LEFT,
    LIMIT_LINE,
    MEAN_LINE,
    POINTS,
    TARGET_LINE,
    TEXT,
    TRAJECTORY_LINE,
    Spec,
    Style,
    literal,
    point_kind,
    text_width,
)


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
    kinds = {point_kind(p) for p in values}
    items += [(POINTS[k][3], None, k) for k in POINTS if k != FIGURE_POINT and k in kinds]
    return items


def chart_key(data: ChartData, room: int) -> Spec | None:
    """A symbol and a label for each item, in as many columns as fit in `room` pixels."""
    items = key_items(data)
    if not items:
        return None
    widths = [KEY_SYMBOL + 26 + math.ceil(text_width(label)) for label, _, _ in items]
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
    at = {"x": literal("x", "quantitative"), "y": literal("y", "quantitative")}
    layers: list[Spec] = [
        {
            "data": {"values": lines},
            "mark": {"type": "rule"},
            "encoding": at
            | {"x2": {"field": "x2"}, "stroke": literal("stroke")}
            | {"strokeWidth": literal("width", "quantitative"), "strokeDash": literal("dash")},
        },
        {
            "data": {"values": symbols},
            "mark": {"type": "point", "filled": True, "opacity": 1, "stroke": "white"},
            "encoding": at
            | {"shape": literal("shape"), "fill": literal("fill")}
            | {"size": literal("size", "quantitative")},
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
