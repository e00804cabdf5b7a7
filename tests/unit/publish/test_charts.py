"""Metric charts (scorecard.publish.charts): accessible, style-free SVG through Vega-Lite, the
summary in words, the table alternative and the decorative sparkline."""

from __future__ import annotations

import dataclasses
import re
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path

import pytest

from scorecard.domain.catalogue import Unit
from scorecard.domain.figures import FigureStatus
from scorecard.domain.periods import Month
from scorecard.domain.spc import PointType
from scorecard.planfiles.reader import read_plan
from scorecard.publish.chart_data import ChartData, ChartPoint, chart_data
from scorecard.publish.charts import Chart, ChartTable, metric_chart, sparkline

ROOT = Path(__file__).resolve().parents[3]
NS = "{http://www.w3.org/2000/svg}"
SEPTEMBER = Month(2024, 9)
VALUE, NOT_DUE, NOT_AVAILABLE = (
    FigureStatus.VALUE,
    FigureStatus.NOT_DUE,
    FigureStatus.NOT_AVAILABLE,
)
BLUE, GREEN, RED = "#1d70b8", "#00703c", "#d4351c"


@pytest.fixture(scope="module")
def seed():
    return read_plan(ROOT / "plans" / "west-sussex-2024-27")


@pytest.fixture(scope="module")
def synthetic():
    return read_plan(ROOT / "plans" / "west-sussex-2024-27-synthetic")


def data_for(reading, metric_id: str, period: Month, component: int = 0) -> ChartData:
    series = reading.plan.metric(metric_id).series[component]
    return chart_data(reading.plan, series, reading.figures, period)


@pytest.fixture(scope="module")
def ehcp(seed) -> ChartData:
    """3.1, % of EHC plans issued within 20 weeks, April to September 2024."""
    return data_for(seed, "3.1", SEPTEMBER)


@pytest.fixture(scope="module")
def ehcp_chart(ehcp) -> Chart:
    return metric_chart(ehcp, chart_id="chart-3-1")


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def local(tag: str) -> str:
    return tag.rpartition("}")[2]


def texts(root: ET.Element) -> list[str]:
    return [t.text or "" for t in root.iter(f"{NS}text")]


def point(month: Month, value: str | None, **rest) -> ChartPoint:
    status = rest.pop("status", VALUE if value is not None else NOT_AVAILABLE)
    fields = {"target": None, "trajectory": None} | rest
    return ChartPoint(month, status, None if value is None else Decimal(value), **fields)


def made(points: list[ChartPoint], **rest) -> ChartData:
    fields = {
        "title": "9.9 A made-up metric",
        "unit": Unit.PERCENT,
        "unit_label": "%",
        "decimals": 1,
        "polarity_text": "Higher is better.",
        "baseline": None,
        "baseline_label": "March 24",
    }
    return ChartData(points=tuple(points), **(fields | rest))


def months(count: int) -> list[Month]:
    """Months from April 2024."""
    return [Month(2024, 4).plus(i) for i in range(count)]


def series(*values: str | None) -> list[ChartPoint]:
    """Monthly points from April 2024: a value, or None for not available."""
    return [point(m, v) for m, v in zip(months(len(values)), values, strict=True)]


# The SVG: accessible, style-free, scalable -----------------------------------------------


def test_the_svg_is_one_image_named_by_its_title_and_described_by_its_desc(ehcp_chart):
    root = parse(ehcp_chart.svg)
    assert local(root.tag) == "svg"
    assert root.get("role") == "img"
    first, second = list(root)[:2]
    assert (local(first.tag), local(second.tag)) == ("title", "desc")
    by_id = {e.get("id"): e for e in root.iter() if e.get("id")}
    title_id, desc_id = root.get("aria-labelledby", "").split()
    assert by_id[title_id] is first and first.text == ehcp_chart.caption
    assert by_id[desc_id] is second and second.text == ehcp_chart.summary
    assert title_id.startswith("chart-3-1") and desc_id.startswith("chart-3-1")


