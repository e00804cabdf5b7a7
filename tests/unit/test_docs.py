"""Docs follow the code: every command and every environment variable is documented."""

from __future__ import annotations

import re
from pathlib import Path

import click

from scorecard.cli.main import cli

ROOT = Path(__file__).resolve().parents[2]


def _commands(group: click.Group, prefix: str = "") -> list[str]:
    names = []
    for name, command in group.commands.items():
        full = f"{prefix}{name}"
        if isinstance(command, click.Group):
            names += _commands(command, full + " ")
        else:
            names.append(full)
    return names


def test_every_command_is_documented_and_has_help() -> None:
    documented = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    for name in _commands(cli):
        assert f"`scorecard {name}" in documented, f"scorecard {name} is not in docs/cli.md"
    for command in cli.commands.values():
        assert command.help, command.name


def test_every_environment_variable_is_in_the_readme() -> None:
    environment = (ROOT / "src/scorecard/web/settings/environment.py").read_text(encoding="utf-8")
    options = (ROOT / "src/scorecard/cli/options.py").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    names = set(re.findall(r"SCORECARD_[A-Z_]+", environment + options))
    assert names, "no variables found"
    for name in sorted(names):
        assert f"`{name}`" in readme, f"{name} is not documented in README.md"
