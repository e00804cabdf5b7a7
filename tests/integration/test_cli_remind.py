"""`scorecard remind` in a real process: the console email backend prints the email; a second
run the same day sends nothing; bad input is one clear message."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.integration.cli_helpers import run_scorecard

pytestmark = pytest.mark.slow
PLAN_ID = "west-sussex-2024-27"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.conftest import BUNDLED_PLAN

    data = tmp_path_factory.mktemp("remind")
    assert run_scorecard("plan", "load", str(BUNDLED_PLAN), data_dir=data).returncode == 0
    password = data / "password.txt"
    password.write_text("correct horse battery staple\n", encoding="utf-8")
    for args in (
        (
            "users",
            "add",
            "olive",
            "--name",
            "Olive Owner",
            "--email",
            "olive@example.org",
            "--password-file",
            str(password),
        ),
        ("users", "grant", "olive", "--plan", PLAN_ID, "--role", "data_owner", "--metric", "3.1"),
    ):
        result = run_scorecard(*args, data_dir=data)
        assert result.returncode == 0, result.stderr
    return data


def test_reminders_are_printed_and_sent_once(store: Path) -> None:
    dry = run_scorecard(
        "remind", "--plan", PLAN_ID, "--today", "2024-11-15", "--dry-run", data_dir=store
    )
    assert dry.returncode == 0, dry.stderr
    assert "overdue\tolive\t3.1\t2024-10" in dry.stderr
    assert "1 reminder would be sent (dry run: none sent)" in dry.stderr
    sent = run_scorecard("remind", "--plan", PLAN_ID, "--today", "2024-11-15", data_dir=store)
    assert sent.returncode == 0, sent.stderr
    assert "Sent 1 email (1 reminder)" in sent.stderr
    assert "To: olive@example.org" in sent.stdout
    assert "Subject: 1 overdue return: SEND Improvement Plan 2024-2027 Scorecard" in sent.stdout
    again = run_scorecard("remind", "--plan", PLAN_ID, "--today", "2024-11-15", data_dir=store)
    assert "Sent 0 emails (0 reminders)" in again.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--plan", "nope"), 'no plan "nope"'),
        (("--plan", PLAN_ID, "--today", "15/11/2024"), '--today: "15/11/2024" is not a date'),
    ],
)
def test_bad_input(store: Path, args: tuple[str, ...], message: str) -> None:
    result = run_scorecard("remind", *args, data_dir=store)
    assert result.returncode == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr
