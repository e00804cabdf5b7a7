"""Production settings pass Django's deployment checks and refuse to start without secrets."""

from __future__ import annotations

import os
import subprocess
import sys


def _check(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("SCORECARD_")}
    environment.update({"DJANGO_SETTINGS_MODULE": "scorecard.web.settings", **env})
    return subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
        check=False,
    )


def test_production_settings_pass_the_deployment_checks() -> None:
    result = _check(
        {
            "SCORECARD_ENV": "production",
            "SCORECARD_SECRET_KEY": "k" * 20 + "Zq8!vX2#mN4$pR6^tY9&wA1*cE3(gI5)" + "j" * 20,
            "SCORECARD_ALLOWED_HOSTS": "scorecard.example.org",
            "SCORECARD_TLS": "1",
        }
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_without_a_secret_key_refuses_to_start() -> None:
    result = _check({"SCORECARD_ENV": "production", "SCORECARD_ALLOWED_HOSTS": "x.example"})
    assert result.returncode != 0
    assert "SCORECARD_SECRET_KEY must be set in production" in result.stderr


def test_a_page_that_fails_in_production_is_logged_with_its_traceback(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Debug off: the person sees the 500 page; the people running the service see, on
    standard error, which address failed and why (Django alone writes it nowhere)."""
    broken = tmp_path / "broken.sqlite3"
    broken.write_bytes(b"not a database" * 100)
    script = (
        "import django; django.setup()\n"
        "from django.test import Client\n"
        "answer = Client(raise_request_exception=False).get('/plans/west-sussex-2024-27/')\n"
        "print(answer.status_code)\n"
    )
    environment = {k: v for k, v in os.environ.items() if not k.startswith("SCORECARD_")}
    environment.update(
        {
            "DJANGO_SETTINGS_MODULE": "scorecard.web.settings",
            "SCORECARD_ENV": "production",
            "SCORECARD_SECRET_KEY": "k" * 20 + "Zq8!vX2#mN4$pR6^tY9&wA1*cE3(gI5)" + "j" * 20,
            "SCORECARD_ALLOWED_HOSTS": "testserver",
            "SCORECARD_DATABASE_URL": f"sqlite:///{broken}",
        }
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
        check=False,
    )
    assert result.stdout.strip() == "500", result.stdout + result.stderr
    assert (
        "ERROR django.request: Internal Server Error: /plans/west-sussex-2024-27/" in result.stderr
    )
    assert "Traceback" in result.stderr and "DatabaseError" in result.stderr
