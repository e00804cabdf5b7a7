"""`scorecard publish` in a separate process against a fresh store: the files, the same bytes
again, amendments, and every refusal with its message, publishing nothing."""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
import subprocess
from html import unescape
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.conftest import ROOT
from tests.integration.cli_helpers import run_scorecard

PLAN = "west-sussex-2024-27"
FILES = {"index.html", "scorecard.pdf", "scorecard.xlsx", "data.csv", "datapackage.json"}


@pytest.fixture
def store(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    loaded = run_scorecard("plan", "load", str(ROOT / "plans" / PLAN), data_dir=data)
    assert loaded.returncode == 0, loaded.stderr
    return data


def test_a_month_not_ended_is_not_published_without_a_date(store: Path, tmp_path: Path) -> None:
    """Dated today: the plan's last month, or today's month while the plan runs, has not
    ended until the plan's years are over; then its first month shows the refusal's other
    side (published files)."""
    today = dt.date.today()
    month = max(dt.date(2024, 4, 1), min(today.replace(day=1), dt.date(2027, 3, 1)))
    result = run_scorecard(
        "publish",
        "--plan",
        PLAN,
        "--period",
        month.isoformat()[:7],
        "--out",
        str(tmp_path / "o"),
        data_dir=store,
    )
    if today < dt.date(2027, 4, 1):
        assert result.returncode == 1, result.stderr
        assert (
            f"nothing was published: today, {today.day} {today:%B %Y}, is before the month ends"
        ) in result.stderr
        assert not (tmp_path / "o").exists()
    else:
        assert "before the month ends" not in result.stderr


def _publish(store: Path, out: Path, *more: str) -> object:
    return run_scorecard(
        "publish",
        "--plan",
        PLAN,
        "--period",
        "2024-09",
        "--out",
        str(out),
        "--date",
        "2024-10-17",
        *more,
        data_dir=store,
    )


def test_publish_writes_every_file_and_the_same_bytes_again(store: Path, tmp_path: Path) -> None:
    first = _publish(store, tmp_path / "one")
    assert first.returncode == 0, first.stderr  # type: ignore[attr-defined]
    assert "Published version 1" in first.stderr  # type: ignore[attr-defined]
    assert {p.name for p in (tmp_path / "one").iterdir()} == FILES
    again = _publish(store, tmp_path / "two")
    assert again.returncode == 0, again.stderr  # type: ignore[attr-defined]
    assert "unchanged since version 1" in again.stderr  # type: ignore[attr-defined]
    for name in FILES:
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()
    assert (tmp_path / "one" / "scorecard.pdf").read_bytes().startswith(b"%PDF")


def test_a_changed_figure_needs_a_reason_to_amend(store: Path, tmp_path: Path) -> None:
    assert _publish(store, tmp_path / "one").returncode == 0  # type: ignore[attr-defined]
    figures = tmp_path / "figures.csv"
    source = (ROOT / "plans" / PLAN / "figures.csv").read_text(encoding="utf-8")
    lines = source.splitlines()
    header = lines[0].split(",")
    index = {name: i for i, name in enumerate(header)}
    changed = []
    for line in lines[1:]:
        cells = line.split(",")
        if cells[index["metric_id"]] == "3.1" and cells[index["period"]] == "2024-08":
            cells[index["value"]] = "10.2"
        changed.append(",".join(cells))
    plan_copy = tmp_path / "plan"
    plan_copy.mkdir()
    for item in (ROOT / "plans" / PLAN).iterdir():
        (plan_copy / item.name).write_bytes(item.read_bytes())
    figures.write_text("\n".join([lines[0], *changed]) + "\n", encoding="utf-8")
    (plan_copy / "figures.csv").write_bytes(figures.read_bytes())
    loaded = run_scorecard("plan", "load", str(plan_copy), data_dir=store)
    assert loaded.returncode == 0, loaded.stderr
    refused = _publish(store, tmp_path / "two")
    assert refused.returncode == 1  # type: ignore[attr-defined]
    assert "error: --reason: version 1 is published: say why it is being amended" in (
        refused.stderr  # type: ignore[attr-defined]
    )
    assert "Traceback" not in refused.stderr  # type: ignore[attr-defined]
    assert not (tmp_path / "two").exists()
    no_note = _publish(store, tmp_path / "two", "--reason", "late correction")
    assert "error: --change-note: say what changed" in no_note.stderr  # type: ignore[attr-defined]
    assert not (tmp_path / "two").exists()
    amended = _publish(
        store, tmp_path / "two", "--reason", "late correction", "--change-note", "3.1 August"
    )
    assert amended.returncode == 0, amended.stderr  # type: ignore[attr-defined]
    assert "Published version 2" in amended.stderr  # type: ignore[attr-defined]
    assert "[r]" in (tmp_path / "two" / "data.csv").read_text(encoding="utf-8")


def test_a_blocked_month_lists_what_blocks_it_and_publishes_nothing(
    store: Path, tmp_path: Path
) -> None:
    result = run_scorecard(
        "publish",
        "--plan",
        PLAN,
        "--period",
        "2024-10",
        "--out",
        str(tmp_path / "out"),
        data_dir=store,
    )
    assert result.returncode == 1
    assert "metric 3.1, period: no figure for October 2024" in result.stderr
    assert "nothing was published" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--plan", "nowhere", "--period", "2024-09"), 'no plan "nowhere" in the store'),
        (("--plan", PLAN, "--period", "2024-9"), "2024-9"),
        (("--plan", PLAN, "--period", "2031-01"), "outside plan"),
        (("--plan", PLAN, "--period", "2024-09", "--date", "17/10/2024"), "--date"),
        (
            ("--plan", PLAN, "--period", "2024-09", "--date", "2200-01-01"),
            "--date: 1 January 2200 is more than a year from today: a September 2024 release is "
            "dated from 1 October 2024 to ",
        ),
        (
            ("--plan", PLAN, "--period", "2024-09", "--date", "1975-01-01"),
            "--date: 1 January 1975 is before the month ends",
        ),
        (
            ("--plan", PLAN, "--period", "2024-09", "--reason", "x" * 20_000),
            "--reason: it is 20,000 characters long: keep it to 500 characters at most",
        ),
        (
            ("--plan", PLAN, "--period", "2024-09", "--change-note", "y" * 1001),
            "--change-note: it is 1,001 characters long: keep it to 1,000 characters at most",
        ),
        (
            ("--plan", PLAN, "--period", "2024-09", "--date", "2024-09-30"),
            "--date: 30 September 2024 is before the month ends",
        ),
        (
            ("--plan", PLAN, "--period", "2024-09", "--change-note", "5.2 was 3, withheld"),
            "--change-note: this is the release's first publication: a reason and a note of "
            "what changed are for amendments, so leave them out",
        ),
        (
            ("--plan", PLAN, "--period", "2024-09", "--reason", "first"),
            "--reason: this is the release's first publication",
        ),
    ],
)
def test_bad_input_gets_one_clear_message(
    store: Path, tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    result = run_scorecard("publish", *args, "--out", str(tmp_path / "out"), data_dir=store)
    assert result.returncode == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_folder_that_cannot_be_written_publishes_nothing(store: Path, tmp_path: Path) -> None:
    blocked = tmp_path / "blocked"
    blocked.write_text("a file, not a folder")
    refused = _publish(store, blocked / "out")
    assert refused.returncode == 1  # type: ignore[attr-defined]
    assert f"--out: cannot write to {blocked / 'out'}" in refused.stderr  # type: ignore[attr-defined]
    assert "Published" not in refused.stderr  # type: ignore[attr-defined]
    with sqlite3.connect(store / "scorecard.sqlite3") as db:
        assert db.execute("SELECT count(*) FROM releases_releaseversion").fetchone() == (0,)
    first = _publish(store, tmp_path / "new" / "out")
    assert "Published version 1" in first.stderr  # type: ignore[attr-defined]


def _reader_text(folder: Path) -> dict[str, str]:
    """The written files as readers see them: the PDF through pdftotext, the workbook's
    Cover sheet through openpyxl, the page without its markup."""
    pdf = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", str(folder / "scorecard.pdf"), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    book = load_workbook(folder / "scorecard.xlsx")
    cover = [str(c) for row in book["Cover"].iter_rows(values_only=True) for c in row if c]
    page = unescape(re.sub(r"<[^>]+>", " ", (folder / "index.html").read_text(encoding="utf-8")))
    return {
        name: " ".join(text.split())
        for name, text in (("pdf", pdf), ("xlsx", " ".join(cover)), ("html", page))
    }


def test_published_files_say_published(store: Path, tmp_path: Path) -> None:
    assert _publish(store, tmp_path / "one").returncode == 0  # type: ignore[attr-defined]
    texts = _reader_text(tmp_path / "one")
    for name, text in texts.items():
        assert "Draft: not for publication" not in text, name
    assert "Status Published" in texts["pdf"] and "Status Published" in texts["html"]
    assert "Version 1, published 17 October 2024" in texts["xlsx"]


def test_the_demo_publishes_files_that_say_published(tmp_path: Path) -> None:
    data = tmp_path / "data"
    demo = run_scorecard(
        "demo", "--no-serve", "--plan-dir", str(ROOT / "plans" / PLAN), data_dir=data
    )
    assert demo.returncode == 0, demo.stderr
    assert "Published version 1 of the September 2024 release" in demo.stdout
    again = run_scorecard(
        "publish",
        "--plan",
        PLAN,
        "--period",
        "2024-09",
        "--out",
        str(tmp_path / "out"),
        data_dir=data,
    )
    assert again.returncode == 0, again.stderr
    assert "unchanged since version 1" in again.stderr
    texts = _reader_text(tmp_path / "out")
    for name, text in texts.items():
        assert "Draft: not for publication" not in text, name
    assert "Status Published" in texts["pdf"]


def test_an_internal_change_writes_the_published_files_again(store: Path, tmp_path: Path) -> None:
    assert _publish(store, tmp_path / "one").returncode == 0  # type: ignore[attr-defined]
    plan_copy = tmp_path / "plan"
    plan_copy.mkdir()
    for item in (ROOT / "plans" / PLAN).iterdir():
        (plan_copy / item.name).write_bytes(item.read_bytes())
    metrics = plan_copy / "metrics.yaml"
    text = metrics.read_text(encoding="utf-8")
    assert "    team: SEND Quality Assurance\n" in text
    metrics.write_text(text.replace("    team: SEND Quality Assurance\n", "    team: QA\n", 1))
    loaded = run_scorecard("plan", "load", str(plan_copy), data_dir=store)
    assert loaded.returncode == 0, loaded.stderr
    assert "new version" in loaded.stdout
    # A metric's owners are in no public file: nothing to amend, the files are written again.
    again = _publish(store, tmp_path / "two")
    assert again.returncode == 0, again.stderr  # type: ignore[attr-defined]
    assert "unchanged since version 1" in again.stderr  # type: ignore[attr-defined]
    for name in FILES:
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()
