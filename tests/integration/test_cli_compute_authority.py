"""`scorecard compute` and the plan's own local authority (plan.yaml's la_code, West Sussex 938):
computed without --la even from extracts holding several, and no other authority's figures
stored in the plan (both codes named, exit 1, nothing stored); another authority's figures may
still be written to a file. A plan that names none takes the one authority the extracts hold."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

from scorecard.compute.synth.generate import write_synthetic
from scorecard.domain.periods import Month
from tests.conftest import BUNDLED_PLAN
from tests.integration.cli_helpers import computed_rows, load_plan, run_scorecard

PLAN_ID = "west-sussex-2024-27"
EHC = "ehc_needs_assessments.csv"


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("extracts")
    write_synthetic(folder, scale="la", months=3, seed=7, end=Month(2024, 12))
    return folder / "csv" / EHC


def _extracts(synthetic: Path, folder: Path, codes: tuple[str, ...]) -> Path:
    """The EHC needs assessments extract (all 3.1 reads) for each of `codes`: 938's records,
    copied as each other authority's (with request ids of its own)."""
    folder.mkdir()
    header, *rows = synthetic.read_text().splitlines()
    assert all(row.startswith("938,") for row in rows)
    lines = [header] + [
        row if code == "938" else f"{code},Z{code}{row[5:]}" for code in codes for row in rows
    ]
    (folder / EHC).write_text("\n".join(lines) + "\n")
    return folder


def _compute(store: Path, folder: Path, *more: str):
    args = ["compute", str(folder), "--plan", PLAN_ID, "--metric", "3.1"]
    return run_scorecard(*args, "--from", "2024-10", "--to", "2024-12", *more, data_dir=store)


def _runs(store: Path) -> list[str]:
    shown = run_scorecard("computations", "--plan", PLAN_ID, "--format", "json", data_dir=store)
    return [run["la_code"] for run in json.loads(shown.stdout)]


def test_the_plans_own_authority_is_computed_among_several(synthetic, tmp_path) -> None:
    store = load_plan(BUNDLED_PLAN, tmp_path / "store")
    folder = _extracts(synthetic, tmp_path / "two", ("939", "938"))
    result = _compute(store, folder)
    assert result.returncode == 0, result.stderr
    assert "for 938" in result.stdout
    assert _runs(store) == ["938"]


@pytest.mark.parametrize(
    ("codes", "more", "words"),
    [
        (
            ("939",),
            (),
            [
                "no records for local authority 938 (plan west-sussex-2024-27 is for local "
                "authority 938, as its plan.yaml says); they hold: 939"
            ],
        ),
        (
            (),
            (),
            [
                "no records for local authority 938 (plan west-sussex-2024-27 is for local "
                "authority 938, as its plan.yaml says); they hold no records at all"
            ],
        ),
        (
            ("938", "939"),
            ("--la", "939"),
            [
                "plan west-sussex-2024-27 is for local authority 938",
                "local authority 939",
                "--out FILE.csv",
            ],
        ),
    ],
    ids=["another-authoritys-folder", "no-records-at-all", "another-authority-named"],
)
def test_another_authoritys_figures_are_notcomputed_rows(synthetic, tmp_path, codes, more, words):
    store = load_plan(BUNDLED_PLAN, tmp_path / "store")
    before = computed_rows(store)
    result = _compute(store, _extracts(synthetic, tmp_path / "other", codes), *more)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    for word in words:
        assert word in result.stderr, result.stderr
    assert computed_rows(store) == before


def test_another_authority_may_be_written_to_a_file(synthetic, tmp_path) -> None:
    store = load_plan(BUNDLED_PLAN, tmp_path / "store")
    before = computed_rows(store)
    out = tmp_path / "939.csv"
    folder = _extracts(synthetic, tmp_path / "two", ("938", "939"))
    result = _compute(store, folder, "--la", "939", "--out", str(out))
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(out.open()))
    assert [r["period"] for r in rows] == ["2024-10", "2024-11", "2024-12"]
    assert computed_rows(store) == before
    assert _compute(store, folder, "--la", "938").returncode == 0  # its own, named


def test_a_plan_without_an_authority_takes_the_extracts_one(synthetic, tmp_path) -> None:
    plan = tmp_path / "plan"
    shutil.copytree(BUNDLED_PLAN, plan)
    text = (plan / "plan.yaml").read_text()
    assert 'la_code: "938"' in text
    (plan / "plan.yaml").write_text(text.replace('la_code: "938"', "# no la_code"))
    store = load_plan(plan, tmp_path / "store")
    several = _compute(store, _extracts(synthetic, tmp_path / "two", ("938", "939")))
    assert several.returncode == 1 and "hold 2 local authorities" in several.stderr
    result = _compute(store, _extracts(synthetic, tmp_path / "other", ("939",)))
    assert result.returncode == 0, result.stderr
    assert _runs(store) == ["939"]


@pytest.mark.parametrize("to_a_file", [False, True], ids=["stored", "to-a-file"])
def test_extracts_without_any_records_compute_nothing(synthetic, tmp_path, to_a_file) -> None:
    plan = tmp_path / "plan"
    shutil.copytree(BUNDLED_PLAN, plan)
    text = (plan / "plan.yaml").read_text()
    (plan / "plan.yaml").write_text(text.replace('la_code: "938"', "# no la_code"))
    store = load_plan(plan, tmp_path / "store")
    before = computed_rows(store)
    out = tmp_path / "figures.csv"
    more = ("--out", str(out)) if to_a_file else ()
    result = _compute(store, _extracts(synthetic, tmp_path / "none", ()), *more)
    assert result.returncode == 1, result.stderr
    assert "the extracts hold no records at all: there is nothing to compute" in result.stderr
    assert computed_rows(store) == before
    assert not out.exists()
