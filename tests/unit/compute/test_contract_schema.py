"""The contracts as a Table Schema say what the checks say: extracts the product accepts keep to
it, and values the product refuses break it."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from scorecard.compute.contract_schema import contracts_datapackage
from scorecard.compute.contracts import ColumnType, contracts
from scorecard.compute.synth.generate import write_synthetic
from scorecard.domain.periods import Month


def problems(resource: dict[str, Any], path: Path) -> list[str]:
    """What a Table Schema validator would find in the CSV file (types, required, codes, key)."""
    schema = resource["schema"]
    fields = {f["name"]: f for f in schema["fields"]}
    found, keys = [], set()
    with path.open(newline="", encoding="utf-8") as handle:
        for number, row in enumerate(csv.DictReader(handle), start=1):
            for name, field in fields.items():
                cell = row[name]
                if cell in schema["missingValues"]:
                    if field["constraints"]["required"]:
                        found.append(f"row {number}: {name} missing")
                    continue
                if not _parses(field, cell):
                    found.append(f"row {number}: {name} not {field['type']}")
                elif cell not in field["constraints"].get("enum", [cell]):
                    found.append(f"row {number}: {name} not allowed")
            key = tuple(row[k] for k in schema["primaryKey"])
            if key in keys:
                found.append(f"row {number}: key repeated")
            keys.add(key)
    return found


def _parses(field: dict[str, Any], cell: str) -> bool:
    try:
        match field["type"]:
            case "date":
                return len(cell) == 10 and bool(dt.date.fromisoformat(cell))
            case "integer":
                return str(int(cell)) == cell
            case "boolean":
                return cell in field["trueValues"] + field["falseValues"]
        return True
    except ValueError:
        return False


@pytest.fixture(scope="module")
def extracts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("extracts")
    write_synthetic(folder, scale="la", months=3, seed=5, end=Month(2024, 12))
    return folder / "csv"


def resources() -> dict[str, dict[str, Any]]:
    package = contracts_datapackage()
    return {r["name"]: r for r in package["resources"]}  # type: ignore[attr-defined]


def test_every_column_is_described_as_its_contract_says() -> None:
    for name, contract in contracts().items():
        fields = resources()[name]["schema"]["fields"]
        for field, column in zip(fields, contract.columns, strict=True):
            assert field["name"] == column.name
            assert field["constraints"]["required"] is not column.nullable
            assert field["constraints"].get("enum", []) == list(column.codes)
            assert (field["type"] == "string") is (
                column.type in (ColumnType.STRING, ColumnType.CODE)
            )


@pytest.mark.parametrize("name", list(contracts()))
def test_synthetic_extracts_keep_to_the_schema(extracts: Path, name: str) -> None:
    path = extracts / f"{name}.csv"
    assert path.stat().st_size > 100
    assert problems(resources()[name], path) == []


@pytest.mark.parametrize(
    ("column", "value", "found"),
    [
        ("exclusion_type", "EXPELLED", "exclusion_type not allowed"),
        ("exclusion_date", "15/04/2024", "exclusion_date not date"),
        ("person_id", "", "person_id missing"),
    ],
)
def test_values_the_checks_refuse_break_the_schema(
    extracts: Path, tmp_path: Path, column: str, value: str, found: str
) -> None:
    rows = list(csv.DictReader((extracts / "exclusions.csv").open(newline="")))
    rows[1][column] = value
    path = tmp_path / "exclusions.csv"
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    assert problems(resources()["exclusions"], path) == [f"row 2: {found}"]


def test_each_extract_names_the_recipes_that_read_it() -> None:
    """Another area's provider reads which recipes (which its plan names) need the extract;
    the bundled plan's metric ids are West Sussex's, so they are named as the bundled plan's."""
    resources = {r["name"]: r for r in contracts_datapackage()["resources"]}
    assert all(extract.recipes for extract in contracts().values())
    assert resources["ehc_needs_assessments"]["description"].endswith(
        "Read by recipes ehcp_weeks_to_plan, ehcp_within_weeks (the bundled West Sussex plan's "
        "metrics 3.1, 3.2). final_plan_issued_date is never before request_received_date."
    )