def test_the_svg_has_no_inline_style_script_or_inner_roles(ehcp_chart, seed):
    for svg in (ehcp_chart.svg, metric_chart(data_for(seed, "3.2", SEPTEMBER), chart_id="c").svg):
        root = parse(svg)
        assert "style" not in svg.lower().replace("font-style", "")
        for element in root.iter():
            assert local(element.tag) not in {"style", "script", "foreignObject"}
            assert "style" not in element.attrib
            assert not any(name.startswith("on") for name in element.attrib)
            if element is not root:
                assert "role" not in element.attrib
                assert not [name for name in element.attrib if name.startswith("aria-")]
        assert "aria-roledescription" not in svg and "graphics-symbol" not in svg


def test_the_svg_scales_with_its_container(ehcp_chart):
    root = parse(ehcp_chart.svg)
    assert root.get("width") == "100%"
    assert "height" not in root.attrib
    assert re.fullmatch(r"0 0 \d+ \d+", root.get("viewBox", ""))


def test_ids_start_with_the_chart_id_so_that_charts_share_a_page(seed, ehcp_chart):
    other = metric_chart(data_for(seed, "3.2", SEPTEMBER), chart_id="chart-3-2")
    ids = [[e.get("id") for e in parse(c.svg).iter() if e.get("id")] for c in (ehcp_chart, other)]
    assert all(i.startswith("chart-3-1-") for i in ids[0])
    assert all(i.startswith("chart-3-2-") for i in ids[1])
    assert not set(ids[0]) & set(ids[1])


@pytest.mark.parametrize("chart_id", ["", "two words", "1chart", 'a"b'])
def test_a_chart_id_must_be_an_id(ehcp, chart_id):
    with pytest.raises(ValueError):
        metric_chart(ehcp, chart_id=chart_id)


def test_the_same_data_gives_byte_identical_svg(ehcp, ehcp_chart, synthetic):
    metric_chart(data_for(synthetic, "3.2", Month(2027, 3)), chart_id="between")
    again = metric_chart(ehcp, chart_id="chart-3-1")
    assert again == ehcp_chart


# What is drawn ---------------------------------------------------------------------------


def test_every_line_has_a_text_label_in_the_key(ehcp_chart):
    words = texts(parse(ehcp_chart.svg))
    for label in ("Figure", "Target", "Trajectory", "Baseline 8.4% (March 24)"):
        assert label in words
    assert {"SPC mean", "Process limits"} <= set(words)
    assert "Target 49%" in words  # the target line is labelled where it is drawn


def test_axes_are_titled_with_the_unit_and_months_read_like_apr_24(ehcp_chart, seed):
    words = texts(parse(ehcp_chart.svg))
    assert "Percent (%)" in words and "Month" in words
    assert {"Apr 24", "May 24", "Jun 24", "Jul 24", "Aug 24", "Sep 24"} <= set(words)
    assert {"0%", "10%", "20%"} <= set(words)
    weeks = texts(parse(metric_chart(data_for(seed, "1/2.2", SEPTEMBER), chart_id="w").svg))
    assert "Average number of weeks" in weeks


def test_36_months_are_labelled_without_crowding(synthetic):
    chart = metric_chart(data_for(synthetic, "3.1", Month(2027, 3)), chart_id="s")
    labels = [t for t in texts(parse(chart.svg)) if re.fullmatch(r"[A-Z][a-z]{2} \d\d", t)]
    assert labels[0] == "Apr 24" and 4 <= len(labels) <= 10
    for year in ("Target 49%", "Target 60%", "Target 70%"):
        assert year in texts(parse(chart.svg))


def symbols(svg: str) -> list[tuple[str, str]]:
    """(fill, path) of every point drawn: Vega draws symbols as paths moved into place."""
    return [
        (p.get("fill", ""), p.get("d", ""))
        for p in parse(svg).iter(f"{NS}path")
        if (p.get("transform") or "").startswith("translate")
        and p.get("fill") not in {None, "none"}
    ]


def test_special_cause_points_differ_in_shape_as_well_as_colour(seed):
    """3.2 (weeks to a plan; lower is better): August and September 2024 are 2 of 3 points
    beyond two sigma below the mean, an improvement."""
    data = data_for(seed, "3.2", SEPTEMBER)
    assert [p.point_type for p in data.points][-2:] == [PointType.IMPROVEMENT] * 2
    chart = metric_chart(data, chart_id="c")
    drawn = symbols(chart.svg)
    circles = {d for fill, d in drawn if fill == BLUE}
    diamonds = {d for fill, d in drawn if fill == GREEN}
    assert circles and diamonds and not circles & diamonds
    assert all("A" in d for d in circles)  # arcs
    assert all("A" not in d for d in diamonds)
    assert "Special cause: improvement" in texts(parse(chart.svg))


