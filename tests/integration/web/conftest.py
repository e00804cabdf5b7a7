"""A store with both bundled plans loaded, for the page tests."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache

from scorecard.planfiles.reader import read_plan
from scorecard.web.catalogue.services import load_plan
from tests.conftest import ROOT
from tests.integration.web.collection import make_people

PLANS = ("west-sussex-2024-27", "west-sussex-2024-27-synthetic")


@pytest.fixture
def loaded(db: None) -> None:
    cache.clear()
    for plan_id in PLANS:
        reading = read_plan(ROOT / "plans" / plan_id)
        assert reading.plan is not None
        load_plan(reading.plan, reading.figures, source=plan_id, loaded_by="tester")


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: object) -> None:
    """Tests make many people; a deliberately slow password hash would make them slow too.
    Production keeps Django's default (PBKDF2)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # type: ignore[attr-defined]


@pytest.fixture
def people(db: None) -> dict[str, User]:
    """Someone of each kind (collection.PEOPLE), with their roles in the bundled plan."""
    return make_people()
