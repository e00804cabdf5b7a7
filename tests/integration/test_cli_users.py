"""`scorecard users` in a real process: adding people, granting and taking away roles, the
role history, and bad input ending in one clear message with nothing stored."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sqlite3
from pathlib import Path

import pytest
from django.contrib.auth.hashers import check_password

from tests.integration.cli_helpers import run_scorecard

pytestmark = pytest.mark.slow

PLAN_ID = "west-sussex-2024-27"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.conftest import BUNDLED_PLAN

    data = tmp_path_factory.mktemp("users")
    assert run_scorecard("plan", "load", str(BUNDLED_PLAN), data_dir=data).returncode == 0
    password = data / "password.txt"
    password.write_text("correct horse battery staple\n", encoding="utf-8")
    added = run_scorecard(
        "users",
        "add",
        "olive",
        "--name",
        "Olive Owner",
        "--email",
        "olive@example.org",
        "--password-file",
        str(password),
        data_dir=data,
        env={"SCORECARD_USER": "ada.admin"},
    )
    assert added.returncode == 0, added.stderr
    assert "Added olive; give them a role with: scorecard users grant olive --plan ID" in (
        added.stderr
    )
    return data


def _users(store: Path) -> list[dict[str, str]]:
    listed = run_scorecard("users", "list", "--format", "csv", data_dir=store)
    assert listed.returncode == 0, listed.stderr
    return list(csv.DictReader(io.StringIO(listed.stdout)))


def test_the_list_says_who_added_each_person_when_and_how(store: Path) -> None:
    row = next(row for row in _users(store) if row["username"] == "olive")
    assert (row["added_by"], row["added_through"]) == ("ada.admin", "scorecard users add")
    added = dt.datetime.fromisoformat(row["added_at"])
    assert added.tzinfo is not None
    assert abs(dt.datetime.now(dt.UTC) - added) < dt.timedelta(hours=1)
    assert row["last_signed_in"] == ""  # never signed in


def test_deactivate_and_reactivate(store: Path) -> None:
    def olive() -> dict[str, str]:
        return next(row for row in _users(store) if row["username"] == "olive")

    assert olive()["active"] == "true"
    missing = run_scorecard("users", "deactivate", "olive", data_dir=store)
    assert missing.returncode == 1 and "Missing option '--reason'" in missing.stderr
    blank = run_scorecard("users", "deactivate", "olive", "--reason", " ", data_dir=store)
    assert blank.returncode == 1 and "--reason: say why, for the history of people" in blank.stderr
    off = run_scorecard("users", "deactivate", "olive", "--reason", "Left", data_dir=store)
    assert off.returncode == 0 and "olive can no longer sign in" in off.stderr
    assert olive()["active"] == "false"
    twice = run_scorecard("users", "deactivate", "olive", "--reason", "Left", data_dir=store)
    assert twice.returncode == 1 and "olive is deactivated already" in twice.stderr
    on = run_scorecard("users", "reactivate", "olive", "--reason", "Back", data_dir=store)
    assert on.returncode == 0 and "olive can sign in again" in on.stderr
    assert olive()["active"] == "true"


def test_the_history_of_people_says_who_did_what_when_and_why(store: Path) -> None:
    """Everyone added, deactivated and reactivated, with whom by, through what and why."""
    for command, reason in (("deactivate", "Left the trust"), ("reactivate", "Came back")):
        done = run_scorecard(
            "users",
            command,
            "olive",
            "--reason",
            reason,
            data_dir=store,
            env={"SCORECARD_USER": "ada.admin"},
        )
        assert done.returncode == 0, done.stderr
    listed = run_scorecard(
        "users", "history", "--username", "olive", "--format", "csv", data_dir=store
    )
    assert listed.returncode == 0, listed.stderr
    rows = list(csv.DictReader(io.StringIO(listed.stdout)))
    said = [(r["username"], r["action"], r["by"], r["through"], r["reason"]) for r in rows]
    assert said[0] == ("olive", "added", "ada.admin", "scorecard users add", "")
    assert said[-2:] == [
        ("olive", "deactivated", "ada.admin", "scorecard users deactivate", "Left the trust"),
        ("olive", "reactivated", "ada.admin", "scorecard users reactivate", "Came back"),
    ]
    assert {(r["name"], r["email"]) for r in rows} == {("Olive Owner", "olive@example.org")}
    for row in rows:
        assert dt.datetime.fromisoformat(row["at"]).utcoffset() == dt.timedelta(0)
    whole = run_scorecard("users", "history", "--format", "json", data_dir=store)
    assert whole.returncode == 0 and '"action": "reactivated"' in whole.stdout
    unknown = run_scorecard(
        "users", "history", "--username", "nobody", "--format", "csv", data_dir=store
    )
    assert unknown.returncode == 1
    assert '--username: there is no person with the user name "nobody"' in unknown.stderr


def test_the_sign_in_history_lists_every_sign_in(store: Path) -> None:
    with sqlite3.connect(store / "scorecard.sqlite3") as db:
        db.executemany(
            "INSERT INTO accounts_signinevent (username, outcome, method, address, at) "
            "VALUES (?, ?, ?, ?, ?)",
            [
                ("", "failed", "password", "192.0.2.1", "2024-11-20 09:00:00"),
                ("olive", "signed_in", "single sign-on", "192.0.2.1", "2024-11-20 09:01:00"),
                ("olive", "signed_out", "", "192.0.2.1", "2024-11-20 09:30:00"),
            ],
        )
    listed = run_scorecard("users", "sign-ins", "--format", "csv", data_dir=store)
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.splitlines() == [
        "at,username,outcome,method,address",
        "2024-11-20T09:00:00+00:00,,failed,password,192.0.2.1",
        "2024-11-20T09:01:00+00:00,olive,signed_in,single sign-on,192.0.2.1",
        "2024-11-20T09:30:00+00:00,olive,signed_out,,192.0.2.1",
    ]
    olive = run_scorecard(
        "users", "sign-ins", "--username", "olive", "--format", "json", data_dir=store
    )
    assert olive.returncode == 0, olive.stderr
    assert [e["outcome"] for e in json.loads(olive.stdout)] == ["signed_in", "signed_out"]


def test_grant_change_and_revoke(store: Path) -> None:
    granted = run_scorecard(
        "users",
        "grant",
        "olive",
        "--plan",
        PLAN_ID,
        "--role",
        "data_owner",
        "--metric",
        "3.1",
        "--metric",
        "3.2",
        "--organisation",
        "wscc-send",
        data_dir=store,
    )
    assert granted.returncode == 0, granted.stderr
    (row,) = _users(store)
    assert (row["role"], row["metrics"], row["organisation"]) == (
        "data_owner",
        "3.1;3.2",
        "wscc-send",
    )
    again = run_scorecard(
        "users",
        "grant",
        "olive",
        "--plan",
        PLAN_ID,
        "--role",
        "data_owner",
        "--metric",
        "3.1",
        data_dir=store,
    )
    assert again.returncode == 0, again.stderr
    assert _users(store)[0]["metrics"] == "3.1"
    revoked = run_scorecard(
        "users", "revoke", "olive", "--plan", PLAN_ID, "--role", "data_owner", data_dir=store
    )
    assert revoked.returncode == 0, revoked.stderr
    assert _users(store)[0]["role"] == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("grant", "olive", "--plan", PLAN_ID, "--role", "data_owner"),
            "give at least one with --metric",
        ),
        (
            ("grant", "olive", "--plan", PLAN_ID, "--role", "data_owner", "--metric", "9.9"),
            "has no metric 9.9",
        ),
        (
            ("grant", "olive", "--plan", PLAN_ID, "--role", "approver", "--metric", "3.1"),
            "only a data owner owns metrics, not an approver",
        ),
        (
            ("grant", "olive", "--plan", PLAN_ID, "--role", "viewer", "--reason", " "),
            "--reason: say why",
        ),
        (
            ("grant", "olive", "--plan", PLAN_ID, "--role", "viewer", "--reason", "r" * 501),
            "--reason: write the reason in 500 characters or fewer",
        ),
        (
            ("grant", "olive", "--plan", PLAN_ID, "--role", "viewer", "--organisation", "acme"),
            'organisation "acme" is not one',
        ),
        (
            ("grant", "nobody", "--plan", PLAN_ID, "--role", "viewer"),
            'no person with the user name "nobody"',
        ),
        (("grant", "olive", "--plan", "nope", "--role", "viewer"), 'no plan "nope"'),
        (("grant", "olive", "--plan", PLAN_ID, "--role", "boss"), "'boss' is not one of"),
        (
            ("revoke", "olive", "--plan", PLAN_ID, "--role", "approver"),
            '"olive" does not have the role approver',
        ),
        (("revoke", "olive", "--plan", "nope", "--role", "viewer"), 'no plan "nope"'),
    ],
)
def test_bad_input(store: Path, args: tuple[str, ...], message: str) -> None:
    before = _users(store)
    result = run_scorecard("users", *args, data_dir=store)
    assert result.returncode == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert _users(store) == before


def test_a_weak_password_or_taken_name_is_refused(store: Path, tmp_path: Path) -> None:
    weak = tmp_path / "weak.txt"
    weak.write_text("password\n", encoding="utf-8")
    result = run_scorecard(
        "users",
        "add",
        "pat",
        "--name",
        "Pat",
        "--email",
        "p@example.org",
        "--password-file",
        str(weak),
        data_dir=store,
    )
    assert result.returncode == 1
    assert "the password is not good enough" in result.stderr
    result = run_scorecard(
        "users",
        "add",
        "olive",
        "--name",
        "Olive",
        "--email",
        "o@example.org",
        "--password-file",
        str(weak),
        data_dir=store,
    )
    assert 'already a person with the user name "olive"' in result.stderr
    assert [r["username"] for r in _users(store)] == ["olive"]


def test_a_password_file_is_read_as_an_editor_saves_it(tmp_path: Path) -> None:
    """Windows text (not UTF-8) is named, not an internal error; a byte order mark, as Notepad
    writes, is no part of the password."""
    store = tmp_path / "data"
    latin = tmp_path / "latin.txt"
    latin.write_bytes("café au lait, s'il vous plaît\n".encode("cp1252"))
    refused = run_scorecard(
        "users", "add", "pat", "--name", "Pat", "--email", "p@example.org",
        "--password-file", str(latin), data_dir=store,
    )  # fmt: skip
    assert refused.returncode == 1, refused.stderr
    assert f"--password-file: {latin} is not UTF-8 text; save it as UTF-8" in refused.stderr
    assert _users(store) == []
    marked = tmp_path / "marked.txt"
    marked.write_bytes(b"\xef\xbb\xbfcorrect horse battery staple\r\n")
    added = run_scorecard(
        "users", "add", "pat", "--name", "Pat", "--email", "p@example.org",
        "--password-file", str(marked), data_dir=store,
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    with sqlite3.connect(store / "scorecard.sqlite3") as db:
        (encoded,) = db.execute("SELECT password FROM auth_user WHERE username = 'pat'").fetchone()
    assert check_password("correct horse battery staple", encoded)


def _add(store: Path, username: str, name: str, email: str) -> tuple[int, str]:
    password = store / "password.txt"
    result = run_scorecard(
        "users",
        "add",
        username,
        "--name",
        name,
        "--email",
        email,
        "--password-file",
        str(password),
        data_dir=store,
    )
    return result.returncode, result.stderr


@pytest.mark.parametrize(
    ("username", "name", "email", "message"),
    [
        ("dup", "Dee", "olive@example.org", "--email: olive already has the email address"),
        ("dup", "Dee", "OLIVE@Example.ORG", "(single sign-on matches people by it)"),
        ("newbie", "Dee", "not-an-email", "--email: enter an email address in the right form"),
        ("newbie", "Dee", "", "--email: enter the person's work email address"),
        ("newbie", "Dee", "e" * 300 + "@example.org", "--email: enter an email address of 254"),
        ("bad name!", "Dee", "d@example.org", 'USERNAME "bad name!": a user name has at most 150'),
        ("nul\x01x", "Dee", "d@example.org", "a user name has at most 150 letters, digits"),
        ("u" * 200, "Dee", "d@example.org", "a user name has at most 150 letters"),
        (" ", "Dee", "d@example.org", "enter a user name"),
        ("newbie", "", "d@example.org", "--name: enter the person's full name"),
        ("newbie", "  ", "d@example.org", "--name: enter the person's full name"),
        ("newbie", "N" * 151, "d@example.org", "--name: enter the full name in 150 characters"),
        ("newbie", "Dee\x01", "d@example.org", "--name: enter the full name without control"),
    ],
)
def test_adding_someone_follows_the_people_pages_rules(
    store: Path, username: str, name: str, email: str, message: str
) -> None:
    before = _users(store)
    returncode, stderr = _add(store, username, name, email)
    assert returncode == 1
    assert message in stderr and stderr.count("\n") == 1
    assert _users(store) == before


def test_with_no_terminal_the_password_file_is_asked_for(store: Path) -> None:
    """Run from a script (no terminal to ask on), `users add` says to give --password-file
    instead of stopping with no message; nobody is added."""
    before = _users(store)
    result = run_scorecard(
        "users", "add", "newbie", "--name", "Dee", "--email", "d@example.org", data_dir=store
    )
    assert result.returncode == 1
    assert "--password-file: there is no terminal to ask for the password on" in result.stderr
    assert _users(store) == before


def test_every_problem_with_a_new_person_is_told_at_once(store: Path) -> None:
    returncode, stderr = _add(store, "olive", "", "olive")
    assert returncode == 1
    assert 'already a person with the user name "olive"' in stderr
    assert "--name: enter the person's full name" in stderr
    assert "--email: enter an email address in the right form" in stderr


def test_giving_a_role_someone_holds_already_is_refused(store: Path) -> None:
    grant = ("users", "grant", "olive", "--plan", PLAN_ID, "--role", "viewer")
    assert run_scorecard(*grant, data_dir=store).returncode == 0
    before = _users(store)
    again = run_scorecard(*grant, data_dir=store)
    assert again.returncode == 1
    assert "olive is already a viewer in plan west-sussex-2024-27" in again.stderr
    assert _users(store) == before
    owner = (*grant[:-1], "data_owner", "--metric", "3.1", "--metric", "3.2")
    assert run_scorecard(*owner, data_dir=store).returncode == 0
    same = run_scorecard(*owner[:-2], "--metric", "3.2", "--metric", "3.1", data_dir=store)
    assert same.returncode == 1
    assert "olive is already the data owner of 3.1, 3.2" in same.stderr
    other = run_scorecard(*owner[:-2], data_dir=store)
    assert other.returncode == 0, other.stderr
    revoke = ("users", "revoke", "olive", "--plan", PLAN_ID)
    assert run_scorecard(*revoke, "--role", "viewer", data_dir=store).returncode == 0
    assert run_scorecard(*revoke, "--role", "data_owner", data_dir=store).returncode == 0
