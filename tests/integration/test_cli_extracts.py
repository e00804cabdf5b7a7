"""`scorecard extracts check` and `schema` in a real process: a data provider's folder checked
against the contracts without a plan or a store, and the contracts written as a Data Package."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import duckdb
import jsonschema
import pytest

from scorecard.compute.contracts import contracts
from scorecard.compute.synth.generate import write_synthetic
from scorecard.domain.periods import Month
from tests.integration.cli_helpers import run_scorecard
from tests.unit.publish.datapackage_profile import TABULAR_DATA_PACKAGE


@pytest.fixture(scope="module")
def extracts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("extracts")
    write_synthetic(folder, scale="la", months=3, seed=11, end=Month(2024, 12))
    return folder


def _check(folder: Path, *more: str, store: Path):
    return run_scorecard("extracts", "check", str(folder), *more, data_dir=store)


def test_a_folder_that_meets_the_contracts(extracts: Path, tmp_path: Path) -> None:
    text = _check(extracts / "csv", store=tmp_path)
    assert text.returncode == 0, text.stderr
    lines = text.stdout.splitlines()
    assert lines[0] == f"The extracts in {extracts / 'csv'} meet their contracts:"
    assert len(lines) == 1 + len(contracts())
    found = _check(extracts, "--format", "json", store=tmp_path)
    assert found.returncode == 0, found.stderr
    checked = {e["name"]: e for e in json.loads(found.stdout)}
    assert set(checked) == set(contracts())
    placements = checked["ehcp_placements"]
    assert placements["file"] == "ehcp_placements.parquet"
    path = extracts / "ehcp_placements.parquet"
    assert placements["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert placements["la_codes"] == ["938"] and placements["duplicates_dropped"] == 0
    line = next(x for x in lines if x.startswith("  ehcp_placements.csv "))
    said = f"ehcp_placements.csv {placements['rows']:,} rows, 0 exact copies dropped, 1 authority"
    assert " ".join(line.split()) == said
    assert list(tmp_path.iterdir()) == []  # no store made


def test_an_extract_with_no_records_is_said_to_have_none(extracts: Path, tmp_path: Path) -> None:
    """A header alone meets the contract, but every count from it would read 0: said so."""
    folder = tmp_path / "header-only"
    shutil.copytree(extracts / "csv", folder)
    path = folder / "exclusions.csv"
    path.write_text(path.read_text().splitlines()[0] + "\n")
    result = _check(folder, store=tmp_path)
    assert result.returncode == 0, result.stderr
    line = next(x for x in result.stdout.splitlines() if x.startswith("  exclusions.csv "))
    assert line.endswith(
        "0 rows, 0 exact copies dropped, 0 authorities: no records, so counts from it would be "
        "0; is it complete?"
    )
    others = [x for x in result.stdout.splitlines()[1:] if not x.startswith("  exclusions.csv ")]
    assert others and not any("no records" in x for x in others)


def test_copies_dropped_are_counted_in_words(extracts: Path, tmp_path: Path) -> None:
    folder = tmp_path / "copies"
    shutil.copytree(extracts / "csv", folder)
    for name, copies in (("exclusions.csv", 1), ("ehcp_placements.csv", 2)):
        path = folder / name
        lines = path.read_text().splitlines()
        path.write_text("\n".join([*lines, *[lines[1]] * copies]) + "\n")
    result = _check(folder, store=tmp_path)
    assert result.returncode == 0, result.stderr
    said = {x.split()[0]: " ".join(x.split()[1:]) for x in result.stdout.splitlines()[1:]}
    assert ", 1 exact copy dropped, " in said["exclusions.csv"]
    assert ", 2 exact copies dropped, " in said["ehcp_placements.csv"]


def test_one_extract_is_checked_when_named(extracts: Path, tmp_path: Path) -> None:
    found = _check(extracts / "csv", "--extract", "exclusions", "--format", "json", store=tmp_path)
    assert found.returncode == 0, found.stderr
    assert [e["name"] for e in json.loads(found.stdout)] == ["exclusions"]


def test_problems_are_all_named_with_exit_1(extracts: Path, tmp_path: Path) -> None:
    folder = tmp_path / "sent"
    shutil.copytree(extracts / "csv", folder)
    exclusions = folder / "exclusions.csv"
    header, first, *rest = exclusions.read_text().splitlines()
    cells = first.split(",")
    cells[header.split(",").index("exclusion_type")] = "EXPELLED"
    exclusions.write_text("\n".join([header, ",".join(cells), *rest]) + "\n")
    shutil.copy(folder / "ap_episodes.csv", folder / "ap_episode.csv")
    result = _check(folder, store=tmp_path / "store")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "exclusions.csv: column exclusion_type holds unknown codes" in result.stderr
    assert "1 row (row 1)" in result.stderr and "EXPELLED" not in result.stderr
    assert 'ap_episode.csv: not named after an extract (is "ap_episodes" meant?)' in result.stderr
    assert not (tmp_path / "store").exists()
    named = _check(folder, "--extract", "ap_episodes", store=tmp_path / "store")
    assert named.returncode == 0, named.stderr  # only the extract named is checked


def test_an_extract_saved_in_another_form_is_named(extracts: Path, tmp_path: Path) -> None:
    """A spreadsheet, or .CSV in capitals, is not read: the folder does not meet the contracts."""
    folder = tmp_path / "sent"
    folder.mkdir()
    shutil.copy(extracts / "csv" / "exclusions.csv", folder)
    shutil.copy(extracts / "csv" / "ap_episodes.csv", folder / "ap_episodes.xlsx")
    shutil.copy(extracts / "csv" / "ehcp_audits.csv", folder / "ehcp_audits.CSV")
    result = _check(folder, store=tmp_path / "store")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    for name in ("ap_episodes", "ehcp_audits"):
        assert f"an extract is read only from {name}.csv (UTF-8 CSV) or {name}.parquet" in (
            result.stderr
        )


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--extract", "exclusion"), 'no extract named exclusion (is "exclusions" meant?)'),
        (("--format", "xml"), "'--format'"),
    ],
)
def test_bad_options(extracts: Path, tmp_path: Path, args: tuple[str, ...], words: str) -> None:
    result = _check(extracts / "csv", *args, store=tmp_path)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert words in result.stderr


def test_folders_without_the_extracts(extracts: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    said = _check(empty, store=tmp_path)
    assert said.returncode == 1 and "holds no extracts" in said.stderr
    nowhere = _check(tmp_path / "nowhere", store=tmp_path)
    assert nowhere.returncode == 1 and "is not a folder of extracts" in nowhere.stderr
    some = tmp_path / "some"
    some.mkdir()
    shutil.copy(extracts / "csv" / "exclusions.csv", some)
    missing = _check(some, "--extract", "ap_episodes", store=tmp_path)
    assert missing.returncode == 1
    assert f"{some} holds neither ap_episodes.csv nor ap_episodes.parquet" in missing.stderr


def test_a_csv_file_whose_line_1_is_not_its_header_is_named_without_what_it_holds(
    extracts: Path, tmp_path: Path
) -> None:
    """A file saved without its header row has a record on line 1, and one with a title above
    the header may have a name there: neither is shown as if it were column names."""
    folder = tmp_path / "sent"
    shutil.copytree(extracts / "csv", folder)
    headless = folder / "autism_referrals.csv"
    header, first, *rest = headless.read_text().splitlines()
    cells = first.split(",")
    cells[header.split(",").index("person_id")] = "PCANARY0001"
    headless.write_text("\n".join([",".join(cells), *rest]) + "\n")
    titled = folder / "exclusions.csv"
    titled.write_text("Exclusions for Jane Canary, autumn term\n" + titled.read_text())
    semicolons = folder / "ap_episodes.csv"
    semicolons.write_text(semicolons.read_text().replace(",", ";"))
    result = _check(folder, store=tmp_path / "store")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    missing = "is the header row missing, or is there a title above it?"
    separated = "are its cells separated by semicolons, tabs or bars rather than commas?"
    for name, why in [
        ("autism_referrals", missing),
        ("exclusions", missing),
        ("ap_episodes", separated),
    ]:
        columns = ", ".join(contracts()[name].column_names)
        said = f"{name}.csv: line 1 names none of the contract's columns ({columns}), so it "
        assert f"{said}is not the header row: {why}" in result.stderr
    assert "CANARY" not in result.stderr.upper() and cells[1] not in result.stderr
    assert "is missing" not in result.stderr and "la_code;" not in result.stderr


def test_column_names_are_shown_with_what_would_not_print_escaped(
    extracts: Path, tmp_path: Path
) -> None:
    """A column the contract does not have is named, but a terminal's escape codes or a
    direction mark in its name are written out, not sent to the terminal."""
    folder = tmp_path / "sent"
    folder.mkdir()
    lines = (extracts / "csv" / "exclusions.csv").read_text().splitlines()
    path = folder / "exclusions.csv"
    path.write_text("\n".join([lines[0] + ",\x1b[2Jnotes\u202e", *(x + ",x" for x in lines[1:])]))
    result = _check(folder, store=tmp_path / "store")
    assert result.returncode == 1
    said = "exclusions.csv: column \\x1b[2Jnotes\\u202e is not in the contract for exclusions"
    assert said in result.stderr
    assert "\x1b" not in result.stderr and "\u202e" not in result.stderr


def test_a_parquet_date_after_9999_is_a_date_like_any_other(extracts: Path, tmp_path: Path) -> None:
    """Python's dates end in 9999, DuckDB's and Parquet's do not: a snapshot date beyond it
    (a key's date column) is checked, not an internal error."""
    folder = tmp_path / "sent"
    folder.mkdir()
    source = extracts / "ehcp_placements.parquet"
    duckdb.execute(
        "COPY (SELECT * REPLACE (CASE WHEN row_number() OVER () = 1 THEN DATE '9999-12-31' "
        f"+ 1000 ELSE snapshot_date END AS snapshot_date) FROM '{source}') "
        f"TO '{folder / source.name}' (FORMAT PARQUET)"
    )
    result = _check(folder, "--format", "json", store=tmp_path / "store")
    assert result.returncode == 0, result.stderr
    rows = duckdb.execute(f"SELECT count(*) FROM '{source}'").fetchone()
    checked = json.loads(result.stdout)[0]
    assert rows is not None and (checked["rows"], checked["duplicates_dropped"]) == (rows[0], 0)


def test_files_that_cannot_be_read_are_named(extracts: Path) -> None:
    """A file its mode shuts the provider out of is named, not an internal error, nor "damaged".
    Root reads any file, so as root the command runs as nobody (setpriv, util-linux)."""
    as_nobody = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"]
    if os.geteuid() == 0 and shutil.which("setpriv") is None:
        pytest.skip("needs setpriv to run as someone other than root")
    folder = Path(tempfile.mkdtemp(prefix="unreadable-"))  # not under root's private tmp_path
    try:
        folder.chmod(0o755)
        shutil.copy(extracts / "csv" / "exclusions.csv", folder)
        shutil.copy(extracts / "ap_episodes.parquet", folder)
        for name in ("exclusions.csv", "ap_episodes.parquet"):
            (folder / name).chmod(0)
        result = subprocess.run(
            [*(as_nobody if os.geteuid() == 0 else []), sys.executable, "-m",
             "scorecard.cli.main", "extracts", "check", str(folder)],
            capture_output=True, text=True, check=False, timeout=120,
            env={**os.environ, "HOME": str(folder), "SCORECARD_DATA_DIR": str(folder / "data")},
        )  # fmt: skip
    finally:
        shutil.rmtree(folder)
    assert result.returncode == 1, result.stderr
    assert "exclusions.csv: cannot be read: Permission denied" in result.stderr
    assert "ap_episodes.parquet: cannot be read: Permission denied" in result.stderr


def test_the_schema_is_a_tabular_data_package_of_every_contract(tmp_path: Path) -> None:
    out = tmp_path / "extracts.json"
    result = run_scorecard("extracts", "schema", "--out", str(out), data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    package = json.loads(out.read_text())
    jsonschema.Draft7Validator(TABULAR_DATA_PACKAGE).validate(package)
    resources = {r["name"]: r for r in package["resources"]}
    assert list(resources) == list(contracts())
    for name, contract in contracts().items():
        schema = resources[name]["schema"]
        assert [f["name"] for f in schema["fields"]] == list(contract.column_names)
        assert schema["primaryKey"] == list(contract.key)
    printed = run_scorecard("extracts", "schema", data_dir=tmp_path)
    assert json.loads(printed.stdout) == package
