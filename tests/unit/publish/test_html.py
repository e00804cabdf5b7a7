"""The rendered scorecard reproduces the published tables, area by area."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from scorecard.domain.errors import ScorecardError
from scorecard.domain.periods import Month
from scorecard.planfiles.reader import read_plan
from scorecard.publish.html import render_html
from scorecard.publish.report import build_report
from tests.fixtures import published_seed as seed
from tests.unit.publish.html_tables import read_tables

HEADER = [
    "Metric ID",
    "KPI",
    "Unit of measure",
    "Frequency",
    "Baseline (March 24)",
    "Target 24-25",
    "Apr 24",
    "May 24",
    "Jun 24",
    "Jul 24",
    "Aug 24",
    "Sep 24",
    "Rating",
    "Direction of travel",
    "SPC",
]
MONTHS = slice(6, -3)


@pytest.fixture(scope="module")
def reading():
    return read_plan(Path(__file__).resolve().parents[3] / "plans" / "west-sussex-2024-27")


@pytest.fixture(scope="module")
def page(reading) -> str:
    return render_html(build_report(reading.plan, reading.figures, Month(2024, 9)))


def _scorecard_tables(page: str) -> list[dict[str, object]]:
    return [t for t in read_tables(page) if "monthly figures" in str(t["caption"])]


def _shown(cell: str, metric_id: str) -> str:
    """The fixture's cell as the page shows it: percentages with a % sign."""
    if cell in ("/", "-") or seed.UNIT_LABELS[metric_id] != "%":
        return cell
    return f"{cell}%"


def test_one_table_per_section_with_the_published_columns(page: str) -> None:
    tables = _scorecard_tables(page)
    assert [t["caption"].split(":")[0] for t in tables] == [
        "Areas of improvement 1 and 2",
        "Area of improvement 3",
        "Area of improvement 4",
        "Area of improvement 5",
    ]
    for table in tables:
        assert table["rows"][0] == HEADER


def test_every_month_cell_matches_the_published_scorecard(page: str) -> None:
    rows = {row[0]: row for t in _scorecard_tables(page) for row in t["rows"][1:]}
    assert len(rows) == 22
    for (metric_id, component), cells in seed.CELLS.items():
        if component:
            continue
        row = rows[metric_id]
        assert row[1] == seed.KPI_TITLES[metric_id]
        assert row[2] == seed.UNIT_LABELS[metric_id]
        assert row[3] == seed.FREQUENCIES[metric_id].capitalize()
        assert row[MONTHS] == [_shown(c, metric_id) for c in cells], metric_id


def test_the_two_part_metric_shares_one_row_as_published(page: str) -> None:
    rows = {row[0]: row for t in _scorecard_tables(page) for row in t["rows"][1:]}
    row = rows["4.1"]
    assert row[4] == "SSCs 372 / SS 1,565"
    assert row[5] == "SSCs 63 / SS 10"
    assert row[MONTHS] == ["/", "/", "SSCs 12 / SS -", "/", "/", "/"]


@pytest.mark.parametrize(
    ("metric_id", "baseline", "target"),
    [
        ("1/2.1", "88% (Dec 23)", "No target available"),
        ("3.2", "44.35", "34"),
        ("4.5", "99 (Spring Census 23-24)", "94"),
        ("5.2", "TBD", "17.5"),
        ("5.5", "88.4% (3m average of Dec 22, Jan 23 and Feb 23)", "89.4%"),
    ],
)
def test_baselines_and_targets_as_published(page: str, metric_id, baseline, target) -> None:
    rows = {row[0]: row for t in _scorecard_tables(page) for row in t["rows"][1:]}
    assert rows[metric_id][4:6] == [baseline, target]


def test_symbols_are_explained(page: str) -> None:
    assert re.search(r"<dt>/</dt><dd>No figure is scheduled", page)
    assert re.search(r"<dt>-</dt><dd>The figure was not available at the time of publishing", page)
    assert '<abbr title="No figure is scheduled' in page


