"""`scorecard synth` in a real process: reproducible files, the bundled plan's last month by
default, and clear messages for bad options."""

from __future__ import annotations

from pathlib import Path

from tests.integration.cli_helpers import run_scorecard


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*.*"))}


def test_extracts_are_written_the_same_from_the_same_seed(tmp_path: Path) -> None:
    args = ("synth", "--scale", "la", "--months", "2", "--seed", "1", "--out")
    first = run_scorecard(*args, str(tmp_path / "a"), data_dir=tmp_path)
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith(
        "Wrote synthetic extracts for local authority 938, 2027-02 to 2027-03"
    )
    again = run_scorecard(*args, str(tmp_path / "b"), data_dir=tmp_path)
    written = _files(tmp_path / "a")
    assert "ehcp_placements.parquet" in written and "csv/ehcp_placements.csv" in written
    assert written == _files(tmp_path / "b") and again.returncode == 0
    earlier = run_scorecard(*args, str(tmp_path / "c"), "--end", "2025-03", data_dir=tmp_path)
    assert "2025-02 to 2025-03" in earlier.stdout


def test_bad_options_are_named(tmp_path: Path) -> None:
    out = str(tmp_path / "out")
    for options, words in (
        (("--months", "0", "--seed", "1"), "--months must be 1 or more, not 0"),
        (("--months", "2", "--seed", "-1"), "--seed must be 0 or more, not -1"),
        (
            ("--months", "30000", "--seed", "1", "--end", "2027-03"),
            "--months must be 1,527 or fewer to end with 2027-03, not 30,000",
        ),
        (("--months", "2", "--seed", "1", "--end", "2024-13"), '--end: "2024-13" is not a month'),
    ):
        result = run_scorecard("synth", "--scale", "la", *options, "--out", out, data_dir=tmp_path)
        assert result.returncode == 1 and words in result.stderr, result.stderr
        assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()
