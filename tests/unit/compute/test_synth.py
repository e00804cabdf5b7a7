"""Synthetic extracts: every file meets its contract, the same seed gives the same bytes, and
West Sussex's levels land in the ranges of its published scorecard. The levels are checked with
DuckDB SQL written here, independently of the product's recipes."""

from __future__ import annotations

from pathlib import Path
from typing import NoReturn

import duckdb
import pytest
from click.testing import CliRunner

from scorecard.cli.synth import synth
from scorecard.compute.contracts import contracts
from scorecard.compute.extracts import open_extracts
from scorecard.compute.synth import SynthReport, generate, write_synthetic
from scorecard.domain.errors import ScorecardError
from scorecard.domain.periods import Month

END = Month(2027, 3)
FIRST = END.plus(-11)
SHARE_IN_RANGE = 0.9

AGE = (
    "date_diff('year', date_of_birth, {on}) - CASE WHEN strftime({on}, '%m%d') < "
    "strftime(date_of_birth, '%m%d') THEN 1 ELSE 0 END"
)
MONTH_ENDS = (
    "(SELECT CAST(m AS DATE) AS month, CAST(m + INTERVAL 1 MONTH - INTERVAL 1 DAY AS DATE) "
    f"AS month_end FROM range(DATE '{FIRST.first_day}', DATE '{END.first_day}' "
    "+ INTERVAL 1 DAY, INTERVAL 1 MONTH) t(m))"
)


def _advice(kind: str) -> str:
    return (
        "SELECT date_trunc('month', completed_date) AS month, 100.0 * count(*) FILTER "
        "(WHERE completed_date - requested_date <= 42) / count(*) FROM advice_requests "
        f"WHERE advice_type = '{kind}' AND completed_date IS NOT NULL GROUP BY 1"
    )


def _therapy(service: str) -> str:
    return (
        "SELECT date_trunc('month', first_attended_contact_date) AS month, "
        "avg(first_attended_contact_date - referral_date) / 7 FROM therapy_referrals "
        f"WHERE service = '{service}' AND referral_accepted AND referral_date >= "
        "DATE '2018-04-01' AND first_attended_contact_date IS NOT NULL GROUP BY 1"
    )


def _age(event: str, team: str, ages: str = "0 AND 99") -> str:
    return (
        "SELECT date_trunc('month', event_date) AS month, avg(event_date - date_of_birth) "
        f"/ 365.25 FROM transition_events WHERE event_type = '{event}' AND team = '{team}' "
        f"AND {AGE.format(on='event_date')} BETWEEN {ages} GROUP BY 1"
    )


def _ap_days(provision: str, plan_only: bool) -> str:
    return (
        "SELECT date_trunc('month', end_date) AS month, avg(end_date - start_date) FROM "
        f"ap_episodes WHERE provision = '{provision}' AND end_date IS NOT NULL"
        + (" AND has_ehcp" if plan_only else "")
        + " GROUP BY 1"
    )


