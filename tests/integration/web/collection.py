"""People with roles in the bundled West Sussex plan, for the returns tests."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape

from django.contrib.auth.models import User
from django.test import Client

from scorecard.domain.signoff import Role
from scorecard.web.accounts.services import add_person, grant

PLAN_ID = "west-sussex-2024-27"
WS = f"/plans/{PLAN_ID}"
PASSWORD = "correct horse battery staple"
NOW = dt.datetime(2024, 11, 20, 9, 0, tzinfo=dt.UTC)

# name: (roles, metrics owned)
PEOPLE: dict[str, tuple[tuple[Role, ...], tuple[str, ...]]] = {
    "viewer": ((Role.VIEWER,), ()),
    "owner_a": ((Role.DATA_OWNER,), ("3.1", "4.1")),
    "owner_b": ((Role.DATA_OWNER,), ("3.2",)),
    "approver": ((Role.APPROVER,), ()),
    "administrator": ((Role.ADMINISTRATOR,), ()),
    "owner_approver": ((Role.DATA_OWNER, Role.APPROVER), ("3.3",)),
    "stranger": ((), ()),
}


def add_test_person(username: str, password: str | None = PASSWORD) -> User:
    """Someone added by the tests, named after their user name."""
    return add_person(
        username=username,
        name=username.title(),
        email=f"{username}@example.org",
        password=password,
        by="tester",
        at=NOW,
        through="the tests",
    )


def make_people() -> dict[str, User]:
    made = {}
    for name, (roles, metrics) in PEOPLE.items():
        made[name] = add_test_person(name)
        for role in roles:
            owned = metrics if role is Role.DATA_OWNER else ()
            grant(
                plan_id=PLAN_ID,
                username=name,
                role=role,
                metrics=owned,
                by="tester",
                at=NOW,
                reason="test",
            )
    return made


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def return_url(metric_slug: str, period: str) -> str:
    return f"{WS}/returns/{metric_slug}/{period}/"


def upload_problems(response: object) -> list[tuple[str, str, str]]:
    """The upload page's problems: (row, column, problem) for each."""
    html = unescape(response.content.decode())  # type: ignore[attr-defined]
    table = html[html.index('id="problems"') :]
    # each row: its row number (the row's header), column and problem
    cell = (
        r"<th scope=\"row\" class=\"govuk-table__header\">(.*?)</th>"
        r"|<td class=\"govuk-table__cell\">(.*?)</td>"
    )
    cells = ["".join(found) for found in re.findall(cell, table, re.S)]
    return [tuple(cells[i : i + 3]) for i in range(0, len(cells), 3)]  # type: ignore[misc]
