"""A metric's chart: accessible SVG rendered through Vega-Lite on the server, with its summary in
words, a caption and the table of figures it shows (the one chart of the web pages and the PDF).

Both functions are pure: the same chart data gives byte-identical SVG, so that callers may cache
it by data version. The SVG carries no inline style (the pages' Content-Security-Policy forbids
it), scales with its container (a viewBox and width="100%") and is one image to assistive
technology: role="img", named by a <title> and described by a <desc>, and nothing inside it
exposed. Special-cause points differ in shape as well as in colour.
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from decimal import Decimal

import vl_convert

from scorecard.domain.catalogue import Unit
from scorecard.domain.figures import SYMBOLS, FigureStatus
from scorecard.domain.formatting import quantity, rounded
from scorecard.domain.periods import FinancialYear, Month
from scorecard.domain.spc import Direction, PointType, xmr
from scorecard.publish.chart_data import ChartData, ChartPoint
from scorecard.publish.chart_style import BLUE, POINTS, VEGA_LITE
from scorecard.publish.charts_spec import chart_spec

SVG_NS = "http://www.w3.org/2000/svg"
CHART_ID = re.compile(r"[A-Za-z][\w.:/-]*")
REMOVED_ELEMENTS = {"style", "script", "foreignObject", "title", "desc"}

# Numbers on the axes as everywhere else: thousands with commas, and a net change below zero
# with the hyphen-minus (-3), not Vega's minus sign (−3), so that all outputs write it alike.
NUMBER_LOCALE = {
    "decimal": ".",
    "thousands": ",",
    "grouping": [3],
    "currency": ["£", ""],
    "minus": "-",
}
UNIT_WORDS = {Unit.WEEKS: " weeks", Unit.DAYS: " days", Unit.YEARS: " years"}
SIGNAL_LABELS: dict[PointType, str] = {
    PointType.COMMON_CAUSE: "Common cause",
    **{kind: POINTS[kind][3] for kind in PointType if kind is not PointType.COMMON_CAUSE},
}
SPECIAL_CAUSE_KINDS = {
    PointType.IMPROVEMENT: "special-cause improvement",
    PointType.CONCERN: "special-cause concern",
    PointType.NEUTRAL_HIGH: "special-cause variation, neither improvement nor concern",
    PointType.NEUTRAL_LOW: "special-cause variation, neither improvement nor concern",
}
CAUSE_WORDS = {
    "Above UCL": "above the upper process limit",
    "Below LCL": "below the lower process limit",
    "7 Point Trend (Increasing)": "one of 7 points rising in a row",
    "7 Point Trend (Decreasing)": "one of 7 points falling in a row",
    "2 in 3 Above CL": "one of 2 in 3 points close to the upper process limit",
    "2 in 3 Below CL": "one of 2 in 3 points close to the lower process limit",
    "7 Points Above CL": "one of 7 points in a row above the mean",
    "7 Points Below CL": "one of 7 points in a row below the mean",
}


@dataclass(frozen=True)
class ChartTable:
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]  # text as shown: "-" for a figure not available


@dataclass(frozen=True)
class Chart:
    svg: str  # accessible SVG markup, safe to put in HTML as is
    summary: str  # the trend in words (also the SVG's <desc>)
    caption: str  # a short title (also the SVG's <title>)
    table: ChartTable  # the data-table alternative shown beside the chart


def metric_chart(data: ChartData, *, chart_id: str, width: int = 640, height: int = 280) -> Chart:
    """The chart of a metric's figures with its target, trajectory, baseline and SPC limits.
    `chart_id` must be unique on the page: the ids inside the SVG start with it. `height` is the
    plot with its axes; the key below it adds a row for each line of items it needs."""
    if not CHART_ID.fullmatch(chart_id):
        raise ValueError(f"{chart_id!r} is not an id: start with a letter, no spaces")
    text = summary(data)
    title = caption(data)
    spec = chart_spec(data, width=width, height=height)
    raw = vl_convert.vegalite_to_svg(
        spec, vl_version=VEGA_LITE, allowed_base_urls=[], format_locale=NUMBER_LOCALE
    )
    svg = accessible_svg(raw, chart_id=chart_id, title=title, description=text)
    return Chart(svg=svg, summary=text, caption=title, table=chart_table(data))


# The SVG -----------------------------------------------------------------------------------


def accessible_svg(svg: str, *, chart_id: str, title: str, description: str) -> str:
    """Vega's SVG as one image: inner roles, ARIA attributes, styles and scripts removed, ids
    prefixed with `chart_id` (several charts share a page), a <title> and <desc> first, and the
    size left to the page (width="100%" of the container, the height from the viewBox)."""
    root = ET.fromstring(svg)
    _strip(root, chart_id)
    for name in ("width", "height", "role", "class"):
        root.attrib.pop(name, None)
    root.set("class", "scorecard-chart__svg")
    root.set("width", "100%")
    root.set("preserveAspectRatio", "xMinYMin meet")
    root.set("role", "img")
    root.set("aria-labelledby", f"{chart_id}-title {chart_id}-desc")
    for index, (tag, text) in enumerate((("title", title), ("desc", description))):
        element = ET.Element(tag, {"id": f"{chart_id}-{tag}"})
        element.text = text
        root.insert(index, element)
    root.set("xmlns", SVG_NS)
    return ET.tostring(root, encoding="unicode")


def _strip(root: ET.Element, prefix: str) -> None:
    for parent in root.iter():
        for child in list(parent):
            if child.tag.rpartition("}")[2] in REMOVED_ELEMENTS:
                parent.remove(child)
    for element in root.iter():
        element.tag = element.tag.rpartition("}")[2]  # SVG's namespace is declared on the root
        for name, value in list(element.attrib.items()):
            local = name.rpartition("}")[2]  # xlink:href becomes SVG 2's href
            del element.attrib[name]
            if local in {"role", "style"} or local.startswith(("aria-", "on")):
                continue
            element.set(local, value)
            if local == "id":
                element.set(local, f"{prefix}-vega-{value}")
            elif local == "href" and value.startswith("#"):
                element.set(local, f"#{prefix}-vega-{value[1:]}")
            elif "url(#" in value:
                element.set(local, value.replace("url(#", f"url(#{prefix}-vega-"))


# The words ---------------------------------------------------------------------------------


def caption(data: ChartData) -> str:
    """ "3.1 The percentage of … within 20 weeks: April 2024 to September 2024"."""
    title = data.title.rstrip(". ")
    if not data.points:
        return title
    first, last = data.points[0].month, data.points[-1].month
    return f"{title}: {first.label}" if first == last else f"{title}: {first.label} to {last.label}"


def summary(data: ChartData) -> str:
    """The chart in words: the trend, gaps, baseline, targets and trajectory, which way is
    better, and the SPC signal of the latest point."""
    values = [p for p in data.reported if p.value is not None]
    sentences = [_trend(data, values), _gaps(data, values)]
    if data.baseline is not None:
        label = f" ({data.baseline_label})" if data.baseline_label else ""
        sentences.append(f"The baseline{label} is {_amount(data.baseline, data.unit)}.")
    if data.points:
        sentences.append(_targets(data, values[-1] if values else None))
    sentences.append(data.polarity_text)
    if values:
        sentences.append(_spc(data, values[-1]))
    return " ".join(s for s in sentences if s)


def _amount(value: Decimal, unit: Unit) -> str:
    return quantity(value, unit) + UNIT_WORDS.get(unit, "")


def _trend(data: ChartData, values: list[ChartPoint]) -> str:
    if not values:
        return "There are no figures yet."
    first, last = values[0], values[-1]
    assert first.value is not None and last.value is not None
    then, now = _amount(first.value, data.unit), _amount(last.value, data.unit)
    if len(values) == 1:
        return f"The only figure so far is {now} in {last.month.label}."
    if last.value == first.value:
        return f"The figure was {then} in {first.month.label} and the same in {last.month.label}."
    verb = "rose" if last.value > first.value else "fell"
    return f"The figure {verb} from {then} in {first.month.label} to {now} in {last.month.label}."


def _gaps(data: ChartData, values: list[ChartPoint]) -> str:
    missing = [p.month for p in data.reported if p.status is FigureStatus.NOT_AVAILABLE]
    if not missing:
        return ""
    count = len(missing)
    verb = "is" if count == 1 else "are"
    if not values and count > 1:
        return (
            f"The {count} figures due from {missing[0].label} to {missing[-1].label} "
            "are not available."
        )
    if count <= 3:
        noun = "figure" if count == 1 else "figures"
        return f"The {noun} for {_and([m.label for m in missing])} {verb} not available."
    return (
        f"{count} of the {len(data.reported)} figures due are not available, "
        f"the latest for {missing[-1].label}."
    )


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def _targets(data: ChartData, latest: ChartPoint | None) -> str:
    """The target of the last plan year shown (with the earlier years' in brackets), and where
    the latest figure lies against the trajectory (or the target) of its month."""
    years: dict[FinancialYear, Decimal | None] = {}
    for point in data.points:
        years.setdefault(point.month.financial_year, point.target)
    year, target = list(years.items())[-1]
    if not any(t is not None for t in years.values()):
        words = "There is no target"
    else:
        words = (
            f"There is no target for {year}"
            if target is None
            else f"The {year} target is {_amount(target, data.unit)}"
        )
        earlier = [
            f"{_amount(t, data.unit)} in {y}" if t is not None else f"none for {y}"
            for y, t in years.items()
            if y != year
        ]
        if earlier:
            words += f" ({'; '.join(earlier)})"
    if latest is None or latest.value is None:
        return f"{words}."
    if latest.trajectory is not None:
        expected = _amount(latest.trajectory, data.unit)
        side = _side(latest.value, latest.trajectory)
        return (
            f"{words}; the trajectory expected {expected} in {latest.month.label}, "
            f"so the latest figure is {side} it."
        )
    if target is not None and latest.month.financial_year == year:
        return f"{words}; the latest figure is {_side(latest.value, target)} it."
    return f"{words}."


def _side(value: Decimal, reference: Decimal) -> str:
    return "above" if value > reference else "below" if value < reference else "equal to"


def _spc(data: ChartData, latest: ChartPoint) -> str:
    kind = latest.point_type
    if kind is None:
        return ""
    if kind is PointType.COMMON_CAUSE:
        return "The latest point shows common-cause variation (SPC)."
    cause = _cause(data, latest)
    reason = f": it is {cause}" if cause else ""
    return f"The latest point shows {SPECIAL_CAUSE_KINDS[kind]} (SPC){reason}."


def _cause(data: ChartData, latest: ChartPoint) -> str:
    """Which special-cause rule the latest point meets, from the same XmR chart over the same
    points (the rule does not depend on the direction of improvement); "" if the chart no
    longer matches the chart data's own."""
    points = [p for p in data.points if p.mean is not None]
    result = xmr(
        dates=[p.month.first_day for p in points],
        values=[None if p.value is None else float(p.value) for p in points],
        direction=Direction.NEUTRAL,
    )
    found = next((r for r in result.points if r.date == latest.month.first_day), None)
    if found is None or found.mean is None or latest.mean is None:
        return ""
    if not math.isclose(found.mean, latest.mean, rel_tol=1e-9, abs_tol=1e-12):
        return ""
    return CAUSE_WORDS.get(found.special_cause_type or "", "")


# The table ---------------------------------------------------------------------------------


def chart_table(data: ChartData) -> ChartTable:
    """Every month with a figure due, oldest first: the figure ("-" when not available) and
    the lines drawn that month; a column only when something is in it."""
    reported = data.reported
    unit, places = data.unit, data.decimals + 1

    def spc(value: float | None) -> str:
        return "" if value is None else quantity(rounded(Decimal(repr(value)), places), unit)

    columns: list[tuple[str, list[str]]] = [
        ("Month", [p.month.label for p in reported]),
        ("Figure", [_figure(p, unit) for p in reported]),
    ]
    if any(p.target is not None for p in reported):
        columns.append(("Target", [_or(p.target, unit, "Not set") for p in reported]))
    if any(p.trajectory is not None for p in reported):
        columns.append(("Trajectory", [_or(p.trajectory, unit, "") for p in reported]))
    if any(p.mean is not None for p in reported):
        columns += [
            ("SPC mean", [spc(p.mean) for p in reported]),
            ("Lower limit", [spc(p.lower_limit) for p in reported]),
            ("Upper limit", [spc(p.upper_limit) for p in reported]),
            ("SPC signal", [_signal(p) for p in reported]),
        ]
    return ChartTable(
        columns=tuple(name for name, _ in columns),
        rows=tuple(zip(*(cells for _, cells in columns), strict=True)),
    )


def _figure(point: ChartPoint, unit: Unit) -> str:
    if point.value is not None:
        return quantity(point.value, unit)
    return SYMBOLS.get(point.status, SYMBOLS[FigureStatus.NOT_AVAILABLE])


def _or(value: Decimal | None, unit: Unit, otherwise: str) -> str:
    return otherwise if value is None else quantity(value, unit)


def _signal(point: ChartPoint) -> str:
    return "" if point.point_type is None else SIGNAL_LABELS[point.point_type]


# The sparkline -----------------------------------------------------------------------------


def sparkline(data: ChartData, *, width: int = 120, height: int = 32) -> str:
    """A small decorative line of the figures (the page gives them in text beside it), hidden
    from assistive technology; drawn directly, without Vega, as a page has many."""
    pad = 3.0
    points = data.points
    shown = [(p.month, float(p.value)) for p in data.reported if p.value is not None]
    path, dot = "", ""
    if shown:
        low = min(v for _, v in shown)
        high = max(v for _, v in shown)
        span = points[-1].month.months_since(points[0].month) or 1

        def x(month: Month) -> float:
            return pad + (width - 2 * pad) * month.months_since(points[0].month) / span

        def y(value: float) -> float:
            if high == low:
                return height / 2
            return height - pad - (height - 2 * pad) * (value - low) / (high - low)

        commands, previous = [], None
        for point in data.reported:
            if point.value is None:
                previous = None
                continue
            here = f"{x(point.month):.1f},{y(float(point.value)):.1f}"
            commands.append(f"L{here}" if previous else f"M{here}h0")
            previous = here
        path = (
            f'<path d="{"".join(commands)}" fill="none" stroke="{BLUE}" stroke-width="2" '
            'stroke-linecap="round" stroke-linejoin="round"/>'
        )
        month, value = shown[-1]
        dot = f'<circle cx="{x(month):.1f}" cy="{y(value):.1f}" r="3" fill="{BLUE}"/>'
    return (
        f'<svg xmlns="{SVG_NS}" class="scorecard-sparkline" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" aria-hidden="true" focusable="false">{path}{dot}</svg>'
    )
