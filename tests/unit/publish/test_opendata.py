"""The open data of a release: data.csv with the Analysis Function symbols, and the Data
Package describing it."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import jsonschema
import pytest

from scorecard.domain.figures import FigureStatus
from scorecard.domain.periods import Month
from scorecard.publish.opendata import COLUMNS, render_data_csv, render_datapackage
from scorecard.publish.report import ScorecardReport, build_report
from tests.unit.publish import release_reports as reports
from tests.unit.publish.datapackage_profile import TABULAR_DATA_PACKAGE

Key = tuple[str, str, str]


def _rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))


def _by_key(data: bytes) -> dict[Key, dict[str, str]]:
    return {(r["metric_id"], r["component"], r["period"]): r for r in _rows(data)}


@pytest.fixture(scope="module")
def release() -> ScorecardReport:
    return reports.west_sussex_release()


@pytest.fixture(scope="module")
def marked() -> ScorecardReport:
    return reports.marked_report()


@pytest.fixture(scope="module")
def marked_rows(marked: ScorecardReport) -> dict[Key, dict[str, str]]:
    return _by_key(render_data_csv(marked))


def _key(key: tuple[str, str, Month]) -> Key:
    return key[0], key[1], str(key[2])


# data.csv


def test_one_row_per_metric_component_and_month_of_the_year_to_date(
    release: ScorecardReport,
) -> None:
    rows = _rows(render_data_csv(release))
    expected = [
        (metric.id, component, str(month))
        for metric in release.plan.metrics
        for component in metric.component_ids()
        for month in release.months
    ]
    assert [(r["metric_id"], r["component"], r["period"]) for r in rows] == expected
    assert len(rows) == 23 * 6  # 22 metrics, one of them in two parts
    assert {r["reporting_period"] for r in rows} == {"2024-09"}
    assert {r["release_version"] for r in rows} == {"1"}


def test_the_header_is_the_documented_columns(release: ScorecardReport) -> None:
    header = render_data_csv(release).decode("utf-8").splitlines()[0]
    assert header.split(",") == list(COLUMNS)


def test_values_are_the_recorded_figures_as_written(release: ScorecardReport) -> None:
    _, figures = reports.bundled()
    rows = _by_key(render_data_csv(release))
    recorded = [f for f in figures if f.status is FigureStatus.VALUE]
    assert recorded
    for figure in recorded:
        row = rows[_key(figure.key)]
        assert row["value"] == str(figure.value), figure.key
        assert Decimal(row["value"]) == figure.value
        assert row["status"] == "value"
    assert rows[("4.1", "ssc", "2024-06")]["value"] == "12"
    assert rows[("3.2", "", "2024-09")]["value"] == "41.71"


def test_the_value_column_is_numeric_and_empty_where_a_symbol_stands_for_it(
    marked_rows: dict[Key, dict[str, str]],
) -> None:
    for row in marked_rows.values():
        if row["value"]:
            Decimal(row["value"])  # raises when not a number
        else:
            assert re.fullmatch(r"\[[cxz]\]( \[r\])?", row["symbol"]), row


@pytest.mark.parametrize(
    ("key", "symbol", "status"),
    [
        (("3.6", "", "2024-04"), "[z]", "not_due"),
        (("4.1", "special_school", "2024-06"), "[x]", "not_available"),
        (("4.3", "", "2024-05"), "[x]", "not_available"),
        (("3.1", "", "2024-09"), "[c]", "suppressed"),
        (("3.3", "", "2024-09"), "[c]", "value"),
        (("3.2", "", "2024-09"), "[p]", "value"),
        (("3.4", "", "2024-09"), "[e] [p]", "value"),
        (("3.5", "", "2024-07"), "[r]", "value"),
        (("3.2", "", "2024-08"), "[r]", "value"),
        (("1/2.1", "", "2024-08"), "[u] [r]", "value"),
        (("1/2.1", "", "2024-07"), "[u]", "value"),
        (("4.4", "", "2024-09"), "[x] [r]", "not_available"),
        (("3.2", "", "2024-07"), "", "value"),
    ],
)
def test_symbols(
    marked_rows: dict[Key, dict[str, str]], key: Key, symbol: str, status: str
) -> None:
    row = marked_rows[key]
    assert (row["symbol"], row["status"]) == (symbol, status)


def test_a_suppressed_figure_shows_no_number_and_says_what_was_withheld(
    marked_rows: dict[Key, dict[str, str]],
) -> None:
    whole = marked_rows[_key(reports.SUPPRESSED)]
    assert (whole["value"], whole["numerator"], whole["denominator"]) == ("", "", "")
    assert whole["withheld"] == "denominator;numerator;value"
    counts = marked_rows[_key(reports.COUNTS_WITHHELD)]
    assert (counts["value"], counts["numerator"], counts["denominator"]) == ("18.3", "", "")
    assert counts["withheld"] == "denominator;numerator"


def test_a_public_csv_holds_no_withheld_number_anywhere() -> None:
    withheld = (*reports.SUPPRESSED_NUMBERS, *reports.WITHHELD_COUNTS)
    shown = render_data_csv(reports.marked_report(suppress=False)).decode("utf-8")
    assert all(number in shown for number in withheld)  # so the check below can fail
    public = render_data_csv(reports.marked_report()).decode("utf-8")
    for number in withheld:
        assert number not in public


def test_the_assessment_is_on_the_reporting_months_rows_only(
    release: ScorecardReport,
) -> None:
    rows = _by_key(render_data_csv(release))
    assert rows[("3.5", "", "2024-09")]["rating"] == "amber"
    assert rows[("3.2", "", "2024-09")]["direction"] == "improving"
    assert rows[("3.2", "", "2024-09")]["spc_variation"] == "improvement_low"
    assert rows[("3.2", "", "2024-09")]["spc_assurance"] == "fail"
    assert rows[("4.1", "special_school", "2024-09")]["rating"] == "none"
    assert all(
        not (r["rating"] or r["direction"] or r["spc_variation"])
        for key, r in rows.items()
        if key[2] != "2024-09"
    )


def test_not_a_release_has_no_version() -> None:
    plan, figures = reports.bundled()
    report = build_report(plan, figures, reports.SEPTEMBER)
    assert {r["release_version"] for r in _rows(render_data_csv(report))} == {""}
    package = json.loads(render_datapackage(report))
    assert "version" not in package
    assert package["created"] == "2024-09-30T00:00:00Z"


# datapackage.json


@pytest.mark.parametrize(
    ("title", "local_area", "named"),
    [
        (
            "Inclusion Improvement Plan 2025-28",
            "Dyffryn Gŵyr",
            "The figures of Inclusion Improvement Plan 2025-28, Dyffryn Gŵyr, for",
        ),
        (
            "Dyffryn Gŵyr Local Area SEND Scorecard",
            "Dyffryn Gŵyr",
            "The figures of Dyffryn Gŵyr Local Area SEND Scorecard for",
        ),
    ],
)
def test_the_description_names_the_plan_by_its_own_title(
    title: str, local_area: str, named: str
) -> None:
    """Not every plan is a "SEND improvement plan scorecard": the package says what this
    plan calls itself, and its local area unless the title names it."""
    plan, figures = reports.bundled()
    plan = plan.model_copy(update={"title": title, "local_area": local_area})
    package = json.loads(render_datapackage(build_report(plan, figures, reports.SEPTEMBER)))
    assert package["description"].startswith(f"{named} April 2024 to September 2024: one row")
    assert "SEND improvement plan scorecard" not in package["description"]


def test_the_data_package_keeps_to_the_profile(release: ScorecardReport) -> None:
    package = json.loads(render_datapackage(release))
    jsonschema.Draft7Validator(TABULAR_DATA_PACKAGE).validate(package)


@pytest.mark.parametrize(
    ("change", "complaint"),
    [
        (lambda p: p.pop("resources"), "'resources' is a required property"),
        (lambda p: p.update(name="West Sussex"), "does not match"),
        (lambda p: p["resources"][0].update(path="../data.csv"), "is not valid"),
        (lambda p: p["resources"][0]["schema"]["fields"][0].update(type="text"), "is not one of"),
        (lambda p: p["licenses"][0].pop("name") and p["licenses"][0].pop("path"), "is not valid"),
    ],
)
def test_the_profile_check_finds_a_broken_package(
    release: ScorecardReport, change: Callable[[dict[str, Any]], object], complaint: str
) -> None:
    package = json.loads(render_datapackage(release))
    change(package)
    with pytest.raises(jsonschema.ValidationError, match=complaint):
        jsonschema.Draft7Validator(TABULAR_DATA_PACKAGE).validate(package)


def test_the_data_package_describes_the_csv_rendered_from_the_same_report(
    marked: ScorecardReport,
) -> None:
    data = render_data_csv(marked)
    package = json.loads(render_datapackage(marked))
    (resource,) = package["resources"]
    assert resource["path"] == "data.csv"
    assert resource["bytes"] == len(data)
    assert resource["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
    header = data.decode("utf-8").splitlines()[0].split(",")
    assert [f["name"] for f in resource["schema"]["fields"]] == header
    assert package["version"] == "2.0.0"
    assert package["created"] == "2024-10-31T00:00:00Z"


def test_every_cell_of_the_csv_keeps_to_its_field(marked: ScorecardReport) -> None:
    """What a Table Schema validator would check: types, closed sets, missing values."""
    package = json.loads(render_datapackage(marked))
    schema = package["resources"][0]["schema"]
    missing = set(schema["missingValues"])
    fields = {f["name"]: f for f in schema["fields"]}
    for row in _rows(render_data_csv(marked)):
        for name, text in row.items():
            if text in missing:
                continue
            field = fields[name]
            assert _keeps_to(field["type"], text), (name, text)
            allowed = field.get("constraints", {}).get("enum")
            assert allowed is None or text in allowed, (name, text)


def _keeps_to(kind: str, text: str) -> bool:
    patterns = {
        "integer": r"-?\d+",
        "number": r"-?\d+(\.\d+)?",
        "yearmonth": r"\d{4}-(0[1-9]|1[0-2])",
        "string": r"(?s).+",
    }
    return re.fullmatch(patterns[kind], text) is not None


def test_the_symbols_and_licence_are_explained(release: ScorecardReport) -> None:
    package = json.loads(render_datapackage(release))
    assert package["licenses"] == [
        {
            "name": "OGL-UK-3.0",
            "path": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
            "title": "Open Government Licence v3.0",
        }
    ]
    symbols = package["resources"][0]["schema"]["symbols"]
    assert [s["symbol"] for s in symbols] == ["[c]", "[x]", "[z]", "[u]", "[e]", "[p]", "[r]"]
    sources = [s["title"] for s in package["sources"]]
    assert "Mosaic" in sources and len(sources) == len(set(sources))


# Same report, same bytes; golden files


def test_the_same_report_gives_the_same_bytes() -> None:
    first, second = reports.west_sussex_release(), reports.west_sussex_release()
    assert render_data_csv(first) == render_data_csv(second)
    assert render_datapackage(first) == render_datapackage(second)


def test_data_csv_matches_its_golden_file(release: ScorecardReport) -> None:
    text = render_data_csv(release).decode("utf-8")
    reports.assert_matches_golden("data-west-sussex-2024-09.csv", text)


def test_datapackage_matches_its_golden_file(release: ScorecardReport) -> None:
    text = render_datapackage(release).decode("utf-8")
    reports.assert_matches_golden("datapackage-west-sussex-2024-09.json", text)
