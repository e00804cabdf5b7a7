"""Writes to people and roles, each recorded in the list of people added or the role history
in the same transaction."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from scorecard.domain.errors import ScorecardError
from scorecard.domain.signoff import Role
from scorecard.web.accounts import rules
from scorecard.web.accounts.models import PersonAction, PersonEvent, PlanRole, RoleChange
from scorecard.web.catalogue import models as catalogue
from scorecard.web.catalogue.queries import current_plan


def add_person(
    *,
    username: str,
    name: str,
    email: str,
    password: str | None,
    by: str,
    at: dt.datetime,
    through: str,
) -> User:
    """A new person who can sign in; a clear error if the user name, name or email address
    breaks the rules (accounts.rules, as on the People page) or the password is weak. The list
    of people added records who added them, when and `through` what (the command line, or a
    plan's People page), in the same transaction.

    With no password (people added in the browser) they sign in through single sign-on only,
    matched by their email address: the browser never sets or sees a password."""
    username, name, email = username.strip(), rules.tidy_name(name), email.strip()
    problems = rules.new_person_problems(username, name, email)
    if problems:
        raise ScorecardError("; ".join(lower_first(p) for p in problems.values()))
    first, _, last = name.partition(" ")
    user = User(username=username, email=email, first_name=first, last_name=last)
    if password is None:
        user.set_unusable_password()
    else:
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise ScorecardError(
                "the password is not good enough: " + " ".join(exc.messages)
            ) from exc
        user.set_password(password)
    with transaction.atomic():
        user.save()
        _record(user, PersonAction.ADDED, by=by, at=at, through=through)
    return user


def set_active(
    *, username: str, active: bool, by: str, at: dt.datetime, through: str, reason: str
) -> User:
    """Deactivate a person (they can no longer sign in, by password or single sign-on, and any
    session of theirs ends; their roles and everything they did stay) or reactivate them,
    recorded in the history of people. Never the last active administrator of a plan."""
    with transaction.atomic():
        user = User.objects.select_for_update().filter(username=username).first()
        if user is None:
            raise ScorecardError(f'there is no person with the user name "{username}"')
        if user.is_active == active:
            state = "active: they can sign in" if active else "deactivated already"
            raise ScorecardError(f"{username} is {state}; nothing changed")
        if not active:
            _keep_an_administrator(user)
        user.is_active = active
        user.save(update_fields=["is_active"])
        action = PersonAction.REACTIVATED if active else PersonAction.DEACTIVATED
        _record(user, action, by=by, at=at, through=through, reason=reason)
    return user


def _keep_an_administrator(user: User) -> None:
    """Refuse to deactivate the last administrator of a plan who can sign in."""
    held = list(
        PlanRole.objects.select_for_update()
        .filter(role=Role.ADMINISTRATOR.value)
        .select_related("user", "plan")
    )
    mine = {r.plan.plan_id for r in held if r.user_id == user.pk}
    others = {r.plan.plan_id for r in held if _another_who_signs_in(r, user)}
    alone = sorted(mine - others)
    if alone:
        raise LastAdministratorError(
            f"{user.get_username()} is the last administrator who can sign in of plan "
            f"{', '.join(alone)}: give someone else the administrator role first, so that "
            "someone can still manage the plan"
        )


def _another_who_signs_in(held: PlanRole, user: User) -> bool:
    """Whether a role is held by someone other than `user` who can sign in (a deactivated
    administrator cannot manage the plan)."""
    return held.user_id != user.pk and held.user.is_active


def _record(
    user: User, action: PersonAction, *, by: str, at: dt.datetime, through: str, reason: str = ""
) -> None:
    PersonEvent.objects.create(
        username=user.get_username(),
        action=action,
        name=user.get_full_name(),
        email=user.email,
        by=by,
        at=at,
        through=through,
        reason=reason,
    )


def grant(
    *,
    plan_id: str,
    username: str,
    role: Role,
    metrics: tuple[str, ...] = (),
    organisation: str = "",
    by: str,
    at: dt.datetime,
    reason: str,
) -> PlanRole:
    """Give a person a role in a plan (or change the metrics of a role they hold)."""
    plan = current_plan(plan_id)
    user = _person(username)
    problems = []
    unknown = [m for m in metrics if m not in {metric.id for metric in plan.metrics}]
    if unknown:
        problems.append(f"plan {plan_id} has no metric {', '.join(unknown)}")
    if role is Role.DATA_OWNER and not metrics:
        problems.append("a data owner owns named metrics: give at least one with --metric")
    if role is not Role.DATA_OWNER and metrics:
        problems.append(f"only a data owner owns metrics, not {rules.ROLE_WORDS[role]}")
    partners = [p.id for p in plan.partners]
    if organisation and organisation not in partners:
        problems.append(
            f'organisation "{organisation}" is not one of the plan\'s partners '
            f"({', '.join(partners) or 'none'})"
        )
    if problems:
        raise ScorecardError("; ".join(problems))
    stored_plan = catalogue.Plan.objects.get(plan_id=plan_id)
    with transaction.atomic():
        found = PlanRole.objects.filter(user=user, plan=stored_plan, role=role.value).first()
        if rules.changes_nothing(found, role, metrics, organisation):
            raise ScorecardError(already_held(username, role, plan_id, found))
        before = _snapshot(found)
        if found is None:
            found = PlanRole(user=user, plan=stored_plan, role=role.value)
        found.metrics = sorted(set(metrics))
        found.organisation = organisation
        found.save()
        RoleChange.objects.create(
            plan=stored_plan,
            username=user.get_username(),
            role=role.value,
            before=before,
            after=_snapshot(found),
            changed_by=by,
            changed_at=at,
            reason=reason,
        )
    return found


def already_held(username: str, role: Role, plan_id: str, held: PlanRole | None) -> str:
    """Why a grant that would change nothing is refused (as on the People page)."""
    if role is Role.DATA_OWNER and held is not None:
        organisation = f" for {held.organisation}" if held.organisation else ""
        return (
            f"{username} is already the data owner of {', '.join(held.metrics)}{organisation} "
            f"in plan {plan_id}: name other metrics or another organisation to change theirs"
        )
    return f"{username} is already {rules.ROLE_WORDS[role]} in plan {plan_id}: nothing changed"


class LastAdministratorError(ScorecardError):
    """Taking this role away would leave the plan with no administrator."""


def last_administrator(username: str, plan_id: str) -> str:
    return (
        f"{username} is the last administrator of plan {plan_id}: give someone else the "
        "administrator role first, so that someone can still manage the plan"
    )


def revoke(
    *, plan_id: str, username: str, role: Role, by: str, at: dt.datetime, reason: str
) -> None:
    """Take a role away; never a plan's last administrator's, so someone can always manage it."""
    user = _person(username)
    with transaction.atomic():
        held = list(
            PlanRole.objects.select_for_update()
            .filter(plan__plan_id=plan_id, role=role.value)
            .select_related("user")
        )
        found = next((r for r in held if r.user_id == user.pk), None)
        if found is None:
            raise ScorecardError(
                f'"{username}" does not have the role {role.value} in plan {plan_id}'
            )
        others = [r for r in held if _another_who_signs_in(r, user)]
        if role is Role.ADMINISTRATOR and not others:
            raise LastAdministratorError(last_administrator(username, plan_id))
        RoleChange.objects.create(
            plan=found.plan,
            username=username,
            role=role.value,
            before=_snapshot(found),
            after=None,
            changed_by=by,
            changed_at=at,
            reason=reason,
        )
        found.delete()


def lower_first(sentence: str) -> str:
    """A message for the command line, which begins "error: …"."""
    return sentence[:1].lower() + sentence[1:]


def _person(username: str) -> User:
    found = User.objects.filter(username=username).first()
    if found is None:
        raise ScorecardError(f'there is no person with the user name "{username}"')
    return found


def _snapshot(role: PlanRole | None) -> dict[str, object] | None:
    if role is None:
        return None
    return {"role": role.role, "metrics": list(role.metrics), "organisation": role.organisation}
