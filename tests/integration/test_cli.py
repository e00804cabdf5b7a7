"""The `scorecard` command in a real process: results, and every error a user can cause ending
in one clear message, exit status 1, no traceback and nothing half-written."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from scorecard.domain.periods import Month
from tests.integration.cli_helpers import load_plan, run_scorecard

PLAN_ID = "west-sussex-2024-27"


@pytest.fixture(scope="module")
def loaded_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.conftest import BUNDLED_PLAN

    data = tmp_path_factory.mktemp("loaded")
    result = run_scorecard("plan", "load", str(BUNDLED_PLAN), data_dir=data)
    assert result.returncode == 0, result.stderr
    return data


def _fails_cleanly(result, *words: str) -> None:
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr + result.stdout
    for word in words:
        assert word in result.stderr, (word, result.stderr)


def test_help_lists_every_command(tmp_path: Path) -> None:
    result = run_scorecard("--help", data_dir=tmp_path)
    assert result.returncode == 0
    for command in ("plan", "figures", "render", "demo"):
        assert command in result.stdout
    plan_help = run_scorecard("plan", "--help", data_dir=tmp_path).stdout
    for command in ("validate", "load", "export", "list", "schema"):
        assert command in plan_help
    assert "export" in run_scorecard("figures", "--help", data_dir=tmp_path).stdout


def test_load_reports_what_it_did_then_that_nothing_changed(
    tmp_path: Path, bundled_plan: Path
) -> None:
    first = run_scorecard("plan", "load", str(bundled_plan), data_dir=tmp_path)
    assert first.returncode == 0, first.stderr
    assert "version 1 (new version)" in first.stdout and "100 added" in first.stdout
    second = run_scorecard("plan", "load", str(bundled_plan), data_dir=tmp_path)
    assert second.returncode == 0
    assert "already up to date" in second.stdout
    listed = run_scorecard("plan", "list", data_dir=tmp_path)
    assert listed.stdout.startswith(PLAN_ID)


def test_a_plan_load_reason_too_long_to_keep_whole_is_refused(
    tmp_path: Path, plan_copy: Path
) -> None:
    """The definition history kept the first 500 characters of the reason without a word (the
    figure history all of it, which PostgreSQL refuses): now it is refused, nothing stored."""
    store = load_plan(plan_copy, tmp_path)
    metrics = plan_copy / "metrics.yaml"
    metrics.write_text(metrics.read_text().replace("2024-25: 18", "2024-25: 17", 1))
    before = _histories(store)
    result = run_scorecard("plan", "load", str(plan_copy), "--reason", "r" * 501, data_dir=store)
    _fails_cleanly(result, "--reason: it is 501 characters long: keep it to 500 characters at most")
    assert _histories(store) == before
    kept = run_scorecard("plan", "load", str(plan_copy), "--reason", "r" * 500, data_dir=store)
    assert kept.returncode == 0, kept.stderr
    reasons = {len(r) for (r,) in _rows(store, "SELECT reason FROM catalogue_definitionchange")}
    assert reasons == {500}


def test_a_figures_file_left_empty_removes_nothing(tmp_path: Path, plan_copy: Path) -> None:
    """A figures.csv with its header alone (as an editor may save by mistake) would remove the
    100 published figures: refused, nothing changed. Taking the file out says it is meant."""
    store = load_plan(plan_copy, tmp_path)
    figures = plan_copy / "figures.csv"
    figures.write_text(figures.read_text().splitlines()[0] + "\n")
    before = (_histories(store), _rows(store, "SELECT * FROM figures_figure ORDER BY id"))
    result = run_scorecard("plan", "load", str(plan_copy), data_dir=store)
    _fails_cleanly(
        result,
        "figures.csv holds no figures, but the store holds 100 of plan west-sussex-2024-27 "
        "from its files: loading it would remove them all from the scorecard",
        "take figures.csv out of the folder",
        "Nothing was stored",
    )
    assert (_histories(store), _rows(store, "SELECT * FROM figures_figure ORDER BY id")) == before
    figures.unlink()
    meant = run_scorecard("plan", "load", str(plan_copy), data_dir=store)
    assert meant.returncode == 0, meant.stderr
    assert "100 removed" in meant.stdout


def _rows(store: Path, query: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(store / "scorecard.sqlite3") as db:
        return db.execute(query).fetchall()


def _histories(store: Path) -> tuple[object, ...]:
    return tuple(
        _rows(store, f"SELECT * FROM {table} ORDER BY id")
        for table in ("catalogue_planversion", "catalogue_definitionchange", "figures_figurechange")
    )


def test_a_plan_with_errors_stores_nothing(tmp_path: Path, plan_copy: Path) -> None:
    metrics = plan_copy / "metrics.yaml"
    metrics.write_text(metrics.read_text().replace("unit: percent", "unit: percentage", 1))
    result = run_scorecard("plan", "load", str(plan_copy), data_dir=tmp_path)
    _fails_cleanly(
        result, "metrics.yaml:", "metric 1/2.1, unit:", '"percentage"', "Nothing was stored"
    )
    listed = run_scorecard("plan", "list", data_dir=tmp_path)
    assert "No plans" in listed.stdout


def test_a_plan_naming_a_recipe_wrongly_is_refused_with_its_line(
    tmp_path: Path, plan_copy: Path
) -> None:
    """A misspelt team would exclude nothing from 1/2.4, silently; the plan is refused when
    read, not when figures are computed from it."""
    metrics = plan_copy / "metrics.yaml"
    text = metrics.read_text()
    line = text[: text.index("excluded_teams: [ED, PERINATAL")].count("\n") + 1
    metrics.write_text(text.replace("[ED, PERINATAL, SPOA]", "[ED, PERINATL, SPOA]", 1))
    checked = run_scorecard("plan", "validate", str(plan_copy), data_dir=tmp_path)
    assert checked.returncode == 1
    assert (
        f"metrics.yaml:{line}: error: metric 1/2.4, recipe.parameters.excluded_teams.1: "
        '"PERINATL" is not allowed' in checked.stderr
    )
    loaded = run_scorecard("plan", "load", str(plan_copy), data_dir=tmp_path)
    _fails_cleanly(loaded, "recipe.parameters.excluded_teams.1", "Nothing was stored")
    assert "No plans" in run_scorecard("plan", "list", data_dir=tmp_path).stdout


def test_validate_exit_codes(tmp_path: Path, bundled_plan: Path, plan_copy: Path) -> None:
    clean = run_scorecard("plan", "validate", str(bundled_plan), data_dir=tmp_path)
    assert clean.returncode == 0 and "0 errors, 0 warnings" in clean.stdout
    (plan_copy / "figures.csv").write_text(
        (plan_copy / "figures.csv").read_text() + "3.1,,2024-10,value,not a number,\n"
    )
    broken = run_scorecard("plan", "validate", str(plan_copy), data_dir=tmp_path)
    _fails_cleanly(broken, "figures.csv:102:", '"not a number" is not a number')
    as_json = run_scorecard(
        "plan", "validate", str(plan_copy), "--format", "json", data_dir=tmp_path
    )
    assert as_json.returncode == 1 and '"line": 102' in as_json.stdout
    assert not (tmp_path / "scorecard.sqlite3").exists(), "validate must not touch the store"


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("plan", "validate", "no/such/folder"), ["no/such/folder does not exist"]),
        (("plan", "load", "no/such/folder"), ["no/such/folder does not exist"]),
        (("plan", "export", "--plan", "nope", "--format", "csv"), ['no plan "nope"', PLAN_ID]),
        (("figures", "export", "--plan", "nope", "--format", "json"), ['no plan "nope"']),
        (("render", "--plan", "nope", "--period", "2024-09", "--out", "OUT"), ['no plan "nope"']),
        (
            ("render", "--plan", PLAN_ID, "--period", "Sept 24", "--out", "OUT"),
            ["--period", '"Sept 24"'],
        ),
        (
            ("render", "--plan", PLAN_ID, "--period", "2024-13", "--out", "OUT"),
            ["--period", "01 to 12"],
        ),
        (
            ("render", "--plan", PLAN_ID, "--period", "2030-01", "--out", "OUT"),
            ["2030-01 is outside"],
        ),
        (("plan", "export", "--plan", PLAN_ID, "--format", "xml"), ["'--format'", "xml"]),
        (("plan", "export", "--plan", PLAN_ID), ["Missing option '--format'"]),
        (("figures", "import"), ["No such command 'import'"]),
    ],
)
def test_user_errors_fail_cleanly(loaded_store: Path, tmp_path: Path, args, words) -> None:
    result = run_scorecard(
        *[str(tmp_path / "out") if a == "OUT" else a for a in args], data_dir=loaded_store
    )
    _fails_cleanly(result, *words)
    assert not (tmp_path / "out").exists()


def test_unreadable_plan_files_fail_cleanly(tmp_path: Path, plan_copy: Path) -> None:
    (plan_copy / "plan.yaml").write_text("id: [unclosed\n")
    result = run_scorecard("plan", "validate", str(plan_copy), data_dir=tmp_path)
    _fails_cleanly(result, "plan.yaml:", "not valid YAML")
    (plan_copy / "plan.yaml").write_bytes(b"\xff\xfeid: x\n")
    result = run_scorecard("plan", "validate", str(plan_copy), data_dir=tmp_path)
    _fails_cleanly(result, "plan.yaml", "not UTF-8")


def test_aliases_of_aliases_are_read_once(tmp_path: Path, plan_copy: Path) -> None:
    """Nine lists of nine of the one before, eight deep, name 43 million items: finding their
    lines walked each of them (minutes); the plan is refused at once."""
    nested = ['a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    for before, name in zip("abcdefg", "bcdefgh", strict=True):
        nested.append(f"{name}: &{name} [{', '.join([f'*{before}'] * 9)}]")
    (plan_copy / "metrics.yaml").write_text("\n".join(nested) + "\n")
    result = run_scorecard("plan", "validate", str(plan_copy), data_dir=tmp_path)
    _fails_cleanly(result, "metrics.yaml:1: error: should be a list of metrics")


@pytest.mark.parametrize(
    ("args", "typed"),
    [
        (("plan", "export", "--plan", "west-sussex-2024-2\udcff", "--format", "csv"), "2024-2?"),
        (
            ("users", "add", "zoe", "--name", "Zo\udceb", "--email", "z@ex.org", "--password-file"),
            '"Zo?"',
        ),
    ],
    ids=["plan-id", "name"],
)
def test_text_typed_in_another_character_set_is_named(
    loaded_store: Path, tmp_path: Path, args, typed
) -> None:
    """Bytes that are not UTF-8 (Zo\\xeb from a Latin-1 terminal) reach the command as lone
    surrogates, which the store cannot take: named, not an internal error."""
    password = tmp_path / "password.txt"
    password.write_text("correct horse battery staple\n", encoding="utf-8")
    more = [str(password)] if args[-1] == "--password-file" else []
    result = run_scorecard(*args, *more, data_dir=loaded_store)
    _fails_cleanly(result, typed, "is not UTF-8 text")


def test_export_to_a_file_and_to_an_unwritable_place(loaded_store: Path, tmp_path: Path) -> None:
    target = tmp_path / "figures.csv"
    ok = run_scorecard(
        "figures",
        "export",
        "--plan",
        PLAN_ID,
        "--format",
        "csv",
        "--out",
        str(target),
        data_dir=loaded_store,
    )
    assert ok.returncode == 0 and target.read_text().startswith(
        "plan_id,metric_id,component,period,status,value"
    )
    blocked = tmp_path / "blocked"
    blocked.write_text("a file, not a folder")
    bad = run_scorecard(
        "figures",
        "export",
        "--plan",
        PLAN_ID,
        "--format",
        "csv",
        "--out",
        str(blocked / "f.csv"),
        data_dir=loaded_store,
    )
    _fails_cleanly(bad, "cannot write", str(blocked))


def test_render_writes_one_page_whole(loaded_store: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    result = run_scorecard(
        "render", "--plan", PLAN_ID, "--period", "2024-09", "--out", str(out), data_dir=loaded_store
    )
    assert result.returncode == 0, result.stderr
    assert [p.name for p in out.iterdir()] == ["index.html"]
    page = (out / "index.html").read_text()
    assert "SEND Improvement Plan 2024-2027 Scorecard" in page and "12.8%" in page


def test_debug_shows_the_traceback(loaded_store: Path) -> None:
    result = run_scorecard(
        "--debug", "plan", "export", "--plan", "nope", "--format", "csv", data_dir=loaded_store
    )
    assert result.returncode == 1 and "Traceback" in result.stderr


def test_a_store_that_cannot_be_opened_is_named(tmp_path: Path) -> None:
    folder = tmp_path / "a-folder"
    folder.mkdir()
    url = f"sqlite:///{folder}"
    result = run_scorecard("plan", "list", data_dir=tmp_path, env={"SCORECARD_DATABASE_URL": url})
    _fails_cleanly(result, f"the store at {folder} cannot be opened")


@pytest.mark.parametrize("url", ["mongo://x/y", "mysql://x/y", "oracle://x/y", "nonsense"])
def test_a_bad_database_url_is_named(tmp_path: Path, url: str) -> None:
    result = run_scorecard("plan", "list", data_dir=tmp_path, env={"SCORECARD_DATABASE_URL": url})
    _fails_cleanly(result, "SCORECARD_DATABASE_URL", "SQLite or PostgreSQL only")
    assert "MySQLdb" not in result.stderr and "internal error" not in result.stderr
    if "://" in url:
        assert f'has the scheme "{url.split(":")[0]}"' in result.stderr


@pytest.mark.parametrize(
    ("period", "message"),
    [("2024-13", "--period:"), ("2030-01", "--period: 2030-01 is outside plan")],
)
def test_demo_checks_the_month_before_storing_anything(
    tmp_path: Path, period: str, message: str
) -> None:
    result = run_scorecard("demo", "--period", period, "--no-serve", data_dir=tmp_path)
    _fails_cleanly(result, message)
    assert result.stdout == ""
    assert not (tmp_path / "scorecard.sqlite3").exists()


def test_demo_loads_and_renders(tmp_path: Path) -> None:
    result = run_scorecard("demo", "--no-serve", data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    real = (tmp_path / "demo" / PLAN_ID / "index.html").read_text()
    synthetic = (tmp_path / "demo" / f"{PLAN_ID}-synthetic" / "index.html").read_text()
    # the synthetic plan at its latest month with figures that has ended (it runs to March 2027)
    ended = Month.of(dt.date.today()).plus(-1)
    shown = min(ended, Month.parse("2027-03"))
    assert "September 2024" in result.stdout and f"the {shown.label} scorecard" in result.stdout
    assert f"version 1 of the {shown.label} release of {PLAN_ID}-synthetic." in result.stdout
    # what each load stored, as scorecard plan load says it
    assert f"Loaded plan {PLAN_ID} into " in result.stdout
    assert "(new version); figures: 100 added, 0 updated, 0 removed" in result.stdout
    assert "12.8%" in real and "Synthetic data" not in real
    assert "Synthetic data. Every figure here is computed from made-up records" in synthetic
    # Each plan's latest month is published as a release, once.
    assert f"Published version 1 of the September 2024 release of {PLAN_ID}." in result.stdout
    assert "release of west-sussex-2024-27-synthetic" in result.stdout
    again = run_scorecard("demo", "--no-serve", data_dir=tmp_path)
    assert again.returncode == 0, again.stderr
    assert f"The September 2024 release of {PLAN_ID} is already published." in again.stdout
    assert f"Plan {PLAN_ID} is already up to date (version 1)" in again.stdout


def test_serving_on_a_port_in_use_says_so_once_before_anything_else(tmp_path: Path) -> None:
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = str(busy.getsockname()[1])
        for command in (("serve", "--port", port), ("demo", "--port", port)):
            result = run_scorecard(*command, data_dir=tmp_path)
            _fails_cleanly(result, f"--port: port {port} on 127.0.0.1 is already in use")
            assert result.stdout == "" and result.stderr.count("\n") == 1
            assert "Serving" not in result.stderr
    assert not (tmp_path / "scorecard.sqlite3").exists()