def test_concern_points_are_squares_and_red(seed):
    chart = metric_chart(data_for(seed, "1/2.1", SEPTEMBER), chart_id="c")
    squares = {d for fill, d in symbols(chart.svg) if fill == RED}
    assert squares and all("A" not in d and "h" in d and "v" in d for d in squares)
    assert "Special cause: concern" in texts(parse(chart.svg))


def figure_lines(svg: str) -> list[str]:
    return [
        p.get("d", "")
        for p in parse(svg).iter(f"{NS}path")
        if p.get("stroke") == BLUE and p.get("stroke-width") == "2.5"
    ]


def test_a_month_not_available_breaks_the_line(ehcp):
    points = list(ehcp.points)
    points[3] = dataclasses.replace(points[3], status=NOT_AVAILABLE, value=None, point_type=None)
    (line,) = figure_lines(
        metric_chart(dataclasses.replace(ehcp, points=tuple(points)), chart_id="g").svg
    )
    assert line.count("M") == 2
    (whole,) = figure_lines(metric_chart(ehcp, chart_id="w").svg)
    assert whole.count("M") == 1


def test_months_not_due_are_left_out_not_drawn_as_zero(seed):
    """4.5 is reported in April and August: one line from April to August, two points."""
    data = data_for(seed, "4.5", SEPTEMBER)
    assert [p.month for p in data.reported] == [Month(2024, 4), Month(2024, 8)]
    chart = metric_chart(data, chart_id="c")
    (line,) = figure_lines(chart.svg)
    assert line.count("M") == 1 and line.count("L") == 1
    assert len([1 for fill, _ in symbols(chart.svg) if fill == BLUE]) == 3  # and one in the key


def test_a_baseline_far_off_the_scale_is_named_but_not_drawn(seed):
    """4.1's baseline counts existing places (1,565); its figures and target new ones (10)."""
    words = texts(parse(metric_chart(data_for(seed, "4.1", SEPTEMBER, 1), chart_id="c").svg))
    assert "Baseline 1,565 (March 24): off the scale, not drawn" in words
    assert "1,500" not in words and "There are no figures yet." in words


def contrast(colour: str) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    luminance = 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)
    return 1.05 / (luminance + 0.05)


def test_lines_points_and_text_contrast_with_white(seed, synthetic):
    charts = [metric_chart(data_for(seed, m, SEPTEMBER), chart_id="c") for m in ("3.1", "1/2.1")]
    charts.append(metric_chart(data_for(synthetic, "1/2.4", Month(2027, 3)), chart_id="s"))
    for chart in charts:
        for element in parse(chart.svg).iter():
            text = local(element.tag) == "text"
            for name in ("fill", "stroke"):
                colour = element.get(name, "none")
                if colour in {"none", "white", "#fff", "#ffffff", "transparent"}:
                    continue
                if local(element.tag) == "line" and colour == "#dee0e2":
                    continue  # grid lines: decorative, the table gives the numbers
                assert colour.startswith("#") and len(colour) == 7, colour
                assert contrast(colour) >= (4.5 if text else 3.0), (element.tag, colour)
            if text:
                assert float(element.get("font-size", "0").removesuffix("px")) >= 12


# The summary -----------------------------------------------------------------------------


def test_the_summary_of_3_1_in_september_2024(ehcp_chart, seed):
    """By hand from the plan: figures 8.5% (April) to 12.8% (September); baseline 8.4%
    (March 24); target 49% for 2024-25; the trajectory runs straight from the baseline in March
    2024 to the target in March 2025, so in September (6 of 12 months) it expects
    8.4 + (49 - 8.4) x 6 / 12 = 28.7%. SPC: mean 63 / 6 = 10.5, mean moving range
    (1.4 + 0.2 + 2.3 + 3.1 + 3.5) / 5 = 2.1, limits 10.5 ± 2.66 x 2.1 = 4.914 to 16.086, so
    every point is common cause."""
    assert Decimal("8.4") + (Decimal(49) - Decimal("8.4")) * 6 / 12 == Decimal("28.7")
    assert ehcp_chart.summary == (
        "The figure rose from 8.5% in April 2024 to 12.8% in September 2024. "
        "The baseline (March 24) is 8.4%. "
        "The 2024-25 target is 49%; the trajectory expected 28.7% in September 2024, "
        "so the latest figure is below it. "
        "Higher is better. "
        "The latest point shows common-cause variation (SPC)."
    )
    assert ehcp_chart.caption == (
        "3.1 The percentage of Education, Health & Care Plans (EHCPs) completed within "
        "20 weeks: April 2024 to September 2024"
    )