# metric: (SQL giving month and value, low, high), the ranges of the published scorecard.
LEVELS: dict[str, tuple[str, float, float]] = {
    "1/2.1 autism open 13 weeks or more %": (
        "SELECT month, 100.0 * count(DISTINCT person_id) FILTER (WHERE month_end - "
        f"referral_date >= 91) / count(DISTINCT person_id) FROM {MONTH_ENDS} JOIN "
        "autism_referrals ON referral_date <= month_end AND (closed_date IS NULL OR "
        f"closed_date > month_end) AND {AGE.format(on='month_end')} BETWEEN 0 AND 17 GROUP BY 1",
        78,
        89,
    ),
    "1/2.2 SALT weeks": (_therapy("SALT"), 25, 32),
    "1/2.3 OT weeks": (_therapy("OT"), 19, 29),
    "1/2.4 CAMHS waiting 4 weeks or less %": (
        "SELECT month, 100.0 * count(*) FILTER (WHERE month_end - referral_date <= 28) / "
        f"count(*) FROM {MONTH_ENDS} JOIN camhs_referrals ON referral_date <= month_end AND "
        "(first_assessment_date IS NULL OR first_assessment_date > month_end) AND "
        "(closed_date IS NULL OR closed_date > month_end) AND team NOT IN "
        "('ED', 'PERINATAL', 'SPOA') GROUP BY 1",
        10,
        18,
    ),
    "3.1 plans within 20 weeks %": (
        "SELECT date_trunc('month', final_plan_issued_date) AS month, 100.0 * count(*) "
        "FILTER (WHERE final_plan_issued_date - request_received_date <= 140) / count(*) "
        "FROM ehc_needs_assessments WHERE final_plan_issued_date IS NOT NULL GROUP BY 1",
        8,
        13,
    ),
    "3.2 weeks to a plan, 3-month rolling": (
        "WITH m AS (SELECT date_trunc('month', final_plan_issued_date) AS month, "
        "sum(final_plan_issued_date - request_received_date) AS days, count(*) AS plans "
        "FROM ehc_needs_assessments WHERE final_plan_issued_date IS NOT NULL GROUP BY 1) "
        "SELECT month, sum(days) OVER w / sum(plans) OVER w / 7 FROM m "
        "WINDOW w AS (ORDER BY month RANGE BETWEEN INTERVAL 2 MONTH PRECEDING AND CURRENT ROW)",
        41,
        46,
    ),
    "3.3 EP advice within 6 weeks %": (_advice("EP"), 17, 22),
    "3.4 health advice within 6 weeks %": (_advice("HEALTH"), 23, 45),
    "3.5 social care advice within 6 weeks %": (_advice("SOCIAL_CARE"), 93, 98),
    "3.6 audits good or better in 12 months %": (
        "SELECT month, 100.0 * count(*) FILTER (WHERE grade IN ('OUTSTANDING', 'GOOD')) / "
        f"count(*) FROM {MONTH_ENDS} JOIN ehcp_audits ON audit_date > month_end - "
        "INTERVAL 12 MONTH AND audit_date <= month_end GROUP BY 1",
        30,
        45,
    ),
    "4.2 aged 5 to 16 in mainstream %": (
        "SELECT date_trunc('month', snapshot_date) AS month, 100.0 * count(*) FILTER "
        "(WHERE setting_type = 'MAINSTREAM') / count(*) FROM ehcp_placements "
        f"WHERE {AGE.format(on='snapshot_date')} BETWEEN 5 AND 16 GROUP BY 1",
        48,
        51,
    ),
    "4.3 days in the AP college": (_ap_days("APC", False), 300, 350),
    "4.4 days in independent AP, with a plan": (_ap_days("IAP", True), 240, 270),
    "5.1 age at initial contact (CWD, 14-17)": (
        _age("INITIAL_CONTACT", "CWD", "14 AND 17"),
        16,
        17,
    ),
    "5.2 age at Care Act assessment": (
        _age("CARE_ACT_ASSESSMENT_COMPLETED", "CSC_OTHER"),
        17,
        17.8,
    ),
    "5.3 age at transition panel referral": (
        _age("TRANSITION_PANEL_REFERRAL", "CSC_OTHER"),
        16.8,
        17.5,
    ),
}


@pytest.fixture(scope="module")
def west_sussex(tmp_path_factory: pytest.TempPathFactory) -> SynthReport:
    out = tmp_path_factory.mktemp("la") / "extracts"
    return write_synthetic(out, scale="la", months=12, seed=2024, end=END)


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> SynthReport:
    out = tmp_path_factory.mktemp("small") / "extracts"
    return write_synthetic(out, scale="la", months=2, seed=7)


@pytest.fixture(scope="module")
def levels(west_sussex: SynthReport) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    for file in west_sussex.files:
        if file.path.suffix == ".parquet":
            con.execute(f"CREATE VIEW {file.extract} AS SELECT * FROM read_parquet('{file.path}')")
    return con


def monthly(con: duckdb.DuckDBPyConnection, sql: str) -> dict[str, float]:
    rows = con.execute(
        f"SELECT strftime(month, '%Y-%m'), * EXCLUDE (month) FROM ({sql}) "
        f"WHERE month BETWEEN DATE '{FIRST.first_day}' AND DATE '{END.first_day}'"
    ).fetchall()
    return {row[0]: float(row[1]) for row in rows}


@pytest.mark.parametrize("metric", sorted(LEVELS))
def test_west_sussex_levels_land_in_the_published_ranges(
    levels: duckdb.DuckDBPyConnection, metric: str
) -> None:
    sql, low, high = LEVELS[metric]
    values = monthly(levels, sql)
    assert len(values) == 12, f"{metric}: months with a value: {sorted(values)}"
    inside = [m for m, v in values.items() if low <= v <= high]
    shown = ", ".join(f"{m} {v:.1f}" for m, v in sorted(values.items()))
    assert len(inside) >= SHARE_IN_RANGE * len(values), f"{metric} not in {low}-{high}: {shown}"


def test_west_sussex_volumes_are_those_of_a_large_county(
    levels: duckdb.DuckDBPyConnection,
) -> None:
    def one(sql: str) -> float:
        row = levels.execute(sql).fetchone()
        assert row is not None
        return float(row[0])

    in_window = f"BETWEEN DATE '{FIRST.first_day}' AND DATE '{END.last_day}'"
    requests = one(
        f"SELECT count(*) FROM ehc_needs_assessments WHERE request_received_date {in_window}"
    )
    therapy = one(f"SELECT count(*) FROM therapy_referrals WHERE referral_date {in_window}")
    snapshot = one(
        "SELECT avg(n) FROM (SELECT count(*) AS n FROM ehcp_placements GROUP BY snapshot_date)"
    )
    assert 1_500 <= requests <= 2_300
    assert 3_000 <= therapy <= 8_000
    assert 9_000 <= snapshot <= 12_500


