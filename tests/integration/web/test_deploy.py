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