def test_the_summary_over_three_plan_years(synthetic):
    summary = metric_chart(data_for(synthetic, "3.1", Month(2027, 3)), chart_id="s").summary
    assert summary.startswith("The figure rose from 9.9% in April 2024 to 11.6% in March 2027.")
    assert (
        "The 2026-27 target is 70% (49% in 2024-25; 60% in 2025-26); the trajectory expected "
        "70.0% in March 2027, so the latest figure is below it." in summary
    )


def test_the_summary_when_lower_is_better_with_a_special_cause(seed):
    """3.2: mean 43.61 weeks, mean moving range 0.782, so two sigma below is 42.22 and the
    lower limit 41.53; July to September are below the mean, August (42.19) and September
    (41.71) beyond two sigma: improvement, as lower is better."""
    summary = metric_chart(data_for(seed, "3.2", SEPTEMBER), chart_id="c").summary
    assert summary.startswith(
        "The figure fell from 45.46 weeks in April 2024 to 41.71 weeks in September 2024."
    )
    assert (
        "the trajectory expected 39.18 weeks in September 2024, so the latest figure is above it"
        in summary
    )
    assert "Lower is better." in summary
    assert summary.endswith(
        "The latest point shows special-cause improvement (SPC): it is one of 2 in 3 points "
        "close to the lower process limit."
    )


def test_the_summary_without_a_target_and_with_a_concern(seed):
    """1/2.1: mean 496.3 / 6 = 82.72, mean moving range 11.2 / 5 = 2.24, upper limit
    82.72 + 2.66 x 2.24 = 88.68, below September's 88.9; lower is better: a concern."""
    summary = metric_chart(data_for(seed, "1/2.1", SEPTEMBER), chart_id="c").summary
    assert "There is no target. Lower is better." in summary
    assert summary.endswith(
        "The latest point shows special-cause concern (SPC): it is above the upper process limit."
    )


def test_the_summary_with_no_figures_at_all():
    data = made([point(m, None, status=NOT_DUE) for m in months(3)])
    assert metric_chart(data, chart_id="c").summary == (
        "There are no figures yet. There is no target. Higher is better."
    )
    empty = made([])
    chart = metric_chart(empty, chart_id="e")
    assert chart.summary == "There are no figures yet. Higher is better."
    assert chart.table == ChartTable(("Month", "Figure"), ())
    assert "There are no figures yet." in texts(parse(chart.svg))


def test_the_summary_when_no_figure_due_was_available(seed):
    summary = metric_chart(data_for(seed, "5.2", SEPTEMBER), chart_id="c").summary
    assert summary == (
        "There are no figures yet. The 6 figures due from April 2024 to September 2024 are "
        "not available. The 2024-25 target is 17.5 years. Lower is better."
    )


def test_the_summary_of_one_figure(seed):
    summary = metric_chart(data_for(seed, "3.6", SEPTEMBER), chart_id="c").summary
    assert summary == (
        "The only figure so far is 43% in May 2024. The baseline (March 24) is 30%. "
        "The 2024-25 target is 40%; the trajectory expected 32% in May 2024, so the latest "
        "figure is above it. Higher is better."
    )


def test_the_summary_names_the_months_not_available():
    points = series("5", None, "6", None, "7", None)
    summary = metric_chart(made(points), chart_id="c").summary
    assert summary.startswith(
        "The figure rose from 5% in April 2024 to 7% in August 2024. The figures for "
        "May 2024, July 2024 and September 2024 are not available."
    )
    many = [point(m, None if i % 2 else "5") for i, m in enumerate(months(12))]
    assert "6 of the 12 figures due are not available, the latest for March 2025." in (
        metric_chart(made(many), chart_id="c").summary
    )