def test_every_file_meets_its_contract(small: SynthReport) -> None:
    for folder in (small.out, small.out / "csv"):
        extracts = open_extracts(folder, contracts(), {})
        try:
            assert set(extracts.loaded) == set(contracts())
            assert extracts.la_codes() == ["938"]
            for name, loaded in extracts.loaded.items():
                assert loaded.duplicates_dropped == 0, name
                assert loaded.rows > 0, name
        finally:
            extracts.close()


def test_the_report_lists_every_file_with_its_rows(west_sussex: SynthReport) -> None:
    names = sorted(str(f.path.relative_to(west_sussex.out)) for f in west_sussex.files)
    expected = sorted([f"{n}.parquet" for n in contracts()] + [f"csv/{n}.csv" for n in contracts()])
    assert names == expected
    for file in west_sussex.files:
        if file.path.suffix == ".csv":
            lines = file.path.read_text(encoding="utf-8").count("\n")
            assert lines == file.rows + 1, file.path.name
    assert not list(west_sussex.out.rglob(".*partial"))


def test_identifiers_are_pseudonymous_and_dates_are_dates(west_sussex: SynthReport) -> None:
    header, first_row = (
        (west_sussex.out / "csv" / "ehc_needs_assessments.csv")
        .read_text(encoding="utf-8")
        .splitlines()[:2]
    )
    assert header == (
        "la_code,request_id,person_id,request_received_date,final_plan_issued_date,exception"
    )
    cells = first_row.split(",")
    assert cells[1].startswith("Q") and len(cells[1]) == 17
    assert cells[2].startswith("P") and len(cells[2]) == 17
    int(cells[2][1:], 16)
    assert len(cells[3]) == 10 and cells[3][4] == "-"
    assert cells[5] in ("true", "false")


def _bytes(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*.*"))}


def test_the_same_seed_gives_the_same_bytes_and_another_seed_other_data(
    small: SynthReport, tmp_path: Path
) -> None:
    again = _bytes(write_synthetic(tmp_path / "again", scale="la", months=2, seed=7).out)
    other = _bytes(write_synthetic(tmp_path / "other", scale="la", months=2, seed=8).out)
    first = _bytes(small.out)
    assert first == again
    assert first.keys() == other.keys()
    assert all(first[name] != other[name] for name in first)


def test_an_interrupted_run_leaves_no_file_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(authority: object) -> NoReturn:
        raise KeyboardInterrupt

    monkeypatch.setitem(generate.GENERATORS, "exclusions", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_synthetic(tmp_path / "out", scale="la", months=1, seed=1)
    assert [p.name for p in (tmp_path / "out").rglob("*") if p.is_file()] == []


def test_a_small_national_run_has_153_authorities(tmp_path: Path) -> None:
    report = write_synthetic(tmp_path / "national", scale="national", months=1, seed=3)
    assert report.authorities == 153
    assert all(f.path.suffix == ".parquet" for f in report.files)
    con = duckdb.connect()
    placements = report.out / "ehcp_placements.parquet"
    sizes = dict(
        con.execute(
            f"SELECT la_code, count(*) FROM read_parquet('{placements}') GROUP BY 1"
        ).fetchall()
    )
    assert len(sizes) == 153 and "938" in sizes
    assert max(sizes.values()) > 10 * min(sizes.values())
    for name in contracts():
        path = report.out / f"{name}.parquet"
        codes = con.execute(f"SELECT count(DISTINCT la_code) FROM read_parquet('{path}')")
        assert (codes.fetchone() or (0,))[0] >= 100, name


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--months", "0"], "--months must be 1 or more"),
        (["--end", "2027-13"], '--end: "2027-13" is not a month'),
        (["--out", "FILE"], "is a file"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(
    tmp_path: Path, arguments: list[str], message: str
) -> None:
    afile = tmp_path / "a-file"
    afile.write_text("x", encoding="utf-8")
    base = {"--scale": "la", "--months": "1", "--seed": "1", "--out": str(tmp_path / "out")}
    given = dict(zip(arguments[::2], arguments[1::2], strict=True))
    given = {k: str(afile) if v == "FILE" else v for k, v in given.items()}
    args = [part for key, value in {**base, **given}.items() for part in (key, value)]
    result = CliRunner().invoke(synth, args)
    assert isinstance(result.exception, ScorecardError)
    assert message in str(result.exception)
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_the_command_prints_the_files_and_rows_written(tmp_path: Path) -> None:
    args = ["--scale", "la", "--months", "1", "--seed", "1", "--out", str(tmp_path / "x")]
    result = CliRunner().invoke(synth, args)
    assert result.exit_code == 0, result.output
    assert "ehcp_placements.parquet" in result.output
    assert "csv/ehcp_placements.csv" in result.output
    assert "rows" in result.output
