"""`scorecard users` in a real process: adding people, granting and taking away roles, the
role history, and bad input ending in one clear message with nothing stored."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

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
    )
    assert added.returncode == 0, added.stderr
    return data


def _users(store: Path) -> list[dict[str, str]]:
    listed = run_scorecard("users", "list", "--format", "csv", data_dir=store)
    assert listed.returncode == 0, listed.stderr
    return list(csv.DictReader(io.StringIO(listed.stdout)))


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
            "only a data owner owns metrics",
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
