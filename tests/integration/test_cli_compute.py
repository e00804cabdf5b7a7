"""`scorecard compute` in a real process: figures from synthetic extracts, to a file and into the
store with lineage; and every bad input ending in one clear message (file, column, row numbers,
never record contents), exit 1, and nothing stored."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import shutil
import sqlite3
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from scorecard.compute.synth.generate import write_synthetic
from scorecard.domain.periods import Month
from tests.conftest import BUNDLED_PLAN
from tests.integration.cli_helpers import computed_rows, run_scorecard

PLAN_ID = "west-sussex-2024-27"
EHC = "ehc_needs_assessments.csv"
JAVA_NOTICE = "WARNING: Using incubator modules"


@pytest.fixture(scope="module")
def extracts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("extracts")
    write_synthetic(folder, scale="la", months=3, seed=7, end=Month(2024, 12))
    return folder


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("loaded")
    result = run_scorecard("plan", "load", str(BUNDLED_PLAN), data_dir=folder)
    assert result.returncode == 0, result.stderr
    return folder / "scorecard.sqlite3"


@pytest.fixture
def store(loaded: Path, tmp_path: Path) -> Path:
    """A store holding the bundled plan, fresh for each test (a copy of one loaded once)."""
    shutil.copy(loaded, tmp_path / "scorecard.sqlite3")
    return tmp_path


def _exported(store: Path) -> list[dict[str, str]]:
    result = run_scorecard(
        "figures", "export", "--plan", PLAN_ID, "--format", "csv", data_dir=store
    )
    return list(csv.DictReader(io.StringIO(result.stdout)))


def _compute(store: Path, folder: Path, *more: str, months=("2024-10", "2024-12")):
    args = ["compute", str(folder), "--plan", PLAN_ID, "--from", months[0], "--to", months[1]]
    return run_scorecard(*args, *more, data_dir=store)


def test_figures_to_a_file(store: Path, extracts: Path, tmp_path: Path) -> None:
    out = tmp_path / "computed.csv"
    result = _compute(store, extracts, "--out", str(out))
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(out.open()))
    assert list(rows[0])[:6] == ["plan_id", "metric_id", "component", "period", "status", "value"]
    keys = {(r["metric_id"], r["component"], r["period"]) for r in rows}
    # 3.1 is due monthly; 3.6 only in May, so not in October to December; 5.4 has no recipe
    assert {("3.1", "", m) for m in ("2024-10", "2024-11", "2024-12")} <= keys
    assert not any(k[0] in ("3.6", "5.4", "5.5") for k in keys)
    value = next(r for r in rows if r["metric_id"] == "3.1" and r["period"] == "2024-12")
    assert value["status"] == "value" and 0 <= float(value["value"]) <= 100
    assert int(value["numerator"]) <= int(value["denominator"])


@pytest.mark.parametrize(
    ("months", "note"),
    [
        (
            ("2024-03", "2024-10"),
            "2024-03 is outside plan west-sussex-2024-27, which runs from "
            "2024-04 to 2027-03, so it was not computed",
        ),
        (
            ("2027-03", "2027-05"),
            "2027-04 to 2027-05 are outside plan west-sussex-2024-27, which "
            "runs from 2024-04 to 2027-03, so they were not computed",
        ),
    ],
    ids=["before", "after"],
)
def test_months_outside_the_plan_are_named_as_not_computed(
    store: Path, extracts: Path, tmp_path: Path, months: tuple[str, str], note: str
) -> None:
    out = tmp_path / "computed.csv"
    result = _compute(store, extracts, "--out", str(out), months=months)
    assert result.returncode == 0, result.stderr
    assert f"Note: {note}" in result.stderr.splitlines()
    periods = {r["period"] for r in csv.DictReader(out.open())}
    assert periods and all("2024-04" <= p <= "2027-03" for p in periods)


def test_an_extract_without_the_authority_s_records_is_named(
    store: Path, extracts: Path, tmp_path: Path
) -> None:
    """Exclusions holding only another authority's records: 4.5 and 4.6 count 0 for West
    Sussex, which would look like a term without exclusions, so the command says why."""
    folder = tmp_path / "partial"
    shutil.copytree(extracts / "csv", folder)
    path = folder / "exclusions.csv"
    header, *rows = path.read_text().splitlines()
    la = header.split(",").index("la_code")
    moved = [",".join("999" if i == la else c for i, c in enumerate(r.split(","))) for r in rows]
    path.write_text("\n".join([header, *moved]) + "\n")
    out = tmp_path / "computed.csv"
    result = _compute(store, folder, "--out", str(out), months=("2024-04", "2024-08"))
    assert result.returncode == 0, result.stderr
    note = (
        "Note: exclusions holds no records of local authority 938, so metrics 4.5, 4.6 are "
        "computed from none (counts of 0, other figures not available); check that the extract "
        "is complete"
    )
    assert note in result.stderr.splitlines()
    assert sum(line.startswith("Note:") for line in result.stderr.splitlines()) == 1
    whole = _compute(store, extracts, "--out", str(tmp_path / "whole.csv"))
    assert "Note:" not in whole.stderr


def test_spark_writes_the_same_file_and_says_only_what_it_did(
    store: Path, extracts: Path, tmp_path: Path
) -> None:
    on_duckdb, on_spark = tmp_path / "duckdb.csv", tmp_path / "spark.csv"
    assert _compute(store, extracts, "--out", str(on_duckdb)).returncode == 0
    result = _compute(store, extracts, "--engine", "spark", "--out", str(on_spark))
    assert result.returncode == 0, result.stderr
    assert on_spark.read_bytes() == on_duckdb.read_bytes()
    # none of Spark's start-up chatter (its log profile, default level, native libraries,
    # host name): only the Java runtime's own notice, printed before any configuration applies
    said = [line for line in result.stderr.splitlines() if not line.startswith(JAVA_NOTICE)]
    assert said == [f"Wrote {on_spark}"]


def test_extracts_as_folders_of_part_files(store: Path, extracts: Path, tmp_path: Path) -> None:
    """Each extract as Spark would write it, in two parts: the same figures as from the files,
    and the folders named in the lineage."""
    parts = tmp_path / "parts"
    for file in extracts.glob("*.parquet"):
        table = pq.read_table(file)
        folder = parts / file.name
        folder.mkdir(parents=True)
        half = table.num_rows // 2
        pq.write_table(table.slice(0, half), folder / "part-00000.snappy.parquet")
        pq.write_table(table.slice(half), folder / "part-00001.snappy.parquet")
        (folder / "_SUCCESS").touch()
    from_files, from_parts = tmp_path / "files.csv", tmp_path / "parts.csv"
    assert _compute(store, extracts, "--out", str(from_files)).returncode == 0
    result = _compute(store, parts, "--out", str(from_parts))
    assert result.returncode == 0, result.stderr
    assert from_parts.read_bytes() == from_files.read_bytes()
    assert _compute(store, parts).returncode == 0
    shown = run_scorecard("computations", "--plan", PLAN_ID, "--format", "json", data_dir=store)
    (run,) = json.loads(shown.stdout)
    files = {e["name"]: e["file"] for e in run["extracts"]}
    assert files["exclusions"] == "exclusions.parquet"


def test_figures_into_the_store_with_lineage_and_again_unchanged(
    store: Path, extracts: Path
) -> None:
    before = len(_exported(store))
    first = _compute(store, extracts, "--la", "938")
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith("Computation 1 for 938, 2024-10 to 2024-12:")
    rows = _exported(store)
    assert len(rows) > before
    december = next(r for r in rows if r["metric_id"] == "3.1" and r["period"] == "2024-12")
    assert december["source"] == "computed by recipe ehcp_within_weeks version 1"
    again = _compute(store, extracts)
    assert again.returncode == 0 and " 0 figures added, 0 updated" in again.stdout


def test_lineage_is_recorded(store: Path, extracts: Path) -> None:
    assert _compute(store, extracts).returncode == 0
    with sqlite3.connect(store / "scorecard.sqlite3") as db:
        engine, recipes, extract_list = db.execute(
            "SELECT engine, recipes, extracts FROM computations_computationrun"
        ).fetchone()
        linked = db.execute(
            "SELECT count(*) FROM figures_figure WHERE computation_id IS NOT NULL"
        ).fetchone()[0]
    assert engine == "duckdb" and linked > 0
    assert '"recipe": "ehcp_within_weeks"' in recipes and '"version": "1"' in recipes
    assert '"sha256": "' in extract_list and '"rows": ' in extract_list


def test_computations_show_the_lineage_of_the_stored_figures(
    store: Path, extracts: Path, tmp_path: Path
) -> None:
    first = _compute(store, extracts / "csv", "--la", "938")
    added = int(first.stdout.split(": ")[1].split(" figures added")[0])
    changed = tmp_path / "changed"
    shutil.copytree(extracts / "csv", changed)
    ehc = changed / EHC
    header, *lines = ehc.read_text().splitlines()
    ehc.write_text("\n".join([header, *lines[::2]]) + "\n")  # every other request
    second = _compute(store, changed, "--la", "938")
    assert second.returncode == 0, second.stderr
    updated = int(second.stdout.split(" added, ")[1].split(" updated")[0])
    assert updated > 0
    result = run_scorecard("computations", "--plan", PLAN_ID, "--format", "json", data_dir=store)
    assert result.returncode == 0, result.stderr
    runs = json.loads(result.stdout)
    assert [(r["computation"], r["la_code"], r["engine"]) for r in runs] == [
        (1, "938", "duckdb"),
        (2, "938", "duckdb"),
    ]
    # the figures the second run changed are counted there, the rest stay with the first
    assert (runs[0]["figures"], runs[1]["figures"]) == (added - updated, updated)
    assert list(runs[0]["extracts"][0]) == ["name", "file", "sha256", "rows", "duplicates_dropped"]
    files = {e["name"]: e for e in runs[1]["extracts"]}
    assert files["ehc_needs_assessments"]["sha256"] == hashlib.sha256(ehc.read_bytes()).hexdigest()
    assert files["ehc_needs_assessments"]["file"] == EHC
    assert {"metric_id": "3.1", "recipe": "ehcp_within_weeks", "version": "1"}.items() <= next(
        r for r in runs[0]["recipes"] if r["metric_id"] == "3.1"
    ).items()
    table = run_scorecard("computations", "--plan", PLAN_ID, "--format", "csv", data_dir=store)
    rows = list(csv.DictReader(io.StringIO(table.stdout)))
    assert len(rows) == sum(len(r["extracts"]) for r in runs)
    ehc_row = next(
        r for r in rows if r["computation"] == "1" and r["extract"] == "ehc_needs_assessments"
    )
    assert (
        ehc_row["recipes"] == "3.1: ehcp_within_weeks version 1; 3.2: ehcp_weeks_to_plan version 1"
    )
    unknown = run_scorecard("computations", "--plan", "nope", "--format", "csv", data_dir=store)
    assert unknown.returncode == 1 and 'no plan "nope"' in unknown.stderr


def test_figures_from_another_source_are_never_overwritten(store: Path, extracts: Path) -> None:
    before = computed_rows(store)
    result = _compute(store, extracts, months=("2024-09", "2024-10"))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert (
        "already come from another source" in result.stderr
        and "3.1 2024-09 (plan file)" in result.stderr
    )
    assert computed_rows(store) == before


def _broken(extracts: Path, tmp_path: Path, edit) -> Path:
    folder = tmp_path / "broken"
    shutil.copytree(extracts / "csv", folder)
    path = folder / EHC
    lines = path.read_text().splitlines()
    path.write_text("\n".join(edit(lines)) + "\n")
    return folder


def _cell(lines: list[str], row: int, column: int, value: str) -> list[str]:
    cells = lines[row].split(",")
    cells[column] = value
    lines[row] = ",".join(cells)
    return lines


@pytest.mark.parametrize(
    ("edit", "words"),
    [
        (
            lambda ls: (
                [ls[0].replace(",exception", "")] + [line.rsplit(",", 1)[0] for line in ls[1:]]
            ),
            [EHC, "column exception is missing"],
        ),
        (
            lambda ls: [ls[0].replace("request_received_date", "request_recieved_date"), *ls[1:]],
            [EHC, "column request_received_date is missing", '"request_recieved_date"'],
        ),
        (
            lambda ls: _cell(ls, 2, 5, "maybe"),
            [EHC, "column exception", "not true or false", "row 2"],
        ),
        (
            lambda ls: _cell(ls, 3, 3, "31/12/2023"),
            [EHC, "column request_received_date", "not dates", "row 3"],
        ),
        (
            lambda ls: _cell(ls, 4, 4, "2001-01-01"),
            [EHC, "final_plan_issued_date is before request_received_date", "row 4"],
        ),
        (lambda ls: _cell(ls, 5, 1, ""), [EHC, "column request_id is empty", "row 5"]),
        (
            lambda ls: _cell(ls, 6, 1, ls[2].split(",")[1]),
            [EHC, "1 value of request_id appears on rows that differ", "2 rows (rows 2, 6)"],
        ),
        (
            lambda ls: [ls[0] + ",child_name", *(line + ",x" for line in ls[1:])],
            [EHC, "column child_name is not in the contract"],
        ),
        (
            lambda ls: _cell(_cell(ls, 2, 0, "0938"), 7, 0, "93"),
            [EHC, "column la_code holds values that are not three-digit DfE codes", "rows 2, 7"],
        ),
    ],
    ids=[
        "missing-column",
        "misnamed-column",
        "wrong-type",
        "unparsable-date",
        "negative-duration",
        "empty-required",
        "key-on-rows-that-differ",
        "extra-column",
        "la-code-not-three-digits",
    ],
)
def test_bad_extracts_fail_cleanly_and_store_nothing(
    store, extracts, tmp_path, edit, words
) -> None:
    folder = _broken(extracts, tmp_path, edit)
    secret = next(csv.DictReader((folder / EHC).open()))["person_id"]
    before = computed_rows(store)
    result = _compute(store, folder, "--metric", "3.1")
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    for word in words:
        assert word in result.stderr, (word, result.stderr)
    assert secret not in result.stderr, "record contents must not appear in messages"
    assert computed_rows(store) == before


def test_unknown_codes_are_reported_without_the_values(store, extracts, tmp_path) -> None:
    folder = tmp_path / "codes"
    shutil.copytree(extracts / "csv", folder)
    path = folder / "advice_requests.csv"
    lines = path.read_text().splitlines()
    lines[1] = (
        lines[1]
        .replace(",EP,", ",EDPSYCH,")
        .replace(",HEALTH,", ",EDPSYCH,")
        .replace(",SOCIAL_CARE,", ",EDPSYCH,")
    )
    path.write_text("\n".join(lines) + "\n")
    result = _compute(store, folder, "--metric", "3.3")
    assert result.returncode == 1
    assert "advice_requests.csv: column advice_type holds unknown codes" in result.stderr
    assert "row 1)" in result.stderr and "EDPSYCH" not in result.stderr


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--from", "2024-12", "--to", "2024-10"), ["--to 2024-10 is before --from 2024-12"]),
        (("--from", "Oct 24", "--to", "2024-12"), ["--from", '"Oct 24"']),
        (("--from", "2030-01", "--to", "2030-02"), ["is outside plan"]),
        (
            ("--from", "2024-10", "--to", "2024-12", "--la", "999"),
            ["plan west-sussex-2024-27 is for local authority 938", "authority 999"],
        ),
        (
            ("--from", "2024-10", "--to", "2024-12", "--la", "0938", "--out", "figures.csv"),
            ['--la: "0938" is not allowed: use the local authority\'s three-digit DfE code'],
        ),
        (
            ("--from", "2024-10", "--to", "2024-12", "--la", "E10000032"),
            [
                '--la: "E10000032" is not allowed: that is an ONS local authority code; --la is '
                "the three-digit DfE (LA) code of the same authority, for example 874"
            ],
        ),
        (
            ("--from", "2024-10", "--to", "2024-12", "--la", "938", "--all-las"),
            ["--la CODE or --all-las, not both"],
        ),
        (("--from", "2024-10", "--to", "2024-12", "--all-las"), ["--all-las", "--out"]),
        (("--from", "2024-10", "--to", "2024-12", "--metric", "9.9"), ['no metric "9.9"']),
        (("--from", "2024-10", "--to", "2024-12", "--metric", "5.4"), ["no recipes"]),
        (("--from", "2024-10", "--to", "2024-12", "--engine", "polars"), ["'--engine'"]),
    ],
)
def test_bad_options_fail_cleanly(store, extracts, args, words) -> None:
    result = run_scorecard("compute", str(extracts), "--plan", PLAN_ID, *args, data_dir=store)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    for word in words:
        assert word in result.stderr, (word, result.stderr)


def test_folders_without_extracts(store, tmp_path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    result = _compute(store, empty)
    assert result.returncode == 1 and "holds no extracts" in result.stderr
    missing = _compute(store, tmp_path / "nowhere")
    assert missing.returncode == 1 and "is not a folder of extracts" in missing.stderr
    parts = tmp_path / "parts"
    (parts / "exclusions.parquet" / "_temporary").mkdir(parents=True)
    folder = _compute(store, parts)
    assert folder.returncode == 1
    assert f"{parts / 'exclusions.parquet'} is a folder without Parquet part files" in (
        folder.stderr
    )


def test_several_authorities_to_a_file(store, extracts, tmp_path) -> None:
    folder = tmp_path / "two"
    shutil.copytree(extracts / "csv", folder)
    path = folder / EHC
    lines = path.read_text().splitlines()
    extra = [line.replace("938,Q", "939,Z", 1) for line in lines[1:]]
    path.write_text("\n".join([*lines, *extra]) + "\n")
    out = tmp_path / "both.csv"
    both = _compute(store, folder, "--metric", "3.1", "--all-las", "--out", str(out))
    assert both.returncode == 0, both.stderr
    rows = list(csv.DictReader(out.open()))
    assert next(iter(rows[0])) == "la_code" and {r["la_code"] for r in rows} == {"938", "939"}
    same = {r["period"]: r["value"] for r in rows if r["la_code"] == "938"}
    copy = {r["period"]: r["value"] for r in rows if r["la_code"] == "939"}
    assert same == copy


def _ragged(path: Path) -> None:
    lines = path.read_text().splitlines()
    lines[2] += ",SECRET"
    path.write_text("\n".join(lines) + "\n")


def _not_utf8(path: Path) -> None:
    lines = path.read_bytes().splitlines()
    lines[3] = lines[3].replace(b"938", b"9\xff\xfe8", 1)
    path.write_bytes(b"\n".join(lines) + b"\n")


def _damaged_pages(path: Path) -> None:
    """Bytes in the middle of the file changed: its footer reads, its data pages do not."""
    data = bytearray(path.read_bytes())
    for i in range(len(data) // 4, len(data) // 2):
        data[i] = (data[i] * 7 + 13) % 256
    path.write_bytes(bytes(data))


def _cut_short(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 2])


@pytest.mark.parametrize(
    ("kind", "damage", "words"),
    [
        (
            "csv",
            _ragged,
            "csv: cannot be read as UTF-8 CSV with a header row at line 3: a "
            "different number of cells from the header row",
        ),
        (
            "csv",
            _not_utf8,
            "csv: cannot be read as UTF-8 CSV with a header row at line 4: text that is not UTF-8",
        ),
        ("parquet", _damaged_pages, "parquet: cannot be read as Parquet"),
        ("parquet", _cut_short, "parquet: cannot be read as Parquet"),
    ],
    ids=["ragged-line", "not-utf8", "damaged-pages", "cut-short"],
)
def test_damaged_files_are_named_without_their_contents(
    store, extracts, tmp_path, kind, damage, words
) -> None:
    folder = tmp_path / "damaged"
    if kind == "csv":
        shutil.copytree(extracts / "csv", folder)
    else:
        folder.mkdir()
        for path in extracts.glob("*.parquet"):
            shutil.copy(path, folder)
    damage(folder / f"ehc_needs_assessments.{kind}")
    before = computed_rows(store)
    result = _compute(store, folder, "--metric", "3.1")
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert f"ehc_needs_assessments.{words}" in result.stderr, result.stderr
    assert "SECRET" not in result.stderr and "internal error" not in result.stderr
    assert computed_rows(store) == before
