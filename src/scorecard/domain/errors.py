"""Errors a user can cause, with messages they can act on."""

from __future__ import annotations


class ScorecardError(Exception):
    """Base of every error caused by input: the CLI prints the message and exits 1."""


class PeriodError(ScorecardError, ValueError):
    """A period written wrongly or out of range."""


class PlanNotFoundError(ScorecardError):
    """No plan with the id asked for."""
