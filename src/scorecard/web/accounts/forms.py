"""The administrator's forms for people and roles: what was sent, and every problem with it, one
message at each field, in words an administrator can act on (docs/collection.md)."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import User
from django.http import QueryDict

from scorecard.domain.catalogue import Plan
from scorecard.domain.signoff import Role
from scorecard.web.accounts import rules
from scorecard.web.accounts.models import PlanRole
from scorecard.web.accounts.rules import REASON_LENGTH, ROLE_WORDS

EXISTING, NEW = "existing", "new"


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
            name=rules.tidy_name(text("name")),
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
    """The same rules as `scorecard users add` (accounts.rules), in the page's words."""
    errors = {}
    username = rules.username_problem(form.new_username)
    if username:
        errors["new_username"] = username
    elif rules.username_taken(form.new_username):
        errors["new_username"] = (
            f'There is already someone with the user name "{form.new_username}": choose '
            '"Someone who already has a user name", or another user name'
        )
    name = rules.name_problem(form.name)
    if name:
        errors["name"] = name
    email = rules.email_problem(form.email)
    holder = "" if email else rules.email_holder(form.email)
    if email:
        errors["email"] = email
    elif holder:
        errors["email"] = (
            f'{holder} already has the email address "{form.email}": choose '
            '"Someone who already has a user name" and enter theirs'
        )
    return errors


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
    if held is None or not rules.changes_nothing(held, role, form.owned, form.organisation):
        return "role", ""
    if role is not Role.DATA_OWNER:
        return "role", f"{form.username} is already {ROLE_WORDS[role]} in this plan"
    return "metrics", (
        f"{form.username} is already the data owner of {', '.join(held.metrics)}: choose "
        "other metrics to change theirs"
    )