def test_the_summary_when_the_latest_year_has_no_target(synthetic):
    summary = metric_chart(data_for(synthetic, "4.1", Month(2027, 3)), chart_id="c").summary
    assert "The figure rose from 11 in June 2024 to 13 in June 2026." in summary
    assert "There is no target for 2026-27 (63 in 2024-25; none for 2025-26)." in summary


def test_the_summary_of_an_unchanged_figure_and_neutral_special_cause():
    points = series(*["10"] * 8)
    assert metric_chart(made(points), chart_id="c").summary.startswith(
        "The figure was 10% in April 2024 and the same in November 2024."
    )
    spc = {"mean": 5.0, "lower_limit": 1.0, "upper_limit": 9.0}
    points[-1] = dataclasses.replace(points[-1], point_type=PointType.NEUTRAL_HIGH, **spc)
    summary = metric_chart(made(points), chart_id="c").summary
    assert summary.endswith(
        "The latest point shows special-cause variation, neither improvement nor concern (SPC)."
    )


# The table -------------------------------------------------------------------------------


def test_the_table_of_3_1(ehcp_chart):
    assert ehcp_chart.table.columns == (
        "Month",
        "Figure",
        "Target",
        "Trajectory",
        "SPC mean",
        "Lower limit",
        "Upper limit",
        "SPC signal",
    )
    figures = ["8.5%", "9.9%", "10.1%", "12.4%", "9.3%", "12.8%"]
    trajectory = ["11.8%", "15.2%", "18.6%", "21.9%", "25.3%", "28.7%"]
    names = ["April", "May", "June", "July", "August", "September"]
    assert ehcp_chart.table.rows == tuple(
        (f"{name} 2024", figure, "49%", expected, "10.50%", "4.91%", "16.09%", "Common cause")
        for name, figure, expected in zip(names, figures, trajectory, strict=True)
    )


def test_the_table_shows_months_not_available_as_a_dash_and_leaves_out_months_not_due(seed):
    table = metric_chart(data_for(seed, "4.1", SEPTEMBER, 1), chart_id="c").table
    assert table.columns == ("Month", "Figure", "Target", "Trajectory")
    assert table.rows == (("June 2024", "-", "10", "3"),)
    points = [point(Month(2024, 4), "5"), point(Month(2024, 5), None, status=NOT_DUE)]
    points += [point(Month(2024, 6), None), point(Month(2024, 7), "6.25")]
    assert metric_chart(made(points), chart_id="c").table.rows == (
        ("April 2024", "5%"),
        ("June 2024", "-"),
        ("July 2024", "6.25%"),
    )


def test_the_table_names_special_causes_and_rounds_spc_to_one_more_place(seed):
    table = metric_chart(data_for(seed, "1/2.1", SEPTEMBER), chart_id="c").table
    assert table.columns == (
        "Month",
        "Figure",
        "SPC mean",
        "Lower limit",
        "Upper limit",
        "SPC signal",
    )
    assert table.rows[-1] == (
        "September 2024",
        "88.9%",
        "82.72%",
        "76.76%",
        "88.68%",
        "Special cause: concern",
    )


# The sparkline ---------------------------------------------------------------------------


def test_the_sparkline_is_small_decorative_and_hidden(ehcp):
    svg = sparkline(ehcp)
    root = parse(svg)
    assert root.get("aria-hidden") == "true" and root.get("focusable") == "false"
    assert (root.get("width"), root.get("height"), root.get("viewBox")) == (
        "120",
        "32",
        "0 0 120 32",
    )
    assert "role" not in root.attrib and "style" not in svg
    assert {local(e.tag) for e in root.iter()} == {"svg", "path", "circle"}
    assert len(svg) < 600


def test_the_sparkline_breaks_where_a_figure_is_not_available_and_is_empty_without_figures():
    points = series("5", "6", None, "7", "8")
    (path,) = parse(sparkline(made(points))).iter(f"{NS}path")
    assert path.get("d", "").count("M") == 2
    empty = parse(sparkline(made([point(m, None) for m in months(3)]), width=60, height=20))
    assert [local(e.tag) for e in empty.iter()] == ["svg"]
    assert empty.get("aria-hidden") == "true"


def test_sparklines_are_deterministic(ehcp):
    assert sparkline(ehcp) == sparkline(ehcp)