def test_definitions_and_areas_tables(page: str) -> None:
    tables = read_tables(page)
    definitions = next(t for t in tables if "defined" in str(t["caption"]))
    assert [r[0] for r in definitions["rows"][1:]] == list(seed.KPI_TITLES)
    areas = next(t for t in tables if "partner working groups" in str(t["caption"]))
    assert [r[2] for r in areas["rows"][1:]] == ["1", "1", "2", "3 and 4", "5 and 6"]


def test_the_page_is_self_contained_and_accessible_in_structure(page: str) -> None:
    assert '<html lang="en-GB">' in page
    assert not re.search(r'(src|href)="(https?:)?//', page), "no external resources"
    assert "<link" not in page and "<script" not in page
    assert page.count("<h1>") == 1
    assert all('scope="col"' in h for h in re.findall(r"<th[^>]*>Metric ID", page))


def test_an_earlier_month_shows_the_year_to_date(reading) -> None:
    page = render_html(build_report(reading.plan, reading.figures, Month(2024, 6)))
    header = _scorecard_tables(page)[0]["rows"][0]
    assert header[MONTHS] == ["Apr 24", "May 24", "Jun 24"]


def test_a_later_month_shows_due_months_as_not_available(reading) -> None:
    page = render_html(build_report(reading.plan, reading.figures, Month(2024, 10)))
    rows = {row[0]: row for t in _scorecard_tables(page) for row in t["rows"][1:]}
    assert rows["3.1"][MONTHS][-1] == "-" and rows["3.6"][MONTHS][-1] == "/"


def test_a_month_outside_the_plan_is_refused(reading) -> None:
    with pytest.raises(ScorecardError, match="2027-04 is outside plan west-sussex-2024-27"):
        build_report(reading.plan, reading.figures, Month(2027, 4))


def test_definitions_say_which_way_is_better(page: str) -> None:
    tables = read_tables(page)
    definitions = {
        r[0]: r[3] for r in next(t for t in tables if "defined" in str(t["caption"]))["rows"][1:]
    }
    assert "Lower is better. The title mixes two NHS measures." in definitions["1/2.1"]
    assert "Higher is better." in definitions["3.1"]


@pytest.mark.parametrize(
    ("metric_id", "rating", "direction", "spc"),
    [
        # 12.8% < target 49% and < trajectory 8.4 + (49 - 8.4) * 6 / 12 = 28.7%; up from 9.3%;
        # limits 10.5 +- 2.66 * 2.1 = 4.914 to 16.086, all below the target of 49.
        ("3.1", "✗ Red", "↑ Improving", "Common cause; consistently failing"),
        # 50.2% >= 50%; up from 49.9%
        ("4.2", "✓ Green", "↑ Improving", "Common cause; hit and miss"),
        # 94% < 95% but above the trajectory 83.3 + 11.7 / 2 = 89.15 -> 89.2%; down from 97.6%
        ("3.5", "▲ Amber", "↓ Worsening", "Common cause; hit and miss"),
        ("1/2.1", "– No rating", "↑ Worsening", "Concern (high)"),
        ("5.6", "✗ Red", "– No comparison", "No SPC"),
    ],
)
def test_each_row_shows_rating_direction_and_spc_in_words(
    page: str, metric_id, rating, direction, spc
) -> None:
    rows = {row[0]: row for t in _scorecard_tables(page) for row in t["rows"][1:]}
    assert rows[metric_id][-3:] == [rating, direction, spc]


def test_the_reasons_are_given_in_words(page: str) -> None:
    tables = [t for t in read_tables(page) if "in words" in str(t["caption"])]
    reasons = {r[0]: r for t in tables for r in t["rows"][1:]}
    assert reasons["3.1"][1] == (
        "Red: 12.8% is below the 2024-25 target of 49% and below the trajectory of 28.7% "
        "for September 2024."
    )
    assert "4.1 SSCs" in reasons and "4.1 SS" in reasons
    assert len(reasons) == 23


def test_the_rating_legend_follows_the_plans_rules(page: str) -> None:
    assert "<dt>✓ Green</dt><dd>The figure meets the year&#x27;s target.</dd>" in page
    assert (
        "<dt>▲ Amber</dt><dd>It is on the trajectory from the baseline towards the target or "
        "it is within the metric&#x27;s tolerance of the target.</dd>"
    ) in page
