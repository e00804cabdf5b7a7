"""Another local area's plan files (tests/fixtures/other-area) through the commands its analyst
runs: `scorecard plan validate` names mistakes in its files by file, line, metric and field, and
its figures are computed from extracts carrying its own local authority code."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import ROOT
from tests.integration.cli_helpers import load_plan, run_scorecard

FIXTURE = ROOT / "tests" / "fixtures" / "other-area"


def _copy(tmp_path: Path, extra_figures: str) -> Path:
    folder = tmp_path / "plan"
    shutil.copytree(FIXTURE, folder)
    with (folder / "figures.csv").open("a", encoding="utf-8") as figures:
        figures.write(extra_figures)
    return folder


def test_the_plan_is_valid_as_it_stands(tmp_path: Path) -> None:
    result = run_scorecard("plan", "validate", str(FIXTURE), data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Plan dyffryn-gwyr-2025-27: 4 metrics, 9 recorded figures; 0 errors" in result.stdout


def test_a_count_in_the_figures_is_a_whole_number(tmp_path: Path) -> None:
    """As on the returns form: D3 counts appeals, so 1.5 is a slip."""
    folder = _copy(tmp_path, "D3,,2025-11,value,1.5\nD3,,2025-12,value,2.0\n")
    result = run_scorecard("plan", "validate", str(folder), data_dir=tmp_path)
    assert result.returncode == 1
    assert (
        "figures.csv:11: error: metric D3, value: 1.5 is not a whole number, as a count must be"
        in result.stderr
    )
    assert "figures.csv:12" not in result.stderr  # 2.0 is written with a decimal, but whole


def _edit(tmp_path: Path, old: str, new: str) -> Path:
    folder = tmp_path / "plan"
    shutil.copytree(FIXTURE, folder)
    metrics = folder / "metrics.yaml"
    text = metrics.read_text(encoding="utf-8")
    assert text.count(old) == 1
    metrics.write_text(text.replace(old, new), encoding="utf-8")
    return folder


def test_a_value_cut_off_at_a_comma_inside_braces_is_named_as_such(tmp_path: Path) -> None:
    """`{..., accountable_lead: Clinical Director, CAMHS}` reads as a field "CAMHS": the message
    says why, rather than asking for the spelling of a field the analyst never meant."""
    folder = _edit(
        tmp_path,
        "accountable_lead: Clinical Director}",
        "accountable_lead: Clinical Director, CAMHS}",
    )
    result = run_scorecard("plan", "validate", str(folder), data_dir=tmp_path)
    assert result.returncode == 1
    assert (
        'metrics.yaml:12: error: metric B1, ownership.CAMHS: "CAMHS" is not a field here: '
        "inside { } a comma starts another field, so if these words end the value before them, "
        'put that whole value in quotes (lead: "Director, Kennet Trust"); otherwise check its '
        "spelling"
    ) in result.stderr


def test_a_number_below_its_least_says_the_least_in_words(tmp_path: Path) -> None:
    folder = _edit(tmp_path, "{weeks: 6, excluded_teams: [ED]}", "{weeks: 0, excluded_teams: [ED]}")
    result = run_scorecard("plan", "validate", str(folder), data_dir=tmp_path)
    assert result.returncode == 1
    assert (
        "metrics.yaml:11: error: metric B1, recipe.parameters.weeks: must be 1 or more, not 0"
        in result.stderr
    )


def test_its_figures_are_computed_from_synthetic_extracts_of_its_own_authority(
    tmp_path: Path,
) -> None:
    """Before its own extracts arrive, the analyst tries `scorecard compute` on synthetic ones
    carrying the plan's la_code (672), not West Sussex's 938, which the plan would refuse."""
    extracts = tmp_path / "extracts"
    args = ("--months", "6", "--seed", "3", "--end", "2026-01", "--out", str(extracts))
    written = run_scorecard("synth", "--scale", "la", "--la", "672", *args, data_dir=tmp_path)
    assert written.returncode == 0, written.stderr
    assert written.stdout.startswith(
        "Wrote synthetic extracts for local authority 672, 2025-08 to 2026-01 (seed 3)"
    )
    header, first = (extracts / "csv" / "ehc_needs_assessments.csv").read_text().splitlines()[:2]
    assert header.startswith("la_code,") and first.startswith("672,")
    store = load_plan(FIXTURE, tmp_path / "store")
    period = ("--from", "2025-11", "--to", "2026-01")  # A1 and C/4 have figures before
    result = run_scorecard(
        "compute", str(extracts), "--plan", "dyffryn-gwyr-2025-27", *period, data_dir=store
    )
    assert result.returncode == 0, result.stderr
    # A1 and both parts of C/4 monthly for 3 months, B1 in January only
    assert "Computation 1 for 672, 2025-11 to 2026-01: 10 figures added" in result.stdout


def test_synthetic_extracts_are_refused_a_code_that_is_not_an_authoritys(tmp_path: Path) -> None:
    out = tmp_path / "out"
    for options, words in (
        (
            ("--scale", "la", "--la", "E06000036"),
            '--la: "E06000036" is not allowed: that is an ONS local authority code; --la is the '
            "three-digit DfE (LA) code of the same authority, for example 874",
        ),
        (("--scale", "la", "--la", "0672"), "use the local authority's three-digit DfE code"),
        (("--scale", "national", "--la", "672"), "--la names the one authority of --scale la"),
    ):
        args = ("synth", *options, "--months", "1", "--seed", "1", "--out", str(out))
        result = run_scorecard(*args, data_dir=tmp_path)
        assert result.returncode == 1 and words in result.stderr, result.stderr
    assert not out.exists()


def test_a_metric_id_in_other_case_is_named_with_the_id_meant(tmp_path: Path) -> None:
    """Ids are case-sensitive (they are data), but "d3" for D3 is a slip: every place that
    takes a metric id says which one was probably meant."""
    folder = _copy(tmp_path, "d3,,2025-11,value,4\n")
    result = run_scorecard("plan", "validate", str(folder), data_dir=tmp_path)
    assert result.returncode == 1
    assert (
        'figures.csv:11: error: metric d3, metric_id: plan dyffryn-gwyr-2025-27 has no metric "d3"'
        "; did you mean D3?"
    ) in result.stderr
    store = load_plan(FIXTURE, tmp_path / "store")
    computed = run_scorecard(
        "compute", str(tmp_path), "--plan", "dyffryn-gwyr-2025-27", "--metric", "b1",
        "--from", "2025-11", "--to", "2025-12", data_dir=store,
    )  # fmt: skip
    assert computed.returncode == 1
    assert 'plan dyffryn-gwyr-2025-27 has no metric "b1"; did you mean B1?' in computed.stderr
    password = tmp_path / "password.txt"
    password.write_text("a long enough passphrase for owners\n")
    added = run_scorecard(
        "users", "add", "owner", "--name", "Owner", "--email", "owner@example.org",
        "--password-file", str(password), data_dir=store,
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    granted = run_scorecard(
        "users", "grant", "owner", "--plan", "dyffryn-gwyr-2025-27", "--role", "data_owner",
        "--metric", "D3", "--metric", "a1", data_dir=store,
    )  # fmt: skip
    assert granted.returncode == 1
    assert (
        '--metric: plan dyffryn-gwyr-2025-27 has no metric "a1"; did you mean A1?' in granted.stderr
    )


def test_the_summary_counts_a_metric_with_errors_of_its_own(tmp_path: Path) -> None:
    """It is left out of the checks that need the whole metric, but not out of the count: the
    analyst reads 4 metrics, as the file lists, with why one is not checked further."""
    folder = _edit(
        tmp_path, "  baseline: {value: 12.5}\n", "  baseline: {value: 12.5}\n  tolerance: -1\n"
    )
    result = run_scorecard("plan", "validate", str(folder), data_dir=tmp_path)
    assert result.returncode == 1
    assert (
        "Plan dyffryn-gwyr-2025-27: 4 metrics (1 with errors of its own, left out of the other "
        "checks), 9 recorded figures; 1 error,"
    ) in result.stdout
