"""`scorecard users …`: the people who sign in, and their roles in each plan."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from scorecard.cli.options import current_user, emit, format_option, out_file_option
from scorecard.domain.errors import ScorecardError
from scorecard.domain.ids import did_you_mean
from scorecard.domain.signoff import Role
from scorecard.publish.tables import Cell
from scorecard.publish.writers import TABLE_FORMATS

ROLES = click.Choice([r.value for r in Role])
USER_COLUMNS = (
    "username",
    "name",
    "email",
    "plan_id",
    "role",
    "organisation",
    "metrics",
    "added_at",
    "added_by",
    "added_through",
    "last_signed_in",
    "active",
)
HISTORY_COLUMNS = ("at", "username", "action", "name", "email", "by", "through", "reason")
SIGN_IN_COLUMNS = ("at", "username", "outcome", "method", "address")


@click.group()
def users() -> None:
    """People who sign in to enter, check and approve figures, and their roles in each plan."""


@users.command()
@click.argument("username")
@click.option("--name", required=True, help="The person's full name.")
@click.option("--email", required=True, help="Their email address, for reminders.")
@click.option(
    "--password-file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Read the password from the first line of this file (otherwise you are asked).",
)
def add(username: str, name: str, email: str, password_file: Path | None) -> None:
    """Add a person who can sign in (at least 12 characters of password, not a common one).

    The user name, name and email address follow the People page's rules: a user name nobody
    has, of letters, digits and @ . + - _; a name; an email address in the right form that no one
    else has, in any case (single sign-on matches people by it)."""
    from scorecard.web.store import open_store

    open_store()
    from scorecard.web.accounts import rules
    from scorecard.web.accounts.services import add_person, lower_first

    username, name, email = username.strip(), rules.tidy_name(name), email.strip()
    problems = rules.new_person_problems(username, name, email)
    if problems:
        where = {"username": f"USERNAME {_shown(username)}", "name": "--name", "email": "--email"}
        raise ScorecardError(
            "; ".join(f"{where[field]}: {lower_first(text)}" for field, text in problems.items())
        )
    if password_file is not None:
        password = _password_from(password_file)
    elif not sys.stdin.isatty():
        raise ScorecardError(
            "--password-file: there is no terminal to ask for the password on; give it in a "
            "file with --password-file FILE"
        )
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    add_person(
        username=username,
        name=name,
        email=email,
        password=password,
        by=current_user(),
        at=dt.datetime.now(dt.UTC),
        through="scorecard users add",
    )
    click.echo(
        f"Added {username}; give them a role with: scorecard users grant {username} "
        "--plan ID --role ROLE",
        err=True,
    )


def _password_from(path: Path) -> str:
    """The first line of the file, as a text editor saved it (a byte order mark is no part of
    the password)."""
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except UnicodeDecodeError:
        raise ScorecardError(
            f"--password-file: {path} is not UTF-8 text; save it as UTF-8"
        ) from None
    except OSError as exc:
        raise ScorecardError(f"--password-file: {path} cannot be read: {exc.strerror}") from None
    return lines[0] if lines else ""


@users.command()
@click.argument("username")
@click.option("--plan", "plan_id", required=True, metavar="ID", help="The plan's id.")
@click.option(
    "--role", required=True, type=ROLES, help="viewer, data_owner, approver or administrator."
)
@click.option(
    "--metric", "metrics", multiple=True, metavar="ID", help="A metric a data owner owns (repeat)."
)
@click.option("--organisation", default="", metavar="ID", help="The partner the person works for.")
@click.option(
    "--reason", default="granted with scorecard users grant", help="Why, for the history."
)
def grant(
    username: str, plan_id: str, role: str, metrics: tuple[str, ...], organisation: str, reason: str
) -> None:
    """Give a person a role in a plan (again, to change a data owner's metrics)."""
    from scorecard.web.store import open_store

    open_store()
    _check_reason(reason)
    from scorecard.web.accounts.services import grant as grant_role

    _check_metric_case(plan_id, metrics)
    grant_role(
        plan_id=plan_id,
        username=username,
        role=Role(role),
        metrics=metrics,
        organisation=organisation,
        by=current_user(),
        at=dt.datetime.now(dt.UTC),
        reason=reason.strip(),
    )
    click.echo(f"{username} now has the role {role} in {plan_id}", err=True)


def _check_metric_case(plan_id: str, metrics: tuple[str, ...]) -> None:
    """A --metric that is one of the plan's ids in other case is refused with the id meant
    (ids are case-sensitive); other unknown ids are named with the grant's other problems."""
    from scorecard.web.catalogue.queries import current_plan

    ids = [m.id for m in current_plan(plan_id).metrics]
    slips = [f'"{m}"{did_you_mean(m, ids)}' for m in metrics if did_you_mean(m, ids)]
    if slips:
        raise ScorecardError(f"--metric: plan {plan_id} has no metric {', '.join(slips)}")


@users.command()
@click.argument("username")
@click.option("--plan", "plan_id", required=True, metavar="ID", help="The plan's id.")
@click.option("--role", required=True, type=ROLES, help="The role to take away.")
@click.option(
    "--reason", default="removed with scorecard users revoke", help="Why, for the history."
)
def revoke(username: str, plan_id: str, role: str, reason: str) -> None:
    """Take a role in a plan away from a person."""
    from scorecard.web.store import open_store

    open_store()
    _check_reason(reason)
    from scorecard.web.accounts.services import revoke as revoke_role
    from scorecard.web.catalogue.queries import current_plan

    current_plan(plan_id)  # a plan not in the store is named as such
    revoke_role(
        plan_id=plan_id,
        username=username,
        role=Role(role),
        by=current_user(),
        at=dt.datetime.now(dt.UTC),
        reason=reason.strip(),
    )
    click.echo(f"{username} no longer has the role {role} in {plan_id}", err=True)


def _shown(text: str) -> str:
    """A value quoted in a message: control characters escaped, a long one shortened."""
    shown = "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)
    return f'"{shown[:40]}…" ({len(text)} characters)' if len(shown) > 40 else f'"{shown}"'


def _check_reason(reason: str, history: str = "the role history") -> None:
    """The reason is kept in a history: as on the People page, given and at most 500
    characters."""
    from scorecard.web.accounts.rules import REASON_LENGTH

    if not reason.strip():
        raise ScorecardError(f"--reason: say why, for {history}")
    if len(reason.strip()) > REASON_LENGTH:
        raise ScorecardError(f"--reason: write the reason in {REASON_LENGTH} characters or fewer")


@users.command()
@click.argument("username")
@click.option("--reason", required=True, help="Why, for the history of people (required).")
def deactivate(username: str, reason: str) -> None:
    """Stop a person signing in (someone who has left): by password or single sign-on, and any
    session of theirs ends at once. Their roles and everything they did stay; reactivate them
    to let them sign in again. Never a plan's last administrator who can sign in."""
    _set_active(username, active=False, reason=reason)
    click.echo(f"{username} can no longer sign in", err=True)


@users.command()
@click.argument("username")
@click.option("--reason", required=True, help="Why, for the history of people (required).")
def reactivate(username: str, reason: str) -> None:
    """Let a deactivated person sign in again, with the roles they held."""
    _set_active(username, active=True, reason=reason)
    click.echo(f"{username} can sign in again", err=True)


def _set_active(username: str, *, active: bool, reason: str) -> None:
    from scorecard.web.store import open_store

    open_store()
    _check_reason(reason, "the history of people")
    from scorecard.web.accounts.services import set_active

    command = "reactivate" if active else "deactivate"
    set_active(
        username=username,
        active=active,
        by=current_user(),
        at=dt.datetime.now(dt.UTC),
        through=f"scorecard users {command}",
        reason=reason.strip(),
    )


@users.command(name="list")
@format_option
@out_file_option
def list_users(output_format: str, out: Path | None) -> None:
    """Everyone who can sign in, one row per role they hold, with when, by whom and through
    what they were added (empty for people added before the store kept it), when they last
    signed in (empty if never), and whether they can sign in (active)."""
    from scorecard.web.store import open_store

    open_store()
    from django.contrib.auth.models import User

    from scorecard.web.accounts.models import PersonAction, PersonEvent

    added = {a.username: a for a in PersonEvent.objects.filter(action=PersonAction.ADDED)}
    rows: list[dict[str, Cell]] = []
    for person in User.objects.order_by("username").prefetch_related("plan_roles__plan"):
        when = added.get(person.username)
        base: dict[str, Cell] = {
            "username": person.username,
            "name": person.get_full_name(),
            "email": person.email,
            "added_at": when.at.isoformat(timespec="seconds") if when else None,
            "added_by": when.by if when else None,
            "added_through": when.through if when else None,
            "last_signed_in": (
                person.last_login.isoformat(timespec="seconds") if person.last_login else None
            ),
            "active": person.is_active,
        }
        roles = list(person.plan_roles.all())
        if not roles:
            rows.append(
                {**base, "plan_id": None, "role": None, "organisation": None, "metrics": None}
            )
        for held in roles:
            rows.append(
                {
                    **base,
                    "plan_id": held.plan.plan_id,
                    "role": held.role,
                    "organisation": held.organisation or None,
                    "metrics": ";".join(held.metrics) or None,
                }
            )
    emit(TABLE_FORMATS[output_format]((USER_COLUMNS, rows)), out)


@users.command()
@click.option("--username", default=None, help="Only this person's history.")
@format_option
@out_file_option
def history(username: str | None, output_format: str, out: Path | None) -> None:
    """The history of people, oldest first: everyone added (by whom and through what: this
    command or a plan's People page), deactivated or reactivated (by whom and why), with
    their name and email address then. The time is UTC, with its offset. Never edited."""
    from scorecard.web.store import open_store

    open_store()
    from scorecard.web.accounts.models import PersonEvent

    events = PersonEvent.objects.order_by("id")
    if username is not None:
        events = events.filter(username=username)
        if not events.exists():
            raise ScorecardError(
                f"--username: there is no person with the user name {_shown(username)} "
                "in the history of people"
            )
    rows: list[dict[str, Cell]] = [
        {
            "at": event.at.isoformat(timespec="seconds"),
            "username": event.username,
            "action": event.action,
            "name": event.name,
            "email": event.email,
            "by": event.by,
            "through": event.through,
            "reason": event.reason or None,
        }
        for event in events
    ]
    emit(TABLE_FORMATS[output_format]((HISTORY_COLUMNS, rows)), out)


@users.command(name="sign-ins")
@click.option("--username", default=None, help="Only this person's sign-ins.")
@format_option
@out_file_option
def sign_ins(username: str | None, output_format: str, out: Path | None) -> None:
    """The sign-in history, oldest first: every sign-in (by password or single sign-on),
    failed sign-in, sign-in refused after too many failures, and sign-out, with the account
    (empty for a user name no one has, which is not kept), the address it came from and the
    time in UTC with its offset. Never edited."""
    from scorecard.web.store import open_store

    open_store()
    from scorecard.web.accounts.models import SignInEvent

    events = SignInEvent.objects.order_by("id")
    if username is not None:
        events = events.filter(username=username)
    rows: list[dict[str, Cell]] = [
        {
            "at": event.at.isoformat(timespec="seconds"),
            "username": event.username or None,
            "outcome": event.outcome,
            "method": event.method or None,
            "address": event.address or None,
        }
        for event in events
    ]
    emit(TABLE_FORMATS[output_format]((SIGN_IN_COLUMNS, rows)), out)
