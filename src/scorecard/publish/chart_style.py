"""What every part of a metric chart shares: the Vega-Lite version, fonts, GOV.UK colours,
line styles, the kinds of point, and the sizes the layout works in (pixels)."""

from __future__ import annotations

from typing import Any

from scorecard.domain.catalogue import Unit
from scorecard.domain.spc import PointType
from scorecard.publish.chart_data import ChartPoint

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


def text_width(text: str) -> float:
    return len(text) * CHAR_WIDTH + 4


def literal(field: str, kind: str = "nominal") -> Spec:
    """A channel whose values are used as they are: colours, shapes, sizes, pixels."""
    return {"field": field, "type": kind, "scale": None}


def point_kind(point: ChartPoint) -> str:
    if point.point_type is None or point.point_type is PointType.COMMON_CAUSE:
        return FIGURE_POINT
    return str(point.point_type)
