"""The administrator's forms for people and roles: what was sent, and every problem with it, one
message at each field, in words an administrator can act on (docs/collection.md)."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import User
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.http import QueryDict

from scorecard.domain.catalogue import Plan
from scorecard.domain.signoff import Role
from scorecard.web.accounts.models import PlanRole

EXISTING, NEW = "existing", "new"
REASON_LENGTH = 500
NAME_LENGTH = 150

ROLE_WORDS = {
    Role.VIEWER: "a viewer",
    Role.DATA_OWNER: "a data owner",
    Role.APPROVER: "an approver",
    Role.ADMINISTRATOR: "an administrator",
}


@dataclass(frozen=True)
class GrantForm:
    """The "give a person a role" form as sent (every value stripped)."""

    who: str = ""
    username: str = ""
    new_username: str = ""
    name: str = ""
    email: str = ""
    role: str = ""
    metrics: tuple[str, ...] = ()
    organisation: str = ""
    reason: str = ""

    @classmethod
    def from_post(cls, data: QueryDict) -> GrantForm:
        def text(name: str) -> str:
            return str(data.get(name, "")).strip()

        return cls(
            who=text("who"),
            username=text("username"),
            new_username=text("new_username"),
            name=" ".join(text("name").split()),
            email=text("email"),
            role=text("role"),
            metrics=tuple(dict.fromkeys(m.strip() for m in data.getlist("metrics") if m.strip())),
            organisation=text("organisation"),
            reason=text("reason"),
        )

    @property
    def person(self) -> str:
        """The user name of the person the role is for."""
        return self.new_username if self.who == NEW else self.username

    @property
    def chosen_role(self) -> Role | None:
        return Role(self.role) if self.role in {r.value for r in Role} else None

    @property
    def owned(self) -> tuple[str, ...]:
        """The metrics, for a data owner; other roles own none (boxes left ticked are ignored)."""
        return self.metrics if self.chosen_role is Role.DATA_OWNER else ()


def check_grant(form: GrantForm, plan: Plan) -> dict[str, str]:
    """Every problem with the form, by field id, in the order of the page."""
    errors = _check_person(form)
    role = form.chosen_role
    if role is None:
        errors["role"] = "Choose the role to give"
    errors.update(_check_metrics(form, plan))
    if form.organisation and form.organisation not in {p.id for p in plan.partners}:
        errors["organisation"] = "Choose one of the plan's partners, or none"
    errors.update(check_reason(form.reason, "Say why they get this role, for the role history"))
    if role is not None and form.who == EXISTING and "username" not in errors:
        field, duplicate = _duplicate(form, plan.id, role)
        if duplicate:
            errors.setdefault(field, duplicate)
    return errors


def check_reason(reason: str, missing: str) -> dict[str, str]:
    if not reason:
        return {"reason": missing}
    if len(reason) > REASON_LENGTH:
        return {"reason": f"Write the reason in {REASON_LENGTH} characters or fewer"}
    return {}


def _check_person(form: GrantForm) -> dict[str, str]:
    if form.who == EXISTING:
        if not form.username:
            return {"username": "Enter the person's user name"}
        if not User.objects.filter(username=form.username).exists():
            return {
                "username": f'There is no one with the user name "{form.username}": check it, '
                'or choose "Someone new"'
            }
        return {}
    if form.who == NEW:
        return _check_new_person(form)
    return {"who": "Choose whether the person already has a user name or is someone new"}


def _check_new_person(form: GrantForm) -> dict[str, str]:
    errors = {}
    if not form.new_username:
        errors["new_username"] = "Enter a user name for the new person"
    elif len(form.new_username) > NAME_LENGTH or not _valid_username(form.new_username):
        errors["new_username"] = (
            f"A user name has at most {NAME_LENGTH} letters, digits and the characters @ . + - _"
        )
    elif User.objects.filter(username=form.new_username).exists():
        errors["new_username"] = (
            f'There is already someone with the user name "{form.new_username}": choose '
            '"Someone who already has a user name", or another user name'
        )
    first, _, last = form.name.partition(" ")
    if not form.name:
        errors["name"] = "Enter the person's full name"
    elif len(first) > NAME_LENGTH or len(last) > NAME_LENGTH:
        errors["name"] = f"Enter the full name in {NAME_LENGTH} characters or fewer"
    errors.update(_check_email(form.email))
    return errors


def _valid_username(username: str) -> bool:
    try:
        UnicodeUsernameValidator()(username)
    except ValidationError:
        return False
    return True


def _check_email(email: str) -> dict[str, str]:
    if not email:
        return {"email": "Enter the person's work email address"}
    try:
        validate_email(email)
    except ValidationError:
        return {"email": "Enter an email address in the right form, like name@example.org"}
    holder = User.objects.filter(email__iexact=email).first()
    if holder is not None:
        return {
            "email": f'{holder.username} already has the email address "{email}": choose '
            '"Someone who already has a user name" and enter theirs'
        }
    return {}


def _check_metrics(form: GrantForm, plan: Plan) -> dict[str, str]:
    if form.chosen_role is not Role.DATA_OWNER:
        return {}
    if not form.metrics:
        return {"metrics": "Choose at least one metric the data owner owns"}
    known = {m.id for m in plan.metrics}
    unknown = [m for m in form.metrics if m not in known]
    if unknown:
        return {"metrics": f"The plan has no metric {', '.join(unknown)}: choose from the list"}
    return {}


def _duplicate(form: GrantForm, plan_id: str, role: Role) -> tuple[str, str]:
    """The field and why the grant would change nothing, or "" (a data owner's metrics and
    organisation may be changed by giving the role again)."""
    held = PlanRole.objects.filter(
        plan__plan_id=plan_id, user__username=form.username, role=role.value
    ).first()
    if held is None:
        return "role", ""
    if role is not Role.DATA_OWNER:
        return "role", f"{form.username} is already {ROLE_WORDS[role]} in this plan"
    same = sorted(held.metrics) == sorted(form.metrics) and held.organisation == form.organisation
    if same:
        return "metrics", (
            f"{form.username} is already the data owner of {', '.join(held.metrics)}: choose "
            "other metrics to change theirs"
        )
    return "metrics", ""
